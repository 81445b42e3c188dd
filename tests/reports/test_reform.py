"""Reviews and the dashboard across the reform of 1 July 2025: a scope of either era reads the
communes of both (a 2025 commune with the legacy communes merged into it), a programme of a merged
province continues under its successor, a period across 01/07/2025 is one table, the drill-down
lists the 2025 communes with their predecessors nested, and a split commune counts toward its
default successor, said beside it.

History is recorded on legacy units and dated before 01/07/2025, today's work on 2025 units."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from communes.models import ActivityRecord, AdminUnit, Enrolment
from reports.models import Review
from reports.selectors import (
    commune_table,
    compare_periods,
    review_document,
    review_figures,
    scope_communes,
    scope_units_for,
)
from reports.services import reviews as services
from surveys.services import tally_record

D = datetime.date
Kind = ActivityRecord.Kind
DASHBOARD = reverse("reports:dashboard")
pytestmark = pytest.mark.django_db


def record(commune, kind, start, end, count) -> ActivityRecord:
    return ActivityRecord.objects.create(
        commune=commune,
        kind=kind,
        period_start=start,
        period_end=end,
        count=count,
        source=ActivityRecord.Source.TALLY,
    )


def commune(era: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=AdminUnit.Level.COMMUNE, code=code)


# --- Lạng Sơn's tổng kết over the old or the 2025 province ------------------------------------------


def test_the_2019_2024_final_review_gives_the_same_figures_over_the_old_or_the_2025_province(
    province_admin, ls_programme, lang_son_legacy, lang_son, ls_data, review_factory
):
    old = review_factory(programme=ls_programme, scope_unit=lang_son_legacy)
    new = services.review_create(
        by=province_admin,
        programme=ls_programme,
        scope_unit=lang_son,
        kind=Review.Kind.INTERIM,
        period=Review.Period.PHASE,
        period_start=old.period_start,
        period_end=old.period_end,
    )
    assert new.issuer == "UBND TỈNH LẠNG SƠN"
    old_doc, new_doc = review_document(review=old), review_document(review=new)
    for name in ("communes", "enrolled", "pilots", "rollout_share", "activity", "feedback", "assessed"):
        assert getattr(old_doc["figures"], name) == getattr(new_doc["figures"], name), name
    assert old_doc["figures"].survey == new_doc["figures"].survey
    assert [r.display() for r in old_doc["rows"]] == [r.display() for r in new_doc["rows"]]
    assert old_doc["rollout"] == new_doc["rollout"]
    # Counted as the communes stood at the end of 2024: the legacy ones.
    legacy_communes = AdminUnit.objects.filter(parent__parent=lang_son_legacy).count()
    assert new_doc["figures"].communes == legacy_communes and new_doc["figures"].enrolled == 4
    assert new_doc["figures"].letters == 2700 + 636
    # The table: the legacy communes as they were, or the 2025 communes with them nested.
    assert not old_doc["nested"] and new_doc["nested"]
    assert {row["unit"].era for row in old_doc["table"]} == {AdminUnit.Era.LEGACY}
    assert {row["unit"].era for row in new_doc["table"]} == {AdminUnit.Era.CURRENT}
    nested = [child for row in new_doc["table"] for child in row["children"]]
    assert (
        sum(row["letters"] for row in new_doc["table"]) == sum(child["letters"] for child in nested) == 3336
    )


# --- A 2025 commune and the legacy communes merged into it ----------------------------------------


@pytest.fixture
def tb_programme(programme_factory, thai_binh_legacy, tien_duc, chi_hoa):
    """Thái Bình's Đề án 08-ĐA/TU, run past the reform (Thái Bình is part of Hưng Yên since
    01/07/2025), with Tiến Đức and Chí Hòa as province pilots since 2023."""
    programme = programme_factory(
        owner_unit=thai_binh_legacy, phase_start=D(2023, 7, 5), phase_end=D(2026, 12, 31)
    )
    for pilot in (tien_duc, chi_hoa):
        Enrolment.objects.create(
            programme=programme,
            commune=pilot,
            level=Enrolment.Level.PROVINCE_PILOT,
            selected_on=D(2023, 9, 5),
            status=Enrolment.Status.LAUNCHED,
        )
    return programme


@pytest.fixture
def across(tb_programme, tien_duc, long_hung, hung_yen):
    """Tiến Đức's 2024 letters (before), Long Hưng's 2025-2026 letters (after), and letters of a
    commune of former Hưng Yên, which Thái Bình's programme never covered."""
    record(tien_duc, Kind.THANKS, D(2024, 1, 1), D(2024, 12, 31), 300)
    record(long_hung, Kind.THANKS, D(2025, 7, 1), D(2025, 12, 31), 40)
    record(long_hung, Kind.THANKS, D(2026, 1, 1), D(2026, 6, 30), 25)
    former_hung_yen = AdminUnit.objects.filter(
        era=AdminUnit.Era.LEGACY, level=AdminUnit.Level.COMMUNE, parent__parent__code="33"
    ).first()
    record(former_hung_yen, Kind.THANKS, D(2024, 1, 1), D(2024, 12, 31), 9999)
    return tb_programme


def test_a_2025_commune_holds_the_legacy_communes_merged_into_it(long_hung, tien_duc, chi_hoa):
    communes = set(scope_communes(unit=long_hung))
    assert long_hung in communes and tien_duc in communes
    assert chi_hoa not in communes  # merged into Hồng Minh
    assert set(scope_communes(unit=tien_duc)) == {tien_duc}


def test_a_programme_of_a_merged_province_continues_under_its_successor(
    across, province_admin, hung_yen_admin, hung_yen, long_hung, tien_duc, hung_ha
):
    allowed = set(scope_units_for(programme=across))
    assert {across.owner_unit, hung_yen, hung_ha, long_hung, tien_duc} <= allowed
    review = services.review_create(
        by=hung_yen_admin,
        programme=across,
        scope_unit=hung_yen,
        kind=Review.Kind.INTERIM,
        period=Review.Period.OTHER,
        period_start=D(2024, 1, 1),
        period_end=D(2026, 6, 30),
        report_date=D(2026, 7, 15),
    )
    assert review.issuer == "UBND TỈNH HƯNG YÊN" and review.place == hung_yen.short_name
    figures = review_figures(
        programme=across,
        communes=scope_communes(unit=hung_yen, programme=across),
        start=review.period_start,
        end=review.period_end,
    )
    # Former Thái Bình before and after the reform, never former Hưng Yên's 9.999 letters.
    assert figures.activity["letter_thanks"] == 300 + 40 + 25
    # Counted at the end of the period: the 2025 communes that took over the two pilots.
    assert figures.era == AdminUnit.Era.CURRENT and figures.enrolled == 2 and figures.pilots == 2
    successors = AdminUnit.objects.filter(predecessors__parent__parent=across.owner_unit).distinct().count()
    assert figures.communes == successors
    # Lạng Sơn's administrator reviews none of it.
    with pytest.raises(PermissionDenied):
        services.review_create(
            by=province_admin,
            programme=across,
            scope_unit=hung_yen,
            kind=Review.Kind.INTERIM,
            period=Review.Period.YEAR,
            period_start=D(2025, 1, 1),
            period_end=D(2025, 12, 31),
        )


def test_the_planner_reviews_a_period_after_the_reform_under_the_successor(across, hung_yen):
    created = services.reviews_plan_periodic(today=D(2026, 1, 15))
    yearly = next(r for r in created if r.period == Review.Period.YEAR)
    assert (yearly.period_start, yearly.period_end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert yearly.scope_unit == hung_yen and yearly.issuer == "UBND TỈNH HƯNG YÊN"


def test_a_period_across_the_reform_is_one_table_with_predecessors_nested(
    across, hung_yen, long_hung, tien_duc
):
    communes = scope_communes(unit=hung_yen, programme=across)
    table = commune_table(
        programme=across, communes=communes, start=D(2024, 1, 1), end=D(2026, 6, 30), unit=hung_yen
    )
    assert all(row["unit"].is_current for row in table)
    row = next(row for row in table if row["unit"] == long_hung)
    children = row["children"]
    # Its own records since the reform first, then the legacy communes merged into it.
    assert children[0]["own"] and children[0]["letters"] == 65
    by_unit = {child["unit"]: child for child in children[1:]}
    assert set(by_unit) == set(long_hung.predecessors.all())
    assert by_unit[tien_duc]["letters"] == 300 and by_unit[tien_duc]["rank"] is None
    assert row["letters"] == 365 == sum(child["letters"] for child in children)
    assert row["level"] == Enrolment.Level.PROVINCE_PILOT  # through Tiến Đức
    compared = compare_periods(programme=across, communes=communes, start=D(2024, 1, 1), end=D(2026, 6, 30))
    assert compared.crosses_reform


def test_the_province_dashboard_reads_the_programme_under_hung_yen(
    client, province_viewer, across, hung_yen, long_hung, tien_duc
):
    client.force_login(province_viewer)
    response = client.get(DASHBOARD, {"programme": across.pk, "start": "2024-01-01", "end": "2026-06-30"})
    assert response.status_code == 200
    assert response.context["unit"] == hung_yen  # the 2025 province it continues under
    html = response.content.decode()
    assert 'data-testid="nested-note"' in html and 'data-testid="reform-note"' in html
    assert 'data-testid="letters">365<' in html
    # Long Hưng's row, then Tiến Đức nested under it.
    assert html.index(">Xã Long Hưng<") < html.index(">Xã Tiến Đức<")
    export = client.get(
        DASHBOARD, {"programme": across.pk, "start": "2024-01-01", "end": "2026-06-30", "export": "csv"}
    )
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    tien_duc_line = next(line for line in lines if line.split(",")[2] == "Xã Tiến Đức")
    assert ",Xã Long Hưng," in tien_duc_line


def test_the_drill_down_of_a_2025_commune_holds_its_predecessors_baseline(
    client, officer, across, long_hung, tien_duc
):
    client.force_login(officer)  # an officer of Long Hưng
    response = client.get(
        reverse("reports:dashboard_commune", args=[long_hung.pk]),
        {"programme": across.pk, "start": "2024-01-01", "end": "2026-06-30"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="letters">365<' in html
    assert "Xã Tiến Đức" in html.split('data-testid="predecessors"')[1].split("</p>")[0]


# --- A commune split in 2025 ---------------------------------------------------------------------


@pytest.fixture
def split_commune(lang_son):
    """A Lạng Sơn commune split in 2025 (Hồng Phong: its default successor and Đồng Đăng)."""
    unit = (
        AdminUnit.objects.filter(
            era=AdminUnit.Era.LEGACY, current_province=lang_son, other_successors__isnull=False
        )
        .select_related("successor")
        .order_by("code")
        .first()
    )
    assert unit is not None, "the units list has split communes in Lạng Sơn"
    return unit


def test_a_split_commune_counts_toward_its_default_successor_with_a_note(
    client, province_admin, ls_programme, lang_son, split_commune, review_factory
):
    record(split_commune, Kind.THANKS, D(2023, 1, 1), D(2023, 12, 31), 70)
    others = list(split_commune.other_successors.order_by("name"))
    communes = scope_communes(unit=lang_son, programme=ls_programme)
    table = commune_table(
        programme=ls_programme, communes=communes, start=D(2023, 1, 1), end=D(2023, 12, 31), unit=lang_son
    )
    successor = next(row for row in table if row["unit"] == split_commune.successor)
    child = next(child for child in successor["children"] if child["unit"] == split_commune)
    assert child["split_into"] == others and successor["letters"] == 70
    for other in others:
        row = next(row for row in table if row["unit"] == other)
        assert row["letters"] == 0  # counted once, at the default successor

    client.force_login(province_admin)
    page = client.get(
        DASHBOARD,
        {"programme": ls_programme.pk, "scope": lang_son.pk, "start": "2023-01-01", "end": "2023-12-31"},
    ).content.decode()
    assert 'data-testid="split-note"' in page
    review = review_factory(
        programme=ls_programme, scope_unit=lang_son, period_start=D(2023, 1, 1), period_end=D(2023, 12, 31)
    )
    pdf_html = render_to_string("pdf/review.html", review_document(review=review))
    footnote = pdf_html.split("† Xã được chia")[1].split("</p>")[0]
    assert split_commune.name in footnote and all(other.name in footnote for other in others)


# --- Before the reform, a legacy scope is listed as it was ------------------------------------------


def test_a_legacy_scope_before_the_reform_lists_its_communes_as_they_were(
    ls_programme, lang_son_legacy, ls_data
):
    table = commune_table(
        programme=ls_programme,
        communes=scope_communes(unit=lang_son_legacy, programme=ls_programme),
        start=D(2019, 4, 24),
        end=D(2024, 12, 31),
        unit=lang_son_legacy,
    )
    assert {row["unit"].era for row in table} == {AdminUnit.Era.LEGACY}
    assert not any(row["children"] for row in table)


def test_a_2025_communes_figures_add_its_predecessors_history_to_its_own_work(
    ls_programme, ls_communes, ls_data
):
    successor = ls_communes[0].successor
    tally_record(
        commune=successor,
        by=None,
        period_start=D(2025, 7, 1),
        period_end=D(2025, 12, 31),
        forms=10,
        satisfied=9,
    )
    merged = [row for row in ls_data if row[0].successor_id == successor.pk]
    figures = review_figures(
        programme=ls_programme,
        communes=scope_communes(unit=successor),
        start=D(2019, 1, 1),
        end=D(2025, 12, 31),
    )
    assert figures.survey.forms == 10 + sum(row[4] for row in merged)
    assert figures.feedback["resolved"] == sum(row[7] + row[8] for row in merged)
    assert figures.communes == 1 and figures.enrolled == 1  # Long Hưng-like: one 2025 commune, enrolled
