"""Forms and filters of the dossiers' pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communes.forms.slips import ApologySlipForm

from .models import Dossier
from .selectors import with_code_starting


class DossierFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(
        label=_("Mã hồ sơ"),
        method="filter_code",
        help_text=_("Cả mã, hoặc phần đầu của mã (ví dụ 000.00.31.H26-2603: hồ sơ tháng 3/2026 của đơn vị)."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Dossier.Status.choices, empty_label=_("Tất cả")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Kết quả xử lý"), choices=Dossier.Outcome.choices, empty_label=_("Tất cả")
    )
    owing = django_filters.BooleanFilter(
        label=_("Quá hạn, chưa có phiếu xin lỗi"),
        method="filter_owing",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Dossier
        fields = ["code", "status", "outcome", "owing"]

    def filter_code(self, queryset, name, value):
        return with_code_starting(queryset, value)

    def filter_owing(self, queryset, name, value):
        from django.utils import timezone

        if not value:
            return queryset
        return queryset.filter(
            status=Dossier.Status.PROCESSING, due_on__lt=timezone.localdate(), has_slip=False
        )


class DossierImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp hồ sơ (CSV hoặc Excel)"),
        help_text=_(
            "Các cột: ma_ho_so, ma_tthc, ten_tthc, linh_vuc, kenh, ngay_tiep_nhan, ngay_hen_tra (hoặc "
            "thoi_han: số ngày làm việc), ngay_tra_ket_qua, trang_thai, can_bo, ma_xa. Ngày dạng "
            "dd/mm/yyyy [HH:MM] hoặc yyyyMMddHHmmss. Tối đa 5 MB, 20.000 dòng."
        ),
    )


class DossierDelayForm(ApologySlipForm):
    """The new date of a late dossier and its apology slip."""


class IndicatorsForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.IntegerField(label=_("Mã đơn vị (id)"), required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
