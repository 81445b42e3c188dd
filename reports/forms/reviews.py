"""Forms of reviews and their schedules. Choices are limited to the user's scope; the services check
the rules again."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Enrolment, User
from communes.scope import visible_units
from friendly_gov.filters import YearFilter
from friendly_gov.forms import DateInput

from ..models import Review, ReviewSchedule
from ..selectors import reviewable_programmes


def scope_unit_choices(user: User):
    """Provinces and districts the user sees, today's communes and the legacy communes enrolled in
    a programme (a commune review is rare), 2025 units first."""
    enrolled = Enrolment.objects.values("commune")
    return (
        visible_units(user)
        .filter(
            Q(level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT])
            | Q(pk__in=enrolled)
            | Q(level=AdminUnit.Level.COMMUNE, era=AdminUnit.Era.CURRENT)
        )
        .select_related("parent")
        .order_by("era", "level", "name")
    )


def scope_unit_label(unit: AdminUnit) -> str:
    name = f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name
    if unit.is_current:
        return name
    return _("%(name)s – trước 01/07/2025") % {"name": name}


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "programme",
            "scope_unit",
            "kind",
            "period",
            "period_start",
            "period_end",
            "title",
            "number",
            "issuer",
            "place",
            "report_date",
            "conference_date",
            "conference_place",
            "signer_name",
            "signer_title",
            "strengths",
            "weaknesses",
            "lessons",
            "directions",
            "proposals",
            "recipients",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "report_date": DateInput(),
            "conference_date": DateInput(),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
            "strengths": forms.Textarea(attrs={"rows": 5}),
            "weaknesses": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "scope_unit": _(
                "Tỉnh, xã, phường hiện nay (số liệu gồm cả các đơn vị trước 01/07/2025 đã sáp nhập vào), "
                "hoặc tỉnh, huyện, xã trước 01/07/2025."
            ),
            "issuer": _("Để trống: UBND của đơn vị trong phạm vi (từ 01/07/2025: của đơn vị hiện nay)."),
            "place": _("Để trống: tên đơn vị trong phạm vi."),
            "strengths": _(
                "Cán bộ viết trước khi lập báo cáo; thiếu phần nào, báo cáo in ra là bản dự thảo."
            ),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = reviewable_programmes(user=user).order_by("-phase_start", "name")
        self.fields["scope_unit"].queryset = scope_unit_choices(user)
        self.fields["scope_unit"].label_from_instance = scope_unit_label
        self.fields["issuer"].required = False
        self.fields["place"].required = False
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc kỳ phải sau ngày bắt đầu."))
        return data


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReviewSchedule
        fields = ["quarterly", "yearly", "final", "build"]


class ReviewFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Chương trình"), queryset=None, empty_label=_("Tất cả")
    )
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Review.Kind.choices, empty_label=_("Tất cả"))
    year = YearFilter(label=_("Năm"), field_name="period_end__year")

    class Meta:
        model = Review
        fields = ["programme", "kind", "year"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme"].queryset = reviewable_programmes(user=user).order_by("name")
