"""Filters shared by every app's FilterSets (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

# PostgreSQL's bigint, the type of every primary key (DEFAULT_AUTO_FIELD).
BIGINT_MAX = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole positive number the database can hold. Anything else ("abc", "1.5",
    "-1") is a form error: the API answers 400, a page ignores the filter. (NumberFilter reads a
    decimal and would have taken "1.5" for 1.)

    For the API and for links between pages: a page's filter form carries it as a hidden field
    and asks by name instead (a name filter, or a list of names)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter's list: "Tất cả" (no filter) first and by default, then Có, Không."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]

    def format_value(self, value):
        # A list, as every Select's: a string would "contain" the empty choice too.
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")]


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter that shows every row until Có or Không is chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AllYesNoSelect)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year (a date's __year lookup fails outside 1-9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
