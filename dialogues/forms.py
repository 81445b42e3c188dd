"""Forms of the dialogues app. Business rules live in services; these forms shape the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.forms.slips import ApologySlipForm
from communes.models import AdminUnit, User
from friendly_gov.forms import DateInput, HoneypotMixin, SubmissionKeyMixin

from .models import Category, FeedbackItem
from .selectors import active_categories


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CommuneCategoriesMixin:
    """The `category` choices of a feedback item of `commune`: the shared categories and those of
    its province (the service refuses any other)."""

    def __init__(self, *args, commune: AdminUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories(commune=commune)


class CategoryChoiceField(forms.ModelChoiceField):
    """A feedback category by its name in the page's language."""

    def label_from_instance(self, obj: Category) -> str:
        return obj.shown_name


class CategoryRadioSelect(forms.RadioSelect):
    """The kinds a citizen chooses from, as radio buttons: no "---------" line, and each kind's
    group in a data attribute (the form says more under khiếu nại and tố cáo)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class PublicFeedbackForm(CommuneCategoriesMixin, SubmissionKeyMixin, HoneypotMixin, forms.Form):
    category = CategoryChoiceField(
        label=_("Ông/Bà muốn gửi"),
        queryset=Category.objects.none(),
        widget=CategoryRadioSelect,
        empty_label=None,
        error_messages={"required": _("Vui lòng chọn loại ý kiến Ông/Bà muốn gửi.")},
    )
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Mô tả vụ việc: ở đâu, khi nào, điều Ông/Bà đề nghị."),
    )
    citizen_name = forms.CharField(
        label=_("Họ tên"),
        max_length=160,
        required=False,
        help_text=_("Bắt buộc với khiếu nại, tố cáo; không bắt buộc với loại khác."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    citizen_address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=255,
        required=False,
        help_text=_("Bắt buộc với khiếu nại, tố cáo; không bắt buộc với loại khác."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    citizen_phone = forms.CharField(
        label=_("Số điện thoại (không bắt buộc)"),
        max_length=20,
        required=False,
        help_text=_("Chỉ cán bộ xử lý được xem; không hiển thị công khai."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    citizen_email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        help_text=_("Nếu ghi, Ông/Bà nhận mã tra cứu qua thư điện tử."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    attachments = MultipleFileField(
        label=_("Ảnh, tệp đính kèm (không bắt buộc)"),
        help_text=_("Ảnh JPEG, PNG, WebP hoặc PDF, tối đa 10 MB."),
    )


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20, help_text=_("Ví dụ: PA-7K3MX9QH"))


class FollowUpForm(HoneypotMixin, forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Vấn đề của Ông/Bà đã được giải quyết chưa?"),
        choices=[("1", _("Đã được giải quyết")), ("0", _("Chưa được giải quyết"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class FeedbackReceiveForm(CommuneCategoriesMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[c for c in FeedbackItem.Channel.choices if c[0] not in {"online", "dialogue", "box"}],
    )
    category = forms.ModelChoiceField(label=_("Loại"), queryset=Category.objects.none())
    received_on = forms.DateField(label=_("Ngày tiếp nhận"), widget=DateInput(), initial=timezone.localdate)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    citizen_name = forms.CharField(label=_("Họ tên người gửi"), max_length=160, required=False)
    citizen_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    citizen_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    citizen_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    attachments = MultipleFileField(label=_("Tệp đính kèm"))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho cán bộ"), queryset=User.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["assignee"].queryset = officers
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AnswerForm(forms.Form):
    public_answer = forms.CharField(
        label=_("Trả lời người dân (công khai theo mã tra cứu)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    note = forms.CharField(label=_("Ghi chú nội bộ"), max_length=500, required=False)


class TransferForm(forms.Form):
    transferred_to = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Lý do không thụ lý"), widget=forms.Textarea(attrs={"rows": 2}))


class DuplicateForm(forms.Form):
    duplicate_code = forms.CharField(label=_("Mã tra cứu của phản ánh gốc"), max_length=20)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RescheduleForm(ApologySlipForm):
    """The new date of a feedback item and its apology slip."""


class DialogueForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày đối thoại"), widget=DateInput(), initial=timezone.localdate)
    chaired_by = forms.CharField(label=_("Người chủ trì"), max_length=255, help_text=_("Họ tên, chức vụ."))
    participants = forms.CharField(label=_("Thành phần tham dự"), widget=forms.Textarea(attrs={"rows": 2}))
    participant_count = forms.IntegerField(label=_("Số người dân tham dự"), min_value=0, initial=0)
    topics = forms.CharField(label=_("Nội dung đối thoại"), widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("Biên bản (PDF hoặc ảnh)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/*"}),
    )


class RaiseItemForm(CommuneCategoriesMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("Loại"), queryset=Category.objects.none())
    content = forms.CharField(label=_("Ý kiến, kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    citizen_name = forms.CharField(label=_("Người nêu ý kiến"), max_length=160, required=False)
    citizen_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("Nội dung cam kết"), max_length=500)
    owner = forms.CharField(label=_("Người chịu trách nhiệm"), max_length=160)
    due_on = forms.DateField(label=_("Hạn thực hiện"), widget=DateInput())


class CommitmentDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DateInput(), initial=timezone.localdate)
    done_note = forms.CharField(label=_("Kết quả thực hiện"), max_length=500, required=False)


class BoxLetterForm(CommuneCategoriesMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("Loại"), queryset=Category.objects.none())
    content = forms.CharField(label=_("Nội dung thư"), widget=forms.Textarea(attrs={"rows": 2}))
    citizen_name = forms.CharField(label=_("Người gửi"), max_length=160, required=False)


BoxLetterFormSet = forms.formset_factory(BoxLetterForm, extra=3, max_num=50)


class BulkAssignForm(forms.Form):
    items = forms.ModelMultipleChoiceField(label=_("Phản ánh"), queryset=FeedbackItem.objects.none())
    assignee = forms.ModelChoiceField(label=_("Giao cho cán bộ"), queryset=User.objects.none())

    def __init__(self, *args, items=None, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items if items is not None else FeedbackItem.objects.none()
        self.fields["assignee"].queryset = officers if officers is not None else User.objects.none()
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Tên loại"), max_length=160)
    name_en = forms.CharField(
        label=_("Tên loại (tiếng Anh)"),
        max_length=160,
        required=False,
        help_text=_("Hiện trên trang tiếng Anh; để trống: dùng tên tiếng Việt."),
    )
    kind = forms.ChoiceField(label=_("Nhóm"), choices=Category.Kind.choices)
    time_limit_days = forms.IntegerField(
        label=_("Thời hạn giải quyết (ngày)"),
        min_value=1,
        max_value=365,
        help_text=_("Áp dụng cho phản ánh tiếp nhận từ nay; hạn đã giao giữ nguyên."),
    )
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)
