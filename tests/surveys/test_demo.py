"""The demo data: Lạng Sơn's 100,980 forms issued in 2019-2024 as tallies on the communes of the
day, and this year's responses on the demo officers' 2025 communes; a second run changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from communes.eras import REFORM_DAY, era_on
from communes.models import AdminUnit, User
from surveys.models import MonthlyCount, PaperBatch, ResponseCode, SurveyResponse, SurveyTally
from surveys.selectors import survey_results
from surveys.services import template_default_ensure

OFFICERS = ("xa.longhung", "phuong.thaibinh", "xa.dongdang", "xa.baubang")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_surveys", stdout=io.StringIO())


def test_it_reproduces_lang_sons_100980_forms_issued_in_2019_to_2024(demo, province_admin):
    tallies = SurveyTally.objects.filter(commune__parent__parent__code="20", commune__era="legacy")
    assert tallies.aggregate(n=Sum("forms"))["n"] == 100_980
    years = set(tallies.values_list("period_end__year", flat=True))
    assert years == {2019, 2020, 2021, 2022, 2023, 2024}
    # In the article's words; it gives no satisfied count, so none is made up.
    notes = set(tallies.values_list("note", flat=True))
    assert len(notes) == 1 and "phát hành 100.980 phiếu khảo sát" in notes.pop()
    assert not tallies.filter(satisfied__isnull=False).exists()
    # The province's figure, as its staff read it through the one selector.
    result = survey_results(user=province_admin)
    assert result.index.forms >= 100_980
    history = [index.forms for period, _label, index in result.trend if period.year < 2025]
    assert sum(history) == 100_980


def test_it_gives_the_officers_2025_communes_responses_through_every_channel(demo):
    for username in OFFICERS:
        commune = User.objects.get(username=username).commune
        assert commune.era == AdminUnit.Era.CURRENT
        responses = SurveyResponse.objects.filter(commune=commune)
        assert set(responses.values_list("channel", flat=True)) == {"web", "kiosk", "code", "paper"}
        assert PaperBatch.objects.filter(commune=commune, checked_at__isnull=True).exists()
        assert ResponseCode.objects.filter(commune=commune, used_at__isnull=True).exists()
        counted = MonthlyCount.objects.filter(commune=commune).aggregate(n=Sum("forms"))["n"]
        assert counted == responses.count()
    # Nothing of this year is left on the communes dissolved on 01/07/2025.
    assert not SurveyResponse.objects.filter(commune__era="legacy").exists()


def test_every_dated_record_of_the_survey_demo_follows_the_era_rule(demo):
    for moment, era in SurveyResponse.objects.values_list("submitted_at", "commune__era"):
        assert era_on(moment) == era
    for day, era in SurveyTally.objects.values_list("period_end", "commune__era"):
        assert era_on(day) == era
    for day, era in PaperBatch.objects.values_list("collected_on", "commune__era"):
        assert era_on(day) == era


def test_it_moves_this_years_answers_an_earlier_demo_left_on_tien_duc(db, tien_duc, long_hung):
    """A database loaded by an earlier demo held 2026 answers on Tiến Đức: they go to Long Hưng
    with their monthly counts, and no second set is added."""
    from surveys.services import counts_increment, month_of

    template = template_default_ensure()
    moment = timezone.make_aware(
        datetime.datetime.combine(REFORM_DAY, datetime.time(9))
    ) + datetime.timedelta(days=200)
    for _index in range(3):
        SurveyResponse.objects.create(template=template, commune=tien_duc, channel="web", submitted_at=moment)
    counts_increment(month=month_of(moment), commune_id=tien_duc.pk, deltas={"forms": 3})
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_surveys", stdout=io.StringIO())
    assert not SurveyResponse.objects.filter(commune=tien_duc).exists()
    assert not MonthlyCount.objects.filter(commune=tien_duc).exists()
    assert SurveyResponse.objects.filter(commune=long_hung).count() == 3
    assert MonthlyCount.objects.filter(commune=long_hung).aggregate(n=Sum("forms"))["n"] == 3


def test_it_is_idempotent(demo):
    before = (
        SurveyResponse.objects.count(),
        SurveyTally.objects.count(),
        MonthlyCount.objects.aggregate(n=Sum("forms")),
        PaperBatch.objects.count(),
        ResponseCode.objects.count(),
    )
    call_command("load_demo_surveys", stdout=io.StringIO())
    after = (
        SurveyResponse.objects.count(),
        SurveyTally.objects.count(),
        MonthlyCount.objects.aggregate(n=Sum("forms")),
        PaperBatch.objects.count(),
        ResponseCode.objects.count(),
    )
    assert before == after
