"""Administrative procedures (thủ tục hành chính) the forms ask about."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communes.models import User
from communes.scope import can_configure

from ..models import (
    Service,
)

# --- Administrative procedures (services) ------------------------------------------------------------


def _clean_service(*, name: str, field: str, exclude_pk: int | None = None) -> tuple[str, str]:
    name = " ".join(name.split())
    field = " ".join(field.split())
    if not name:
        raise ValidationError({"name": _("Vui lòng nhập tên thủ tục.")})
    same = Service.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": _("Đã có thủ tục mang tên này.")})
    return name, field


def service_create(*, by: User, name: str, field: str = "") -> Service:
    """A procedure citizens can be asked about (province administrators)."""
    if not can_configure(by):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được quản lý danh mục thủ tục."))
    name, field = _clean_service(name=name, field=field)
    service = Service(name=name, field=field)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def service_update(
    *, service: Service, by: User, name: str, field: str = "", is_active: bool = True
) -> Service:
    """Rename, move to another field, or take out of use (is_active=False): a procedure that
    responses or codes refer to stays, so that past results keep it."""
    if not can_configure(by):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được quản lý danh mục thủ tục."))
    locked = Service.objects.select_for_update().get(pk=service.pk)
    locked.name, locked.field = _clean_service(name=name, field=field, exclude_pk=locked.pk)
    locked.is_active = is_active
    locked.full_clean()
    locked.save(update_fields=["name", "field", "is_active"])
    return locked
