"""Criteria sets and self-assessments of the demo, written through the services, so each follows
the rules a page would (a published set, an enrolled commune, a period of the commune's era)."""

import datetime
import enum

from ..models import CriteriaSet, Programme, SelfAssessment, User
from ..services import criteria as criteria_services


class Stage(enum.Enum):
    DRAFT = "draft"  # partly scored: on the officer's to-do list
    SUBMITTED = "submitted"  # waiting for the province's verification
    RETURNED = "returned"  # sent back with a reason: on the officer's to-do list again
    VERIFIED = "verified"


def criteria_set_ensure(
    *, programme: Programme, by: User, title: str, issued_by: str, groups: list[tuple[str, list[str]]]
) -> CriteriaSet:
    """The programme's published set of that title: groups of criteria scored out of 10."""
    criteria_set = CriteriaSet.objects.filter(programme=programme, title=title).first()
    if criteria_set is None:
        criteria_set = criteria_services.criteria_set_create(
            programme=programme,
            by=by,
            title=title,
            issued_by=issued_by,
            groups=[
                {
                    "title": group,
                    "criteria": [
                        {"code": f"{g}.{c}", "title": text, "max_score": 10}
                        for c, text in enumerate(criteria, start=1)
                    ],
                }
                for g, (group, criteria) in enumerate(groups, start=1)
            ],
        )
    if not criteria_set.is_published:
        criteria_set = criteria_services.criteria_set_publish(criteria_set=criteria_set, by=by)
    return criteria_set


def assessment_ensure(
    *,
    criteria_set: CriteriaSet,
    commune,
    by: User,
    verifier: User,
    period: tuple[datetime.date, datetime.date],
    label: str,
    due_on: datetime.date,
    stage: Stage,
    seed: int,
    evidence: str,
    return_reason: str = "",
) -> SelfAssessment:
    """The commune's assessment of that period, taken to `stage` once (a second run leaves it).
    Scores are illustrative: 7 to 10 out of 10, varied by `seed`."""
    existing = SelfAssessment.objects.filter(
        commune=commune, criteria_set=criteria_set, period_label=label
    ).first()
    if existing is not None:
        return existing
    assessment = criteria_services.assessment_start(
        criteria_set=criteria_set,
        commune=commune,
        by=by,
        period_start=period[0],
        period_end=period[1],
        period_label=label,
        due_on=due_on,
    )
    leaves = list(criteria_set.groups.order_by("order").values_list("criteria__pk", flat=True))
    if stage == Stage.DRAFT:
        leaves = leaves[: len(leaves) // 2]
    criteria_services.assessment_scores_save(
        assessment=assessment,
        by=by,
        entries=[
            {"criterion": pk, "self_score": 10 - (seed + n) % 4, "evidence": evidence}
            for n, pk in enumerate(leaves)
        ],
    )
    if stage == Stage.DRAFT:
        return assessment
    assessment = criteria_services.assessment_submit(assessment=assessment, by=by)
    if stage == Stage.VERIFIED:
        assessment = criteria_services.assessment_verify(assessment=assessment, by=verifier)
    elif stage == Stage.RETURNED:
        assessment = criteria_services.assessment_return(
            assessment=assessment, by=verifier, reason=return_reason
        )
    return assessment
