"""The communes of a review, ranked: the dashboard's table, the PDF's per-commune table, the
leading and lagging lists and the award nominations all read `commune_table`.

The points: the mean of the rates a commune has among three, (1) its latest criteria score over
the maximum, (2) its overall satisfaction and (3) its feedback resolution rate, rounded to 0,1
percentage point, as printed. Equal points share a rank and the next rank skips ("1, 1, 3"): a
tie is shown as one, never broken by the communes' names. Where a list is cut (the five leading
communes, the nominations for sixteen awards) and a tie straddles the cut, the whole tie is
listed and marked, and staff choose.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Enrolment, Programme
from communes.selectors.activity import annotate_commune_record
from communes.selectors.criteria import annotate_latest_score
from dialogues.selectors import indicators_by_commune
from surveys.selectors import annotate_survey_counts

from .scope import nests_under_current

#: How the points are computed and ranked, printed beside every ranking (dashboard, PDF, awards).
RANKING_FORMULA = _(
    "Điểm xếp hạng = trung bình cộng của các tỷ lệ mà xã có trong ba tỷ lệ: (1) điểm tự chấm theo "
    "bộ tiêu chí so với điểm tối đa, (2) tỷ lệ hài lòng chung, (3) tỷ lệ giải quyết phản ánh, kiến "
    "nghị; làm tròn đến 0,1 điểm phần trăm. Xã bằng điểm thì đồng hạng (ký hiệu “=”), hạng sau bỏ "
    "qua số chỗ đồng hạng (1, 1, 3); không phân định đồng hạng theo tên. Xã chưa có tỷ lệ nào không "
    "xếp hạng."
)

DISTRICT = AdminUnit.Level.DISTRICT

#: The points are ranked as printed: to 0,1 percentage point.
POINTS_DIGITS = 3

# Counts a 2025 commune's row adds up from its own records and those of the communes merged into it.
SUMMED = ("letters", "ceremonies", "forms", "answered", "satisfied", "dialogues", "resolved", "open_overdue")


def _share(part, whole) -> float | None:
    return part / whole if whole else None


def _row(unit: AdminUnit) -> dict:
    score_share = (
        float(unit.latest_score) / float(unit.latest_score_max)
        if unit.latest_score is not None and unit.latest_score_max
        else None
    )
    return {
        "unit": unit,
        "district": unit.parent.name if unit.parent_id and unit.parent.level == DISTRICT else "",
        "level": unit.enrolment_level,
        "year": unit.enrolment_year,
        "letters": unit.letters,
        "ceremonies": unit.ceremonies,
        "forms": unit.survey_forms,
        "answered": unit.survey_answered,
        "satisfied": unit.survey_satisfied,
        "dialogues": unit.dialogues_held,
        "resolved": unit.resolved,
        "open_overdue": unit.open_overdue,
        "score": unit.latest_score,
        "score_max": unit.latest_score_max,
        "score_share": score_share,
        "score_of_predecessors": False,
        "children": [],
        "shown": [],
        "quiet": [],
        "own": False,
        "split_into": [],
        "rank": None,
        "rank_label": "",
        "tied": False,
    }


def _add_up(parent: dict, children: list[dict]) -> None:
    """A 2025 commune's row holds its own records and those of the communes merged into it; its
    criteria score is its own latest one, else the mean of theirs."""
    for name in SUMMED:
        parent[name] += sum(child[name] for child in children)
    if parent["score_share"] is None:
        shares = [child["score_share"] for child in children if child["score_share"] is not None]
        if shares:
            parent["score_share"] = sum(shares) / len(shares)
            parent["score_of_predecessors"] = True
    if parent["level"] is None:
        enrolled = [child for child in children if child["level"]]
        if enrolled:
            first = min(enrolled, key=lambda child: child["year"] or 0)
            parent["level"], parent["year"] = first["level"], first["year"]


def _finish(row: dict) -> None:
    row["level_label"] = Enrolment.Level(row["level"]).label if row["level"] else ""
    row["satisfaction"] = _share(row["satisfied"], row["answered"])
    row["resolution_rate"] = _share(row["resolved"], row["resolved"] + row["open_overdue"])
    parts = [p for p in (row["score_share"], row["satisfaction"], row["resolution_rate"]) if p is not None]
    row["points"] = round(sum(parts) / len(parts), POINTS_DIGITS) if parts else None


def _has_data(row: dict) -> bool:
    return any(row[name] for name in SUMMED) or row["score_share"] is not None


def _split_quiet(parent: dict) -> None:
    """The nested rows with a record in the period (`shown`) and those without (`quiet`), which
    the dashboard and the PDF name on one line instead of a row of zeros each."""
    parent["shown"] = [child for child in parent["children"] if _has_data(child)]
    parent["quiet"] = [child for child in parent["children"] if not _has_data(child)]


def rank_rows(rows: list[dict]) -> list[dict]:
    """Best points first, competition ranks ("1, 1, 3"), ties marked; unranked rows last. Within
    a tie the order is only for reading (by name): every tied row carries the same rank."""
    ranked = [r for r in rows if r["points"] is not None]
    ranked.sort(key=lambda r: (-r["points"], r["unit"].name))
    sizes: dict[float, int] = defaultdict(int)
    for row in ranked:
        sizes[row["points"]] += 1
    for index, row in enumerate(ranked):
        same = index and ranked[index - 1]["points"] == row["points"]
        row["rank"] = ranked[index - 1]["rank"] if same else index + 1
        row["tied"] = sizes[row["points"]] > 1
        row["rank_label"] = f"{row['rank']}=" if row["tied"] else str(row["rank"])
    return ranked + [r for r in rows if r["points"] is None]


def commune_table(
    *,
    programme: Programme,
    communes: QuerySet[AdminUnit],
    start: datetime.date,
    end: datetime.date,
    unit: AdminUnit | None = None,
) -> list[dict]:
    """Every commune of the review with its figures over the period, ranked: one query.

    Listed as the 2025 communes, each with the legacy communes merged into it nested under it
    (`children`, and its own records since the reform as a first child), when `unit` (the scope)
    is a 2025 unit or the period ends after the reform; as the legacy communes otherwise. A 2025
    commune's row adds up its children's counts (sums in the rows the query returns, so the nested
    rows visibly add up to it). A legacy commune split in 2025 counts toward its default successor
    and names the others (`split_into`)."""
    nested = nests_under_current(unit=unit, end=end) if unit is not None else end >= REFORM_DAY
    enrolment = Enrolment.objects.filter(programme=programme, commune=OuterRef("pk")).exclude(
        status=Enrolment.Status.WITHDRAWN
    )
    queryset = indicators_by_commune(communes=communes, start=start, end=end)
    queryset = annotate_commune_record(queryset, start=start, end=end)
    queryset = annotate_survey_counts(queryset, month_from=start, month_to=end)
    queryset = annotate_latest_score(queryset, programme=programme)
    queryset = queryset.annotate(
        enrolment_level=enrolment.values("level")[:1],
        enrolment_year=enrolment.values("selected_on__year")[:1],
    ).select_related("parent")
    units = list(queryset.order_by("parent__name", "name"))
    split = _split_successors([u.pk for u in units if u.era == AdminUnit.Era.LEGACY]) if nested else {}
    rows = []
    if nested:
        current = {u.pk: _row(u) for u in units if u.is_current}
        for legacy in (u for u in units if not u.is_current):
            child = _row(legacy)
            child["split_into"] = split.get(legacy.pk, [])
            _finish(child)
            parent = current.get(legacy.successor_id)
            if parent is None:  # its successor is outside the scope: listed on its own
                rows.append(child)
            else:
                parent["children"].append(child)
        for parent in current.values():
            if parent["children"]:
                own = _row(parent["unit"])
                own["own"] = True
                _finish(own)
                if end >= REFORM_DAY:
                    parent["children"].insert(0, own)
                _add_up(parent, [c for c in parent["children"] if not c["own"]])
            _finish(parent)
            _split_quiet(parent)
            rows.append(parent)
    else:
        for legacy in (u for u in units if not u.is_current):
            row = _row(legacy)
            _finish(row)
            rows.append(row)
    return rank_rows(rows)


def _split_successors(legacy_ids: list[int]) -> dict[int, list[AdminUnit]]:
    """The other 2025 communes each split legacy commune handed land to (one query)."""
    if not legacy_ids:
        return {}
    through = AdminUnit.other_successors.through
    links = through.objects.filter(from_adminunit_id__in=legacy_ids).select_related("to_adminunit")
    split: dict[int, list[AdminUnit]] = defaultdict(list)
    for link in links.order_by("to_adminunit__name"):
        split[link.from_adminunit_id].append(link.to_adminunit)
    return dict(split)


def flatten(table: list[dict]):
    """The table's rows with the nested rows after their 2025 commune (exports)."""
    for row in table:
        yield row
        for child in row["children"]:
            yield {**child, "within": row["unit"]}


def split_rows(table: list[dict]) -> list[dict]:
    """The rows of legacy communes split in 2025 (the footnote beside the table)."""
    return [row for row in flatten(table) if row["split_into"]]


# --- Cuts -------------------------------------------------------------------------------------------


@dataclass
class Cut:
    """The rows within a cut of `size`, a tie at the cut kept whole: `sure` fit within the cut
    whatever staff decide, `tied` share the rank that straddles it (all of them listed, and
    `places` of them fit)."""

    size: int
    sure: list[dict] = field(default_factory=list)
    tied: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return self.sure + self.tied

    @property
    def places(self) -> int:
        return max(self.size - len(self.sure), 0)

    def __bool__(self) -> bool:
        return bool(self.sure or self.tied)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def cut(rows: list[dict], *, size: int) -> Cut:
    """The first `size` of ranked `rows` (best first), the tie at the cut kept whole."""
    result = Cut(size=size)
    if size <= 0:
        return result
    within = [row for row in rows if row["rank"] is not None and row["rank"] <= size]
    if not within:
        return result
    last_rank = within[-1]["rank"]
    group = [row for row in rows if row["rank"] == last_rank]
    if last_rank + len(group) - 1 > size:
        result.sure = [row for row in within if row["rank"] < last_rank]
        result.tied = group
    else:
        result.sure = within
    return result


def leading_and_lagging(table: list[dict], *, size: int = 5) -> tuple[Cut, Cut]:
    """The leading and lagging communes: the first and last `size` ranked ones (at most half of
    them each), ties at either cut kept whole and marked; a commune is never in both lists."""
    ranked = [row for row in table if row["rank"] is not None]
    size = min(size, len(ranked) // 2)
    leading = cut(ranked, size=size)
    taken = {id(row) for row in leading.rows}
    # From the bottom: the same competition ranking counted from the last commune.
    worse = {id(row): sum(1 for other in ranked if other["points"] < row["points"]) for row in ranked}
    bottom = [{"rank": worse[id(row)] + 1, "row": row} for row in reversed(ranked)]
    from_bottom = cut(bottom, size=size)
    lagging = Cut(size=size)
    lagging.sure = [item["row"] for item in from_bottom.sure if id(item["row"]) not in taken]
    lagging.tied = [item["row"] for item in from_bottom.tied if id(item["row"]) not in taken]
    return leading, lagging
