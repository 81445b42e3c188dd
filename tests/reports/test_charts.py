"""The server-drawn SVG charts: escaped labels, gaps for missing values, numbers as the language
writes them, bars in proportion, and plain SVG that a PDF renderer reads."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from reports.charts import bar_chart, column_chart, line_chart, value_text

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="250" y="[\d.]+" width="([\d.]+)"', svg)]


def test_it_escapes_labels_titles_and_descriptions():
    svg = bar_chart(
        [('<script>alert("x")</script>', 0.5), ("Xã A & B", 0.2)], percent=True, title="<b>Hài lòng</b>"
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    assert "Xã A &amp; B" in svg
    assert "&lt;b&gt;Hài lòng&lt;/b&gt;" in svg
    line = line_chart([("<i>2020</i>", 0.5)], percent=True, title="x")
    column = column_chart([("<u>2019</u>", [1, 2])], series=["<em>pilot</em>"], notes=["<s>9%</s>"])
    for markup in (line, column):
        assert "<i>" not in markup and "<u>" not in markup and "<em>" not in markup and "<s>" not in markup
    ET.fromstring(svg)  # still well-formed XML


def test_it_is_plain_accessible_svg_with_a_fixed_viewbox():
    for svg in (
        bar_chart([("A", 0.9)], percent=True, title="Tỷ lệ"),
        line_chart([("2020", 0.9), ("2021", 0.95)], percent=True, title="Theo năm"),
        column_chart([("2019", [17, 0]), ("2020", [3, 40])], series=["Xã điểm", "Nhân rộng"]),
    ):
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert re.fullmatch(r"0 0 640 \d+(\.\d+)?", root.get("viewBox"))
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        used = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert used <= {"svg", "title", "desc", "rect", "line", "polyline", "text"}
        assert "var(" not in svg and "foreignObject" not in svg and "<script" not in svg
        assert "Friendly Gov Serif" in svg  # the project's font (static/fonts/), as in the PDFs


def test_it_formats_numbers_the_vietnamese_way_and_the_english_way():
    svg = bar_chart([("Hài lòng chung", 0.969)], percent=True)
    assert ">96,9%<" in svg
    counts = bar_chart([("Thư cảm ơn", 1336)], percent=False)
    assert ">1.336<" in counts
    with translation.override("en"):
        assert ">96.9%<" in bar_chart([("Overall", 0.969)], percent=True)
        assert ">1,336<" in bar_chart([("Thanks", 1336)], percent=False)
    assert value_text(None, percent=True) == "—"
    assert value_text(2.5, percent=False) == "2,5"


def test_it_draws_bars_in_proportion():
    widths = bar_widths(bar_chart([("A", 0.25), ("B", 0.5), ("C", 1.0)], percent=True))
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[2] == pytest.approx(4 * widths[0])
    counts = bar_widths(bar_chart([("A", 50), ("B", 100)], percent=False))
    assert counts[1] == pytest.approx(2 * counts[0])
    # Counts are drawn against the largest value, or against max_value when given.
    capped = bar_widths(bar_chart([("A", 50), ("B", 100)], percent=False, max_value=200))
    assert capped[1] == pytest.approx(counts[1] / 2)


def test_it_draws_a_missing_value_as_a_gap_labelled_with_a_dash():
    svg = bar_chart([("A", 0.5), ("Không có số liệu", None), ("C", 0.0)], percent=True)
    assert len(bar_widths(svg)) == 2  # A, and C with zero width; nothing for the missing one
    assert ">—<" in svg
    assert "Không có số liệu: —" in svg  # in the description too

    line = line_chart(
        [("2019", 0.8), ("2020", 0.9), ("2021", None), ("2022", 0.95), ("2023", 0.97)], percent=True
    )
    polylines = re.findall(r'<polyline points="([^"]+)"', line)
    assert len(polylines) == 2  # the line breaks at 2021
    assert [len(p.split()) for p in polylines] == [2, 2]
    assert ">—<" in line and ">97,0%<" in line


def test_it_stacks_rollout_columns_with_their_notes():
    svg = column_chart(
        [("2019", [17, 0]), ("2021", [0, 34])],
        series=["Xã điểm", "Nhân rộng"],
        notes=["8,5%", "25,4%"],
        title="Nhân rộng",
    )
    heights = [
        float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    # The background, the legend's two squares, then one part per non-zero value.
    assert len(heights) == 5 and heights[4] == pytest.approx(2 * heights[3])
    assert ">8,5%<" in svg and ">25,4%<" in svg and ">34<" in svg
    assert "2019: Xã điểm 17, Nhân rộng 0 (8,5%)" in svg


def test_it_survives_empty_and_all_missing_series():
    for svg in (
        bar_chart([], percent=True),
        bar_chart([("A", None)], percent=False),
        line_chart([("2020", None)], percent=True),
        column_chart([], series=["A"]),
    ):
        ET.fromstring(svg)
