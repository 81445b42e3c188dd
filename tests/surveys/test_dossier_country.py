"""The whole country's on-time indicators: read from the province roll-up (month rows for whole
months, day rows for the days of a month a period cuts) and the open overdue dossiers grouped by
province, they give exactly what the communes' counts and the dossiers give, per province instead
of per commune; on the API and on the indicators page, with a fixed number of queries."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from communes.models import AdminUnit
from surveys.dossiers import selectors
from surveys.dossiers.models import Dossier, DossierMonthlyCount
from surveys.dossiers.services import dossiers_push
from surveys.models import MonthlyCount

from ..factories import AdminUnitFactory

D = datetime.date
TODAY = D(2026, 12, 1)
BIRTH = ("1.001193", "Đăng ký khai sinh", "Hộ tịch")
COPY = ("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực")


def item(code, commune, received, due, *, returned="", channel="truc_tiep", procedure=BIRTH) -> dict:
    return {
        "ma_ho_so": code,
        "ma_tthc": procedure[0],
        "ten_tthc": procedure[1],
        "linh_vuc": procedure[2],
        "kenh": channel,
        "ngay_tiep_nhan": received,
        "ngay_hen_tra": due,
        "ngay_tra_ket_qua": returned,
        "trang_thai": "",
        "can_bo": "",
        "ma_xa": commune.code,
    }


def figures(values) -> tuple:
    return (
        values.received,
        values.received_online,
        values.early,
        values.on_time,
        values.late,
        values.open_overdue,
    )


@pytest.fixture
def thu_nghiem(db) -> AdminUnit:
    """A province of today of two communes (a name to escape)."""
    return AdminUnitFactory(
        level=AdminUnit.Level.PROVINCE, unit_type=AdminUnit.Type.PROVINCE, name="Tỉnh <Thử> & Nghiệm"
    )


def commune_of(province: AdminUnit, name: str) -> AdminUnit:
    return AdminUnitFactory(name=name, parent=province, current_province=province)


@pytest.fixture
def country(superuser, long_hung, hong_minh, hung_yen, thu_nghiem):
    """Dossiers of March to May 2026 in Hưng Yên (Long Hưng, Hồng Minh), in Tỉnh Thử Nghiệm (two
    communes) and in a commune placed in no province of today (it counts under itself)."""
    b1, b2 = commune_of(thu_nghiem, "Xã Bắc Một"), commune_of(thu_nghiem, "Xã Bắc Hai")
    lone = AdminUnitFactory(name="Xã Đơn Lẻ")
    assert long_hung.current_province == hung_yen and hong_minh.current_province == hung_yen
    dossiers_push(
        items=[
            item("LH-1", long_hung, "02/03/2026 08:00", "05/03/2026", returned="04/03/2026 10:00"),
            item(
                "LH-2",
                long_hung,
                "12/03/2026 08:00",
                "16/03/2026",
                returned="16/03/2026 16:00",
                channel="truc_tuyen",
                procedure=COPY,
            ),
            item("HM-1", hong_minh, "15/03/2026 08:00", "18/03/2026", returned="25/03/2026 09:00"),
            item("HM-OPEN", hong_minh, "05/03/2026 08:00", "11/03/2026", procedure=COPY),
            item("LH-APR", long_hung, "28/03/2026 08:00", "02/04/2026", returned="14/04/2026 09:00"),
            # Received at half past midnight local time (still February in UTC).
            item(
                "B1-1",
                b1,
                "01/03/2026 00:30",
                "04/03/2026",
                returned="03/03/2026 10:00",
                channel="truc_tuyen",
            ),
            # Returned late in the evening of the 20th (the 20th, local time).
            item("B2-1", b2, "10/03/2026 08:00", "20/03/2026", returned="20/03/2026 23:30", procedure=COPY),
            item("B2-OPEN", b2, "18/03/2026 08:00", "15/04/2026"),
            item("B1-MAY", b1, "30/04/2026 08:00", "05/05/2026", returned="05/05/2026 09:00", procedure=COPY),
            item("LONE-1", lone, "20/03/2026 08:00", "24/03/2026", returned="21/03/2026 08:00"),
        ],
        by=superuser,
    )
    return {"hung_yen": hung_yen, "thu_nghiem": thu_nghiem, "lone": lone, "b1": b1, "b2": b2}


def ids() -> dict[str, int]:
    from surveys.models import Service

    return dict(Service.objects.values_list("code", "pk"))


def by_service(indicators) -> dict:
    codes = {pk: code for code, pk in ids().items()}
    return {codes[pk]: figures(values) for pk, _name, values in indicators.by_service}


def by_month(indicators) -> dict:
    return {month: figures(values) for month, values in indicators.by_month}


def by_province(indicators) -> dict:
    return {unit.pk: figures(values) for unit, values in indicators.by_province}


def plus(*values: selectors.Timeliness) -> selectors.Timeliness:
    total = selectors.Timeliness()
    for value in values:
        total.add(dataclasses.asdict(value))
    return total


def assert_same_as_the_communes_and_the_provinces(indicators, *, provinces, start, end):
    """The country's figures are those of the commune-level path over every commune, and the
    sum of each province's own figures."""
    communes = selectors._breakdown(
        counts=DossierMonthlyCount.objects.all(),
        dossiers=Dossier.objects.all(),
        start=start,
        end=end,
        today=TODAY,
        by_service=True,
        # Procedures from the dossiers themselves, not from any province count.
        province_id=None,
    )
    assert indicators.totals == communes["total"][None]
    assert {pk: values for pk, _name, values in indicators.by_service} == dict(communes["service"])
    assert dict(indicators.by_month) == dict(communes["month"])
    own = {
        province.pk: selectors.dossier_indicators(user=None, unit=province, start=start, end=end, today=TODAY)
        for province in provinces
    }
    assert indicators.totals == plus(*(each.totals for each in own.values()))
    assert {unit.pk: values for unit, values in indicators.by_province} == {
        pk: each.totals for pk, each in own.items() if each.totals != selectors.Timeliness()
    }
    services: dict = {}
    months: dict = {}
    for each in own.values():
        for pk, _name, values in each.by_service:
            services[pk] = plus(services.get(pk, selectors.Timeliness()), values)
        for month, values in each.by_month:
            months[month] = plus(months.get(month, selectors.Timeliness()), values)
    assert {pk: values for pk, _name, values in indicators.by_service} == services
    assert dict(indicators.by_month) == months


def provinces_of(country) -> list[AdminUnit]:
    return [country["hung_yen"], country["thu_nghiem"], country["lone"]]


# --- The figures --------------------------------------------------------------------------------


def test_whole_months_are_read_per_province(country, superuser):
    start, end = D(2026, 3, 1), D(2026, 4, 30)
    indicators = selectors.dossier_indicators(user=superuser, start=start, end=end, today=TODAY)
    assert figures(indicators.totals) == (10, 2, 3, 2, 2, 2)
    assert by_month(indicators) == {D(2026, 3, 1): (9, 2, 3, 2, 1, 1), D(2026, 4, 1): (1, 0, 0, 0, 1, 1)}
    assert by_service(indicators) == {"1.001193": (6, 1, 3, 0, 2, 1), "2.000815": (4, 1, 0, 2, 0, 1)}
    assert by_province(indicators) == {
        country["hung_yen"].pk: (5, 1, 1, 1, 2, 1),
        country["thu_nghiem"].pk: (4, 1, 1, 1, 0, 1),
        country["lone"].pk: (1, 0, 1, 0, 0, 0),
    }
    # Sorted by name; no table of every commune of the country.
    assert [unit.name for unit, _values in indicators.by_province] == sorted(
        unit.name for unit, _values in indicators.by_province
    )
    assert indicators.by_commune == []
    assert_same_as_the_communes_and_the_provinces(
        indicators, provinces=provinces_of(country), start=start, end=end
    )
    # No user (a report built by a worker) and no unit: the country too.
    assert selectors.dossier_indicators(user=None, start=start, end=end, today=TODAY) == indicators


def test_a_period_cutting_months_reads_the_day_rows(country, superuser):
    start, end = D(2026, 3, 10), D(2026, 3, 20)
    indicators = selectors.dossier_indicators(user=superuser, start=start, end=end, today=TODAY)
    assert figures(indicators.totals) == (5, 1, 0, 2, 0, 1)
    assert by_month(indicators) == {D(2026, 3, 1): (5, 1, 0, 2, 0, 1)}
    assert by_service(indicators) == {"1.001193": (3, 0, 0, 0, 0, 0), "2.000815": (2, 1, 0, 2, 0, 1)}
    assert by_province(indicators) == {
        country["hung_yen"].pk: (2, 1, 0, 1, 0, 1),
        country["thu_nghiem"].pk: (2, 0, 0, 1, 0, 0),
        country["lone"].pk: (1, 0, 0, 0, 0, 0),
    }
    assert_same_as_the_communes_and_the_provinces(
        indicators, provinces=provinces_of(country), start=start, end=end
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 3, 10), D(2026, 5, 20)),  # a cut March, the whole of April, a cut May
        (D(2026, 3, 2), D(2026, 4, 14)),  # two cut parts
        (D(2026, 2, 15), D(2026, 6, 30)),
        (D(2026, 3, 11), D(2026, 3, 11)),  # one day
    ],
)
def test_any_period_gives_what_the_communes_give(country, superuser, start, end):
    indicators = selectors.dossier_indicators(user=superuser, start=start, end=end, today=TODAY)
    assert_same_as_the_communes_and_the_provinces(
        indicators, provinces=provinces_of(country), start=start, end=end
    )


def test_open_dossiers_are_overdue_from_the_day_after_their_due_date(country, superuser):
    on_due_day = selectors.dossier_indicators(
        user=superuser, start=D(2026, 3, 1), end=D(2026, 4, 30), today=D(2026, 3, 11)
    )
    assert on_due_day.totals.open_overdue == 0
    next_day = selectors.dossier_indicators(
        user=superuser, start=D(2026, 3, 1), end=D(2026, 4, 30), today=D(2026, 3, 12)
    )
    assert next_day.totals.open_overdue == 1
    assert by_province(next_day)[country["hung_yen"].pk][5] == 1


def test_a_re_import_moves_the_figures(country, superuser, long_hung, hong_minh):
    b1 = country["b1"]
    # LH-2 was Long Hưng's (Hưng Yên): now Bắc Một's (Thử Nghiệm), returned late on the 18th;
    # HM-OPEN is returned (late, on the 19th); the rest is pushed again unchanged.
    dossiers_push(
        items=[
            item(
                "LH-2",
                b1,
                "12/03/2026 08:00",
                "16/03/2026",
                returned="18/03/2026 16:00",
                channel="truc_tuyen",
                procedure=COPY,
            ),
            item(
                "HM-OPEN",
                hong_minh,
                "05/03/2026 08:00",
                "11/03/2026",
                returned="19/03/2026 10:00",
                procedure=COPY,
            ),
            item("LH-1", long_hung, "02/03/2026 08:00", "05/03/2026", returned="04/03/2026 10:00"),
            item("LONE-1", country["lone"], "20/03/2026 08:00", "24/03/2026", returned="21/03/2026 08:00"),
        ],
        by=superuser,
    )
    start, end = D(2026, 3, 10), D(2026, 3, 20)
    cut = selectors.dossier_indicators(user=superuser, start=start, end=end, today=TODAY)
    assert figures(cut.totals) == (5, 1, 0, 1, 2, 0)
    assert by_province(cut) == {
        country["hung_yen"].pk: (1, 0, 0, 0, 1, 0),
        country["thu_nghiem"].pk: (3, 1, 0, 1, 1, 0),
        country["lone"].pk: (1, 0, 0, 0, 0, 0),
    }
    assert by_service(cut) == {"1.001193": (3, 0, 0, 0, 0, 0), "2.000815": (2, 1, 0, 1, 2, 0)}
    assert_same_as_the_communes_and_the_provinces(cut, provinces=provinces_of(country), start=start, end=end)
    whole = selectors.dossier_indicators(user=superuser, start=D(2026, 3, 1), end=D(2026, 4, 30), today=TODAY)
    # Received 10, online 2; early 3; on time 1 (B2-1); late 4 (HM-1, LH-APR, LH-2, HM-OPEN);
    # open overdue 1 (B2-OPEN).
    assert figures(whole.totals) == (10, 2, 3, 1, 4, 1)
    assert by_province(whole) == {
        country["hung_yen"].pk: (4, 0, 1, 0, 3, 0),
        country["thu_nghiem"].pk: (5, 2, 1, 1, 1, 1),
        country["lone"].pk: (1, 0, 1, 0, 0, 0),
    }
    assert_same_as_the_communes_and_the_provinces(
        whole, provinces=provinces_of(country), start=D(2026, 3, 1), end=D(2026, 4, 30)
    )


def test_a_dossier_of_a_legacy_commune_counts_in_its_province_of_today(superuser, tien_duc, hung_yen):
    dossiers_push(
        items=[item("TD-2025", tien_duc, "10/06/2025 08:00", "13/06/2025", returned="12/06/2025 08:00")],
        by=superuser,
    )
    indicators = selectors.dossier_indicators(
        user=superuser, start=D(2025, 6, 1), end=D(2025, 6, 12), today=TODAY
    )
    assert by_province(indicators) == {hung_yen.pk: (1, 0, 1, 0, 0, 0)}


def test_a_province_viewer_without_a_unit_gets_their_communes(country, province_viewer, long_hung, hong_minh):
    indicators = selectors.dossier_indicators(
        user=province_viewer, start=D(2026, 3, 1), end=D(2026, 4, 30), today=TODAY
    )
    assert indicators.by_province == []
    assert {unit.pk: figures(values) for unit, values in indicators.by_commune} == {
        long_hung.pk: (3, 1, 1, 1, 1, 0),
        hong_minh.pk: (2, 0, 0, 0, 1, 1),
    }
    assert figures(indicators.totals) == (5, 1, 1, 1, 2, 1)


def test_the_citizen_indicators_of_the_country_are_per_province(country, superuser, long_hung):
    MonthlyCount.objects.create(
        month=D(2026, 3, 1), commune=long_hung, forms=4, overall_answered=4, overall_satisfied=3
    )
    MonthlyCount.objects.create(
        month=D(2026, 3, 1), commune=country["b1"], forms=1, overall_answered=1, overall_satisfied=0
    )
    MonthlyCount.objects.create(
        month=D(2026, 3, 1), commune=country["b2"], forms=1, overall_answered=1, overall_satisfied=1
    )
    table = selectors.citizen_indicators(user=superuser, start=D(2026, 3, 1), end=D(2026, 4, 30), today=TODAY)
    assert table.by_commune == []
    rows = {unit.pk: values for unit, values in table.by_province}
    assert set(rows) == {country["hung_yen"].pk, country["thu_nghiem"].pk, country["lone"].pk}
    hung_yen, thu_nghiem = rows[country["hung_yen"].pk], rows[country["thu_nghiem"].pk]
    assert (hung_yen.forms, hung_yen.satisfaction, hung_yen.received) == (4, 0.75, 5)
    assert hung_yen.on_time_rate == 2 / 5
    assert (thu_nghiem.forms, thu_nghiem.satisfaction, thu_nghiem.received) == (2, 0.5, 4)
    assert rows[country["lone"].pk].satisfaction is None
    assert (table.totals.forms, table.totals.satisfaction, table.totals.received) == (6, 4 / 6, 10)


# --- API and page -----------------------------------------------------------------------------------


def test_the_api_gives_the_country_per_province(country, superuser, province_viewer):
    api = APIClient()
    api.force_authenticate(superuser)
    period = {"from": "2026-03-10", "to": "2026-03-20"}
    body = api.get("/api/v1/dossier-indicators/", period).json()
    assert body["by_commune"] == []
    rows = {row["province"]: row for row in body["by_province"]}
    hung_yen = rows[country["hung_yen"].pk]
    assert hung_yen["name"] == country["hung_yen"].name
    assert (hung_yen["received"], hung_yen["on_time"], hung_yen["open_overdue"]) == (2, 1, 1)
    assert hung_yen["on_time_rate"] == 0.5
    assert rows[country["thu_nghiem"].pk]["name"] == "Tỉnh <Thử> & Nghiệm"
    assert body["totals"]["received"] == 5
    citizen = api.get("/api/v1/citizen-indicators/", period).json()["qd766"]
    assert citizen["by_commune"] == []
    assert {row["province"]: row["received"] for row in citizen["by_province"]} == {
        country["hung_yen"].pk: 2,
        country["thu_nghiem"].pk: 2,
        country["lone"].pk: 1,
    }
    # A province's staff get their communes, and the key of provinces (empty).
    api.force_authenticate(province_viewer)
    body = api.get("/api/v1/dossier-indicators/", period).json()
    assert body["by_province"] == []
    assert {row["name"] for row in body["by_commune"]} == {"Xã Long Hưng", "Xã Hồng Minh"}
    assert api.get("/api/v1/citizen-indicators/", period).json()["qd766"]["by_province"] == []


def test_the_page_shows_the_provinces_with_links_to_their_figures(client, country, superuser):
    client.force_login(superuser)
    url = reverse("surveys:dossier_indicators")
    html = client.get(url, {"start": "2026-03-10", "end": "2026-03-20"}).content.decode()
    table = html.split('data-testid="by-province"')[1].split("</table>")[0]
    assert 'data-testid="by-commune"' not in html
    assert "Theo tỉnh, thành phố" in html
    province = country["thu_nghiem"]
    # Escaped, and the primary key (above 999) not localized.
    assert "Tỉnh &lt;Thử&gt; &amp; Nghiệm" in table and "<Thử>" not in html
    assert f'href="{url}?start=2026-03-10&amp;end=2026-03-20&amp;unit={province.pk}"' in table
    assert f"unit={country['hung_yen'].pk}" in table
    # The link opens the province, per commune.
    page = client.get(url, {"start": "2026-03-10", "end": "2026-03-20", "unit": province.pk}).content.decode()
    assert 'data-testid="by-commune"' in page and 'data-testid="by-province"' not in page
    # (Bắc Một has nothing from the 10th to the 20th.)
    assert "Xã Bắc Hai" in page.split('data-testid="by-commune"')[1].split("</table>")[0]


def test_the_country_reads_a_fixed_number_of_queries(
    client, country, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    api = APIClient()
    api.force_authenticate(superuser)
    page = reverse("surveys:dossier_indicators")
    period = {"start": "2026-03-10", "end": "2026-05-20"}
    api_period = {"from": "2026-03-10", "to": "2026-05-20"}

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as on_page:
            assert client.get(page, period).status_code == 200
        with CaptureQueriesContext(connection) as on_api:
            assert api.get("/api/v1/dossier-indicators/", api_period).status_code == 200
        return len(on_page), len(on_api)

    queries()  # (the first request of a session reads what is cached after it)
    before = queries()
    # Another province of ten communes, with dossiers of every kind in them.
    other = AdminUnitFactory(level=AdminUnit.Level.PROVINCE, unit_type=AdminUnit.Type.PROVINCE)
    communes = [commune_of(other, f"Xã Thêm {n}") for n in range(10)]
    dossiers_push(
        items=[
            item(
                f"MORE-{n}",
                communes[n % 10],
                f"{10 + n % 15:02d}/03/2026 08:00",
                "27/03/2026",
                returned=returned,
            )
            for n in range(60)
            for returned in [("" if n % 3 == 0 else f"{12 + n % 15:02d}/04/2026 08:00")]
        ],
        by=superuser,
    )
    assert queries() == before
    with django_assert_max_num_queries(15):
        client.get(page, period)
    with django_assert_max_num_queries(5), CaptureQueriesContext(connection) as read:
        body = api.get("/api/v1/dossier-indicators/", api_period).json()
    assert len(body["by_province"]) == 4 and body["by_commune"] == []
    # The province roll-up, not the communes' counts; of the dossiers only the open ones.
    tables = [query["sql"] for query in read.captured_queries]
    assert any('FROM "surveys_dossierprovincecount"' in sql for sql in tables)
    assert not any("surveys_dossiermonthlycount" in sql for sql in tables)
    on_dossiers = [sql for sql in tables if 'FROM "surveys_dossier"' in sql]
    assert len(on_dossiers) == 1 and "'processing'" in on_dossiers[0]


PERIODS = [
    (D(2026, 3, 1), D(2026, 4, 30)),
    (D(2026, 3, 10), D(2026, 4, 20)),
    (D(2026, 1, 1), D(2026, 12, 31)),
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_a_province_reads_its_procedures_from_the_province_counts(
    country, province_viewer, superuser, start, end
):
    """A whole province (its staff, or a province chosen) takes its procedures' months from the
    province counts: the same figures as its dossiers give."""
    hung_yen = country["hung_yen"]
    reference = selectors._breakdown(
        counts=DossierMonthlyCount.objects.filter(selectors.area_filter(hung_yen)),
        dossiers=Dossier.objects.filter(selectors.area_filter(hung_yen)),
        start=start,
        end=end,
        today=TODAY,
        by_service=True,
        province_id=None,
    )
    assert reference["service"]
    for user, unit in [(province_viewer, None), (superuser, hung_yen), (None, hung_yen)]:
        own = selectors.dossier_indicators(user=user, start=start, end=end, unit=unit, today=TODAY)
        assert {pk: values for pk, _name, values in own.by_service} == dict(reference["service"])
        assert own.totals == reference["total"][None]


def test_a_province_chosen_outside_the_scope_reads_no_province_counts(country, province_viewer):
    other = country["thu_nghiem"]
    own = selectors.dossier_indicators(
        user=province_viewer, start=D(2026, 1, 1), end=D(2026, 12, 31), unit=other, today=TODAY
    )
    assert own.by_service == [] and own.totals.received == 0
