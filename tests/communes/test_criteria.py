"""Criteria sets and self-assessments: the rules of the services and the totals of the selectors."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communes.models import AdminUnit, AssessmentScore, CriteriaSet, Criterion, EvidenceFile, User
from communes.selectors import criteria as selectors
from communes.services import criteria as services

from .criteria.factories import CriteriaGroupFactory, CriteriaSetFactory, CriterionFactory
from .criteria.fixtures import (
    FULL,
    PDF,
    by_code,
    score_all,
    start,
)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


# --- Authoring ------------------------------------------------------------------------------------


def test_it_numbers_the_versions_of_a_programme_one_after_another(
    hung_ha_programme, hung_yen_admin, draft_set
):
    second = services.criteria_set_create(
        programme=hung_ha_programme, by=hung_yen_admin, title="Bộ tiêu chí năm 2025"
    )
    assert (draft_set.version, second.version) == (1, 2)
    assert second.published_at is None


def test_it_builds_the_tree_given_at_creation(draft_set):
    groups = list(draft_set.groups.order_by("order"))
    assert [g.title for g in groups] == ["Chính quyền công khai, minh bạch", "Cán bộ thân thiện, tận tụy"]
    parent = by_code(draft_set, "1.2")
    assert sorted(parent.children.values_list("code", flat=True)) == ["1.2.a", "1.2.b"]


def test_only_an_administrator_in_scope_authors_a_set(
    hung_ha_programme, province_admin, province_viewer, officer, superuser
):
    for user in (province_admin, province_viewer, officer):  # Lạng Sơn admin, Hưng Yên viewer, officer
        with pytest.raises(PermissionDenied):
            services.criteria_set_create(programme=hung_ha_programme, by=user, title="Bộ tiêu chí")
    assert not CriteriaSet.objects.filter(programme=hung_ha_programme).exists()
    assert (
        services.criteria_set_create(programme=hung_ha_programme, by=superuser, title="Bộ tiêu chí").version
        == 1
    )


def test_a_set_needs_a_title(hung_ha_programme, hung_yen_admin):
    with pytest.raises(ValidationError) as error:
        services.criteria_set_create(programme=hung_ha_programme, by=hung_yen_admin, title="  ")
    assert "Hãy nhập tên." in messages_of(error)


def test_publishing_needs_a_criterion_in_every_group(hung_ha_programme, hung_yen_admin):
    empty = services.criteria_set_create(programme=hung_ha_programme, by=hung_yen_admin, title="Bộ trống")
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(criteria_set=empty, by=hung_yen_admin)
    assert "chưa có nhóm tiêu chí nào" in messages_of(error)
    services.group_create(criteria_set=empty, by=hung_yen_admin, title="Nhóm trống")
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(criteria_set=empty, by=hung_yen_admin)
    assert "Nhóm chưa có tiêu chí: Nhóm trống" in messages_of(error)
    empty.refresh_from_db()
    assert empty.published_at is None


def test_publishing_stamps_the_date(criteria_set):
    assert criteria_set.is_published
    assert criteria_set.published_at is not None


def test_a_published_set_never_changes(criteria_set, hung_yen_admin):
    group = criteria_set.groups.first()
    leaf = by_code(criteria_set, "1.1")
    attempts = [
        lambda: services.criteria_set_update(criteria_set=criteria_set, by=hung_yen_admin, title="Đổi tên"),
        lambda: services.criteria_set_delete(criteria_set=criteria_set, by=hung_yen_admin),
        lambda: services.criteria_set_publish(criteria_set=criteria_set, by=hung_yen_admin),
        lambda: services.group_create(criteria_set=criteria_set, by=hung_yen_admin, title="Nhóm mới"),
        lambda: services.group_update(group=group, by=hung_yen_admin, title="Đổi tên nhóm"),
        lambda: services.group_delete(group=group, by=hung_yen_admin),
        lambda: services.criterion_create(
            group=group, by=hung_yen_admin, code="1.3", title="Mới", max_score=1
        ),
        lambda: services.criterion_update(
            criterion=leaf, by=hung_yen_admin, code="1.1", title="Sửa", max_score=9
        ),
        lambda: services.criterion_delete(criterion=leaf, by=hung_yen_admin),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "đã công bố, không thể thay đổi" in messages_of(error)
    criteria_set.refresh_from_db()
    leaf.refresh_from_db()
    assert criteria_set.title == "Bộ tiêu chí xã thân thiện"
    assert leaf.max_score == Decimal("10")
    assert Criterion.objects.filter(group__criteria_set=criteria_set).count() == 5


def test_a_stale_copy_of_a_published_set_cannot_be_edited(draft_set, hung_yen_admin):
    stale = CriteriaSet.objects.get(pk=draft_set.pk)
    services.criteria_set_publish(criteria_set=draft_set, by=hung_yen_admin)
    with pytest.raises(ValidationError):
        services.criteria_set_update(criteria_set=stale, by=hung_yen_admin, title="Đổi tên")


def test_a_new_version_copies_groups_and_criteria_unpublished(criteria_set, hung_yen_admin):
    copy = services.criteria_set_new_version(criteria_set=criteria_set, by=hung_yen_admin)
    assert copy.version == criteria_set.version + 1
    assert copy.published_at is None
    assert copy.title == criteria_set.title

    def shape(criteria_set):
        return sorted(
            (c.group.title, c.code, c.title, c.max_score, c.parent.code if c.parent else None)
            for c in Criterion.objects.filter(group__criteria_set=criteria_set).select_related(
                "group", "parent"
            )
        )

    assert shape(copy) == shape(criteria_set)
    assert not Criterion.objects.filter(
        group__criteria_set=copy, parent__group__criteria_set=criteria_set
    ).exists()
    # The copy is editable; the original is not touched.
    services.criterion_update(
        criterion=by_code(copy, "1.1"), by=hung_yen_admin, code="1.1", title="Sửa", max_score=12
    )
    assert by_code(criteria_set, "1.1").max_score == Decimal("10")


def test_a_new_version_needs_a_published_set_and_no_other_draft(criteria_set, draft_set, hung_yen_admin):
    services.criteria_set_new_version(criteria_set=criteria_set, by=hung_yen_admin)
    with pytest.raises(ValidationError) as error:
        services.criteria_set_new_version(criteria_set=criteria_set, by=hung_yen_admin)
    assert "đang soạn" in messages_of(error)
    draft = CriteriaSet.objects.get(programme=criteria_set.programme, published_at__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.criteria_set_new_version(criteria_set=draft, by=hung_yen_admin)
    assert "Chỉ tạo phiên bản mới từ bộ tiêu chí đã công bố" in messages_of(error)


def test_a_criterion_with_sub_criteria_is_worth_their_sum(draft_set, hung_yen_admin):
    parent = by_code(draft_set, "1.2")
    assert parent.max_score == Decimal("5")  # 3 + 2, whatever was typed
    services.criterion_create(
        group=parent.group,
        by=hung_yen_admin,
        parent=parent,
        code="1.2.c",
        title="Hòm thư góp ý",
        max_score="1.5",
    )
    parent.refresh_from_db()
    assert parent.max_score == Decimal("6.5")
    with pytest.raises(ValidationError) as error:
        services.criterion_update(
            criterion=parent, by=hung_yen_admin, code="1.2", title="Tiếp dân", max_score=9
        )
    assert "bằng tổng điểm các thành phần (6,5)" in messages_of(error)
    services.criterion_update(
        criterion=parent, by=hung_yen_admin, code="1.2", title="Tiếp dân", max_score=None
    )
    services.criterion_delete(criterion=by_code(draft_set, "1.2.c"), by=hung_yen_admin)
    parent.refresh_from_db()
    assert (parent.title, parent.max_score) == ("Tiếp dân", Decimal("5"))


@pytest.mark.parametrize(
    ("max_score", "message"),
    [
        (0, "Điểm tối đa phải lớn hơn 0."),
        (-2, "Điểm tối đa phải lớn hơn 0."),
        ("abc", "không phải là số"),
        ("1.234", "tối đa 2 chữ số thập phân"),
        (None, "Hãy nhập điểm tối đa."),
    ],
)
def test_max_score_must_be_positive(draft_set, hung_yen_admin, max_score, message):
    group = draft_set.groups.first()
    with pytest.raises(ValidationError) as error:
        services.criterion_create(
            group=group, by=hung_yen_admin, code="1.9", title="Mới", max_score=max_score
        )
    assert message in messages_of(error)
    assert not Criterion.objects.filter(code="1.9").exists()


def test_codes_are_unique_and_sub_criteria_stay_two_levels_in_one_group(draft_set, hung_yen_admin):
    first, second = draft_set.groups.order_by("order")
    with pytest.raises(ValidationError) as error:
        services.criterion_create(group=second, by=hung_yen_admin, code="1.1", title="Trùng", max_score=1)
    assert "Mã “1.1” đã có trong bộ tiêu chí." in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.criterion_create(
            group=second,
            by=hung_yen_admin,
            parent=by_code(draft_set, "1.2"),
            code="2.9",
            title="X",
            max_score=1,
        )
    assert "cùng nhóm" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.criterion_create(
            group=first,
            by=hung_yen_admin,
            parent=by_code(draft_set, "1.2.a"),
            code="1.2.a.i",
            title="X",
            max_score=1,
        )
    assert "hai cấp" in messages_of(error)


def test_the_tree_totals_are_the_sums_of_the_leaves(criteria_set, django_assert_num_queries):
    with django_assert_num_queries(2):
        tree = selectors.criteria_set_tree(criteria_set=criteria_set)
    assert [g.total_max for g in tree["groups"]] == [Decimal("15"), Decimal("5")]
    assert tree["total_max"] == Decimal("20")
    assert [leaf.code for leaf in tree["leaves"]] == ["1.1", "1.2.a", "1.2.b", "2.1"]
    listed = selectors.criteria_set_list(user=User(is_superuser=True, is_active=True)).get(pk=criteria_set.pk)
    assert (listed.total_max, listed.leaf_count) == (Decimal("20"), 4)


# --- Starting an assessment -----------------------------------------------------------------------


def test_an_officer_starts_an_assessment_of_their_enrolled_commune(assessment, tien_duc):
    assert assessment.commune == tien_duc
    assert assessment.status == "draft"


def test_only_a_published_set_is_assessed(draft_set, tien_duc, officer):
    with pytest.raises(ValidationError) as error:
        start(draft_set, tien_duc, officer)
    assert "Chỉ tự đánh giá theo bộ tiêu chí đã công bố." in messages_of(error)


def test_an_officer_cannot_assess_another_commune(criteria_set, chi_hoa, officer, province_viewer):
    for user in (officer, province_viewer):
        with pytest.raises(PermissionDenied):
            start(criteria_set, chi_hoa, user)
    assert not criteria_set.assessments.exists()


def test_a_commune_not_enrolled_cannot_be_assessed(criteria_set, hung_ha, user_factory):
    tan_le = AdminUnit.objects.get(parent=hung_ha, name="Xã Tân Lễ")
    tan_le_officer = user_factory(username="xa.tl", role=User.Role.COMMUNE_OFFICER, commune=tan_le)
    with pytest.raises(ValidationError) as error:
        start(criteria_set, tan_le, tan_le_officer)
    assert "Xã Tân Lễ không tham gia chương trình" in messages_of(error)


def test_a_withdrawn_commune_cannot_be_assessed(criteria_set, tien_duc, officer):
    criteria_set.programme.enrolments.filter(commune=tien_duc).update(status="withdrawn")
    with pytest.raises(ValidationError):
        start(criteria_set, tien_duc, officer)


def test_one_assessment_per_period_and_a_sensible_period(assessment, criteria_set, tien_duc, officer):
    with pytest.raises(ValidationError) as error:
        start(criteria_set, tien_duc, officer)
    assert "đã có bản tự đánh giá kỳ này" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        start(
            criteria_set,
            tien_duc,
            officer,
            period_label="Năm 2025",
            period_start=datetime.date(2025, 12, 31),
            period_end=datetime.date(2025, 1, 1),
        )
    assert "Ngày kết thúc kỳ phải sau ngày bắt đầu." in messages_of(error)


# --- Scoring --------------------------------------------------------------------------------------


def test_scores_are_saved_and_summed(assessment, officer):
    score_all(assessment, officer, FULL)
    row = selectors.assessment_list(user=officer).get(pk=assessment.pk)
    assert (row.self_total, row.final_total, row.max_total) == (
        Decimal("16.5"),
        Decimal("16.5"),
        Decimal("20"),
    )
    assert (row.scored_count, row.leaf_count) == (4, 4)
    # Saving again updates the same rows.
    score_all(assessment, officer, {"1.1": "10"})
    assert AssessmentScore.objects.filter(assessment=assessment).count() == 4
    assert selectors.assessment_list(user=officer).get(pk=assessment.pk).self_total == Decimal("18.5")


@pytest.mark.parametrize("value", ["10.5", "-1", "1.005"])
def test_a_score_outside_zero_to_max_is_refused_in_vietnamese(assessment, officer, value):
    with pytest.raises(ValidationError) as error:
        score_all(assessment, officer, {"2.1": "4", "1.1": value})
    assert error.value.message_dict["1.1"] == [
        "Điểm tự chấm của tiêu chí 1.1 phải từ 0 đến 10 (tối đa 2 chữ số thập phân)."
    ]
    assert not AssessmentScore.objects.filter(assessment=assessment).exists()  # all or nothing


def test_only_leaves_are_scored(assessment, officer, criteria_set, draft_set):
    with pytest.raises(ValidationError) as error:
        score_all(assessment, officer, {"1.2": "4"})
    assert "hãy chấm điểm từng tiêu chí thành phần" in messages_of(error)
    other_set = CriteriaSetFactory(programme=criteria_set.programme, version=99)
    other = CriterionFactory(group=CriteriaGroupFactory(criteria_set=other_set), code="1.1")
    with pytest.raises(ValidationError) as error:
        services.assessment_scores_save(
            assessment=assessment, by=officer, entries=[{"criterion": other, "self_score": Decimal("1")}]
        )
    assert "không thuộc bộ tiêu chí" in messages_of(error)


def test_a_criterion_given_twice_is_refused(assessment, officer):
    leaf = by_code(assessment.criteria_set, "2.1")
    with pytest.raises(ValidationError) as error:
        services.assessment_scores_save(
            assessment=assessment,
            by=officer,
            entries=[{"criterion": leaf, "self_score": 1}, {"criterion": leaf.pk, "self_score": 2}],
        )
    assert error.value.message_dict["2.1"] == ["Tiêu chí 2.1 được nhập hai lần."]


def test_a_blank_score_clears_a_score_without_files(assessment, officer):
    score_all(assessment, officer, {"1.1": "8", "2.1": "4"})
    services.assessment_scores_save(
        assessment=assessment,
        by=officer,
        entries=[{"criterion": by_code(assessment.criteria_set, "1.1"), "self_score": None}],
    )
    assert list(
        AssessmentScore.objects.filter(assessment=assessment).values_list("criterion__code", flat=True)
    ) == ["2.1"]


def test_scores_change_only_while_draft(submitted, officer):
    with pytest.raises(ValidationError) as error:
        score_all(submitted, officer, {"1.1": "2"})
    assert "không thể sửa điểm" in messages_of(error)
    assert AssessmentScore.objects.get(assessment=submitted, criterion__code="1.1").self_score == Decimal("8")


def test_another_officer_cannot_score(assessment, other_officer, province_viewer):
    for user in (other_officer, province_viewer):
        with pytest.raises(PermissionDenied):
            score_all(assessment, user, {"1.1": "1"})


def test_submission_needs_every_leaf_scored_and_a_draft(assessment, officer):
    score_all(assessment, officer, {"1.1": "8", "2.1": "4"})
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, by=officer)
    assert "Còn 2 tiêu chí chưa chấm điểm: 1.2.a, 1.2.b." in messages_of(error)
    score_all(assessment, officer, FULL)
    submitted = services.assessment_submit(assessment=assessment, by=officer)
    assert submitted.status == "submitted"
    assert submitted.submitted_at is not None
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, by=officer)
    assert "Chỉ gửi thẩm định bản tự đánh giá đang tự chấm." in messages_of(error)


# --- Evidence files -------------------------------------------------------------------------------


def test_a_renamed_text_file_is_refused_and_nothing_is_stored(assessment, officer, media):
    fake = SimpleUploadedFile("bien-ban.pdf", b"day la van ban thuong", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.assessment_scores_save(
            assessment=assessment,
            by=officer,
            entries=[
                {"criterion": by_code(assessment.criteria_set, "1.1"), "self_score": 8, "files": [fake]}
            ],
        )
    assert "Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF." in messages_of(error)
    assert not EvidenceFile.objects.exists()
    assert not AssessmentScore.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_pdf_is_attached_to_a_scored_criterion(assessment, officer, media):
    leaf = by_code(assessment.criteria_set, "1.1")
    with pytest.raises(ValidationError) as error:
        services.evidence_file_add(
            assessment=assessment, criterion=leaf, by=officer, file=SimpleUploadedFile("a.pdf", PDF)
        )
    assert "Hãy chấm điểm tiêu chí 1.1 trước khi đính kèm minh chứng." in messages_of(error)
    score_all(assessment, officer, {"1.1": "8"})
    record = services.evidence_file_add(
        assessment=assessment,
        criterion=leaf,
        by=officer,
        file=SimpleUploadedFile("a.pdf", PDF),
        caption="Ảnh bảng",
    )
    assert record.file.name.startswith("evidence/") and record.file.name.endswith(".pdf")
    assert record.uploaded_by == officer


# --- Verification ---------------------------------------------------------------------------------


def scores_by_code(assessment) -> dict:
    return {
        s.criterion.code: s
        for s in AssessmentScore.objects.filter(assessment=assessment).select_related("criterion")
    }


def test_verification_needs_a_submitted_assessment(assessment, hung_yen_admin):
    with pytest.raises(ValidationError) as error:
        services.assessment_verify(assessment=assessment, by=hung_yen_admin)
    assert "Chỉ thẩm định bản tự đánh giá đã gửi thẩm định." in messages_of(error)


def test_adjusting_a_score_needs_a_comment(submitted, hung_yen_admin):
    score = scores_by_code(submitted)["1.1"]
    with pytest.raises(ValidationError) as error:
        services.assessment_review(
            assessment=submitted,
            by=hung_yen_admin,
            reviews=[{"score": score, "verified_score": Decimal("6")}],
        )
    assert error.value.message_dict["1.1"] == ["Tiêu chí 1.1: điều chỉnh điểm (8 → 6) phải ghi nhận xét."]
    # Accepting the same score needs no comment; a score above the maximum is refused.
    services.assessment_review(
        assessment=submitted, by=hung_yen_admin, reviews=[{"score": score.pk, "verified_score": Decimal("8")}]
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_review(
            assessment=submitted,
            by=hung_yen_admin,
            reviews=[{"score": score.pk, "verified_score": Decimal("11"), "verifier_comment": "Thêm điểm"}],
        )
    assert "Điểm thẩm định của tiêu chí 1.1 phải từ 0 đến 10" in messages_of(error)


def test_verifying_accepts_the_rest_and_records_who(submitted, hung_yen_admin):
    score = scores_by_code(submitted)["1.1"]
    verified = services.assessment_verify(
        assessment=submitted,
        by=hung_yen_admin,
        reviews=[
            {"score": score, "verified_score": Decimal("6"), "verifier_comment": "Thiếu niêm yết 2 thủ tục."}
        ],
    )
    assert verified.status == "verified"
    assert verified.verified_by == hung_yen_admin and verified.verified_at is not None
    scores = scores_by_code(submitted)
    assert {code: s.verified_score for code, s in scores.items()} == {
        "1.1": Decimal("6"),
        "1.2.a": Decimal("3"),
        "1.2.b": Decimal("1.5"),
        "2.1": Decimal("4"),
    }
    row = selectors.assessment_list(user=hung_yen_admin).get(pk=submitted.pk)
    assert (row.self_total, row.final_total) == (Decimal("16.5"), Decimal("14.5"))
    with pytest.raises(ValidationError):
        services.assessment_verify(assessment=submitted, by=hung_yen_admin)


def test_only_an_administrator_in_scope_verifies(submitted, officer, province_viewer, province_admin):
    for user in (officer, province_viewer, province_admin):
        with pytest.raises(PermissionDenied):
            services.assessment_verify(assessment=submitted, by=user)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


# --- Ranking, due assessments, latest scores ------------------------------------------------------


def ranked(criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin):
    """Tiến Đức 16.5, Chí Hòa 18 (verified down to 15), Thái Hưng 16.5 submitted for 2024; Long
    Hưng, which took Tiến Đức over, has a draft for 2025 that must not be ranked."""
    ta = start(criteria_set, tien_duc, officer)
    score_all(ta, officer, FULL)
    services.assessment_submit(assessment=ta, by=officer)
    ch = start(criteria_set, chi_hoa, other_officer)
    score_all(ch, other_officer, {"1.1": "10", "1.2.a": "3", "1.2.b": "2", "2.1": "3"})
    services.assessment_submit(assessment=ch, by=other_officer)
    score = scores_by_code(ch)["1.1"]
    services.assessment_verify(
        assessment=ch,
        by=hung_yen_admin,
        reviews=[{"score": score, "verified_score": Decimal("7"), "verifier_comment": "Chưa đủ minh chứng."}],
    )
    th = start(criteria_set, thai_hung, hung_yen_admin)
    score_all(th, hung_yen_admin, FULL)
    services.assessment_submit(assessment=th, by=hung_yen_admin)
    start(
        criteria_set,
        officer.commune,
        officer,
        period_label="Năm 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_on=datetime.date(2026, 1, 15),
    )
    return ta, ch, th


def test_the_ranking_orders_communes_by_final_total_with_ties(
    criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin
):
    ranked(criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin)
    rows = [
        (a.rank, a.commune.name, a.final_total, a.self_total) for a in selectors.ranking(user=hung_yen_admin)
    ]
    assert rows == [
        (1, "Xã Thái Hưng", Decimal("16.5"), Decimal("16.5")),
        (1, "Xã Tiến Đức", Decimal("16.5"), Decimal("16.5")),
        (3, "Xã Chí Hòa", Decimal("15"), Decimal("18")),
    ]
    verified_only = selectors.ranking(user=hung_yen_admin).filter(status="verified")
    assert [(a.rank, a.commune.name) for a in verified_only] == [(1, "Xã Chí Hòa")]


def test_the_ranking_stays_within_scope(
    criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin, province_admin
):
    ranked(criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin)
    assert not selectors.ranking(user=province_admin).exists()
    # Long Hưng's officer ranks the two pilots it took over, not Chí Hòa.
    assert [a.commune.name for a in selectors.ranking(user=officer)] == ["Xã Thái Hưng", "Xã Tiến Đức"]


def test_due_assessments_are_the_drafts_with_a_due_date(
    criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin
):
    ranked(criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin)
    start(
        criteria_set,
        tien_duc,
        officer,
        period_label="6 tháng đầu năm 2025",
        period_start=datetime.date(2025, 1, 2),
        period_end=datetime.date(2025, 6, 30),
        due_on=datetime.date(2025, 7, 15),
    )
    start(
        criteria_set,
        tien_duc,
        officer,
        period_label="Quý I/2025",
        period_start=datetime.date(2025, 1, 3),
        period_end=datetime.date(2025, 3, 31),
    )
    # The officer's list: Long Hưng's own draft and those of Tiến Đức, which it took over.
    due = selectors.assessment_due_for(commune=officer.commune)
    assert [(a.period_label, a.due_on) for a in due] == [
        ("6 tháng đầu năm 2025", datetime.date(2025, 7, 15)),
        ("Năm 2025", datetime.date(2026, 1, 15)),
    ]


def test_latest_scores_annotate_communes_in_one_query(
    criteria_set,
    tien_duc,
    chi_hoa,
    thai_hung,
    officer,
    other_officer,
    hung_yen_admin,
    hung_ha,
    django_assert_num_queries,
):
    ranked(criteria_set, tien_duc, chi_hoa, thai_hung, officer, other_officer, hung_yen_admin)
    communes = AdminUnit.objects.filter(parent=hung_ha).order_by("name")
    programme = criteria_set.programme
    with django_assert_num_queries(1):
        rows = {
            c.name: (c.latest_score, c.latest_score_max, c.latest_score_label, c.latest_score_status)
            for c in selectors.latest_scores(communes_qs=communes, programme=programme)
        }
    assert rows["Xã Tiến Đức"] == (Decimal("16.5"), Decimal("20"), "Năm 2024", "submitted")
    assert rows["Xã Chí Hòa"] == (Decimal("15"), Decimal("20"), "Năm 2024", "verified")
    assert rows["Xã Tân Lễ"] == (None, None, None, None)


# --- Returned to the commune ------------------------------------------------------------------------


def test_an_administrator_returns_a_submitted_assessment_and_the_commune_submits_it_again(
    submitted, hung_yen_admin, officer
):
    score = scores_by_code(submitted)["1.1"]
    services.assessment_review(
        assessment=submitted,
        by=hung_yen_admin,
        reviews=[{"score": score, "verified_score": Decimal("6"), "verifier_comment": "Thiếu niêm yết."}],
    )
    returned = services.assessment_return(
        assessment=submitted, by=hung_yen_admin, reason="  Bổ sung minh chứng tiêu chí 1.1.  "
    )
    assert returned.status == "draft" and returned.returned_at is not None
    assert returned.return_reason == "Bổ sung minh chứng tiêu chí 1.1."
    score.refresh_from_db()
    # The comment stays as guidance; the decided score is cleared for the next review.
    assert (score.verified_score, score.verifier_comment) == (None, "Thiếu niêm yết.")
    # A draft again: the commune corrects a score and submits again.
    services.assessment_scores_save(
        assessment=returned, by=officer, entries=[{"criterion": score.criterion_id, "self_score": "7"}]
    )
    again = services.assessment_submit(assessment=returned, by=officer)
    assert again.status == "submitted"
    verified = services.assessment_verify(assessment=again, by=hung_yen_admin, note="Đạt yêu cầu.")
    assert verified.verifier_note == "Đạt yêu cầu."
    assert scores_by_code(verified)["1.1"].verified_score == Decimal("7")


def test_returning_needs_a_reason_and_a_submitted_assessment(submitted, assessment, hung_yen_admin):
    with pytest.raises(ValidationError) as error:
        services.assessment_return(assessment=submitted, by=hung_yen_admin, reason="   ")
    assert error.value.message_dict["reason"] == ["Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì."]
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.returned_at is None
    services.assessment_verify(assessment=submitted, by=hung_yen_admin)
    with pytest.raises(ValidationError) as error:
        services.assessment_return(assessment=submitted, by=hung_yen_admin, reason="Sửa lại")
    assert "Chỉ trả lại bản tự đánh giá đã gửi thẩm định." in messages_of(error)


def test_only_an_administrator_of_the_province_returns_an_assessment(
    submitted, officer, province_viewer, province_admin
):
    for user in (officer, province_viewer, province_admin):
        with pytest.raises(PermissionDenied):
            services.assessment_return(assessment=submitted, by=user, reason="Sửa lại")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_returned_assessment_is_on_the_officers_to_do_list(criteria_set, tien_duc, officer, hung_yen_admin):
    returned = start(criteria_set, tien_duc, officer, due_on=None)
    score_all(returned, officer, FULL)
    services.assessment_submit(assessment=returned, by=officer)
    assert list(selectors.assessment_due_for(commune=tien_duc)) == []
    services.assessment_return(assessment=returned, by=hung_yen_admin, reason="Bổ sung minh chứng.")
    assert list(selectors.assessment_due_for(commune=tien_duc)) == [returned]
