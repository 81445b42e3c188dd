"""Programme set-up through the API: the same rules and scope as the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communes.models import Enrolment, Programme, ProgrammeDocument, SteeringMember

PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture
def ls_programme(programme_factory, lang_son_legacy):
    return programme_factory(
        owner_unit=lang_son_legacy,
        phase_start=datetime.date(2019, 4, 24),
        phase_end=datetime.date(2024, 12, 31),
    )


def test_an_administrator_creates_and_updates_a_programme(client, province_admin, lang_son_legacy):
    client.force_login(province_admin)
    body = {
        "name": "Mô hình điểm",
        "owner_unit": lang_son_legacy.pk,
        "phase_start": "2019-04-24",
        "phase_end": "2024-12-31",
    }
    response = client.post("/api/v1/programmes/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["owner"]["name"] == "Tỉnh Lạng Sơn"
    response = client.patch(
        f"/api/v1/programmes/{pk}/", {"status": "closed"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert Programme.objects.get(pk=pk).status == "closed"


def test_a_bad_phase_gets_a_400_in_vietnamese(client, province_admin, lang_son_legacy):
    client.force_login(province_admin)
    body = {
        "name": "X",
        "owner_unit": lang_son_legacy.pk,
        "phase_start": "2024-01-01",
        "phase_end": "2023-01-01",
    }
    response = client.post("/api/v1/programmes/", body, content_type="application/json")
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu giai đoạn." in response.content.decode()
    assert not Programme.objects.exists()


def test_writes_are_refused_to_viewers_and_officers(client, province_viewer, officer, lang_son_legacy):
    body = {
        "name": "X",
        "owner_unit": lang_son_legacy.pk,
        "phase_start": "2019-01-01",
        "phase_end": "2020-01-01",
    }
    for user in (province_viewer, officer):
        client.force_login(user)
        assert client.post("/api/v1/programmes/", body, content_type="application/json").status_code == 403
    assert not Programme.objects.exists()


def test_another_provinces_programme_cannot_be_changed(
    client, province_admin, programme_factory, thai_binh_legacy
):
    other = programme_factory(owner_unit=thai_binh_legacy)
    client.force_login(province_admin)
    assert (
        client.patch(
            f"/api/v1/programmes/{other.pk}/", {"status": "closed"}, content_type="application/json"
        ).status_code
        == 404
    )
    body = {
        "programme": other.pk,
        "kind": "de_an",
        "number": "1",
        "issued_on": "2023-07-05",
        "issuer": "x",
        "title": "y",
    }
    assert client.post("/api/v1/documents/", body, content_type="application/json").status_code == 404
    assert not ProgrammeDocument.objects.exists()


def test_documents_are_uploaded_as_multipart_and_linked_to_the_scoped_download(
    client, province_admin, ls_programme
):
    client.force_login(province_admin)
    response = client.post(
        "/api/v1/documents/",
        {
            "programme": ls_programme.pk,
            "kind": "de_an",
            "number": "01",
            "issued_on": "2019-04-24",
            "issuer": "Ban Dân vận Tỉnh ủy",
            "title": "Đề án 01",
            "file": SimpleUploadedFile("de-an.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    assert client.get(response.json()["file_url"]).status_code == 200


def test_enrolments_and_steering_members_follow_the_service_rules(
    client, province_admin, ls_programme, lang_son_commune, tien_duc
):
    client.force_login(province_admin)
    body = {
        "programme": ls_programme.pk,
        "commune": lang_son_commune.pk,
        "level": "province_pilot",
        "selected_on": "2019-05-15",
    }
    assert client.post("/api/v1/enrolments/", body, content_type="application/json").status_code == 201
    assert client.post("/api/v1/enrolments/", body, content_type="application/json").status_code == 400
    body["commune"] = tien_duc.pk
    response = client.post("/api/v1/enrolments/", body, content_type="application/json")
    assert response.status_code == 400
    assert "không thuộc" in response.content.decode()
    assert Enrolment.objects.count() == 1

    member = {
        "programme": ls_programme.pk,
        "full_name": "Dương Xuân Huyên",
        "position": "Phó Chủ tịch",
        "role": "head",
    }
    assert (
        client.post("/api/v1/steering-members/", member, content_type="application/json").status_code == 201
    )
    assert (
        client.post("/api/v1/steering-members/", member, content_type="application/json").status_code == 400
    )
    assert SteeringMember.objects.count() == 1


@pytest.mark.parametrize("size", [2, 20])
def test_document_and_steering_lists_run_a_fixed_number_of_queries(
    db, client, province_admin, ls_programme, programme_document_factory, size, django_assert_max_num_queries
):
    for index in range(size):
        programme_document_factory(programme=ls_programme, number=f"{index}-KH")
        SteeringMember.objects.create(programme=ls_programme, full_name=f"Thành viên {index}", position="x")
    client.force_login(province_admin)
    for url in ("/api/v1/documents/", "/api/v1/steering-members/"):
        with django_assert_max_num_queries(5):
            assert client.get(url).json()["count"] == size
