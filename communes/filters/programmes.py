"""Filters of programmes, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Programme


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Programme.Status.choices, empty_label=_("Tất cả")
    )
    q = django_filters.CharFilter(label=_("Tên"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Programme
        fields = ["status", "q"]
