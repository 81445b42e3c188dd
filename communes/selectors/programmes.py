"""Reads of programmes and enrolled communes, always through the user's scope."""

import datetime

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, ExtractYear, NullIf

from ..models import AdminUnit, Enrolment, FacilityCheck, Programme, ProgrammeDocument, SteeringMember, User
from ..scope import scope_queryset
from .activity import activity_totals, annotate_commune_record, commune_record, commune_todo
from .criteria import annotate_latest_score, assessment_due_for


def programme_list(*, user: User) -> QuerySet[Programme]:
    """Programmes the user may see: through the owner unit (province staff) or through an
    enrolled commune (an officer). Each carries its enrolled and pilot counts, and the number of
    communes of its owner unit (for the rollout share)."""
    programmes = scope_queryset(Programme.objects.all(), user=user, via=("owner_unit", "enrolments__commune"))
    owner = OuterRef("owner_unit")
    owner_total = (
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, era=OuterRef("owner_unit__era"))
        .filter(Q(parent=owner) | Q(parent__parent=owner))
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        programmes.select_related("owner_unit", "implements")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            pilots=Count("enrolments", filter=~Q(enrolments__level=Enrolment.Level.ROLLOUT), distinct=True),
            owner_communes=Subquery(owner_total, output_field=IntegerField()),
        )
        .annotate(
            rollout_share=ExpressionWrapper(
                Cast(F("enrolled"), FloatField()) / NullIf(F("owner_communes"), 0), output_field=FloatField()
            )
        )
    )


def enrolment_list(*, user: User, programme: Programme | None = None) -> QuerySet[Enrolment]:
    enrolments = scope_queryset(Enrolment.objects.all(), user=user, via="commune")
    if programme is not None:
        enrolments = enrolments.filter(programme=programme)
    return enrolments.select_related("commune__parent", "programme__owner_unit")


def programme_detail(*, user: User, programme: Programme) -> dict:
    """What the programme page shows: documents, steering committee, rollout, and each enrolled
    commune the user may see with its record over the programme's phase. The programmes that
    implement it (a district's rollout of a province's model) are rolled up into its figures: their
    communes count in its rollout, its activity totals and its per-commune table."""
    enrolments = scope_queryset(programme_enrolments(programme=programme), user=user, via="commune")
    communes = AdminUnit.objects.filter(pk__in=enrolments.values("commune"))
    return {
        "programme": programme,
        "documents": list(ProgrammeDocument.objects.filter(programme=programme)),
        "steering": list(SteeringMember.objects.filter(programme=programme).order_by("order", "id")),
        "implementations": programme_list(user=user).filter(implements=programme),
        "rollout": programme_rollout(programme=programme, with_implementations=True),
        "totals": activity_totals(communes=communes, start=programme.phase_start, end=programme.phase_end),
        "enrolments": programme_communes(user=user, programme=programme),
        "checklist_total": len(FacilityCheck.Item.choices),
    }


def programme_family(*, programme: Programme) -> QuerySet[Programme]:
    """The programme and the programmes that implement it, two levels down (a province's model,
    the districts' rollouts of it and theirs): enough for the units that own programmes."""
    return Programme.objects.filter(
        Q(pk=programme.pk) | Q(implements=programme) | Q(implements__implements=programme)
    )


def programme_enrolments(*, programme: Programme) -> QuerySet[Enrolment]:
    """The communes taking part in the programme or in one that implements it, each once: a
    commune enrolled at several levels (a province pilot that the district enrolled too) counts
    by its own programme's enrolment if it has one, otherwise by its earliest."""
    family = programme_family(programme=programme).values("pk")
    enrolments = Enrolment.objects.filter(programme__in=family)
    same_commune = enrolments.filter(commune=OuterRef("commune")).exclude(pk=OuterRef("pk"))
    direct = same_commune.filter(programme=programme)
    earlier = same_commune.filter(
        Q(selected_on__lt=OuterRef("selected_on"))
        | Q(selected_on=OuterRef("selected_on"), pk__lt=OuterRef("pk"))
    )
    return enrolments.filter(Q(programme=programme) | (~Exists(direct) & ~Exists(earlier)))


def programme_communes(*, user: User, programme: Programme) -> QuerySet[Enrolment]:
    """The enrolled communes in the user's scope, those of the programmes implementing it
    included, each annotated with its record over the phase: the per-commune table of the
    programme overview and its exports."""
    enrolments = (
        scope_queryset(programme_enrolments(programme=programme), user=user, via="commune")
        .select_related("commune__parent", "programme__owner_unit")
        .order_by("level", "commune__parent__name", "commune__name")
    )
    enrolments = annotate_commune_record(
        enrolments, start=programme.phase_start, end=programme.phase_end, commune_ref="commune"
    )
    return annotate_latest_score(enrolments, commune_ref="commune", programme=programme)


def owner_communes(*, programme: Programme) -> QuerySet[AdminUnit]:
    """All communes of the programme's owner unit (a province or a district), in its era."""
    owner = programme.owner_unit
    return AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, era=owner.era).filter(
        Q(parent=owner) | Q(parent__parent=owner)
    )


def programme_rollout(
    *,
    programme: Programme,
    communes: QuerySet[AdminUnit] | None = None,
    end: datetime.date | None = None,
    with_implementations: bool = False,
) -> list[dict]:
    """Communes enrolled year by year: new pilots and rollouts, the running total and its share of
    all communes of the owner unit (Lạng Sơn: 17 pilots in 2019, every commune by 2024). With
    `communes` (a review's scope) and `end`, only those communes and enrolments until that day;
    `with_implementations` counts the communes of the programmes implementing it too, each once
    (Bình Dương's model with Bàu Bàng's rollout)."""
    if with_implementations:
        enrolments = programme_enrolments(programme=programme)
    else:
        enrolments = Enrolment.objects.filter(programme=programme)
    enrolments = enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
    if communes is not None:
        enrolments = enrolments.filter(commune__in=communes.values("pk"))
    if end is not None:
        enrolments = enrolments.filter(selected_on__lte=end)
    per_year = (
        enrolments.annotate(year=ExtractYear("selected_on"))
        .values("year")
        .annotate(
            pilots=Count("pk", filter=~Q(level=Enrolment.Level.ROLLOUT)),
            rollout=Count("pk", filter=Q(level=Enrolment.Level.ROLLOUT)),
        )
        .order_by("year")
    )
    all_communes = (communes if communes is not None else owner_communes(programme=programme)).count()
    rows, running = [], 0
    for row in per_year:  # one row a year: a summary, not an aggregate over records
        running += row["pilots"] + row["rollout"]
        rows.append({**row, "cumulative": running, "share": running / all_communes if all_communes else None})
    return rows


def home_summary(*, user: User) -> dict:
    """The user's scope, as the home page states it."""
    units = scope_queryset(AdminUnit.objects.all(), user=user, via="")
    counts = units.aggregate(
        communes=Count("pk", filter=Q(level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.CURRENT)),
        legacy_communes=Count("pk", filter=Q(level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.LEGACY)),
    )
    programmes = programme_list(user=user).order_by("-phase_start")
    own_communes = todo = None
    if user.is_commune_officer:
        own_communes = units.select_related("parent", "successor").order_by("era", "name")
        todo = commune_todo(commune=user.commune)
        todo["assessments_due"] = list(assessment_due_for(commune=user.commune))
    return {
        **counts,
        "programmes": programmes[:10],
        "programme_count": programmes.count(),
        "own_communes": own_communes,
        "todo": todo,
        "enrolment_count": enrolment_list(user=user).count(),
    }


def commune_detail(*, user: User, unit: AdminUnit) -> dict:
    context = {
        "unit": unit,
        "enrolments": enrolment_list(user=user).filter(commune=unit).order_by("-selected_on"),
        "predecessors": unit.predecessors.select_related("parent").order_by("name"),
        "children": unit.children.order_by("code")[:200] if unit.level != AdminUnit.Level.COMMUNE else [],
    }
    if unit.level == AdminUnit.Level.COMMUNE:
        context["record"] = commune_record(user=user, commune=unit)
        context["record"]["todo"]["assessments_due"] = list(assessment_due_for(commune=unit))
    return context


def _prefetch_documents() -> Prefetch:
    return Prefetch("documents", queryset=ProgrammeDocument.objects.order_by("issued_on"))


def programme_list_with_documents(*, user: User) -> QuerySet[Programme]:
    """For the API: programmes with their documents in one extra query."""
    return programme_list(user=user).prefetch_related(_prefetch_documents())
