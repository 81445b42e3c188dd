"""Filters of the surveys app's staff lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Service


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, lĩnh vực"), method="filter_q")
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=[], empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=[("active", _("Đang sử dụng")), ("inactive", _("Ngừng sử dụng"))],
        empty_label=_("Tất cả"),
        method="filter_status",
    )

    class Meta:
        model = Service
        fields = ["q", "field", "status"]

    def __init__(self, *args, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["field"].extra["choices"] = [(name, name) for name in fields]

    def filter_q(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(name__icontains=word) | Q(field__icontains=word))
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")
