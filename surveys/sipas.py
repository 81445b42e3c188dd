"""The official indices of citizen satisfaction, read from the monthly counters.

SIPAS ("Satisfaction Index of Public Administrative Services"), by the method in force for
2023-2026: Quyết định 1001/QĐ-BNV ngày 11/12/2023 của Bộ trưởng Bộ Nội vụ ban hành Phương pháp
đo lường sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn
2023-2026 (which follows the Đề án of Quyết định 2640/QĐ-BNV ngày 10/10/2017). The citizen judges
five factors of the service (access, administrative procedure, the officer, the result, the
handling of feedback); for each, the form asks what they perceived, how satisfied they are and
what they expect. As that method computes them here:

- the perception index of a factor (chỉ số cảm nhận): the share of positive answers to the
  factor's perception questions; the perception index, the mean over the factors;
- the satisfaction index of a factor (chỉ số hài lòng về từng yếu tố): the share of answers
  "hài lòng" or "rất hài lòng" (4 or 5 of 5) to the factor's satisfaction questions; the
  SIPAS index (chỉ số hài lòng về sự phục vụ hành chính), the mean of the five factors' indices;
- the expectation shares (chỉ số mong đợi): for each improvement the form offers, the share of
  the respondents who asked for it;
- the form's own "overall" question is kept as a figure of its own, never mixed into SIPAS.

Every share is of the answers actually given (a factor nobody answered has no index and is left
out of the means). The sample is judged by Yamane's formula the method uses, n = N / (1 + N·e²),
where N is the population (the dossiers the communes received over the period, when the one-stop
feed is imported) and e the margin of error: the sample needed for e = 5%, and the margin the
forms received give, e = √((N − n) / (N·n)) (√(1/n) when N is unknown).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from communes.models import AdminUnit, User

from .dossiers.models import DossierMonthlyCount
from .dossiers.selectors import area_filter, in_scope
from .models import SATISFIED_FROM, SIPAS_FACTORS, Factor, MonthlyAnswerCount, MonthlyCount, Question
from .selectors import template_current

TARGET_MARGIN = 0.05


def sample_size(population: int, margin: float = TARGET_MARGIN) -> int:
    """Yamane: the respondents needed for `margin` out of `population` (rounded up)."""
    if population <= 0:
        return 0
    return math.ceil(population / (1 + population * margin**2))


def margin_of_error(respondents: int, population: int | None = None) -> float | None:
    """The margin `respondents` give out of `population` (Yamane's formula solved for e)."""
    if respondents <= 0:
        return None
    if not population:
        return math.sqrt(1 / respondents)
    if respondents >= population:
        return 0.0
    return math.sqrt((population - respondents) / (population * respondents))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


@dataclass
class FactorIndices:
    factor: str
    label: str
    perception: float | None = None
    satisfaction: float | None = None
    answered: int = 0
    expectations: list[tuple[str, int, float | None]] = field(default_factory=list)


@dataclass
class SipasIndices:
    forms: int
    factors: list[FactorIndices]
    perception_index: float | None
    sipas_index: float | None
    overall_question: float | None
    overall_answered: int
    population: int | None
    sample_needed: int | None
    margin: float | None

    @property
    def sample_enough(self) -> bool | None:
        return None if self.sample_needed is None else self.forms >= self.sample_needed


def _area(unit: AdminUnit | None) -> Q:
    if unit is None:
        return Q()
    return area_filter(unit)


def sipas_indices(
    *,
    user: User | None,
    month_from: datetime.date,
    month_to: datetime.date,
    unit: AdminUnit | None = None,
    template=None,
) -> SipasIndices:
    """SIPAS over the user's scope (and `unit`'s area) and the months from `month_from` to
    `month_to` (inclusive), for the questions of `template` (the current one by default): three
    aggregate queries on the monthly counters (answers, forms, dossiers received)."""
    template = template or template_current()
    low, high = month_from.replace(day=1), month_to.replace(day=1)
    months = Q(month__gte=low, month__lte=high) & _area(unit)
    answers = (
        in_scope(MonthlyAnswerCount.objects.all(), user)
        .filter(months, question__template=template)
        .values("question_id", "value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counted: dict[int, dict[int, int]] = {}
    for row in answers:
        counted.setdefault(row["question_id"], {})[row["value"]] = row["n"]
    totals = (
        in_scope(MonthlyCount.objects.all(), user)
        .filter(months)
        .aggregate(
            forms=Coalesce(Sum("forms"), 0),
            overall_answered=Coalesce(Sum("overall_answered"), 0),
            overall_satisfied=Coalesce(Sum("overall_satisfied"), 0),
        )
    )
    received = (
        in_scope(DossierMonthlyCount.objects.all(), user).filter(months).aggregate(n=Sum("received"))["n"]
    )
    forms = totals["forms"]

    questions = list(template.questions.all())
    factors = []
    for factor in SIPAS_FACTORS:
        own = [q for q in questions if q.factor == factor]
        positive = perceived = satisfied = answered = 0
        expectations = []
        for question in own:
            values = counted.get(question.pk, {})
            if question.aspect == Question.Aspect.PERCEPTION and question.kind == Question.Kind.YES_NO:
                positive += values.get(1, 0)
                perceived += sum(values.values())
            elif question.counts_for_index:
                satisfied += sum(n for value, n in values.items() if value >= SATISFIED_FROM)
                answered += sum(values.values())
            elif question.aspect == Question.Aspect.EXPECTATION:
                expectations += [
                    (option, values.get(index, 0), _share(values.get(index, 0), forms))
                    for index, option in enumerate(question.options)
                ]
        factors.append(
            FactorIndices(
                factor=factor,
                label=str(Factor(factor).label),
                perception=_share(positive, perceived),
                satisfaction=_share(satisfied, answered),
                answered=answered,
                expectations=expectations,
            )
        )
    population = received or None
    return SipasIndices(
        forms=forms,
        factors=factors,
        perception_index=_mean([f.perception for f in factors]),
        sipas_index=_mean([f.satisfaction for f in factors]),
        overall_question=_share(totals["overall_satisfied"], totals["overall_answered"]),
        overall_answered=totals["overall_answered"],
        population=population,
        sample_needed=sample_size(population) if population else None,
        margin=margin_of_error(forms, population),
    )
