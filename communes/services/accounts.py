"""Accounts: each role with its own unit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import AdminUnit, User


def user_validate_scope(*, role: str, province: AdminUnit | None, commune: AdminUnit | None) -> None:
    """Each role needs its own unit, and only that one."""
    errors = {}
    if role == User.Role.COMMUNE_OFFICER:
        if commune is None:
            errors["commune"] = _("Cán bộ cấp xã phải gắn với một xã, phường.")
        elif commune.level != AdminUnit.Level.COMMUNE:
            errors["commune"] = _("Đơn vị được chọn không phải cấp xã.")
        if province is not None:
            errors["province"] = _("Cán bộ cấp xã không gắn với tỉnh.")
    elif role in (User.Role.PROVINCE_ADMIN, User.Role.PROVINCE_VIEWER):
        if province is None:
            errors["province"] = _("Cán bộ tỉnh phải gắn với một tỉnh, thành phố.")
        elif province.level != AdminUnit.Level.PROVINCE:
            errors["province"] = _("Đơn vị được chọn không phải cấp tỉnh.")
        if commune is not None:
            errors["commune"] = _("Cán bộ tỉnh không gắn với một xã.")
    if errors:
        raise ValidationError(errors)


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    province: AdminUnit | None = None,
    commune: AdminUnit | None = None,
    full_name: str = "",
    position: str = "",
    is_superuser: bool = False,
) -> User:
    """Create an account with its role and unit, or bring an existing one of that name in line."""
    if not is_superuser:
        user_validate_scope(role=role, province=province, commune=commune)
    first, _sep, last = full_name.rpartition(" ")
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "province": province,
            "commune": commune,
            "first_name": first,
            "last_name": last,
            "position": position,
            "is_superuser": is_superuser,
            # The Django admin is not scoped, so it is for system administrators only.
            "is_staff": is_superuser,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
