"""factory_boy factories of criteria sets and self-assessments (registered as pytest fixtures by
the test modules that use them)."""

import datetime
from decimal import Decimal

import factory

from communes.models import AssessmentScore, CriteriaGroup, CriteriaSet, Criterion, SelfAssessment


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    version = factory.Sequence(lambda n: n + 1)
    title = "Bộ tiêu chí Chính quyền thân thiện vì Nhân dân phục vụ"
    issued_by = "Phòng Nội vụ huyện Hưng Hà"
    published_at = None


class CriteriaGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaGroup

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Nhóm tiêu chí {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    group = factory.SubFactory(CriteriaGroupFactory)
    order = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_score = Decimal("10")


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    period_label = "Năm 2024"
    status = SelfAssessment.Status.DRAFT


class AssessmentScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentScore

    self_score = Decimal("5")
