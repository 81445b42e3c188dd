"""Reads of the surveys app. `survey_results` is THE selector of the satisfaction index: the results
pages, the API, the exports and (later) the review PDFs all read it, so the figure is the same
everywhere.

It reads the pre-aggregated monthly counts (exact: they are incremented in each response's
transaction), never the responses themselves, except for the distribution of answers filtered
by service or officer, which the monthly answer counts do not break down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communes.models import AdminUnit, Enrolment, Programme, User
from communes.scope import scope_queryset

from .models import (
    SIPAS_FACTORS,
    Answer,
    Desk,
    Factor,
    MonthlyAnswerCount,
    MonthlyCount,
    PaperBatch,
    Question,
    ResponseCode,
    Service,
    SurveyResponse,
    SurveyTally,
    SurveyTemplate,
)
from .services import COUNT_COLUMNS, template_default_ensure

PILOT_LEVELS = [Enrolment.Level.PROVINCE_PILOT, Enrolment.Level.DISTRICT_PILOT]


# --- Templates --------------------------------------------------------------------------------------


def template_current(family: str = "sipas") -> SurveyTemplate:
    """The newest published version, the one citizens answer (the default SIPAS template is made
    the first time it is needed)."""
    template = (
        SurveyTemplate.objects.filter(family=family, published_at__isnull=False).order_by("-version").first()
    )
    return template or template_default_ensure()


# Units known to be communes, with their era, for the POST of a response (the hot path of every
# submission): a unit's level and era never change, and the statement that stores a response
# checks the level again.
_COMMUNES: dict[int, str] = {}


def posted_commune(pk: int) -> AdminUnit | None:
    """The commune a response is posted to, without its names (storing a response needs only the
    id, and the era for the era rule), None if `pk` is no commune; read from the database once
    per process."""
    if pk not in _COMMUNES:
        communes = AdminUnit.objects.filter(pk=pk, level=AdminUnit.Level.COMMUNE)
        era = communes.values_list("era", flat=True).first()
        if era is None:
            return None
        if len(_COMMUNES) > 100_000:
            _COMMUNES.clear()
        _COMMUNES[pk] = era
    return AdminUnit(pk=pk, level=AdminUnit.Level.COMMUNE, era=_COMMUNES[pk])


# Published templates never change: each version is read once per process.
_PUBLISHED: dict[int, SurveyTemplate] = {}


def template_published(pk: int) -> SurveyTemplate | None:
    """The published version `pk` (the one a citizen was shown), None if there is none."""
    template = _PUBLISHED.get(pk)
    if template is None:
        template = SurveyTemplate.objects.filter(pk=pk, published_at__isnull=False).first()
        if template is not None:
            _PUBLISHED[pk] = template
    return template


def template_list() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.annotate(
        question_count=Count("questions", distinct=True), response_count=Count("responses", distinct=True)
    ).order_by("family", "-version")


# --- Administrative procedures (services) ------------------------------------------------------------


def service_list() -> QuerySet[Service]:
    """Every procedure, with whether responses refer to it (one indexed EXISTS a row)."""
    return Service.objects.annotate(
        has_responses=Exists(SurveyResponse.objects.filter(service=OuterRef("pk")))
    ).order_by("-is_active", "field", "name")


def service_fields() -> list[str]:
    """The fields (lĩnh vực) in use, for the filter."""
    fields = Service.objects.exclude(field="").order_by("field").values_list("field", flat=True)
    return list(fields.distinct())


# --- Lists (scoped) ---------------------------------------------------------------------------------


def response_list(*, user: User) -> QuerySet[SurveyResponse]:
    return scope_queryset(SurveyResponse.objects.all(), user=user, via="commune").select_related(
        "commune", "service", "desk", "template"
    )


def code_list(*, user: User) -> QuerySet[ResponseCode]:
    return scope_queryset(ResponseCode.objects.all(), user=user, via="commune").select_related(
        "commune", "service", "officer", "desk"
    )


def batch_list(*, user: User) -> QuerySet[PaperBatch]:
    return (
        scope_queryset(PaperBatch.objects.all(), user=user, via="commune")
        .select_related("commune", "desk", "entered_by", "checked_by")
        .annotate(entered=Count("responses"))
        .order_by("-collected_on", "-id")
    )


def tally_list(*, user: User) -> QuerySet[SurveyTally]:
    return scope_queryset(SurveyTally.objects.all(), user=user, via="commune").select_related(
        "commune", "recorded_by"
    )


def desk_list(*, commune: AdminUnit) -> QuerySet[Desk]:
    return Desk.objects.filter(commune=commune)


def commune_officers(*, commune: AdminUnit) -> QuerySet[User]:
    return User.objects.filter(role=User.Role.COMMUNE_OFFICER, commune=commune, is_active=True).order_by(
        "last_name", "first_name"
    )


def pilot_communes() -> QuerySet[AdminUnit]:
    """Communes enrolled as a pilot (of the province or the district) in some programme."""
    return AdminUnit.objects.filter(
        enrolments__level__in=PILOT_LEVELS, enrolments__status__in=["selected", "launched"]
    ).distinct()


# --- The satisfaction index -------------------------------------------------------------------------


def ratio(satisfied: int | None, answered: int | None) -> float | None:
    return (satisfied or 0) / answered if answered else None


@dataclass
class Index:
    """Forms counted, and the share satisfied overall and per factor (ratios, None when nobody
    answered)."""

    forms: int = 0
    overall: float | None = None
    overall_answered: int = 0
    factors: dict[str, float | None] = field(default_factory=dict)

    @classmethod
    def from_sums(cls, sums: dict) -> Index:
        return cls(
            forms=sums.get("forms") or 0,
            overall=ratio(sums.get("overall_satisfied"), sums.get("overall_answered")),
            overall_answered=sums.get("overall_answered") or 0,
            factors={f: ratio(sums.get(f"{f}_satisfied"), sums.get(f"{f}_answered")) for f in SIPAS_FACTORS},
        )

    @property
    def overall_pct(self) -> int:
        return round((self.overall or 0) * 100)

    @property
    def factor_rows(self) -> list[tuple[str, str, float | None]]:
        return [(f, Factor(f).label, self.factors.get(f)) for f in SIPAS_FACTORS]


@dataclass
class Distribution:
    question: Question
    rows: list[tuple[str, int, float]]  # (label, count, share)
    total: int


@dataclass
class SurveyResults:
    index: Index
    by_commune: QuerySet  # rows: commune id, name, sums (for pagination and exports)
    pilot: Index
    non_pilot: Index
    trend: list[tuple[datetime.date, str, Index]]
    distributions: list[Distribution]
    template: SurveyTemplate | None


def _sums() -> dict:
    return {column: Coalesce(Sum(column), 0) for column in COUNT_COLUMNS}


def _apply_filters(
    queryset: QuerySet,
    *,
    commune: AdminUnit | None,
    month_from: datetime.date | None,
    month_to: datetime.date | None,
) -> QuerySet:
    if commune is not None:
        # A current commune's figures include the legacy communes it took over in 2025.
        queryset = queryset.filter(Q(commune=commune) | Q(commune__successor=commune))
    if month_from:
        queryset = queryset.filter(month__gte=month_from.replace(day=1))
    if month_to:
        queryset = queryset.filter(month__lte=month_to.replace(day=1))
    return queryset


def survey_results(
    *,
    user: User,
    commune: AdminUnit | None = None,
    service: Service | None = None,
    officer: User | None = None,
    month_from: datetime.date | None = None,
    month_to: datetime.date | None = None,
    programme: Programme | None = None,
    template: SurveyTemplate | None = None,
    with_distributions: bool = True,
) -> SurveyResults:
    """The satisfaction index over the communes in the user's scope, for a commune, service,
    officer and period (months, inclusive): overall and per factor, by commune, pilot against
    non-pilot communes (pilots of `programme`, or of any programme), the trend by month (by year
    over more than two years) and the distribution of each question's answers."""
    counts = _apply_filters(
        scope_queryset(MonthlyCount.objects.all(), user=user, via="commune"),
        commune=commune,
        month_from=month_from,
        month_to=month_to,
    )
    if service is not None:
        counts = counts.filter(service_key=service.pk)
    if officer is not None:
        counts = counts.filter(officer_key=officer.pk)

    index = Index.from_sums(counts.aggregate(**_sums()))

    pilots = Enrolment.objects.filter(
        commune_id=OuterRef("commune_id"), level__in=PILOT_LEVELS, status__in=["selected", "launched"]
    )
    if programme is not None:
        pilots = pilots.filter(programme=programme)
    split = {
        row["is_pilot"]: Index.from_sums(row)
        for row in counts.annotate(is_pilot=Exists(pilots)).values("is_pilot").annotate(**_sums())
    }

    monthly = list(counts.values("month").annotate(**_sums()).order_by("month"))
    # Over more than two years the trend is read by year, so that a chart stays legible.
    by_year = len(monthly) > 1 and (monthly[-1]["month"] - monthly[0]["month"]).days > 731
    trend = []
    if by_year:
        years: dict[int, dict] = {}
        for row in monthly:
            total = years.setdefault(row["month"].year, dict.fromkeys(COUNT_COLUMNS, 0))
            for column in COUNT_COLUMNS:
                total[column] += row[column]
        for year, sums in years.items():
            trend.append((datetime.date(year, 1, 1), str(year), Index.from_sums(sums)))
    else:
        for row in monthly:
            trend.append((row["month"], f"{row['month']:%m/%Y}", Index.from_sums(row)))

    by_commune = (
        counts.values("commune_id", "commune__name", "commune__parent__name")
        .annotate(**_sums())
        .order_by("commune__parent__name", "commune__name")
    )

    template = template or template_current()
    distributions = []
    if with_distributions:
        distributions = _distributions(
            user=user,
            template=template,
            commune=commune,
            service=service,
            officer=officer,
            month_from=month_from,
            month_to=month_to,
        )
    return SurveyResults(
        index=index,
        by_commune=by_commune,
        pilot=split.get(True, Index()),
        non_pilot=split.get(False, Index()),
        trend=trend,
        distributions=distributions,
        template=template,
    )


def _distributions(
    *,
    user: User,
    template: SurveyTemplate,
    commune: AdminUnit | None,
    service: Service | None,
    officer: User | None,
    month_from: datetime.date | None,
    month_to: datetime.date | None,
) -> list[Distribution]:
    questions = [q for q in template.questions.all() if q.kind not in Question.TEXT_KINDS]
    if service is None and officer is None:
        rows = (
            _apply_filters(
                scope_queryset(MonthlyAnswerCount.objects.all(), user=user, via="commune"),
                commune=commune,
                month_from=month_from,
                month_to=month_to,
            )
            .filter(question__template=template)
            .values("question_id", "value")
            .annotate(n=Sum("count"))
        )
        counted = {(r["question_id"], r["value"]): r["n"] for r in rows}
    else:
        # Broken down by service or officer: counted from the answers themselves (a subset).
        answers = Answer.objects.filter(
            response__in=_response_subset(
                user=user,
                commune=commune,
                service=service,
                officer=officer,
                month_from=month_from,
                month_to=month_to,
            ).values("pk"),
            question__template=template,
        )
        counted = {}
        for row in answers.exclude(value=None).values("question_id", "value").annotate(n=Count("pk")):
            counted[(row["question_id"], row["value"])] = row["n"]
        multiple = [q.pk for q in questions if q.kind == Question.Kind.MULTIPLE]
        if multiple:
            # Options of a multiple choice are a JSON list: expanded in SQL by PostgreSQL would
            # tie this to one database; the subset is small enough to count here.
            for question_id, values in answers.filter(question_id__in=multiple).values_list(
                "question_id", "values"
            ):
                for item in values:
                    counted[(question_id, item)] = counted.get((question_id, item), 0) + 1
    result = []
    for question in questions:
        labels = option_labels(question)
        counts = [(label, counted.get((question.pk, value), 0)) for value, label in labels]
        total = sum(n for _label, n in counts)
        result.append(
            Distribution(
                question=question,
                rows=[(label, n, (n / total) if total else 0.0) for label, n in counts],
                total=total,
            )
        )
    return result


SCALE_LABELS = {
    1: gettext_lazy("Rất không hài lòng"),
    2: gettext_lazy("Không hài lòng"),
    3: gettext_lazy("Bình thường"),
    4: gettext_lazy("Hài lòng"),
    5: gettext_lazy("Rất hài lòng"),
}


def option_labels(question: Question) -> list[tuple[int, str]]:
    if question.kind == Question.Kind.SCALE:
        return [(v, str(label)) for v, label in SCALE_LABELS.items()]
    if question.kind == Question.Kind.YES_NO:
        return [(1, _("Có")), (0, _("Không"))]
    return list(enumerate(question.options))


def _response_subset(
    *,
    user: User,
    commune: AdminUnit | None,
    service: Service | None,
    officer: User | None,
    month_from: datetime.date | None,
    month_to: datetime.date | None,
) -> QuerySet[SurveyResponse]:
    responses = scope_queryset(SurveyResponse.objects.all(), user=user, via="commune")
    if commune is not None:
        responses = responses.filter(Q(commune=commune) | Q(commune__successor=commune))
    if service is not None:
        responses = responses.filter(service=service)
    if officer is not None:
        responses = responses.filter(officer=officer)
    if month_from:
        responses = responses.filter(submitted_at__date__gte=month_from.replace(day=1))
    if month_to:
        end = month_to.replace(day=28) + datetime.timedelta(days=4)
        responses = responses.filter(submitted_at__date__lt=end.replace(day=1))
    return responses


def commune_index(*, user: User, commune: AdminUnit) -> Index:
    """The index of one commune over all time (the commune page, the officer's home page)."""
    return survey_results(user=user, commune=commune, with_distributions=False).index


# --- Over a set of communes (province dashboards and review reports) ----------------------------


def _months(counts: QuerySet, month_from: datetime.date | None, month_to: datetime.date | None) -> QuerySet:
    if month_from:
        counts = counts.filter(month__gte=month_from.replace(day=1))
    if month_to:
        counts = counts.filter(month__lte=month_to.replace(day=1))
    return counts


def communes_index(
    *,
    communes: QuerySet[AdminUnit],
    month_from: datetime.date | None = None,
    month_to: datetime.date | None = None,
) -> Index:
    """The index over `communes` (already chosen by the caller: a review's scope, a dashboard's
    province) and a period of months: one aggregate query."""
    counts = _months(MonthlyCount.objects.filter(commune__in=communes.values("pk")), month_from, month_to)
    return Index.from_sums(counts.aggregate(**_sums()))


def communes_index_by_year(
    *,
    communes: QuerySet[AdminUnit],
    month_from: datetime.date | None = None,
    month_to: datetime.date | None = None,
) -> list[tuple[int, Index]]:
    """The same index year by year (one aggregate query grouped by year)."""
    counts = _months(MonthlyCount.objects.filter(commune__in=communes.values("pk")), month_from, month_to)
    rows = counts.annotate(year=ExtractYear("month")).values("year").annotate(**_sums()).order_by("year")
    return [(row["year"], Index.from_sums(row)) for row in rows]


def annotate_survey_counts(
    queryset: QuerySet,
    *,
    month_from: datetime.date | None = None,
    month_to: datetime.date | None = None,
    commune_ref: str = "pk",
) -> QuerySet:
    """Annotate communes with survey_forms, survey_answered and survey_satisfied (the overall
    question) over the period: subqueries, so the annotated queryset stays one query."""
    counts = _months(MonthlyCount.objects.filter(commune=OuterRef(commune_ref)), month_from, month_to)

    def total(column: str):
        sub = counts.order_by().values("commune").annotate(n=Sum(column)).values("n")
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    return queryset.annotate(
        survey_forms=total("forms"),
        survey_answered=total("overall_answered"),
        survey_satisfied=total("overall_satisfied"),
    )
