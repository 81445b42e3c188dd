"""Reads of administrative units: the search behind every unit picker (citizens' pages, the public
API, the admin's autocompletes), the labels of its results, and the commune that serves a
dissolved one today."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from typing import NamedTuple

from django.db.models import Case, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from ..models import AdminUnit, UnitSearchEntry, User, fold
from ..scope import scope_queryset

CURRENT, LEGACY = AdminUnit.Era.CURRENT, AdminUnit.Era.LEGACY
# A query is a few words; more would only make the statement longer.
MAX_WORDS = 8
# Predecessors named in a result's "trước đây: ..." before "và N đơn vị khác".
NAMED_PREDECESSORS = 3


def search_words(q: str) -> list[str]:
    """The words of a query as the names are stored: lower case, without diacritics or
    punctuation ("Xã Hòa Bình, Hưng Hà" -> xa, hoa, binh, hung, ha)."""
    return re.findall(r"[a-z0-9]+", fold(q))[:MAX_WORDS]


def _word_in(field: str, word: str) -> Q:
    """`word` in the folded text in `field` (its entries have a space at each end); a word of one
    or two letters ("an", "1") only at the start of a word, or it would be in almost every name."""
    return Q(**{f"{field}__contains": f" {word}" if len(word) <= 2 else word})


def _name_score(word: str):
    """2 when `word` is a whole word of an entry's name, 1 when it is in it, 0 otherwise."""
    return Case(
        When(search_entries__name__contains=f" {word} ", then=Value(2)),
        When(_word_in("search_entries__name", word), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _line_score(word: str):
    """200 when `word` (in the entry, as the filter made sure) is a whole word of it, else 100."""
    return Case(
        When(search_entries__line__contains=f" {word} ", then=Value(200)),
        default=Value(100),
        output_field=IntegerField(),
    )


def unit_search(
    *,
    queryset: QuerySet[AdminUnit] | None = None,
    q: str = "",
    level: str = "",
    current: bool | None = None,
    parent_id: int | None = None,
) -> QuerySet[AdminUnit]:
    """Administrative units matching a name typed with or without diacritics, its words in any
    order ("tien duc" finds "Tiến Đức"). A word may be in the unit's name or its parents'
    ("hoa binh hung ha": Hòa Bình of Hưng Hà district), and a 2025 unit is also found by the
    names of the units it took over ("tien duc" finds Long Hưng, which took over Tiến Đức): all
    the words in one of its `UnitSearchEntry` rows.

    Best matches first: whole words before parts of words, then the more words in the name
    itself (the unit's, or the one it took over), then a 2025 unit before a legacy one, found by
    its own name before by a predecessor's, a province before a district before a commune. One
    statement (the entries, through their trigram index, joined to the units and grouped)."""
    units = queryset if queryset is not None else AdminUnit.objects.all()
    if level:
        units = units.filter(level=level)
    if current is not None:
        units = units.filter(era=CURRENT if current else LEGACY)
    if parent_id:
        units = units.filter(parent_id=parent_id)
    units = units.select_related("parent__parent", "successor")
    words = search_words(q)
    if not words:
        return units.order_by("era", "level", "code", "name")
    # One filter() call: every word in the SAME entry; the annotations below reuse its join.
    units = units.filter(*[_word_in("search_entries__line", word) for word in words])
    own_name = Case(When(search_entries__via__isnull=True, then=Value(1)), default=Value(0))
    return units.annotate(
        score=Max(sum(_line_score(word) + _name_score(word) for word in words)),
        by_own_name=Max(own_name, output_field=IntegerField()),
    ).order_by("-score", "era", "-by_own_name", "-level", "name", "pk")  # -level: province first


def unit_list_for(*, user: User, **filters) -> QuerySet[AdminUnit]:
    """The units in the user's scope, filtered like `unit_search`."""
    return unit_search(queryset=scope_queryset(AdminUnit.objects.all(), user=user, via=""), **filters)


# --- Labels ------------------------------------------------------------------------------------


def unit_label(unit: AdminUnit) -> str:
    """ "Xã Long Hưng, Tỉnh Hưng Yên": the name and its parents' (loaded with the unit)."""
    names = [unit.name]
    parent = unit.parent
    while parent is not None and len(names) < 3:
        names.append(parent.name)
        parent = parent.parent if "parent" in parent._state.fields_cache else None
    return ", ".join(names)


class _Predecessor(NamedTuple):
    """A unit a 2025 unit took over, as its label needs it (read as values: no model objects)."""

    pk: int
    name: str
    search_name: str
    district: str  # its parent's name ("" for a province)
    district_search_name: str
    partial: bool  # a split commune that went only partly to the unit

    def relevance(self, words: list[str], first: int | None) -> tuple[bool, int]:
        """Whether it is the one the citizen came from, and how well `words` describe it (two
        points a word in its name, one more when all are in its name and its district's)."""
        if not words:
            return self.pk == first, 0
        name = f" {self.search_name} "
        line = f"{name}{self.district_search_name} "
        in_name = sum(_word_in_text(name, word) for word in words)
        return self.pk == first, 2 * in_name + all(_word_in_text(line, word) for word in words)


def _formerly(named: list[_Predecessor], *, total: int) -> str:
    """ "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác": a few of the unit's `total`
    predecessors, each run of the same district named once after its communes; one that went
    only partly to the unit (a split commune) marked so."""
    if not named:
        return ""
    shown = named[:NAMED_PREDECESSORS]
    parts = []
    for district, run in groupby(shown, key=lambda unit: unit.district):
        names = [unit.name + (" " + _("(một phần)") if unit.partial else "") for unit in run]
        parts.append(", ".join(names + ([district] if district else [])))
    text = "; ".join(parts)
    if total > len(shown):
        text = _("%(units)s và %(count)s đơn vị khác") % {"units": text, "count": total - len(shown)}
    return _("trước đây: %(units)s") % {"units": text}


def units_labelled(units: Iterable[AdminUnit], *, q: str = "", first: int | None = None) -> list[AdminUnit]:
    """The units, each given `label` ("Xã Long Hưng, Tỉnh Hưng Yên"), `formerly` (for a 2025
    unit, "trước đây: Xã Tiến Đức, Huyện Hưng Hà; ...": the predecessor `first` and those matching
    `q` if any, else the first few; "" for a legacy unit), `found_via` (the id of the predecessor
    that best matches `q`, or None) and `others` (for a legacy commune split in 2025, the units
    other than `successor` that took part of it; [] otherwise). One query,
    whatever the number of units (the search entries hold every link between the eras). Units
    come with their parents (`unit_search` loads them)."""
    units = list(units)
    words = search_words(q)
    current = [u.pk for u in units if u.era == CURRENT]
    legacy = [u.pk for u in units if u.era == LEGACY]
    predecessors: dict[int, list[_Predecessor]] = {pk: [] for pk in current}
    others: dict[int, list[AdminUnit]] = {pk: [] for pk in legacy}
    if units:
        links = UnitSearchEntry.objects.filter(
            Q(unit_id__in=current, via__isnull=False) | Q(via_id__in=legacy, partial=True)
        ).values_list(
            "unit_id",
            "unit__code",
            "unit__name",
            "unit__level",
            "unit__era",
            "via_id",
            "via__name",
            "via__search_name",
            "via__parent__name",
            "via__parent__search_name",
            "partial",
        )
        for unit_id, code, name, level, era, via_id, *via, partial in links:
            if unit_id in predecessors:
                predecessors[unit_id].append(_Predecessor(via_id, *(text or "" for text in via), partial))
            if partial and via_id in others:
                others[via_id].append(AdminUnit(pk=unit_id, code=code, name=name, level=level, era=era))
    for unit in units:
        unit.label = unit_label(unit)
        found = predecessors.get(unit.pk, [])
        relevance = {p.pk: p.relevance(words, first) for p in found}
        found.sort(key=lambda p: (not relevance[p.pk][0], -relevance[p.pk][1], p.partial, p.district, p.name))
        # Searched by former names (or sent from one): those only, then how many others.
        matched = [p for p in found if any(relevance[p.pk])]
        unit.formerly = _formerly(matched or found, total=len(found))
        unit.found_via = matched[0].pk if matched else None
        unit.others = sorted(others.get(unit.pk, []), key=lambda other: other.name)
    return units


def _word_in_text(text: str, word: str) -> bool:
    """`_word_in`, in Python, for a text already read."""
    return (f" {word}" if len(word) <= 2 else word) in text


# --- The commune in force ----------------------------------------------------------------------

# Commune id -> the id of the commune whose public pages serve it today. The 2025 reform fixed
# the mapping, so the citizens' pages (the hot path of every survey) read it once per process.
_IN_FORCE: dict[int, int] = {}


def commune_in_force_id(pk: int) -> int | None:
    """The commune whose public pages serve commune `pk` today: `pk` itself for a 2025 commune,
    the commune that took it over for one the reform dissolved (its default one if it was split);
    None when `pk` is no commune."""
    if pk not in _IN_FORCE:
        row = (
            AdminUnit.objects.filter(pk=pk, level=AdminUnit.Level.COMMUNE)
            .values_list("era", "successor_id")
            .first()
        )
        if row is None:
            return None
        era, successor_id = row
        if len(_IN_FORCE) > 100_000:
            _IN_FORCE.clear()
        _IN_FORCE[pk] = successor_id if era == LEGACY and successor_id else pk
    return _IN_FORCE[pk]


def handed_over(*, commune: AdminUnit, old_pk: str) -> AdminUnit | None:
    """The legacy commune `old_pk` (as it came in an address) if `commune` took it over, with
    `others`: the other communes that took part of it (split in 2025); None otherwise."""
    if not old_pk.isdecimal():
        return None
    through = AdminUnit.other_successors.through
    old = (
        AdminUnit.objects.filter(pk=int(old_pk), era=LEGACY, level=AdminUnit.Level.COMMUNE)
        .filter(
            Q(successor=commune)
            | Exists(through.objects.filter(from_adminunit=OuterRef("pk"), to_adminunit=commune))
        )
        .select_related("parent")
        .first()
    )
    if old is None:
        return None
    old.others = list(old.other_successors.exclude(pk=commune.pk).order_by("name"))
    return old
