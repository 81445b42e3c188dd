"""Pages of codes of conduct, the staff register and pledges: content, scope, errors, query cost."""

import datetime

import pytest
from django.urls import reverse

from communes.models import CodeOfConduct, Pledge, StaffMember, User

from .conduct.factories import (
    FIVE_KNOWS,
    pdf_upload,
    png_upload,
)


@pytest.fixture
def hung_yen_code(code_of_conduct_factory, hung_yen):
    return code_of_conduct_factory(name="5 biết", owner_unit=hung_yen, description="Khi tiếp dân")


@pytest.fixture
def member(staff_member_factory, long_hung):
    return staff_member_factory(commune=long_hung, full_name="Nguyễn Văn Ánh", position="Chủ tịch UBND xã")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Codes of conduct -------------------------------------------------------------------------


def test_the_code_list_shows_national_and_own_codes_only(
    client, province_admin, code_of_conduct_factory, lang_son, hung_yen_code
):
    code_of_conduct_factory(name="3 thể hiện", owner_unit=None)
    code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    client.force_login(province_admin)
    page = html(client.get(reverse("communes:code_list")))
    assert "3 thể hiện" in page and "Dùng chung toàn quốc" in page
    assert "4 luôn" in page and "Tỉnh Lạng Sơn" in page
    assert reverse("communes:code_detail", args=[hung_yen_code.pk]) not in page
    assert reverse("communes:code_create") in page
    response = client.get(reverse("communes:code_list"), {"q": "the hien"})
    assert [code.name for code in response.context["page_obj"]] == ["3 thể hiện"]


def test_the_code_list_exports_csv(client, province_viewer, hung_yen_code):
    client.force_login(province_viewer)
    response = client.get(reverse("communes:code_list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "5 biết,Khi tiếp dân,Tỉnh Hưng Yên,5" in body
    assert reverse("communes:code_create") not in html(client.get(reverse("communes:code_list")))


@pytest.mark.parametrize("size", [2, 20])
def test_the_code_list_runs_a_fixed_number_of_queries(
    client, province_viewer, code_of_conduct_factory, hung_yen, size, django_assert_max_num_queries
):
    for index in range(size):
        code_of_conduct_factory(name=f"Quy tắc {index}", owner_unit=hung_yen if index % 2 else None)
    client.force_login(province_viewer)
    # session + user + the user's province + count + page
    with django_assert_max_num_queries(5):
        response = client.get(reverse("communes:code_list"))
    assert len(response.context["page_obj"]) == size


def test_a_province_admin_creates_a_code_for_their_province(
    client, province_admin, lang_son, programme_factory
):
    programme = programme_factory(owner_unit=lang_son, name="Chính quyền thân thiện cấp cơ sở")
    client.force_login(province_admin)
    form_page = html(client.get(reverse("communes:code_create")))
    assert "Chính quyền thân thiện cấp cơ sở" in form_page
    assert 'name="owner_unit"' not in form_page  # the owner is their province
    response = client.post(
        reverse("communes:code_create"),
        {
            "name": "4 luôn",
            "items": "Luôn tươi cười\r\nLuôn nhẹ nhàng\r\n\r\nLuôn lắng nghe",
            "programmes": [programme.pk],
        },
    )
    code = CodeOfConduct.objects.get(name="4 luôn")
    assert response.status_code == 302 and response["Location"] == reverse(
        "communes:code_detail", args=[code.pk]
    )
    assert code.owner_unit == lang_son
    assert [i.text for i in code.items.order_by("order")] == [
        "Luôn tươi cười",
        "Luôn nhẹ nhàng",
        "Luôn lắng nghe",
    ]
    page = html(client.get(response["Location"]))
    assert "Đã tạo bộ quy tắc “4 luôn”." in page
    assert "Luôn nhẹ nhàng" in page and "Chính quyền thân thiện cấp cơ sở" in page


def test_a_duplicate_code_name_gives_a_vietnamese_error_and_changes_nothing(
    client, province_admin, lang_son, code_of_conduct_factory
):
    code_of_conduct_factory(name="5 biết", owner_unit=lang_son)
    client.force_login(province_admin)
    page = html(
        client.post(reverse("communes:code_create"), {"name": "5 biết", "items": "Biết nghe dân nói"})
    )
    assert "Đơn vị Tỉnh Lạng Sơn đã có bộ quy tắc “5 biết”." in page
    page = html(client.post(reverse("communes:code_create"), {"name": "4 luôn", "items": " \r\n "}))
    assert "Trường này là bắt buộc." in page
    assert CodeOfConduct.objects.count() == 1


def test_another_provinces_code_answers_404_to_a_province_admin(client, province_admin, hung_yen_code):
    client.force_login(province_admin)
    for name in ("code_detail", "code_edit", "code_board_pdf"):
        assert client.get(reverse(f"communes:{name}", args=[hung_yen_code.pk])).status_code == 404
    assert (
        client.post(
            reverse("communes:code_edit", args=[hung_yen_code.pk]), {"name": "X", "items": "Y"}
        ).status_code
        == 404
    )
    assert client.post(reverse("communes:code_delete", args=[hung_yen_code.pk])).status_code == 404
    assert CodeOfConduct.objects.filter(pk=hung_yen_code.pk, name="5 biết").exists()


def test_writes_on_codes_are_forbidden_to_viewers_officers_and_on_national_codes(
    client, province_viewer, officer, province_admin, code_of_conduct_factory, hung_yen_code
):
    national = code_of_conduct_factory(name="3 thể hiện", owner_unit=None)
    for user in (province_viewer, officer):
        client.force_login(user)
        assert client.get(reverse("communes:code_create")).status_code == 403
        assert client.post(reverse("communes:code_create"), {"name": "X", "items": "Y"}).status_code == 403
        assert client.get(reverse("communes:code_edit", args=[hung_yen_code.pk])).status_code == 403
        assert client.post(reverse("communes:code_delete", args=[hung_yen_code.pk])).status_code == 403
    client.force_login(province_admin)
    assert client.get(reverse("communes:code_edit", args=[national.pk])).status_code == 403
    page = html(client.get(reverse("communes:code_detail", args=[national.pk])))
    assert reverse("communes:code_edit", args=[national.pk]) not in page
    assert CodeOfConduct.objects.count() == 2


def test_a_province_admin_edits_their_code(client, hung_yen_admin, hung_yen_code):
    client.force_login(hung_yen_admin)
    form_page = html(client.get(reverse("communes:code_edit", args=[hung_yen_code.pk])))
    assert "Biết nghe dân nói\nBiết nói dân hiểu" in form_page
    response = client.post(
        reverse("communes:code_edit", args=[hung_yen_code.pk]),
        {"name": "5 biết", "description": "", "items": "Biết cảm ơn\nBiết xin lỗi"},
    )
    assert response.status_code == 302
    assert [i.text for i in hung_yen_code.items.order_by("order")] == ["Biết cảm ơn", "Biết xin lỗi"]


def test_an_unsigned_code_is_deleted_and_a_signed_one_kept(
    client, hung_yen_admin, hung_yen_code, code_of_conduct_factory, hung_yen, member, pledge_factory
):
    pledge_factory(staff_member=member, code=hung_yen_code)
    spare = code_of_conduct_factory(name="4 luôn", owner_unit=hung_yen)
    client.force_login(hung_yen_admin)
    response = client.post(reverse("communes:code_delete", args=[hung_yen_code.pk]), follow=True)
    assert "đã có cán bộ ký cam kết" in html(response)
    assert CodeOfConduct.objects.filter(pk=hung_yen_code.pk).exists()
    response = client.post(reverse("communes:code_delete", args=[spare.pk]), follow=True)
    assert "Đã xóa bộ quy tắc “4 luôn”." in html(response)
    assert not CodeOfConduct.objects.filter(pk=spare.pk).exists()


def test_an_officer_sees_who_of_their_commune_signed_a_code(
    client, officer, hung_yen_code, member, staff_member_factory, long_hung, pledge_factory
):
    staff_member_factory(commune=long_hung, full_name="Trần Thị Bình")
    staff_member_factory(commune=long_hung, full_name="Đỗ Văn Nghỉ", is_active=False)
    pledge_factory(staff_member=member, code=hung_yen_code, signed_on=datetime.date(2024, 3, 15))
    client.force_login(officer)
    page = html(client.get(reverse("communes:code_detail", args=[hung_yen_code.pk])))
    assert "Ký cam kết tại Xã Long Hưng" in page
    assert "1/2 cán bộ đang công tác đã ký cam kết" in page
    assert "1 người chưa ký" in page
    assert "Nguyễn Văn Ánh" in page and "15/03/2024" in page
    assert "Trần Thị Bình" in page and "Chưa ký" in page
    assert "Đỗ Văn Nghỉ" not in page
    assert "Biết làm dân tin" in page
    assert f"{reverse('communes:code_board_pdf', args=[hung_yen_code.pk])}?commune={long_hung.pk}" in page
    export = client.get(reverse("communes:code_detail", args=[hung_yen_code.pk]), {"export": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Nguyễn Văn Ánh,Chủ tịch UBND xã,Bộ phận một cửa,Có,15/03/2024" in body
    assert "Trần Thị Bình" in body


def test_province_staff_see_the_count_per_commune_then_one_commune(
    client, province_viewer, hung_yen_code, member, staff_member_factory, hong_minh, long_hung, pledge_factory
):
    staff_member_factory(commune=hong_minh, full_name="Vũ Văn Hòa")
    pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(province_viewer)
    response = client.get(reverse("communes:code_detail", args=[hung_yen_code.pk]))
    rows = {unit.name: (unit.signed, unit.active_staff) for unit in response.context["page_obj"]}
    assert rows == {"Xã Long Hưng": (1, 1), "Xã Hồng Minh": (0, 1)}
    assert f'href="?commune={hong_minh.pk}"' in html(response)
    page = html(
        client.get(reverse("communes:code_detail", args=[hung_yen_code.pk]), {"commune": hong_minh.pk})
    )
    assert "Vũ Văn Hòa" in page and "Nguyễn Văn Ánh" not in page
    assert "Ghi nhận ký cam kết" not in page  # a viewer records nothing


def test_the_count_per_commune_is_exported(client, province_viewer, hung_yen_code, member, pledge_factory):
    pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(province_viewer)
    response = client.get(reverse("communes:code_detail", args=[hung_yen_code.pk]), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1] == "12613,Xã Long Hưng,Tỉnh Hưng Yên,1,1"


def test_an_officer_of_a_merged_commune_keeps_the_codes_of_the_communes_it_took_over(
    client, user_factory, tien_duc, code_of_conduct_factory, thai_binh_legacy, staff_member_factory
):
    # Tiến Đức joined a commune of Hưng Yên in 2025; Thái Bình's code still applies there.
    current = tien_duc.successor
    officer = user_factory(username="xa.moi", role=User.Role.COMMUNE_OFFICER, commune=current)
    code = code_of_conduct_factory(name="5 không", owner_unit=thai_binh_legacy)
    staff_member_factory(commune=current, full_name="Hoàng Văn Mới")
    client.force_login(officer)
    page = html(client.get(reverse("communes:code_detail", args=[code.pk])))
    assert f"Ký cam kết tại {current.name}" in page and "Hoàng Văn Mới" in page
    page = html(client.get(reverse("communes:pledge_create", args=[current.pk])))
    assert "5 không (Tỉnh Thái Bình)" in page


def test_a_commune_outside_scope_on_a_code_page_answers_404(client, other_officer, hung_yen_code, long_hung):
    client.force_login(other_officer)
    url = reverse("communes:code_detail", args=[hung_yen_code.pk])
    assert client.get(url, {"commune": long_hung.pk}).status_code == 404
    assert client.get(url, {"commune": "abc"}).status_code == 404


@pytest.mark.parametrize("size", [2, 15])
def test_the_code_page_runs_a_fixed_number_of_queries(
    client,
    officer,
    hung_yen_code,
    staff_member_factory,
    long_hung,
    pledge_factory,
    size,
    django_assert_max_num_queries,
):
    for index in range(size):
        person = staff_member_factory(commune=long_hung, full_name=f"Cán Bộ {index}")
        if index % 2:
            pledge_factory(staff_member=person, code=hung_yen_code)
    client.force_login(officer)
    # session, user, code, commune, code applies?, items, programmes, editable?, signatures, counts,
    # can manage?
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communes:code_detail", args=[hung_yen_code.pk]))
    assert response.context["counts"]["active"] == size


# --- Staff register ---------------------------------------------------------------------------


def test_an_officer_sees_and_filters_their_staff_register(client, officer, long_hung, staff_member_factory):
    staff_member_factory(commune=long_hung, full_name="Nguyễn Văn Đức", position="Chủ tịch UBND xã")
    staff_member_factory(commune=long_hung, full_name="Trần Thị Ánh", position="Công chức Tư pháp - Hộ tịch")
    staff_member_factory(commune=long_hung, full_name="Đỗ Văn Nghỉ", is_active=False)
    client.force_login(officer)
    url = reverse("communes:staff_list", args=[long_hung.pk])
    page = html(client.get(url))
    assert "Cán bộ, công chức – Xã Long Hưng" in page
    assert "Nguyễn Văn Đức" in page and "Công chức Tư pháp - Hộ tịch" in page and "Đã nghỉ" in page
    assert reverse("communes:staff_create", args=[long_hung.pk]) in page
    assert reverse("communes:badges_pdf", args=[long_hung.pk]) in page
    page = html(client.get(url, {"q": "nguyen duc"}))
    assert "Nguyễn Văn Đức" in page and "Trần Thị Ánh" not in page
    page = html(client.get(url, {"active": "0"}))
    assert "Đỗ Văn Nghỉ" in page and "Nguyễn Văn Đức" not in page


def test_the_staff_register_exports_csv_and_xlsx_with_the_filters(
    client, officer, long_hung, staff_member_factory
):
    staff_member_factory(commune=long_hung, full_name="Nguyễn Văn Đức", position="Chủ tịch UBND xã", order=1)
    staff_member_factory(commune=long_hung, full_name="Đỗ Văn Nghỉ", is_active=False)
    client.force_login(officer)
    url = reverse("communes:staff_list", args=[long_hung.pk])
    body = b"".join(client.get(url, {"export": "csv", "active": "1"}).streaming_content).decode("utf-8-sig")
    assert "1,Nguyễn Văn Đức,Chủ tịch UBND xã,Bộ phận một cửa,Có,Không,0" in body
    assert "Đỗ Văn Nghỉ" not in body
    response = client.get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"Nguyễn Văn Đức", "Đỗ Văn Nghỉ"}


def test_province_staff_read_a_staff_register_without_writing(
    client, province_viewer, hung_yen_admin, long_hung, member
):
    for user in (province_viewer, hung_yen_admin):
        client.force_login(user)
        page = html(client.get(reverse("communes:staff_list", args=[long_hung.pk])))
        assert "Nguyễn Văn Ánh" in page
        assert reverse("communes:staff_create", args=[long_hung.pk]) not in page
        assert client.get(reverse("communes:staff_create", args=[long_hung.pk])).status_code == 403
        response = client.post(
            reverse("communes:staff_create", args=[long_hung.pk]),
            {"full_name": "Lê Văn Mới", "position": "Công chức"},
        )
        assert response.status_code == 403
        assert (
            client.post(
                reverse("communes:staff_edit", args=[member.pk]), {"full_name": "Đổi", "position": "Đổi"}
            ).status_code
            == 403
        )
    assert not StaffMember.objects.filter(full_name__in=["Lê Văn Mới", "Đổi"]).exists()


def test_another_communes_staff_pages_answer_404(
    client, other_officer, province_admin, long_hung, member, hung_yen_code
):
    pledge = Pledge.objects.create(
        staff_member=member, code=hung_yen_code, signed_on=datetime.date(2024, 3, 1)
    )
    for user in (other_officer, province_admin):
        client.force_login(user)
        for name, args in [
            ("staff_list", [long_hung.pk]),
            ("staff_create", [long_hung.pk]),
            ("staff_edit", [member.pk]),
            ("pledge_create", [long_hung.pk]),
            ("badges_pdf", [long_hung.pk]),
        ]:
            assert client.get(reverse(f"communes:{name}", args=args)).status_code == 404, name
        assert client.post(reverse("communes:pledge_delete", args=[pledge.pk])).status_code == 404
        assert client.get(reverse("communes:file", args=["staff-photo", member.pk])).status_code == 404
    assert Pledge.objects.filter(pk=pledge.pk).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_staff_register_runs_a_fixed_number_of_queries(
    client, officer, long_hung, staff_member_factory, size, django_assert_max_num_queries
):
    for index in range(size):
        staff_member_factory(commune=long_hung, full_name=f"Cán Bộ {index}")
    client.force_login(officer)
    # session + user + commune + can manage? + count + page
    with django_assert_max_num_queries(6):
        response = client.get(reverse("communes:staff_list", args=[long_hung.pk]))
    assert response.context["page_obj"].paginator.count == size


def test_an_officer_adds_a_member_with_a_photo(client, officer, long_hung):
    client.force_login(officer)
    response = client.post(
        reverse("communes:staff_create", args=[long_hung.pk]),
        {
            "full_name": "Lê Văn Cường",
            "position": "Công chức Văn phòng - Thống kê",
            "desk": "Bộ phận một cửa",
            "photo": png_upload(),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("communes:staff_list", args=[long_hung.pk])
    member = StaffMember.objects.get(full_name="Lê Văn Cường")
    assert member.photo and member.is_active and member.order == 1
    page = html(client.get(response["Location"]))
    assert "Đã thêm cán bộ Lê Văn Cường." in page
    assert reverse("communes:file", args=["staff-photo", member.pk]) in page
    assert (
        client.get(reverse("communes:file", args=["staff-photo", member.pk]))["Content-Type"] == "image/png"
    )


def test_a_pdf_as_photo_is_refused_in_vietnamese_and_nothing_is_saved(client, officer, long_hung, settings):
    client.force_login(officer)
    page = html(
        client.post(
            reverse("communes:staff_create", args=[long_hung.pk]),
            {"full_name": "Lê Văn Cường", "position": "Công chức", "photo": pdf_upload("anh.png")},
        )
    )
    assert "Chỉ nhận ảnh (JPEG, PNG, WebP)." in page
    assert not StaffMember.objects.exists()
    uploads = settings.MEDIA_ROOT
    assert not uploads.exists() or not any(path.is_file() for path in uploads.rglob("*"))


def test_an_officer_edits_a_member_and_removes_the_photo(client, officer, long_hung):
    client.force_login(officer)
    client.post(
        reverse("communes:staff_create", args=[long_hung.pk]),
        {"full_name": "Lê Văn Cường", "position": "Công chức", "photo": png_upload(), "is_active": "on"},
    )
    member = StaffMember.objects.get()
    form_page = html(client.get(reverse("communes:staff_edit", args=[member.pk])))
    assert "Xóa ảnh hiện tại" in form_page and 'value="Lê Văn Cường"' in form_page
    assert member.photo.url not in form_page  # files are only served by the scoped view
    response = client.post(
        reverse("communes:staff_edit", args=[member.pk]),
        {"full_name": "Lê Văn Cường", "position": "Phó Chủ tịch", "remove_photo": "on", "order": "3"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.is_active, member.order, bool(member.photo)) == (
        "Phó Chủ tịch",
        False,
        3,
        False,
    )


def test_user_text_is_escaped_on_the_pages(client, officer, long_hung, staff_member_factory, hung_yen_code):
    staff_member_factory(commune=long_hung, full_name="<b>x</b>", position="<script>alert(1)</script>")
    client.force_login(officer)
    for url in (
        reverse("communes:staff_list", args=[long_hung.pk]),
        reverse("communes:code_detail", args=[hung_yen_code.pk]),
        reverse("communes:pledge_create", args=[long_hung.pk]),
    ):
        page = html(client.get(url))
        assert "&lt;b&gt;x&lt;/b&gt;" in page
        assert "<b>x</b>" not in page and "<script>alert(1)</script>" not in page


# --- Pledges ----------------------------------------------------------------------------------


def test_an_officer_records_a_pledge_with_a_scan(client, officer, long_hung, member, hung_yen_code):
    client.force_login(officer)
    url = reverse("communes:pledge_create", args=[long_hung.pk])
    form_page = html(client.get(url, {"code": hung_yen_code.pk, "staff_member": member.pk}))
    assert f'<option value="{hung_yen_code.pk}" selected>5 biết (Tỉnh Hưng Yên)</option>' in form_page
    response = client.post(
        url,
        {
            "staff_member": member.pk,
            "code": hung_yen_code.pk,
            "signed_on": "2024-03-15",
            "scan": pdf_upload(),
        },
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('communes:code_detail', args=[hung_yen_code.pk])}?commune={long_hung.pk}"
    )
    pledge = Pledge.objects.get()
    assert pledge.signed_on == datetime.date(2024, 3, 15) and pledge.scan
    page = html(client.get(response["Location"]))
    assert "Đã ghi nhận Nguyễn Văn Ánh ký cam kết “5 biết”." in page
    assert reverse("communes:file", args=["pledge", pledge.pk]) in page


def test_a_second_pledge_for_the_same_code_is_refused_in_vietnamese(
    client, officer, long_hung, member, hung_yen_code, pledge_factory
):
    pledge_factory(staff_member=member, code=hung_yen_code, signed_on=datetime.date(2024, 3, 15))
    client.force_login(officer)
    page = html(
        client.post(
            reverse("communes:pledge_create", args=[long_hung.pk]),
            {"staff_member": member.pk, "code": hung_yen_code.pk, "signed_on": "2024-05-01"},
        )
    )
    assert "Nguyễn Văn Ánh đã ký cam kết “5 biết” ngày 15/03/2024." in page
    assert Pledge.objects.count() == 1


def test_a_pledge_for_another_communes_member_is_not_offered(
    client, officer, long_hung, staff_member_factory, hong_minh, hung_yen_code
):
    stranger = staff_member_factory(commune=hong_minh, full_name="Vũ Văn Hòa")
    client.force_login(officer)
    page = html(
        client.post(
            reverse("communes:pledge_create", args=[long_hung.pk]),
            {"staff_member": stranger.pk, "code": hung_yen_code.pk, "signed_on": "2024-05-01"},
        )
    )
    assert "Vũ Văn Hòa" not in page
    assert "Hãy chọn một cán bộ đang công tác của xã." in page
    assert not Pledge.objects.exists()


def test_viewers_cannot_record_or_delete_pledges(
    client, province_viewer, long_hung, member, hung_yen_code, pledge_factory
):
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(province_viewer)
    url = reverse("communes:pledge_create", args=[long_hung.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"staff_member": member.pk, "code": hung_yen_code.pk, "signed_on": "2024-05-01"}
        ).status_code
        == 403
    )
    assert client.post(reverse("communes:pledge_delete", args=[pledge.pk])).status_code == 403
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_an_officer_deletes_a_pledge_recorded_by_mistake(
    client, officer, member, hung_yen_code, pledge_factory
):
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    client.force_login(officer)
    assert client.get(reverse("communes:pledge_delete", args=[pledge.pk])).status_code == 405
    response = client.post(reverse("communes:pledge_delete", args=[pledge.pk]), follow=True)
    assert "Đã xóa bản cam kết của Nguyễn Văn Ánh." in html(response)
    assert not Pledge.objects.exists()


def test_the_code_items_reach_the_form_in_board_order(client, hung_yen_admin, hung_yen_code):
    client.force_login(hung_yen_admin)
    page = html(client.get(reverse("communes:code_edit", args=[hung_yen_code.pk])))
    positions = [page.index(text) for text in FIVE_KNOWS]
    assert positions == sorted(positions)
