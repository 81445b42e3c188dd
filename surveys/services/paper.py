"""Paper forms entered in batches, and tallies of forms counted by hand."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import ensure_unit_era
from communes.models import AdminUnit, User
from communes.scope import can_configure, visible_units

from ..models import (
    Desk,
    PaperBatch,
    Service,
    SurveyResponse,
    SurveyTally,
    SurveyTemplate,
)
from .answers import Channel, month_of
from .counts import counts_increment
from .desks import check_context
from .permissions import ensure_can_record, ensure_commune
from .responses import response_submit

# --- Paper forms and tallies ------------------------------------------------------------------------


def batch_create(
    *,
    commune: AdminUnit,
    by: User,
    collected_on: datetime.date,
    expected_forms: int,
    photo=None,
    desk: Desk | None = None,
    note: str = "",
) -> PaperBatch:
    ensure_can_record(user=by, commune=commune)
    ensure_commune(commune)
    check_context(commune=commune, desk=desk, officer=None)
    if collected_on > timezone.localdate():
        raise ValidationError({"collected_on": _("Ngày thu phiếu không được ở tương lai.")})
    ensure_unit_era(unit=commune, on=collected_on, field="collected_on")
    if expected_forms < 1:
        raise ValidationError({"expected_forms": _("Lô phiếu phải có ít nhất một phiếu.")})
    batch = PaperBatch(
        commune=commune,
        desk=desk,
        collected_on=collected_on,
        expected_forms=expected_forms,
        note=note,
        entered_by=by,
    )
    if photo:
        batch.photo = photo
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def batch_enter(
    *,
    batch: PaperBatch,
    by: User,
    template: SurveyTemplate,
    answers: Mapping,
    service: Service | None = None,
    officer: User | None = None,
) -> SurveyResponse:
    """One paper form of the batch, dated on the day the batch was collected."""
    locked = PaperBatch.objects.select_for_update().select_related("commune").get(pk=batch.pk)
    ensure_can_record(user=by, commune=locked.commune)
    if locked.is_checked:
        raise ValidationError(_("Lô phiếu đã được kiểm tra, không nhập thêm được."))
    entered = locked.responses.count()
    if entered >= locked.expected_forms:
        raise ValidationError(
            _("Lô phiếu đã nhập đủ %(count)s phiếu. Hãy sửa số phiếu của lô nếu lô có nhiều phiếu hơn.")
            % {"count": locked.expected_forms}
        )
    moment = timezone.make_aware(datetime.datetime.combine(locked.collected_on, datetime.time(12)))
    return response_submit(
        template=template,
        commune=locked.commune,
        answers=answers,
        channel=Channel.PAPER,
        desk=locked.desk,
        service=service,
        officer=officer,
        batch=locked,
        submitted_at=moment,
    )


@transaction.atomic
def batch_check(*, batch: PaperBatch, by: User) -> PaperBatch:
    """Province staff (administrators) confirm a batch against its photo."""
    if not (can_configure(by) and visible_units(by).filter(pk=batch.commune_id).exists()):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được xác nhận lô phiếu."))
    locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.is_checked:
        raise ValidationError(_("Lô phiếu này đã được kiểm tra."))
    locked.checked_by = by
    locked.checked_at = timezone.now()
    locked.save(update_fields=["checked_by", "checked_at"])
    return locked


@transaction.atomic
def tally_record(
    *,
    commune: AdminUnit,
    by: User | None,
    period_start: datetime.date,
    period_end: datetime.date,
    forms: int,
    satisfied: int | None = None,
    note: str = "",
) -> SurveyTally:
    """Totals of a period from before the portal. They count in the month the period ends."""
    if by is not None:
        ensure_can_record(user=by, commune=commune)
    ensure_commune(commune)
    if period_end < period_start:
        raise ValidationError({"period_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("Số liệu tổng hợp chỉ ghi cho kỳ đã qua.")})
    # A period belongs by its end date (communes.eras), the month it is counted in.
    ensure_unit_era(unit=commune, on=period_end, field="period_end")
    if forms < 1:
        raise ValidationError({"forms": _("Số phiếu phải lớn hơn 0.")})
    if satisfied is not None and not 0 <= satisfied <= forms:
        raise ValidationError({"satisfied": _("Số phiếu hài lòng không được vượt quá số phiếu.")})
    tally = SurveyTally.objects.create(
        commune=commune,
        period_start=period_start,
        period_end=period_end,
        forms=forms,
        satisfied=satisfied,
        note=note,
        recorded_by=by,
    )
    counts_increment(month=month_of(period_end), commune_id=commune.pk, deltas=_tally_deltas(tally, 1))
    return tally


def _tally_deltas(tally: SurveyTally, sign: int) -> dict[str, int]:
    deltas = {"forms": sign * tally.forms}
    if tally.satisfied is not None:
        deltas["overall_answered"] = sign * tally.forms
        deltas["overall_satisfied"] = sign * tally.satisfied
    return deltas


@transaction.atomic
def tally_delete(*, tally: SurveyTally, by: User | None) -> None:
    if by is not None:
        ensure_can_record(user=by, commune=tally.commune)
    locked = SurveyTally.objects.select_for_update().get(pk=tally.pk)
    counts_increment(
        month=month_of(locked.period_end), commune_id=locked.commune_id, deltas=_tally_deltas(locked, -1)
    )
    locked.delete()
