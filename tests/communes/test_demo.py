"""The demo data holds the programmes of the source articles, with their facts as given."""

import datetime
import io

import pytest
from django.core.management import call_command

from communes.models import (
    ActivityRecord,
    AdminUnit,
    Enrolment,
    InspectionVisit,
    Programme,
    ProgrammeDocument,
    SteeringMember,
    User,
)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def hung_ha_programme() -> Programme:
    return Programme.objects.get(owner_unit__era="legacy", owner_unit__code="339")


def test_hung_ha_has_its_seven_pilots_two_for_the_province_and_five_for_the_district(demo):
    enrolments = Enrolment.objects.filter(programme=hung_ha_programme()).select_related("commune")
    by_level = {}
    for enrolment in enrolments:
        by_level.setdefault(enrolment.level, set()).add(enrolment.commune.short_name)
    assert by_level[Enrolment.Level.PROVINCE_PILOT] == {"Tiến Đức", "Chí Hòa"}
    assert by_level[Enrolment.Level.DISTRICT_PILOT] == {
        "Thái Hưng",
        "Hòa Bình",
        "Liên Hiệp",
        "Duyên Hải",
        "Dân Chủ",
    }


def test_hung_ha_implements_thai_binhs_scheme_with_its_documents(demo):
    programme = hung_ha_programme()
    assert programme.implements.owner_unit.name == "Tỉnh Thái Bình"
    numbers = dict(programme.documents.values_list("number", "issued_on"))
    assert numbers == {"145-KH/HU": datetime.date(2023, 7, 12), "510-QĐ/HU": datetime.date(2023, 9, 5)}
    assert programme.implements.documents.get().number == "08-ĐA/TU"


def test_dan_chu_merged_before_2025_is_kept_as_a_historic_commune(demo):
    dan_chu = AdminUnit.objects.get(name="Xã Dân Chủ", parent__code="339")
    assert dan_chu.code == ""
    assert dan_chu.successor.era == AdminUnit.Era.CURRENT
    assert dan_chu.current_province.name == "Tỉnh Hưng Yên"


def test_bo_xuyen_is_a_pilot_ward_of_the_thai_binh_scheme(demo):
    enrolment = Enrolment.objects.get(commune__name="Phường Bồ Xuyên")
    assert enrolment.programme.documents.get().number == "08-ĐA/TU"


def test_lang_son_went_from_17_pilots_in_2019_to_every_commune(demo):
    programme = Programme.objects.get(owner_unit__era="legacy", owner_unit__code="20")
    enrolments = programme.enrolments
    pilots_2019 = enrolments.filter(level=Enrolment.Level.PROVINCE_PILOT, selected_on__year=2019)
    assert pilots_2019.count() == 17
    communes = AdminUnit.objects.filter(era="legacy", level="commune", parent__parent=programme.owner_unit)
    assert enrolments.count() == communes.count()
    assert enrolments.filter(selected_on__year__lte=2024).count() == communes.count()
    assert programme.documents.get().issued_on == datetime.date(2019, 4, 24)
    assert programme.status == Programme.Status.CLOSED


def test_bau_bang_rolled_out_to_all_its_communes(demo):
    programme = Programme.objects.get(owner_unit__name="Huyện Bàu Bàng")
    assert programme.enrolments.count() == AdminUnit.objects.filter(parent=programme.owner_unit).count() == 7
    assert programme.implements.owner_unit.name == "Tỉnh Bình Dương"


def test_there_is_a_demo_user_for_each_role(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert {User.Role.PROVINCE_ADMIN, User.Role.PROVINCE_VIEWER, User.Role.COMMUNE_OFFICER} <= roles
    assert User.objects.filter(is_superuser=True).exists()
    assert User.objects.get(username="xa.tienduc").check_password("thanthien2025")


def test_a_second_run_duplicates_nothing(demo):
    models = (
        Programme,
        ProgrammeDocument,
        Enrolment,
        User,
        AdminUnit,
        ActivityRecord,
        InspectionVisit,
        SteeringMember,
    )
    counts = [model.objects.count() for model in models]
    call_command("load_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in models] == counts


def test_bau_bang_states_the_letters_of_its_2017_interim_review(demo):
    from communes.selectors.activity import activity_totals

    communes = AdminUnit.objects.filter(parent__name="Huyện Bàu Bàng")
    totals = activity_totals(
        communes=communes, start=datetime.date(2016, 1, 1), end=datetime.date(2017, 8, 8)
    )
    assert (totals["letter_congratulation"], totals["letter_condolence"], totals["letter_apology"]) == (
        1336,
        347,
        61,
    )


def test_lang_son_states_its_letters_ceremonies_and_full_rollout(demo):
    from communes.selectors.activity import activity_totals
    from communes.selectors.programmes import programme_rollout

    programme = Programme.objects.get(owner_unit__era="legacy", owner_unit__code="20")
    communes = AdminUnit.objects.filter(enrolments__programme=programme)
    totals = activity_totals(communes=communes, start=programme.phase_start, end=programme.phase_end)
    assert totals["letter_thanks"] > 6000
    assert totals["ceremony_marriage"] == 9087
    rollout = programme_rollout(programme=programme)
    assert (rollout[0]["year"], rollout[0]["pilots"], rollout[0]["rollout"]) == (2019, 17, 0)
    assert rollout[-1]["share"] == 1.0


def test_bo_xuyen_has_its_inspection_of_18_june_2024(demo):
    visit = InspectionVisit.objects.get(commune__name="Phường Bồ Xuyên")
    assert visit.visited_on == datetime.date(2024, 6, 18)
    assert visit.visitor == "Nguyễn Tiến Thành"
    assert visit.tasks.count() == 3


def test_hung_ha_has_its_steering_committee(demo):
    members = SteeringMember.objects.filter(programme__owner_unit__code="339").order_by("order")
    assert [(m.full_name, m.role) for m in members] == [
        ("Nguyễn Trọng Lộ", SteeringMember.Role.HEAD),
        ("Trần Thị Vân", SteeringMember.Role.DEPUTY),
    ]
    assert members[0].decision.number == "510-QĐ/HU"


def test_the_codes_of_conduct_of_the_articles_are_there_with_their_items(demo):
    from communes.models import CodeOfConduct

    five = CodeOfConduct.objects.get(name="5 biết", owner_unit__isnull=True)
    assert list(five.items.values_list("text", flat=True)) == [
        "Biết nghe dân nói",
        "Biết nói dân hiểu",
        "Biết làm dân tin",
        "Biết xin lỗi",
        "Biết cảm ơn",
    ]
    assert list(CodeOfConduct.objects.get(name="3 thể hiện").items.values_list("text", flat=True)) == [
        "Tôn trọng",
        "Văn minh",
        "Gần gũi",
    ]
    assert five.pledges.filter(staff_member__commune__code="12646").count() == 4


def test_hung_ha_pilots_have_verified_2024_assessments_and_tien_duc_one_due(demo):
    from communes.models import SelfAssessment
    from communes.selectors.criteria import assessment_due_for

    verified = SelfAssessment.objects.filter(period_label="Năm 2024", status=SelfAssessment.Status.VERIFIED)
    assert verified.count() == 7
    tien_duc = AdminUnit.objects.get(era="legacy", level="commune", code="12646")
    assert [a.period_label for a in assessment_due_for(commune=tien_duc)] == ["Năm 2025"]
