"""The demo data holds the programmes of the source articles, with their facts as given: history
on the communes of the day, today's work and the demo officers on the 2025 communes."""

import datetime
import io

import pytest
from django.core.management import call_command

from communes.eras import era_on
from communes.models import (
    ActivityRecord,
    AdminUnit,
    CodeOfConduct,
    CriteriaSet,
    Enrolment,
    FacilityCheck,
    InspectionVisit,
    Pledge,
    Programme,
    ProgrammeDocument,
    SelfAssessment,
    StaffMember,
    SteeringMember,
    SuggestionBoxOpening,
    User,
)
from communes.scope import scope_queryset, visible_units

D = datetime.date


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def hung_ha_programme() -> Programme:
    return Programme.objects.get(owner_unit__era="legacy", owner_unit__code="339")


def lang_son_scheme() -> Programme:
    return Programme.objects.get(owner_unit__era="legacy", owner_unit__code="20")


def current(code: str) -> AdminUnit:
    return AdminUnit.objects.get(era="current", level="commune", code=code)


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
    assert numbers == {"145-KH/HU": D(2023, 7, 12), "510-QĐ/HU": D(2023, 9, 5)}
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
    programme = lang_son_scheme()
    enrolments = programme.enrolments
    pilots_2019 = enrolments.filter(level=Enrolment.Level.PROVINCE_PILOT, selected_on__year=2019)
    assert pilots_2019.count() == 17
    communes = AdminUnit.objects.filter(era="legacy", level="commune", parent__parent=programme.owner_unit)
    assert enrolments.count() == communes.count()
    assert enrolments.filter(selected_on__year__lte=2024).count() == communes.count()
    assert programme.documents.get().issued_on == D(2019, 4, 24)
    assert programme.status == Programme.Status.CLOSED


def test_bau_bang_rolled_out_to_all_its_communes(demo):
    programme = Programme.objects.get(owner_unit__name="Huyện Bàu Bàng")
    assert programme.enrolments.count() == AdminUnit.objects.filter(parent=programme.owner_unit).count() == 7
    assert programme.implements.owner_unit.name == "Tỉnh Bình Dương"


def test_binh_duong_runs_the_cong_so_model_beside_the_chinh_quyen_one(demo):
    """000: both pilots of 2015, reviewed after one year at the conference of 13/01/2016."""
    programmes = {
        p.name: p for p in Programme.objects.filter(owner_unit__era="legacy", owner_unit__code="74")
    }
    government = programmes["Chính quyền thân thiện của dân, do dân, vì dân"]
    office = programmes["Công sở thân thiện vì nhân dân phục vụ"]
    for programme, other in ((government, "Công sở thân thiện"), (office, "Chính quyền thân thiện")):
        assert (programme.phase_start, programme.phase_end) == (D(2015, 1, 1), D(2020, 12, 31))
        assert "13/01/2016" in programme.description and other in programme.description
    assert "21 tập thể, cá nhân" in government.description
    assert "43 tập thể, cá nhân" in government.description
    assert list(government.implementations.values_list("owner_unit__name", flat=True)) == ["Huyện Bàu Bàng"]


def test_the_provinces_overview_rolls_up_bau_bangs_rollout_and_letters(demo):
    from communes.selectors.programmes import programme_detail

    government = Programme.objects.get(
        owner_unit__era="legacy", owner_unit__code="74", name__startswith="Chính"
    )
    admin = User.objects.get(username="admin")
    overview = programme_detail(user=admin, programme=government)
    assert [(row["year"], row["rollout"], row["cumulative"]) for row in overview["rollout"]] == [(2016, 7, 7)]
    totals = overview["totals"]
    assert (totals["letter_congratulation"], totals["letter_condolence"], totals["letter_apology"]) == (
        1336,
        347,
        61,
    )
    assert overview["enrolments"].count() == 7


def test_the_demo_officers_work_for_the_2025_communes_that_took_over_the_articles_communes(demo):
    officers = {
        user.username: user
        for user in User.objects.filter(role=User.Role.COMMUNE_OFFICER).select_related(
            "commune__current_province"
        )
    }
    assert set(officers) == {"xa.longhung", "phuong.thaibinh", "xa.dongdang", "xa.baubang"}
    took_over = {
        "xa.longhung": ("Xã Long Hưng", "Tỉnh Hưng Yên", "Xã Tiến Đức", "Huyện Hưng Hà"),
        "phuong.thaibinh": ("Phường Thái Bình", "Tỉnh Hưng Yên", "Phường Bồ Xuyên", "Thành phố Thái Bình"),
        "xa.dongdang": ("Xã Đồng Đăng", "Tỉnh Lạng Sơn", "Thị trấn Đồng Đăng", "Huyện Cao Lộc"),
        "xa.baubang": ("Xã Bàu Bàng", "Thành phố Hồ Chí Minh", "Thị trấn Lai Uyên", "Huyện Bàu Bàng"),
    }
    for username, (name, province, former, district) in took_over.items():
        user = officers[username]
        assert user.commune.era == AdminUnit.Era.CURRENT
        assert (user.commune.name, user.commune.current_province.name) == (name, province)
        assert user.commune.predecessors.filter(name=former, parent__name=district).exists()
        assert user.check_password("thanthien2025")
    # Đồng Đăng took over one of Lạng Sơn's 2019 pilots.
    assert (
        lang_son_scheme()
        .enrolments.filter(
            commune__successor=officers["xa.dongdang"].commune, level=Enrolment.Level.PROVINCE_PILOT
        )
        .exists()
    )
    provinces = dict(User.objects.filter(province__isnull=False).values_list("username", "province__name"))
    assert provinces == {
        "tinh.langson": "Tỉnh Lạng Sơn",
        "tinh.hungyen": "Tỉnh Hưng Yên",
        "tinh.hcm": "Thành phố Hồ Chí Minh",
    }
    assert not User.objects.filter(province__era="legacy").exists()
    assert User.objects.get(username="admin").is_superuser


def test_it_renames_the_former_logins_of_a_database_loaded_before(db, tien_duc):
    """`make run` runs again on the db.sqlite3 of an earlier demo: xa.tienduc becomes xa.longhung,
    the same account, and no login of a dissolved commune is left."""
    former = User.objects.create_user(
        username="xa.tienduc", password="x", role=User.Role.COMMUNE_OFFICER, commune=tien_duc
    )
    call_command("load_demo", stdout=io.StringIO())
    renamed = User.objects.get(username="xa.longhung")
    assert renamed.pk == former.pk
    assert renamed.commune == current("12613")
    assert renamed.check_password("thanthien2025")
    assert not User.objects.filter(username__in=["xa.tienduc", "xa.boxuyen"]).exists()


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
        CodeOfConduct,
        StaffMember,
        Pledge,
        CriteriaSet,
        SelfAssessment,
        FacilityCheck,
    )
    counts = [model.objects.count() for model in models]
    call_command("load_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in models] == counts


def test_every_dated_record_of_the_demo_follows_the_era_rule(demo):
    """A record dated from 01/07/2025 sits on a 2025 commune, one dated before on a commune of the
    day (a period by its end date): the demo obeys the rule the services enforce."""
    dated = [
        (ActivityRecord.objects.all(), "period_end", "commune"),
        (FacilityCheck.objects.all(), "checked_on", "commune"),
        (InspectionVisit.objects.all(), "visited_on", "commune"),
        (SuggestionBoxOpening.objects.all(), "opened_on", "commune"),
        (SelfAssessment.objects.all(), "period_end", "commune"),
        (Pledge.objects.all(), "signed_on", "staff_member__commune"),
    ]
    for queryset, date_field, unit_path in dated:
        rows = queryset.values_list(date_field, f"{unit_path}__era")
        assert rows, queryset.model
        wrong = [(day, era) for day, era in rows if era_on(day) != era]
        assert not wrong, (queryset.model.__name__, wrong[:3])
    # Both eras hold demo records: history and today's work.
    assert ActivityRecord.objects.filter(commune__era="legacy").exists()
    assert ActivityRecord.objects.filter(commune__era="current", period_end__gte=D(2025, 7, 1)).exists()


def test_the_officers_keep_todays_log_on_their_2025_commune(demo):
    from communes.selectors.activity import commune_todo

    for username in ("xa.longhung", "phuong.thaibinh", "xa.dongdang", "xa.baubang"):
        user = User.objects.get(username=username)
        entries = ActivityRecord.objects.filter(commune=user.commune, source=ActivityRecord.Source.ENTRY)
        assert entries.count() >= 3
        assert set(entries.values_list("recorded_by", flat=True)) == {user.pk}
    long_hung = User.objects.get(username="xa.longhung").commune
    gaps = [item.item for item in commune_todo(commune=long_hung)["checklist_gaps"]]
    assert gaps == [FacilityCheck.Item.RECEPTION_SCHEDULE]


def test_bau_bang_states_the_letters_of_its_2017_interim_review(demo):
    from communes.selectors.activity import activity_totals

    communes = AdminUnit.objects.filter(parent__name="Huyện Bàu Bàng")
    totals = activity_totals(communes=communes, start=D(2016, 1, 1), end=D(2017, 8, 8))
    assert (totals["letter_congratulation"], totals["letter_condolence"], totals["letter_apology"]) == (
        1336,
        347,
        61,
    )


def test_lang_son_states_its_letters_couples_and_full_rollout(demo):
    from communes.selectors.activity import activity_totals
    from communes.selectors.programmes import programme_rollout

    programme = lang_son_scheme()
    communes = AdminUnit.objects.filter(enrolments__programme=programme)
    totals = activity_totals(communes=communes, start=programme.phase_start, end=programme.phase_end)
    assert totals["letter_thanks"] > 6000
    assert totals["ceremony_marriage"] == 9087
    # Counted as couples, in the article's words, not as ceremonies.
    notes = set(
        ActivityRecord.objects.filter(
            commune__in=communes, kind=ActivityRecord.Kind.MARRIAGE_CEREMONY
        ).values_list("note", flat=True)
    )
    assert len(notes) == 1 and "9.087 lượt cặp vợ chồng" in notes.pop()
    rollout = programme_rollout(programme=programme)
    assert (rollout[0]["year"], rollout[0]["pilots"], rollout[0]["rollout"]) == (2019, 17, 0)
    assert rollout[-1]["share"] == 1.0


def test_bo_xuyen_has_its_inspection_of_18_june_2024(demo):
    visit = InspectionVisit.objects.get(commune__name="Phường Bồ Xuyên")
    assert visit.visited_on == D(2024, 6, 18)
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
    assert five.programmes.filter(owner_unit__code="719").exists()  # 004: Bàu Bàng's boards


def test_bo_xuyen_has_its_3_luon_and_5_khong_and_phuong_thai_binh_keeps_them(demo):
    from communes.selectors.conduct import codes_for_commune

    bo_xuyen = AdminUnit.objects.get(era="legacy", level="commune", code="12436")
    thai_binh_programme = Enrolment.objects.get(commune=bo_xuyen).programme
    ward = current("13225")
    for name, count in (("3 luôn", 3), ("5 không", 5)):
        code = CodeOfConduct.objects.get(name=name, owner_unit=bo_xuyen.parent)
        assert code.items.count() == count
        assert "Bồ Xuyên" in code.description and "không nêu nội dung" in code.description
        assert list(code.programmes.all()) == [thai_binh_programme]
        assert code.pledges.filter(staff_member__commune=bo_xuyen).count() == 3
        assert code.pledges.filter(staff_member__commune=ward).count() == 3
        assert codes_for_commune(commune=ward).filter(pk=code.pk).exists()


def test_the_pilots_registers_closed_when_their_officers_moved_to_the_2025_commune(demo):
    tien_duc = AdminUnit.objects.get(era="legacy", level="commune", code="12646")
    assert not StaffMember.objects.filter(commune=tien_duc, is_active=True).exists()
    long_hung = current("12613")
    staff = StaffMember.objects.filter(commune=long_hung, is_active=True)
    assert "Phạm Thị Hoa" in set(staff.values_list("full_name", flat=True))
    assert set(
        Pledge.objects.filter(staff_member__commune=long_hung).values_list("signed_on", flat=True)
    ) == {D(2025, 7, 15)}


def test_hung_ha_pilots_have_verified_2024_assessments_and_their_2025_communes_wait_for_the_province(demo):
    from communes.selectors.criteria import assessment_due_for

    verified = SelfAssessment.objects.filter(period_label="Năm 2024", status=SelfAssessment.Status.VERIFIED)
    assert verified.count() == 7
    assert set(verified.values_list("commune__era", flat=True)) == {"legacy"}
    of_2025 = SelfAssessment.objects.filter(
        criteria_set__programme=hung_ha_programme(), period_label="Năm 2025"
    )
    assert set(of_2025.values_list("commune__era", flat=True)) == {"current"}
    assert of_2025.filter(status=SelfAssessment.Status.SUBMITTED).count() == 4
    # Long Hưng's came back with the province's reason: it is on its officer's to-do list.
    long_hung = current("12613")
    (due,) = assessment_due_for(commune=long_hung)
    assert due.period_label == "Năm 2025" and "2.1" in due.return_reason
    hung_yen = User.objects.get(username="tinh.hungyen")
    waiting = scope_queryset(SelfAssessment.objects.all(), user=hung_yen, via="commune")
    assert waiting.filter(status=SelfAssessment.Status.SUBMITTED).count() == 4


def test_lang_son_carries_the_scheme_on_in_its_2025_communes_with_work_for_the_province(demo):
    from communes.selectors.criteria import assessment_due_for

    province = User.objects.get(username="tinh.langson")
    programme = Programme.objects.get(owner_unit__era="current", owner_unit__code="20")
    communes = AdminUnit.objects.filter(era="current", level="commune", parent=programme.owner_unit)
    assert programme.enrolments.count() == communes.count() == 65
    assert programme.phase_start == D(2025, 7, 1)
    assert "minh họa" in programme.description
    assessments = scope_queryset(SelfAssessment.objects.all(), user=province, via="commune")
    assert assessments.filter(period_label="6 tháng cuối năm 2025", status="verified").count() >= 10
    waiting = assessments.filter(status=SelfAssessment.Status.SUBMITTED)
    assert waiting.count() == 6
    assert set(waiting.values_list("commune", flat=True)) <= set(
        visible_units(province).values_list("pk", flat=True)
    )
    dong_dang = User.objects.get(username="xa.dongdang").commune
    assert [a.period_label for a in assessment_due_for(commune=dong_dang)] == ["Năm 2026"]
