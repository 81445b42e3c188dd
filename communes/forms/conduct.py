"""Forms of codes of conduct, the staff register and pledges. They only shape the input; the rules
(unique names, scope, one pledge per member and code, images only) live in the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendly_gov.forms import DateInput

from ..models import AdminUnit, CodeOfConduct, StaffMember, User
from ..selectors.conduct import codes_for_commune, linkable_programmes

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Tên bộ quy tắc"), max_length=40, help_text=_("Ví dụ: 5 biết"))
    description = forms.CharField(
        label=_("Diễn giải"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Quy tắc ứng xử của cán bộ, công chức khi tiếp dân."),
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Đơn vị ban hành"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Dùng chung toàn quốc"),
        error_messages={"invalid_choice": _("Hãy chọn một tỉnh, thành phố trong danh sách.")},
    )
    items = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một nội dung, theo thứ tự trên bảng. Ví dụ: Biết nghe dân nói."),
    )
    name_en = forms.CharField(
        label=_("Tên bộ quy tắc (tiếng Anh)"),
        max_length=60,
        required=False,
        help_text=_("Hiện trên trang tiếng Anh; để trống: dùng tên tiếng Việt."),
    )
    description_en = forms.CharField(label=_("Diễn giải (tiếng Anh)"), max_length=255, required=False)
    items_en = forms.CharField(
        label=_("Nội dung (tiếng Anh)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Cùng thứ tự, mỗi dòng một nội dung; dòng trống: dùng nội dung tiếng Việt."),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Chương trình áp dụng"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Chỉ gắn được chương trình do tỉnh của bạn chủ trì."),
            "invalid_pk_value": _("Chương trình không hợp lệ."),
        },
    )

    def __init__(self, *args, user: User, code: CodeOfConduct | None = None, **kwargs):
        if code is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": code.name,
                    "description": code.description,
                    "items": "\n".join(item.text for item in code.items.order_by("order", "id")),
                    "name_en": code.name_en,
                    "description_en": code.description_en,
                    "items_en": "\n".join(
                        item.text_en for item in code.items.order_by("order", "id")
                    ).rstrip(),
                    "programmes": list(code.programmes.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = linkable_programmes(user=user).order_by("-phase_start", "name")
        if user.is_superuser and code is None:
            self.fields["owner_unit"].queryset = AdminUnit.objects.filter(
                level=AdminUnit.Level.PROVINCE, era=AdminUnit.Era.CURRENT
            ).order_by("name")
        else:
            # A province administrator writes for their own province; an owner never changes.
            del self.fields["owner_unit"]

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]

    def clean_items_en(self) -> list[str]:
        """In the Vietnamese items' order: a blank line keeps its place."""
        return [line.strip() for line in self.cleaned_data["items_en"].splitlines()]


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(
        label=_("Chức vụ"), max_length=160, help_text=_("Ví dụ: Công chức Văn phòng - Thống kê")
    )
    desk = forms.CharField(
        label=_("Vị trí làm việc"), max_length=160, required=False, help_text=_("Ví dụ: Bộ phận một cửa")
    )
    photo = forms.FileField(
        label=_("Ảnh thẻ"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB; in trên biển tên."),
    )
    remove_photo = forms.BooleanField(label=_("Xóa ảnh hiện tại"), required=False)
    is_active = forms.BooleanField(label=_("Đang công tác"), required=False, initial=True)
    order = forms.IntegerField(
        label=_("Thứ tự"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Để trống: xếp cuối danh sách."),
    )

    def __init__(self, *args, member: StaffMember | None = None, **kwargs):
        if member is not None:
            kwargs.setdefault(
                "initial",
                {
                    "full_name": member.full_name,
                    "position": member.position,
                    "desk": member.desk,
                    "is_active": member.is_active,
                    "order": member.order,
                },
            )
        super().__init__(*args, **kwargs)
        if member is None or not member.photo:
            del self.fields["remove_photo"]


class PledgeForm(forms.Form):
    staff_member = forms.ModelChoiceField(
        label=_("Cán bộ"),
        queryset=StaffMember.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một cán bộ đang công tác của xã.")},
    )
    code = forms.ModelChoiceField(
        label=_("Bộ quy tắc"),
        queryset=CodeOfConduct.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một bộ quy tắc áp dụng cho xã.")},
    )
    signed_on = forms.DateField(label=_("Ngày ký cam kết"), widget=DateInput(), initial=timezone.localdate)
    scan = forms.FileField(
        label=_("Bản ký (ảnh hoặc PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT + ",application/pdf"}),
        help_text=_("Không bắt buộc. Ảnh chụp hoặc bản quét PDF, tối đa 10 MB."),
    )

    def __init__(self, *args, commune: AdminUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = StaffMember.objects.filter(
            commune=commune, is_active=True
        ).order_by("order", "full_name")
        self.fields["code"].queryset = (
            codes_for_commune(commune=commune).select_related("owner_unit").order_by("name", "pk")
        )
        self.fields["staff_member"].label_from_instance = lambda m: f"{m.full_name} – {m.position}"
        self.fields["code"].label_from_instance = code_label


def code_label(code: CodeOfConduct) -> str:
    """“5 biết (Tỉnh Lạng Sơn)”: two codes may share a name when their owners differ."""
    owner = code.owner_unit.name if code.owner_unit_id else _("toàn quốc")
    return f"{code.name} ({owner})"
