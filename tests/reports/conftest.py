"""Fixtures of the reports tests: a Lạng Sơn programme with pilots, a review of it, award decisions;
a Redis server of the test's own (stopped and started again by the tests of stuck builds) and the
project's Celery app pointed at a broker."""

import datetime

import factory
import pytest
import redis
from pytest_factoryboy import register

from communes.models import AdminUnit, Enrolment
from reports.models import Award, AwardDecision, Review
from tests.conftest import free_port, sending_to

D = datetime.date


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    kind = Review.Kind.FINAL
    period = Review.Period.PHASE
    period_start = D(2019, 4, 24)
    period_end = D(2024, 12, 31)
    title = "Báo cáo tổng kết Đề án 01"
    number = "15/BC-UBND"
    issuer = "UBND TỈNH LẠNG SƠN"
    place = "Lạng Sơn"
    report_date = D(2025, 1, 10)
    conference_date = D(2025, 1, 16)
    conference_place = "Trung tâm Hội nghị tỉnh"
    signer_name = "Hồ Tiến Thiệu"
    signer_title = "CHỦ TỊCH"


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecision

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decided_on = D(2025, 1, 14)
    issuer = "UBND TỈNH LẠNG SƠN"
    place = "Lạng Sơn"
    signer_name = "Hồ Tiến Thiệu"
    signer_title = "CHỦ TỊCH"
    level = AwardDecision.Level.PROVINCE_MERIT
    reason = 'Đã có thành tích xuất sắc trong thực hiện Đề án "Chính quyền thân thiện" giai đoạn 2019-2024'


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    kind = Award.Kind.COLLECTIVE
    status = Award.Status.DECIDED
    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")


register(ReviewFactory)
register(AwardDecisionFactory)
register(AwardFactory)


@pytest.fixture
def ls_communes(lang_son_legacy) -> list[AdminUnit]:
    """The first four communes of the legacy Lạng Sơn province (two districts' worth)."""
    return list(AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code")[:4])


@pytest.fixture
def ls_programme(programme_factory, lang_son_legacy, ls_communes):
    """Đề án 01 of Lạng Sơn (2019-2024): two province pilots in 2019, two rollouts in 2021."""
    programme = programme_factory(
        name='Xây dựng "Chính quyền thân thiện" cấp cơ sở',
        owner_unit=lang_son_legacy,
        phase_start=D(2019, 4, 24),
        phase_end=D(2024, 12, 31),
    )
    for index, commune in enumerate(ls_communes):
        pilot = index < 2
        Enrolment.objects.create(
            programme=programme,
            commune=commune,
            level=Enrolment.Level.PROVINCE_PILOT if pilot else Enrolment.Level.ROLLOUT,
            selected_on=D(2019, 5, 15) if pilot else D(2021, 3, 1),
            status=Enrolment.Status.LAUNCHED,
        )
    return programme


@pytest.fixture
def review(review_factory, ls_programme, lang_son_legacy) -> Review:
    return review_factory(programme=ls_programme, scope_unit=lang_son_legacy)


@pytest.fixture
def ls_data(ls_communes):
    """2019-2024 totals of the four communes, the way the demo records history: letters and
    ceremonies, survey forms, dialogues and resolved petitions. The first commune leads."""
    from communes.models import ActivityRecord
    from dialogues.models import HistoricTally
    from surveys.services import tally_record

    first, second, third, fourth = ls_communes
    rows = [
        # commune, thanks, congratulation, ceremonies, forms, satisfied, dialogues, on time, late, overdue
        (first, 1200, 300, 2000, 30000, 29500, 400, 1000, 10, 5),
        (second, 900, 200, 1500, 20000, 19000, 300, 800, 40, 30),
        (third, 500, 100, 800, 10000, 9000, 200, 400, 50, 60),
        (fourth, 100, 36, 200, 1000, 700, 50, 100, 30, 70),
    ]
    for (
        commune,
        thanks,
        congratulation,
        ceremonies,
        forms,
        satisfied,
        dialogues,
        on_time,
        late,
        overdue,
    ) in rows:
        for kind, count in [
            (ActivityRecord.Kind.THANKS, thanks),
            (ActivityRecord.Kind.CONGRATULATION, congratulation),
            (ActivityRecord.Kind.MARRIAGE_CEREMONY, ceremonies),
        ]:
            ActivityRecord.objects.create(
                commune=commune,
                kind=kind,
                period_start=D(2019, 6, 1),
                period_end=D(2024, 12, 31),
                count=count,
                source=ActivityRecord.Source.TALLY,
            )
        tally_record(
            commune=commune,
            by=None,
            period_start=D(2024, 1, 1),
            period_end=D(2024, 12, 31),
            forms=forms,
            satisfied=satisfied,
        )
        HistoricTally.objects.create(
            commune=commune,
            period_start=D(2019, 6, 1),
            period_end=D(2024, 12, 31),
            dialogues_held=dialogues,
            resolved_on_time=on_time,
            resolved_late=late,
            open_overdue=overdue,
        )
    return rows


# --- Brokers that go away ---------------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """The app's broker is a port where nothing listens (the URL, for the tests that start one)."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    with sending_to(url):
        yield url


@pytest.fixture
def broker(redis_url):
    """The app sends to the test Redis (emptied first); returns a client of it."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    with sending_to(redis_url):
        yield client
    client.flushdb()
