"""Award decisions (Quyết định khen thưởng) of Lạng Sơn's Đề án 01: who may write them, the rules on
their awardees, nominations pre-filled from the communes' ranking, the "signed" action, the
totals phrase ("16 tập thể và 8 cá nhân") and the printed certificates, read back with poppler."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communes.models import StaffMember, User
from friendly_gov.official import place_and_date
from reports.models import Award, AwardDecision
from reports.selectors import award_totals, award_totals_phrase
from reports.services import awards as services
from surveys.services import tally_record
from tests.pdf import assert_project_fonts_only

D = datetime.date
COLLECTIVE, INDIVIDUAL = Award.Kind.COLLECTIVE, Award.Kind.INDIVIDUAL
PROPOSED, DECIDED = Award.Status.PROPOSED, Award.Status.DECIDED
REASON = 'Đã có thành tích xuất sắc trong thực hiện Đề án "Chính quyền thân thiện" giai đoạn 2019-2024'


def url(name: str, pk: int) -> str:
    return reverse(f"reports:{name}", args=[pk])


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def info_of(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {
        key.strip(): value.strip()
        for key, _sep, value in (line.partition(":") for line in lines.splitlines())
    }


@pytest.fixture
def decision(award_decision_factory, ls_programme, review) -> AwardDecision:
    return award_decision_factory(programme=ls_programme, review=review, number="125/QĐ-UBND")


@pytest.fixture
def ls_viewer(user_factory, lang_son) -> User:
    return user_factory(username="tinh.ls.xem", role=User.Role.PROVINCE_VIEWER, province=lang_son)


@pytest.fixture
def ls_officer(user_factory, ls_communes) -> User:
    return user_factory(username="xa.ls", role=User.Role.COMMUNE_OFFICER, commune=ls_communes[0])


@pytest.fixture
def ranked(ls_communes):
    """Satisfaction over 2023 makes the ranking: the third commune first, then the first, the
    fourth and the second."""
    for commune, satisfied in zip(ls_communes, (90, 70, 95, 80), strict=True):
        tally_record(
            commune=commune,
            by=None,
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
            forms=100,
            satisfied=satisfied,
        )
    first, second, third, fourth = ls_communes
    return [third, first, fourth, second]


@pytest.fixture
def staff(ls_communes) -> StaffMember:
    return StaffMember.objects.create(
        commune=ls_communes[1], full_name="Hoàng Thị Thủy", position="Công chức Văn phòng - Thống kê"
    )


# --- Who may write ------------------------------------------------------------------------------


def decision_post(programme, review=None, **overrides) -> dict:
    data = {
        "programme": programme.pk,
        "review": review.pk if review else "",
        "number": "126/QĐ-UBND",
        "decided_on": "2025-01-14",
        "issuer": "UBND TỈNH LẠNG SƠN",
        "place": "Lạng Sơn",
        "level": AwardDecision.Level.PROVINCE_MERIT,
        "reason": REASON,
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Hồ Tiến Thiệu",
    }
    return data | overrides


def test_it_lets_the_province_administrator_record_a_decision_of_the_conference(
    client, province_admin, ls_programme, review
):
    client.force_login(province_admin)
    form = client.get(reverse("reports:decision_new"), {"review": review.pk})
    assert form.status_code == 200
    assert form.context["form"].initial["decided_on"] == D(2025, 1, 16)  # the conference day

    response = client.post(reverse("reports:decision_new"), decision_post(ls_programme, review))

    decision = AwardDecision.objects.get()
    assert response.status_code == 302 and response["Location"] == url("decision_detail", decision.pk)
    assert (decision.programme, decision.review, decision.number) == (ls_programme, review, "126/QĐ-UBND")


@pytest.mark.parametrize("who", ["ls_viewer", "ls_officer", "officer"])
def test_it_refuses_a_new_decision_to_viewers_and_commune_officers(client, request, who, ls_programme):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:decision_new")).status_code == 403
    assert client.post(reverse("reports:decision_new"), decision_post(ls_programme)).status_code == 403
    assert not AwardDecision.objects.exists()


def test_it_offers_only_the_programmes_of_the_administrators_own_province(
    client, hung_yen_admin, ls_programme
):
    client.force_login(hung_yen_admin)
    response = client.post(reverse("reports:decision_new"), decision_post(ls_programme))
    assert response.status_code == 200
    assert "Hãy chọn một chương trình do tỉnh của bạn chủ trì." in response.content.decode()
    assert not AwardDecision.objects.exists()
    with pytest.raises(PermissionDenied):
        services.decision_create(by=hung_yen_admin, programme=ls_programme, **_fields())


def _fields(**overrides) -> dict:
    return {
        "number": "127/QĐ-UBND",
        "decided_on": D(2025, 1, 14),
        "issuer": "UBND TỈNH LẠNG SƠN",
        "signer_name": "Hồ Tiến Thiệu",
        "signer_title": "CHỦ TỊCH",
        "level": AwardDecision.Level.PROVINCE_MERIT,
        "reason": "Đã có thành tích xuất sắc",
    } | overrides


ALL_PAGES = [
    ("decision_detail", "get", "decision"),
    ("decision_edit", "get", "decision"),
    ("decision_edit", "post", "decision"),
    ("award_add", "get", "decision"),
    ("award_add", "post", "decision"),
    ("nominate", "get", "decision"),
    ("nominate", "post", "decision"),
    ("decide", "post", "decision"),
    ("certificates", "get", "decision"),
    ("decision_pdf", "get", "decision"),
    ("award_edit", "get", "award"),
    ("award_edit", "post", "award"),
    ("award_delete", "post", "award"),
    ("certificate", "get", "award"),
]


@pytest.mark.parametrize("who", ["hung_yen_admin", "ls_officer"])
@pytest.mark.parametrize(("name", "method", "target"), ALL_PAGES)
def test_it_answers_404_for_a_decision_outside_the_users_province(
    client, request, who, name, method, target, decision, award_factory
):
    award = award_factory(decision=decision, name="UBND xã Hoàng Đồng")
    client.force_login(request.getfixturevalue(who))
    pk = decision.pk if target == "decision" else award.pk
    response = getattr(client, method)(url(name, pk))
    assert response.status_code == 404
    assert Award.objects.get().name == "UBND xã Hoàng Đồng"
    assert not client.get(reverse("reports:decision_list")).context["page_obj"].object_list


@pytest.mark.parametrize(
    ("name", "method", "target"),
    [
        page
        for page in ALL_PAGES
        if page[0] not in {"decision_detail", "certificates", "certificate", "decision_pdf"}
    ],
)
def test_it_lets_a_province_viewer_read_but_not_change_a_decision(
    client, ls_viewer, name, method, target, decision, award_factory
):
    award = award_factory(decision=decision, status=PROPOSED, name="UBND xã Hoàng Đồng")
    client.force_login(ls_viewer)
    assert client.get(url("decision_detail", decision.pk)).status_code == 200
    pk = decision.pk if target == "decision" else award.pk
    assert getattr(client, method)(url(name, pk)).status_code == 403
    assert Award.objects.get().status == PROPOSED


# --- Awardees and their rules -------------------------------------------------------------------


def test_it_names_a_commune_collective_after_the_commune_and_its_district(decision, ls_communes):
    commune = ls_communes[0]
    award = services.award_add(by=None, decision=decision, kind=COLLECTIVE, commune=commune)
    district = commune.parent.name
    assert (
        award.name == f"UBND {commune.name[0].lower()}{commune.name[1:]}, {district[0].lower()}{district[1:]}"
    )
    assert award.status == PROPOSED and award.order == 1


def test_it_keeps_an_office_as_a_collective_without_a_commune(province_admin, decision):
    award = services.award_add(
        by=province_admin, decision=decision, kind=COLLECTIVE, name="  Phòng Nội vụ   huyện Cao Lộc "
    )
    assert (award.name, award.commune) == ("Phòng Nội vụ huyện Cao Lộc", None)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kind": COLLECTIVE}, "name", "Hãy nhập tên tập thể hoặc chọn xã, phường được khen thưởng."),
        (
            {"kind": INDIVIDUAL, "position": "Chủ tịch UBND xã"},
            "name",
            "Hãy nhập họ tên cá nhân được khen thưởng.",
        ),
        ({"kind": "team"}, "kind", "Hãy chọn đối tượng khen thưởng: tập thể hoặc cá nhân."),
    ],
)
def test_it_refuses_an_awardee_without_a_name_in_vietnamese(province_admin, decision, kwargs, field, message):
    with pytest.raises(ValidationError) as error:
        services.award_add(by=province_admin, decision=decision, **kwargs)
    assert error.value.message_dict[field] == [message]
    assert not Award.objects.exists()


def test_it_refuses_an_officer_of_a_commune_outside_the_programme(province_admin, decision, tien_duc):
    outsider = StaffMember.objects.create(
        commune=tien_duc, full_name="Trần Văn Bình", position="Chủ tịch UBND xã"
    )
    with pytest.raises(ValidationError) as error:
        services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, staff_member=outsider)
    assert error.value.message_dict["staff_member"] == [
        "Cán bộ Trần Văn Bình công tác tại Xã Tiến Đức, không thuộc phạm vi của chương trình."
    ]
    with pytest.raises(ValidationError) as error:
        services.award_add(by=province_admin, decision=decision, kind=COLLECTIVE, commune=tien_duc)
    assert error.value.message_dict["commune"] == ["Xã Tiến Đức không thuộc phạm vi của chương trình."]
    assert not Award.objects.exists()


def test_it_fills_an_individual_from_the_staff_register(province_admin, decision, staff, ls_communes):
    award = services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, staff_member=staff)
    commune = ls_communes[1]
    assert award.name == "Hoàng Thị Thủy"
    assert award.commune == commune
    assert (
        award.position == f"Công chức Văn phòng - Thống kê, UBND {commune.name[0].lower()}{commune.name[1:]}"
    )


def test_it_refuses_the_same_commune_or_officer_twice_in_one_decision(
    province_admin, decision, ls_communes, staff
):
    services.award_add(by=province_admin, decision=decision, kind=COLLECTIVE, commune=ls_communes[0])
    services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, staff_member=staff)
    with pytest.raises(ValidationError) as error:
        services.award_add(
            by=province_admin,
            decision=decision,
            kind=COLLECTIVE,
            commune=ls_communes[0],
            name="Tập thể UBND xã",
        )
    assert error.value.message_dict["commune"] == [f"{ls_communes[0].name} đã có trong quyết định này."]
    with pytest.raises(ValidationError) as error:
        services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, staff_member=staff)
    assert error.value.message_dict["staff_member"] == ["Hoàng Thị Thủy đã có trong quyết định này."]
    assert Award.objects.count() == 2


def test_it_shows_the_services_errors_on_the_form_and_stores_nothing(client, province_admin, decision):
    client.force_login(province_admin)
    response = client.post(url("award_add", decision.pk), {"kind": COLLECTIVE, "name": "", "commune": ""})
    assert response.status_code == 200
    assert "Hãy nhập tên tập thể hoặc chọn xã, phường được khen thưởng." in response.content.decode()
    assert not Award.objects.exists()


def test_it_adds_edits_and_removes_awardees_through_the_pages(client, province_admin, decision, ls_communes):
    client.force_login(province_admin)
    response = client.post(
        url("award_add", decision.pk),
        {"kind": INDIVIDUAL, "name": "Bà Lương Thị Hằng", "position": "Chủ tịch UBND xã"},
    )
    assert response.status_code == 302
    award = Award.objects.get()
    response = client.post(
        url("award_edit", award.pk),
        {
            "kind": INDIVIDUAL,
            "name": "Bà Lương Thị Hằng",
            "position": "Chủ tịch UBND xã",
            "commune": ls_communes[2].pk,
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.commune == ls_communes[2]
    assert client.post(url("award_delete", award.pk)).status_code == 302
    assert not Award.objects.exists()


def test_it_checks_the_decisions_own_particulars(
    province_admin, ls_programme, decision, review_factory, programme_factory, lang_son_legacy
):
    with pytest.raises(ValidationError) as error:
        services.decision_create(by=province_admin, programme=ls_programme, **_fields(number="", reason=" "))
    assert error.value.message_dict == {
        "number": ["Hãy nhập số quyết định, ví dụ 125/QĐ-UBND."],
        "reason": ["Hãy nhập lý do khen thưởng."],
    }
    with pytest.raises(ValidationError) as error:
        services.decision_create(by=province_admin, programme=ls_programme, **_fields(number="125/QĐ-UBND"))
    assert error.value.message_dict["number"] == [
        "Đã có quyết định số 125/QĐ-UBND ngày 14/01/2025 của UBND TỈNH LẠNG SƠN."
    ]
    other = programme_factory(name="Công sở thân thiện", owner_unit=lang_son_legacy)
    other_review = review_factory(programme=other, scope_unit=lang_son_legacy)
    with pytest.raises(ValidationError) as error:
        services.decision_create(by=province_admin, programme=ls_programme, review=other_review, **_fields())
    assert error.value.message_dict["review"] == [
        "Hội nghị sơ kết, tổng kết phải thuộc chương trình của quyết định."
    ]
    assert AwardDecision.objects.count() == 1


# --- Nominations from the ranking ---------------------------------------------------------------


def test_it_ticks_the_top_ranked_communes_of_the_review(client, province_admin, decision, ranked):
    client.force_login(province_admin)
    response = client.get(url("nominate", decision.pk), {"top": 2})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["unit"] for row in rows] == ranked
    assert [row["rank"] for row in rows] == [1, 2, 3, 4]
    assert response.context["checked"] == {ranked[0].pk, ranked[1].pk}
    page = response.content.decode()
    assert page.count(" checked>") == 2


def test_it_proposes_the_chosen_communes_with_their_rank_and_skips_those_already_named(
    client, province_admin, decision, ranked
):
    services.award_add(by=None, decision=decision, kind=COLLECTIVE, commune=ranked[1], name="UBND xã đã có")
    client.force_login(province_admin)
    page = client.get(url("nominate", decision.pk))
    assert page.context["checked"] == {ranked[0].pk, ranked[2].pk, ranked[3].pk}  # top 5, less the one named

    response = client.post(url("nominate", decision.pk), {"top": 5, "communes": [ranked[3].pk, ranked[0].pk]})

    assert response.status_code == 302
    proposed = list(decision.awards.filter(rank__isnull=False).order_by("order"))
    assert [(a.commune, a.rank, a.status) for a in proposed] == [
        (ranked[0], 1, PROPOSED),
        (ranked[3], 4, PROPOSED),
    ]
    assert decision.awards.filter(commune=ranked[1]).count() == 1


def test_it_refuses_a_commune_that_is_not_in_the_ranking(client, province_admin, decision, ranked, tien_duc):
    client.force_login(province_admin)
    response = client.post(url("nominate", decision.pk), {"communes": [tien_duc.pk]})
    assert response.status_code == 200
    assert "Xã, phường đã chọn không có trong bảng xếp hạng." in response.content.decode()
    assert not Award.objects.exists()
    with pytest.raises(ValidationError):
        services.nominations_from_ranking(by=province_admin, decision=decision, communes=[tien_duc], ranks={})


def test_it_ranks_over_the_whole_phase_without_a_review(
    client, province_admin, award_decision_factory, ls_programme, ranked
):
    decision = award_decision_factory(programme=ls_programme, review=None)
    client.force_login(province_admin)
    response = client.get(url("nominate", decision.pk))
    assert response.context["source"]["start"] == ls_programme.phase_start
    assert [row["unit"] for row in response.context["rows"]] == ranked


# --- Signing the decision -----------------------------------------------------------------------


def test_it_marks_the_nominations_decided_and_closes_the_list(client, province_admin, decision, ls_communes):
    for commune in ls_communes[:2]:
        services.award_add(by=province_admin, decision=decision, kind=COLLECTIVE, commune=commune)
    services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, name="Ông Vi Văn Thắng")
    client.force_login(province_admin)

    response = client.post(url("decide", decision.pk), follow=True)

    assert set(decision.awards.values_list("status", flat=True)) == {DECIDED}
    assert "Quyết định 125/QĐ-UBND đã ký: khen thưởng 2 tập thể và 1 cá nhân." in response.content.decode()
    closed = client.get(url("award_add", decision.pk), follow=True)
    assert "đã được ký: không thêm, sửa hoặc xóa" in closed.content.decode()
    award = decision.awards.first()
    client.post(url("award_delete", award.pk))
    assert decision.awards.count() == 3
    with pytest.raises(ValidationError):
        services.award_add(by=province_admin, decision=decision, kind=INDIVIDUAL, name="Ông Nông Văn Mới")
    with pytest.raises(ValidationError) as error:
        services.awards_decide(by=province_admin, decision=decision)
    assert error.value.messages == ["Quyết định 125/QĐ-UBND đã được ký."]


def test_it_refuses_to_sign_an_empty_decision(province_admin, decision):
    with pytest.raises(ValidationError) as error:
        services.awards_decide(by=province_admin, decision=decision)
    assert error.value.messages == ["Quyết định chưa có tập thể, cá nhân nào được đề nghị khen thưởng."]


def test_a_loader_records_a_signed_decision_without_a_user(decision, ls_communes):
    for commune in ls_communes:
        services.award_add(by=None, decision=decision, kind=COLLECTIVE, commune=commune, status=DECIDED)
    assert award_totals(AwardDecision.objects.all()) == {"collectives": 4, "individuals": 0, "recipients": 0}


# --- Totals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "phrase"),
    [
        ({"collectives": 16, "individuals": 8}, "16 tập thể và 8 cá nhân"),
        ({"collectives": 1200, "individuals": 0}, "1.200 tập thể"),
        ({"collectives": 0, "individuals": 8}, "8 cá nhân"),
        ({"collectives": 0, "individuals": 0}, "chưa có tập thể, cá nhân nào"),
    ],
)
def test_it_words_the_totals_the_vietnamese_way(totals, phrase):
    assert award_totals_phrase(totals) == phrase


def test_it_words_a_total_the_decision_does_not_split():
    assert award_totals_phrase({"recipients": 21}) == "21 tập thể, cá nhân"
    assert award_totals_phrase({"collectives": 16, "individuals": 8, "recipients": 43}) == (
        "16 tập thể và 8 cá nhân; 43 tập thể, cá nhân"
    )


def test_a_decision_counts_what_it_states_until_its_list_is_entered(
    province_admin, ls_programme, review, award_factory
):
    stated = services.decision_create(
        by=province_admin,
        programme=ls_programme,
        review=review,
        **_fields(number="15/QĐ-UBND", stated_collectives=16, stated_individuals=8),
    )
    unsplit = services.decision_create(
        by=province_admin, programme=ls_programme, review=review, **_fields(stated_recipients=21)
    )
    both = AwardDecision.objects.filter(pk__in=[stated.pk, unsplit.pk])
    assert award_totals(both) == {"collectives": 16, "individuals": 8, "recipients": 21}
    # A nomination is not the decision's list yet; a decided list replaces what was stated.
    award_factory(decision=stated, kind=COLLECTIVE, status=PROPOSED)
    assert award_totals(both)["collectives"] == 16
    award_factory(decision=stated, kind=COLLECTIVE, status=DECIDED)
    assert award_totals(both) == {"collectives": 1, "individuals": 0, "recipients": 21}


def test_it_takes_either_the_split_or_the_total_a_decision_states(province_admin, ls_programme):
    with pytest.raises(ValidationError) as error:
        services.decision_create(
            by=province_admin,
            programme=ls_programme,
            **_fields(stated_collectives=16, stated_recipients=24),
        )
    assert error.value.message_dict == {
        "stated_recipients": [
            "Ghi số tập thể và số cá nhân, hoặc chỉ tổng số khi quyết định không tách; không ghi cả hai."
        ]
    }
    with pytest.raises(ValidationError) as error:
        services.decision_create(by=province_admin, programme=ls_programme, **_fields(stated_individuals=-1))
    assert error.value.message_dict == {"stated_individuals": ["Hãy nhập một số nguyên không âm."]}
    assert not AwardDecision.objects.exists()


def test_staff_record_what_a_decision_states_and_its_page_says_the_list_is_not_entered(
    client, province_admin, ls_programme, review
):
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:decision_new"),
        decision_post(ls_programme, review, stated_collectives="16", stated_individuals="8"),
    )
    decision = AwardDecision.objects.get()
    assert response.status_code == 302
    assert (decision.stated_collectives, decision.stated_individuals) == (16, 8)
    page = client.get(url("decision_detail", decision.pk)).content.decode()
    assert "Theo quyết định (danh sách chưa nhập)" in page and "16 tập thể và 8 cá nhân" in page
    listing = client.get(reverse("reports:decision_list")).content.decode()
    assert listing.count("16 tập thể và 8 cá nhân") == 2


def seed_lang_son_2025(decision, award_factory):
    """16 collectives and 8 individuals, as at the Lạng Sơn conference of 16 January 2025."""
    for index in range(16):
        award_factory(decision=decision, kind=COLLECTIVE, name=f"UBND xã Thử Nghiệm {index}")
    for index in range(8):
        award_factory(decision=decision, kind=INDIVIDUAL, name=f"Ông Nguyễn Văn {index}")


def test_it_shows_16_collectives_and_8_individuals_on_the_list_and_the_decision(
    client, province_admin, decision, award_factory
):
    seed_lang_son_2025(decision, award_factory)
    client.force_login(province_admin)
    listing = client.get(reverse("reports:decision_list")).content.decode()
    assert listing.count("16 tập thể và 8 cá nhân") == 2  # the decision's row and the overall total
    detail = client.get(url("decision_detail", decision.pk))
    assert "16 tập thể và 8 cá nhân" in detail.content.decode()
    assert len(detail.context["collectives"]) == 16 and len(detail.context["individuals"]) == 8


def test_the_list_filters_and_keeps_its_queries_bounded(
    client, province_admin, ls_programme, award_decision_factory, award_factory, django_assert_max_num_queries
):
    for index in range(30):
        level = AwardDecision.Level.MERIT if index % 3 == 0 else AwardDecision.Level.PROVINCE_MERIT
        made = award_decision_factory(programme=ls_programme, level=level)
        award_factory(decision=made, kind=COLLECTIVE)
        award_factory(decision=made, kind=INDIVIDUAL, status=PROPOSED)
    client.force_login(province_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reports:decision_list"))
    assert len(response.context["page_obj"]) == 25
    assert response.context["totals_phrase"] == "30 tập thể"  # proposed individuals are not awards yet
    with django_assert_max_num_queries(10):
        merit = client.get(
            reverse("reports:decision_list"),
            {"level": AwardDecision.Level.MERIT, "programme": ls_programme.pk},
        )
    assert merit.context["page_obj"].paginator.count == 10


def test_it_escapes_the_text_people_type(client, province_admin, decision):
    services.award_add(
        by=province_admin, decision=decision, kind=COLLECTIVE, name='<script>alert("x")</script> Tổ một cửa'
    )
    client.force_login(province_admin)
    page = client.get(url("decision_detail", decision.pk)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tổ một cửa" in page


# --- Certificates -------------------------------------------------------------------------------


def test_it_writes_the_place_and_date_line_as_official_documents_do():
    assert place_and_date("Lạng Sơn", D(2025, 1, 14)) == "Lạng Sơn, ngày 14 tháng 01 năm 2025"
    assert place_and_date("Hưng Hà", D(2023, 9, 8)) == "Hưng Hà, ngày 08 tháng 9 năm 2023"
    # Nghị định 30/2020, Phụ lục I: days below 10 and months 1 and 2 keep their zero, months 3-12 none.
    assert place_and_date("Bàu Bàng", D(2017, 8, 8)) == "Bàu Bàng, ngày 08 tháng 8 năm 2017"
    assert place_and_date("Lạng Sơn", D(2024, 2, 3)) == "Lạng Sơn, ngày 03 tháng 02 năm 2024"
    assert place_and_date("Lạng Sơn", D(2024, 12, 31)) == "Lạng Sơn, ngày 31 tháng 12 năm 2024"


def test_it_prints_a_landscape_certificate_of_merit_with_vietnamese_letters(
    client, province_admin, decision, award_factory, tmp_path
):
    award = award_factory(
        decision=decision,
        kind=INDIVIDUAL,
        name="Bà Hoàng Thị Thủy",
        position="Chủ tịch UBND xã Hoàng Đồng, thành phố Lạng Sơn",
    )
    client.force_login(province_admin)
    response = client.get(url("certificate", award.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content, tmp_path)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "TẶNG BẰNG KHEN",
        "Bà Hoàng Thị Thủy",
        # The body in full on a certificate, and typographic quotes.
        "Chủ tịch Ủy ban nhân dân xã Hoàng Đồng, thành phố Lạng Sơn",
        REASON.replace('"Chính quyền thân thiện"', "“Chính quyền thân thiện”"),
        "Lạng Sơn, ngày 14 tháng 01 năm 2025",
        "Quyết định số 125/QĐ-UBND ngày 14/01/2025",
        "Hồ Tiến Thiệu",
    ]:
        assert expected in text, expected
    info = info_of(response.content, tmp_path)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("841.89 x 595.276")  # A4 landscape
    assert_project_fonts_only(response.content)


def test_it_prints_every_certificate_of_a_signed_decision_one_per_page(
    client, province_admin, decision, award_factory, tmp_path
):
    award_factory(decision=decision, kind=INDIVIDUAL, name="Ông Vi Văn Thắng", order=1)
    award_factory(decision=decision, kind=COLLECTIVE, name="UBND xã Hoàng Đồng, thành phố Lạng Sơn", order=1)
    award_factory(decision=decision, kind=COLLECTIVE, name="Phòng Nội vụ huyện Cao Lộc", order=2)
    decision.level = AwardDecision.Level.MERIT
    decision.save()
    client.force_login(province_admin)
    response = client.get(url("certificates", decision.pk))
    assert response.status_code == 200
    assert info_of(response.content, tmp_path)["Pages"] == "3"
    text = text_of(response.content, tmp_path)
    assert text.count("TẶNG GIẤY KHEN") == 3
    # Collectives first, then individuals.
    assert (
        text.index("Ủy ban nhân dân xã Hoàng Đồng")
        < text.index("Phòng Nội vụ huyện Cao Lộc")
        < text.index("Ông Vi Văn Thắng")
    )


def test_it_prints_no_certificate_for_a_mere_nomination(client, ls_viewer, decision, award_factory):
    award = award_factory(decision=decision, status=PROPOSED, name="UBND xã Hoàng Đồng")
    client.force_login(ls_viewer)
    response = client.get(url("certificate", award.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("decision_detail", decision.pk)
    assert (
        "mới được đề nghị; bằng khen, giấy khen chỉ in khi quyết định đã được ký" in response.content.decode()
    )
    response = client.get(url("certificates", decision.pk), follow=True)
    assert "Quyết định chưa được ký: chưa có bằng khen, giấy khen nào để in." in response.content.decode()
