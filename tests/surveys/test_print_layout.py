"""The QR poster and the code slip in the official layout (Nghị định 30/2020, Phụ lục I): A4,
margins left 30 mm, right 15 mm, top and bottom 20 mm, no page number, the unit's own name."""

import pytest
from django.urls import reverse

from surveys import services
from tests.pdf import MM, pdf_text, pdf_words

pytestmark = pytest.mark.django_db


def assert_margins_and_no_page_number(pdf: bytes) -> None:
    for page in pdf_words(pdf):
        assert (round(page["width"]), round(page["height"])) == (595, 842)
        for _text, x0, y0, x1, y1 in page["words"]:
            assert x0 >= 30 * MM - 1 and x1 <= page["width"] - 15 * MM + 1
            assert y0 >= 20 * MM - 1 and y1 <= page["height"] - 20 * MM + 1
    lines = [line.strip() for line in pdf_text(pdf, "-layout").splitlines() if line.strip()]
    ends = lines[:1] + lines[-1:]
    assert not any(line.isdigit() or ("/" in line and line.replace("/", "").isdigit()) for line in ends)


def test_the_poster_names_the_commune_in_its_margins_without_a_page_number(
    client, officer, long_hung, desk_factory, sipas
):
    desk = desk_factory(commune=long_hung)
    client.force_login(officer)
    pdf = client.get(reverse("surveys:poster_pdf", args=[long_hung.pk]), {"d": desk.pk}).content
    assert_margins_and_no_page_number(pdf)
    assert "ỦY BAN NHÂN DÂN XÃ LONG HƯNG" in pdf_text(pdf)


def test_the_code_slip_keeps_the_official_margins_without_a_page_number(client, officer, long_hung):
    code = services.code_issue(commune=long_hung, by=officer)
    client.force_login(officer)
    pdf = client.get(reverse("surveys:code_slip", args=[code.pk]), {"format": "pdf"}).content
    assert_margins_and_no_page_number(pdf)
    assert code.code in pdf_text(pdf)
