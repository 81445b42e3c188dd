"""Filters of codes of conduct, the staff register and pledges, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from friendly_gov.filters import IdFilter

from ..models import CodeOfConduct, Pledge, StaffMember
from ..selectors.conduct import name_search


class CodeFilter(django_filters.FilterSet):
    NATIONAL, LOCAL = "national", "local"

    q = django_filters.CharFilter(label=_("Tên"), method="filter_q")
    owner = django_filters.ChoiceFilter(
        label=_("Phạm vi"),
        choices=[(NATIONAL, _("Dùng chung toàn quốc")), (LOCAL, _("Của tỉnh, huyện"))],
        empty_label=_("Tất cả"),
        method="filter_owner",
    )
    programme = IdFilter(label=_("Chương trình (id)"), field_name="programmes")

    class Meta:
        model = CodeOfConduct
        fields = ["q", "owner", "programme"]

    def filter_q(self, queryset, name, value):
        return name_search(queryset, field="name", q=value)

    def filter_owner(self, queryset, name, value):
        return queryset.filter(owner_unit__isnull=value == self.NATIONAL)


class CodePageFilter(CodeFilter):
    """The list page filters by name and scope; the programme filter serves the API and links."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.data or {}).get("programme"):
            self.filters.pop("programme")


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Họ tên"), method="filter_q", help_text=_("Gõ có dấu hoặc không dấu: “nguyen van”.")
    )
    active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("1", _("Đang công tác")), ("0", _("Đã nghỉ"))],
        empty_label=_("Tất cả"),
        method="filter_active",
    )
    commune = IdFilter(label=_("Xã (id)"), field_name="commune_id")

    class Meta:
        model = StaffMember
        fields = ["q", "active", "commune"]

    def filter_q(self, queryset, name, value):
        return name_search(queryset, field="full_name", q=value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class CommuneStaffFilter(StaffFilter):
    """The register of one commune: the commune is in the URL."""

    class Meta(StaffFilter.Meta):
        fields = ["q", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("commune")


class PledgeFilter(django_filters.FilterSet):
    code = IdFilter(label=_("Bộ quy tắc (id)"), field_name="code_id")
    commune = IdFilter(label=_("Xã (id)"), field_name="staff_member__commune_id")
    staff_member = IdFilter(label=_("Cán bộ (id)"), field_name="staff_member_id")

    class Meta:
        model = Pledge
        fields = ["code", "commune", "staff_member"]
