"""Filters of criteria sets, self-assessments and the ranking, shared by the pages and the API.
Choice lists (programmes, sets) are limited to the user's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from friendly_gov.filters import IdFilter, YesNoFilter

from ..models import CriteriaSet, Programme, SelfAssessment, fold
from ..scope import scope_queryset
from ..selectors.criteria import PROGRAMME_SCOPE, SET_SCOPE


def _programmes(request):
    if request is None:  # schema generation
        return Programme.objects.none()
    return scope_queryset(Programme.objects.all(), user=request.user, via=PROGRAMME_SCOPE).select_related(
        "owner_unit"
    )


def _criteria_sets(request):
    if request is None:
        return CriteriaSet.objects.none()
    return (
        scope_queryset(CriteriaSet.objects.all(), user=request.user, via=SET_SCOPE)
        .filter(published_at__isnull=False)
        .order_by("programme__name", "-version")
    )


class CriteriaSetFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Chương trình"), queryset=_programmes, empty_label=_("Tất cả")
    )
    published = YesNoFilter(
        label=_("Đã công bố"), field_name="published_at", lookup_expr="isnull", exclude=True
    )
    q = django_filters.CharFilter(label=_("Tên bộ tiêu chí"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = CriteriaSet
        fields = ["programme", "published", "q"]


class _AssessmentFilterBase(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Chương trình"),
        queryset=_programmes,
        field_name="criteria_set__programme",
        empty_label=_("Tất cả"),
    )
    criteria_set = django_filters.ModelChoiceFilter(
        label=_("Bộ tiêu chí"), queryset=_criteria_sets, empty_label=_("Tất cả")
    )
    period_label = django_filters.CharFilter(label=_("Kỳ đánh giá"), lookup_expr="iexact")


class AssessmentFilter(_AssessmentFilterBase):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=SelfAssessment.Status.choices, empty_label=_("Tất cả")
    )
    commune = IdFilter(label=_("Xã (id)"), field_name="commune_id")
    commune_name = django_filters.CharFilter(label=_("Tên xã"), method="filter_commune_name")

    class Meta:
        model = SelfAssessment
        fields = ["programme", "criteria_set", "period_label", "status", "commune", "commune_name"]

    def filter_commune_name(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(commune__search_name__contains=word)
        return queryset


class RankingFilter(_AssessmentFilterBase):
    """Narrows the ranking before ranks are computed: by programme, set and period only, so a
    commune's rank does not depend on which other filters are applied."""

    verified_only = YesNoFilter(label=_("Chỉ kết quả đã thẩm định"), method="filter_verified_only")

    class Meta:
        model = SelfAssessment
        fields = ["programme", "criteria_set", "period_label", "verified_only"]

    def filter_verified_only(self, queryset, name, value):
        if value:
            return queryset.filter(status=SelfAssessment.Status.VERIFIED)
        return queryset
