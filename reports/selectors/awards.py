"""Reads of award decisions and their awardees, and the nominations drawn from the ranking."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Programme, StaffMember, User
from communes.scope import can_configure, scope_queryset, visible_units

from ..models import Award, AwardDecision, Review
from .ranking import Cut, commune_table, cut
from .reviews import reviewable_programmes
from .scope import scope_communes


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


def nomination_cut(rows: list[dict], *, top: int) -> Cut:
    """The nominations a decision for `top` collectives starts from: the communes sure to be
    within the first `top` are proposed; a tie straddling the cut is listed whole, none of it
    proposed, and staff choose among it (never by the communes' names)."""
    return cut(rows, size=top)
