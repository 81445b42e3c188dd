"""Number formats of official documents: 100.980 and 96,9% in Vietnamese, 100,980 and 96.9% in
English. Dates use the format modules in friendly_gov/formats."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value, decimals=0):
    """100980 -> "100.980" (vi) / "100,980" (en)."""
    if value in (None, ""):
        return "–"
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals=1):
    """A ratio or a percentage as text: 0.969 or 96.9 -> "96,9%". Values up to 1 are ratios."""
    if value in (None, ""):
        return "–"
    value = float(value)
    if -1 <= value <= 1:
        value *= 100
    return f"{number_format(round(value, int(decimals)), decimal_pos=int(decimals), use_l10n=True)}%"
