"""Forms of criteria sets and self-assessments. They shape the input; the rules (bounds, states,
who may do what) are checked by communes.services.criteria."""

from django import forms
from django.utils.translation import gettext_lazy as _

from friendly_gov.forms import DateInput

from ..models import Programme


class CriteriaSetForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Chương trình"), queryset=Programme.objects.none())
    title = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    issued_by = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=160,
        required=False,
        help_text=_("Ví dụ: Phòng Nội vụ huyện Hưng Hà"),
    )

    def __init__(self, *args, programmes=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Tên nhóm tiêu chí"), max_length=255)
    order = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, max_value=32767, required=False, help_text=_("Để trống: xếp cuối.")
    )


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=12, help_text=_("Ví dụ: 1.2 hoặc 1.2.a"))
    title = forms.CharField(label=_("Nội dung"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    max_score = forms.DecimalField(
        label=_("Điểm tối đa"), max_digits=6, decimal_places=2, required=False, localize=True
    )
    order = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, max_value=32767, required=False, help_text=_("Để trống: xếp cuối.")
    )

    def __init__(self, *args, has_children: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["max_score"]
        field.required = not has_children
        if has_children:
            field.disabled = True
            field.help_text = _("Bằng tổng điểm tối đa của các tiêu chí thành phần.")


class AssessmentStartForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=None, empty_label=None)
    period_label = forms.CharField(label=_("Kỳ đánh giá"), max_length=60, help_text=_("Ví dụ: Năm 2024"))
    period_start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    period_end = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    due_on = forms.DateField(label=_("Hạn nộp"), widget=DateInput(), required=False)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the shape check is done by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ScoreForm(forms.Form):
    """One leaf criterion of the score sheet."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    self_score = forms.DecimalField(
        label=_("Điểm tự chấm"),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    evidence = forms.CharField(
        label=_("Minh chứng"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng"), required=False, help_text=_("PDF hoặc ảnh, tối đa 10 MB mỗi tệp.")
    )


class BaseScoreFormSet(forms.BaseFormSet):
    def entries(self) -> list[dict]:
        return [
            {
                "criterion": form.cleaned_data["criterion"],
                "self_score": form.cleaned_data.get("self_score"),
                "evidence": form.cleaned_data.get("evidence", ""),
                "files": form.cleaned_data.get("files") or [],
            }
            for form in self.forms
        ]


ScoreFormSet = forms.formset_factory(ScoreForm, formset=BaseScoreFormSet, extra=0, max_num=1000)


class ReviewForm(forms.Form):
    """The province's decision on one score: blank accepts the commune's score."""

    score = forms.IntegerField(widget=forms.HiddenInput)
    verified_score = forms.DecimalField(
        label=_("Điểm thẩm định"),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Để trống nếu đồng ý với điểm tự chấm."),
    )
    verifier_comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(forms.Form):
    """Sending a submitted assessment back to the commune."""

    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì.")},
        help_text=_(
            "Xã thấy lý do này trên bản tự đánh giá; nhận xét từng tiêu chí đã ghi vẫn được giữ. "
            "Xã sửa, bổ sung rồi gửi thẩm định lại."
        ),
    )


class BaseReviewFormSet(forms.BaseFormSet):
    def reviews(self) -> list[dict]:
        return [
            {
                "score": form.cleaned_data["score"],
                "verified_score": form.cleaned_data.get("verified_score"),
                "verifier_comment": form.cleaned_data.get("verifier_comment", ""),
            }
            for form in self.forms
        ]


ReviewFormSet = forms.formset_factory(ReviewForm, formset=BaseReviewFormSet, extra=0, max_num=1000)
