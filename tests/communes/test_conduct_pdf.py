"""The printable wall board of a code of conduct and the name-badge sheet of a commune: read back
with poppler's pdftotext, pdfinfo and pdfimages."""

import re
import subprocess

import pytest
from django.urls import reverse

from communes.models import StaffMember, User
from communes.services import conduct as services
from tests.pdf import assert_project_fonts_only

from .conduct.factories import (
    FIVE_KNOWS,
    png_upload,
)


def run(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def text_of(pdf: bytes, tmp_path) -> str:
    # -raw keeps the reading order; words are compared with single spaces.
    return " ".join(run("pdftotext", pdf, tmp_path, "-raw").split())


def info_of(pdf: bytes, tmp_path) -> dict[str, str]:
    lines = run("pdfinfo", pdf, tmp_path).splitlines()
    return {key.strip(): value.strip() for key, _sep, value in (line.partition(":") for line in lines)}


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def five_knows(code_of_conduct_factory, hung_yen):
    return code_of_conduct_factory(
        name="5 biết", owner_unit=hung_yen, description="Quy tắc ứng xử khi tiếp dân"
    )


# --- Wall board ---------------------------------------------------------------------------------


def test_the_board_prints_the_code_big_on_one_portrait_a4_page_headed_by_the_commune(
    client, officer, five_knows, long_hung, tmp_path
):
    client.force_login(officer)
    response = client.get(reverse("communes:code_board_pdf", args=[five_knows.pk]), {"commune": long_hung.pk})
    pdf = pdf_of(response)
    text = text_of(pdf, tmp_path)
    assert "ỦY BAN NHÂN DÂN XÃ LONG HƯNG" in text and "UBND" not in text
    assert "5 BIẾT" in text
    # The board prints the code, not the staff's description of it (an editorial note), and no
    # page number.
    assert "Quy tắc ứng xử khi tiếp dân" not in text and not re.search(r"\b1/1\b", text)
    for number, item in enumerate(FIVE_KNOWS, start=1):
        assert f"{number}. {item}" in text
    info = info_of(pdf, tmp_path)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595.") and "x 841." in info["Page size"]  # A4 portrait
    assert 'filename="bang-quy-tac-' in response["Content-Disposition"]
    assert_project_fonts_only(pdf)


def test_without_a_commune_the_board_is_headed_by_the_issuing_province(
    client, province_admin, code_of_conduct_factory, lang_son, tmp_path
):
    code = code_of_conduct_factory(
        name="3 thể hiện", owner_unit=lang_son, items=["Tôn trọng", "Văn minh", "Gần gũi"]
    )
    client.force_login(province_admin)
    text = text_of(pdf_of(client.get(reverse("communes:code_board_pdf", args=[code.pk]))), tmp_path)
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text
    assert "3 THỂ HIỆN" in text
    assert "1. Tôn trọng" in text and "3. Gần gũi" in text


def test_a_long_code_still_fits_on_one_page(client, superuser, code_of_conduct_factory, tmp_path):
    long_item = (
        "Luôn lắng nghe, tôn trọng ý kiến của Nhân dân, giải quyết công việc đúng quy định, đúng hẹn, "
        "không gây phiền hà, sách nhiễu; tận tình hướng dẫn người dân hoàn thiện hồ sơ thủ tục hành "
        "chính theo đúng quy định hiện hành của pháp luật"
    )
    code = code_of_conduct_factory(
        name="Quy tắc ứng xử của cán bộ công chức", items=[f"{long_item} {n}" for n in range(12)]
    )
    client.force_login(superuser)
    pdf = pdf_of(client.get(reverse("communes:code_board_pdf", args=[code.pk])))
    assert info_of(pdf, tmp_path)["Pages"] == "1"
    text = text_of(pdf, tmp_path)
    assert "12. Luôn lắng nghe" in text and "pháp luật 11" in text


def test_a_code_without_items_is_not_printed(client, superuser, code_of_conduct_factory):
    code = code_of_conduct_factory(name="Trống", items=[])
    client.force_login(superuser)
    response = client.get(reverse("communes:code_board_pdf", args=[code.pk]), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert (
        "Bộ quy tắc chưa có nội dung nào; hãy thêm nội dung trước khi in bảng." in response.content.decode()
    )


def test_the_board_answers_404_outside_scope(
    client, province_admin, other_officer, five_knows, tien_duc, lang_son
):
    client.force_login(province_admin)  # Lạng Sơn: Hưng Yên's code is not theirs to see
    assert client.get(reverse("communes:code_board_pdf", args=[five_knows.pk])).status_code == 404
    client.force_login(other_officer)  # Hồng Minh: may print the code, not under Tiến Đức's name
    url = reverse("communes:code_board_pdf", args=[five_knows.pk])
    assert client.get(url, {"commune": tien_duc.pk}).status_code == 404
    assert client.get(url).status_code == 200


def test_the_board_user_text_is_escaped(client, superuser, code_of_conduct_factory, tmp_path):
    code = code_of_conduct_factory(name="<b>x</b>", items=["<img src='http://example.com/a.png'>Biết"])
    client.force_login(superuser)
    text = text_of(pdf_of(client.get(reverse("communes:code_board_pdf", args=[code.pk]))), tmp_path)
    assert "<B>X</B>" in text
    # Printed as text (the renderer may break the line after a slash), never fetched as an image.
    assert "<imgsrc='http://example.com/a.png'>Biết" in text.replace(" ", "")


# --- Name badges ------------------------------------------------------------------------------


def test_badges_show_the_commune_the_name_in_capitals_and_the_position(
    client, officer, long_hung, staff_member_factory, tmp_path
):
    staff_member_factory(
        commune=long_hung, full_name="Nguyễn Thị Ánh Tuyết", position="Công chức Tư pháp - Hộ tịch"
    )
    staff_member_factory(commune=long_hung, full_name="Trần Văn Đức", position="Chủ tịch UBND xã", desk="")
    staff_member_factory(commune=long_hung, full_name="Đỗ Văn Nghỉ", position="Phó Chủ tịch", is_active=False)
    client.force_login(officer)
    response = client.get(reverse("communes:badges_pdf", args=[long_hung.pk]))
    pdf = pdf_of(response)
    text = text_of(pdf, tmp_path)
    assert text.count("ỦY BAN NHÂN DÂN XÃ LONG HƯNG") == 2
    assert "NGUYỄN THỊ ÁNH TUYẾT" in text and "Công chức Tư pháp - Hộ tịch" in text
    assert "TRẦN VĂN ĐỨC" in text and "Chủ tịch UBND xã" in text
    assert "Bộ phận một cửa" in text
    assert "NGHỈ" not in text  # only active staff
    info = info_of(pdf, tmp_path)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595.")
    assert 'filename="bien-ten-xa-' in response["Content-Disposition"]
    assert_project_fonts_only(pdf)


def test_more_than_eight_badges_take_several_sheets(
    client, officer, tien_duc, staff_member_factory, tmp_path
):
    for index in range(9):
        staff_member_factory(commune=tien_duc, full_name=f"Cán Bộ Số {index}", order=index)
    client.force_login(officer)
    pdf = pdf_of(client.get(reverse("communes:badges_pdf", args=[tien_duc.pk])))
    assert info_of(pdf, tmp_path)["Pages"] == "2"
    text = text_of(pdf, tmp_path)
    assert all(f"CÁN BỘ SỐ {index}" in text for index in range(9))


def test_badge_photos_are_embedded_from_our_storage(client, officer, tien_duc, tmp_path):
    for name in ("Lê Văn Cường", "Phạm Thị Dung"):
        services.staff_create(
            commune=tien_duc, by=officer, full_name=name, position="Công chức", photo=png_upload()
        )
    services.staff_create(commune=tien_duc, by=officer, full_name="Vũ Văn Không Ảnh", position="Công chức")
    client.force_login(officer)
    pdf = pdf_of(client.get(reverse("communes:badges_pdf", args=[tien_duc.pk])))
    images = run("pdfimages", pdf, tmp_path, "-list").splitlines()[2:]
    assert len(images) == 2
    assert "VŨ VĂN KHÔNG ẢNH" in text_of(pdf, tmp_path)


def test_a_badge_name_is_printed_as_text_not_markup(
    client, officer, tien_duc, staff_member_factory, tmp_path
):
    staff_member_factory(
        commune=tien_duc, full_name="<b>x</b>", position="<img src='http://example.com/a.png'>"
    )
    client.force_login(officer)
    text = text_of(pdf_of(client.get(reverse("communes:badges_pdf", args=[tien_duc.pk]))), tmp_path)
    assert "<B>X</B>" in text and "<imgsrc='http://example.com/a.png'>" in text.replace(" ", "")


def test_a_commune_without_active_staff_gets_a_message_not_a_pdf(client, officer, tien_duc):
    client.force_login(officer)
    response = client.get(reverse("communes:badges_pdf", args=[tien_duc.pk]), follow=True)
    assert "Xã chưa có cán bộ đang công tác để in biển tên." in response.content.decode()


def test_badges_of_another_commune_answer_404_and_province_staff_may_print(
    client, other_officer, province_viewer, province_admin, tien_duc, staff_member_factory
):
    staff_member_factory(commune=tien_duc, full_name="Trần Văn Đức")
    for user, status in ((other_officer, 404), (province_admin, 404), (province_viewer, 200)):
        client.force_login(user)
        assert client.get(reverse("communes:badges_pdf", args=[tien_duc.pk])).status_code == status
    assert StaffMember.objects.count() == 1


def test_a_hung_yen_admin_prints_the_board_for_a_commune_of_the_former_thai_binh(
    client, user_factory, hung_yen, five_knows, chi_hoa, tmp_path
):
    admin = user_factory(username="tinh.hy.qt", role=User.Role.PROVINCE_ADMIN, province=hung_yen)
    client.force_login(admin)
    response = client.get(reverse("communes:code_board_pdf", args=[five_knows.pk]), {"commune": chi_hoa.pk})
    # Printed today: in the name of Hồng Minh, which took Chí Hòa over on 01/07/2025.
    text = text_of(pdf_of(response), tmp_path)
    assert "ỦY BAN NHÂN DÂN XÃ HỒNG MINH" in text
    assert "CHÍ HÒA" not in text
