"""Filters shared by every app's FilterSets (django-filter)."""

import django_filters
from django import forms

# PostgreSQL's bigint, the type of every primary key (DEFAULT_AUTO_FIELD).
BIGINT_MAX = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole positive number the database can hold. Anything else ("abc", "1.5",
    "-1") is a form error: the API answers 400, a page ignores the filter. (NumberFilter reads a
    decimal and would have taken "1.5" for 1.)"""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (a date's __year lookup fails outside 1-9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
