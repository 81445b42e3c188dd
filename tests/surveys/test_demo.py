"""The demo data: Lạng Sơn's 100,980 forms of 2019-2024 as tallies, and responses for Tiến Đức and
Bồ Xuyên; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from communes.models import AdminUnit, User
from surveys.models import MonthlyCount, PaperBatch, ResponseCode, SurveyResponse, SurveyTally
from surveys.selectors import survey_results


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_surveys", stdout=io.StringIO())


def test_it_reproduces_lang_sons_100980_forms_of_2019_to_2024(demo, province_admin):
    tallies = SurveyTally.objects.filter(commune__parent__parent__code="20", commune__era="legacy")
    assert tallies.aggregate(n=Sum("forms"))["n"] == 100_980
    years = set(tallies.values_list("period_end__year", flat=True))
    assert years == {2019, 2020, 2021, 2022, 2023, 2024}
    # The province's figure, as its staff read it through the one selector.
    result = survey_results(user=province_admin)
    assert result.index.forms == 100_980
    assert sum(index.forms for _period, _label, index in result.trend) == 100_980


def test_it_gives_the_demo_communes_individual_responses_through_every_channel(demo):
    for code in ("12646", "12436"):
        commune = AdminUnit.objects.get(era="legacy", level="commune", code=code)
        channels = set(SurveyResponse.objects.filter(commune=commune).values_list("channel", flat=True))
        assert channels == {"web", "kiosk", "code", "paper"}
        assert PaperBatch.objects.filter(commune=commune).exists()
        assert ResponseCode.objects.filter(commune=commune, used_at__isnull=True).exists()
        counted = MonthlyCount.objects.filter(commune=commune).aggregate(n=Sum("forms"))["n"]
        assert counted == SurveyResponse.objects.filter(commune=commune).count()


def test_it_is_idempotent(demo):
    before = (
        SurveyResponse.objects.count(),
        SurveyTally.objects.count(),
        MonthlyCount.objects.aggregate(n=Sum("forms")),
    )
    call_command("load_demo_surveys", stdout=io.StringIO())
    after = (
        SurveyResponse.objects.count(),
        SurveyTally.objects.count(),
        MonthlyCount.objects.aggregate(n=Sum("forms")),
    )
    assert before == after
    assert User.objects.filter(username="xa.tienduc").exists()
