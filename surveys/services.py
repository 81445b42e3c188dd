"""Writes of the surveys app. The public form, the kiosk, paper entry, the API and the demo command
all submit through `response_submit`, so every rule is written once:

- only a published template takes answers, and a published template never changes (a new
  version copies it);
- answers are checked against the questions' kinds (1-5, yes/no, options), required questions
  must be answered, free text is stored exactly as typed (within a length limit);
- a one-time code works once: it is locked, checked and marked used in the response's
  transaction, and the response takes the code's commune, desk, service and officer;
- the monthly counts the results read are incremented in the same transaction, so they stay
  exact;
- a submission key (the public form's one-use token, the API's Idempotency-Key) stores one
  response: the same key again stores and counts nothing and gives back the response it stored.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import secrets
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import ensure_unit_era
from communes.models import AdminUnit, User
from communes.scope import can_configure, can_record, visible_units
from friendly_gov.idempotency import KeyReused, fingerprint

from . import sipas_english
from .models import (
    SATISFIED_FROM,
    SIPAS_FACTORS,
    Answer,
    Desk,
    Factor,
    MonthlyAnswerCount,
    MonthlyCount,
    PaperBatch,
    Question,
    ResponseCode,
    Service,
    SurveyResponse,
    SurveyTally,
    SurveyTemplate,
)

Kind = Question.Kind
Channel = SurveyResponse.Channel
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
# Letters and digits that cannot be misread on a printed slip (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


# --- Permissions ------------------------------------------------------------------------------------


def ensure_can_record(*, user: User, commune: AdminUnit) -> None:
    """A commune's survey records are written by its officers, or a province administrator."""
    if not can_record(user) or not visible_units(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("Bạn không được ghi số liệu khảo sát cho đơn vị này."))


def ensure_can_configure(*, user: User) -> None:
    if not can_configure(user):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được soạn mẫu phiếu."))


def _ensure_commune(commune: AdminUnit) -> None:
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError({"commune": _("Phiếu khảo sát chỉ gắn với đơn vị cấp xã.")})


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


# --- Administrative procedures (services) ------------------------------------------------------------


def _clean_service(*, name: str, field: str, exclude_pk: int | None = None) -> tuple[str, str]:
    name = " ".join(name.split())
    field = " ".join(field.split())
    if not name:
        raise ValidationError({"name": _("Vui lòng nhập tên thủ tục.")})
    same = Service.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": _("Đã có thủ tục mang tên này.")})
    return name, field


def service_create(*, by: User, name: str, field: str = "") -> Service:
    """A procedure citizens can be asked about (province administrators)."""
    if not can_configure(by):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được quản lý danh mục thủ tục."))
    name, field = _clean_service(name=name, field=field)
    service = Service(name=name, field=field)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def service_update(
    *, service: Service, by: User, name: str, field: str = "", is_active: bool = True
) -> Service:
    """Rename, move to another field, or take out of use (is_active=False): a procedure that
    responses or codes refer to stays, so that past results keep it."""
    if not can_configure(by):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được quản lý danh mục thủ tục."))
    locked = Service.objects.select_for_update().get(pk=service.pk)
    locked.name, locked.field = _clean_service(name=name, field=field, exclude_pk=locked.pk)
    locked.is_active = is_active
    locked.full_clean()
    locked.save(update_fields=["name", "field", "is_active"])
    return locked


# --- Desks and one-time codes ----------------------------------------------------------------------


def desk_create(
    *, commune: AdminUnit, by: User, name: str, kiosk_interval_seconds: int = 5, kiosk_reset_seconds: int = 5
) -> Desk:
    ensure_can_record(user=by, commune=commune)
    _ensure_commune(commune)
    if Desk.objects.filter(commune=commune, name=name).exists():
        raise ValidationError({"name": _("Xã đã có quầy mang tên này.")})
    if not 1 <= kiosk_reset_seconds <= 120:
        raise ValidationError({"kiosk_reset_seconds": _("Thời gian trở lại phải từ 1 đến 120 giây.")})
    if kiosk_interval_seconds > 600:
        raise ValidationError({"kiosk_interval_seconds": _("Khoảng thời gian tối đa là 600 giây.")})
    return Desk.objects.create(
        commune=commune,
        name=name,
        kiosk_interval_seconds=kiosk_interval_seconds,
        kiosk_reset_seconds=kiosk_reset_seconds,
    )


def _check_context(
    *, commune: AdminUnit, desk: Desk | None, officer: User | None, service: Service | None = None
) -> None:
    if desk is not None and desk.commune_id != commune.pk:
        raise ValidationError({"desk": _("Quầy này không thuộc xã được đánh giá.")})
    if officer is not None and not (officer.is_commune_officer and officer.commune_id == commune.pk):
        raise ValidationError({"officer": _("Công chức này không thuộc xã được đánh giá.")})


def code_issue(
    *,
    commune: AdminUnit,
    by: User,
    service: Service | None = None,
    officer: User | None = None,
    desk: Desk | None = None,
    dossier_number: str = "",
) -> ResponseCode:
    """A one-time code for the receipt of one dossier."""
    ensure_can_record(user=by, commune=commune)
    _ensure_commune(commune)
    # A code is handed out today: by a commune in force today (communes.eras).
    ensure_unit_era(unit=commune, on=timezone.localdate(), field="commune")
    if officer is None and by.is_commune_officer:
        officer = by
    _check_context(commune=commune, desk=desk, officer=officer)
    for _attempt in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not ResponseCode.objects.filter(code=code).exists():
            break
    return ResponseCode.objects.create(
        code=code,
        commune=commune,
        desk=desk,
        service=service,
        officer=officer,
        dossier_number=dossier_number.strip(),
        created_by=by,
    )


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


# --- Answers and responses ---------------------------------------------------------------------------

# Questions of a published template never change: read them once per process.
_QUESTIONS: dict[tuple[int, datetime.datetime], list[Question]] = {}


def template_questions(template: SurveyTemplate) -> list[Question]:
    if not template.is_published:
        return list(template.questions.all())
    key = (template.pk, template.published_at)
    if key not in _QUESTIONS:
        _QUESTIONS[key] = list(template.questions.all())
    return _QUESTIONS[key]


def asked_questions(template: SurveyTemplate, channel: str) -> list[Question]:
    """The kiosk asks only the questions marked for it; every other channel asks them all."""
    questions = template_questions(template)
    if channel == Channel.KIOSK:
        return [q for q in questions if q.in_kiosk]
    return questions


def _int(raw) -> int | None:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.lstrip("-").isdecimal():
        return int(text)
    return None


def _clean_answer(question: Question, raw) -> tuple[int | None, list[int], str] | None:
    """(value, values, text) for an answer, None when not answered; ValidationError when invalid."""
    if raw is None or raw == "" or raw == []:
        return None
    kind = question.kind
    if kind == Kind.SCALE:
        value = _int(raw)
        if value is None or not 1 <= value <= 5:
            raise ValidationError(_("Hãy chọn một mức từ 1 đến 5."))
        return value, [], ""
    if kind == Kind.YES_NO:
        text = str(raw).strip().lower()
        if raw is True or text in {"1", "true", "yes", "co", "có"}:
            return 1, [], ""
        if raw is False or text in {"0", "false", "no", "khong", "không"}:
            return 0, [], ""
        raise ValidationError(_("Hãy chọn Có hoặc Không."))
    if kind == Kind.SINGLE:
        value = _int(raw)
        if value is None or not 0 <= value < len(question.options):
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        return value, [], ""
    if kind == Kind.MULTIPLE:
        items = raw if isinstance(raw, list | tuple) else [raw]
        values = [_int(item) for item in items]
        if any(v is None or not 0 <= v < len(question.options) for v in values):
            raise ValidationError(_("Lựa chọn không hợp lệ."))
        values = sorted(set(values))
        return (None, values, "") if values else None
    # Free text is kept exactly as typed; only its length is limited.
    text = str(raw)
    if not text.strip():
        return None
    limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValidationError(
            _("Câu trả lời dài %(length)s ký tự; tối đa %(limit)s ký tự.")
            % {"length": len(text), "limit": limit}
        )
    if "\x00" in text:
        raise ValidationError(_("Câu trả lời có ký tự không hợp lệ."))
    return None, [], text


def clean_answers(
    *, questions: list[Question], answers: Mapping
) -> dict[int, tuple[int | None, list[int], str]]:
    """Answers keyed by question id, checked against the questions asked. Errors are keyed
    "q<id>", the name of the question's field in the forms."""
    by_id = {q.pk: q for q in questions}
    errors: dict[str, list[str]] = {}
    keys = {}
    for key in answers:
        qid = _int(str(key).removeprefix("q"))
        if qid not in by_id:
            errors.setdefault("answers", []).append(
                _("Câu hỏi %(key)s không có trong phiếu này.") % {"key": key}
            )
        else:
            keys[qid] = answers[key]
    cleaned = {}
    for question in questions:
        try:
            answer = _clean_answer(question, keys.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if answer is None:
            if question.required:
                errors[f"q{question.pk}"] = [_("Vui lòng trả lời câu hỏi này.")]
            continue
        cleaned[question.pk] = answer
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass
class Judgement:
    """What one response adds to the index: per factor, None (not answered) or satisfied."""

    factors: dict[str, bool | None]
    overall: bool | None


def judge(*, questions: list[Question], cleaned: Mapping[int, tuple]) -> Judgement:
    """A factor counts as satisfied when the mean of its 1-5 satisfaction answers is 4 or more.
    The overall judgement is the overall question's answer; without one, the mean over the
    factors' satisfaction answers."""
    scores: dict[str, list[int]] = {}
    for question in questions:
        if question.counts_for_index and question.pk in cleaned:
            scores.setdefault(question.factor, []).append(cleaned[question.pk][0])

    def satisfied(values: list[int]) -> bool | None:
        return (sum(values) >= SATISFIED_FROM * len(values)) if values else None

    factors = {factor: satisfied(scores.get(factor, [])) for factor in SIPAS_FACTORS}
    if Factor.OVERALL in scores:
        overall = satisfied(scores[Factor.OVERALL])
    else:
        overall = satisfied([v for f in SIPAS_FACTORS for v in scores.get(f, [])])
    return Judgement(factors=factors, overall=overall)


def month_of(moment: datetime.datetime | datetime.date) -> datetime.date:
    day = timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment
    return day.replace(day=1)


def _count_deltas(judgement: Judgement) -> dict[str, int]:
    """What one response adds to its month's MonthlyCount row."""
    deltas = {"forms": 1}
    if judgement.overall is not None:
        deltas["overall_answered"] = 1
        deltas["overall_satisfied"] = int(judgement.overall)
    for factor, value in judgement.factors.items():
        if value is not None:
            deltas[f"{factor}_answered"] = 1
            deltas[f"{factor}_satisfied"] = int(value)
    return deltas


def _counted_answers(*, questions: list[Question], cleaned: Mapping[int, tuple]) -> list[tuple[int, int]]:
    """The (question, value) pairs one response adds to the distributions, sorted (the order in
    which concurrent responses lock their MonthlyAnswerCount rows, so that they never deadlock)."""
    rows = []
    for question in questions:
        if question.pk not in cleaned or question.kind in Question.TEXT_KINDS:
            continue
        value, values, _text = cleaned[question.pk]
        for item in values if question.kind == Kind.MULTIPLE else [value]:
            rows.append((question.pk, item))
    return sorted(rows)


# A kiosk that lost its line keeps its taps and sends them when the line is back, each with the
# time it was tapped (the client's clock). That time is taken within these bounds: a tablet whose
# clock runs a little fast is forgiven, a queue older than a month or a time ahead is not.
ANSWERED_AT_MAX_AGE = datetime.timedelta(days=30)
ANSWERED_AT_MAX_AHEAD = datetime.timedelta(minutes=10)


def answered_at_check(
    *, moment: datetime.datetime, now: datetime.datetime | None = None
) -> datetime.datetime:
    """The client-given time of an answer, when it is plausible; ValidationError otherwise."""
    now = now or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + ANSWERED_AT_MAX_AHEAD:
        raise ValidationError(
            {"answered_at": _("Thời điểm trả lời ở tương lai: hãy kiểm tra đồng hồ của máy.")}
        )
    if moment < now - ANSWERED_AT_MAX_AGE:
        raise ValidationError(
            {
                "answered_at": _("Thời điểm trả lời đã quá %(days)s ngày, không nhận phiếu này.")
                % {"days": ANSWERED_AT_MAX_AGE.days}
            }
        )
    return min(moment, now)


def response_submit(
    *,
    template: SurveyTemplate,
    commune: AdminUnit,
    answers: Mapping,
    channel: str,
    desk: Desk | None = None,
    service: Service | None = None,
    officer: User | None = None,
    code: str = "",
    batch: PaperBatch | None = None,
    submitted_at: datetime.datetime | None = None,
    answered_at: datetime.datetime | None = None,
    submission_key: str = "",
) -> SurveyResponse:
    """Store one anonymous response and count it. With a one-time `code`, the code decides the
    commune, desk, service and officer, and is used up.

    `submitted_at` is a time the portal trusts (a paper batch's day); `answered_at` is the time a
    client says the citizen answered (a kiosk replaying its offline queue): checked against
    `answered_at_check`, then stored as the response's time (and counted in its month).

    With a `submission_key`, the key stores one response: sent again with the same submission, it
    stores and counts nothing and returns the response it stored, with `replayed` set (even when
    its one-time code is used up by then); sent with another submission, KeyReused."""
    if not template.is_published:
        raise ValidationError(_("Mẫu phiếu chưa được công bố, chưa thể trả lời."))
    if answered_at is not None:
        submitted_at = answered_at_check(moment=answered_at)
    if not code:
        # The response, its answers and both count increments are one statement (see
        # _response_store): atomic without a transaction block around it.
        return _response_checked_store(
            template=template,
            commune=commune,
            answers=answers,
            channel=channel,
            desk=desk,
            service=service,
            officer=officer,
            batch=batch,
            submitted_at=submitted_at,
            submission_key=submission_key,
        )
    with transaction.atomic():
        # The code is locked, checked, used by the response and marked used in one transaction.
        try:
            code_row = ResponseCode.objects.select_for_update().get(code=normalise_code(code))
        except ResponseCode.DoesNotExist as exc:
            raise ValidationError(
                {"code": _("Mã đánh giá không đúng. Vui lòng kiểm tra lại mã trên phiếu hẹn.")}
            ) from exc
        if code_row.used_at is not None and not (
            # The key's response used the code: a replay, answered below as the first time.
            submission_key and code_row.responses.filter(submission_key=submission_key).exists()
        ):
            raise ValidationError(
                {
                    "code": _(
                        "Mã đánh giá này đã được dùng ngày %(date)s. Mỗi mã chỉ dùng được một lần; "
                        "cảm ơn Ông/Bà đã đánh giá."
                    )
                    % {"date": timezone.localtime(code_row.used_at).strftime("%d/%m/%Y")}
                }
            )
        now = timezone.now()
        response = _response_checked_store(
            template=template,
            commune=code_row.commune,
            answers=answers,
            channel=Channel.CODE if channel == Channel.WEB else channel,
            desk=code_row.desk,
            service=code_row.service,
            officer=code_row.officer,
            code_row=code_row,
            batch=batch,
            submitted_at=submitted_at or now,
            submission_key=submission_key,
        )
        if not response.replayed:
            code_row.used_at = now
            code_row.save(update_fields=["used_at"])
        return response


def _response_checked_store(
    *,
    template: SurveyTemplate,
    commune: AdminUnit,
    answers: Mapping,
    channel: str,
    desk: Desk | None,
    service: Service | None,
    officer: User | None,
    batch: PaperBatch | None,
    submitted_at: datetime.datetime | None,
    code_row: ResponseCode | None = None,
    submission_key: str = "",
    dossier=None,
) -> SurveyResponse:
    """Check and store one response (`dossier`: the dossier it rates, surveys.dossiers, which
    checked that it is rated once)."""
    _ensure_commune(commune)
    submitted_at = submitted_at or timezone.now()
    # An answer given today goes to a 2025 commune; a paper form of 2024 to the commune of then.
    ensure_unit_era(unit=commune, on=submitted_at, field="commune")
    _check_context(commune=commune, desk=desk, officer=officer)
    questions = asked_questions(template, channel)
    cleaned = clean_answers(questions=questions, answers=answers)
    judgement = judge(questions=questions, cleaned=cleaned)
    response = SurveyResponse(
        template=template,
        commune=commune,
        desk=desk,
        service=service,
        officer=officer,
        channel=channel,
        code=code_row,
        batch=batch,
        dossier=dossier,
        submitted_at=submitted_at,
        overall_satisfied=judgement.overall,
    )
    if submission_key:
        response.submission_key = submission_key
        response.submission_hash = _fingerprint(response, cleaned)
    store = _response_store if connection.vendor == "postgresql" else _response_store_orm
    stored = store(
        response=response,
        cleaned=cleaned,
        deltas=_count_deltas(judgement),
        counted=_counted_answers(questions=questions, cleaned=cleaned),
    )
    return response if stored else _stored_under_key(response)


def _fingerprint(response: SurveyResponse, cleaned: Mapping[int, tuple]) -> str:
    """What makes a submission the same one: where it goes, through which channel, its answers
    as cleaned (so 5 and "5", or the kiosk page and the API, are alike); not its time."""
    return fingerprint(
        response.template_id,
        response.commune_id,
        response.channel,
        response.desk_id,
        response.service_id,
        response.officer_id,
        response.code_id,
        response.batch_id,
        sorted(cleaned.items()),
        # Only when set, so that the keys stored before dossiers existed keep their digests.
        *([response.dossier_id] if response.dossier_id else []),
    )


def _stored_under_key(response: SurveyResponse) -> SurveyResponse:
    """The response that the insert of `response` ran into: the one stored under its key (a
    replay), KeyReused when that one was another submission. Nothing under the key: the statement
    stored nothing because the unit is not a commune."""
    existing = None
    if response.submission_key:
        existing = SurveyResponse.objects.filter(submission_key=response.submission_key).order_by().first()
    if existing is None:
        raise ValidationError({"commune": _("Phiếu khảo sát chỉ gắn với đơn vị cấp xã.")})
    if existing.submission_hash != response.submission_hash:
        raise KeyReused
    existing.replayed = True
    return existing


def _response_store(
    *,
    response: SurveyResponse,
    cleaned: Mapping[int, tuple],
    deltas: Mapping[str, int],
    counted: list[tuple[int, int]],
) -> bool:
    """PostgreSQL: the response, its answers, its month's count row and its answer counts in ONE
    statement (data-modifying WITH), so that it is atomic on its own: no BEGIN, COMMIT or savepoint
    round trips and no ORM compilation on the hot path of every submission. Everything is inserted
    from the row of the commune, so a unit that is not (or no longer) a commune stores nothing.
    The insert skips a response whose submission key is taken (ON CONFLICT DO NOTHING, waiting
    for a concurrent insert of the key to commit or roll back), and then so do the answers and
    the counts, which are inserted from the inserted response. False when nothing was stored."""
    month = month_of(response.submitted_at)
    question_ids = list(cleaned)
    rows = [cleaned[qid] for qid in question_ids]
    params = [
        response.template_id,
        response.desk_id,
        response.service_id,
        response.officer_id,
        response.channel,
        response.code_id,
        response.batch_id,
        response.submitted_at,
        response.overall_satisfied,
        response.submission_key,
        response.submission_hash,
        response.dossier_id,
        response.commune_id,
        AdminUnit.Level.COMMUNE.value,
        question_ids,
        [value for value, _values, _text in rows],
        [json.dumps(values) for _value, values, _text in rows],
        [text for _value, _values, text in rows],
        month,
        response.service_id or 0,
        response.officer_id or 0,
        *(deltas.get(column, 0) for column in COUNT_COLUMNS),
        month,
        [question_id for question_id, _value in counted],
        [value for _question_id, value in counted],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_response_store_statement(cursor), params)
        row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    return True


# Database sessions in which the statement is prepared (PREPARE lives as long as the session).
_PREPARED: weakref.WeakSet = weakref.WeakSet()
PREPARED_NAME = "surveys_response_store"


def _response_store_statement(cursor) -> str:
    """The statement to run with _response_store's parameters: EXECUTE of a prepared statement,
    so that PostgreSQL plans it once per session instead of once per response (about a third of
    the statement's cost); the plain statement behind a transaction pooler (where Django asks for
    DISABLE_SERVER_SIDE_CURSORS), whose sessions are not ours to keep state in."""
    sql = _response_store_sql()
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return sql
    raw = connection.connection
    if raw not in _PREPARED:
        numbered = iter(range(1, sql.count("%s") + 1))
        cursor.execute(f"PREPARE {PREPARED_NAME} AS " + re.sub("%s", lambda _m: f"${next(numbered)}", sql))
        _PREPARED.add(raw)
    return f"EXECUTE {PREPARED_NAME}({', '.join(['%s'] * sql.count('%s'))})"


@functools.cache
def _response_store_sql() -> str:
    """The statement of _response_store (built once per process)."""
    responses = SurveyResponse._meta
    fields = [
        "template",
        "desk",
        "service",
        "officer",
        "channel",
        "code",
        "batch",
        "submitted_at",
        "overall_satisfied",
        "submission_key",
        "submission_hash",
        "dossier",
    ]
    columns = ", ".join(responses.get_field(name).column for name in fields)
    commune_column = responses.get_field("commune").column
    key_column = responses.get_field("submission_key").column
    placeholders = ", ".join(["%s"] * len(COUNT_COLUMNS))
    counts_source = f"SELECT %s::date, response.commune_id, %s, %s, {placeholders} FROM response"  # noqa: S608
    answer_counts_source = (
        "SELECT %s::date, response.commune_id, a.question_id, a.value, 1 "
        "FROM response, unnest(%s::bigint[], %s::smallint[]) AS a(question_id, value) "
        "ORDER BY a.question_id, a.value"
    )
    # Table and column names are our own constants; every value is a parameter.
    return f"""
        WITH response AS (
            INSERT INTO {responses.db_table} ({commune_column}, {columns})
            SELECT unit.id, {", ".join(["%s"] * len(fields))} FROM {AdminUnit._meta.db_table} unit
            WHERE unit.id = %s AND unit.level = %s
            ON CONFLICT ({key_column}) WHERE {key_column} IS NOT NULL DO NOTHING
            RETURNING id, {commune_column} AS commune_id
        ), answers AS (
            INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, "values", text)
            SELECT response.id, a.question_id, a.value, a.choices::jsonb, a.text
            FROM response, unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[])
                AS a(question_id, value, choices, text)
        ), counted AS (
            {_COUNTS_UPSERT.format(source=counts_source)}
        ), answers_counted AS (
            {_ANSWER_COUNTS_UPSERT.format(source=answer_counts_source)}
        )
        SELECT id FROM response"""  # noqa: S608


def _response_store_orm(
    *,
    response: SurveyResponse,
    cleaned: Mapping[int, tuple],
    deltas: Mapping[str, int],
    counted: list[tuple[int, int]],
) -> bool:
    """Other databases (SQLite for local use): the same rows, one statement each, in a transaction.
    False when the submission key is taken (the unique index refused the response)."""
    try:
        with transaction.atomic():
            response.save(force_insert=True)
            Answer.objects.bulk_create(
                Answer(response=response, question_id=qid, value=value, values=values, text=text)
                for qid, (value, values, text) in cleaned.items()
            )
            counts_increment(
                month=month_of(response.submitted_at),
                commune_id=response.commune_id,
                service_key=response.service_id or 0,
                officer_key=response.officer_id or 0,
                deltas=deltas,
                answers=counted,
            )
    except IntegrityError:
        if (
            response.submission_key
            and SurveyResponse.objects.filter(submission_key=response.submission_key).exists()
        ):
            return False
        raise
    return True


# --- Paper forms and tallies ------------------------------------------------------------------------


def batch_create(
    *,
    commune: AdminUnit,
    by: User,
    collected_on: datetime.date,
    expected_forms: int,
    photo=None,
    desk: Desk | None = None,
    note: str = "",
) -> PaperBatch:
    ensure_can_record(user=by, commune=commune)
    _ensure_commune(commune)
    _check_context(commune=commune, desk=desk, officer=None)
    if collected_on > timezone.localdate():
        raise ValidationError({"collected_on": _("Ngày thu phiếu không được ở tương lai.")})
    ensure_unit_era(unit=commune, on=collected_on, field="collected_on")
    if expected_forms < 1:
        raise ValidationError({"expected_forms": _("Lô phiếu phải có ít nhất một phiếu.")})
    batch = PaperBatch(
        commune=commune,
        desk=desk,
        collected_on=collected_on,
        expected_forms=expected_forms,
        note=note,
        entered_by=by,
    )
    if photo:
        batch.photo = photo
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def batch_enter(
    *,
    batch: PaperBatch,
    by: User,
    template: SurveyTemplate,
    answers: Mapping,
    service: Service | None = None,
    officer: User | None = None,
) -> SurveyResponse:
    """One paper form of the batch, dated on the day the batch was collected."""
    locked = PaperBatch.objects.select_for_update().select_related("commune").get(pk=batch.pk)
    ensure_can_record(user=by, commune=locked.commune)
    if locked.is_checked:
        raise ValidationError(_("Lô phiếu đã được kiểm tra, không nhập thêm được."))
    entered = locked.responses.count()
    if entered >= locked.expected_forms:
        raise ValidationError(
            _("Lô phiếu đã nhập đủ %(count)s phiếu. Hãy sửa số phiếu của lô nếu lô có nhiều phiếu hơn.")
            % {"count": locked.expected_forms}
        )
    moment = timezone.make_aware(datetime.datetime.combine(locked.collected_on, datetime.time(12)))
    return response_submit(
        template=template,
        commune=locked.commune,
        answers=answers,
        channel=Channel.PAPER,
        desk=locked.desk,
        service=service,
        officer=officer,
        batch=locked,
        submitted_at=moment,
    )


@transaction.atomic
def batch_check(*, batch: PaperBatch, by: User) -> PaperBatch:
    """Province staff (administrators) confirm a batch against its photo."""
    if not (can_configure(by) and visible_units(by).filter(pk=batch.commune_id).exists()):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (quản trị) được xác nhận lô phiếu."))
    locked = PaperBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.is_checked:
        raise ValidationError(_("Lô phiếu này đã được kiểm tra."))
    locked.checked_by = by
    locked.checked_at = timezone.now()
    locked.save(update_fields=["checked_by", "checked_at"])
    return locked


@transaction.atomic
def tally_record(
    *,
    commune: AdminUnit,
    by: User | None,
    period_start: datetime.date,
    period_end: datetime.date,
    forms: int,
    satisfied: int | None = None,
    note: str = "",
) -> SurveyTally:
    """Totals of a period from before the portal. They count in the month the period ends."""
    if by is not None:
        ensure_can_record(user=by, commune=commune)
    _ensure_commune(commune)
    if period_end < period_start:
        raise ValidationError({"period_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("Số liệu tổng hợp chỉ ghi cho kỳ đã qua.")})
    # A period belongs by its end date (communes.eras), the month it is counted in.
    ensure_unit_era(unit=commune, on=period_end, field="period_end")
    if forms < 1:
        raise ValidationError({"forms": _("Số phiếu phải lớn hơn 0.")})
    if satisfied is not None and not 0 <= satisfied <= forms:
        raise ValidationError({"satisfied": _("Số phiếu hài lòng không được vượt quá số phiếu.")})
    tally = SurveyTally.objects.create(
        commune=commune,
        period_start=period_start,
        period_end=period_end,
        forms=forms,
        satisfied=satisfied,
        note=note,
        recorded_by=by,
    )
    counts_increment(month=month_of(period_end), commune_id=commune.pk, deltas=_tally_deltas(tally, 1))
    return tally


def _tally_deltas(tally: SurveyTally, sign: int) -> dict[str, int]:
    deltas = {"forms": sign * tally.forms}
    if tally.satisfied is not None:
        deltas["overall_answered"] = sign * tally.forms
        deltas["overall_satisfied"] = sign * tally.satisfied
    return deltas


@transaction.atomic
def tally_delete(*, tally: SurveyTally, by: User | None) -> None:
    if by is not None:
        ensure_can_record(user=by, commune=tally.commune)
    locked = SurveyTally.objects.select_for_update().get(pk=tally.pk)
    counts_increment(
        month=month_of(locked.period_end), commune_id=locked.commune_id, deltas=_tally_deltas(locked, -1)
    )
    locked.delete()


# --- Monthly counts ---------------------------------------------------------------------------------

COUNT_COLUMNS = [
    "forms",
    "overall_answered",
    "overall_satisfied",
    *(f"{factor}_{part}" for factor in SIPAS_FACTORS for part in ("answered", "satisfied")),
]


_COUNT_TABLE = MonthlyCount._meta.db_table
_ANSWER_COUNT_TABLE = MonthlyAnswerCount._meta.db_table
# Upserts that add one statement's rows (`source`: VALUES or a SELECT) to the counts atomically.
# Table and column names are our own constants; every value is a parameter.
_COUNTS_UPSERT = (
    f"INSERT INTO {_COUNT_TABLE} (month, commune_id, service_key, officer_key, {', '.join(COUNT_COLUMNS)}) "  # noqa: S608
    "{source} ON CONFLICT (month, commune_id, service_key, officer_key) DO UPDATE SET "
    + ", ".join(f"{c} = {_COUNT_TABLE}.{c} + excluded.{c}" for c in COUNT_COLUMNS)
)
_ANSWER_COUNTS_UPSERT = (
    f"INSERT INTO {_ANSWER_COUNT_TABLE} (month, commune_id, question_id, value, count) {{source}} "  # noqa: S608
    "ON CONFLICT (month, commune_id, question_id, value) "
    f"DO UPDATE SET count = {_ANSWER_COUNT_TABLE}.count + 1"
)


def counts_increment(
    *,
    month: datetime.date,
    commune_id: int,
    deltas: Mapping[str, int],
    service_key: int = 0,
    officer_key: int = 0,
    answers: list[tuple[int, int]] | None = None,
) -> None:
    """Add `deltas` to the month's row, creating it if needed, in one atomic statement; and
    count each (question, value) of `answers` once more. (A response submitted on PostgreSQL does
    all of it in the statement that stores it: see _response_store.)"""
    values = [deltas.get(column, 0) for column in COUNT_COLUMNS]
    if any(value < 0 for value in values):
        # Taking counts back (a deleted tally): the row exists, and an INSERT of negative
        # numbers would fail the columns' checks before reaching ON CONFLICT.
        updated = MonthlyCount.objects.filter(
            month=month, commune_id=commune_id, service_key=service_key, officer_key=officer_key
        ).update(**{column: F(column) + delta for column, delta in deltas.items() if delta})
        if updated != 1:
            raise ValidationError(_("Không tìm thấy số liệu tổng hợp để trừ."))
        return
    placeholders = ", ".join(["%s"] * (4 + len(COUNT_COLUMNS)))
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNTS_UPSERT.format(source=f"VALUES ({placeholders})"),
            [month, commune_id, service_key, officer_key, *values],
        )
    if answers:
        answer_counts_increment(month=month, commune_id=commune_id, rows=answers)


def answer_counts_increment(*, month: datetime.date, commune_id: int, rows: list[tuple[int, int]]) -> None:
    """Count each (question, value) once more. Rows are sorted so that concurrent responses lock
    them in the same order and never deadlock."""
    if not rows:
        return
    params = []
    for question_id, value in sorted(rows):
        params += [month, commune_id, question_id, value]
    source = "VALUES " + ", ".join(["(%s, %s, %s, %s, 1)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(_ANSWER_COUNTS_UPSERT.format(source=source), params)
