"""Survey templates and their questions: the default SIPAS template, versions, publishing, edits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import User

from .. import sipas_english
from ..models import (
    Factor,
    Question,
    SurveyTemplate,
)
from .permissions import ensure_can_configure

Kind = Question.Kind

# --- Templates ------------------------------------------------------------------------------------

# The default SIPAS template: for each factor, a perception (yes/no), a satisfaction (1-5) and an
# expectation (what to improve) question; then the overall judgement and free comments.
SIPAS_TITLE = "Phiếu khảo sát sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính"
SIPAS_INTRO = (
    "Xin Ông/Bà dành ít phút cho biết ý kiến về lần giải quyết thủ tục hành chính vừa qua. "
    "Phiếu không ghi tên, ý kiến của Ông/Bà giúp xã phục vụ tốt hơn."
)
SIPAS_QUESTIONS = [
    # factor, perception, satisfaction, expectation options
    (
        Factor.ACCESS,
        "Nơi tiếp nhận, trả kết quả có đủ chỗ ngồi, trang thiết bị, dễ tìm?",
        "Ông/Bà hài lòng thế nào về việc tiếp cận dịch vụ (nơi làm việc, chỗ ngồi, trang thiết bị)?",
        ["Thêm chỗ ngồi chờ", "Biển chỉ dẫn rõ hơn", "Trang thiết bị hiện đại hơn", "Mở thêm giờ làm việc"],
    ),
    (
        Factor.PROCEDURE,
        "Thủ tục hành chính được niêm yết công khai, đầy đủ?",
        "Ông/Bà hài lòng thế nào về thủ tục hành chính (thành phần hồ sơ, phí, lệ phí, thời hạn)?",
        [
            "Giảm thành phần hồ sơ",
            "Rút ngắn thời gian giải quyết",
            "Giảm phí, lệ phí",
            "Giải quyết trực tuyến",
        ],
    ),
    (
        Factor.OFFICER,
        "Công chức có thái độ lịch sự, hướng dẫn tận tình, dễ hiểu?",
        "Ông/Bà hài lòng thế nào về công chức trực tiếp giải quyết công việc?",
        ["Thân thiện, lắng nghe hơn", "Hướng dẫn rõ ràng hơn", "Đúng giờ hơn", "Thành thạo chuyên môn hơn"],
    ),
    (
        Factor.RESULT,
        "Ông/Bà nhận kết quả đúng hẹn, thông tin chính xác?",
        "Ông/Bà hài lòng thế nào về kết quả giải quyết thủ tục hành chính?",
        ["Trả kết quả đúng hẹn", "Kết quả chính xác hơn", "Nhận kết quả tại nhà, qua bưu điện"],
    ),
    (
        Factor.FEEDBACK,
        "Xã có hòm thư góp ý, số điện thoại tiếp nhận phản ánh công khai?",
        "Ông/Bà hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?",
        ["Trả lời góp ý nhanh hơn", "Nhiều cách góp ý hơn", "Công khai kết quả xử lý"],
    ),
]


@transaction.atomic
def template_default_ensure() -> SurveyTemplate:
    """The published SIPAS template (version 1 of family "sipas"), created once; idempotent."""
    existing = SurveyTemplate.objects.filter(family="sipas").order_by("version").first()
    if existing:
        return existing
    template = SurveyTemplate.objects.create(family="sipas", version=1, title=SIPAS_TITLE, intro=SIPAS_INTRO)
    order = 0
    questions = []
    for factor, perception, satisfaction, options in SIPAS_QUESTIONS:
        for kind, text, aspect, required, opts in [
            (Kind.YES_NO, perception, Question.Aspect.PERCEPTION, False, []),
            (Kind.SCALE, satisfaction, Question.Aspect.SATISFACTION, True, []),
            (
                Kind.MULTIPLE,
                _("Ông/Bà mong muốn cải thiện điều gì?"),
                Question.Aspect.EXPECTATION,
                False,
                options,
            ),
        ]:
            order += 1
            questions.append(
                Question(
                    template=template,
                    order=order,
                    text=text,
                    kind=kind,
                    required=required,
                    options=opts,
                    factor=factor,
                    aspect=aspect,
                )
            )
    questions += [
        Question(
            template=template,
            order=order + 1,
            text="Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của xã?",
            kind=Kind.SCALE,
            required=True,
            factor=Factor.OVERALL,
            aspect=Question.Aspect.SATISFACTION,
            in_kiosk=True,
        ),
        Question(
            template=template,
            order=order + 2,
            text="Đây là lần thứ mấy Ông/Bà đến để giải quyết hồ sơ này?",
            kind=Kind.SINGLE,
            options=["Lần đầu", "Lần thứ hai", "Từ ba lần trở lên"],
        ),
        Question(
            template=template,
            order=order + 3,
            text="Tên thủ tục Ông/Bà đã giải quyết (nếu nhớ)",
            kind=Kind.SHORT_TEXT,
        ),
        Question(
            template=template,
            order=order + 4,
            text="Ý kiến khác của Ông/Bà",
            help_text="Không ghi họ tên, số điện thoại hay địa chỉ.",
            kind=Kind.LONG_TEXT,
        ),
    ]
    for question in questions:
        sipas_english.fill(question)
    Question.objects.bulk_create(questions)
    template.published_at = timezone.now()
    template.save(update_fields=["published_at"])
    return template


def _locked_draft(template: SurveyTemplate) -> SurveyTemplate:
    locked = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.is_published:
        raise ValidationError(
            _("Mẫu phiếu “%(title)s” (phiên bản %(version)s) đã công bố, không thể thay đổi.")
            % {"title": locked.title, "version": locked.version}
            + " "
            + _("Hãy tạo phiên bản mới để sửa.")
        )
    return locked


@transaction.atomic
def template_new_version(*, template: SurveyTemplate, by: User) -> SurveyTemplate:
    """A draft copy of `template` (questions included) as the next version of its family."""
    ensure_can_configure(user=by)
    last = SurveyTemplate.objects.filter(family=template.family).aggregate(v=Max("version"))["v"] or 0
    copy = SurveyTemplate.objects.create(
        family=template.family, version=last + 1, title=template.title, intro=template.intro
    )
    Question.objects.bulk_create(
        Question(
            template=copy,
            order=q.order,
            text=q.text,
            help_text=q.help_text,
            text_en=q.text_en,
            help_text_en=q.help_text_en,
            options_en=list(q.options_en or []),
            kind=q.kind,
            required=q.required,
            options=list(q.options),
            factor=q.factor,
            aspect=q.aspect,
            in_kiosk=q.in_kiosk,
        )
        for q in template.questions.all()
    )
    return copy


@transaction.atomic
def template_publish(*, template: SurveyTemplate, by: User) -> SurveyTemplate:
    ensure_can_configure(user=by)
    locked = _locked_draft(template)
    if not locked.questions.exists():
        raise ValidationError(_("Mẫu phiếu chưa có câu hỏi nào."))
    if not locked.questions.filter(in_kiosk=True).exists():
        raise ValidationError(_("Cần ít nhất một câu hỏi dùng cho máy tính bảng tại quầy."))
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    return locked


def _clean_question(*, kind: str, options: list[str], factor: str, aspect: str, in_kiosk: bool) -> list[str]:
    options = [str(option).strip() for option in options if str(option).strip()]
    if kind in Question.CHOICE_KINDS:
        if len(options) < 2:
            raise ValidationError({"options": _("Câu hỏi lựa chọn cần ít nhất hai lựa chọn.")})
        if len(set(options)) != len(options):
            raise ValidationError({"options": _("Các lựa chọn không được trùng nhau.")})
    elif options:
        raise ValidationError({"options": _("Chỉ câu hỏi lựa chọn mới có danh sách lựa chọn.")})
    if aspect == Question.Aspect.SATISFACTION and kind != Kind.SCALE:
        raise ValidationError({"kind": _("Câu hỏi về mức độ hài lòng phải dùng thang 1-5.")})
    if aspect and not factor:
        raise ValidationError({"factor": _("Hãy chọn yếu tố SIPAS mà câu hỏi đo lường.")})
    if in_kiosk and kind not in (Kind.SCALE, Kind.YES_NO):
        raise ValidationError({"in_kiosk": _("Máy tính bảng tại quầy chỉ hỏi câu thang 1-5 hoặc Có/Không.")})
    return options


@transaction.atomic
def question_add(
    *,
    template: SurveyTemplate,
    by: User,
    text: str,
    kind: str,
    required: bool = False,
    options: list[str] | None = None,
    factor: str = "",
    aspect: str = "",
    in_kiosk: bool = False,
    help_text: str = "",
    order: int | None = None,
    text_en: str = "",
    help_text_en: str = "",
    options_en: list[str] | None = None,
) -> Question:
    ensure_can_configure(user=by)
    locked = _locked_draft(template)
    options = _clean_question(
        kind=kind, options=options or [], factor=factor, aspect=aspect, in_kiosk=in_kiosk
    )
    if order is None:
        order = (locked.questions.aggregate(o=Max("order"))["o"] or 0) + 1
    question = Question(
        template=locked,
        order=order,
        text=text,
        help_text=help_text,
        text_en=text_en,
        help_text_en=help_text_en,
        options_en=_english_options(options_en, options),
        kind=kind,
        required=required,
        options=options,
        factor=factor,
        aspect=aspect,
        in_kiosk=in_kiosk,
    )
    question.full_clean()
    question.save()
    return question


def _english_options(english: list[str] | None, options: list[str]) -> list[str]:
    """The English choices in the Vietnamese ones' order, one per choice at the most; a blank or
    missing one shows the Vietnamese choice."""
    english = [str(item).strip() for item in (english or [])][: len(options)]
    return english if any(english) else []


@transaction.atomic
def question_update(*, question: Question, by: User, **fields) -> Question:
    ensure_can_configure(user=by)
    _locked_draft(question.template)
    for name, value in fields.items():
        setattr(question, name, value)
    question.options = _clean_question(
        kind=question.kind,
        options=question.options or [],
        factor=question.factor,
        aspect=question.aspect,
        in_kiosk=question.in_kiosk,
    )
    question.options_en = _english_options(question.options_en, question.options)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    ensure_can_configure(user=by)
    _locked_draft(question.template)
    question.delete()
