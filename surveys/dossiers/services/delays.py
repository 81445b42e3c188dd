"""The apology slip of a late dossier (phiếu xin lỗi và hẹn lại ngày trả kết quả, Nghị định
118/2025/NĐ-CP) and the date promised to the citizen."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import REFORM_DAY, unit_in_force
from communes.models import AdminUnit, User
from communes.models.slips import DEFAULT_SIGNER_TITLE
from communes.scope import can_record, visible_units

from ..models import Dossier, DossierDelay


def dossier_promised_on(dossier: Dossier) -> datetime.date:
    """The date promised to the citizen now: the latest slip's, else the due date."""
    latest = dossier.delays.order_by("-at", "-id").first()
    return latest.new_due_on if latest else dossier.due_on


def dossier_delay_issue(
    *,
    dossier: Dossier,
    by: User,
    new_due_on: datetime.date,
    reason: str,
    signer_name: str = "",
    signer_title: str = DEFAULT_SIGNER_TITLE,
) -> DossierDelay:
    """The apology slip of a dossier that is or will be late (phiếu xin lỗi và hẹn lại ngày trả kết
    quả): for an open dossier, with a new date after today and after the date promised so far.
    The one-stop decree wants it sent before the promised date when the delay is known, so it may
    be made before the due date as well as after it (a feed often tells of the delay late). The
    dossier's due date stays what the law gave it (the indicators count it late if returned
    after it); the slip tracks the new one."""
    if not can_record(by) or not visible_units(by).filter(pk=dossier.commune_id).exists():
        raise PermissionDenied(_("Bạn không được lập phiếu cho hồ sơ của đơn vị này."))
    today = timezone.localdate()
    if not dossier.is_open:
        raise ValidationError(_("Chỉ lập phiếu xin lỗi cho hồ sơ đang giải quyết."))
    if new_due_on <= today:
        raise ValidationError({"new_due_on": _("Ngày hẹn mới phải sau hôm nay.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi rõ lý do chậm trả kết quả.")})
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("commune").get(pk=dossier.pk)
        previous = dossier_promised_on(locked)
        if new_due_on <= previous:
            raise ValidationError({"new_due_on": _("Ngày hẹn mới phải sau ngày đã hẹn.")})
        issuer = unit_in_force(locked.commune, on=today)
        sequence = _slips_issued_this_year(issuer=issuer, today=today) + 1
        return DossierDelay.objects.create(
            dossier=locked,
            number=f"{sequence:02d}/PXL-HS",
            previous_due_on=previous,
            new_due_on=new_due_on,
            reason=reason.strip(),
            signer_name=" ".join(signer_name.split()),
            signer_title=" ".join(signer_title.split()) or DEFAULT_SIGNER_TITLE,
            by=by,
        )


def _slips_issued_this_year(*, issuer: AdminUnit, today: datetime.date) -> int:
    """Dossier slips are numbered per issuing commune and year; a 2025 commune numbers those of
    the communes it took over too, from the reform day on."""
    since = datetime.date(today.year, 1, 1)
    if issuer.is_current:
        since = max(since, REFORM_DAY)
    return DossierDelay.objects.filter(
        Q(dossier__commune=issuer) | Q(dossier__commune__successor=issuer),
        at__date__gte=since,
        at__year=today.year,
    ).count()
