"""Loading the administrative units of both eras."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q

from ..models import AdminUnit, UnitSearchEntry, fold

_PROVINCE_TYPES = {"Thành phố": AdminUnit.Type.CITY, "Tỉnh": AdminUnit.Type.PROVINCE}
_DISTRICT_TYPES = {
    "Huyện": AdminUnit.Type.RURAL_DISTRICT,
    "Quận": AdminUnit.Type.URBAN_DISTRICT,
    "Thị xã": AdminUnit.Type.TOWN,
    "Thành phố": AdminUnit.Type.PROVINCIAL_CITY,
}
_COMMUNE_TYPES = {
    "Xã": AdminUnit.Type.COMMUNE,
    "Phường": AdminUnit.Type.WARD,
    "Thị trấn": AdminUnit.Type.TOWNSHIP,
    "Đặc khu": AdminUnit.Type.SPECIAL_ZONE,
}
_UNIT_FIELDS = ("unit_type", "name", "short_name", "search_name")


@dataclass
class UnitLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    mapped: int = 0
    split: int = 0
    unmapped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.mapped} legacy units mapped to a successor, {len(self.unmapped)} without one; "
            f"{self.split} split between several"
        )


def _province_type(name: str) -> str:
    return _PROVINCE_TYPES["Thành phố" if name.startswith("Thành phố") else "Tỉnh"]


def _read_package() -> tuple[list[dict], list[dict], dict]:
    """Rows of both lists and the old-to-new converter data of `vietnamadminunits`."""
    import vietnamadminunits
    from vietnamadminunits.database import query

    current = query(
        "SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, ward, wardShort, "
        "wardType, wardCode, wardKey FROM admin_units"
    )
    legacy = query(
        "SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, district, "
        "districtShort, districtType, districtCode, districtKey, ward, wardShort, wardType, "
        "wardCode, wardKey FROM admin_units_legacy"
    )
    converter_path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    converter = json.loads(converter_path.read_text(encoding="utf-8"))
    return current, legacy, converter


def _sync(wanted: dict[tuple, dict], result: UnitLoadResult) -> dict[tuple, int]:
    """Create or update the units in `wanted` (keyed by era, level, code); returns their pks."""
    keys = {(era, level) for era, level, _code in wanted}
    existing = {}
    for era, level in keys:
        for unit in AdminUnit.objects.filter(era=era, level=level).exclude(code=""):
            existing[(unit.era, unit.level, unit.code)] = unit
    to_create, to_update = [], []
    for key, values in wanted.items():
        unit = existing.get(key)
        if unit is None:
            era, level, code = key
            to_create.append(AdminUnit(era=era, level=level, code=code, **values))
        elif any(getattr(unit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(unit, name, value)
            to_update.append(unit)
        else:
            result.unchanged += 1
    AdminUnit.objects.bulk_create(to_create, batch_size=2000)
    AdminUnit.objects.bulk_update(to_update, list(_UNIT_FIELDS) + ["parent"], batch_size=2000)
    result.created += len(to_create)
    result.updated += len(to_update)
    pks = {key: unit.pk for key, unit in existing.items()}
    pks.update({(u.era, u.level, u.code): u.pk for u in to_create})
    return pks


@transaction.atomic
def units_load_from_package() -> UnitLoadResult:
    """Load, or bring up to date, the whole country in both eras from `vietnamadminunits`:
    34 provinces and 3,321 communes today; 63 provinces, their districts and communes before
    1 July 2025, each legacy unit mapped to its successor. Idempotent: a second run changes
    nothing. Bulk statements only, so it takes seconds."""
    current_rows, legacy_rows, converter = _read_package()
    result = UnitLoadResult()
    CUR, OLD = AdminUnit.Era.CURRENT, AdminUnit.Era.LEGACY
    PROV, DIST, COMM = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE

    def unit_values(unit_type, name, short, parent=None):
        values = {"unit_type": unit_type, "name": name, "short_name": short, "search_name": fold(name)}
        if parent is not None:
            values["parent_id"] = parent
        return values

    # Provinces of both eras first: everything else hangs from them.
    wanted = {}
    for row in current_rows:
        wanted[(CUR, PROV, row["provinceCode"])] = unit_values(
            _province_type(row["province"]), row["province"], row["provinceShort"]
        )
    for row in legacy_rows:
        wanted[(OLD, PROV, row["provinceCode"])] = unit_values(
            _province_type(row["province"]), row["province"], row["provinceShort"]
        )
    pks = _sync(wanted, result)

    wanted = {}
    for row in legacy_rows:
        wanted[(OLD, DIST, row["districtCode"])] = unit_values(
            _DISTRICT_TYPES[row["districtType"]],
            row["district"],
            row["districtShort"],
            parent=pks[(OLD, PROV, row["provinceCode"])],
        )
    pks.update(_sync(wanted, result))

    wanted = {}
    for row in current_rows:
        wanted[(CUR, COMM, row["wardCode"])] = unit_values(
            _COMMUNE_TYPES[row["wardType"]],
            row["ward"],
            row["wardShort"],
            parent=pks[(CUR, PROV, row["provinceCode"])],
        )
    for row in legacy_rows:
        if not row["wardCode"]:
            continue  # island districts without communes (Bạch Long Vĩ, Côn Đảo, ...)
        wanted[(OLD, COMM, row["wardCode"])] = unit_values(
            _COMMUNE_TYPES[row["wardType"]],
            row["ward"],
            row["wardShort"],
            parent=pks[(OLD, DIST, row["districtCode"])],
        )
    pks.update(_sync(wanted, result))

    _link_eras(current_rows, legacy_rows, converter, pks, result)
    search_entries_sync()
    if connection.vendor == "postgresql":
        _tidy_after_bulk_load()
    return result


# The trigram index of the search entries (PostgreSQL), made by migration 0006.
SEARCH_INDEX = "communes_unitsearchentry_line_trgm"


def _tidy_after_bulk_load() -> None:
    """PostgreSQL, after a bulk load: move the rows waiting in the trigram index's pending list
    into the index (one merge, where inserting each row into it would triple the load), and
    refresh the statistics. Otherwise the planner, seeing a long pending list or empty tables,
    scans every entry until autovacuum passes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SEARCH_INDEX])
        if cursor.fetchone()[0]:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
        cursor.execute(f"ANALYZE {AdminUnit._meta.db_table}, {UnitSearchEntry._meta.db_table}")


def _link_eras(current_rows, legacy_rows, converter, pks, result: UnitLoadResult) -> None:
    """Set `successor` of each legacy unit and `current_province` of every unit."""
    CUR, OLD = AdminUnit.Era.CURRENT, AdminUnit.Era.LEGACY
    PROV, DIST, COMM = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE

    new_province_pk = {row["provinceKey"]: pks[(CUR, PROV, row["provinceCode"])] for row in current_rows}
    new_ward_pk = {
        (row["provinceKey"], row["wardKey"]): pks[(CUR, COMM, row["wardCode"])] for row in current_rows
    }
    old_to_new_province = {
        old_key: new_key for new_key, old_keys in converter["DICT_PROVINCE"].items() for old_key in old_keys
    }
    # "province_district_ward" key of a legacy commune -> the key of the new one in its province.
    old_to_new_ward: dict[str, tuple[str, str]] = {}
    for new_prov, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                old_to_new_ward[old_key] = (new_prov, new_ward)
    # A commune split between several new ones goes to the one the converter names the default;
    # the others are kept too (`other_successors`), so pages can name them.
    old_to_other_wards: dict[str, list[tuple[str, str]]] = {}
    for new_prov, old_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, candidates in old_wards.items():
            default = next((c for c in candidates if c["isDefaultNewWard"]), None)
            if default and old_key not in old_to_new_ward:
                old_to_new_ward[old_key] = (new_prov, default["newWardKey"])
                old_to_other_wards[old_key] = [
                    (new_prov, c["newWardKey"]) for c in candidates if c is not default
                ]

    links: dict[int, tuple[int | None, int | None]] = {}  # pk -> (successor, current_province)
    others: set[tuple[int, int]] = set()  # (legacy commune, another current commune it went to)
    for row in current_rows:
        province_pk = new_province_pk[row["provinceKey"]]
        links[province_pk] = (None, province_pk)
        links[pks[(CUR, COMM, row["wardCode"])]] = (None, province_pk)
    for row in legacy_rows:
        new_prov_key = old_to_new_province.get(row["provinceKey"])
        province_pk = new_province_pk.get(new_prov_key)
        links[pks[(OLD, PROV, row["provinceCode"])]] = (province_pk, province_pk)
        district_key = f"{row['provinceKey']}_{row['districtKey']}_"
        island = old_to_new_ward.get(district_key)
        district_successor = new_ward_pk.get(island) if island else None
        links[pks[(OLD, DIST, row["districtCode"])]] = (district_successor, province_pk)
        if not row["wardCode"]:
            continue
        old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
        target = old_to_new_ward.get(old_key)
        successor = new_ward_pk.get(target) if target else None
        if successor is None:
            result.unmapped.append(f"{row['ward']}, {row['district']}, {row['province']}")
        else:
            result.mapped += 1
        links[pks[(OLD, COMM, row["wardCode"])]] = (successor, province_pk)
        for target in old_to_other_wards.get(old_key, ()):
            if (other := new_ward_pk.get(target)) is not None:
                others.add((pks[(OLD, COMM, row["wardCode"])], other))

    changed = []
    for unit in AdminUnit.objects.filter(pk__in=links.keys()).only(
        "pk", "successor_id", "current_province_id"
    ):
        successor, province = links[unit.pk]
        if (unit.successor_id, unit.current_province_id) != (successor, province):
            unit.successor_id, unit.current_province_id = successor, province
            changed.append(unit)
    AdminUnit.objects.bulk_update(changed, ["successor", "current_province"], batch_size=2000)
    _sync_other_successors(others)
    result.split = len({legacy for legacy, _other in others})


def _sync_other_successors(wanted: set[tuple[int, int]]) -> None:
    """Make the `other_successors` of the package's legacy units (those with a code) exactly
    `wanted`."""
    through = AdminUnit.other_successors.through
    rows = (
        through.objects.filter(from_adminunit__era=AdminUnit.Era.LEGACY)
        .exclude(from_adminunit__code="")
        .values_list("pk", "from_adminunit_id", "to_adminunit_id")
    )
    existing = {(legacy, other): pk for pk, legacy, other in rows}
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    if stale:
        through.objects.filter(pk__in=stale).delete()
    through.objects.bulk_create(
        [
            through(from_adminunit_id=legacy, to_adminunit_id=other)
            for legacy, other in wanted - existing.keys()
        ],
        batch_size=2000,
    )


def search_entries_sync(*, owners: Iterable[int] | None = None) -> None:
    """Bring the search entries (`UnitSearchEntry`) of the units `owners` (None: every unit) in
    line with the units: each unit's own name with its parents', and for a 2025 unit each unit it
    took over, whole or in part. Writes only what differs, so a second run writes nothing."""
    units = AdminUnit.objects.all()
    entries = UnitSearchEntry.objects.all()
    through = AdminUnit.other_successors.through
    parts = through.objects.all()
    if owners is not None:
        owners = set(owners)
        units = units.filter(
            Q(pk__in=owners)
            | Q(successor_id__in=owners)
            | Q(pk__in=through.objects.filter(to_adminunit_id__in=owners).values("from_adminunit_id"))
        )
        entries = entries.filter(unit_id__in=owners)
        parts = parts.filter(to_adminunit_id__in=owners)
    rows = units.values_list(
        "pk", "search_name", "successor_id", "parent__search_name", "parent__parent__search_name"
    )
    names, lines, successors = {}, {}, {}
    for pk, name, successor_id, parent, grandparent in rows:
        names[pk] = f" {name} "
        lines[pk] = " ".join(part for part in (name, parent, grandparent) if part)
        if successor_id:
            successors[pk] = successor_id
    wanted: dict[tuple[int, int | None], tuple[bool, str, str]] = {}
    for pk in lines:
        if owners is None or pk in owners:
            wanted[(pk, None)] = (False, names[pk], f" {lines[pk]} ")
    links = [(old, new, False) for old, new in successors.items()]
    links += [(old, new, True) for old, new in parts.values_list("from_adminunit_id", "to_adminunit_id")]
    for old, new, partial in links:
        if new in lines and (owners is None or new in owners):
            wanted[(new, old)] = (partial, names[old], f" {lines[old]} {lines[new]} ")
    stale = []
    for pk, unit_id, via_id, partial, name, line in entries.values_list(
        "pk", "unit_id", "via_id", "partial", "name", "line"
    ):
        if wanted.get((unit_id, via_id)) == (partial, name, line):
            del wanted[(unit_id, via_id)]
        else:
            stale.append(pk)
    if stale:
        UnitSearchEntry.objects.filter(pk__in=stale).delete()
    UnitSearchEntry.objects.bulk_create(
        [
            UnitSearchEntry(unit_id=unit_id, via_id=via_id, partial=partial, name=name, line=line)
            for (unit_id, via_id), (partial, name, line) in wanted.items()
        ],
        batch_size=2000,
    )


def historic_commune_ensure(
    *, district: AdminUnit, name: str, short_name: str, merged_into: AdminUnit, note: str
) -> AdminUnit:
    """A commune dissolved before the published pre-2025 list (so without an official code in
    it), kept because a programme enrolled it. It inherits the scope of the unit it merged into."""
    unit, _created = AdminUnit.objects.update_or_create(
        era=AdminUnit.Era.LEGACY,
        level=AdminUnit.Level.COMMUNE,
        parent=district,
        name=name,
        defaults={
            "code": "",
            "unit_type": AdminUnit.Type.COMMUNE,
            "short_name": short_name,
            "search_name": fold(name),
            "successor": merged_into.successor,
            "current_province_id": merged_into.current_province_id,
            "note": note,
        },
    )
    search_entries_sync(owners=[pk for pk in (unit.pk, unit.successor_id) if pk])
    return unit
