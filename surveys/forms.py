"""Forms of the surveys app. The survey form is built from a template's questions; the service
checks the answers again (the API and the kiosk come through it too)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Programme, User
from friendly_gov.forms import HoneypotMixin, SubmissionKeyMixin

from .models import Desk, PaperBatch, Question, Service, SurveyTally
from .selectors import SCALE_LABELS
from .services import LONG_TEXT_MAX, SHORT_TEXT_MAX

REQUIRED = _("Vui lòng trả lời câu hỏi này.")
INVALID_CHOICE = _("Lựa chọn không hợp lệ.")


def _field(question: Question) -> forms.Field:
    errors = {"required": REQUIRED, "invalid_choice": INVALID_CHOICE}
    # In the page's language (English texts fall back to the Vietnamese).
    common = {
        "label": question.shown_text,
        "required": question.required,
        "help_text": question.shown_help_text,
    }
    kind = question.kind
    if kind == Question.Kind.SCALE:
        choices = [(str(v), label) for v, label in SCALE_LABELS.items()]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=errors, **common)
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("1", _("Có")), ("0", _("Không"))],
            widget=forms.RadioSelect,
            error_messages=errors,
            **common,
        )
    if kind == Question.Kind.SINGLE:
        choices = [(str(i), option) for i, option in enumerate(question.shown_options)]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=errors, **common)
    if kind == Question.Kind.MULTIPLE:
        choices = [(str(i), option) for i, option in enumerate(question.shown_options)]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=errors, **common
        )
    limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
    errors["max_length"] = _("Tối đa %(limit_value)d ký tự (hiện có %(show_value)d).")
    widget = forms.Textarea(attrs={"rows": 3}) if kind == Question.Kind.LONG_TEXT else forms.TextInput
    # strip=False: free text is stored exactly as typed.
    return forms.CharField(max_length=limit, strip=False, widget=widget, error_messages=errors, **common)


# Built fields by question content and language. The public form is the hot path of every
# submission; its fields are only read by the form (never altered), so they are shared between
# requests instead of being rebuilt (choices normalised, widgets made) each time.
_FIELDS: dict[tuple, forms.Field] = {}


def _shared_field(question: Question) -> forms.Field:
    key = (
        question.pk,
        question.kind,
        question.text,
        question.help_text,
        question.required,
        tuple(question.options),
        question.text_en,
        question.help_text_en,
        tuple(question.options_en or ()),
        translation.get_language(),
    )
    field = _FIELDS.get(key)
    if field is None:
        if len(_FIELDS) > 5000:
            _FIELDS.clear()
        field = _FIELDS[key] = _field(question)
    return field


class SurveyForm(SubmissionKeyMixin, HoneypotMixin, forms.Form):
    """The questions of a template, as the citizen sees them (or as a paper form is typed in)."""

    template = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _shared_field(question)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def items(self):
        """(question, bound field, faces) for the template, grouped in order."""
        for question in self.questions:
            yield question, self[f"q{question.pk}"]


class PaperEntryForm(forms.Form):
    """One paper form typed in as a compact grid: each choice as the digit printed beside it on
    paper (1-5 for a scale, 1 Có / 2 Không, option 1, 2, 3...; several digits for "choose
    several"), free text as typed. The procedure is asked once per batch (the last form's is
    kept). The service checks the answers again, as for every channel."""

    template = forms.IntegerField(widget=forms.HiddenInput)
    service = forms.ModelChoiceField(
        label=_("Thủ tục (nếu phiếu ghi)"), queryset=Service.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"q{question.pk}"] = self._grid_field(question, number)
        if questions:
            self.fields[f"q{questions[0].pk}"].widget.attrs["autofocus"] = True

    @staticmethod
    def _grid_field(question: Question, number: int) -> forms.Field:
        kind = question.kind
        attrs = {
            "autocomplete": "off",
            "class": "form-control grid-cell",
            "aria-describedby": f"hint-q{question.pk}",
        }
        if kind in Question.TEXT_KINDS:
            limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
            return forms.CharField(
                label=f"{number}. {question.text}",
                required=False,
                strip=False,
                max_length=limit,
                widget=forms.TextInput(attrs={**attrs, "class": "form-control grid-text"}),
            )
        options = PaperEntryForm.digit_count(question)
        attrs.update({"inputmode": "numeric", "pattern": f"[1-{options}]*", "data-digits": str(options)})
        if kind != Question.Kind.MULTIPLE:
            attrs["maxlength"] = "1"
            attrs["data-single"] = "1"
        return forms.CharField(
            label=f"{number}. {question.text}", required=False, widget=forms.TextInput(attrs=attrs)
        )

    @staticmethod
    def digit_count(question: Question) -> int:
        if question.kind == Question.Kind.SCALE:
            return 5
        if question.kind == Question.Kind.YES_NO:
            return 2
        return len(question.options)

    @staticmethod
    def hint(question: Question) -> str:
        if question.kind == Question.Kind.SCALE:
            return str(_("1–5"))
        if question.kind == Question.Kind.YES_NO:
            return str(_("1 Có · 2 Không"))
        if question.kind in Question.CHOICE_KINDS:
            listed = " · ".join(f"{i} {option}" for i, option in enumerate(question.options, start=1))
            if question.kind == Question.Kind.MULTIPLE:
                return str(_("Gõ các số, ví dụ 13: ")) + listed
            return listed
        return ""

    def rows(self):
        """(question, bound field, hint) in the paper's order."""
        for question in self.questions:
            yield question, self[f"q{question.pk}"], self.hint(question)

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind in Question.TEXT_KINDS:
                continue
            raw = (data.get(name) or "").strip()
            if not raw:
                continue
            top = self.digit_count(question)
            if (
                not raw.isdecimal()
                or any(not 1 <= int(d) <= top for d in raw)
                or (question.kind != Question.Kind.MULTIPLE and len(raw) != 1)
            ):
                self.add_error(name, _("Gõ một số từ 1 đến %(top)s.") % {"top": top})
        return data

    def answers(self) -> dict[int, object]:
        """In the service's terms: 1-5, 1/0 for yes/no, option indexes from 0."""
        result: dict[int, object] = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q{question.pk}") or ""
            kind = question.kind
            if kind in Question.TEXT_KINDS:
                result[question.pk] = raw
            elif not raw.strip():
                result[question.pk] = None
            elif kind == Question.Kind.SCALE:
                result[question.pk] = int(raw)
            elif kind == Question.Kind.YES_NO:
                result[question.pk] = 1 if raw.strip() == "1" else 0
            elif kind == Question.Kind.SINGLE:
                result[question.pk] = int(raw) - 1
            else:
                result[question.pk] = sorted({int(d) - 1 for d in raw.strip()})
        return result


MONTH = re.compile(r"^\s*(\d{1,2})[/.-](\d{4})\s*$|^\s*(\d{4})-(\d{1,2})\s*$")


class MonthField(forms.CharField):
    """A month as 03/2024 (or 2024-03, as browsers send <input type=month>)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.match(value)
        if not match:
            raise ValidationError(_("Nhập tháng dạng mm/yyyy, ví dụ 03/2024."))
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        try:
            return datetime.date(int(year), int(month), 1)
        except ValueError as exc:
            raise ValidationError(_("Nhập tháng dạng mm/yyyy, ví dụ 03/2024.")) from exc


class ResultsFilterForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=AdminUnit.objects.none(), required=False)
    service = forms.ModelChoiceField(label=_("Thủ tục"), queryset=Service.objects.all(), required=False)
    officer = forms.ModelChoiceField(label=_("Công chức"), queryset=User.objects.none(), required=False)
    month_from = MonthField(
        label=_("Từ tháng"), required=False, widget=forms.TextInput(attrs={"placeholder": "01/2024"})
    )
    month_to = MonthField(
        label=_("Đến tháng"), required=False, widget=forms.TextInput(attrs={"placeholder": "12/2024"})
    )
    programme = forms.ModelChoiceField(
        label=_("Xã điểm của chương trình"), queryset=Programme.objects.none(), required=False
    )

    def __init__(self, *args, communes, officers, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["officer"].queryset = officers
        self.fields["programme"].queryset = programmes
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        if data.get("month_from") and data.get("month_to") and data["month_to"] < data["month_from"]:
            self.add_error("month_to", _("Tháng kết thúc phải sau tháng bắt đầu."))
        return data


class DeskForm(forms.ModelForm):
    class Meta:
        model = Desk
        fields = ["name", "kiosk_interval_seconds", "kiosk_reset_seconds"]


class CodeForm(forms.Form):
    dossier_number = forms.CharField(label=_("Mã hồ sơ"), max_length=40, required=False)
    service = forms.ModelChoiceField(
        label=_("Thủ tục"), queryset=Service.objects.filter(is_active=True), required=False
    )
    desk = forms.ModelChoiceField(label=_("Quầy"), queryset=Desk.objects.none(), required=False)
    officer = forms.ModelChoiceField(
        label=_("Công chức giải quyết"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Để trống: người tạo mã (nếu là công chức của xã)."),
    )

    def __init__(self, *args, desks, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username


class CodeLookupForm(forms.Form):
    code = forms.CharField(label=_("Mã đánh giá trên phiếu hẹn"), max_length=20)


class BatchForm(forms.ModelForm):
    class Meta:
        model = PaperBatch
        fields = ["collected_on", "expected_forms", "desk", "photo", "note"]
        widgets = {"collected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        self.fields["photo"].widget.attrs["accept"] = "image/*"
        self.fields["photo"].widget.attrs["capture"] = "environment"


class TallyForm(forms.ModelForm):
    class Meta:
        model = SurveyTally
        fields = ["period_start", "period_end", "forms", "satisfied", "note"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Các lựa chọn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi lựa chọn một dòng (chỉ với câu hỏi chọn một, chọn nhiều)."),
    )

    options_en_text = forms.CharField(
        label=_("Các lựa chọn (tiếng Anh)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Cùng thứ tự, mỗi dòng một lựa chọn; dòng trống: dùng lựa chọn tiếng Việt."),
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "text_en",
            "help_text",
            "help_text_en",
            "kind",
            "required",
            "factor",
            "aspect",
            "in_kiosk",
        ]
        help_texts = {"text_en": _("Hiện trên trang tiếng Anh; để trống: dùng câu tiếng Việt.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options_text"] = "\n".join(self.instance.options)
            self.initial["options_en_text"] = "\n".join(self.instance.options_en or [])

    def options(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("options_text", "").splitlines() if line.strip()
        ]

    def options_en(self) -> list[str]:
        """The English choices in the Vietnamese ones' order (a blank line keeps the place)."""
        lines = [line.strip() for line in self.cleaned_data.get("options_en_text", "").splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "field", "is_active"]
        error_messages = {
            "name": {"required": _("Vui lòng nhập tên thủ tục."), "unique": _("Đã có thủ tục mang tên này.")}
        }
