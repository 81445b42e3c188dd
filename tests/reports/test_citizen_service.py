"""The citizen-facing indicators of Quyết định 766/QĐ-TTg (dossiers handled on time, received
online, satisfaction) and SIPAS on the province dashboard, the commune drill-down and the review's
PDF: read from the one-stop dossiers of the unit's area, in the user's scope."""

import datetime
import re

import pytest
from django.urls import reverse

from communes.models import AdminUnit, Enrolment
from friendly_gov.pdf import render_pdf
from reports.selectors import citizen_service, review_document
from surveys.dossiers.services import dossiers_push
from tests.pdf import pdf_text

D = datetime.date
DASHBOARD = reverse("reports:dashboard")
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


def item(code, commune, *, received, due, returned="", channel="Trực tiếp"):
    return {
        "ma_ho_so": code,
        "ma_tthc": "1.001193",
        "ten_tthc": "Đăng ký khai sinh",
        "kenh": channel,
        "ngay_tiep_nhan": received,
        "ngay_hen_tra": due,
        "ngay_tra_ket_qua": returned,
        "trang_thai": "Đã trả kết quả" if returned else "Đang giải quyết",
        "can_bo": "",
        "ma_xa": commune.code,
    }


@pytest.fixture
def lang_son_commune_2025(lang_son):
    return (
        AdminUnit.objects.filter(
            era=AdminUnit.Era.CURRENT, level=AdminUnit.Level.COMMUNE, current_province=lang_son
        )
        .order_by("code")
        .first()
    )


@pytest.fixture
def dossiers(superuser, long_hung, lang_son_commune_2025):
    """Long Hưng (Hưng Yên): one early, one on time, one online and late, one open past its due
    date: on time 2 of 4, online 1 of 4. A late dossier of Lạng Sơn, another province."""
    dossiers_push(
        items=[
            item(
                "H26-260303-0001",
                long_hung,
                received="03/03/2026 08:15",
                due="06/03/2026",
                returned="05/03/2026 10:00",
            ),
            item(
                "H26-260303-0002",
                long_hung,
                received="03/03/2026 09:00",
                due="06/03/2026",
                returned="06/03/2026 15:00",
            ),
            item(
                "H26-260302-0003",
                long_hung,
                received="02/03/2026 08:00",
                due="04/03/2026",
                returned="10/03/2026 09:00",
                channel="Trực tuyến",
            ),
            item("H26-260302-0004", long_hung, received="02/03/2026 10:00", due="05/03/2026"),
            item(
                "L20-260303-0001",
                lang_son_commune_2025,
                received="03/03/2026 08:00",
                due="05/03/2026",
                returned="20/03/2026 08:00",
            ),
        ],
        by=superuser,
    )


@pytest.fixture
def hung_yen_programme(programme_factory, hung_yen, long_hung):
    programme = programme_factory(owner_unit=hung_yen, phase_start=D(2025, 7, 1), phase_end=D(2027, 6, 30))
    Enrolment.objects.create(
        programme=programme,
        commune=long_hung,
        level=Enrolment.Level.PROVINCE_PILOT,
        selected_on=D(2025, 8, 1),
        status=Enrolment.Status.LAUNCHED,
    )
    return programme


def stat(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, f"no {testid} on the page"
    return match[1].strip()


def test_the_selector_counts_the_units_area_only(dossiers, hung_yen, lang_son, long_hung):
    figures = citizen_service(unit=hung_yen, start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert figures.indicators.received == 4
    assert figures.indicators.on_time_rate == pytest.approx(0.5)
    assert figures.indicators.online_share == pytest.approx(0.25)
    assert figures.indicators.satisfaction is None and figures.known
    assert citizen_service(unit=long_hung, start=D(2026, 1, 1), end=D(2026, 6, 30)).indicators.received == 4
    other = citizen_service(unit=lang_son, start=D(2026, 1, 1), end=D(2026, 6, 30)).indicators
    assert (other.received, other.on_time_rate) == (1, 0.0)
    # Outside the period: nothing to state.
    assert not citizen_service(unit=hung_yen, start=D(2025, 7, 1), end=D(2025, 12, 31)).known


def test_the_province_dashboard_shows_them_in_the_users_scope(
    client, province_viewer, hung_yen_programme, dossiers
):
    client.force_login(province_viewer)  # Hưng Yên
    html = client.get(DASHBOARD, {"programme": hung_yen_programme.pk, **PERIOD}).content.decode()
    assert stat(html, "dossier-on-time") == "50,0%"
    assert stat(html, "dossier-online") == "25,0%"
    assert stat(html, "citizen-satisfaction") == "–"
    assert "4 hồ sơ tiếp nhận" in html


def test_the_commune_drill_down_shows_its_own(client, officer, hung_yen_programme, dossiers, long_hung):
    client.force_login(officer)  # Long Hưng
    html = client.get(
        reverse("reports:dashboard_commune", args=[long_hung.pk]),
        {"programme": hung_yen_programme.pk, **PERIOD},
    ).content.decode()
    assert stat(html, "dossier-on-time") == "50,0%"


def test_a_period_without_dossiers_or_forms_says_so(client, province_viewer, hung_yen_programme, dossiers):
    client.force_login(province_viewer)
    html = client.get(
        DASHBOARD, {"programme": hung_yen_programme.pk, "start": "2025-07-01", "end": "2025-12-31"}
    ).content.decode()
    assert 'data-testid="citizen-service-empty"' in html and 'data-testid="dossier-on-time"' not in html


def test_the_review_pdf_states_them(review_factory, hung_yen_programme, hung_yen, dossiers):
    review = review_factory(
        programme=hung_yen_programme,
        scope_unit=hung_yen,
        kind="interim",
        period="half_year",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        issuer="UBND TỈNH HƯNG YÊN",
        place="Hưng Yên",
        report_date=D(2026, 7, 10),
    )
    text = " ".join(pdf_text(render_pdf("pdf/review.html", review_document(review=review))).split())
    assert "tiếp nhận 4 hồ sơ thủ tục hành chính" in text
    assert "tỷ lệ hồ sơ giải quyết đúng hạn 50,0%" in text
    assert "tỷ lệ hồ sơ nộp trực tuyến 25,0%" in text
