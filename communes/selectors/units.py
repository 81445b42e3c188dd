"""Reads of administrative units."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import AdminUnit, User, fold
from ..scope import scope_queryset


def unit_search(
    *,
    queryset: QuerySet[AdminUnit] | None = None,
    q: str = "",
    level: str = "",
    current: bool | None = None,
    parent_id: int | None = None,
) -> QuerySet[AdminUnit]:
    """Administrative units matching a name typed with or without diacritics ("tien duc" finds
    "Tiến Đức"); each word must appear in the name."""
    units = queryset if queryset is not None else AdminUnit.objects.all()
    for word in fold(q).split():
        units = units.filter(search_name__contains=word)
    if level:
        units = units.filter(level=level)
    if current is not None:
        units = units.filter(era=AdminUnit.Era.CURRENT if current else AdminUnit.Era.LEGACY)
    if parent_id:
        units = units.filter(parent_id=parent_id)
    return units.select_related("parent", "successor").order_by("era", "level", "code", "name")


def unit_list_for(*, user: User, **filters) -> QuerySet[AdminUnit]:
    """The units in the user's scope, filtered like `unit_search`."""
    return unit_search(queryset=scope_queryset(AdminUnit.objects.all(), user=user, via=""), **filters)
