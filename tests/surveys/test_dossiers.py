"""Dossiers on the pages and in the API (scope, bounded queries), the on-time indicators of
Quyết định 766/QĐ-TTg, the apology slip of a late dossier, and the survey by a receipt's QR code."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from surveys.dossiers import selectors
from surveys.dossiers.services import dossiers_push
from surveys.models import Dossier, DossierDelay, SurveyResponse
from tests.pdf import assert_project_fonts_only, pdf_text

from .conftest import answers_for, post_data
from .dossier_feeds import csv_of, dossier

D = datetime.date


def item(
    code, received, due, *, returned="", status="", channel="truc_tiep", commune="12613", officer="xa.td"
):
    return {
        "ma_ho_so": code,
        "ma_tthc": "1.001193",
        "ten_tthc": "Đăng ký khai sinh",
        "linh_vuc": "Hộ tịch",
        "kenh": channel,
        "ngay_tiep_nhan": received,
        "ngay_hen_tra": due,
        "ngay_tra_ket_qua": returned,
        "trang_thai": status,
        "can_bo": officer,
        "ma_xa": commune,
    }


@pytest.fixture
def march(officer, long_hung, hong_minh, superuser):
    """Long Hưng's dossiers of March-April 2026 (each outcome once), and one of Hồng Minh."""
    dossiers_push(
        items=[
            item("LH-EARLY", "02/03/2026 08:00", "05/03/2026", returned="04/03/2026 10:00"),
            item("LH-ONTIME", "02/03/2026 08:00", "05/03/2026", returned="05/03/2026 16:00"),
            item("LH-LATE", "02/03/2026 08:00", "05/03/2026", returned="10/03/2026 09:00"),
            item("LH-LATE-APRIL", "25/03/2026 08:00", "30/03/2026", returned="02/04/2026 09:00"),
            item("LH-OPEN", "02/03/2026 08:00", "06/03/2026"),
            item("LH-WITHDRAWN", "10/03/2026 08:00", "13/03/2026", status="rut_ho_so", channel="truc_tuyen"),
        ],
        by=officer,
    )
    dossiers_push(
        items=[
            item(
                "HM-LATE",
                "03/03/2026 08:00",
                "06/03/2026",
                returned="09/03/2026 08:00",
                commune=hong_minh.code,
                officer="",
            )
        ],
        by=superuser,
    )


def figures(values) -> tuple:
    return (
        values.received,
        values.received_online,
        values.early,
        values.on_time,
        values.late,
        values.open_overdue,
    )


# --- Indicators ---------------------------------------------------------------------------------


def test_the_on_time_rate_counts_open_overdue_dossiers_against_it(march, officer):
    indicators = selectors.dossier_indicators(
        user=officer, start=D(2026, 3, 1), end=D(2026, 3, 31), today=D(2026, 12, 1)
    )
    # Received 6 (1 online); early 1, on time 1, late 1 (the April return is April's); 1 open overdue.
    assert figures(indicators.totals) == (6, 1, 1, 1, 1, 1)
    assert indicators.totals.on_time_rate == 0.5
    assert indicators.totals.online_share == pytest.approx(1 / 6)
    # Hồng Minh is out of the officer's scope.
    assert [unit.name for unit, _values in indicators.by_commune] == ["Xã Long Hưng"]


def test_a_period_cutting_months_reads_the_same_figures_as_the_dossiers(march, officer):
    indicators = selectors.dossier_indicators(
        user=officer, start=D(2026, 3, 4), end=D(2026, 4, 15), today=D(2026, 12, 1)
    )
    # Received from 04/03: the withdrawn one (10/03) and the April late one (25/03).
    assert figures(indicators.totals) == (2, 1, 1, 1, 2, 1)
    assert indicators.totals.on_time_rate == 2 / 5
    assert [(month, figures(values)) for month, values in indicators.by_month] == [
        (D(2026, 3, 1), (2, 1, 1, 1, 1, 1)),
        (D(2026, 4, 1), (0, 0, 0, 0, 1, 0)),
    ]


def test_an_open_dossier_is_overdue_only_once_its_due_date_has_passed(march, officer):
    on_due_day = selectors.dossier_indicators(
        user=officer, start=D(2026, 3, 1), end=D(2026, 3, 31), today=D(2026, 3, 6)
    )
    assert on_due_day.totals.open_overdue == 0
    next_day = selectors.dossier_indicators(
        user=officer, start=D(2026, 3, 1), end=D(2026, 3, 31), today=D(2026, 3, 7)
    )
    assert next_day.totals.open_overdue == 1


def test_the_indicators_api_per_unit_and_period(
    march, officer, province_viewer, long_hung, hong_minh, hung_yen
):
    api = APIClient()
    api.force_authenticate(province_viewer)
    url = "/api/v1/dossier-indicators/"
    body = api.get(url, {"unit": hung_yen.pk, "from": "2026-03-01", "to": "2026-03-31"}).json()
    assert body["totals"] == {
        "received": 7,
        "received_online": 1,
        "online_share": 1 / 7,
        "early": 1,
        "on_time": 1,
        "late": 2,
        "open_overdue": 1,
        "on_time_rate": 2 / 5,
    }
    assert {row["name"]: row["late"] for row in body["by_commune"]} == {"Xã Long Hưng": 1, "Xã Hồng Minh": 1}
    assert [row["name"] for row in body["by_procedure"]] == ["Đăng ký khai sinh"]
    assert [row["month"] for row in body["by_month"]] == ["2026-03"]
    one = api.get(url, {"unit": hong_minh.pk, "from": "2026-03-01", "to": "2026-03-31"}).json()
    assert one["totals"]["late"] == 1 and one["totals"]["received"] == 1
    # Scope: the officer of Long Hưng gets 404 for another commune, only their own figures else.
    api.force_authenticate(officer)
    assert api.get(url, {"unit": hong_minh.pk}).status_code == 404
    assert api.get(url, {"from": "2026-03-01", "to": "2026-03-31"}).json()["totals"]["received"] == 6
    assert api.get(url, {"from": "2026-03-31", "to": "2026-03-01"}).status_code == 400


def test_the_indicators_page_shows_the_rate(client, march, officer):
    client.force_login(officer)
    page = client.get(reverse("surveys:dossier_indicators"), {"start": "2026-03-01", "end": "2026-03-31"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "50%" in html.split('data-testid="on-time-rate"')[1][:40].replace(",0", "")


# --- Pages and API ------------------------------------------------------------------------------


def test_the_list_and_a_dossier_are_in_scope(client, march, officer, other_officer):
    client.force_login(officer)
    html = client.get(reverse("surveys:dossier_list")).content.decode()
    assert "LH-LATE" in html and "HM-LATE" not in html
    other = Dossier.objects.get(code="HM-LATE")
    assert client.get(reverse("surveys:dossier_detail", args=[other.pk])).status_code == 404
    own = Dossier.objects.get(code="LH-OPEN")
    assert client.get(reverse("surveys:dossier_detail", args=[own.pk])).status_code == 200
    export = b"".join(
        client.get(reverse("surveys:dossier_list"), {"export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "LH-EARLY" in export and "HM-LATE" not in export


def test_the_list_finds_a_whole_code_or_its_beginning_in_scope(client, march, officer, superuser):
    client.force_login(officer)

    def listed(code: str) -> list[str]:
        page = client.get(reverse("surveys:dossier_list"), {"code": code})
        return [dossier.code for dossier in page.context["page_obj"]]

    api = APIClient()
    api.force_authenticate(officer)
    assert listed("LH-LATE") == ["LH-LATE-APRIL", "LH-LATE"]
    assert listed("lh-late-april") == ["LH-LATE-APRIL"]  # typed in small letters
    assert listed("  LH-ONTIME ") == ["LH-ONTIME"]
    assert listed("HM-") == []  # another commune's dossier stays out of scope
    assert listed("LATE") == []  # the beginning of a code, not any part of it
    assert [row["code"] for row in api.get("/api/v1/dossiers/", {"code": "lh-e"}).json()["results"]] == [
        "LH-EARLY"
    ]
    client.force_login(superuser)
    assert listed("HM-") == ["HM-LATE"]
    # Markup in the search is shown as text, never run.
    page = client.get(reverse("surveys:dossier_list"), {"code": "<b>LH"})
    assert b"<b>LH" not in page.content and b"&lt;b&gt;LH" in page.content


@pytest.mark.parametrize("who", ["officer", "province_viewer", "superuser"])
def test_the_lists_page_by_the_counts_as_counting_the_rows_would(client, march, long_hung, who, request):
    """A list of millions of dossiers pages without counting them: its total comes from the
    counts (the open ones from their own index), the same as counting the rows."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    every = selectors.dossier_list(user=user)
    for status in ["", "processing", "returned", "withdrawn"]:
        for outcome in ["", "early", "on_time", "late"]:
            chosen = {name: value for name, value in [("status", status), ("outcome", outcome)] if value}
            expected = every.filter(**chosen).count()
            page = client.get(reverse("surveys:dossier_list"), chosen)
            assert page.context["page_obj"].paginator.count == expected, chosen
            assert api.get("/api/v1/dossiers/", chosen).json()["count"] == expected, chosen
            mine = {**chosen, "commune": long_hung.pk}
            assert api.get("/api/v1/dossiers/", mine).json()["count"] == every.filter(**mine).count(), mine
    if who == "superuser":
        assert every.count() == 7
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("surveys:dossier_list"), {"outcome": "late"})
        api.get("/api/v1/dossiers/")
    assert not [query for query in context if 'COUNT(*) AS "__count" FROM "surveys_dossier"' in query["sql"]]


def test_the_api_refuses_a_commune_that_is_no_id(march, officer):
    api = APIClient()
    api.force_authenticate(officer)
    for wrong in ["abc", "9" * 30, "-1"]:
        response = api.get("/api/v1/dossiers/", {"commune": wrong})
        assert response.status_code == 400 and "commune" in response.json()


def test_a_code_is_looked_up_in_the_unique_codes_index(march):
    """Ten million dossiers are searched by code through the index, not read one by one."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = selectors.with_code_starting(Dossier.objects.all(), "lh-late").explain()
    assert "dossier_code_unique" in plan, plan


@pytest.mark.parametrize("path", ["page", "api"])
def test_the_list_runs_a_fixed_number_of_queries(client, officer, path):
    url = reverse("surveys:dossier_list") if path == "page" else "/api/v1/dossiers/"
    client.force_login(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    dossiers_push(items=[item(f"A-{n}", "02/03/2026", "05/03/2026") for n in range(3)], by=officer)
    few = queries()
    dossiers_push(items=[item(f"B-{n}", "02/03/2026", "05/03/2026") for n in range(40)], by=officer)
    assert queries() == few <= 12


def test_the_api_reads_in_scope_and_upserts_a_pushed_list(march, officer, other_officer, province_viewer):
    api = APIClient()
    api.force_authenticate(officer)
    codes = {row["code"] for row in api.get("/api/v1/dossiers/").json()["results"]}
    assert "LH-OPEN" in codes and "HM-LATE" not in codes
    other = Dossier.objects.get(code="HM-LATE")
    assert api.get(f"/api/v1/dossiers/{other.pk}/").status_code == 404
    pushed = api.post(
        "/api/v1/dossiers/",
        [
            item("LH-OPEN", "02/03/2026 08:00", "06/03/2026", returned="20260312090000"),
            item("LH-NEW", "12/03/2026", "17/03/2026"),
        ],
        format="json",
    )
    assert pushed.status_code == 201 and pushed.json() == {"created": 1, "updated": 1, "procedures_added": 0}
    assert Dossier.objects.get(code="LH-OPEN").outcome == "late"
    bad = api.post("/api/v1/dossiers/", [item("LH-BAD", "12/03/2026", "31/02/2026")], format="json")
    assert bad.status_code == 400 and "Dòng 1, cột “ngay_hen_tra”" in bad.json()["errors"][0]
    assert not Dossier.objects.filter(code="LH-BAD").exists()
    # Another commune's officer cannot write Long Hưng's dossiers; a viewer writes nothing.
    api.force_authenticate(other_officer)
    assert (
        api.post("/api/v1/dossiers/", [item("LH-X", "12/03/2026", "17/03/2026")], format="json").status_code
        == 400
    )
    api.force_authenticate(province_viewer)
    assert (
        api.post("/api/v1/dossiers/", [item("LH-X", "12/03/2026", "17/03/2026")], format="json").status_code
        == 403
    )
    assert not Dossier.objects.filter(code="LH-X").exists()


def test_the_api_imports_a_file_all_or_nothing(officer):
    api = APIClient()
    api.force_authenticate(officer)
    upload = csv_of(
        dossier("F-1", received="03/03/2026", due="06/03/2026"),
        dossier("F-2", received="03/03/2026", due="xx"),
    )
    refused = api.post("/api/v1/dossiers/import/", {"file": upload}, format="multipart")
    assert refused.status_code == 400 and not Dossier.objects.exists()
    upload = csv_of(dossier("F-1", received="03/03/2026", due="06/03/2026"))
    assert api.post("/api/v1/dossiers/import/", {"file": upload}, format="multipart").status_code == 201
    upload = csv_of(dossier("F-1", received="03/03/2026", due="06/03/2026", returned="05/03/2026"))
    again = api.post("/api/v1/dossiers/import/", {"file": upload}, format="multipart")
    assert again.json()["updated"] == 1 and Dossier.objects.count() == 1


def test_the_import_page(client, officer, province_viewer):
    client.force_login(officer)
    url = reverse("surveys:dossier_import")
    assert client.get(url).status_code == 200
    upload = csv_of(dossier("P-1", received="03/03/2026", due="06/03/2026"))
    assert client.post(url, {"file": upload}).status_code == 302
    bad = client.post(url, {"file": csv_of(dossier("P-2", received="03/03/2026", due="", commune="99999"))})
    assert bad.status_code == 400 and "Dòng 2" in bad.content.decode()
    assert list(Dossier.objects.values_list("code", flat=True)) == ["P-1"]
    client.force_login(province_viewer)
    assert client.get(url).status_code == 403


# --- The apology slip of a late dossier -----------------------------------------------------------


SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")


def test_a_late_dossier_is_on_the_to_do_until_its_slip_is_made(client, march, officer, other_officer):
    client.force_login(officer)
    todo = client.get(reverse("home")).content.decode()
    assert 'data-testid="dossier-todo"' in todo and "LH-OPEN" in todo
    late = Dossier.objects.get(code="LH-OPEN")
    new_date = timezone.localdate() + datetime.timedelta(days=5)
    made = client.post(
        reverse("surveys:dossier_detail", args=[late.pk]),
        {
            "new_due_on": new_date.isoformat(),
            "reason": "Chờ xác minh của xã khác.",
            "signer_name": "  Nguyễn   Văn An ",
            "signer_title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        },
    )
    assert made.status_code == 302
    slip = DossierDelay.objects.get()
    assert (slip.number, slip.previous_due_on, slip.new_due_on) == ("01/PXL-HS", D(2026, 3, 6), new_date)
    assert (slip.signer_name, slip.signer_title) == ("Nguyễn Văn An", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    assert "LH-OPEN" not in client.get(reverse("home")).content.decode()
    detail = client.get(reverse("surveys:dossier_detail", args=[late.pk])).content.decode()
    assert new_date.strftime("%d/%m/%Y") in detail
    pdf = client.get(reverse("surveys:dossier_slip_pdf", args=[slip.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_project_fonts_only(pdf.content)
    # The one-stop decree's form in the layout of Nghị định 30/2020, as the feedback slip: the
    # dossier, its procedure and day of receipt, the date missed, why, the new date, and the
    # committee's signature with the signer's name (dialogues' slip shares the template).
    text = " ".join(pdf_text(pdf.content).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 01/PXL-HS" in text
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "UBND" not in text
    assert f"tiếp nhận hồ sơ số LH-OPEN của Ông/Bà về thủ tục {late.service.name}" in text
    assert "Ngày hẹn trả kết quả: 06/03/2026." in text and "vì lý do: Chờ xác minh của xã khác." in text
    assert f"trả kết quả cho Ông/Bà vào ngày {new_date:%d/%m/%Y}" in text
    layout = [line.strip() for line in pdf_text(pdf.content, "-layout").splitlines()]
    titles = [next(n for n, line in enumerate(layout) if line.endswith(title)) for title in SIGNATURE]
    assert titles == sorted(titles) and len(set(titles)) == len(SIGNATURE)
    client.force_login(other_officer)
    assert client.get(reverse("surveys:dossier_slip_pdf", args=[slip.pk])).status_code == 404


def test_a_slip_is_refused_for_a_dossier_not_late(client, march, officer):
    client.force_login(officer)
    returned = Dossier.objects.get(code="LH-EARLY")
    refused = client.post(
        reverse("surveys:dossier_detail", args=[returned.pk]),
        {"new_due_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(), "reason": "x"},
    )
    assert refused.status_code == 400 and not DossierDelay.objects.exists()


def test_a_slip_is_made_before_the_due_date_when_the_delay_is_known(client, long_hung, officer):
    """The one-stop decree has the slip sent before the promised date: a dossier still within its
    time gets one, then a second only with a later date; it stays counted late if returned late."""
    today = timezone.localdate()
    due = today + datetime.timedelta(days=3)
    dossiers_push(
        items=[item("LH-SOON", f"{today - datetime.timedelta(days=2):%d/%m/%Y} 08:00", f"{due:%d/%m/%Y}")],
        by=officer,
    )
    soon = Dossier.objects.get(code="LH-SOON")
    client.force_login(officer)
    page = client.get(reverse("surveys:dossier_detail", args=[soon.pk])).content.decode()
    assert 'data-testid="slip-form"' in page
    later = due + datetime.timedelta(days=7)
    made = client.post(
        reverse("surveys:dossier_detail", args=[soon.pk]),
        {"new_due_on": later.isoformat(), "reason": "Chờ ý kiến của tỉnh."},
    )
    assert made.status_code == 302
    slip = DossierDelay.objects.get()
    assert (slip.previous_due_on, slip.new_due_on, slip.signer_title) == (due, later, "CHỦ TỊCH")
    assert slip.at.date() <= due
    # A second slip must promise a date after the one promised by the first.
    again = client.post(
        reverse("surveys:dossier_detail", args=[soon.pk]),
        {"new_due_on": (later - datetime.timedelta(days=1)).isoformat(), "reason": "x"},
    )
    assert again.status_code == 400 and "Ngày hẹn mới phải sau ngày đã hẹn." in again.content.decode()
    assert DossierDelay.objects.count() == 1
    soon.refresh_from_db()
    assert soon.due_on == due


# --- The survey by a receipt's QR code -------------------------------------------------------------


def test_the_receipts_qr_opens_the_form_of_its_dossier_once(client, march, sipas, officer, long_hung):
    url = reverse("surveys:dossier_form", args=["LH-LATE"])
    page = client.get(url).content.decode()
    assert 'data-testid="dossier-code"' in page and "LH-LATE" in page and "Đăng ký khai sinh" in page
    answered = client.post(url, post_data(sipas, answers_for(sipas, score=2)))
    assert answered.status_code == 302
    response = SurveyResponse.objects.get()
    dossier = Dossier.objects.get(code="LH-LATE")
    assert (response.dossier, response.commune, response.service, response.officer) == (
        dossier,
        long_hung,
        dossier.service,
        officer,
    )
    # Once per dossier.
    assert client.get(url).status_code == 409
    assert client.post(url, post_data(sipas, answers_for(sipas))).status_code == 409
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("surveys:dossier_form", args=["KHONG-CO"])).status_code == 404
    # Satisfaction compares by on-time against late handling.
    by_outcome = selectors.satisfaction_by_timeliness(
        user=officer, start=timezone.localdate(), end=timezone.localdate()
    )["by_outcome"]
    assert [(row.label, row.forms, row.satisfied) for row in by_outcome] == [("Quá hạn", 1, 0)]


def test_a_dossier_of_a_merged_commune_is_rated_for_its_successor(
    client, sipas, officer, tien_duc, long_hung
):
    dossiers_push(items=[item("TD-2025", "30/06/2025 08:00", "03/07/2025", commune="12646")], by=officer)
    assert Dossier.objects.get().commune == tien_duc
    url = reverse("surveys:dossier_form", args=["TD-2025"])
    assert client.post(url, post_data(sipas, answers_for(sipas))).status_code == 302
    assert SurveyResponse.objects.get().commune == long_hung
