"""Writes of a commune's activity log: letters and ceremonies (one at a time or as period
totals), suggestion-box openings, facilities checklists, inspection visits and their follow-up
tasks. Period totals imported from a file go through `communes.services.activity_import`."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..eras import ensure_unit_era
from ..models import (
    ActivityRecord,
    AdminUnit,
    FacilityCheck,
    FacilityCheckItem,
    FacilityPhoto,
    FollowUpTask,
    InspectionVisit,
    SuggestionBoxOpening,
    User,
)
from ..scope import can_record, visible_units


def ensure_can_record(*, user: User, commune: AdminUnit) -> None:
    """Officers write their own commune's log, province administrators any commune of theirs;
    viewers nobody's."""
    if not can_record(user) or not visible_units(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("Bạn không được ghi số liệu cho đơn vị này."))
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError(_("Chỉ ghi hoạt động cho đơn vị cấp xã."))


def _valid_kind(kind: str) -> None:
    if kind not in ActivityRecord.Kind.values:
        raise ValidationError({"kind": _("Loại hoạt động không hợp lệ.")})


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được ở tương lai.")})


def activity_record(
    *,
    commune: AdminUnit,
    by: User,
    kind: str,
    occurred_on: datetime.date,
    recipient: str = "",
    note: str = "",
) -> ActivityRecord:
    """One letter sent or one ceremony held, on one day."""
    ensure_can_record(user=by, commune=commune)
    _valid_kind(kind)
    _not_in_future(occurred_on, "occurred_on")
    ensure_unit_era(unit=commune, on=occurred_on, field="occurred_on")
    return ActivityRecord.objects.create(
        commune=commune,
        kind=kind,
        period_start=occurred_on,
        period_end=occurred_on,
        count=1,
        recipient=recipient.strip(),
        note=note.strip(),
        source=ActivityRecord.Source.ENTRY,
        recorded_by=by,
    )


def activity_tally(
    *,
    commune: AdminUnit,
    by: User,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    count: int,
    note: str = "",
    source: str = ActivityRecord.Source.TALLY,
) -> ActivityRecord:
    """A total for a period, for the history that exists only as totals."""
    ensure_can_record(user=by, commune=commune)
    _valid_kind(kind)
    validate_tally(period_start=period_start, period_end=period_end, count=count)
    # A period belongs by its end date (communes.eras).
    ensure_unit_era(unit=commune, on=period_end, field="period_end")
    return ActivityRecord.objects.create(
        commune=commune,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        count=count,
        note=note.strip(),
        source=source,
        recorded_by=by,
    )


def validate_tally(*, period_start: datetime.date, period_end: datetime.date, count: int) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    _not_in_future(period_end, "period_end")
    if count < 1:
        raise ValidationError({"count": _("Số lượng phải lớn hơn 0.")})


# --- Suggestion boxes, facilities, inspections ---------------------------------------------------


def box_opening_record(
    *,
    commune: AdminUnit,
    by: User,
    opened_on: datetime.date,
    witnesses: str,
    letters_found: int,
    note: str = "",
) -> SuggestionBoxOpening:
    ensure_can_record(user=by, commune=commune)
    _not_in_future(opened_on, "opened_on")
    ensure_unit_era(unit=commune, on=opened_on, field="opened_on")
    if not witnesses.strip():
        raise ValidationError({"witnesses": _("Ghi rõ người chứng kiến việc mở hòm thư.")})
    return SuggestionBoxOpening.objects.create(
        commune=commune,
        opened_on=opened_on,
        witnesses=witnesses.strip(),
        letters_found=letters_found,
        note=note.strip(),
        recorded_by=by,
    )


@transaction.atomic
def facility_check_record(
    *,
    commune: AdminUnit,
    by: User,
    checked_on: datetime.date,
    items: dict[str, tuple[bool, str]],
    note: str = "",
    photos: list | None = None,
) -> FacilityCheck:
    """A checklist of every facility item (present or not, with a note), and its photos."""
    ensure_can_record(user=by, commune=commune)
    _not_in_future(checked_on, "checked_on")
    ensure_unit_era(unit=commune, on=checked_on, field="checked_on")
    expected = set(FacilityCheck.Item.values)
    if set(items) != expected:
        raise ValidationError(_("Phải đánh giá đủ tất cả các hạng mục."))
    check = FacilityCheck.objects.create(
        commune=commune, checked_on=checked_on, note=note.strip(), recorded_by=by
    )
    FacilityCheckItem.objects.bulk_create(
        FacilityCheckItem(check_record=check, item=item, present=present, note=item_note.strip())
        for item, (present, item_note) in items.items()
    )
    for photo in photos or []:
        record = FacilityPhoto(check_record=check, image=photo)
        record.full_clean(exclude=["check_record"])
        record.save()
    return check


@transaction.atomic
def inspection_record(
    *,
    commune: AdminUnit,
    by: User,
    visited_on: datetime.date,
    visitor: str,
    visitor_title: str,
    findings: str,
    tasks: list[dict],
) -> InspectionVisit:
    """A leader's inspection visit and the follow-up tasks it set (description, owner, due_on)."""
    ensure_can_record(user=by, commune=commune)
    _not_in_future(visited_on, "visited_on")
    ensure_unit_era(unit=commune, on=visited_on, field="visited_on")
    visit = InspectionVisit.objects.create(
        commune=commune,
        visited_on=visited_on,
        visitor=visitor.strip(),
        visitor_title=visitor_title.strip(),
        findings=findings.strip(),
        recorded_by=by,
    )
    for task in tasks:
        if task["due_on"] < visited_on:
            raise ValidationError({"tasks": _("Hạn hoàn thành phải sau ngày kiểm tra.")})
        FollowUpTask.objects.create(
            visit=visit,
            description=task["description"].strip(),
            owner=task.get("owner", "").strip(),
            due_on=task["due_on"],
        )
    return visit


def follow_up_complete(
    *, task: FollowUpTask, by: User, completed_on: datetime.date, completion_note: str = ""
) -> FollowUpTask:
    """Work that continues on the visit: it stays on the visit's commune, whatever the date
    (communes.eras)."""
    ensure_can_record(user=by, commune=task.visit.commune)
    if task.completed_on is not None:
        raise ValidationError(_("Nhiệm vụ này đã được ghi nhận hoàn thành."))
    _not_in_future(completed_on, "completed_on")
    if completed_on < task.visit.visited_on:
        raise ValidationError({"completed_on": _("Ngày hoàn thành phải sau ngày kiểm tra.")})
    task.completed_on = completed_on
    task.completion_note = completion_note.strip()
    task.save(update_fields=["completed_on", "completion_note"])
    return task
