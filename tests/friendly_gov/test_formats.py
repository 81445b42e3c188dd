"""Vietnamese number and date formats (100.980; 96,9%; 16/01/2025), English second."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load vn %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "100.980 · 96,9% · 16/01/2025 · 1.234,5"), ("en", "100,980 · 96.9% · 16/01/2025 · 1,234.5")],
)
def test_numbers_percentages_and_dates(language, expected):
    with translation.override(language):
        text = render(
            "{{ forms|number }} · {{ rate|percent }} · {{ day|date:'SHORT_DATE_FORMAT' }} · {{ x|number:1 }}",
            forms=100980,
            rate=0.969,
            day=datetime.date(2025, 1, 16),
            x=1234.5,
        )
    assert text == expected


def test_a_percentage_given_as_a_percentage_is_not_multiplied_again():
    with translation.override("vi"):
        assert render("{{ v|percent }}", v=96.9) == "96,9%"


def test_missing_values_show_a_dash():
    assert render("{{ v|number }} {{ v|percent }}", v=None) == "– –"
