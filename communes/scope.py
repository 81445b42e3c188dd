"""The one scoping mechanism every page and API endpoint uses.

Who sees what:
- a superuser sees everything;
- province staff see every unit of their province, in both eras (a unit's `current_province`),
  and the objects attached to those units;
- a commune officer sees their own commune and the legacy communes it took over in 2025, and the
  objects attached to them;
- anybody else sees nothing.

An object outside the user's scope answers 404, never 403, so its existence does not leak.

Usage: a model's scope is the path (or paths) from it to an `AdminUnit`:
`scope_queryset(Enrolment.objects.all(), user=request.user, via="commune")`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework import permissions

from .models import AdminUnit, User


def visible_units(user: User) -> QuerySet[AdminUnit]:
    """The administrative units whose data `user` may read (superusers: all)."""
    units = AdminUnit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return units.none()
    if user.is_superuser:
        return units
    if user.is_province_staff and user.province_id:
        province = user.province
        # A legacy province (Thái Bình) is read through the province that took it over (Hưng Yên).
        current = province.current_province_id or province.pk
        return units.filter(current_province_id=current)
    if user.is_commune_officer and user.commune_id:
        return units.filter(Q(pk=user.commune_id) | Q(successor_id=user.commune_id))
    return units.none()


def scope_queryset(queryset: QuerySet, *, user: User, via: str | Iterable[str]) -> QuerySet:
    """Restrict `queryset` to the rows attached, through one of the paths `via`, to a unit the
    user may see. Several paths are alternatives (a programme is seen through its owner unit by
    province staff and through its enrolled communes by an officer)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    paths = [via] if isinstance(via, str) else list(via)
    units = visible_units(user).values("pk")
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in" if path else "pk__in": units})
    if all("__" not in path for path in paths):
        return queryset.filter(condition)
    # Multi-valued paths would repeat rows; a subquery on the primary key keeps each row once.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))


def get_in_scope_or_404(queryset: QuerySet, *, user: User, via: str | Iterable[str], **lookup):
    """The object matching `lookup` if the user may see it; Http404 otherwise, whether it exists
    or not."""
    try:
        return scope_queryset(queryset, user=user, via=via).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def can_configure(user: User) -> bool:
    """Programme set-up (programmes, documents, pilot communes) is for province administrators."""
    return user.is_authenticated and (user.is_superuser or user.role == User.Role.PROVINCE_ADMIN)


def can_record(user: User) -> bool:
    """Day-to-day records of a commune are written by its officers (and province administrators)."""
    return can_configure(user) or (user.is_authenticated and user.is_commune_officer)


class ConfigureOrReadOnly(permissions.BasePermission):
    """Reads for any signed-in user (the queryset is already scoped); writes for administrators."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or can_configure(request.user)
