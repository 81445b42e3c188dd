"""Pages of criteria sets, self-assessments, verification and ranking: content, scope, roles,
Vietnamese errors, exports, evidence files and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communes.models import (
    AssessmentScore,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    EvidenceFile,
    SelfAssessment,
)
from communes.services import criteria as services

from .criteria.fixtures import (
    FULL,
    PDF,
    TREE,
    by_code,
    score_all,
    start,
)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sheet_post(
    assessment, scores: dict[str, str], *, action: str = "save", evidence: dict | None = None
) -> dict:
    """The POST of the score sheet, leaves in the order of the page."""
    leaves = ["1.1", "1.2.a", "1.2.b", "2.1"]
    data = {
        "scores-TOTAL_FORMS": str(len(leaves)),
        "scores-INITIAL_FORMS": str(len(leaves)),
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "action": action,
    }
    for index, code in enumerate(leaves):
        data[f"scores-{index}-criterion"] = str(by_code(assessment.criteria_set, code).pk)
        data[f"scores-{index}-self_score"] = scores.get(code, "")
        data[f"scores-{index}-evidence"] = (evidence or {}).get(code, "")
    return data


def review_post(forms, *, action: str = "verify", **extra) -> dict:
    """The POST of the verification page: every score accepted as it is (blank), no comment."""
    data = {
        "reviews-TOTAL_FORMS": str(len(forms)),
        "reviews-INITIAL_FORMS": str(len(forms)),
        "reviews-MIN_NUM_FORMS": "0",
        "reviews-MAX_NUM_FORMS": "1000",
        "action": action,
        **extra,
    }
    for index, form in enumerate(forms):
        data[f"reviews-{index}-score"] = str(form.initial["score"])
        data[f"reviews-{index}-verified_score"] = ""
        data[f"reviews-{index}-verifier_comment"] = ""
    return data


# --- Criteria sets ----------------------------------------------------------------------------------


def test_the_set_page_shows_the_tree_with_totals(client, province_viewer, criteria_set):
    client.force_login(province_viewer)
    html = html_of(client.get(reverse("communes:criteria_set_detail", args=[criteria_set.pk])))
    assert "Bộ tiêu chí xã thân thiện" in html
    assert "Chính quyền công khai, minh bạch" in html and "(tối đa 15 điểm)" in html
    assert "Cán bộ thân thiện, tận tụy" in html and "(tối đa 5 điểm)" in html
    assert "Tổng điểm tối đa: 20" in html
    assert "1.2.a" in html and "Có phòng tiếp công dân" in html
    assert "chấm qua các tiêu chí thành phần" in html
    # A viewer gets no authoring buttons.
    assert reverse("communes:criteria_set_new_version", args=[criteria_set.pk]) not in html


def test_an_officer_is_offered_to_assess_a_published_set(client, officer, criteria_set):
    client.force_login(officer)
    html = html_of(client.get(reverse("communes:criteria_set_detail", args=[criteria_set.pk])))
    assert reverse("communes:assessment_new", args=[criteria_set.pk]) in html
    assert reverse("communes:criteria_set_edit", args=[criteria_set.pk]) not in html


def test_a_lang_son_administrator_cannot_see_a_hung_ha_set(client, province_admin, criteria_set):
    client.force_login(province_admin)
    for name in ("criteria_set_detail", "criteria_set_edit", "criteria_set_delete", "assessment_new"):
        assert client.get(reverse(f"communes:{name}", args=[criteria_set.pk])).status_code == 404
    assert (
        client.post(reverse("communes:criteria_set_new_version", args=[criteria_set.pk])).status_code == 404
    )
    html = html_of(client.get(reverse("communes:criteria_set_list")))
    assert "Bộ tiêu chí xã thân thiện" not in html


def test_viewers_and_officers_cannot_author(client, province_viewer, officer, draft_set):
    group = draft_set.groups.first()
    leaf = by_code(draft_set, "1.1")
    writes = [
        ("get", reverse("communes:criteria_set_new")),
        ("post", reverse("communes:criteria_set_edit", args=[draft_set.pk])),
        ("post", reverse("communes:criteria_set_delete", args=[draft_set.pk])),
        ("post", reverse("communes:criteria_set_publish", args=[draft_set.pk])),
        ("post", reverse("communes:criteria_group_new", args=[draft_set.pk])),
        ("post", reverse("communes:criteria_group_edit", args=[group.pk])),
        ("post", reverse("communes:criteria_group_delete", args=[group.pk])),
        ("post", reverse("communes:criterion_new", args=[group.pk])),
        ("post", reverse("communes:criterion_edit", args=[leaf.pk])),
        ("post", reverse("communes:criterion_delete", args=[leaf.pk])),
    ]
    for user in (province_viewer, officer):
        client.force_login(user)
        for method, url in writes:
            assert getattr(client, method)(url, {"title": "X"}).status_code == 403, (user, url)
    assert CriteriaSet.objects.get(pk=draft_set.pk).published_at is None
    assert Criterion.objects.filter(group__criteria_set=draft_set).count() == 5


def test_an_administrator_authors_and_publishes_a_set_through_the_pages(
    client, hung_yen_admin, hung_ha_programme
):
    client.force_login(hung_yen_admin)
    response = client.post(
        reverse("communes:criteria_set_new"),
        {"programme": hung_ha_programme.pk, "title": "Bộ tiêu chí 2025", "issued_by": "Phòng Nội vụ"},
    )
    criteria_set = CriteriaSet.objects.get(title="Bộ tiêu chí 2025")
    assert response.status_code == 302 and criteria_set.version == 1
    client.post(
        reverse("communes:criteria_group_new", args=[criteria_set.pk]), {"title": "Công sở xanh – sạch – đẹp"}
    )
    group = CriteriaGroup.objects.get(criteria_set=criteria_set)
    # A bad maximum is refused in Vietnamese and nothing is created.
    html = html_of(
        client.post(
            reverse("communes:criterion_new", args=[group.pk]),
            {"code": "3.1", "title": "Cây xanh", "max_score": "0"},
        )
    )
    assert "Điểm tối đa phải lớn hơn 0." in html
    assert not Criterion.objects.filter(group=group).exists()
    client.post(
        reverse("communes:criterion_new", args=[group.pk]),
        {"code": "3.1", "title": "Cây xanh", "max_score": "4"},
    )
    parent = Criterion.objects.get(group=group, code="3.1")
    client.post(
        reverse("communes:criterion_new", args=[group.pk]) + f"?parent={parent.pk}",
        {"code": "3.1.a", "title": "Có bồn hoa", "max_score": "2,5"},
    )
    child = Criterion.objects.get(code="3.1.a")
    assert child.parent == parent and child.max_score == Decimal("2.5")
    parent.refresh_from_db()
    assert parent.max_score == Decimal("2.5")
    response = client.post(reverse("communes:criteria_set_publish", args=[criteria_set.pk]), follow=True)
    assert "Đã công bố bộ tiêu chí." in html_of(response)
    # Published: the edit form answers with the service's refusal and nothing changes.
    html = html_of(
        client.post(reverse("communes:criteria_set_edit", args=[criteria_set.pk]), {"title": "Đổi tên"})
    )
    assert "đã công bố, không thể thay đổi" in html
    assert CriteriaSet.objects.get(pk=criteria_set.pk).title == "Bộ tiêu chí 2025"
    response = client.post(reverse("communes:criteria_set_new_version", args=[criteria_set.pk]))
    copy = CriteriaSet.objects.get(programme=hung_ha_programme, version=2)
    assert response.url == reverse("communes:criteria_set_detail", args=[copy.pk])
    assert Criterion.objects.filter(group__criteria_set=copy).count() == 2


def test_a_draft_set_can_be_deleted_after_confirmation(client, hung_yen_admin, draft_set):
    client.force_login(hung_yen_admin)
    html = html_of(client.get(reverse("communes:criteria_set_delete", args=[draft_set.pk])))
    assert "Xóa bộ tiêu chí “Bộ tiêu chí xã thân thiện” (phiên bản 1)" in html
    client.post(reverse("communes:criteria_set_delete", args=[draft_set.pk]))
    assert not CriteriaSet.objects.filter(pk=draft_set.pk).exists()


@pytest.mark.parametrize("size", [2, 12])
def test_the_set_list_runs_a_bounded_number_of_queries(
    client, hung_yen_admin, hung_ha_programme, size, django_assert_max_num_queries
):
    for index in range(size):
        services.criteria_set_create(
            programme=hung_ha_programme, by=hung_yen_admin, title=f"Bộ tiêu chí {index}", groups=TREE
        )
    client.force_login(hung_yen_admin)
    # session, user, programme choices, count, page
    with django_assert_max_num_queries(6):
        response = client.get(reverse("communes:criteria_set_list"))
    html = html_of(response)
    assert len(response.context["page_obj"]) == size
    assert "Bộ tiêu chí 0" in html and ">20</td>" in html


def test_the_set_list_exports_csv(client, hung_yen_admin, criteria_set):
    client.force_login(hung_yen_admin)
    response = client.get(reverse("communes:criteria_set_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Bộ tiêu chí,Phiên bản" in text.splitlines()[0]
    assert "Bộ tiêu chí xã thân thiện,1" in text


# --- Self-assessment pages --------------------------------------------------------------------------


def test_an_officer_starts_an_assessment_for_their_commune_only(
    client, officer, criteria_set, long_hung, tien_duc, thai_hung, chi_hoa
):
    client.force_login(officer)
    url = reverse("communes:assessment_new", args=[criteria_set.pk])
    response = client.get(url)
    # Their 2025 commune (it took over the pilots Tiến Đức and Thái Hưng), offered first, and the
    # pilots themselves for the periods before the reform; never Chí Hòa.
    choices = list(response.context["form"].fields["commune"].queryset)
    assert choices == [long_hung, thai_hung, tien_duc]
    assert response.context["form"]["commune"].value() == long_hung.pk
    html = html_of(
        client.post(
            url,
            {
                "commune": chi_hoa.pk,
                "period_label": "Năm 2024",
                "period_start": "2024-01-01",
                "period_end": "2024-12-31",
            },
        )
    )
    assert "Hãy chọn một lựa chọn hợp lệ." in html
    assert not SelfAssessment.objects.exists()
    response = client.post(
        url,
        {
            "commune": tien_duc.pk,
            "period_label": "Năm 2024",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "due_on": "2025-01-15",
        },
    )
    created = SelfAssessment.objects.get()
    assert response.url == reverse("communes:assessment_edit", args=[created.pk])
    assert (created.commune, created.due_on) == (tien_duc, datetime.date(2025, 1, 15))


def test_a_viewer_cannot_start_or_score(client, province_viewer, criteria_set, assessment):
    client.force_login(province_viewer)
    assert client.get(reverse("communes:assessment_new", args=[criteria_set.pk])).status_code == 403
    assert (
        client.post(
            reverse("communes:assessment_edit", args=[assessment.pk]), sheet_post(assessment, FULL)
        ).status_code
        == 403
    )
    assert client.post(reverse("communes:assessment_submit", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("communes:assessment_verify", args=[assessment.pk])).status_code == 403
    # Reading is allowed.
    assert "Xã Tiến Đức" in html_of(client.get(reverse("communes:assessment_detail", args=[assessment.pk])))


def test_another_officer_gets_404_on_every_assessment_page(client, other_officer, assessment):
    client.force_login(other_officer)
    for name in ("assessment_detail", "assessment_edit", "assessment_verify", "assessment_return"):
        assert client.get(reverse(f"communes:{name}", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("communes:assessment_submit", args=[assessment.pk])).status_code == 404
    assert (
        client.post(
            reverse("communes:assessment_edit", args=[assessment.pk]), sheet_post(assessment, FULL)
        ).status_code
        == 404
    )
    assert not AssessmentScore.objects.exists()


def test_the_score_sheet_lists_every_leaf_grouped(client, officer, assessment):
    client.force_login(officer)
    html = html_of(client.get(reverse("communes:assessment_edit", args=[assessment.pk])))
    assert (
        html.index("Chính quyền công khai, minh bạch")
        < html.index("1.1. Niêm yết")
        < html.index("Cán bộ thân thiện")
    )
    assert "1.2. Tiếp công dân theo lịch" in html and "chấm qua các tiêu chí thành phần" in html
    assert "Điểm (tối đa 3)" in html and "Điểm (tối đa 10)" in html
    assert 'name="scores-3-self_score"' in html and 'name="scores-4-self_score"' not in html
    assert 'enctype="multipart/form-data"' in html
    # Ids in links are not written with a thousands separator.
    assert f'/assessments/?commune={assessment.commune_id}"' in html


def test_scores_are_saved_from_the_sheet_with_a_decimal_comma(client, officer, assessment):
    client.force_login(officer)
    url = reverse("communes:assessment_edit", args=[assessment.pk])
    response = client.post(
        url, sheet_post(assessment, {**FULL, "1.2.b": "1,5"}, evidence={"1.1": "Ảnh bảng niêm yết"})
    )
    assert response.status_code == 302
    scores = {
        s.criterion.code: s
        for s in AssessmentScore.objects.filter(assessment=assessment).select_related("criterion")
    }
    assert scores["1.2.b"].self_score == Decimal("1.5")
    assert scores["1.1"].evidence == "Ảnh bảng niêm yết"
    html = html_of(client.get(reverse("communes:assessment_detail", args=[assessment.pk])))
    assert '<div class="stat">16,50</div>' in html and '<div class="stat">20</div>' in html
    assert "Ảnh bảng niêm yết" in html


def test_a_score_above_the_maximum_shows_a_vietnamese_error_and_saves_nothing(client, officer, assessment):
    client.force_login(officer)
    html = html_of(
        client.post(
            reverse("communes:assessment_edit", args=[assessment.pk]),
            sheet_post(assessment, {**FULL, "2.1": "7"}),
        )
    )
    assert "Điểm tự chấm của tiêu chí 2.1 phải từ 0 đến 5" in html
    assert "Chưa lưu: có lỗi ở 1 tiêu chí" in html
    assert not AssessmentScore.objects.exists()


def test_a_row_naming_a_criterion_of_another_set_is_refused_above_the_sheet(
    client, officer, assessment, hung_yen_admin
):
    # A tampered row: the criterion of another set's version. The error names no row of the sheet,
    # so it shows above it, with the other rows' errors, and nothing is stored.
    other = services.criteria_set_new_version(criteria_set=assessment.criteria_set, by=hung_yen_admin)
    data = sheet_post(assessment, {**FULL, "2.1": "9"})
    data["scores-0-criterion"] = str(by_code(other, "1.1").pk)
    client.force_login(officer)
    html = html_of(client.post(reverse("communes:assessment_edit", args=[assessment.pk]), data))
    assert "Tiêu chí không thuộc bộ tiêu chí của bản tự đánh giá này." in html
    assert "Điểm tự chấm của tiêu chí 2.1 phải từ 0 đến 5" in html
    assert "Chưa lưu: có lỗi ở 2 tiêu chí" in html
    assert not AssessmentScore.objects.exists()


def test_save_and_submit_from_the_sheet(client, officer, assessment):
    client.force_login(officer)
    url = reverse("communes:assessment_edit", args=[assessment.pk])
    response = client.post(url, sheet_post(assessment, {"1.1": "8"}, action="submit"), follow=True)
    assert "Đã lưu điểm nhưng chưa gửi được: Còn 3 tiêu chí chưa chấm điểm" in html_of(response)
    response = client.post(url, sheet_post(assessment, FULL, action="submit"), follow=True)
    assert "Đã gửi bản tự đánh giá để thẩm định." in html_of(response)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    # Submitted: the sheet is closed.
    response = client.get(url)
    assert response.url == reverse("communes:assessment_detail", args=[assessment.pk])
    response = client.post(url, sheet_post(assessment, {**FULL, "1.1": "1"}))
    assert AssessmentScore.objects.get(assessment=assessment, criterion__code="1.1").self_score == Decimal(
        "8"
    )


def test_an_administrator_adjusts_with_a_comment_and_verifies(client, hung_yen_admin, submitted):
    client.force_login(hung_yen_admin)
    url = reverse("communes:assessment_verify", args=[submitted.pk])
    response = client.get(url)
    html = html_of(response)
    assert "Niêm yết công khai thủ tục hành chính" in html and 'placeholder="8"' in html
    data = review_post(response.context["formset"].forms)
    data["reviews-0-verified_score"] = "6"
    html = html_of(client.post(url, data))
    assert "Tiêu chí 1.1: điều chỉnh điểm (8 → 6) phải ghi nhận xét." in html
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    data["reviews-0-verifier_comment"] = "Thiếu niêm yết 2 thủ tục."
    response = client.post(url, data, follow=True)
    html = html_of(response)
    assert "Đã xác nhận kết quả thẩm định." in html
    assert "Thiếu niêm yết 2 thủ tục." in html
    assert '<div class="stat">14,50</div>' in html
    submitted.refresh_from_db()
    assert (submitted.status, submitted.verified_by) == ("verified", hung_yen_admin)


def test_the_officer_cannot_verify(client, officer, submitted):
    client.force_login(officer)
    assert client.get(reverse("communes:assessment_verify", args=[submitted.pk])).status_code == 403


def test_an_administrator_returns_the_assessment_and_the_officer_sees_why(
    client, hung_yen_admin, officer, submitted
):
    client.force_login(hung_yen_admin)
    detail = reverse("communes:assessment_detail", args=[submitted.pk])
    url = reverse("communes:assessment_return", args=[submitted.pk])
    assert url in html_of(client.get(detail))
    assert "Lý do trả lại" in html_of(client.get(url))
    # No reason: a Vietnamese error on the form, nothing changes.
    html = html_of(client.post(url, {"reason": "  "}))
    assert "Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì." in html
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    reason = "Bổ sung ảnh niêm yết <b>thủ tục</b> & biên bản."
    response = client.post(url, {"reason": reason}, follow=True)
    assert "Đã trả lại bản tự đánh giá cho Xã Tiến Đức để bổ sung." in html_of(response)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("draft", reason)
    # Returned: nothing more to return.
    assert client.get(url).url == detail

    client.force_login(officer)
    home = html_of(client.get(reverse("home")))
    assert f'<a href="{detail}">' in home and "tỉnh trả lại để bổ sung" in home
    for page in (detail, reverse("communes:assessment_edit", args=[submitted.pk])):
        html = html_of(client.get(page))
        assert "để bổ sung:" in html
        assert "Bổ sung ảnh niêm yết &lt;b&gt;thủ tục&lt;/b&gt; &amp; biên bản." in html
    assert client.get(url).status_code == 403


def test_the_verifier_note_is_kept_and_shown(client, hung_yen_admin, submitted):
    client.force_login(hung_yen_admin)
    url = reverse("communes:assessment_verify", args=[submitted.pk])
    data = review_post(client.get(url).context["formset"].forms, verifier_note="Xã làm tốt việc niêm yết.")
    html = html_of(client.post(url, data, follow=True))
    assert "Nhận xét chung của đơn vị thẩm định" in html and "Xã làm tốt việc niêm yết." in html


def test_a_lang_son_administrator_gets_404_on_the_return_page(client, province_admin, submitted):
    client.force_login(province_admin)
    url = reverse("communes:assessment_return", args=[submitted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Sửa"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


# --- Evidence files ---------------------------------------------------------------------------------


def test_a_renamed_text_file_is_refused_on_the_sheet_and_nothing_is_stored(
    client, officer, assessment, media
):
    client.force_login(officer)
    data = sheet_post(assessment, {"1.1": "8"})
    data["scores-0-files"] = SimpleUploadedFile(
        "bien-ban.pdf", b"chi la van ban", content_type="application/pdf"
    )
    html = html_of(client.post(reverse("communes:assessment_edit", args=[assessment.pk]), data))
    assert "Tệp “bien-ban.pdf”: Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF." in html
    assert not EvidenceFile.objects.exists()
    assert not AssessmentScore.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_evidence_pdf_is_downloaded_by_the_officer_only(client, officer, other_officer, assessment, media):
    client.force_login(officer)
    data = sheet_post(assessment, {"1.1": "8"})
    data["scores-0-files"] = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    assert client.post(reverse("communes:assessment_edit", args=[assessment.pk]), data).status_code == 302
    evidence = EvidenceFile.objects.order_by("id")
    assert evidence.count() == 2
    first = evidence.first()
    url = reverse("communes:file", args=["evidence", first.pk])
    assert url in html_of(client.get(reverse("communes:assessment_detail", args=[assessment.pk])))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.post(reverse("communes:evidence_delete", args=[first.pk])).status_code == 404
    client.force_login(officer)
    client.post(reverse("communes:evidence_delete", args=[first.pk]))
    assert EvidenceFile.objects.count() == 1


# --- Lists, ranking ---------------------------------------------------------------------------------


def fill(criteria_set, communes, officer_for, size: int):
    """`size` submitted assessments spread over communes and yearly periods."""
    made = 0
    year = 2000
    while made < size:
        for commune in communes:
            if made == size:
                break
            user = officer_for(commune)
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
def test_the_assessment_list_and_ranking_run_a_bounded_number_of_queries(
    client, hung_yen_admin, criteria_set, tien_duc, chi_hoa, thai_hung, size, django_assert_max_num_queries
):
    fill(criteria_set, [tien_duc, chi_hoa, thai_hung], lambda commune: hung_yen_admin, size)
    client.force_login(hung_yen_admin)
    # session, user, programme and set choices, count, page
    with django_assert_max_num_queries(7):
        response = client.get(reverse("communes:assessment_list"))
    assert len(response.context["page_obj"]) == size
    assert "Xã Tiến Đức" in html_of(response)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("communes:ranking"))
    assert len(response.context["page_obj"]) == size
    assert "16,50" in html_of(response)


def test_the_ranking_page_orders_and_exports(
    client, hung_yen_admin, other_officer, officer, criteria_set, tien_duc, chi_hoa, thai_hung
):
    ta = start(criteria_set, tien_duc, officer)
    score_all(ta, officer, FULL)
    services.assessment_submit(assessment=ta, by=officer)
    ch = start(criteria_set, chi_hoa, other_officer)
    score_all(ch, other_officer, {"1.1": "10", "1.2.a": "3", "1.2.b": "2", "2.1": "5"})
    services.assessment_submit(assessment=ch, by=other_officer)
    client.force_login(hung_yen_admin)
    response = client.get(
        reverse("communes:ranking"), {"criteria_set": criteria_set.pk, "period_label": "năm 2024"}
    )
    rows = [(a.rank, a.commune.name, a.final_total) for a in response.context["page_obj"]]
    assert rows == [(1, "Xã Chí Hòa", Decimal("20")), (2, "Xã Tiến Đức", Decimal("16.5"))]
    html = html_of(response)
    assert html.index("Xã Chí Hòa") < html.index("Xã Tiến Đức")
    response = client.get(reverse("communes:ranking"), {"criteria_set": criteria_set.pk, "export": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Hạng,Mã xã,Xã, phường") or lines[0].startswith('Hạng,Mã xã,"Xã, phường"')
    assert lines[1].startswith("1,") and "Xã Chí Hòa" in lines[1]
    response = client.get(reverse("communes:ranking"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # Verified only: nothing yet.
    response = client.get(reverse("communes:ranking"), {"verified_only": "true"})
    assert "Chưa có kết quả để xếp hạng." in html_of(response)


def test_an_officer_sees_only_their_commune_in_lists(
    client, officer, other_officer, criteria_set, tien_duc, chi_hoa
):
    start(criteria_set, tien_duc, officer)
    start(criteria_set, chi_hoa, other_officer)
    client.force_login(officer)
    html = html_of(client.get(reverse("communes:assessment_list")))
    assert "Xã Tiến Đức" in html and "Xã Chí Hòa" not in html


def test_in_english_a_column_and_a_button_of_the_same_vietnamese_word_read_differently(
    client, hung_yen_admin, draft_set
):
    # "Công bố" is the action on a draft and the column of the list: "Publish" and "Published".
    client.force_login(hung_yen_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    detail = html_of(client.get(reverse("communes:criteria_set_detail", args=[draft_set.pk])))
    assert '<button class="btn btn-success" type="submit">Publish</button>' in detail
    listing = html_of(client.get(reverse("communes:criteria_set_list")))
    assert '<th scope="col">Published</th>' in listing
