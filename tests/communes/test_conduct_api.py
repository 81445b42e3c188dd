"""The API of codes of conduct, the staff register and pledges: scope, roles, the same rules as the
pages, query cost."""

import datetime

import pytest
from django.urls import reverse

from communes.models import CodeOfConduct, Pledge, StaffMember

from .conduct.factories import (
    pdf_upload,
    png_upload,
)

CODES, STAFF, PLEDGES = "/api/v1/codes/", "/api/v1/staff/", "/api/v1/pledges/"


@pytest.fixture
def hung_yen_code(code_of_conduct_factory, hung_yen):
    return code_of_conduct_factory(name="5 biết", owner_unit=hung_yen)


@pytest.fixture
def member(staff_member_factory, tien_duc):
    return staff_member_factory(commune=tien_duc, full_name="Nguyễn Văn Ánh")


# --- Codes ------------------------------------------------------------------------------------


def test_codes_are_listed_with_their_items_in_order(
    client, officer, hung_yen_code, code_of_conduct_factory, lang_son
):
    code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    client.force_login(officer)
    body = client.get(CODES).json()
    assert [code["name"] for code in body["results"]] == ["5 biết"]
    code = body["results"][0]
    assert code["items"] == [
        "Biết nghe dân nói",
        "Biết nói dân hiểu",
        "Biết làm dân tin",
        "Biết xin lỗi",
        "Biết cảm ơn",
    ]
    assert code["owner_unit"]["name"] == "Tỉnh Hưng Yên"
    assert code["item_count"] == 5


def test_another_provinces_code_answers_404(client, province_admin, hung_yen_code):
    client.force_login(province_admin)
    assert client.get(f"{CODES}{hung_yen_code.pk}/").status_code == 404
    response = client.patch(f"{CODES}{hung_yen_code.pk}/", {"name": "Khác"}, content_type="application/json")
    assert response.status_code == 404
    assert client.delete(f"{CODES}{hung_yen_code.pk}/").status_code == 404
    hung_yen_code.refresh_from_db()
    assert hung_yen_code.name == "5 biết"


def test_a_province_admin_creates_a_code_owned_by_their_province(
    client, province_admin, lang_son, programme_factory
):
    programme = programme_factory(owner_unit=lang_son)
    client.force_login(province_admin)
    response = client.post(
        CODES,
        {
            "name": "4 luôn",
            "items": ["Luôn tươi cười", "Luôn lắng nghe"],
            "programmes": [programme.pk],
            "owner_unit_id": None,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["items"] == ["Luôn tươi cười", "Luôn lắng nghe"]
    assert response.json()["programmes"] == [programme.pk]
    assert CodeOfConduct.objects.get(name="4 luôn").owner_unit == lang_son


def test_code_rules_give_vietnamese_400s(
    client, province_admin, lang_son, code_of_conduct_factory, programme_factory, hung_yen
):
    code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    foreign = programme_factory(owner_unit=hung_yen)
    client.force_login(province_admin)
    response = client.post(CODES, {"name": "4 Luôn", "items": ["Luôn"]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Đơn vị Tỉnh Lạng Sơn đã có bộ quy tắc “4 Luôn”."]}
    response = client.post(CODES, {"name": "5 biết", "items": []}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"items": ["Bộ quy tắc phải có ít nhất một nội dung."]}
    response = client.post(
        CODES,
        {"name": "5 biết", "items": ["Biết"], "programmes": [foreign.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "programmes" in response.json()
    assert CodeOfConduct.objects.count() == 1


def test_code_writes_follow_the_role(
    client, province_viewer, officer, province_admin, code_of_conduct_factory, superuser, lang_son
):
    national = code_of_conduct_factory(name="3 thể hiện")
    for user in (province_viewer, officer):
        client.force_login(user)
        assert (
            client.post(CODES, {"name": "X", "items": ["Y"]}, content_type="application/json").status_code
            == 403
        )
        assert client.delete(f"{CODES}{national.pk}/").status_code == 403
    client.force_login(province_admin)
    response = client.patch(f"{CODES}{national.pk}/", {"items": ["Khác"]}, content_type="application/json")
    assert response.status_code == 403
    assert "toàn quốc" in response.json()["detail"]
    client.force_login(superuser)
    response = client.post(
        CODES,
        {"name": "5 không", "items": ["Không hách dịch"], "owner_unit_id": lang_son.pk},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["owner_unit"]["id"] == lang_son.pk
    response = client.patch(
        f"{CODES}{national.pk}/", {"items": ["Tôn trọng", "Văn minh"]}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["items"] == ["Tôn trọng", "Văn minh"]
    assert response.json()["name"] == "3 thể hiện"


def test_a_signed_code_is_not_deleted_by_the_api(
    client, hung_yen_admin, hung_yen_code, member, pledge_factory
):
    pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(hung_yen_admin)
    response = client.delete(f"{CODES}{hung_yen_code.pk}/")
    assert response.status_code == 400
    assert CodeOfConduct.objects.filter(pk=hung_yen_code.pk).exists()


@pytest.mark.parametrize("size", [2, 20])
def test_the_code_list_endpoint_runs_a_fixed_number_of_queries(
    client,
    province_viewer,
    code_of_conduct_factory,
    hung_yen,
    programme_factory,
    size,
    django_assert_max_num_queries,
):
    programme = programme_factory(owner_unit=hung_yen)
    for index in range(size):
        code = code_of_conduct_factory(name=f"Quy tắc {index}", owner_unit=hung_yen)
        code.programmes.add(programme)
    client.force_login(province_viewer)
    # session + user + province + count + page + items + programmes
    with django_assert_max_num_queries(7):
        response = client.get(CODES)
    assert response.json()["count"] == size


# --- Staff ------------------------------------------------------------------------------------


def test_an_officer_lists_and_adds_their_communes_staff(
    client, officer, member, staff_member_factory, chi_hoa, tien_duc
):
    staff_member_factory(commune=chi_hoa, full_name="Vũ Văn Hòa")
    client.force_login(officer)
    assert [m["full_name"] for m in client.get(STAFF).json()["results"]] == ["Nguyễn Văn Ánh"]
    response = client.post(
        STAFF,
        {"commune": tien_duc.pk, "full_name": "Lê Văn Cường", "position": "Công chức", "photo": png_upload()},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["commune_name"] == "Xã Tiến Đức"
    assert body["photo_url"] == reverse("communes:file", args=["staff-photo", body["id"]])
    assert "photo" not in body
    assert client.get(STAFF, {"q": "le van cuong"}).json()["count"] == 1


def test_the_api_refuses_a_pdf_as_photo_in_vietnamese(client, officer, tien_duc):
    client.force_login(officer)
    response = client.post(
        STAFF,
        {"commune": tien_duc.pk, "full_name": "Lê Văn Cường", "position": "Công chức", "photo": pdf_upload()},
    )
    assert response.status_code == 400
    assert response.json() == {"photo": ["Chỉ nhận ảnh (JPEG, PNG, WebP)."]}
    assert not StaffMember.objects.exists()


def test_staff_of_another_commune_answer_404(client, other_officer, member, tien_duc):
    client.force_login(other_officer)
    assert client.get(f"{STAFF}{member.pk}/").status_code == 404
    response = client.patch(f"{STAFF}{member.pk}/", {"position": "Khác"}, content_type="application/json")
    assert response.status_code == 404
    response = client.post(
        STAFF, {"commune": tien_duc.pk, "full_name": "Lê Văn Cường", "position": "Công chức"}
    )
    assert response.status_code == 404
    assert client.get(STAFF, {"commune": tien_duc.pk}).json()["count"] == 0
    member.refresh_from_db()
    assert member.position == "Công chức Văn phòng - Thống kê"
    assert StaffMember.objects.count() == 1


def test_province_staff_read_staff_but_never_write(client, province_viewer, hung_yen_admin, member, tien_duc):
    for user in (province_viewer, hung_yen_admin):
        client.force_login(user)
        assert client.get(STAFF, {"commune": tien_duc.pk}).json()["count"] == 1
        assert (
            client.post(
                STAFF, {"commune": tien_duc.pk, "full_name": "Lê", "position": "Công chức"}
            ).status_code
            == 403
        )
        assert (
            client.patch(
                f"{STAFF}{member.pk}/", {"position": "Khác"}, content_type="application/json"
            ).status_code
            == 403
        )
    assert StaffMember.objects.count() == 1


def test_an_officer_updates_a_member_partially(client, officer, member):
    client.force_login(officer)
    response = client.patch(f"{STAFF}{member.pk}/", {"is_active": False}, content_type="application/json")
    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.is_active and member.full_name == "Nguyễn Văn Ánh"
    assert client.delete(f"{STAFF}{member.pk}/").status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_the_staff_endpoint_runs_a_fixed_number_of_queries(
    client, province_viewer, tien_duc, chi_hoa, staff_member_factory, size, django_assert_max_num_queries
):
    for index in range(size):
        staff_member_factory(commune=tien_duc if index % 2 else chi_hoa, full_name=f"Cán Bộ {index}")
    client.force_login(province_viewer)
    # session + user + province + count + page
    with django_assert_max_num_queries(5):
        response = client.get(STAFF)
    assert response.json()["count"] == size


# --- Pledges ----------------------------------------------------------------------------------


def test_an_officer_records_a_pledge_once(client, officer, member, hung_yen_code):
    client.force_login(officer)
    response = client.post(
        PLEDGES,
        {
            "staff_member": member.pk,
            "code": hung_yen_code.pk,
            "signed_on": "2024-03-15",
            "scan": pdf_upload(),
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["staff_name"] == "Nguyễn Văn Ánh" and response.json()["scan_url"]
    response = client.post(
        PLEDGES,
        {"staff_member": member.pk, "code": hung_yen_code.pk, "signed_on": "2024-04-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"staff_member": ["Nguyễn Văn Ánh đã ký cam kết “5 biết” ngày 15/03/2024."]}
    assert Pledge.objects.count() == 1


def test_pledges_of_another_commune_are_invisible(
    client, other_officer, member, hung_yen_code, pledge_factory
):
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(other_officer)
    assert client.get(PLEDGES).json()["count"] == 0
    assert client.get(f"{PLEDGES}{pledge.pk}/").status_code == 404
    assert client.delete(f"{PLEDGES}{pledge.pk}/").status_code == 404
    response = client.post(
        PLEDGES,
        {"staff_member": member.pk, "code": hung_yen_code.pk, "signed_on": "2024-03-15"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "staff_member" in response.json()
    assert Pledge.objects.count() == 1


def test_viewers_cannot_write_pledges(client, province_viewer, member, hung_yen_code, pledge_factory):
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(province_viewer)
    assert client.get(PLEDGES, {"code": hung_yen_code.pk}).json()["count"] == 1
    assert client.delete(f"{PLEDGES}{pledge.pk}/").status_code == 403
    response = client.post(
        PLEDGES,
        {"staff_member": member.pk, "code": hung_yen_code.pk, "signed_on": "2024-03-15"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Pledge.objects.count() == 1


def test_an_officer_deletes_a_pledge(client, officer, member, hung_yen_code, pledge_factory):
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(officer)
    assert client.delete(f"{PLEDGES}{pledge.pk}/").status_code == 204
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_pledge_endpoint_runs_a_fixed_number_of_queries(
    client,
    officer,
    tien_duc,
    hung_yen_code,
    staff_member_factory,
    pledge_factory,
    size,
    django_assert_max_num_queries,
):
    for index in range(size):
        pledge_factory(
            staff_member=staff_member_factory(commune=tien_duc, full_name=f"Cán Bộ {index}"),
            code=hung_yen_code,
            signed_on=datetime.date(2024, 3, 1),
        )
    client.force_login(officer)
    # session + user + count + page
    with django_assert_max_num_queries(4):
        response = client.get(PLEDGES)
    assert response.json()["count"] == size
