"""Programmes, their documents, steering committees and enrolled communes.

The `*_ensure` functions make the demo data idempotent; pages and the API call the others, which
also check that the user may configure the programme's owner unit."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import AdminUnit, Enrolment, Programme, ProgrammeDocument, SteeringMember, User
from ..scope import can_configure, visible_units


def ensure_can_configure(*, user: User, unit: AdminUnit) -> None:
    """Programme set-up is for administrators of the province the unit belongs to."""
    if not can_configure(user) or not visible_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Bạn không được cấu hình chương trình của đơn vị này."))


def _validate_programme(
    *, owner_unit: AdminUnit, phase_start: datetime.date, phase_end: datetime.date
) -> None:
    if phase_end < phase_start:
        raise ValidationError({"phase_end": _("Ngày kết thúc phải sau ngày bắt đầu giai đoạn.")})
    if owner_unit.level == AdminUnit.Level.COMMUNE:
        raise ValidationError({"owner_unit": _("Đơn vị chủ trì phải là tỉnh hoặc huyện.")})


def _owner_communes(owner: AdminUnit):
    return AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, era=owner.era).filter(
        Q(parent=owner) | Q(parent__parent=owner)
    )


def _validate_enrolment(
    *, programme: Programme, commune: AdminUnit, selected_on: datetime.date, launched_on: datetime.date | None
) -> None:
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError({"commune": _("Chỉ đơn vị cấp xã mới tham gia mô hình.")})
    if not _owner_communes(programme.owner_unit).filter(pk=commune.pk).exists():
        raise ValidationError(
            {"commune": _("Xã này không thuộc %(owner)s.") % {"owner": programme.owner_unit.name}}
        )
    if not (programme.phase_start <= selected_on <= programme.phase_end):
        raise ValidationError({"selected_on": _("Ngày lựa chọn phải nằm trong giai đoạn của chương trình.")})
    if launched_on is not None and launched_on < selected_on:
        raise ValidationError({"launched_on": _("Ngày ra mắt phải sau ngày lựa chọn.")})


# --- Pages and API --------------------------------------------------------------------------------


def programme_create(
    *,
    by: User,
    name: str,
    owner_unit: AdminUnit,
    phase_start: datetime.date,
    phase_end: datetime.date,
    status: str = Programme.Status.ACTIVE,
    description: str = "",
    implements: Programme | None = None,
) -> Programme:
    ensure_can_configure(user=by, unit=owner_unit)
    _validate_programme(owner_unit=owner_unit, phase_start=phase_start, phase_end=phase_end)
    return Programme.objects.create(
        name=name.strip(),
        owner_unit=owner_unit,
        phase_start=phase_start,
        phase_end=phase_end,
        status=status,
        description=description.strip(),
        implements=implements,
    )


def programme_update(*, programme: Programme, by: User, **fields) -> Programme:
    """Change a programme's name, phase, status, description or parent programme."""
    ensure_can_configure(user=by, unit=programme.owner_unit)
    allowed = {"name", "phase_start", "phase_end", "status", "description", "implements"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError(_("Không sửa được trường %(field)s.") % {"field": name})
        setattr(programme, name, value)
    _validate_programme(
        owner_unit=programme.owner_unit, phase_start=programme.phase_start, phase_end=programme.phase_end
    )
    if programme.implements_id is not None and programme.implements_id == programme.pk:
        raise ValidationError({"implements": _("Một chương trình không thể thực hiện theo chính nó.")})
    if programme.enrolments.filter(
        Q(selected_on__lt=programme.phase_start) | Q(selected_on__gt=programme.phase_end)
    ).exists():
        raise ValidationError(
            {"phase_start": _("Có xã được lựa chọn ngoài giai đoạn mới; hãy sửa ngày lựa chọn trước.")}
        )
    programme.save()
    return programme


def document_add(
    *,
    programme: Programme,
    by: User,
    kind: str,
    number: str,
    issued_on: datetime.date,
    issuer: str,
    title: str,
    file=None,
) -> ProgrammeDocument:
    ensure_can_configure(user=by, unit=programme.owner_unit)
    if ProgrammeDocument.objects.filter(programme=programme, kind=kind, number=number.strip()).exists():
        raise ValidationError({"number": _("Văn bản số này đã có trong chương trình.")})
    document = ProgrammeDocument(
        programme=programme,
        kind=kind,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        title=title.strip(),
    )
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    return document


def document_remove(*, document: ProgrammeDocument, by: User) -> None:
    ensure_can_configure(user=by, unit=document.programme.owner_unit)
    document.file.delete(save=False)
    document.delete()


def enrolment_add(
    *,
    programme: Programme,
    by: User,
    commune: AdminUnit,
    level: str,
    selected_on: datetime.date,
    launched_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol one of the owner unit's communes, once."""
    ensure_can_configure(user=by, unit=programme.owner_unit)
    _validate_enrolment(
        programme=programme, commune=commune, selected_on=selected_on, launched_on=launched_on
    )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                programme=programme,
                commune=commune,
                level=level,
                selected_on=selected_on,
                launched_on=launched_on,
                status=Enrolment.Status.LAUNCHED if launched_on else Enrolment.Status.SELECTED,
            )
    except IntegrityError as error:
        raise ValidationError({"commune": _("Xã này đã tham gia chương trình.")}) from error


def enrolment_update(
    *,
    enrolment: Enrolment,
    by: User,
    level: str,
    selected_on: datetime.date,
    launched_on: datetime.date | None,
    status: str,
) -> Enrolment:
    programme = enrolment.programme
    ensure_can_configure(user=by, unit=programme.owner_unit)
    _validate_enrolment(
        programme=programme, commune=enrolment.commune, selected_on=selected_on, launched_on=launched_on
    )
    if status == Enrolment.Status.LAUNCHED and launched_on is None:
        raise ValidationError({"launched_on": _("Ghi ngày ra mắt mô hình.")})
    enrolment.level, enrolment.selected_on, enrolment.launched_on, enrolment.status = (
        level,
        selected_on,
        launched_on,
        status,
    )
    enrolment.save()
    return enrolment


def steering_member_add(
    *,
    programme: Programme,
    by: User,
    full_name: str,
    position: str,
    role: str,
    decision: ProgrammeDocument | None = None,
) -> SteeringMember:
    ensure_can_configure(user=by, unit=programme.owner_unit)
    if decision is not None and decision.programme_id != programme.pk:
        raise ValidationError({"decision": _("Quyết định phải thuộc chương trình này.")})
    if role == SteeringMember.Role.HEAD and programme.steering_members.filter(role=role).exists():
        raise ValidationError({"role": _("Ban chỉ đạo đã có Trưởng ban.")})
    order = programme.steering_members.count()
    return SteeringMember.objects.create(
        programme=programme,
        decision=decision,
        full_name=full_name.strip(),
        position=position.strip(),
        role=role,
        order=order,
    )


def steering_member_remove(*, member: SteeringMember, by: User) -> None:
    ensure_can_configure(user=by, unit=member.programme.owner_unit)
    member.delete()


# --- Demo data ------------------------------------------------------------------------------------


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
    _validate_programme(owner_unit=owner_unit, phase_start=phase_start, phase_end=phase_end)
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
    _validate_enrolment(
        programme=programme, commune=commune, selected_on=selected_on, launched_on=launched_on
    )
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
