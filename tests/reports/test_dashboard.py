"""The province dashboard and the drill-down into one commune: the review's figures, shown the
Vietnamese way, over the chosen unit and period, in the user's scope, with a bounded number of
queries and the communes exported."""

import datetime
import re

import pytest
from django.urls import reverse

from communes.models import ActivityRecord, AdminUnit, Enrolment
from dialogues.models import HistoricTally
from reports.forms.dashboard import Preset, preset_period
from reports.selectors import review_document
from surveys.dossiers.services import dossiers_push
from surveys.services import tally_record

D = datetime.date
Kind = ActivityRecord.Kind
URL = reverse("reports:dashboard")
YEAR_2023 = {"start": "2023-01-01", "end": "2023-12-31"}
YEAR_2022 = {"start": "2022-01-01", "end": "2022-12-31"}


def commune_url(unit) -> str:
    return reverse("reports:dashboard_commune", args=[unit.pk])


def stat(response, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', response.content.decode())
    assert match, f"no {testid} on the page"
    return match[1].strip()


def record(commune, kind, year: int, count: int) -> None:
    ActivityRecord.objects.create(
        commune=commune,
        kind=kind,
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
        count=count,
        source=ActivityRecord.Source.TALLY,
    )


def seed_year(communes, year: int, *, letters, forms, satisfied, dialogues, on_time, late, open_overdue):
    """One year of history for the first commune (and letters split over the first two)."""
    first, second = communes[0], communes[1]
    record(first, Kind.THANKS, year, letters[0])
    record(second, Kind.THANKS, year, letters[1])
    record(second, Kind.MARRIAGE_CEREMONY, year, 45)
    tally_record(
        commune=first,
        by=None,
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
        forms=forms,
        satisfied=satisfied,
    )
    HistoricTally.objects.create(
        commune=first,
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
        dialogues_held=dialogues,
        resolved_on_time=on_time,
        resolved_late=late,
        open_overdue=open_overdue,
    )


@pytest.fixture
def seeded(ls_programme, ls_communes):
    """2023: 1.336 thank-you letters, 1.000 forms 96,9% satisfied, 12 dialogues, 96 of 100
    petitions resolved. 2022: 200 letters, 500 forms 80% satisfied, 3 dialogues."""
    seed_year(
        ls_communes,
        2023,
        letters=(1000, 336),
        forms=1000,
        satisfied=969,
        dialogues=12,
        on_time=90,
        late=6,
        open_overdue=4,
    )
    seed_year(
        ls_communes,
        2022,
        letters=(150, 50),
        forms=500,
        satisfied=400,
        dialogues=3,
        on_time=10,
        late=0,
        open_overdue=0,
    )
    return ls_programme


# --- Figures ------------------------------------------------------------------------------------


def test_it_shows_the_review_figures_in_vietnamese_formats(client, province_admin, seeded, ls_communes):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2023})
    assert response.status_code == 200
    assert response.context["unit"] == seeded.owner_unit
    assert stat(response, "letters") == "1.336"
    assert stat(response, "ceremonies") == "45"
    assert stat(response, "forms") == "1.000"
    assert stat(response, "satisfaction") == "96,9%"
    assert stat(response, "dialogues") == "12"
    assert stat(response, "resolution-rate") == "96,0%"
    assert stat(response, "enrolled") == "4"
    html = response.content.decode()
    # The charts carry the same figures, the Vietnamese way.
    assert 'role="img"' in html and ">96,9%<" in html and ">1.336<" in html
    # The indicators table compares with 2022, the period of the same length just before.
    rows = {row["label"]: row for row in response.context["rows"]}
    thanks = rows["Thư cảm ơn"]
    assert (thanks["current"], thanks["previous"], thanks["change"]) == ("1.336", "200", "+1.136")
    overall = rows["Tỷ lệ hài lòng chung"]
    assert (overall["current"], overall["previous"], overall["change"]) == ("96,9%", "80,0%", "+16,9 điểm %")
    assert "01/01/2022 – 31/12/2022" in html


def test_it_reads_the_period_chosen(client, province_admin, seeded):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2022})
    assert stat(response, "letters") == "200"
    assert stat(response, "forms") == "500"
    assert stat(response, "satisfaction") == "80,0%"
    assert stat(response, "dialogues") == "3"
    # Before the rollouts of 2021 only the two pilots were enrolled.
    early = client.get(URL, {"programme": seeded.pk, "start": "2020-01-01", "end": "2020-12-31"})
    assert stat(early, "enrolled") == "2"
    assert stat(early, "letters") == "0"
    # The whole phase, the default, holds both years.
    phase = client.get(URL, {"programme": seeded.pk})
    assert (phase.context["start"], phase.context["end"]) == (D(2019, 4, 24), D(2024, 12, 31))
    assert stat(phase, "letters") == "1.536"
    assert stat(phase, "forms") == "1.500"


def test_it_applies_a_preset_and_shows_its_dates(client, province_admin, seeded):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, "start": "2023-01-01", "preset": Preset.PHASE})
    assert (response.context["start"], response.context["end"]) == (D(2019, 4, 24), D(2024, 12, 31))
    assert 'value="2019-04-24"' in response.content.decode()
    assert stat(response, "letters") == "1.536"


@pytest.mark.parametrize(
    "preset, period",
    [
        (Preset.THIS_YEAR, (D(2025, 1, 1), D(2025, 12, 31))),
        (Preset.LAST_YEAR, (D(2024, 1, 1), D(2024, 12, 31))),
        (Preset.LAST_QUARTER, (D(2025, 1, 1), D(2025, 3, 31))),
        (Preset.PHASE, (D(2019, 4, 24), D(2024, 12, 31))),
    ],
)
def test_it_computes_the_presets(ls_programme, preset, period):
    assert preset_period(preset, programme=ls_programme, today=D(2025, 5, 20)) == period


def test_it_takes_last_quarter_across_the_new_year(ls_programme):
    assert preset_period(Preset.LAST_QUARTER, programme=ls_programme, today=D(2025, 2, 3)) == (
        D(2024, 10, 1),
        D(2024, 12, 31),
    )


def test_it_reads_a_historic_district(client, province_admin, seeded, ls_communes):
    district = ls_communes[0].parent
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, "scope": district.pk, **YEAR_2023})
    assert response.context["unit"] == district
    expected = AdminUnit.objects.filter(parent=district).count()
    assert response.context["figures"].communes == expected
    assert response.context["page_obj"].paginator.count == expected
    in_district = [c for c in ls_communes if c.parent_id == district.pk]
    assert stat(response, "enrolled") == str(len(in_district))


def test_it_ranks_and_paginates_the_communes(client, province_admin, seeded, ls_communes, lang_son_legacy):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2023})
    page = response.context["page_obj"]
    total = AdminUnit.objects.filter(parent__parent=lang_son_legacy).count()
    assert page.paginator.count == total and len(page) == 25
    # Only the first commune has a satisfaction index and a resolution rate: it leads alone.
    assert page[0]["unit"] == ls_communes[0] and page[0]["rank"] == 1
    assert response.context["ranked"] == 1
    html = response.content.decode()
    assert (
        f"{commune_url(ls_communes[0])}?programme={seeded.pk}&amp;start=2023-01-01&amp;end=2023-12-31" in html
    )
    second = client.get(URL, {"programme": seeded.pk, **YEAR_2023, "page": 2})
    assert second.context["page_obj"].number == 2


def test_it_exports_the_commune_table(client, province_viewer, province_admin, seeded, ls_communes):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2023, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Hạng,Mã xã,Xã, phường, thị trấn") or lines[0].startswith('Hạng,Mã xã,"Xã')
    first = next(line for line in lines[1:] if ls_communes[0].name in line)
    assert first.startswith("1,") and ",1336," not in first  # the first commune has 1.000 letters
    assert ",1000," in first and ",96.9," in first and ",96.0," in first
    assert len(lines) - 1 == AdminUnit.objects.filter(parent__parent=seeded.owner_unit).count()
    xlsx = client.get(URL, {"programme": seeded.pk, **YEAR_2023, "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"


# --- The period picker --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"start": "31/02/2023"}, "start", "Nhập ngày dạng dd/mm/yyyy, ví dụ 16/01/2025."),
        ({"start": "2023-12-31", "end": "2023-01-01"}, "end", "Ngày kết thúc phải sau ngày bắt đầu."),
        ({"start": "1900-01-01", "end": "2023-01-01"}, "start", "Chọn ngày trong khoảng từ 01/01/2000"),
    ],
)
def test_it_refuses_an_invalid_period_in_vietnamese(client, province_admin, seeded, query, field, message):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **query})
    assert response.status_code == 200
    assert message in stat(response, f"error-{field}")
    assert "figures" not in response.context
    assert 'data-testid="cards"' not in response.content.decode()


def test_it_accepts_dates_typed_the_vietnamese_way(client, province_admin, seeded):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, "start": "01/01/2023", "end": "31/12/2023"})
    assert stat(response, "letters") == "1.336"


def test_it_starts_a_new_programme_at_its_owner_unit(
    client, province_admin, seeded, ls_communes, programme_factory, lang_son
):
    other = programme_factory(owner_unit=lang_son, phase_start=D(2025, 7, 1), phase_end=D(2026, 12, 31))
    client.force_login(province_admin)
    # A district of the legacy province stays in the query string when the programme changes.
    response = client.get(URL, {"programme": other.pk, "scope": ls_communes[0].parent_id})
    assert response.status_code == 200
    assert response.context["unit"] == lang_son


# --- Scope --------------------------------------------------------------------------------------


def test_it_lets_province_staff_see_legacy_units_of_their_province(province_admin, lang_son_legacy):
    from communes.scope import visible_units

    assert visible_units(province_admin).filter(pk=lang_son_legacy.pk).exists()


def test_it_answers_404_for_another_provinces_programme(client, hung_yen_admin, seeded):
    client.force_login(hung_yen_admin)
    assert client.get(URL, {"programme": seeded.pk}).status_code == 404
    # Without a choice, the other province's programmes are not offered.
    response = client.get(URL)
    assert response.status_code == 200
    offered = response.context.get("form")
    assert offered is None or seeded not in offered.fields["programme"].queryset


def test_it_answers_404_for_another_provinces_commune(
    client, hung_yen_admin, province_admin, seeded, ls_communes, tien_duc
):
    client.force_login(hung_yen_admin)
    assert client.get(commune_url(ls_communes[0]), {"programme": seeded.pk}).status_code == 404
    assert client.get(commune_url(ls_communes[0])).status_code == 404
    client.force_login(province_admin)
    assert client.get(commune_url(tien_duc)).status_code == 404


def test_it_sends_a_commune_officer_to_their_commune(client, officer):
    client.force_login(officer)
    response = client.get(URL, {"start": "2023-01-01", "scope": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{commune_url(officer.commune)}?start=2023-01-01"


def test_it_refuses_the_dashboard_to_users_without_a_role(db, client, user_factory):
    client.force_login(user_factory(username="khach", role=""))
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_it_lets_an_officer_see_only_their_own_commune(
    client, officer, tien_duc, chi_hoa, hung_ha, seeded, ls_communes, programme_factory
):
    programme = programme_factory(owner_unit=hung_ha, phase_start=D(2021, 1, 1), phase_end=D(2025, 6, 30))
    Enrolment.objects.create(
        programme=programme,
        commune=tien_duc,
        level=Enrolment.Level.DISTRICT_PILOT,
        selected_on=D(2021, 3, 1),
        status=Enrolment.Status.LAUNCHED,
    )
    record(tien_duc, Kind.THANKS, 2023, 77)
    client.force_login(officer)
    response = client.get(commune_url(tien_duc), {**YEAR_2023})
    assert response.status_code == 200
    assert response.context["programme"] == programme
    assert stat(response, "letters") == "77"
    assert stat(response, "rank") == "—"  # letters alone do not rank a commune
    assert client.get(commune_url(chi_hoa)).status_code == 404
    assert client.get(commune_url(ls_communes[0])).status_code == 404
    assert client.get(commune_url(tien_duc), {"programme": seeded.pk}).status_code == 404


def test_it_drills_down_into_one_commune(client, province_admin, seeded, ls_communes):
    client.force_login(province_admin)
    response = client.get(commune_url(ls_communes[0]), {"programme": seeded.pk, **YEAR_2023})
    assert response.status_code == 200
    assert stat(response, "letters") == "1.000"
    assert stat(response, "forms") == "1.000"
    assert stat(response, "satisfaction") == "96,9%"
    assert stat(response, "resolution-rate") == "96,0%"
    assert stat(response, "rank") == "1 / 1"
    html = response.content.decode()
    assert reverse("communes:unit_detail", args=[ls_communes[0].pk]) in html
    assert reverse("surveys:commune", args=[ls_communes[0].pk]) in html
    # The second commune has letters only: shown, not ranked.
    second = client.get(commune_url(ls_communes[1]), {"programme": seeded.pk, **YEAR_2023})
    assert stat(second, "letters") == "336"
    assert stat(second, "ceremonies") == "45"
    assert stat(second, "rank") == "—"
    # The period picker works here too.
    earlier = client.get(commune_url(ls_communes[0]), {"programme": seeded.pk, **YEAR_2022})
    assert stat(earlier, "letters") == "150"


def test_it_shows_the_nav_item_to_province_staff_only(client, province_admin, officer):
    client.force_login(province_admin)
    assert "Bảng điều hành" in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert "Bảng điều hành" not in client.get(reverse("home")).content.decode()


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [4, 20])
def test_it_runs_a_bounded_number_of_queries(
    client, province_admin, superuser, programme_factory, lang_son_legacy, size, django_assert_max_num_queries
):
    programme = programme_factory(
        owner_unit=lang_son_legacy, phase_start=D(2019, 1, 1), phase_end=D(2024, 12, 31)
    )
    communes = list(AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code")[:size])
    for index, commune in enumerate(communes):
        Enrolment.objects.create(
            programme=programme,
            commune=commune,
            level=Enrolment.Level.PROVINCE_PILOT if index % 3 == 0 else Enrolment.Level.ROLLOUT,
            selected_on=D(2019 + index % 4, 5, 1),
            status=Enrolment.Status.LAUNCHED,
        )
        record(commune, Kind.THANKS, 2020 + index % 4, 10 + index)
        tally_record(
            commune=commune,
            by=None,
            period_start=D(2021, 1, 1),
            period_end=D(2021, 12, 31),
            forms=100,
            satisfied=90,
        )
        HistoricTally.objects.create(
            commune=commune,
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
            dialogues_held=2,
            resolved_on_time=5,
        )
    dossiers_push(
        items=[
            {
                "ma_ho_so": f"LS-240304-{index:04d}",
                "ma_tthc": "1.001193",
                "ten_tthc": "Đăng ký khai sinh",
                "kenh": "Trực tuyến" if index % 2 else "Trực tiếp",
                "ngay_tiep_nhan": "04/03/2024 08:00",
                "ngay_hen_tra": "07/03/2024",
                "ngay_tra_ket_qua": f"{5 + index % 4:02d}/03/2024 10:00",
                "trang_thai": "Đã trả kết quả",
                "can_bo": "",
                "ma_xa": commune.code,
            }
            for index, commune in enumerate(communes)
        ],
        by=superuser,
    )
    client.force_login(province_admin)
    # Two sets of review figures (this period and the one before) are most of them; the QĐ 766
    # and SIPAS figures (reports.selectors.citizen) a fixed number more, whatever the dossiers.
    with django_assert_max_num_queries(40):
        response = client.get(URL, {"programme": programme.pk})
    assert response.context["figures"].enrolled == size
    assert response.context["citizen"].indicators.received == size
    with django_assert_max_num_queries(42):
        drill = client.get(commune_url(communes[0]), {"programme": programme.pk})
    assert drill.context["row"]["rank"] is not None
    assert drill.context["citizen"].indicators.received == 1


# --- Figures that agree -------------------------------------------------------------------------


def indicator_table(response) -> dict:
    return {row["label"]: row for row in response.context["rows"]}


def test_it_shows_no_previous_figures_for_a_period_without_any_and_as_the_pdf_does(
    client, province_admin, seeded, review_factory
):
    client.force_login(province_admin)
    # The whole phase has no previous period; 2021 has one, without a single record.
    for query, note in [
        ({}, "Kỳ trước nằm ngoài giai đoạn của chương trình"),
        ({"start": "2021-01-01", "end": "2021-12-31"}, "Kỳ trước không có số liệu nào"),
    ]:
        response = client.get(URL, {"programme": seeded.pk, **query})
        assert note in stat(response, "previous-note")
        thanks = indicator_table(response)["Thư cảm ơn"]
        assert (thanks["previous"], thanks["change"]) == ("—", "—")
        assert all(row["previous"] == "—" and row["change"] == "—" for row in response.context["rows"])
        # The PDF of a review of the same period prints the same rows.
        start, end = response.context["start"], response.context["end"]
        review = review_factory(
            programme=seeded, scope_unit=seeded.owner_unit, period_start=start, period_end=end
        )
        assert [row.display() for row in review_document(review=review)["rows"]] == response.context["rows"]
    # 2023 against 2022, which has records: figures and changes.
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2023})
    assert "previous-note" not in response.content.decode()
    assert indicator_table(response)["Thư cảm ơn"]["change"] == "+1.136"


def test_it_never_shows_fewer_petitions_received_than_resolved(client, province_admin, seeded):
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, **YEAR_2023})
    figures = response.context["figures"]
    # The 2023 tally: 90 on time, 6 late, 4 still open past due.
    assert figures.feedback["resolved"] == 96 and figures.feedback_received == 100
    assert stat(response, "received").startswith("100 phản ánh, kiến nghị tiếp nhận")
    assert "(0 trên hệ thống, 100 theo số liệu tổng hợp)" in stat(response, "received")
    rows = indicator_table(response)
    assert rows["Phản ánh, kiến nghị tiếp nhận"]["current"] == "100"
    assert rows["Phản ánh, kiến nghị đã giải quyết"]["current"] == "96"


def test_it_says_why_there_is_no_satisfaction_index_beside_the_forms(
    client, province_admin, seeded, ls_communes
):
    tally_record(
        commune=ls_communes[2], by=None, period_start=D(2021, 1, 1), period_end=D(2021, 12, 31), forms=100_980
    )
    client.force_login(province_admin)
    response = client.get(URL, {"programme": seeded.pk, "start": "2021-01-01", "end": "2021-12-31"})
    assert stat(response, "forms") == "100.980" and stat(response, "satisfaction") == "–"
    assert "không kèm số phiếu hài lòng" in stat(response, "satisfaction-why")
    # Tallies with and without their satisfied counts: the index says what it counts.
    mixed = client.get(URL, {"programme": seeded.pk, "start": "2021-01-01", "end": "2023-12-31"})
    assert stat(mixed, "satisfaction") == "91,3%"  # (969 + 400) / 1.500
    assert stat(mixed, "satisfaction-why") == "Tính trên 1.500/102.480 phiếu có số phiếu hài lòng."


@pytest.mark.parametrize("size", [4, 20])
def test_it_runs_a_bounded_number_of_queries_over_a_2025_province(
    client, province_admin, programme_factory, lang_son_legacy, lang_son, size, django_assert_max_num_queries
):
    programme = programme_factory(
        owner_unit=lang_son_legacy, phase_start=D(2019, 1, 1), phase_end=D(2026, 12, 31)
    )
    communes = list(AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code")[:size])
    for index, commune in enumerate(communes):
        Enrolment.objects.create(
            programme=programme,
            commune=commune,
            level=Enrolment.Level.ROLLOUT,
            selected_on=D(2019 + index % 4, 5, 1),
            status=Enrolment.Status.LAUNCHED,
        )
        record(commune, Kind.THANKS, 2020 + index % 4, 10 + index)
        record(commune.successor, Kind.THANKS, 2026, 1)
        HistoricTally.objects.create(
            commune=commune, period_start=D(2022, 1, 1), period_end=D(2022, 12, 31), resolved_on_time=5
        )
    client.force_login(province_admin)
    # The figures of both eras, and the QĐ 766 and SIPAS figures (a fixed number of queries).
    with django_assert_max_num_queries(42):
        response = client.get(URL, {"programme": programme.pk, "scope": lang_son.pk})
    assert response.context["nested"] and response.context["figures"].enrolled == len(
        {c.successor_id for c in communes}
    )
    with django_assert_max_num_queries(42):
        drill = client.get(commune_url(communes[0].successor), {"programme": programme.pk})
    assert drill.context["row"]["rank"] is not None
