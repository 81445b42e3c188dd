"""Reads and indicators of the dialogues app. Pages, the API and (later) the PDF reviews all count
through `indicators` and `indicators_by_commune`, so a figure is the same everywhere.

How items count (QĐ 766/QĐ-TTg: late work cannot hide):
- resolved on time: answered or closed on or before the first due date the category gave;
- resolved late: answered or closed after it (a new date set with an apology slip does not make
  a late answer timely);
- open past due: still received, assigned or in progress after that first due date; these count
  against the rate;
- open items still within their time limit, and items transferred, rejected or duplicate, are
  not in the rate.
Resolution rate = resolved / (resolved + open past due). Items count in the period they were
received; historic tallies in the period they end.

`received` counts the items received on the portal; `tallied` the items the historic tallies
account for (resolved on time, late, or open past due): the reviews report received = received +
tallied, so that it is never below resolved.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext

from communes.models import AdminUnit, SuggestionBoxOpening, User
from communes.scope import scope_queryset, visible_units
from communes.selectors.slips import slip_document
from friendly_gov import official

from .models import Category, Commitment, Dialogue, DueDateChange, FeedbackItem, HistoricTally, Transition

OPEN = FeedbackItem.OPEN
RESOLVED = FeedbackItem.RESOLVED


def _overdue_flag(today: datetime.date):
    return Case(
        When(status__in=OPEN, due_on__lt=today, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def feedback_list(*, user: User) -> QuerySet[FeedbackItem]:
    """Items in the user's scope, each with its overdue flag (open and past its current due date)."""
    today = timezone.localdate()
    return (
        scope_queryset(FeedbackItem.objects.all(), user=user, via="commune")
        .select_related("commune__parent", "category", "assignee")
        .annotate(is_overdue=_overdue_flag(today), reschedules=Count("due_changes"))
    )


def feedback_detail_queryset(*, user: User) -> QuerySet[FeedbackItem]:
    return feedback_list(user=user).prefetch_related("attachments", "due_changes")


def feedback_timeline(*, item: FeedbackItem) -> QuerySet[Transition]:
    return item.transitions.select_related("by").order_by("at", "id")


def feedback_by_code(*, code: str) -> FeedbackItem | None:
    """For the public status page: the item, or None. The caller shows only public fields."""
    return (
        FeedbackItem.objects.filter(tracking_code=code)
        .only(
            "tracking_code",
            "status",
            "received_on",
            "due_on",
            "original_due_on",
            "resolved_on",
            "closed_on",
            "public_answer",
            "citizen_resolved",
            "commune__name",
            "category__name",
        )
        .select_related("commune", "category")
        .first()
    )


def assignable_officers(*, commune: AdminUnit) -> QuerySet[User]:
    return (
        User.objects.filter(
            Q(commune=commune) | Q(commune__predecessors=commune) | Q(commune=commune.successor_id),
            role=User.Role.COMMUNE_OFFICER,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def category_list(*, user: User) -> QuerySet[Category]:
    """The categories `user` sees: the shared ones and their province's (superusers: all). A
    commune officer sees their commune's province's."""
    categories = Category.objects.select_related("province").order_by("kind", "name")
    if not user.is_authenticated or not user.is_active:
        return categories.none()
    if user.is_superuser:
        return categories
    if user.is_province_staff and user.province_id:
        province = user.province.current_province_id or user.province_id
    elif user.is_commune_officer and user.commune_id:
        province = user.commune.current_province_id
    else:
        province = None
    return categories.filter(Q(province__isnull=True) | Q(province_id=province))


def active_categories(*, commune: AdminUnit) -> QuerySet[Category]:
    """The categories a feedback item of `commune` may take: the shared ones and its province's."""
    province = commune.current_province_id or commune.pk
    return Category.objects.filter(Q(province__isnull=True) | Q(province_id=province), active=True).order_by(
        "kind", "name"
    )


def dialogue_list(*, user: User) -> QuerySet[Dialogue]:
    today = timezone.localdate()
    return (
        scope_queryset(Dialogue.objects.all(), user=user, via="commune")
        .select_related("commune__parent")
        .annotate(
            item_count=Count("items", distinct=True),
            commitment_count=Count("commitments", distinct=True),
            commitments_done=Count(
                "commitments", filter=Q(commitments__done_on__isnull=False), distinct=True
            ),
            commitments_overdue=Count(
                "commitments",
                filter=Q(commitments__done_on__isnull=True, commitments__due_on__lt=today),
                distinct=True,
            ),
        )
    )


def commitment_list(*, user: User) -> QuerySet[Commitment]:
    return scope_queryset(Commitment.objects.all(), user=user, via="dialogue__commune").select_related(
        "dialogue__commune"
    )


def due_change_list(*, user: User) -> QuerySet[DueDateChange]:
    return scope_queryset(DueDateChange.objects.all(), user=user, via="item__commune").select_related(
        "item__commune__parent", "item__category", "by"
    )


def apology_slip_document(*, change: DueDateChange) -> dict:
    """What the apology slip of a feedback item states (communes.selectors.slips), and what it is
    about: the request, its kind as the law names it, its subject, the citizen."""
    item = change.item
    citizen = item.citizen_name or "…"
    return {
        **slip_document(slip=change, commune=item.commune),
        "item": item,
        # "phản ánh", "kiến nghị"...: what the citizen sent, named as the law names it.
        "kind": item.category.get_kind_display().lower(),
        "subject": official.typographic_quotes(" ".join(item.content.split())[:400]),
        "citizen": citizen,
        "recipients": [gettext("Ông/Bà %(name)s;") % {"name": citizen}, gettext("Lưu: VT, BPMC.")],
    }


def box_opening_for_items(*, user: User) -> QuerySet[SuggestionBoxOpening]:
    return (
        scope_queryset(SuggestionBoxOpening.objects.all(), user=user, via="commune")
        .select_related("commune")
        .annotate(item_count=Count("feedback_items"))
    )


def officer_todo(*, user: User, days: int = 3) -> dict:
    """The officer's to-do list (home page): open items of their scope assigned to them or to
    nobody, overdue or due within `days` days; and open commitments past due."""
    today = timezone.localdate()
    items = (
        feedback_list(user=user)
        .filter(status__in=OPEN, due_on__lte=today + datetime.timedelta(days=days))
        .order_by("due_on", "id")
    )
    if user.is_commune_officer:
        items = items.filter(Q(assignee=user) | Q(assignee__isnull=True))
    items = list(items[:50])
    commitments = list(
        commitment_list(user=user).filter(done_on__isnull=True, due_on__lt=today).order_by("due_on")[:20]
    )
    return {
        "overdue": [i for i in items if i.due_on < today],
        "due_soon": [i for i in items if i.due_on >= today],
        "overdue_commitments": commitments,
    }


# --- Indicators ---------


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def indicators(
    *,
    communes: QuerySet[AdminUnit],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict:
    """Resolution and dialogue indicators of `communes` over [start, end]: five aggregate queries
    whatever the number of rows."""
    today = timezone.localdate()
    unit_ids = communes.values("pk")
    items = FeedbackItem.objects.filter(commune__in=unit_ids)
    tallies = HistoricTally.objects.filter(commune__in=unit_ids)
    dialogues = Dialogue.objects.filter(commune__in=unit_ids)
    commitments = Commitment.objects.filter(dialogue__commune__in=unit_ids)
    if start:
        items = items.filter(received_on__gte=start)
        tallies = tallies.filter(period_end__gte=start)
        dialogues = dialogues.filter(held_on__gte=start)
        commitments = commitments.filter(dialogue__held_on__gte=start)
    if end:
        items = items.filter(received_on__lte=end)
        tallies = tallies.filter(period_end__lte=end)
        dialogues = dialogues.filter(held_on__lte=end)
        commitments = commitments.filter(dialogue__held_on__lte=end)

    handling = ExpressionWrapper(F("resolved_on") - F("received_on"), output_field=DurationField())
    live = items.aggregate(
        received=Count("pk"),
        on_time=Count("pk", filter=Q(status__in=RESOLVED, resolved_on__lte=F("original_due_on"))),
        late=Count("pk", filter=Q(status__in=RESOLVED, resolved_on__gt=F("original_due_on"))),
        open_overdue=Count("pk", filter=Q(status__in=OPEN, original_due_on__lt=today)),
        open_in_time=Count("pk", filter=Q(status__in=OPEN, original_due_on__gte=today)),
        set_aside=Count("pk", filter=Q(status__in=FeedbackItem.SET_ASIDE)),
        avg_handling=Avg(handling, filter=Q(status__in=RESOLVED)),
        follow_ups=Count("pk", filter=Q(citizen_resolved__isnull=False)),
        citizen_resolved=Count("pk", filter=Q(citizen_resolved=True)),
    )
    history = tallies.aggregate(
        dialogues=Coalesce(Sum("dialogues_held"), 0),
        on_time=Coalesce(Sum("resolved_on_time"), 0),
        late=Coalesce(Sum("resolved_late"), 0),
        open_overdue=Coalesce(Sum("open_overdue"), 0),
    )
    held = dialogues.aggregate(n=Count("pk"))["n"]
    promised = commitments.aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(done_on__isnull=False)),
        kept_on_time=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
    )
    on_time = live["on_time"] + history["on_time"]
    late = live["late"] + history["late"]
    open_overdue = live["open_overdue"] + history["open_overdue"]
    resolved = on_time + late
    counted = resolved + open_overdue
    average = live["avg_handling"]
    return {
        "received": live["received"],
        "tallied": history["on_time"] + history["late"] + history["open_overdue"],
        "resolved_on_time": on_time,
        "resolved_late": late,
        "resolved": resolved,
        "open_overdue": open_overdue,
        "open_in_time": live["open_in_time"],
        "set_aside": live["set_aside"],
        "resolution_rate": _rate(resolved, counted),
        "on_time_rate": _rate(on_time, counted),
        "average_handling_days": round(average.total_seconds() / 86400, 1) if average is not None else None,
        "follow_up_answers": live["follow_ups"],
        "citizen_resolved_rate": _rate(live["citizen_resolved"], live["follow_ups"]),
        "dialogues_held": held + history["dialogues"],
        "commitments": promised["total"],
        "commitments_kept": promised["kept"],
        "commitments_kept_on_time": promised["kept_on_time"],
        "commitments_overdue": promised["overdue"],
        "commitments_kept_rate": _rate(promised["kept"], promised["total"]),
    }


def indicators_by_commune(
    *,
    communes: QuerySet[AdminUnit],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[AdminUnit]:
    """`communes` annotated with the same counts as `indicators` (subqueries: one query for the
    whole page), and `resolution_rate`. Ordered with the overdue hot-spots first."""
    today = timezone.localdate()
    ref = OuterRef("pk")
    items = FeedbackItem.objects.filter(commune=ref)
    tallies = HistoricTally.objects.filter(commune=ref)
    dialogues = Dialogue.objects.filter(commune=ref)
    if start:
        items = items.filter(received_on__gte=start)
        tallies = tallies.filter(period_end__gte=start)
        dialogues = dialogues.filter(held_on__gte=start)
    if end:
        items = items.filter(received_on__lte=end)
        tallies = tallies.filter(period_end__lte=end)
        dialogues = dialogues.filter(held_on__lte=end)

    def count(queryset, **conditions):
        sub = queryset.filter(**conditions).order_by().values("commune").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    def tally(field):
        sub = tallies.order_by().values("commune").annotate(n=Sum(field)).values("n")
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    annotated = communes.annotate(
        received=count(items),
        resolved_on_time=count(items, status__in=RESOLVED, resolved_on__lte=F("original_due_on"))
        + tally("resolved_on_time"),
        resolved_late=count(items, status__in=RESOLVED, resolved_on__gt=F("original_due_on"))
        + tally("resolved_late"),
        open_overdue=count(items, status__in=OPEN, original_due_on__lt=today) + tally("open_overdue"),
        overdue_now=count(items, status__in=OPEN, due_on__lt=today),
        open_items=count(items, status__in=OPEN),
        dialogues_held=count(dialogues) + tally("dialogues_held"),
    ).annotate(
        resolved=F("resolved_on_time") + F("resolved_late"),
    )
    return annotated.annotate(
        resolution_rate=Cast(F("resolved"), FloatField())
        / NullIf(Cast(F("resolved") + F("open_overdue"), FloatField()), Value(0.0)),
    ).order_by("-overdue_now", "-open_overdue", "name")


def overview_communes(*, user: User) -> QuerySet[AdminUnit]:
    """The communes a province overview lists: those of the user's scope with any feedback,
    dialogue or tally (a province has hundreds of communes; silent ones are left out)."""
    ref = OuterRef("pk")
    active = (
        Exists(FeedbackItem.objects.filter(commune=ref))
        | Exists(Dialogue.objects.filter(commune=ref))
        | Exists(HistoricTally.objects.filter(commune=ref))
    )
    return visible_units(user).filter(level=AdminUnit.Level.COMMUNE).filter(active).select_related("parent")


def box_openings_to_enter(*, user: User) -> QuerySet[SuggestionBoxOpening]:
    """Suggestion-box openings of the user's scope whose letters are not all entered as items yet."""
    return (
        box_opening_for_items(user=user)
        .filter(item_count__lt=F("letters_found"))
        .order_by("-opened_on", "-id")
    )
