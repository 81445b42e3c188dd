"""Reads of criteria sets and self-assessments: the set as a tree with its maxima, an assessment's
score sheet, totals, the ranking of communes, the officer's due assessments and the latest score
of each commune. Totals are summed in SQL; pages, exports and the API read the same selectors."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank

from ..models import (
    AdminUnit,
    AssessmentScore,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Enrolment,
    EvidenceFile,
    Programme,
    SelfAssessment,
    User,
)
from ..scope import scope_queryset, visible_units

# Scope paths from each model to an AdminUnit (see communes/scope.py).
PROGRAMME_SCOPE = ("owner_unit", "enrolments__commune")
SET_SCOPE = tuple(f"programme__{path}" for path in PROGRAMME_SCOPE)
GROUP_SCOPE = tuple(f"criteria_set__{path}" for path in SET_SCOPE)
CRITERION_SCOPE = tuple(f"group__{path}" for path in GROUP_SCOPE)
ASSESSMENT_SCOPE = "commune"

SCORE = DecimalField(max_digits=10, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=SCORE)
Status = SelfAssessment.Status
RANKED_STATUSES = [Status.SUBMITTED, Status.VERIFIED]


def _sum_subquery(queryset: QuerySet, *, group_by: str, field) -> Coalesce:
    """SUM(field) of `queryset` (already filtered on an OuterRef) as a scalar subquery, 0 if none."""
    total = queryset.order_by().values(group_by).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=SCORE), ZERO)


def _count_subquery(queryset: QuerySet, *, group_by: str) -> Coalesce:
    count = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def leaf_criteria(*, criteria_set: CriteriaSet | int) -> QuerySet[Criterion]:
    """The criteria scored directly: those without sub-criteria."""
    return Criterion.objects.filter(group__criteria_set=criteria_set, children__isnull=True)


def _leaves_of_set(ref) -> QuerySet[Criterion]:
    return Criterion.objects.filter(group__criteria_set=ref, children__isnull=True)


# --- Criteria sets ----------------------------------------------------------------------------------


def programmes_for_criteria(*, user: User) -> QuerySet[Programme]:
    """Programmes the user may see, for choosing a programme (filters, the new-set form)."""
    return scope_queryset(Programme.objects.all(), user=user, via=PROGRAMME_SCOPE).select_related(
        "owner_unit"
    )


def criteria_set_list(*, user: User) -> QuerySet[CriteriaSet]:
    """Criteria sets in the user's scope, each with its number of scored criteria and its maximum
    total (the sum of the leaves' maxima)."""
    leaves = _leaves_of_set(OuterRef("pk"))
    return (
        scope_queryset(CriteriaSet.objects.all(), user=user, via=SET_SCOPE)
        .select_related("programme__owner_unit")
        .annotate(
            total_max=_sum_subquery(leaves, group_by="group__criteria_set", field="max_score"),
            leaf_count=_count_subquery(leaves, group_by="group__criteria_set"),
        )
    )


def criteria_set_tree(*, criteria_set: CriteriaSet) -> dict:
    """The set as groups → criteria → sub-criteria, in two queries. Each group carries its
    maximum (`total_max`, summed in SQL over its leaves), each criterion its `sub_criteria` and
    `is_leaf`; the set total is the sum of the group totals already loaded."""
    groups = list(
        CriteriaGroup.objects.filter(criteria_set=criteria_set)
        .annotate(
            total_max=_sum_subquery(
                Criterion.objects.filter(group=OuterRef("pk"), children__isnull=True),
                group_by="group",
                field="max_score",
            )
        )
        .order_by("order", "id")
    )
    criteria = list(
        Criterion.objects.filter(group__criteria_set=criteria_set).order_by("group_id", "order", "id")
    )
    _attach_tree(groups, criteria)
    return {
        "groups": groups,
        "total_max": sum((group.total_max for group in groups), Decimal("0")),
        "leaves": [leaf for group in groups for leaf in group.leaves],
    }


def _attach_tree(groups: list[CriteriaGroup], criteria: list[Criterion]) -> None:
    """Link the loaded rows into a tree (no query): group.top_criteria, criterion.sub_criteria,
    and group.leaves in reading order."""
    children = defaultdict(list)
    top = defaultdict(list)
    for criterion in criteria:
        if criterion.parent_id:
            children[criterion.parent_id].append(criterion)
        else:
            top[criterion.group_id].append(criterion)
    for criterion in criteria:
        criterion.sub_criteria = children.get(criterion.pk, [])
        criterion.is_leaf = not criterion.sub_criteria

    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node.sub_criteria)

    for group in groups:
        group.top_criteria = top.get(group.pk, [])
        group.rows = list(walk(group.top_criteria))
        group.leaves = [row for row in group.rows if row.is_leaf]


# --- Assessments ------------------------------------------------------------------------------------


def annotate_assessment_totals(queryset: QuerySet[SelfAssessment]) -> QuerySet[SelfAssessment]:
    """Per assessment: self_total, final_total (verified score where given, else the self
    score), scored_count, and the set's max_total and leaf_count. Subqueries: no extra query."""
    scores = AssessmentScore.objects.filter(assessment=OuterRef("pk"))
    leaves = _leaves_of_set(OuterRef("criteria_set"))
    return queryset.annotate(
        self_total=_sum_subquery(scores, group_by="assessment", field="self_score"),
        final_total=_sum_subquery(
            scores, group_by="assessment", field=Coalesce("verified_score", "self_score")
        ),
        scored_count=_count_subquery(scores, group_by="assessment"),
        max_total=_sum_subquery(leaves, group_by="group__criteria_set", field="max_score"),
        leaf_count=_count_subquery(leaves, group_by="group__criteria_set"),
    )


def assessment_list(*, user: User) -> QuerySet[SelfAssessment]:
    """Self-assessments of the communes in the user's scope, with their totals."""
    assessments = scope_queryset(SelfAssessment.objects.all(), user=user, via=ASSESSMENT_SCOPE)
    return annotate_assessment_totals(
        assessments.select_related("commune__parent", "criteria_set__programme", "verified_by")
    )


def assessment_sheet(*, assessment: SelfAssessment) -> dict:
    """The score sheet of an assessment: the set's tree with, on each leaf, its `score`
    (AssessmentScore or None, with its files), and per group the self, final and maximum totals
    summed in SQL. Four queries whatever the size of the set."""
    scores_of_group = AssessmentScore.objects.filter(assessment=assessment, criterion__group=OuterRef("pk"))
    groups = list(
        CriteriaGroup.objects.filter(criteria_set_id=assessment.criteria_set_id)
        .annotate(
            total_max=_sum_subquery(
                Criterion.objects.filter(group=OuterRef("pk"), children__isnull=True),
                group_by="group",
                field="max_score",
            ),
            self_total=_sum_subquery(scores_of_group, group_by="criterion__group", field="self_score"),
            final_total=_sum_subquery(
                scores_of_group,
                group_by="criterion__group",
                field=Coalesce("verified_score", "self_score"),
            ),
        )
        .order_by("order", "id")
    )
    criteria = list(
        Criterion.objects.filter(group__criteria_set_id=assessment.criteria_set_id).order_by(
            "group_id", "order", "id"
        )
    )
    _attach_tree(groups, criteria)
    scores = {
        score.criterion_id: score
        for score in AssessmentScore.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at", "id"))
        )
    }
    for criterion in criteria:
        criterion.score = scores.get(criterion.pk)
    leaves = [leaf for group in groups for leaf in group.leaves]
    return {
        "groups": groups,
        "leaves": leaves,
        "total_max": sum((group.total_max for group in groups), Decimal("0")),
        "missing": [leaf for leaf in leaves if leaf.score is None],
    }


def ranking(*, user: User) -> QuerySet[SelfAssessment]:
    """Submitted and verified assessments in the user's scope, ranked by final total within
    each criteria set and period (ties share a rank). The ranking page, its exports and the API
    read this; filters (set, period, verified only) narrow it before the ranks are computed."""
    return (
        assessment_list(user=user)
        .filter(status__in=RANKED_STATUSES)
        .annotate(
            rank=Window(
                expression=Rank(),
                partition_by=[F("criteria_set_id"), F("period_label")],
                order_by=F("final_total").desc(),
            )
        )
        .order_by(
            "criteria_set__programme_id", "-criteria_set__version", "period_label", "rank", "commune__name"
        )
    )


def assessment_due_for(*, commune: AdminUnit) -> QuerySet[SelfAssessment]:
    """The commune's assessments still being scored that have a due date or were returned by
    the province, soonest due first: for the officer's to-do list. A 2025 commune's list holds
    those of the communes it took over (their officers are its officers now)."""
    return (
        SelfAssessment.objects.filter(Q(commune=commune) | Q(commune__successor=commune), status=Status.DRAFT)
        .filter(Q(due_on__isnull=False) | Q(returned_at__isnull=False))
        .select_related("criteria_set")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def annotate_latest_score(
    queryset: QuerySet, *, commune_ref: str = "pk", programme: Programme | None = None
) -> QuerySet:
    """Annotate communes (or rows pointing at one, with commune_ref="commune") with their latest
    submitted or verified assessment (optionally of one programme's sets): latest_assessment_id,
    latest_score (its final total), latest_score_max, latest_score_label, latest_score_status.
    Subqueries: the annotated queryset is still one query."""

    def latest(ref):
        rows = SelfAssessment.objects.filter(commune=ref, status__in=RANKED_STATUSES)
        if programme is not None:
            rows = rows.filter(criteria_set__programme=programme)
        return rows.order_by("-period_end", "-id")

    def field(name):
        return Subquery(latest(OuterRef(commune_ref)).values(name)[:1])

    # One level deeper, the commune is the outer query's outer reference.
    nested = OuterRef(OuterRef(commune_ref))
    scores = (
        AssessmentScore.objects.filter(assessment=Subquery(latest(nested).values("pk")[:1]))
        .order_by()
        .values("assessment")
        .annotate(total=Sum(Coalesce("verified_score", "self_score")))
        .values("total")
    )
    maxima = (
        Criterion.objects.filter(
            group__criteria_set=Subquery(latest(nested).values("criteria_set")[:1]), children__isnull=True
        )
        .order_by()
        .values("group__criteria_set")
        .annotate(total=Sum("max_score"))
        .values("total")
    )
    return queryset.annotate(
        latest_assessment_id=field("pk"),
        latest_score=Subquery(scores, output_field=SCORE),
        latest_score_max=Subquery(maxima, output_field=SCORE),
        latest_score_label=field("period_label"),
        latest_score_status=field("status"),
    )


def latest_scores(*, communes_qs: QuerySet[AdminUnit], programme: Programme | None = None) -> QuerySet:
    """Communes annotated with the final total of their latest submitted or verified
    assessment (see annotate_latest_score)."""
    return annotate_latest_score(communes_qs, programme=programme)


def eligible_communes(*, user: User, criteria_set: CriteriaSet) -> QuerySet[AdminUnit]:
    """Communes the user may record for that take part (not withdrawn) in the set's programme,
    the 2025 communes that took over one that does included: the choices of the
    start-an-assessment form."""
    enrolled = Enrolment.objects.filter(programme_id=criteria_set.programme_id).exclude(
        status=Enrolment.Status.WITHDRAWN
    )
    successors = AdminUnit.objects.filter(pk__in=enrolled.values("commune")).values("successor")
    return (
        visible_units(user)
        .filter(level=AdminUnit.Level.COMMUNE)
        .filter(Q(pk__in=enrolled.values("commune")) | Q(pk__in=successors))
        .select_related("parent")
        .order_by("name")
    )
