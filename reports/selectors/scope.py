"""Which communes a review or a dashboard reads, across the reform of 1 July 2025.

A scope unit stands for an area, and the area's records were kept on the units of their day: a
2019 baseline on the legacy communes, today's work on the 2025 ones. So the communes of a scope
are those of both eras:

- a 2025 province: every commune it holds now and every legacy commune it took over (Hưng Yên
  holds former Thái Bình's);
- a 2025 commune: itself and the legacy communes merged into it; a legacy commune split in 2025
  is held by its default successor only (its other successors are named beside it);
- a legacy province or district: its legacy communes and the 2025 communes that took them over,
  so that its programme goes on after the reform (a 2025 commune formed from communes of two
  districts counts in both);
- a legacy commune: itself only (from 01/07/2025 its work is its successor's, with others').

Counts of communes (how many take part, out of how many) are of the communes as they stood at
the end of the period: the legacy ones for a period ending before 01/07/2025, the 2025 ones
after (a 2025 commune takes part when it, or a commune merged into it, is enrolled).
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Programme

COMMUNE = AdminUnit.Level.COMMUNE


def continuing_unit(unit: AdminUnit) -> AdminUnit:
    """The 2025 unit a unit's programmes and reviews continue under: itself when it is one, the
    province (or commune) that took it over, a dissolved district's current province."""
    if unit.is_current:
        return unit
    if unit.level == AdminUnit.Level.DISTRICT:
        return unit.current_province or unit
    return unit.successor or unit.current_province or unit


def era_at(end: datetime.date) -> str:
    """The era of the communes a period ending on `end` is counted in."""
    return AdminUnit.Era.LEGACY if end < REFORM_DAY else AdminUnit.Era.CURRENT


def _area_ids(unit: AdminUnit) -> set[int]:
    communes = AdminUnit.objects.filter(level=COMMUNE)
    if unit.level == COMMUNE:
        if unit.is_current:
            return set(communes.filter(Q(pk=unit.pk) | Q(successor=unit)).values_list("pk", flat=True))
        return {unit.pk}
    if unit.is_current:
        return set(communes.filter(current_province=unit).values_list("pk", flat=True))
    legacy = communes.filter(era=AdminUnit.Era.LEGACY).filter(Q(parent=unit) | Q(parent__parent=unit))
    pairs = list(legacy.values_list("pk", "successor_id"))
    return {pk for pk, _successor in pairs} | {successor for _pk, successor in pairs if successor}


def scope_communes(*, unit: AdminUnit, programme: Programme | None = None) -> QuerySet[AdminUnit]:
    """The communes, of both eras, whose records count for `unit` (see the module's docstring);
    with `programme`, only those of the programme's own area too (a review of Thái Bình's
    programme over Hưng Yên reads former Thái Bình, not former Hưng Yên).

    The ids are read once (a few hundred at most): the figures' queries then filter on a plain
    list, which PostgreSQL plans far better than nested subqueries (1 s against 20 ms on a
    province's enrolments)."""
    ids = _area_ids(unit)
    if programme is not None and programme.owner_unit_id != unit.pk:
        ids &= _area_ids(programme.owner_unit)
    return AdminUnit.objects.filter(pk__in=sorted(ids))


def nests_under_current(*, unit: AdminUnit, end: datetime.date) -> bool:
    """Whether the communes of a scope are listed as the 2025 communes, each with the legacy
    communes merged into it nested under it: for a 2025 scope, and for any period that ends
    after the reform. A legacy scope's period before it lists the legacy communes as they were."""
    return unit.is_current or end >= REFORM_DAY
