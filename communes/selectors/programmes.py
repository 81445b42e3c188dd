"""Reads of programmes and enrolled communes, always through the user's scope."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import AdminUnit, Enrolment, Programme, ProgrammeDocument, User
from ..scope import scope_queryset


def programme_list(*, user: User) -> QuerySet[Programme]:
    """Programmes the user may see: through the owner unit (province staff) or through an
    enrolled commune (an officer)."""
    programmes = scope_queryset(Programme.objects.all(), user=user, via=("owner_unit", "enrolments__commune"))
    return programmes.select_related("owner_unit", "implements").annotate(
        enrolled=Count("enrolments", distinct=True),
        pilots=Count(
            "enrolments",
            filter=~Q(enrolments__level=Enrolment.Level.ROLLOUT),
            distinct=True,
        ),
    )


def enrolment_list(*, user: User, programme: Programme | None = None) -> QuerySet[Enrolment]:
    enrolments = scope_queryset(Enrolment.objects.all(), user=user, via="commune")
    if programme is not None:
        enrolments = enrolments.filter(programme=programme)
    return enrolments.select_related("commune__parent", "programme__owner_unit")


def programme_detail(*, user: User, programme: Programme) -> dict:
    """What the programme page shows: its documents and the enrolments the user may see."""
    return {
        "programme": programme,
        "documents": list(ProgrammeDocument.objects.filter(programme=programme)),
        "enrolments": enrolment_list(user=user, programme=programme).order_by(
            "level", "commune__parent__name", "commune__name"
        ),
        "implementations": programme_list(user=user).filter(implements=programme),
    }


def home_summary(*, user: User) -> dict:
    """The user's scope, as the home page states it."""
    units = scope_queryset(AdminUnit.objects.all(), user=user, via="")
    counts = units.aggregate(
        communes=Count("pk", filter=Q(level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.CURRENT)),
        legacy_communes=Count("pk", filter=Q(level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.LEGACY)),
    )
    programmes = programme_list(user=user).order_by("-phase_start")
    own_communes = None
    if user.is_commune_officer:
        own_communes = units.select_related("parent", "successor").order_by("era", "name")
    return {
        **counts,
        "programmes": programmes[:10],
        "programme_count": programmes.count(),
        "own_communes": own_communes,
        "enrolment_count": enrolment_list(user=user).count(),
    }


def commune_detail(*, user: User, unit: AdminUnit) -> dict:
    return {
        "unit": unit,
        "enrolments": enrolment_list(user=user).filter(commune=unit).order_by("-selected_on"),
        "predecessors": unit.predecessors.select_related("parent").order_by("name"),
        "children": unit.children.order_by("code")[:200] if unit.level != AdminUnit.Level.COMMUNE else [],
    }


def _prefetch_documents() -> Prefetch:
    return Prefetch("documents", queryset=ProgrammeDocument.objects.order_by("issued_on"))


def programme_list_with_documents(*, user: User) -> QuerySet[Programme]:
    """For the API: programmes with their documents in one extra query."""
    return programme_list(user=user).prefetch_related(_prefetch_documents())
