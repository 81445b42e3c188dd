"""Reviews and their PDF builds as lists in the user's scope, where a build stands, and the
programmes and units a review may be set up for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from communes.models import AdminUnit, Programme, User
from communes.scope import scope_queryset

from ..models import Review, ReviewBuild, ReviewSchedule
from .scope import continuing_unit, scope_communes


def review_list(*, user: User) -> QuerySet[Review]:
    """Reviews of the units the user may see, each with its latest build (one query)."""
    latest = ReviewBuild.objects.filter(review=OuterRef("pk")).order_by("-requested_at", "-id")
    return (
        scope_queryset(Review.objects.all(), user=user, via="scope_unit")
        .select_related("programme", "scope_unit", "scope_unit__parent")
        .annotate(
            build_count=Count("builds", distinct=True),
            has_pdf=Exists(ReviewBuild.objects.filter(review=OuterRef("pk"), status=ReviewBuild.Status.DONE)),
            latest_status=latest.values("status")[:1],
        )
    )


def review_draft_reasons(*, review: Review) -> list[str]:
    """What keeps the review's PDF a draft ("DỰ THẢO"): its number, its signer, and the evaluation
    sections staff write (the figures are generated, the judgement is not). Empty: ready to sign."""
    reasons = []
    if not review.number.strip():
        reasons.append(gettext("số, ký hiệu"))
    if not review.signer_name.strip():
        reasons.append(gettext("người ký"))
    for name in Review.EVALUATION_FIELDS:
        if not getattr(review, name).strip():
            reasons.append(str(Review._meta.get_field(name).verbose_name))
    return reasons


def review_builds(*, review: Review) -> QuerySet[ReviewBuild]:
    return review.builds.select_related("requested_by").order_by("-requested_at", "-id")


def latest_done_build(*, review: Review) -> ReviewBuild | None:
    return review.builds.filter(status=ReviewBuild.Status.DONE).order_by("-finished_at", "-id").first()


def build_in_scope(*, user: User) -> QuerySet[ReviewBuild]:
    return scope_queryset(ReviewBuild.objects.all(), user=user, via="review__scope_unit").select_related(
        "review", "review__programme", "review__scope_unit"
    )


#: A running build that has not reported for this long is said to be silent: its worker may be dead.
SILENT_AFTER = datetime.timedelta(seconds=60)


@dataclass(frozen=True)
class BuildState:
    """Where a build stands, told to the people waiting for it (page and API)."""

    code: str  # unsent, queued, retrying, running, silent, done, failed
    message: str


def build_state(*, build: ReviewBuild, now: datetime.datetime | None = None) -> BuildState:
    """The build's state in words: waiting for the broker, queued, retried, running, silent (and
    when it will be resumed), done or failed. What the sweep (reports.services.builds) will do
    is said as it will happen: nobody needs to click again."""
    now = now or timezone.now()
    status = build.status
    if status == ReviewBuild.Status.DONE:
        return BuildState(
            "done", gettext("Hoàn thành lúc %(time)s.") % {"time": _clock(build.finished_at, now)}
        )
    if status == ReviewBuild.Status.FAILED:
        return BuildState("failed", gettext("Không lập được: %(error)s") % {"error": build.error})
    if status == ReviewBuild.Status.RUNNING:
        stale = datetime.timedelta(seconds=settings.REPORTS_BUILD_STALE_SECONDS)
        seen = build.heartbeat_at or build.started_at or now
        if now - seen < min(SILENT_AFTER, stale):
            message = gettext("Đang lập: %(stage)s (%(progress)s%%).")
            return BuildState("running", message % {"stage": build.stage, "progress": build.progress})
        if seen + stale > now:
            message = gettext(
                "Máy lập báo cáo không báo tin từ %(since)s. Nếu máy đã dừng, báo cáo sẽ tự động được "
                "lập lại lúc %(resume)s; không cần bấm lại."
            )
        else:
            message = gettext(
                "Máy lập báo cáo không báo tin từ %(since)s; báo cáo sắp được tự động lập lại, không cần "
                "bấm lại."
            )
        return BuildState(
            "silent", message % {"since": _clock(seen, now), "resume": _clock(seen + stale, now)}
        )
    if build.dispatched_at is None:
        message = gettext(
            "Đã ghi nhận yêu cầu lúc %(time)s nhưng chưa gửi được tới hàng đợi: máy chủ hàng đợi không trả "
            "lời. Yêu cầu sẽ được tự động gửi khi máy chủ hoạt động trở lại; không cần bấm lại."
        )
        return BuildState("unsent", message % {"time": _clock(build.requested_at, now)})
    if build.attempts:
        message = gettext(
            "Lần chạy thứ %(attempt)s chưa thành công (%(error)s); báo cáo sẽ tự động được lập lại."
        )
        return BuildState("retrying", message % {"attempt": build.attempts, "error": build.error or "?"})
    message = gettext("Đang chờ trong hàng đợi từ %(time)s.")
    return BuildState("queued", message % {"time": _clock(build.dispatched_at, now)})


def _clock(moment: datetime.datetime, now: datetime.datetime) -> str:
    """The time of day, with the date when it is not today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localtime(now).date():
        return date_format(local, "H:i")
    return date_format(local, "SHORT_DATETIME_FORMAT")


def reviewable_programmes(*, user: User) -> QuerySet[Programme]:
    """Programmes whose owner unit the user may see (reviews are set up by province staff)."""
    return scope_queryset(Programme.objects.all(), user=user, via="owner_unit").select_related("owner_unit")


def scope_units_for(*, programme: Programme) -> QuerySet[AdminUnit]:
    """The units a review of `programme` may cover: its owner unit and the 2025 unit it continues
    under (Thái Bình's programme under Hưng Yên), the districts under the owner (before 2025), and
    every commune of its area in either era (`scope_communes`)."""
    owner = programme.owner_unit
    area = scope_communes(unit=owner)
    return AdminUnit.objects.filter(
        Q(pk__in=[owner.pk, continuing_unit(owner).pk])
        | Q(level=AdminUnit.Level.DISTRICT, parent=owner)
        | Q(pk__in=area.values("pk"))
    )


def schedule_for(*, programme: Programme) -> ReviewSchedule:
    """The programme's review schedule, the defaults when nobody changed it (not saved)."""
    return ReviewSchedule.objects.filter(programme=programme).first() or ReviewSchedule(programme=programme)
