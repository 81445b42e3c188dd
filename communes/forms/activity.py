"""Forms of the activity log. Validation of business rules happens in services; these forms only
shape the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendly_gov.forms import DateInput

from ..models import ActivityRecord, FacilityCheck


class ActivityEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=ActivityRecord.Kind.choices,
        widget=forms.RadioSelect,
        initial=ActivityRecord.Kind.THANKS,
    )
    occurred_on = forms.DateField(label=_("Ngày"), widget=DateInput(), initial=timezone.localdate)
    recipient = forms.CharField(
        label=_("Người nhận"),
        max_length=160,
        required=False,
        help_text=_("Không bắt buộc. Chỉ cán bộ trong phạm vi xã, tỉnh mới xem được."),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ActivityTallyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ActivityRecord.Kind.choices)
    period_start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    period_end = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    count = forms.IntegerField(label=_("Số lượng"), min_value=1)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc Excel (.xlsx)"),
        help_text=_("Cột: ma_xa, loai, tu_ngay, den_ngay, so_luong, ghi_chu (không bắt buộc)."),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi xác nhận nhập lại tệp đã được nhập trước đây"),
        required=False,
        help_text=_("Số liệu của tệp sẽ được cộng thêm một lần nữa. Chọn lại tệp trước khi bấm nhập."),
    )

    def __init__(self, *args, ask_confirmation: bool = False, **kwargs):
        """The confirmation is offered only once a file has been refused as already imported, so
        nobody ticks it in advance."""
        super().__init__(*args, **kwargs)
        if not ask_confirmation:
            del self.fields["confirm_duplicate"]


class BoxOpeningForm(forms.Form):
    opened_on = forms.DateField(label=_("Ngày mở hòm thư"), widget=DateInput(), initial=timezone.localdate)
    witnesses = forms.CharField(
        label=_("Người chứng kiến"), max_length=500, help_text=_("Họ tên, chức vụ; cách nhau bằng dấu phẩy.")
    )
    letters_found = forms.IntegerField(label=_("Số thư, phiếu góp ý"), min_value=0, initial=0)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FacilityCheckForm(forms.Form):
    """One yes/no and a note per checklist item, the date, photos."""

    checked_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Ghi chú chung"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    photos = MultipleImageField(
        label=_("Ảnh chụp"), required=False, help_text=_("Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB mỗi ảnh.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FacilityCheck.Item.choices:
            self.fields[f"item_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"note_{value}"] = forms.CharField(
                label=_("Ghi chú: %(item)s") % {"item": label}, max_length=255, required=False
            )

    def item_rows(self):
        return [(self[f"item_{value}"], self[f"note_{value}"]) for value in FacilityCheck.Item.values]

    def items(self) -> dict[str, tuple[bool, str]]:
        return {
            value: (self.cleaned_data[f"item_{value}"], self.cleaned_data[f"note_{value}"])
            for value in FacilityCheck.Item.values
        }


class InspectionForm(forms.Form):
    visited_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DateInput(), initial=timezone.localdate)
    visitor = forms.CharField(label=_("Người kiểm tra"), max_length=160)
    visitor_title = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    findings = forms.CharField(label=_("Kết quả, nhận xét"), widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpTaskForm(forms.Form):
    description = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    owner = forms.CharField(label=_("Người thực hiện"), max_length=160, required=False)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())


FollowUpTaskFormSet = forms.formset_factory(FollowUpTaskForm, extra=3, max_num=20)


class FollowUpCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput(), initial=timezone.localdate)
    completion_note = forms.CharField(label=_("Kết quả thực hiện"), max_length=500, required=False)
