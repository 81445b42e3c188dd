"""Programmes, their documents, steering committees and enrolled communes."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import AdminUnit, Enrolment, Programme, ProgrammeDocument


def programme_ensure(
    *,
    name: str,
    owner_unit: AdminUnit,
    phase_start: datetime.date,
    phase_end: datetime.date,
    status: str = Programme.Status.ACTIVE,
    description: str = "",
    implements: Programme | None = None,
) -> Programme:
    """Create the programme, or update the one with that name, owner and start."""
    if phase_end < phase_start:
        raise ValidationError({"phase_end": _("Ngày kết thúc phải sau ngày bắt đầu giai đoạn.")})
    if owner_unit.level == AdminUnit.Level.COMMUNE:
        raise ValidationError({"owner_unit": _("Đơn vị chủ trì phải là tỉnh hoặc huyện.")})
    programme, _created = Programme.objects.update_or_create(
        name=name,
        owner_unit=owner_unit,
        phase_start=phase_start,
        defaults={
            "phase_end": phase_end,
            "status": status,
            "description": description,
            "implements": implements,
        },
    )
    return programme


def document_ensure(
    *, programme: Programme, kind: str, number: str, issued_on: datetime.date, issuer: str, title: str
) -> ProgrammeDocument:
    document, _created = ProgrammeDocument.objects.update_or_create(
        programme=programme,
        kind=kind,
        number=number,
        defaults={"issued_on": issued_on, "issuer": issuer, "title": title},
    )
    return document


def enrolment_ensure(
    *,
    programme: Programme,
    commune: AdminUnit,
    level: str,
    selected_on: datetime.date,
    launched_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol a commune in a programme (once: a second call updates the same row)."""
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError({"commune": _("Chỉ đơn vị cấp xã mới tham gia mô hình.")})
    if not (programme.phase_start <= selected_on <= programme.phase_end):
        raise ValidationError({"selected_on": _("Ngày lựa chọn phải nằm trong giai đoạn của chương trình.")})
    enrolment, _created = Enrolment.objects.update_or_create(
        programme=programme,
        commune=commune,
        defaults={
            "level": level,
            "selected_on": selected_on,
            "launched_on": launched_on,
            "status": Enrolment.Status.LAUNCHED if launched_on else Enrolment.Status.SELECTED,
        },
    )
    return enrolment
