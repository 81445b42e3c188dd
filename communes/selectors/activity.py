"""Reads and aggregates of the commune activity log. The commune page, the programme overview,
the officer's to-do list, the API and (later) the review reports all count through here."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    ActivityImport,
    ActivityRecord,
    AdminUnit,
    FacilityCheck,
    FacilityCheckItem,
    FollowUpTask,
    InspectionVisit,
    SuggestionBoxOpening,
    User,
)
from ..scope import scope_queryset, visible_units

Kind = ActivityRecord.Kind


def activity_list(*, user: User) -> QuerySet[ActivityRecord]:
    return scope_queryset(ActivityRecord.objects.all(), user=user, via="commune").select_related(
        "commune__parent", "recorded_by"
    )


def box_opening_list(*, user: User) -> QuerySet[SuggestionBoxOpening]:
    return scope_queryset(SuggestionBoxOpening.objects.all(), user=user, via="commune").select_related(
        "commune__parent"
    )


def facility_check_list(*, user: User) -> QuerySet[FacilityCheck]:
    present = Count("items", filter=Q(items__present=True))
    return (
        scope_queryset(FacilityCheck.objects.all(), user=user, via="commune")
        .select_related("commune__parent")
        .annotate(present_items=present, total_items=Count("items"))
    )


def inspection_list(*, user: User) -> QuerySet[InspectionVisit]:
    today = timezone.localdate()
    return (
        scope_queryset(InspectionVisit.objects.all(), user=user, via="commune")
        .select_related("commune__parent")
        .annotate(
            task_count=Count("tasks"),
            open_tasks=Count("tasks", filter=Q(tasks__completed_on__isnull=True)),
            overdue_tasks=Count("tasks", filter=Q(tasks__completed_on__isnull=True, tasks__due_on__lt=today)),
        )
    )


def follow_up_list(*, user: User) -> QuerySet[FollowUpTask]:
    return scope_queryset(FollowUpTask.objects.all(), user=user, via="visit__commune").select_related(
        "visit__commune"
    )


def activity_import_list(*, user: User) -> QuerySet[ActivityImport]:
    """Imports that wrote to a commune the user sees: an officer's commune, province staff's
    province. Each lists only the communes the user sees."""
    # "communes__pk" rather than "communes": a path through a many-to-many relation makes
    # scope_queryset filter through a subquery, so an import of several communes appears once.
    return (
        scope_queryset(ActivityImport.objects.all(), user=user, via="communes__pk")
        .select_related("recorded_by")
        .prefetch_related(Prefetch("communes", queryset=visible_units(user).order_by("name")))
        .order_by("-recorded_at", "-id")
    )


def activity_totals(
    *, communes: QuerySet[AdminUnit], start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, int]:
    """Letters and ceremonies by kind over the communes, for records ending within [start, end]."""
    records = ActivityRecord.objects.filter(commune__in=communes.values("pk"))
    if start:
        records = records.filter(period_end__gte=start)
    if end:
        records = records.filter(period_end__lte=end)
    sums = records.aggregate(**{kind: Coalesce(Sum("count", filter=Q(kind=kind)), 0) for kind in Kind.values})
    sums["letters"] = sum(sums[kind] for kind in ActivityRecord.LETTER_KINDS)
    sums["ceremonies"] = sum(sums[kind] for kind in ActivityRecord.CEREMONY_KINDS)
    return sums


def annotate_commune_record(
    queryset: QuerySet,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    commune_ref: str = "pk",
) -> QuerySet:
    """Annotate a queryset of communes (or of rows pointing at one, with commune_ref="commune")
    with their record: letters, thank-you letters, ceremonies, the latest checklist's score and
    date, open overdue follow-ups. Subqueries: each row costs no extra query."""
    ref = OuterRef(commune_ref)
    today = timezone.localdate()
    latest_check = FacilityCheck.objects.filter(commune=ref).order_by("-checked_on", "-id")
    present = (
        FacilityCheckItem.objects.filter(check_record=OuterRef("latest_check_id"), present=True)
        .order_by()
        .values("check_record")
        .annotate(n=Count("pk"))
        .values("n")
    )
    overdue = (
        FollowUpTask.objects.filter(visit__commune=ref, completed_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("visit__commune")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def kinds_sum(kinds):
        records = ActivityRecord.objects.filter(commune=ref, kind__in=kinds)
        if start:
            records = records.filter(period_end__gte=start)
        if end:
            records = records.filter(period_end__lte=end)
        total = records.order_by().values("commune").annotate(total=Sum("count")).values("total")
        return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))

    return queryset.annotate(
        letters=kinds_sum(ActivityRecord.LETTER_KINDS),
        thanks_letters=kinds_sum([Kind.THANKS]),
        ceremonies=kinds_sum(ActivityRecord.CEREMONY_KINDS),
        latest_check_id=Subquery(latest_check.values("pk")[:1]),
        checklist_date=Subquery(latest_check.values("checked_on")[:1]),
        overdue_tasks=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
    ).annotate(checklist_present=Coalesce(Subquery(present, output_field=IntegerField()), Value(0)))


def commune_todo(*, commune: AdminUnit) -> dict:
    """What an officer should do next: checklist items missing in the latest check (or no check in
    the last 90 days), overdue follow-up tasks, tasks due within 14 days. A 2025 commune's tasks
    include those still open from the communes it took over."""
    today = timezone.localdate()
    latest = FacilityCheck.objects.filter(commune=commune).order_by("-checked_on", "-id").first()
    gaps = []
    if latest is not None:
        gaps = list(latest.items.filter(present=False).order_by("item"))
    tasks = FollowUpTask.objects.filter(
        Q(visit__commune=commune) | Q(visit__commune__successor=commune), completed_on__isnull=True
    ).select_related("visit")
    return {
        "latest_check": latest,
        "check_overdue": latest is None or latest.checked_on < today - datetime.timedelta(days=90),
        "checklist_gaps": gaps,
        "overdue_tasks": list(tasks.filter(due_on__lt=today).order_by("due_on")),
        "tasks_due_soon": list(
            tasks.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=14)).order_by(
                "due_on"
            )
        ),
    }


def commune_record(*, user: User, commune: AdminUnit) -> dict:
    """The commune page's record: totals by kind, the latest entries of each kind of log."""
    return {
        "totals": activity_totals(communes=AdminUnit.objects.filter(pk=commune.pk)),
        "recent_activity": list(
            ActivityRecord.objects.filter(commune=commune)
            .select_related("recorded_by")
            .order_by("-period_end", "-id")[:10]
        ),
        "box_openings": list(SuggestionBoxOpening.objects.filter(commune=commune).order_by("-opened_on")[:5]),
        "inspections": list(
            InspectionVisit.objects.filter(commune=commune)
            .prefetch_related("tasks")
            .order_by("-visited_on")[:5]
        ),
        "todo": commune_todo(commune=commune),
    }
