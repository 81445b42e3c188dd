"""Ranking without arbitrary ties: equal points share a rank ("1, 1, 3"), the leading and lagging
lists and the award nominations keep a tie at their cut whole and marked (staff choose, never the
alphabet), and the points' formula is printed beside every ranking."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from communes.models import AdminUnit
from reports.selectors import (
    commune_table,
    cut,
    leading_and_lagging,
    rank_rows,
    review_document,
    scope_communes,
)
from surveys.services import tally_record

D = datetime.date
pytestmark = pytest.mark.django_db
FORMULA = "Điểm xếp hạng = trung bình cộng"


def rows_with(points: list[float | None]) -> list[dict]:
    units = [AdminUnit(pk=n + 1, name=f"Xã {chr(ord('A') + n)}") for n in range(len(points))]
    return [
        {"unit": unit, "points": value, "rank": None, "rank_label": ""}
        for unit, value in zip(units, points, strict=True)
    ]


def test_equal_points_share_a_rank_and_the_next_rank_skips():
    rows = rank_rows(rows_with([0.9, 1.0, None, 1.0, 0.5, 0.9]))
    assert [(row["unit"].name, row["rank"], row["rank_label"]) for row in rows] == [
        ("Xã B", 1, "1="),
        ("Xã D", 1, "1="),
        ("Xã A", 3, "3="),
        ("Xã F", 3, "3="),
        ("Xã E", 5, "5"),
        ("Xã C", None, ""),
    ]


def test_a_cut_keeps_a_tie_whole():
    rows = rank_rows(rows_with([1.0, 0.95, 0.9, 0.9, 0.9, 0.8]))
    result = cut(rows, size=3)
    assert [row["unit"].name for row in result.sure] == ["Xã A", "Xã B"]
    assert [row["unit"].name for row in result.tied] == ["Xã C", "Xã D", "Xã E"]
    assert result.places == 1
    exact = cut(rows, size=5)
    assert len(exact.sure) == 5 and not exact.tied


@pytest.fixture
def tie(lang_son_legacy, ls_programme):
    """Eight Lạng Sơn communes rated over 2023: five at 100%, then 90%, 80% and 70%. The tied
    five are not the alphabetically first eight's first five."""
    communes = list(AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code")[:8])
    rates = [100, 90, 100, 80, 100, 70, 100, 100]
    for commune, satisfied in zip(communes, rates, strict=True):
        tally_record(
            commune=commune,
            by=None,
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
            forms=100,
            satisfied=satisfied,
        )
    top = [c for c, rate in zip(communes, rates, strict=True) if rate == 100]
    return {"communes": communes, "top": top, "rates": dict(zip(communes, rates, strict=True))}


def table_of(ls_programme, lang_son_legacy):
    return commune_table(
        programme=ls_programme,
        communes=scope_communes(unit=lang_son_legacy),
        start=D(2023, 1, 1),
        end=D(2023, 12, 31),
        unit=lang_son_legacy,
    )


def test_the_commune_table_ranks_ties_together(ls_programme, lang_son_legacy, tie):
    table = table_of(ls_programme, lang_son_legacy)
    ranked = [row for row in table if row["rank"] is not None]
    assert [row["rank"] for row in ranked] == [1, 1, 1, 1, 1, 6, 7, 8]
    assert {row["unit"] for row in ranked[:5]} == set(tie["top"])
    assert all(row["tied"] for row in ranked[:5]) and not ranked[5]["tied"]


def test_the_leading_list_shows_the_whole_tie_and_the_lagging_list_the_rest(
    ls_programme, lang_son_legacy, tie
):
    leading, lagging = leading_and_lagging(table_of(ls_programme, lang_son_legacy))
    # Four places (half of eight) and five communes at 100%: all five listed, none picked.
    assert not leading.sure and {row["unit"] for row in leading.tied} == set(tie["top"])
    assert leading.places == 4
    assert [tie["rates"][row["unit"]] for row in lagging] == [70, 80, 90]
    assert not lagging.tied


def test_the_dashboard_marks_the_tie_and_prints_the_formula(
    client, province_admin, ls_programme, lang_son_legacy, tie
):
    client.force_login(province_admin)
    response = client.get(
        reverse("reports:dashboard"),
        {"programme": ls_programme.pk, "start": "2023-01-01", "end": "2023-12-31"},
    )
    html = response.content.decode()
    assert FORMULA in html and "(1, 1, 3)" in html
    tie_item = html.split('data-testid="leading-tie"')[1].split("</li>")[0]
    assert "5 xã cùng 100,0% (đồng hạng 1), còn 4 chỗ" in tie_item
    assert all(commune.name in tie_item for commune in tie["top"])
    table = html.split('data-testid="commune-table"')[1]
    assert table.count(">1=<") == 5 and ">6<" in table


def test_the_pdf_prints_the_tie_and_the_formula(review_factory, ls_programme, lang_son_legacy, tie):
    review = review_factory(
        programme=ls_programme,
        scope_unit=lang_son_legacy,
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
    )
    html = render_to_string("pdf/review.html", review_document(review=review))
    assert FORMULA in html
    leading = html.split("Dẫn đầu:")[1].split("</p>")[0]
    assert "5 đơn vị đồng hạng 1 với cùng 100,0% cho 4 vị trí còn lại" in leading
    assert all(commune.name in leading for commune in tie["top"])
    assert html.count('<td class="center">1=</td>') == 5


# --- Award nominations --------------------------------------------------------------------------


@pytest.fixture
def decision(award_decision_factory, ls_programme, review_factory, lang_son_legacy):
    review = review_factory(
        programme=ls_programme,
        scope_unit=lang_son_legacy,
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
    )
    return award_decision_factory(programme=ls_programme, review=review)


def test_nominations_tick_no_commune_of_a_tie_at_the_cut(client, province_admin, decision, tie):
    client.force_login(province_admin)
    response = client.get(reverse("reports:nominate", args=[decision.pk]), {"top": 3})
    assert response.status_code == 200
    # Three awards, five communes at 100%: none ticked, all five listed and marked for staff.
    assert response.context["checked"] == set()
    assert {row["unit"] for row in response.context["tie"]} == set(tie["top"])
    html = response.content.decode()
    assert html.count('data-tie="1"') == 5 and " checked>" not in html
    assert "5 xã cùng đạt 100,0% (đồng hạng 1) ở vị trí cắt của 3 xã dẫn đầu" in html
    assert "Hãy chọn 3 xã trong số đó" in html and FORMULA in html
    # Room for all five and more: the five are ticked, the next commune is not.
    wider = client.get(reverse("reports:nominate", args=[decision.pk]), {"top": 6})
    assert wider.context["checked"] == {c.pk for c in tie["top"]} | {tie["communes"][1].pk}
    assert not wider.context["tie"]


def test_staff_choose_among_the_tie_and_the_awards_keep_the_shared_rank(
    client, province_admin, decision, tie
):
    chosen = [tie["top"][4], tie["top"][2]]  # not the first by name
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:nominate", args=[decision.pk]), {"top": 2, "communes": [c.pk for c in chosen]}
    )
    assert response.status_code == 302
    awards = list(decision.awards.order_by("order"))
    assert {a.commune for a in awards} == set(chosen) and {a.rank for a in awards} == {1}
