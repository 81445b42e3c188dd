"""Reads of the reports app. `review_figures` and `commune_table` are THE figures of a review: the
PDF, the review page and the province dashboard all read them, and they read the other apps only
through those apps' own selectors (aggregates in SQL, whatever the number of records)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Enrolment, Programme, StaffMember, User
from communes.scope import can_configure, scope_queryset, visible_units
from communes.selectors.activity import activity_totals, annotate_commune_record
from communes.selectors.criteria import annotate_latest_score
from communes.selectors.programmes import programme_rollout
from dialogues.selectors import indicators, indicators_by_commune
from surveys.selectors import Index, annotate_survey_counts, communes_index, communes_index_by_year

from .models import Award, AwardDecision, Review, ReviewBuild, ReviewSchedule

PILOT_LEVELS = [Enrolment.Level.PROVINCE_PILOT, Enrolment.Level.DISTRICT_PILOT]


# --- Lists, in the user's scope ---------------------------------------------------------------------


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
    """The units a review of `programme` may cover: its owner unit, the districts under it (before
    2025) and its communes."""
    owner = programme.owner_unit
    return AdminUnit.objects.filter(era=owner.era).filter(
        Q(pk=owner.pk) | Q(parent=owner) | Q(parent__parent=owner)
    )


def schedule_for(*, programme: Programme) -> ReviewSchedule:
    """The programme's review schedule, the defaults when nobody changed it (not saved)."""
    return ReviewSchedule.objects.filter(programme=programme).first() or ReviewSchedule(programme=programme)


# --- The communes of a review ---------------------------------------------------------------------


def scope_communes(*, unit: AdminUnit) -> QuerySet[AdminUnit]:
    """The communes of a unit: itself when it is a commune, else the communes under it (a
    province's through its districts before 2025). The ids are read once (a few hundred at most):
    the figures' queries then filter on a plain list, which PostgreSQL plans far better than the
    two-level parent subquery (1 s against 20 ms on a province's enrolments)."""
    if unit.level == AdminUnit.Level.COMMUNE:
        return AdminUnit.objects.filter(pk=unit.pk)
    ids = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, era=unit.era).filter(
        Q(parent=unit) | Q(parent__parent=unit)
    )
    return AdminUnit.objects.filter(pk__in=list(ids.values_list("pk", flat=True)))


def previous_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of the same length just before [start, end]: the review compares with it."""
    length = end - start
    previous_end = start - datetime.timedelta(days=1)
    return previous_end - length, previous_end


# --- The figures --------------------------------------------------------------------------------


@dataclass
class Figures:
    """Every indicator of a review over its communes and period."""

    start: datetime.date
    end: datetime.date
    communes: int
    enrolled: int
    pilots: int
    rollout_share: float | None
    activity: dict
    survey: Index
    feedback: dict
    assessed: int

    @property
    def letters(self) -> int:
        return self.activity["letters"]


def review_figures(
    *, programme: Programme, communes: QuerySet[AdminUnit], start: datetime.date, end: datetime.date
) -> Figures:
    """The review's indicators: about ten aggregate queries, whatever the number of records."""
    enrolments = Enrolment.objects.filter(
        programme=programme, commune__in=communes.values("pk"), selected_on__lte=end
    ).exclude(status=Enrolment.Status.WITHDRAWN)
    counts = enrolments.aggregate(enrolled=Count("pk"), pilots=Count("pk", filter=Q(level__in=PILOT_LEVELS)))
    total = communes.count()
    assessed = (
        annotate_latest_score(communes, programme=programme)
        .filter(latest_assessment_id__isnull=False)
        .count()
    )
    return Figures(
        start=start,
        end=end,
        communes=total,
        enrolled=counts["enrolled"],
        pilots=counts["pilots"],
        rollout_share=counts["enrolled"] / total if total else None,
        activity=activity_totals(communes=communes, start=start, end=end),
        survey=communes_index(communes=communes, month_from=start, month_to=end),
        feedback=indicators(communes=communes, start=start, end=end),
        assessed=assessed,
    )


@dataclass
class IndicatorRow:
    label: str
    current: float | int | None
    previous: float | int | None
    percent: bool = False

    @property
    def change(self) -> float | int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    def display(self) -> dict:
        """The row as the dashboard and the PDF print it: Vietnamese number formats, and the
        change of a rate in percentage points."""
        from friendly_gov.templatetags.vn import number

        from .charts import MISSING, value_text

        change = self.change
        if change is None:
            change_text = MISSING
        elif self.percent:
            change_text = gettext("%(sign)s%(value)s điểm %%") % {
                "sign": "+" if change > 0 else "",
                "value": number(round(change * 100, 1), 1),
            }
        else:
            change_text = ("+" if change > 0 else "") + value_text(change, percent=False)
        return {
            "label": self.label,
            "current": value_text(self.current, percent=self.percent),
            "previous": value_text(self.previous, percent=self.percent),
            "change": change_text,
            "trend": "up" if change and change > 0 else "down" if change and change < 0 else "",
        }


def indicator_rows(*, current: Figures, previous: Figures | None) -> list[IndicatorRow]:
    """The indicators table of a review: this period against the previous one."""

    def pair(getter, label, percent=False):
        return IndicatorRow(
            label=label,
            current=getter(current),
            previous=getter(previous) if previous is not None else None,
            percent=percent,
        )

    rows = [
        pair(lambda f: f.enrolled, _("Xã, phường, thị trấn thực hiện mô hình")),
        pair(lambda f: f.rollout_share, _("Tỷ lệ đơn vị thực hiện"), True),
        pair(lambda f: f.activity["letter_thanks"], _("Thư cảm ơn")),
        pair(lambda f: f.activity["letter_congratulation"], _("Thư chúc mừng")),
        pair(lambda f: f.activity["letter_condolence"], _("Thư chia buồn")),
        pair(lambda f: f.activity["letter_apology"], _("Thư xin lỗi")),
        pair(lambda f: f.activity["ceremonies"], _("Lễ trao giấy chứng nhận (kết hôn...)")),
        pair(lambda f: f.survey.forms, _("Phiếu khảo sát sự hài lòng")),
        pair(lambda f: f.survey.overall, _("Tỷ lệ hài lòng chung"), True),
    ]
    for factor, label, _value in current.survey.factor_rows:
        rows.append(
            pair(lambda f, factor=factor: f.survey.factors.get(factor), _("Hài lòng: %s") % label, True)
        )
    rows += [
        pair(lambda f: f.feedback["dialogues_held"], _("Hội nghị đối thoại với Nhân dân")),
        pair(lambda f: f.feedback["received"], _("Phản ánh, kiến nghị tiếp nhận trên hệ thống")),
        pair(lambda f: f.feedback["resolved"], _("Phản ánh, kiến nghị đã giải quyết")),
        pair(lambda f: f.feedback["resolution_rate"], _("Tỷ lệ giải quyết phản ánh, kiến nghị"), True),
        pair(lambda f: f.feedback["on_time_rate"], _("Tỷ lệ giải quyết đúng hạn"), True),
        pair(lambda f: f.assessed, _("Đơn vị tự chấm điểm theo bộ tiêu chí")),
    ]
    return rows


# --- Communes, ranked -------------------------------------------------------------------------------


def _share(part, whole) -> float | None:
    return part / whole if whole else None


def commune_table(
    *, programme: Programme, communes: QuerySet[AdminUnit], start: datetime.date, end: datetime.date
) -> list[dict]:
    """Every commune of the review with its figures over the period, ranked: one query.

    The ranking score is the mean of the shares a commune has among its criteria score (of the
    maximum), its satisfaction index and its resolution rate; communes with none of them come
    last, unranked."""
    enrolment = Enrolment.objects.filter(programme=programme, commune=OuterRef("pk")).exclude(
        status=Enrolment.Status.WITHDRAWN
    )
    queryset = indicators_by_commune(communes=communes, start=start, end=end)
    queryset = annotate_commune_record(queryset, start=start, end=end)
    queryset = annotate_survey_counts(queryset, month_from=start, month_to=end)
    queryset = annotate_latest_score(queryset, programme=programme)
    queryset = queryset.annotate(
        enrolment_level=enrolment.values("level")[:1],
        enrolment_year=enrolment.values("selected_on__year")[:1],
    ).select_related("parent")
    rows = []
    for unit in queryset.order_by("parent__name", "name"):
        satisfaction = _share(unit.survey_satisfied, unit.survey_answered)
        score_share = (
            float(unit.latest_score) / float(unit.latest_score_max)
            if unit.latest_score is not None and unit.latest_score_max
            else None
        )
        parts = [p for p in (score_share, satisfaction, unit.resolution_rate) if p is not None]
        rows.append(
            {
                "unit": unit,
                "district": unit.parent.name
                if unit.parent_id and unit.level == AdminUnit.Level.COMMUNE
                else "",
                "level": unit.enrolment_level,
                "level_label": Enrolment.Level(unit.enrolment_level).label if unit.enrolment_level else "",
                "year": unit.enrolment_year,
                "letters": unit.letters,
                "ceremonies": unit.ceremonies,
                "forms": unit.survey_forms,
                "satisfaction": satisfaction,
                "dialogues": unit.dialogues_held,
                "resolved": unit.resolved,
                "resolution_rate": unit.resolution_rate,
                "score": unit.latest_score,
                "score_max": unit.latest_score_max,
                "score_share": score_share,
                "points": sum(parts) / len(parts) if parts else None,
                "rank": None,
            }
        )
    ranked = sorted(
        (r for r in rows if r["points"] is not None), key=lambda r: (-r["points"], r["unit"].name)
    )
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    unranked = [r for r in rows if r["points"] is None]
    return ranked + unranked


def leading_and_lagging(table: list[dict], *, size: int = 5) -> tuple[list[dict], list[dict]]:
    ranked = [row for row in table if row["rank"] is not None]
    size = min(size, len(ranked) // 2)
    return ranked[:size], list(reversed(ranked[-size:])) if size else []


# --- Awards ------------------------------------------------------------------------------------------


def award_totals(decisions: QuerySet[AwardDecision]) -> dict:
    """Decided awards by kind: "16 tập thể và 8 cá nhân" (one query)."""
    return Award.objects.filter(decision__in=decisions.values("pk"), status=Award.Status.DECIDED).aggregate(
        collectives=Count("pk", filter=Q(kind=Award.Kind.COLLECTIVE)),
        individuals=Count("pk", filter=Q(kind=Award.Kind.INDIVIDUAL)),
    )


def review_awards(*, review: Review) -> dict:
    """Award decisions announced at the review, with their awardees, and the totals."""
    decisions = review.award_decisions.prefetch_related("awards").order_by("decided_on", "id")
    proposed = Award.objects.filter(decision__in=decisions.values("pk"), status=Award.Status.PROPOSED)
    return {
        "decisions": list(decisions),
        "totals": award_totals(decisions),
        "proposed": proposed.count(),
    }


def decision_list(*, user: User) -> QuerySet[AwardDecision]:
    """Decisions in the user's scope with their awardees counted by kind (all statuses) and the
    nominations still proposed: one query."""
    return (
        scope_queryset(AwardDecision.objects.all(), user=user, via="programme__owner_unit")
        .select_related("programme__owner_unit", "review")
        .annotate(
            collectives=Count("awards", filter=Q(awards__kind=Award.Kind.COLLECTIVE)),
            individuals=Count("awards", filter=Q(awards__kind=Award.Kind.INDIVIDUAL)),
            proposed=Count("awards", filter=Q(awards__status=Award.Status.PROPOSED)),
        )
    )


def award_decision_in_scope(*, user: User) -> QuerySet[AwardDecision]:
    """Award decisions the user may read: those of programmes owned by a unit in their scope."""
    return scope_queryset(AwardDecision.objects.all(), user=user, via="programme__owner_unit").select_related(
        "programme__owner_unit", "review"
    )


def award_in_scope(*, user: User) -> QuerySet[Award]:
    return scope_queryset(
        Award.objects.all(), user=user, via="decision__programme__owner_unit"
    ).select_related("decision__programme__owner_unit", "commune__parent", "staff_member")


def can_manage_awards(*, user: User, programme: Programme) -> bool:
    """Award decisions are written by the administrators of the province that owns the programme."""
    return can_configure(user) and (
        user.is_superuser or visible_units(user).filter(pk=programme.owner_unit_id).exists()
    )


def award_programmes(*, user: User) -> QuerySet[Programme]:
    """The programmes the user may write award decisions for."""
    if not can_configure(user):
        return Programme.objects.none()
    return reviewable_programmes(user=user)


def award_communes(*, programme: Programme) -> QuerySet[AdminUnit]:
    """The communes a collective award of the programme may name: those of its owner unit."""
    return scope_communes(unit=programme.owner_unit).select_related("parent").order_by("parent__name", "name")


def award_staff(*, programme: Programme) -> QuerySet[StaffMember]:
    """Officers an individual award may be linked to: staff of the programme's communes, or of the
    communes that took them over in 2025 (the register is kept by today's communes)."""
    communes = scope_communes(unit=programme.owner_unit)
    return (
        StaffMember.objects.filter(Q(commune__in=communes) | Q(commune__predecessors__in=communes))
        .distinct()
        .select_related("commune")
        .order_by("commune__name", "order", "full_name")
    )


def decision_is_decided(*, decision: AwardDecision) -> bool:
    """A decision is signed once its nominations are marked decided: then its list is closed."""
    return decision.awards.filter(status=Award.Status.DECIDED).exists()


def decision_awards(*, decision: AwardDecision) -> QuerySet[Award]:
    """The awardees of a decision: collectives first, then individuals, in their order."""
    return decision.awards.select_related("commune__parent", "staff_member").order_by("kind", "order", "id")


def decision_certificates(*, decision: AwardDecision) -> QuerySet[Award]:
    """The awards of a decision that get a certificate: the decided ones."""
    return decision_awards(decision=decision).filter(status=Award.Status.DECIDED)


def nomination_source(*, decision: AwardDecision) -> dict:
    """Where nominations are ranked from: the decision's review (its scope and period) or, without
    one, the programme's owner unit over the whole phase."""
    review, programme = decision.review, decision.programme
    if review is not None:
        return {
            "communes": scope_communes(unit=review.scope_unit),
            "start": review.period_start,
            "end": review.period_end,
            "review": review,
        }
    return {
        "communes": scope_communes(unit=programme.owner_unit),
        "start": programme.phase_start,
        "end": programme.phase_end,
        "review": None,
    }


def nomination_rows(*, decision: AwardDecision) -> list[dict]:
    """The ranked communes of `commune_table` (ranked ones only, best first), each marked when the
    decision already names it."""
    source = nomination_source(decision=decision)
    table = commune_table(
        programme=decision.programme, communes=source["communes"], start=source["start"], end=source["end"]
    )
    named = set(
        decision.awards.filter(kind=Award.Kind.COLLECTIVE, commune__isnull=False).values_list(
            "commune_id", flat=True
        )
    )
    rows = [row for row in table if row["rank"] is not None]
    for row in rows:
        row["in_decision"] = row["unit"].pk in named
    return rows


def award_totals_phrase(totals: dict) -> str:
    """ "16 tập thể và 8 cá nhân" from {"collectives": 16, "individuals": 8}."""
    from friendly_gov.templatetags.vn import number

    collectives, individuals = totals.get("collectives") or 0, totals.get("individuals") or 0
    values = {"collectives": number(collectives), "individuals": number(individuals)}
    if collectives and individuals:
        return _("%(collectives)s tập thể và %(individuals)s cá nhân") % values
    if collectives:
        return _("%(collectives)s tập thể") % values
    if individuals:
        return _("%(individuals)s cá nhân") % values
    return str(_("chưa có tập thể, cá nhân nào"))


# --- The review document ------------------------------------------------------------------------


def review_document(*, review: Review) -> dict:
    """Everything the review PDF states, from the selectors above (and so the same figures as the
    dashboard): about thirty queries, whatever the number of records."""
    from . import charts  # drawing only; kept out of the module's import-time dependencies

    programme = review.programme
    communes = scope_communes(unit=review.scope_unit)
    start, end = review.period_start, review.period_end
    current = review_figures(programme=programme, communes=communes, start=start, end=end)
    previous_start, previous_end = previous_period(start, end)
    previous = None
    if previous_end >= programme.phase_start:  # a whole-phase review has no previous period
        previous_start = max(previous_start, programme.phase_start)
        previous = review_figures(
            programme=programme, communes=communes, start=previous_start, end=previous_end
        )
    table = commune_table(programme=programme, communes=communes, start=start, end=end)
    leading, lagging = leading_and_lagging(table)
    rollout = programme_rollout(programme=programme, communes=communes, end=end)
    by_year = communes_index_by_year(communes=communes, month_from=start, month_to=end)
    return {
        "review": review,
        "programme": programme,
        "documents": list(programme.documents.order_by("issued_on", "id")),
        "steering": list(programme.steering_members.order_by("order", "id")),
        "figures": current,
        "previous": previous,
        "previous_start": previous_start,
        "previous_end": previous_end,
        "rows": indicator_rows(current=current, previous=previous),
        "rollout": rollout,
        "table": table,
        "ranked": sum(1 for row in table if row["rank"] is not None),
        "leading": leading,
        "lagging": lagging,
        "survey_by_year": by_year,
        "survey_trend_known": any(index.overall is not None for _year, index in by_year),
        "awards": review_awards(review=review),
        "charts": {
            "factors": charts.bar_chart(
                [(label, value) for _f, label, value in current.survey.factor_rows],
                percent=True,
                max_value=1,
                title=_("Tỷ lệ hài lòng theo yếu tố"),
            ),
            "survey_trend": charts.line_chart(
                [(str(year), index.overall) for year, index in by_year], percent=True
            ),
            "rollout": charts.bar_chart(
                [(str(row["year"]), row["share"]) for row in rollout],
                percent=True,
                max_value=1,
                title=_("Tỷ lệ xã thực hiện mô hình (lũy kế)"),
            ),
        },
    }
