"""Filters of programmes, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Enrolment, Programme, fold


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Programme.Status.choices, empty_label=_("Tất cả")
    )
    q = django_filters.CharFilter(label=_("Tên"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Programme
        fields = ["status", "q"]


class EnrolmentFilter(django_filters.FilterSet):
    """The per-commune table of a programme overview."""

    level = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=Enrolment.Level.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Enrolment.Status.choices, empty_label=_("Tất cả")
    )
    district = django_filters.CharFilter(label=_("Huyện"), method="filter_district")
    commune_name = django_filters.CharFilter(label=_("Tên xã"), method="filter_commune_name")

    class Meta:
        model = Enrolment
        fields = ["level", "status", "district", "commune_name"]

    def filter_district(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(commune__parent__search_name__contains=word)
        return queryset

    def filter_commune_name(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(commune__search_name__contains=word)
        return queryset
