"""Reads of the legal references: the texts in force on a day, and the whole table for the
"about" page."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from ..models import AdminUnit, LegalReference


def in_force_on(on: datetime.date) -> Q:
    """The references in force on the day `on` (from its first day, until the day before its end)."""
    return Q(in_force_from__lte=on) & (Q(in_force_until__isnull=True) | Q(in_force_until__gt=on))


def laws_in_force(
    *, topic: str, on: datetime.date, province: AdminUnit | None = None
) -> list[LegalReference]:
    """The texts of `topic` in force on `on`, oldest first (a decree and the one amending it are
    both cited); a province's own regulation only for that province (or the 2025 province that
    took it over, whose regulation then applies)."""
    references = LegalReference.objects.filter(in_force_on(on), topic=topic)
    if province is None:
        references = references.filter(province__isnull=True)
    else:
        provinces = {province.pk, province.current_province_id or province.pk}
        references = references.filter(Q(province__isnull=True) | Q(province__in=provinces))
    return list(references.order_by("issued_on", "number"))


def legal_reference_list() -> QuerySet[LegalReference]:
    """Every reference, grouped by topic, the one in force last in each group."""
    return LegalReference.objects.select_related("province").order_by("topic", "in_force_from", "number")
