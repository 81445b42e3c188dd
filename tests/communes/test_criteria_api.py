"""The criteria-set, self-assessment and ranking endpoints: scope, roles, the services' rules and
messages, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communes.models import AssessmentScore, CriteriaSet, EvidenceFile, SelfAssessment
from communes.selectors import criteria as selectors
from communes.services import criteria as services

from .criteria.fixtures import (
    FULL,
    PDF,
    TREE,
    by_code,
    score_all,
    start,
)

SETS = "/api/v1/criteria-sets/"
ASSESSMENTS = "/api/v1/assessments/"
RANKING = "/api/v1/assessment-ranking/"


def nested_tree() -> list[dict]:
    return [
        {
            "title": group["title"],
            "criteria": [
                {
                    "code": c["code"],
                    "title": c["title"],
                    "max_score": str(c["max_score"]),
                    "children": [
                        {"code": s["code"], "title": s["title"], "max_score": str(s["max_score"])}
                        for s in c.get("children", [])
                    ],
                }
                for c in group["criteria"]
            ],
        }
        for group in TREE
    ]


# --- Criteria sets ----------------------------------------------------------------------------------


def test_the_set_detail_nests_groups_criteria_and_sub_criteria(client, officer, criteria_set):
    client.force_login(officer)
    body = client.get(f"{SETS}{criteria_set.pk}/").json()
    assert (body["version"], body["is_published"], body["total_max"], body["leaf_count"]) == (
        1,
        True,
        "20.00",
        4,
    )
    first = body["groups"][0]
    assert (first["title"], first["total_max"]) == ("Chính quyền công khai, minh bạch", "15.00")
    parent = first["criteria"][1]
    assert parent["code"] == "1.2"
    assert [(c["code"], c["max_score"]) for c in parent["children"]] == [("1.2.a", "3.00"), ("1.2.b", "2.00")]


def test_a_lang_son_administrator_gets_404_for_a_hung_ha_set(client, province_admin, criteria_set):
    client.force_login(province_admin)
    assert client.get(SETS).json()["count"] == 0
    assert client.get(f"{SETS}{criteria_set.pk}/").status_code == 404
    assert client.post(f"{SETS}{criteria_set.pk}/new-version/").status_code == 404


def test_an_administrator_creates_a_set_with_its_tree_and_publishes_it(
    client, hung_yen_admin, hung_ha_programme
):
    client.force_login(hung_yen_admin)
    response = client.post(
        SETS,
        {"programme": hung_ha_programme.pk, "title": "Bộ tiêu chí 2025", "groups": nested_tree()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["total_max"], body["is_published"]) == (1, "20.00", False)
    assert len(body["groups"][0]["criteria"][1]["children"]) == 2
    set_id = body["id"]
    response = client.post(f"{SETS}{set_id}/publish/")
    assert response.status_code == 200 and response.json()["published_at"]
    response = client.patch(f"{SETS}{set_id}/", {"title": "Đổi tên"}, content_type="application/json")
    assert response.status_code == 400
    assert "đã công bố, không thể thay đổi" in response.json()["non_field_errors"][0]
    response = client.post(f"{SETS}{set_id}/new-version/")
    assert response.status_code == 201 and response.json()["version"] == 2


def test_a_bad_tree_is_refused_in_vietnamese_and_nothing_is_created(
    client, hung_yen_admin, hung_ha_programme
):
    client.force_login(hung_yen_admin)
    tree = nested_tree()
    tree[1]["criteria"][0]["code"] = "1.1"  # the same code twice
    response = client.post(
        SETS,
        {"programme": hung_ha_programme.pk, "title": "Bộ lỗi", "groups": tree},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == ["Mã “1.1” đã có trong bộ tiêu chí."]
    assert not CriteriaSet.objects.exists()


def test_viewers_and_officers_cannot_write_sets(
    client, province_viewer, officer, draft_set, hung_ha_programme
):
    group = draft_set.groups.first()
    for user in (province_viewer, officer):
        client.force_login(user)
        assert client.post(SETS, {"programme": hung_ha_programme.pk, "title": "X"}).status_code == 403
        assert client.post(f"{SETS}{draft_set.pk}/publish/").status_code == 403
        assert client.delete(f"{SETS}{draft_set.pk}/").status_code == 403
        response = client.post(
            "/api/v1/criteria/",
            {"group": group.pk, "code": "1.9", "title": "X", "max_score": "1"},
            content_type="application/json",
        )
        assert response.status_code == 403
    assert CriteriaSet.objects.get(pk=draft_set.pk).published_at is None


def test_criteria_are_added_and_refused_through_their_endpoint(client, hung_yen_admin, draft_set):
    client.force_login(hung_yen_admin)
    group = draft_set.groups.first()
    response = client.post(
        "/api/v1/criteria/",
        {"group": group.pk, "code": "1.3", "title": "Hòm thư góp ý", "max_score": "0"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["max_score"] == ["Điểm tối đa phải lớn hơn 0."]
    response = client.post(
        "/api/v1/criteria/",
        {
            "group": group.pk,
            "parent": by_code(draft_set, "1.2").pk,
            "code": "1.2.c",
            "title": "Hòm thư",
            "max_score": "1",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(f"{SETS}{draft_set.pk}/").json()["total_max"] == "21.00"
    # A partial update keeps the maximum.
    leaf = by_code(draft_set, "1.1")
    response = client.patch(
        f"/api/v1/criteria/{leaf.pk}/", {"title": "Niêm yết TTHC"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["max_score"]) == ("Niêm yết TTHC", "10.00")


@pytest.mark.parametrize("size", [2, 12])
def test_the_set_list_runs_a_fixed_number_of_queries(
    client, hung_yen_admin, hung_ha_programme, size, django_assert_max_num_queries
):
    for index in range(size):
        services.criteria_set_create(
            programme=hung_ha_programme, by=hung_yen_admin, title=f"Bộ {index}", groups=TREE
        )
    client.force_login(hung_yen_admin)
    with django_assert_max_num_queries(5):  # session, user, province (scope), count, page
        body = client.get(SETS).json()
    assert body["count"] == size
    assert {row["total_max"] for row in body["results"]} == {"20.00"}


# --- Assessments ------------------------------------------------------------------------------------


def test_an_officer_starts_scores_and_submits_through_the_api(client, officer, criteria_set, tien_duc):
    client.force_login(officer)
    response = client.post(
        ASSESSMENTS,
        {
            "criteria_set": criteria_set.pk,
            "commune": tien_duc.pk,
            "period_label": "Năm 2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    scores = [
        {"criterion": by_code(criteria_set, code).pk, "self_score": value} for code, value in FULL.items()
    ]
    bad = [*scores[:-1], {"criterion": by_code(criteria_set, "2.1").pk, "self_score": "6"}]
    response = client.post(f"{ASSESSMENTS}{pk}/scores/", {"scores": bad}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["2.1"] == [
        "Điểm tự chấm của tiêu chí 2.1 phải từ 0 đến 5 (tối đa 2 chữ số thập phân)."
    ]
    assert not AssessmentScore.objects.exists()
    response = client.post(f"{ASSESSMENTS}{pk}/scores/", {"scores": scores}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["self_total"], response.json()["scored_count"]) == ("16.50", 4)
    response = client.post(f"{ASSESSMENTS}{pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = client.post(f"{ASSESSMENTS}{pk}/submit/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Chỉ gửi thẩm định bản tự đánh giá đang tự chấm."]


def test_an_officer_cannot_start_for_a_commune_outside_their_scope(client, officer, criteria_set, chi_hoa):
    client.force_login(officer)
    response = client.post(
        ASSESSMENTS,
        {
            "criteria_set": criteria_set.pk,
            "commune": chi_hoa.pk,
            "period_label": "Năm 2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "commune" in response.json()
    assert not SelfAssessment.objects.exists()


def test_another_officer_gets_404_on_the_assessment_and_its_actions(client, other_officer, assessment):
    client.force_login(other_officer)
    assert client.get(f"{ASSESSMENTS}{assessment.pk}/").status_code == 404
    assert client.post(f"{ASSESSMENTS}{assessment.pk}/submit/").status_code == 404
    response = client.post(
        f"{ASSESSMENTS}{assessment.pk}/scores/", {"scores": []}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get(ASSESSMENTS).json()["count"] == 0


def test_a_viewer_reads_but_never_writes_assessments(
    client, province_viewer, assessment, criteria_set, tien_duc
):
    client.force_login(province_viewer)
    assert client.get(f"{ASSESSMENTS}{assessment.pk}/").json()["commune"]["name"] == "Xã Tiến Đức"
    assert client.post(f"{ASSESSMENTS}{assessment.pk}/submit/").status_code == 403
    assert (
        client.post(f"{ASSESSMENTS}{assessment.pk}/verify/", {}, content_type="application/json").status_code
        == 403
    )
    assert (
        client.post(ASSESSMENTS, {"criteria_set": criteria_set.pk, "commune": tien_duc.pk}).status_code == 403
    )


def test_an_administrator_verifies_through_the_api(client, hung_yen_admin, officer, submitted):
    client.force_login(officer)
    assert (
        client.post(f"{ASSESSMENTS}{submitted.pk}/verify/", {}, content_type="application/json").status_code
        == 403
    )
    client.force_login(hung_yen_admin)
    score = AssessmentScore.objects.get(assessment=submitted, criterion__code="1.1")
    url = f"{ASSESSMENTS}{submitted.pk}/verify/"
    response = client.post(
        url, {"reviews": [{"score": score.pk, "verified_score": "6"}]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["1.1"] == ["Tiêu chí 1.1: điều chỉnh điểm (8 → 6) phải ghi nhận xét."]
    response = client.post(
        url,
        {"reviews": [{"score": score.pk, "verified_score": "6", "verifier_comment": "Thiếu niêm yết."}]},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "verified"
    assert (body["self_total"], body["final_total"]) == ("16.50", "14.50")
    adjusted = next(s for s in body["scores"] if s["criterion"]["code"] == "1.1")
    assert (adjusted["verified_score"], adjusted["final_score"], adjusted["verifier_comment"]) == (
        "6.00",
        "6.00",
        "Thiếu niêm yết.",
    )


def test_an_administrator_returns_an_assessment_through_the_api(
    client, hung_yen_admin, officer, province_admin, submitted
):
    url = f"{ASSESSMENTS}{submitted.pk}/return/"
    client.force_login(officer)
    assert client.post(url, {"reason": "Sửa"}, content_type="application/json").status_code == 403
    client.force_login(province_admin)
    assert client.post(url, {"reason": "Sửa"}, content_type="application/json").status_code == 404
    client.force_login(hung_yen_admin)
    response = client.post(url, {"reason": "  "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["reason"] == ["Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì."]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(url, {"reason": "Bổ sung minh chứng 1.1."}, content_type="application/json")
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["return_reason"]) == ("draft", "Bổ sung minh chứng 1.1.")
    assert body["returned_at"] is not None
    # Submitted again and verified with an overall note.
    services.assessment_submit(assessment=submitted, by=officer)
    response = client.post(
        f"{ASSESSMENTS}{submitted.pk}/verify/", {"note": "Đạt."}, content_type="application/json"
    )
    assert (response.json()["status"], response.json()["verifier_note"]) == ("verified", "Đạt.")


def test_evidence_upload_refuses_a_renamed_text_file_and_serves_a_pdf_in_scope(
    client, officer, other_officer, assessment, media
):
    score_all(assessment, officer, {"1.1": "8"})
    client.force_login(officer)
    leaf = by_code(assessment.criteria_set, "1.1")
    url = f"{ASSESSMENTS}{assessment.pk}/evidence/"
    response = client.post(
        url, {"criterion": leaf.pk, "file": SimpleUploadedFile("x.pdf", b"van ban thuong")}
    )
    assert response.status_code == 400
    assert response.json()["file"] == ["Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF."]
    assert not EvidenceFile.objects.exists() and not any(media.rglob("*.*"))
    response = client.post(
        url, {"criterion": leaf.pk, "file": SimpleUploadedFile("x.pdf", PDF), "caption": "Biên bản"}
    )
    assert response.status_code == 201
    file_url = response.json()["url"]
    assert client.get(file_url).status_code == 200
    detail = client.get(f"{ASSESSMENTS}{assessment.pk}/").json()
    assert detail["scores"][0]["files"][0]["caption"] == "Biên bản"
    client.force_login(other_officer)
    assert client.get(file_url).status_code == 404


def make_submitted(criteria_set, communes, user, size: int) -> None:
    made, year = 0, 2000
    while made < size:
        for commune in communes[: size - made]:
            a = start(
                criteria_set,
                commune,
                user,
                period_label=f"Năm {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
            )
            score_all(a, user, FULL)
            services.assessment_submit(assessment=a, by=user)
            made += 1
        year += 1


@pytest.mark.parametrize("size", [2, 12])
def test_the_assessment_and_ranking_lists_run_a_fixed_number_of_queries(
    client, hung_yen_admin, criteria_set, tien_duc, chi_hoa, thai_hung, size, django_assert_max_num_queries
):
    make_submitted(criteria_set, [tien_duc, chi_hoa, thai_hung], hung_yen_admin, size)
    client.force_login(hung_yen_admin)
    with django_assert_max_num_queries(5):  # session, user, province (scope), count, page
        body = client.get(ASSESSMENTS).json()
    assert body["count"] == size
    with django_assert_max_num_queries(5):
        body = client.get(RANKING).json()
    assert body["count"] == size


def test_the_ranking_endpoint_reads_the_same_selector_as_the_page(
    client, hung_yen_admin, officer, other_officer, criteria_set, tien_duc, chi_hoa
):
    ta = start(criteria_set, tien_duc, officer)
    score_all(ta, officer, FULL)
    services.assessment_submit(assessment=ta, by=officer)
    ch = start(criteria_set, chi_hoa, other_officer)
    score_all(ch, other_officer, {"1.1": "10", "1.2.a": "3", "1.2.b": "2", "2.1": "5"})
    services.assessment_submit(assessment=ch, by=other_officer)
    client.force_login(hung_yen_admin)
    results = client.get(RANKING, {"criteria_set": criteria_set.pk, "period_label": "Năm 2024"}).json()[
        "results"
    ]
    assert [(r["rank"], r["commune"]["name"], r["final_total"]) for r in results] == [
        (1, "Xã Chí Hòa", "20.00"),
        (2, "Xã Tiến Đức", "16.50"),
    ]
    page = client.get(reverse("communes:ranking"), {"criteria_set": criteria_set.pk})
    assert [a.pk for a in page.context["page_obj"]] == [r["id"] for r in results]
    assert [a.pk for a in selectors.ranking(user=hung_yen_admin)] == [r["id"] for r in results]
