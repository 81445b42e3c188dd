"""Filters of the dialogues lists, shared by the pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import User, fold
from communes.scope import visible_units
from friendly_gov.filters import IdFilter, YesNoFilter

from .models import Category, Dialogue, FeedbackItem


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class OfficerFilter(django_filters.ModelChoiceFilter):
    """An officer chosen by name."""

    field_class = OfficerChoiceField


def _assignees(request):
    """The officers a list can be filtered by: those of the user's scope, by name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(role=User.Role.COMMUNE_OFFICER, commune__in=visible_units(user)).order_by(
        "last_name", "first_name", "username"
    )


class CommuneNameMixin(django_filters.FilterSet):
    commune = IdFilter(label=_("Xã (id)"), field_name="commune_id")
    commune_name = django_filters.CharFilter(label=_("Tên xã"), method="filter_commune_name")

    def filter_commune_name(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(commune__search_name__contains=word)
        return queryset


class FeedbackFilter(CommuneNameMixin):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=FeedbackItem.Status.choices, empty_label=_("Tất cả")
    )
    open = YesNoFilter(label=_("Đang xử lý"), method="filter_open")
    overdue = YesNoFilter(label=_("Quá hạn"), method="filter_overdue")
    channel = django_filters.ChoiceFilter(
        label=_("Kênh"), choices=FeedbackItem.Channel.choices, empty_label=_("Tất cả")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Loại"), queryset=Category.objects.all(), empty_label=_("Tất cả")
    )
    # By name on the page (the officers the user may see), by id in the API.
    assignee = OfficerFilter(label=_("Cán bộ xử lý"), queryset=_assignees, empty_label=_("Tất cả"))
    mine = YesNoFilter(label=_("Của tôi"), method="filter_mine")
    received_from = django_filters.DateFilter(
        label=_("Tiếp nhận từ"), field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label=_("Tiếp nhận đến"), field_name="received_on", lookup_expr="lte"
    )
    q = django_filters.CharFilter(label=_("Mã tra cứu, nội dung"), method="filter_q")

    class Meta:
        model = FeedbackItem
        fields = [
            "q",
            "status",
            "open",
            "overdue",
            "channel",
            "category",
            "mine",
            "assignee",
            "received_from",
            "received_to",
            "commune",
            "commune_name",
        ]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=FeedbackItem.OPEN)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=FeedbackItem.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None and user.is_authenticated:
            return queryset.filter(assignee=user)
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(tracking_code__iexact=value) | Q(content__icontains=value))


class DialogueFilter(CommuneNameMixin):
    held_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Dialogue
        fields = ["held_from", "held_to", "commune", "commune_name"]


class PeriodFilter(django_filters.FilterSet):
    """The period of the indicators (overview page, API)."""

    start = django_filters.DateFilter(label=_("Từ ngày"), method="noop")
    end = django_filters.DateFilter(label=_("Đến ngày"), method="noop")
    commune_name = django_filters.CharFilter(label=_("Tên xã"), method="filter_commune_name")

    def noop(self, queryset, name, value):
        return queryset

    def filter_commune_name(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset
