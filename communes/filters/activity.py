"""Filters of the activity log lists, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from friendly_gov.filters import IdFilter

from ..models import ActivityRecord, fold


class CommuneFilterMixin(django_filters.FilterSet):
    commune = IdFilter(label=_("Xã (id)"), field_name="commune_id")
    commune_name = django_filters.CharFilter(label=_("Tên xã"), method="filter_commune_name")

    def filter_commune_name(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(commune__search_name__contains=word)
        return queryset


class ActivityFilter(CommuneFilterMixin):
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=ActivityRecord.Kind.choices, empty_label=_("Tất cả")
    )
    date_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="period_end", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="period_end", lookup_expr="lte")
    source = django_filters.ChoiceFilter(
        label=_("Nguồn"), choices=ActivityRecord.Source.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = ActivityRecord
        fields = ["kind", "date_from", "date_to", "source", "commune", "commune_name"]


def dated_filter(model, date_field: str) -> type[django_filters.FilterSet]:
    """A FilterSet of `model` by commune and by a date range on `date_field`."""
    meta = type("Meta", (), {"model": model, "fields": ["date_from", "date_to", "commune", "commune_name"]})
    return type(
        f"{model.__name__}Filter",
        (CommuneFilterMixin,),
        {
            "Meta": meta,
            "date_from": django_filters.DateFilter(
                label=_("Từ ngày"), field_name=date_field, lookup_expr="gte"
            ),
            "date_to": django_filters.DateFilter(
                label=_("Đến ngày"), field_name=date_field, lookup_expr="lte"
            ),
        },
    )
