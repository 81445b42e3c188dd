"""Province administrators set up programmes: documents, pilot communes, steering committee."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communes.models import Enrolment, Programme, ProgrammeDocument, SteeringMember
from communes.services import programmes as services

D = datetime.date
PDF = b"%PDF-1.4\n% test\n" + b"0" * 100


@pytest.fixture
def ls_programme(programme_factory, lang_son_legacy):
    return programme_factory(
        name="Chính quyền thân thiện cấp cơ sở",
        owner_unit=lang_son_legacy,
        phase_start=D(2019, 4, 24),
        phase_end=D(2024, 12, 31),
    )


def test_an_administrator_creates_a_programme_for_a_unit_of_their_province(
    client, province_admin, lang_son_legacy
):
    client.force_login(province_admin)
    response = client.post(
        reverse("communes:programme_create"),
        {
            "name": 'Xây dựng "Chính quyền thân thiện" cấp cơ sở',
            "owner_unit": lang_son_legacy.pk,
            "phase_start": "2019-04-24",
            "phase_end": "2024-12-31",
            "status": Programme.Status.ACTIVE,
            "description": "",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("communes:programme_detail", args=[programme.pk])
    assert programme.owner_unit == lang_son_legacy


def test_a_phase_ending_before_it_starts_is_refused_in_vietnamese(client, province_admin, lang_son_legacy):
    client.force_login(province_admin)
    response = client.post(
        reverse("communes:programme_create"),
        {
            "name": "X",
            "owner_unit": lang_son_legacy.pk,
            "phase_start": "2024-01-01",
            "phase_end": "2023-01-01",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu giai đoạn." in response.content.decode()
    assert not Programme.objects.exists()


def test_an_administrator_cannot_create_a_programme_for_another_province(province_admin, thai_binh_legacy):
    with pytest.raises(PermissionDenied):
        services.programme_create(
            by=province_admin,
            name="X",
            owner_unit=thai_binh_legacy,
            phase_start=D(2023, 1, 1),
            phase_end=D(2025, 1, 1),
        )


def test_the_owner_choices_hold_only_the_province_and_its_districts(client, province_admin):
    client.force_login(province_admin)
    form = client.get(reverse("communes:programme_create")).context["form"]
    owners = form.fields["owner_unit"].queryset
    assert owners.exists()
    assert set(owners.values_list("current_province__code", flat=True)) == {"20"}
    assert set(owners.values_list("level", flat=True)) <= {"province", "district"}


@pytest.mark.parametrize("name", ["programme_create"])
def test_set_up_pages_are_refused_to_viewers_and_officers(client, province_viewer, officer, name):
    for user in (province_viewer, officer):
        client.force_login(user)
        assert client.get(reverse(f"communes:{name}")).status_code == 403


def test_set_up_of_a_programme_outside_the_scope_answers_404(
    client, province_admin, programme_factory, thai_binh_legacy
):
    other = programme_factory(owner_unit=thai_binh_legacy)
    client.force_login(province_admin)
    for name in ("programme_edit", "document_add", "enrolment_add", "steering_add"):
        assert client.get(reverse(f"communes:{name}", args=[other.pk])).status_code == 404


def test_a_viewer_in_scope_gets_403_on_set_up(client, province_viewer, programme_factory, thai_binh_legacy):
    programme = programme_factory(owner_unit=thai_binh_legacy)
    client.force_login(province_viewer)
    assert client.get(reverse("communes:document_add", args=[programme.pk])).status_code == 403


def test_a_document_with_its_pdf_is_served_only_in_scope(
    client, province_admin, ls_programme, lang_son_commune, user_factory, officer
):
    client.force_login(province_admin)
    response = client.post(
        reverse("communes:document_add", args=[ls_programme.pk]),
        {
            "kind": ProgrammeDocument.Kind.SCHEME,
            "number": "01",
            "issued_on": "2019-04-24",
            "issuer": "Ban Dân vận Tỉnh ủy và UBND tỉnh Lạng Sơn",
            "title": "Xây dựng mô hình điểm",
            "file": SimpleUploadedFile("de-an-01.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = ProgrammeDocument.objects.get()
    url = reverse("communes:file", args=["document", document.pk])
    downloaded = client.get(url)
    assert downloaded["Content-Type"] == "application/pdf"
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF")
    enrolled_officer = user_factory(username="xa.ls", role="commune_officer", commune=lang_son_commune)
    Enrolment.objects.create(
        programme=ls_programme, commune=lang_son_commune, level="province_pilot", selected_on=D(2019, 5, 1)
    )
    client.force_login(enrolled_officer)
    assert client.get(url).status_code == 200
    client.force_login(officer)
    assert client.get(url).status_code == 404
    assert document.file.name.startswith("documents/") and "de-an-01" not in document.file.name


def test_a_document_that_is_not_a_pdf_or_image_is_refused(client, province_admin, ls_programme):
    client.force_login(province_admin)
    response = client.post(
        reverse("communes:document_add", args=[ls_programme.pk]),
        {
            "kind": ProgrammeDocument.Kind.SCHEME,
            "number": "01",
            "issued_on": "2019-04-24",
            "issuer": "UBND tỉnh",
            "title": "X",
            "file": SimpleUploadedFile("de-an.pdf", b"just text, renamed", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF." in response.content.decode()
    assert not ProgrammeDocument.objects.exists()


def test_an_oversized_upload_is_refused(province_admin, ls_programme, settings):
    settings.UPLOAD_MAX_BYTES = 50
    with pytest.raises(ValidationError) as error:
        services.document_add(
            programme=ls_programme,
            by=province_admin,
            kind="de_an",
            number="01",
            issued_on=D(2019, 4, 24),
            issuer="UBND",
            title="X",
            file=SimpleUploadedFile("a.pdf", PDF),
        )
    assert "Tệp quá lớn" in str(error.value)


def test_a_document_number_is_kept_once(province_admin, ls_programme):
    kwargs = {"kind": "de_an", "number": "01", "issued_on": D(2019, 4, 24), "issuer": "UBND", "title": "X"}
    services.document_add(programme=ls_programme, by=province_admin, **kwargs)
    with pytest.raises(ValidationError):
        services.document_add(programme=ls_programme, by=province_admin, **kwargs)


def test_enrolment_rules(province_admin, ls_programme, lang_son_commune, tien_duc):
    with pytest.raises(ValidationError) as error:
        services.enrolment_add(
            programme=ls_programme,
            by=province_admin,
            commune=tien_duc,
            level="rollout",
            selected_on=D(2020, 1, 1),
        )
    assert "không thuộc Tỉnh Lạng Sơn" in str(error.value)
    with pytest.raises(ValidationError):
        services.enrolment_add(
            programme=ls_programme,
            by=province_admin,
            commune=lang_son_commune,
            level="rollout",
            selected_on=D(2026, 1, 1),
        )
    services.enrolment_add(
        programme=ls_programme,
        by=province_admin,
        commune=lang_son_commune,
        level="province_pilot",
        selected_on=D(2019, 5, 15),
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_add(
            programme=ls_programme,
            by=province_admin,
            commune=lang_son_commune,
            level="rollout",
            selected_on=D(2020, 1, 1),
        )
    assert "đã tham gia" in str(error.value)
    assert Enrolment.objects.count() == 1


def test_the_enrolment_page_offers_only_the_owners_communes_not_yet_enrolled(
    client, province_admin, ls_programme, lang_son_commune
):
    Enrolment.objects.create(
        programme=ls_programme, commune=lang_son_commune, level="province_pilot", selected_on=D(2019, 5, 1)
    )
    client.force_login(province_admin)
    choices = (
        client.get(reverse("communes:enrolment_add", args=[ls_programme.pk]))
        .context["form"]
        .fields["commune"]
        .queryset
    )
    assert lang_son_commune not in choices
    assert choices.count() == 193
    assert set(choices.values_list("era", flat=True)) == {"legacy"}


def test_a_launched_enrolment_needs_its_launch_date(province_admin, ls_programme, lang_son_commune):
    enrolment = services.enrolment_add(
        programme=ls_programme,
        by=province_admin,
        commune=lang_son_commune,
        level="province_pilot",
        selected_on=D(2019, 5, 15),
    )
    with pytest.raises(ValidationError):
        services.enrolment_update(
            enrolment=enrolment,
            by=province_admin,
            level="province_pilot",
            selected_on=D(2019, 5, 15),
            launched_on=None,
            status="launched",
        )


def test_a_phase_change_cannot_leave_enrolments_outside(province_admin, ls_programme, lang_son_commune):
    services.enrolment_add(
        programme=ls_programme,
        by=province_admin,
        commune=lang_son_commune,
        level="province_pilot",
        selected_on=D(2019, 5, 15),
    )
    with pytest.raises(ValidationError):
        services.programme_update(programme=ls_programme, by=province_admin, phase_start=D(2020, 1, 1))


def test_a_steering_committee_has_one_head_and_decisions_of_its_own_programme(
    province_admin, ls_programme, programme_factory, programme_document_factory, lang_son_legacy
):
    decision = programme_document_factory(programme=ls_programme, kind="quyet_dinh", number="510-QĐ")
    services.steering_member_add(
        programme=ls_programme,
        by=province_admin,
        full_name="Nguyễn Văn A",
        position="Phó Bí thư",
        role="head",
        decision=decision,
    )
    with pytest.raises(ValidationError):
        services.steering_member_add(
            programme=ls_programme, by=province_admin, full_name="B", position="x", role="head"
        )
    other_decision = programme_document_factory(
        programme=programme_factory(owner_unit=lang_son_legacy), kind="quyet_dinh"
    )
    with pytest.raises(ValidationError):
        services.steering_member_add(
            programme=ls_programme,
            by=province_admin,
            full_name="C",
            position="x",
            role="member",
            decision=other_decision,
        )
    assert SteeringMember.objects.count() == 1


def test_the_programme_page_shows_the_steering_committee_and_set_up_actions_to_administrators(
    client, province_admin, ls_programme
):
    services.steering_member_add(
        programme=ls_programme,
        by=province_admin,
        full_name="Dương Xuân Huyên",
        position="Phó Chủ tịch Thường trực UBND tỉnh",
        role="head",
    )
    client.force_login(province_admin)
    html = client.get(reverse("communes:programme_detail", args=[ls_programme.pk])).content.decode()
    assert "Trưởng ban:</strong> Dương Xuân Huyên" in html
    assert reverse("communes:enrolment_add", args=[ls_programme.pk]) in html
