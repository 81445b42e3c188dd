"""Filters of administrative units, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from friendly_gov.filters import IdFilter, YesNoFilter

from ..models import AdminUnit
from ..selectors.units import unit_search


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tên"),
        method="filter_q",
        help_text=_(
            'Gõ có dấu hoặc không dấu, theo thứ tự bất kỳ, kèm tên đơn vị cấp trên nếu cần: "tien duc", '
            '"hoa binh hung ha". Đơn vị từ 01/07/2025 được tìm cả theo tên các đơn vị trước đây.'
        ),
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp"), choices=AdminUnit.Level.choices, empty_label=_("Tất cả")
    )
    current = YesNoFilter(
        label=_("Hiện hành"),
        method="filter_current",
        help_text=_("true: đơn vị sau sắp xếp 01/07/2025; false: đơn vị trước đó."),
    )
    parent = IdFilter(label=_("Đơn vị cấp trên (id)"), field_name="parent_id")

    class Meta:
        model = AdminUnit
        fields = ["q", "level", "current", "parent"]

    def filter_q(self, queryset, name, value):
        return unit_search(queryset=queryset, q=value)

    def filter_current(self, queryset, name, value):
        # A plain filter, so that the order of a search (`q`, declared first) stays.
        return queryset.filter(era=AdminUnit.Era.CURRENT if value else AdminUnit.Era.LEGACY)
