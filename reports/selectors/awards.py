"""Reads of award decisions and their awardees, and the nominations drawn from the ranking."""

from __future__ import annotations

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Programme, StaffMember, User
from communes.scope import can_configure, scope_queryset, visible_units

from ..models import Award, AwardDecision, Review
from .ranking import Cut, commune_table, cut
from .reviews import reviewable_programmes
from .scope import scope_communes


def _listed(decision_ref: str, **filters) -> Coalesce:
    """How many awardees of the decision `decision_ref` are listed (with `filters`)."""
    awards = Award.objects.filter(decision=OuterRef(decision_ref), **filters).order_by()
    return Coalesce(Subquery(awards.values("decision").annotate(n=Count("pk")).values("n")[:1]), 0)


def award_totals(decisions: QuerySet[AwardDecision]) -> dict:
    """Decided awards by kind, "16 tập thể và 8 cá nhân" (one query): a decision's decided list
    when it has one, otherwise what the decision states (its list not entered); `recipients`
    counts the decisions that state only a total, without telling collectives from individuals."""
    decided = Award.Status.DECIDED
    rows = AwardDecision.objects.filter(pk__in=decisions.values("pk")).annotate(
        listed=_listed("pk", status=decided),
        listed_collectives=_listed("pk", status=decided, kind=Award.Kind.COLLECTIVE),
        listed_individuals=_listed("pk", status=decided, kind=Award.Kind.INDIVIDUAL),
    )

    def total(listed: str, stated: str):
        return Coalesce(
            Sum(Case(When(listed=0, then=Coalesce(F(stated), 0)), default=F(listed) if listed else Value(0))),
            0,
        )

    return rows.aggregate(
        collectives=total("listed_collectives", "stated_collectives"),
        individuals=total("listed_individuals", "stated_individuals"),
        recipients=total("", "stated_recipients"),
    )


def stated_totals(decision: AwardDecision) -> dict:
    """What the decision states of its awardees (for award_totals_phrase)."""
    return {
        "collectives": decision.stated_collectives,
        "individuals": decision.stated_individuals,
        "recipients": decision.stated_recipients,
    }


def decision_totals(decision: AwardDecision) -> dict:
    """One decision's awardees by kind, for a decision of `decision_list` (its list as entered,
    whatever the status, or what it states while its list is empty)."""
    if decision.collectives or decision.individuals:
        return {"collectives": decision.collectives, "individuals": decision.individuals}
    return stated_totals(decision)


def review_awards(*, review: Review) -> dict:
    """Award decisions announced at the review, with their awardees, and the totals."""
    decisions = review.award_decisions.prefetch_related("awards").order_by("decided_on", "id")
    proposed = Award.objects.filter(decision__in=decisions.values("pk"), status=Award.Status.PROPOSED)
    listed = list(decisions)
    for decision in listed:
        decision.stated_phrase = award_totals_phrase(stated_totals(decision))
    totals = award_totals(decisions)
    return {
        "decisions": listed,
        "totals": totals,
        "phrase": award_totals_phrase(totals),
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
    """The communes a collective award of the programme may name: those of its area, in either
    era (a 2019-2024 award names the communes of its day, a 2026 one today's), 2025 ones first."""
    return (
        scope_communes(unit=programme.owner_unit)
        .select_related("parent")
        .order_by("era", "parent__name", "name")
    )


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
            "unit": review.scope_unit,
            "communes": scope_communes(unit=review.scope_unit, programme=programme),
            "start": review.period_start,
            "end": review.period_end,
            "review": review,
        }
    return {
        "unit": programme.owner_unit,
        "communes": scope_communes(unit=programme.owner_unit),
        "start": programme.phase_start,
        "end": programme.phase_end,
        "review": None,
    }


def nomination_rows(*, decision: AwardDecision) -> list[dict]:
    """The ranked communes of `commune_table` (ranked ones only, best first, ties sharing a
    rank), each marked when the decision already names it."""
    source = nomination_source(decision=decision)
    table = commune_table(
        programme=decision.programme,
        communes=source["communes"],
        start=source["start"],
        end=source["end"],
        unit=source["unit"],
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
    """ "16 tập thể và 8 cá nhân" from {"collectives": 16, "individuals": 8}; "21 tập thể, cá nhân"
    from {"recipients": 21} (a decision that does not split them)."""
    from friendly_gov.templatetags.vn import number

    collectives, individuals = totals.get("collectives") or 0, totals.get("individuals") or 0
    recipients = totals.get("recipients") or 0
    values = {
        "collectives": number(collectives),
        "individuals": number(individuals),
        "recipients": number(recipients),
    }
    if collectives and individuals:
        split = _("%(collectives)s tập thể và %(individuals)s cá nhân") % values
    elif collectives:
        split = _("%(collectives)s tập thể") % values
    elif individuals:
        split = _("%(individuals)s cá nhân") % values
    else:
        split = ""
    # A decision that states only its total ("21 tập thể, cá nhân") cannot be split by kind.
    unsplit = _("%(recipients)s tập thể, cá nhân") % values if recipients else ""
    return "; ".join(part for part in (split, unsplit) if part) or str(_("chưa có tập thể, cá nhân nào"))


def nomination_cut(rows: list[dict], *, top: int) -> Cut:
    """The nominations a decision for `top` collectives starts from: the communes sure to be
    within the first `top` are proposed; a tie straddling the cut is listed whole, none of it
    proposed, and staff choose among it (never by the communes' names)."""
    return cut(rows, size=top)
