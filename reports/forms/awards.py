"""Forms of award decisions and their awardees, and the filter of the decisions list. They only
shape the input; the rules (scope, duplicates, a signed decision is closed) live in the services."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Programme, StaffMember, User
from friendly_gov.forms import DateInput

from ..models import Award, AwardDecision, Review
from ..selectors import award_communes, award_programmes, award_staff, reviewable_programmes

NOMINATE_DEFAULT = 5
NOMINATE_MAX = 50


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.parent_id and obj.parent.level == AdminUnit.Level.DISTRICT:
            return f"{obj.name} – {obj.parent.name}"
        return obj.name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name} – {obj.position} ({obj.commune.name})"


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Review) -> str:
        return f"{obj.get_kind_display()}: {obj.title or obj.programme.name} ({obj.period_end:%Y})"


class DecisionForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Chương trình"),
        queryset=Programme.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một chương trình do tỉnh của bạn chủ trì.")},
    )
    review = ReviewChoiceField(
        label=_("Hội nghị sơ kết, tổng kết"),
        queryset=Review.objects.none(),
        required=False,
        empty_label=_("Không gắn với hội nghị"),
        help_text=_("Quyết định được công bố tại hội nghị nào; các xã được đề xuất theo xếp hạng của kỳ đó."),
    )
    number = forms.CharField(label=_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 125/QĐ-UBND"))
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=160, help_text=_("Ví dụ: UBND TỈNH LẠNG SƠN")
    )
    place = forms.CharField(
        label=_("Địa danh"),
        max_length=80,
        required=False,
        help_text=_("Ghi ở dòng ngày tháng: “Lạng Sơn, ngày 14 tháng 01 năm 2025”."),
    )
    level = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardDecision.Level.choices)
    reason = forms.CharField(
        label=_("Lý do khen thưởng"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In trên bằng khen, giấy khen. Ví dụ: Đã có thành tích xuất sắc trong thực hiện..."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=160,
        help_text=_("Ví dụ: CHỦ TỊCH; ký thay: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    stated_collectives = forms.IntegerField(
        label=_("Số tập thể theo quyết định"),
        required=False,
        min_value=0,
        help_text=_(
            "Chỉ khi chưa nhập danh sách kèm theo: số tập thể quyết định ghi. Có danh sách thì tính theo "
            "danh sách."
        ),
    )
    stated_individuals = forms.IntegerField(
        label=_("Số cá nhân theo quyết định"), required=False, min_value=0
    )
    stated_recipients = forms.IntegerField(
        label=_("Tổng số tập thể, cá nhân (quyết định không tách)"),
        required=False,
        min_value=0,
        help_text=_("Khi quyết định chỉ ghi tổng số, không tách tập thể và cá nhân."),
    )
    proposed_by = forms.CharField(
        label=_("Theo đề nghị của"),
        max_length=200,
        required=False,
        help_text=_(
            "Ví dụ: Giám đốc Sở Nội vụ. Để trống: Hội đồng Thi đua - Khen thưởng của cấp ra quyết định."
        ),
    )
    reward = forms.CharField(
        label=_("Tiền thưởng, hiện vật kèm theo (Điều 2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống khi quyết định không có điều này."),
    )
    executors = forms.CharField(
        label=_("Cơ quan, cá nhân thi hành (điều cuối)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Để trống: Chánh Văn phòng, Thủ trưởng các cơ quan có liên quan và các tập thể, cá nhân có "
            "tên tại Điều 1."
        ),
    )

    def __init__(self, *args, user: User, decision: AwardDecision | None = None, **kwargs):
        if decision is not None:
            kwargs.setdefault(
                "initial",
                {
                    field: getattr(decision, field)
                    for field in (
                        "number",
                        "decided_on",
                        "issuer",
                        "place",
                        "level",
                        "reason",
                        "signer_title",
                        "signer_name",
                        "stated_collectives",
                        "stated_individuals",
                        "stated_recipients",
                        "proposed_by",
                        "reward",
                        "executors",
                    )
                }
                | {"review": decision.review_id},
            )
        super().__init__(*args, **kwargs)
        programmes = award_programmes(user=user).order_by("-phase_start", "name")
        reviews = Review.objects.select_related("programme").order_by("-period_end", "-id")
        if decision is None:
            self.fields["programme"].queryset = programmes
            self.fields["review"].queryset = reviews.filter(programme__in=programmes.values("pk"))
        else:
            # The programme of a decision never changes: its awardees are the programme's communes.
            del self.fields["programme"]
            self.fields["review"].queryset = reviews.filter(programme=decision.programme_id)


class AwardForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=Award.Kind.choices,
        widget=forms.RadioSelect,
        initial=Award.Kind.COLLECTIVE,
    )
    commune = CommuneChoiceField(
        label=_("Xã, phường"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("– Không chọn –"),
        help_text=_("Tập thể là một xã, phường; hoặc đơn vị công tác của cá nhân."),
        error_messages={"invalid_choice": _("Xã, phường không thuộc phạm vi của chương trình.")},
    )
    name = forms.CharField(
        label=_("Tên tập thể hoặc họ tên"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Phòng Nội vụ huyện Hưng Hà. Để trống để lấy tên xã hoặc tên cán bộ đã chọn."),
    )
    honorific = forms.ChoiceField(
        label=_("Danh xưng"),
        choices=[("", _("– Tập thể –")), *Award.Honorific.choices],
        required=False,
        help_text=_("Cá nhân: Ông hoặc Bà, in trước họ tên trên bằng khen, giấy khen và danh sách."),
    )
    staff_member = StaffChoiceField(
        label=_("Cán bộ, công chức"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label=_("– Không chọn –"),
        help_text=_("Chỉ với cá nhân: chọn trong danh sách cán bộ của các xã thuộc chương trình."),
        error_messages={"invalid_choice": _("Cán bộ không thuộc các xã của chương trình.")},
    )
    position = forms.CharField(
        label=_("Chức vụ, đơn vị"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Chủ tịch UBND xã Hoàng Đồng"),
    )
    achievement = forms.CharField(
        label=_("Thành tích"),
        max_length=300,
        required=False,
        help_text=_("Để trống để in lý do khen thưởng của quyết định."),
    )
    order = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, max_value=32767, required=False, help_text=_("Để trống: xếp cuối.")
    )

    def __init__(self, *args, decision: AwardDecision, award: Award | None = None, **kwargs):
        if award is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": award.kind,
                    "commune": award.commune_id,
                    "name": award.name,
                    "staff_member": award.staff_member_id,
                    "position": award.position,
                    "achievement": award.achievement,
                    "honorific": award.honorific,
                    "order": award.order,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = award_communes(programme=decision.programme)
        # Officers still working, and the one an awardee was linked to even if they left since.
        staff = award_staff(programme=decision.programme)
        current = Q(pk__in=staff.filter(is_active=True).values("pk"))
        if award is not None and award.staff_member_id:
            current |= Q(pk=award.staff_member_id)
        self.fields["staff_member"].queryset = (
            StaffMember.objects.filter(current)
            .select_related("commune")
            .order_by("commune__name", "order", "full_name")
        )


class NominateForm(forms.Form):
    """The ranked communes to propose: the top `top` are ticked when the page opens."""

    top = forms.IntegerField(
        label=_("Số xã dẫn đầu được đề xuất"),
        min_value=1,
        max_value=NOMINATE_MAX,
        initial=NOMINATE_DEFAULT,
        required=False,
    )
    communes = forms.TypedMultipleChoiceField(
        label=_("Xã, phường được đề nghị khen thưởng"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một xã, phường."),
            "invalid_choice": _("Xã, phường đã chọn không có trong bảng xếp hạng."),
        },
    )

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {row["unit"].pk: row for row in rows}
        self.fields["communes"].choices = [
            (row["unit"].pk, row["unit"].name) for row in rows if not row["in_decision"]
        ]

    def clean_top(self) -> int:
        return self.cleaned_data.get("top") or NOMINATE_DEFAULT


def _programmes(request):
    if request is None:
        return Programme.objects.none()
    return reviewable_programmes(user=request.user).order_by("-phase_start", "name")


class DecisionFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Chương trình"), queryset=_programmes, empty_label=_("Tất cả")
    )
    level = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=AwardDecision.Level.choices, empty_label=_("Tất cả")
    )
    number = django_filters.CharFilter(label=_("Số quyết định"), lookup_expr="icontains")

    class Meta:
        model = AwardDecision
        fields = ["programme", "level", "number"]
