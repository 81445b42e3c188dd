"""Reviews: set up by province staff, or prepared by the scheduler when a period ends."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Programme, User
from communes.services.programmes import ensure_can_configure

from ..models import Review, ReviewSchedule
from ..selectors import continuing_unit, schedule_for, scope_units_for
from .builds import build_request

EDITABLE_FIELDS = [
    "kind",
    "period",
    "period_start",
    "period_end",
    "title",
    "number",
    "issuer",
    "place",
    "report_date",
    "conference_date",
    "conference_place",
    "signer_name",
    "signer_title",
    "strengths",
    "weaknesses",
    "lessons",
    "directions",
    "proposals",
    "recipients",
]


def _validate(*, programme: Programme, scope_unit: AdminUnit, fields: dict) -> None:
    errors = {}
    if not scope_units_for(programme=programme).filter(pk=scope_unit.pk).exists():
        errors["scope_unit"] = _("Phạm vi phải là %(owner)s hoặc một đơn vị thuộc đó.") % {
            "owner": programme.owner_unit.name
        }
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("Ngày kết thúc kỳ phải sau ngày bắt đầu.")
    elif start and end and (end < programme.phase_start or start > programme.phase_end):
        errors["period_start"] = _(
            "Kỳ báo cáo phải giao với giai đoạn %(start)s - %(end)s của chương trình."
        ) % {
            "start": f"{programme.phase_start:%d/%m/%Y}",
            "end": f"{programme.phase_end:%d/%m/%Y}",
        }
    if errors:
        raise ValidationError(errors)


def _save(review: Review) -> Review:
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        raise ValidationError(_("Đã có báo cáo cùng loại cho phạm vi và kỳ này.")) from exc
    return review


def review_create(*, by: User | None, programme: Programme, scope_unit: AdminUnit, **fields) -> Review:
    if by is not None:
        ensure_can_configure(user=by, unit=programme.owner_unit)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    _validate(programme=programme, scope_unit=scope_unit, fields=fields)
    dated = fields.get("report_date") or fields.get("period_end")
    defaults = default_heading(unit=scope_unit, on=dated)
    for name, value in defaults.items():
        if not fields.get(name):
            fields[name] = value
    return _save(Review(programme=programme, scope_unit=scope_unit, created_by=by, **fields))


def review_update(*, by: User, review: Review, **fields) -> Review:
    ensure_can_configure(user=by, unit=review.programme.owner_unit)
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"scope_unit"}
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    scope_unit = fields.pop("scope_unit", review.scope_unit)
    merged = {name: getattr(review, name) for name in EDITABLE_FIELDS} | fields
    _validate(programme=review.programme, scope_unit=scope_unit, fields=merged)
    review.scope_unit = scope_unit
    for name, value in fields.items():
        setattr(review, name, value)
    return _save(review)


def default_heading(*, unit: AdminUnit, on: datetime.date | None = None) -> dict:
    """The issuing body and place line a review of `unit` carries unless staff change them: from
    01/07/2025 those of the 2025 unit it continues under (UBND TỈNH HƯNG YÊN for Thái Bình)."""
    if on is not None and on >= REFORM_DAY:
        unit = continuing_unit(unit)
    short = unit.short_name or unit.name
    return {"issuer": _("UBND %(unit)s") % {"unit": unit.name.upper()}, "place": short}


def default_title(*, kind: str, programme: Programme, start: datetime.date, end: datetime.date) -> str:
    label = Review.Kind(kind).label
    return _("%(kind)s %(programme)s (%(start)s - %(end)s)") % {
        "kind": label,
        "programme": programme.name,
        "start": f"{start:%d/%m/%Y}",
        "end": f"{end:%d/%m/%Y}",
    }


# --- The scheduler ------------------------------------------------------------------------------


def schedule_update(*, by: User, programme: Programme, **fields) -> ReviewSchedule:
    ensure_can_configure(user=by, unit=programme.owner_unit)
    schedule = schedule_for(programme=programme)
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.save()
    return schedule


def _quarter_before(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last quarter that ended before `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    end = datetime.date(day.year, first_month, 1) - datetime.timedelta(days=1)
    start_month = (end.month - 1) // 3 * 3 + 1
    return datetime.date(end.year, start_month, 1), end


def due_periods(
    *, programme: Programme, schedule: ReviewSchedule, today: datetime.date
) -> list[tuple[str, str, datetime.date, datetime.date]]:
    """The periodic reviews (kind, period, start, end) that have ended by `today`: the last quarter,
    the last year, and the whole phase once it is over; each clipped to the phase."""
    due = []

    def add(kind, period, start, end):
        if end < programme.phase_start or start > programme.phase_end or end >= today:
            return
        due.append((kind, period, max(start, programme.phase_start), min(end, programme.phase_end)))

    if schedule.quarterly:
        add(Review.Kind.INTERIM, Review.Period.QUARTER, *_quarter_before(today))
    if schedule.yearly:
        year = today.year - 1
        add(Review.Kind.INTERIM, Review.Period.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if schedule.final:
        add(Review.Kind.FINAL, Review.Period.PHASE, programme.phase_start, programme.phase_end)
    return due


def reviews_plan_periodic(*, today: datetime.date | None = None) -> list[Review]:
    """Create the periodic reviews due for every active programme (once each: running it again
    creates nothing), and request their PDF when the programme's schedule says so."""
    today = today or timezone.localdate()
    created = []
    programmes = Programme.objects.filter(
        status=Programme.Status.ACTIVE, phase_start__lt=today
    ).select_related("owner_unit", "review_schedule")
    for programme in programmes:  # one loop step per programme: a handful a province
        schedule = schedule_for(programme=programme)
        for kind, period, start, end in due_periods(programme=programme, schedule=schedule, today=today):
            # A period ending after the reform is reviewed under the 2025 unit the owner continues as.
            unit = programme.owner_unit if end < REFORM_DAY else continuing_unit(programme.owner_unit)
            review, was_created = Review.objects.get_or_create(
                programme=programme,
                scope_unit=unit,
                kind=kind,
                period_start=start,
                period_end=end,
                defaults={
                    "period": period,
                    "scheduled": True,
                    "title": default_title(kind=kind, programme=programme, start=start, end=end),
                    "report_date": today,
                    **default_heading(unit=unit, on=today),
                },
            )
            if was_created:
                created.append(review)
                if schedule.build:
                    build_request(review=review, by=None)
    return created
