"""The review report and the award decision as official documents (Nghị định 30/2020/NĐ-CP, Phụ
lục I), read back with poppler: each element of the heading, the margins, the page numbers, the
evaluation written by staff, the draft mark, the signature kept with the last paragraph, the "Căn
cứ" lines from the table of legal references and the attached list."""

import datetime
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from communes.models import LegalReference
from friendly_gov.pdf import render_pdf
from reports.models import Award
from reports.selectors import decision_document, review_document
from tests.pdf import MM, assert_project_fonts_only, line_of, pdf_fonts, pdf_text, pdf_words

pytestmark = pytest.mark.django_db

D = datetime.date
EVALUATION = {
    "strengths": "Các xã đã bố trí phòng tiếp công dân, niêm yết công khai thủ tục hành chính.",
    "weaknesses": "Một số xã còn chậm cập nhật số liệu; nguyên nhân: thiếu công chức chuyên trách.",
    "lessons": "Người đứng đầu phải trực tiếp chỉ đạo.",
    "directions": "Tiếp tục nhân rộng mô hình đến các phường.",
    "proposals": 'Đề nghị Sở Nội vụ hướng dẫn bộ tiêu chí "xã thân thiện" mới.',
}


def flat(text: str) -> str:
    return " ".join(text.split())


def review_pdf(review) -> bytes:
    return render_pdf("pdf/review.html", review_document(review=review))


def decision_pdf(decision) -> bytes:
    return render_pdf("pdf/award_decision.html", decision_document(decision=decision))


def same_line(words) -> bool:
    return max(word[2] for word in words) - min(word[2] for word in words) < 1


def centre(words) -> float:
    return (min(word[1] for word in words) + max(word[3] for word in words)) / 2


def assert_official_layout(pdf: bytes, *, issuer: list[str], number: str, date_line: str) -> list[dict]:
    """The heading, the margins and the page numbers of Nghị định 30/2020, Phụ lục I."""
    pages = pdf_words(pdf)
    first = pages[0]["words"]
    # Quốc hiệu and tiêu ngữ each on one line, the tiêu ngữ under the quốc hiệu, both centred
    # together; the issuing body in full, each of its lines on one line, left of them.
    national = line_of(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = line_of(first, "Độc lập - Tự do - Hạnh phúc")
    assert same_line(national) and same_line(motto) and motto[0][2] > national[0][2]
    assert abs(centre(national) - centre(motto)) < 2
    issuer_words = [line_of(first, line) for line in issuer]
    assert all(same_line(words) for words in issuer_words)
    assert issuer_words[0][0][2] == pytest.approx(national[0][2], abs=1)
    assert all(max(word[3] for word in words) < national[0][1] for words in issuer_words)
    # Số on the left, the place and date in the right column centred under the tiêu ngữ.
    number_words = line_of(first, f"Số: {number}")
    dated = line_of(first, date_line)
    assert same_line(dated) and dated[0][2] > motto[0][2]
    assert abs(centre(dated) - centre(motto)) < 3
    assert number_words[0][3] < dated[0][1]
    # A4 and its margins: left 30 mm, right 15 mm, top and bottom 20 mm (portrait and landscape).
    for page_number, page in enumerate(pages, start=1):
        assert {round(page["width"]), round(page["height"])} == {595, 842}
        body = [word for word in page["words"] if word[2] >= 20 * MM - 1]
        numbers = [word for word in page["words"] if word[2] < 20 * MM - 1]
        assert all(word[1] >= 30 * MM - 1 and word[3] <= page["width"] - 15 * MM + 1 for word in body)
        assert all(word[4] <= page["height"] - 20 * MM + 1 for word in page["words"])
        # The page number: none on the first page, then a bare number at the top centre.
        if page_number == 1:
            assert numbers == []
        else:
            assert [word[0] for word in numbers] == [str(page_number)]
            content_centre = (30 * MM + page["width"] - 15 * MM) / 2
            assert abs(centre(numbers) - content_centre) < 2
    return pages


def page_of(pages: list[dict], phrase: str) -> int:
    for number, page in enumerate(pages):
        try:
            line_of(page["words"], phrase)
        except AssertionError:
            continue
        return number
    raise AssertionError(f"{phrase!r} on no page")


# --- The review report ---------------------------------------------------------------------------


@pytest.fixture
def signed_review(review_factory, ls_programme, lang_son_legacy, ls_data):
    return review_factory(programme=ls_programme, scope_unit=lang_son_legacy, **EVALUATION)


def test_the_review_is_laid_out_as_an_official_document(signed_review):
    pdf = review_pdf(signed_review)
    pages = assert_official_layout(
        pdf,
        issuer=["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"],
        number="15/BC-UBND",
        date_line="Lạng Sơn, ngày 10 tháng 01 năm 2025",
    )
    text = flat(pdf_text(pdf, "-layout"))
    assert "BÁO CÁO Báo cáo tổng kết Đề án 01" in text
    assert "UBND TỈNH" not in text and "1/" + str(len(pages)) not in text
    # The evaluation staff wrote, as chapters III to V after the figures.
    for heading in (
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Hạn chế và nguyên nhân",
        "3. Bài học kinh nghiệm",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text, heading
    assert text.index("II. KẾT QUẢ THỰC HIỆN") < text.index("III. ĐÁNH GIÁ CHUNG")
    assert "Người đứng đầu phải trực tiếp chỉ đạo." in text
    assert "bộ tiêu chí “xã thân thiện” mới" in text  # typographic quotes
    # Signed as the committee, the last paragraph and the signature on one page.
    raw = pdf_text(pdf, "-layout")
    assert re.search(r"TM\. ỦY BAN NHÂN DÂN\n.* CHỦ TỊCH\n", raw) and "Hồ Tiến Thiệu" in text
    last_paragraph = page_of(pages, "hướng dẫn bộ tiêu chí")
    assert page_of(pages, "TM. ỦY BAN NHÂN DÂN") == last_paragraph == page_of(pages, "Hồ Tiến Thiệu")
    assert "Nơi nhận:" in text and "- Lưu: VT." in text and "Như trên" not in text
    # Not a draft.
    assert "DỰ THẢO" not in text
    assert_project_fonts_only(pdf)
    names = {name.split("+")[1] for name, _embedded in pdf_fonts(pdf)}
    assert {"Friendly-Gov-Serif", "Friendly-Gov-Serif-Bold", "Friendly-Gov-Serif-Italic"} <= names


def test_a_month_from_march_has_no_leading_zero(review_factory, ls_programme, lang_son_legacy):
    review = review_factory(
        programme=ls_programme, scope_unit=lang_son_legacy, report_date=D(2017, 8, 8), place="Bàu Bàng"
    )
    assert "Bàu Bàng, ngày 08 tháng 8 năm 2017" in flat(pdf_text(review_pdf(review), "-layout"))


@pytest.mark.parametrize(
    ("missing", "blank"),
    [
        ("number", ""),
        ("signer_name", ""),
        ("weaknesses", ""),
        ("proposals", "  "),
    ],
)
def test_a_review_without_its_number_signer_or_evaluation_is_a_draft(signed_review, missing, blank):
    setattr(signed_review, missing, blank)
    signed_review.save()
    pdf = review_pdf(signed_review)
    raw = pdf_text(pdf, "-layout")
    pages = raw.split("\f")
    # Marked once as text above the heading; across every page as a drawn shape that leaves the
    # lines of text whole.
    assert flat(pages[0]).startswith("DỰ THẢO ỦY BAN NHÂN DÂN") and raw.count("DỰ THẢO") == 1
    assert re.search(r"thực hiện mô hình \(\d+,\d%\), trong đó \d+ đơn vị là mô hình điểm", flat(raw))
    if missing == "number":
        assert "Số: /BC-UBND" in flat(raw)
    if missing == "signer_name":
        assert "Hồ Tiến Thiệu" not in raw


def test_the_review_prints_no_nomination_and_no_internal_status(
    signed_review, award_decision_factory, award_factory
):
    decision = award_decision_factory(programme=signed_review.programme, review=signed_review)
    award_factory(decision=decision, name="UBND xã Được Tặng")
    award_factory(decision=decision, name="UBND xã Mới Đề Nghị", status=Award.Status.PROPOSED)
    text = flat(pdf_text(review_pdf(signed_review), "-layout"))
    assert "Ủy ban nhân dân xã Được Tặng" in text or "UBND xã Được Tặng" in text
    assert "Mới Đề Nghị" not in text
    for status in ("Đã quyết định", "Đang chờ", "pending", "decided", "proposed"):
        assert status not in text, status


# --- The award decision --------------------------------------------------------------------------


@pytest.fixture
def signed_decision(award_decision_factory, ls_programme, review, award_factory):
    decision = award_decision_factory(programme=ls_programme, review=review, number="125/QĐ-UBND")
    award_factory(decision=decision, name="UBND xã Hoàng Đồng, thành phố Lạng Sơn", order=1)
    award_factory(decision=decision, name="Phòng Nội vụ huyện Cao Lộc", order=2)
    award_factory(
        decision=decision,
        kind=Award.Kind.INDIVIDUAL,
        name="Hoàng Thị Thủy",
        honorific="Bà",
        position="Chủ tịch UBND xã Hoàng Đồng",
    )
    return decision


def test_the_award_decision_is_an_official_document_with_its_attached_list(signed_decision):
    pdf = decision_pdf(signed_decision)
    pages = assert_official_layout(
        pdf,
        issuer=["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"],
        number="125/QĐ-UBND",
        date_line="Lạng Sơn, ngày 14 tháng 01 năm 2025",
    )
    text = flat(pdf_text(pdf, "-layout"))
    assert "QUYẾT ĐỊNH Về việc tặng Bằng khen CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text
    # Căn cứ: the law, the decree in force on 14/01/2025, the review, the council's proposal.
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ" in text
    assert "152/2025" not in text and "91/2017" not in text
    assert "Căn cứ Báo cáo số 15/BC-UBND ngày 10 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Lạng Sơn" in text
    assert "Theo đề nghị của Hội đồng Thi đua - Khen thưởng tỉnh." in text
    assert text.index("Căn cứ Luật") < text.index("QUYẾT ĐỊNH:") < text.index("Điều 1.")
    assert (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn cho 2 tập thể và 1 cá nhân "
        "(có danh sách kèm theo) đã có thành tích xuất sắc trong thực hiện Đề án “Chính quyền thân thiện”"
    ) in text
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in text and "Điều 3." not in text
    assert "- Như Điều 2;" in text and "- Lưu: VT." in text
    assert re.search(r"Nơi nhận: +CHỦ TỊCH\n", pdf_text(pdf, "-layout")) and "TM." not in text
    assert "Hồ Tiến Thiệu" in text and "DỰ THẢO" not in text
    # The last article and the signature on one page; the list on its own page(s) after it.
    assert page_of(pages, "Quyết định này có hiệu lực") == page_of(pages, "Hồ Tiến Thiệu") == 0
    listed = page_of(pages, "DANH SÁCH")
    assert listed == 1
    listing = flat(pdf_text(pdf, "-layout").split("\f")[listed])
    assert "Tập thể, cá nhân được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn" in listing
    assert (
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 14/01/2025 của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn)"
        in listing
    )
    assert "I. TẬP THỂ STT Tên tập thể 1 Ủy ban nhân dân xã Hoàng Đồng, thành phố Lạng Sơn" in listing
    assert "2 Phòng Nội vụ huyện Cao Lộc" in listing
    assert (
        "II. CÁ NHÂN" in listing and "1 Bà Hoàng Thị Thủy Chủ tịch Ủy ban nhân dân xã Hoàng Đồng" in listing
    )
    assert_project_fonts_only(pdf)


def test_the_decision_cites_the_decree_in_force_on_its_date(signed_decision):
    signed_decision.decided_on = D(2025, 8, 4)
    signed_decision.reward = "Mỗi tập thể được thưởng 1.000.000 đồng."
    signed_decision.save()
    text = flat(pdf_text(decision_pdf(signed_decision), "-layout"))
    # Nghị định 98/2023 was replaced from 01/07/2025 by Nghị định 152/2025.
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in text
    assert "98/2023" not in text
    assert "Điều 2. Mỗi tập thể được thưởng 1.000.000 đồng." in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text and "- Như Điều 3;" in text


def test_a_change_of_law_is_one_new_row(signed_decision, lang_son):
    LegalReference.objects.filter(number="98/2023/NĐ-CP").update(in_force_until=D(2025, 1, 1))
    LegalReference.objects.create(
        topic=LegalReference.Topic.PROVINCE_EMULATION,
        kind="Quyết định",
        number="05/2024/QĐ-UBND",
        issued_on=D(2024, 3, 1),
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        title="Ban hành Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Lạng Sơn",
        in_force_from=D(2024, 3, 15),
        province=lang_son,
    )
    text = flat(pdf_text(decision_pdf(signed_decision), "-layout"))
    assert "98/2023" not in text
    assert (
        "Căn cứ Quyết định số 05/2024/QĐ-UBND ngày 01 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh Lạng Sơn "
        "ban hành Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Lạng Sơn;"
    ) in text


def test_a_decision_with_only_nominations_is_a_draft(award_decision_factory, ls_programme, award_factory):
    decision = award_decision_factory(programme=ls_programme)
    award_factory(decision=decision, name="UBND xã Hoàng Đồng", status=Award.Status.PROPOSED)
    text = pdf_text(decision_pdf(decision), "-layout")
    assert text.count("DỰ THẢO") == 1 and flat(text).startswith("DỰ THẢO")


def test_the_decision_pdf_page_and_api_answer_in_scope_only(
    client, signed_decision, province_admin, hung_yen_admin, ls_officer_of_another_commune
):
    path = reverse("reports:decision_pdf", args=[signed_decision.pk])
    api_path = f"/api/v1/award-decisions/{signed_decision.pk}/pdf/"
    api = APIClient()
    client.force_login(province_admin)
    api.force_authenticate(province_admin)
    for response in (client.get(path), api.get(api_path)):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Số: 125/QĐ-UBND" in pdf_text(body, "-layout")
    for outsider in (hung_yen_admin, ls_officer_of_another_commune):
        client.force_login(outsider)
        api.force_authenticate(outsider)
        assert client.get(path).status_code == 404
        assert api.get(api_path).status_code == 404


@pytest.fixture
def ls_officer_of_another_commune(user_factory, hong_minh):
    from communes.models import User

    return user_factory(username="xa.khac", role=User.Role.COMMUNE_OFFICER, commune=hong_minh)


# --- Certificates --------------------------------------------------------------------------------


def test_a_certificate_names_the_body_in_full_the_person_with_ong_or_ba_and_the_signer_on_lines(
    client, province_admin, signed_decision
):
    signed_decision.signer_title = "KT. CHỦ TỊCH PHÓ CHỦ TỊCH THƯỜNG TRỰC"
    signed_decision.signer_name = "Dương Xuân Huyên"
    signed_decision.save()
    client.force_login(province_admin)
    response = client.get(reverse("reports:certificates", args=[signed_decision.pk]))
    assert response.status_code == 200
    pages = pdf_text(response.content, "-layout").split("\f")
    collective, _office, person = (flat(page) for page in pages[:3])
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN TẶNG BẰNG KHEN" in collective
    assert "Ủy ban nhân dân xã Hoàng Đồng, thành phố Lạng Sơn" in collective and "UBND xã" not in collective
    assert "Bà Hoàng Thị Thủy" in person and "Chủ tịch Ủy ban nhân dân xã Hoàng Đồng" in person
    assert "“Chính quyền thân thiện”" in person and '"' not in person
    lines = [line.strip() for line in pages[2].splitlines()]
    title = next(n for n, line in enumerate(lines) if line.endswith("KT. CHỦ TỊCH"))
    assert lines[title + 1].endswith("PHÓ CHỦ TỊCH THƯỜNG TRỰC")
