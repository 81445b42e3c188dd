"""Who may record and configure surveys."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from communes.models import AdminUnit, User
from communes.scope import can_configure, can_record, visible_units

# --- Permissions ------------------------------------------------------------------------------------


def ensure_can_record(*, user: User, commune: AdminUnit) -> None:
    """A commune's survey records are written by its officers, or a province administrator."""
    if not can_record(user) or not visible_units(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("Bạn không được ghi số liệu khảo sát cho đơn vị này."))


def ensure_can_configure(*, user: User) -> None:
    if not can_configure(user):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được soạn mẫu phiếu."))


def ensure_commune(commune: AdminUnit) -> None:
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError({"commune": _("Phiếu khảo sát chỉ gắn với đơn vị cấp xã.")})
