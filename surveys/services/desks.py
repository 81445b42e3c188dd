"""Desks and one-time response codes."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import ensure_unit_era
from communes.models import AdminUnit, User

from ..models import (
    Desk,
    ResponseCode,
    Service,
)
from .permissions import ensure_can_record, ensure_commune

# Letters and digits that cannot be misread on a printed slip (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

CODE_LENGTH = 8

# --- Desks and one-time codes ----------------------------------------------------------------------


def desk_create(
    *, commune: AdminUnit, by: User, name: str, kiosk_interval_seconds: int = 5, kiosk_reset_seconds: int = 5
) -> Desk:
    ensure_can_record(user=by, commune=commune)
    ensure_commune(commune)
    if Desk.objects.filter(commune=commune, name=name).exists():
        raise ValidationError({"name": _("Xã đã có quầy mang tên này.")})
    if not 1 <= kiosk_reset_seconds <= 120:
        raise ValidationError({"kiosk_reset_seconds": _("Thời gian trở lại phải từ 1 đến 120 giây.")})
    if kiosk_interval_seconds > 600:
        raise ValidationError({"kiosk_interval_seconds": _("Khoảng thời gian tối đa là 600 giây.")})
    return Desk.objects.create(
        commune=commune,
        name=name,
        kiosk_interval_seconds=kiosk_interval_seconds,
        kiosk_reset_seconds=kiosk_reset_seconds,
    )


def check_context(
    *, commune: AdminUnit, desk: Desk | None, officer: User | None, service: Service | None = None
) -> None:
    if desk is not None and desk.commune_id != commune.pk:
        raise ValidationError({"desk": _("Quầy này không thuộc xã được đánh giá.")})
    if officer is not None and not (officer.is_commune_officer and officer.commune_id == commune.pk):
        raise ValidationError({"officer": _("Công chức này không thuộc xã được đánh giá.")})


def code_issue(
    *,
    commune: AdminUnit,
    by: User,
    service: Service | None = None,
    officer: User | None = None,
    desk: Desk | None = None,
    dossier_number: str = "",
) -> ResponseCode:
    """A one-time code for the receipt of one dossier."""
    ensure_can_record(user=by, commune=commune)
    ensure_commune(commune)
    # A code is handed out today: by a commune in force today (communes.eras).
    ensure_unit_era(unit=commune, on=timezone.localdate(), field="commune")
    if officer is None and by.is_commune_officer:
        officer = by
    check_context(commune=commune, desk=desk, officer=officer)
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not ResponseCode.objects.filter(code=code).exists():
            break
    return ResponseCode.objects.create(
        code=code,
        commune=commune,
        desk=desk,
        service=service,
        officer=officer,
        dossier_number=dossier_number.strip(),
        created_by=by,
    )


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())
