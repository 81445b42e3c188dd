"""Citizen satisfaction surveys (phiếu khảo sát mức độ hài lòng), after the SIPAS method.

- A template (`SurveyTemplate`) is versioned: once published it never changes, and each response
  keeps the version it answered. Its questions are tagged with the SIPAS factor and aspect they
  measure (perception, satisfaction, expectation), so the index is computed from the tags and
  not from question wording.
- A response is anonymous: it knows its commune, and optionally the desk, the administrative
  procedure (service) and the officer, never the citizen.
- Results are read from pre-aggregated monthly counts (`MonthlyCount`, `MonthlyAnswerCount`),
  incremented in the same transaction as each response or tally, so that they stay exact.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit
from communes.models.files import UploadPath, validate_image
from friendly_gov import bilingual

COMMUNE_ONLY = {"level": AdminUnit.Level.COMMUNE}


class Factor(models.TextChoices):
    """The five SIPAS factors, plus the overall judgement."""

    ACCESS = "access", _("Tiếp cận dịch vụ")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    OFFICER = "officer", _("Công chức giải quyết")
    RESULT = "result", _("Kết quả giải quyết")
    FEEDBACK = "feedback", _("Tiếp nhận, xử lý góp ý, phản ánh")
    OVERALL = "overall", _("Đánh giá chung")


SIPAS_FACTORS = [Factor.ACCESS, Factor.PROCEDURE, Factor.OFFICER, Factor.RESULT, Factor.FEEDBACK]
# On the 1-5 scale, 4 (hài lòng) and 5 (rất hài lòng) count as satisfied.
SATISFIED_FROM = 4


class SurveyTemplate(models.Model):
    """One version of a survey. Versions of the same survey share a `family`."""

    family = models.SlugField(_("mã bộ phiếu"), max_length=40, default="sipas")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên phiếu"), max_length=255)
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu phiếu khảo sát")
        verbose_name_plural = _("mẫu phiếu khảo sát")
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"],
                name="surveytemplate_unique_version",
                violation_error_message=_("Phiên bản này của mẫu phiếu đã có."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Thang 1-5 (biểu tượng khuôn mặt)")
        YES_NO = "yes_no", _("Có / Không")
        SINGLE = "single", _("Chọn một")
        MULTIPLE = "multiple", _("Chọn nhiều")
        SHORT_TEXT = "short_text", _("Trả lời ngắn")
        LONG_TEXT = "long_text", _("Trả lời dài")

    class Aspect(models.TextChoices):
        PERCEPTION = "perception", _("Cảm nhận")
        SATISFACTION = "satisfaction", _("Mức độ hài lòng")
        EXPECTATION = "expectation", _("Mong đợi")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("mẫu phiếu"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("câu hỏi"), max_length=500)
    help_text = models.CharField(_("gợi ý"), max_length=255, blank=True)
    kind = models.CharField(_("loại câu hỏi"), max_length=12, choices=Kind.choices)
    required = models.BooleanField(_("bắt buộc"), default=False)
    # Options of single and multiple choice questions, in order; answers store the option's index.
    options = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    factor = models.CharField(_("yếu tố SIPAS"), max_length=10, choices=Factor.choices, blank=True)
    aspect = models.CharField(_("khía cạnh"), max_length=12, choices=Aspect.choices, blank=True)
    in_kiosk = models.BooleanField(
        _("hỏi trên máy tính bảng tại quầy"),
        default=False,
        help_text=_("Chế độ kiosk chỉ hỏi các câu được đánh dấu, với khuôn mặt cỡ lớn."),
    )
    # The English texts shown on an English page (friendly_gov.bilingual); blank: the Vietnamese.
    text_en = models.CharField(_("câu hỏi (tiếng Anh)"), max_length=500, blank=True)
    help_text_en = models.CharField(_("gợi ý (tiếng Anh)"), max_length=255, blank=True)
    options_en = models.JSONField(_("các lựa chọn (tiếng Anh)"), default=list, blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return bilingual.shown(self.text, self.text_en)

    @property
    def shown_help_text(self) -> str:
        return bilingual.shown(self.help_text, self.help_text_en)

    @property
    def shown_options(self) -> list[str]:
        return bilingual.shown_list(self.options, self.options_en)

    @property
    def counts_for_index(self) -> bool:
        """A 1-5 satisfaction question of a factor (or the overall one) feeds the index."""
        return self.kind == self.Kind.SCALE and self.aspect == self.Aspect.SATISFACTION and bool(self.factor)


class Service(models.Model):
    """An administrative procedure (thủ tục hành chính) a citizen came for."""

    name = models.CharField(_("tên thủ tục"), max_length=255, unique=True)
    # The procedure's code in the national database of procedures (mã TTHC, e.g. "1.001766"), as
    # the one-stop systems send it with each dossier; blank for procedures entered by hand.
    code = models.CharField(_("mã thủ tục"), max_length=40, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=120, blank=True)
    # A procedure that responses or codes refer to is never deleted: it is taken out of use, and
    # the results keep it.
    is_active = models.BooleanField(
        _("đang sử dụng"),
        default=True,
        help_text=_("Bỏ chọn để ngừng dùng thủ tục cho mã đánh giá và phiếu mới; số liệu cũ vẫn giữ."),
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="service_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """A counter of a commune's one-stop desk, with its kiosk settings."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="survey_desks",
        limit_choices_to=COMMUNE_ONLY,
    )
    name = models.CharField(_("tên quầy"), max_length=120)
    kiosk_interval_seconds = models.PositiveSmallIntegerField(
        _("bỏ qua lần chạm lặp lại trong (giây)"), default=5
    )
    kiosk_reset_seconds = models.PositiveSmallIntegerField(
        _("màn hình cảm ơn tự trở lại sau (giây)"), default=5
    )

    class Meta:
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ["commune", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="desk_unique_name",
                violation_error_message=_("Xã đã có quầy mang tên này."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResponseCode(models.Model):
    """A one-time code printed on a receipt (mã đánh giá), linked to the dossier (mã hồ sơ): the
    response given with it carries its service and officer."""

    code = models.CharField(_("mã đánh giá"), max_length=12, unique=True)
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="survey_codes",
        limit_choices_to=COMMUNE_ONLY,
    )
    desk = models.ForeignKey(Desk, verbose_name=_("quầy"), null=True, blank=True, on_delete=models.SET_NULL)
    service = models.ForeignKey(
        Service, verbose_name=_("thủ tục"), null=True, blank=True, on_delete=models.PROTECT
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("công chức giải quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier_number = models.CharField(_("mã hồ sơ"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    used_at = models.DateTimeField(_("thời điểm sử dụng"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã đánh giá một lần")
        verbose_name_plural = _("mã đánh giá một lần")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.code


class PaperBatch(models.Model):
    """A batch of paper forms typed in by a desk officer, with a photo of the stack; province
    staff then mark it checked, and it no longer takes entries."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="survey_batches",
        limit_choices_to=COMMUNE_ONLY,
    )
    desk = models.ForeignKey(Desk, verbose_name=_("quầy"), null=True, blank=True, on_delete=models.SET_NULL)
    collected_on = models.DateField(_("ngày thu phiếu"))
    expected_forms = models.PositiveIntegerField(_("số phiếu trong lô"))
    photo = models.ImageField(
        _("ảnh chụp lô phiếu"),
        upload_to=UploadPath("survey-batches"),
        validators=[validate_image],
        blank=True,
        help_text=_("Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB."),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("thời điểm kiểm tra"), null=True, blank=True)

    class Meta:
        verbose_name = _("lô phiếu giấy")
        verbose_name_plural = _("lô phiếu giấy")
        ordering = ["-collected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_forms__gte=1),
                name="paperbatch_forms_positive",
                violation_error_message=_("Lô phiếu phải có ít nhất một phiếu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.collected_on:%d/%m/%Y}"

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None


class SurveyResponse(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Trực tuyến (mã QR, đường dẫn)")
        CODE = "code", _("Mã đánh giá trên phiếu hẹn")
        KIOSK = "kiosk", _("Máy tính bảng tại quầy")
        PAPER = "paper", _("Phiếu giấy")
        API = "api", _("Ứng dụng (API)")

    # Every index costs each of the many inserts: the commune and the service are indexed by the
    # composite indexes below, and templates are hardly ever deleted (only their check would scan).
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("mẫu phiếu"),
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
        limit_choices_to=COMMUNE_ONLY,
        db_index=False,
    )
    # Desk, officer, code and batch are mostly empty: partial indexes (below) skip the NULLs
    # that a plain index would store for every response.
    desk = models.ForeignKey(
        Desk, verbose_name=_("quầy"), null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    service = models.ForeignKey(
        Service, verbose_name=_("thủ tục"), null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("công chức giải quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    code = models.ForeignKey(
        ResponseCode,
        verbose_name=_("mã đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    batch = models.ForeignKey(
        PaperBatch,
        verbose_name=_("lô phiếu giấy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    # The dossier whose receipt's QR code the citizen scanned (surveys.dossiers): once per dossier.
    dossier = models.ForeignKey(
        "surveys.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        db_index=False,
    )
    submitted_at = models.DateTimeField(_("thời điểm trả lời"))
    # The respondent's judgement per factor, as counted in MonthlyCount (null: not answered).
    overall_satisfied = models.BooleanField(_("hài lòng chung"), null=True)
    # The public form's one-use token or the API's Idempotency-Key, and a digest of what was
    # submitted with it (friendly_gov.idempotency): the same key stores one response. Empty for
    # paper forms and history.
    # NULL rather than "" without a key: the unique index leaves NULLs out (and they cost no space).
    submission_key = models.CharField(  # noqa: DJ001
        _("khóa chống gửi trùng"), max_length=100, null=True, editable=False
    )
    submission_hash = models.CharField(  # noqa: DJ001
        _("mã băm nội dung gửi"), max_length=32, null=True, editable=False
    )

    # Set by services.response_submit when the key had stored this response already.
    replayed = False

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["commune", "submitted_at"]),
            models.Index(fields=["service", "submitted_at"]),
            models.Index(fields=["desk"], name="response_desk_idx", condition=Q(desk__isnull=False)),
            models.Index(fields=["officer"], name="response_officer_idx", condition=Q(officer__isnull=False)),
            models.Index(fields=["batch"], name="response_batch_idx", condition=Q(batch__isnull=False)),
        ]
        constraints = [
            # A one-time code answers once.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(code__isnull=False),
                name="response_code_once",
                violation_error_message=_("Mã đánh giá này đã được sử dụng."),
            ),
            # A dossier is rated once.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(dossier__isnull=False),
                name="response_dossier_once",
                violation_error_message=_("Hồ sơ này đã được đánh giá."),
            ),
            # A submission key stores one response (the arbiter of the insert's ON CONFLICT).
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
                name="response_submission_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.submitted_at:%d/%m/%Y %H:%M}"


class Answer(models.Model):
    # Indexed by the unique (response, question) constraint.
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("phiếu"),
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
    )
    question = models.ForeignKey(
        Question, verbose_name=_("câu hỏi"), on_delete=models.PROTECT, related_name="answers"
    )
    # Scale: 1-5; yes/no: 1/0; single choice: the option's index. Null for other kinds.
    value = models.SmallIntegerField(_("giá trị"), null=True, blank=True)
    # Multiple choice: the indexes of the options chosen.
    values = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    # Free text, stored exactly as typed and escaped whenever shown.
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:40]}"


class SurveyTally(models.Model):
    """History that exists only as totals: forms collected in a period, and (when known) how
    many of them were satisfied overall."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="survey_tallies",
        limit_choices_to=COMMUNE_ONLY,
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    forms = models.PositiveIntegerField(_("số phiếu"))
    satisfied = models.PositiveIntegerField(_("số phiếu hài lòng"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu khảo sát tổng hợp")
        verbose_name_plural = _("số liệu khảo sát tổng hợp")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forms__gte=1),
                name="surveytally_forms_positive",
                violation_error_message=_("Số phiếu phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=Q(satisfied__isnull=True) | Q(satisfied__lte=F("forms")),
                name="surveytally_satisfied_within_forms",
                violation_error_message=_("Số phiếu hài lòng không được vượt quá số phiếu."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="surveytally_period_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.forms} ({self.period_start:%m/%Y}-{self.period_end:%m/%Y})"


# --- Pre-aggregated counts ------------------------------------------------------------------------
# Keyed by month and commune; service and officer as plain integers (0 = not known) so that the
# key has no NULL and one INSERT ... ON CONFLICT increments it atomically, on PostgreSQL and
# SQLite alike. Written only by surveys.services.counts, in the transaction of the response.


class MonthlyCount(models.Model):
    month = models.DateField(_("tháng"))  # first day of the month, local time
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    service_key = models.BigIntegerField(default=0)
    officer_key = models.BigIntegerField(default=0)
    forms = models.PositiveIntegerField(default=0)
    overall_answered = models.PositiveIntegerField(default=0)
    overall_satisfied = models.PositiveIntegerField(default=0)
    access_answered = models.PositiveIntegerField(default=0)
    access_satisfied = models.PositiveIntegerField(default=0)
    procedure_answered = models.PositiveIntegerField(default=0)
    procedure_satisfied = models.PositiveIntegerField(default=0)
    officer_answered = models.PositiveIntegerField(default=0)
    officer_satisfied = models.PositiveIntegerField(default=0)
    result_answered = models.PositiveIntegerField(default=0)
    result_satisfied = models.PositiveIntegerField(default=0)
    feedback_answered = models.PositiveIntegerField(default=0)
    feedback_satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu khảo sát theo tháng")
        verbose_name_plural = _("số liệu khảo sát theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "commune", "service_key", "officer_key"], name="monthlycount_unique_key"
            )
        ]
        indexes = [models.Index(fields=["commune", "month"])]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.month:%m/%Y}: {self.forms}"


class MonthlyAnswerCount(models.Model):
    """How often each value of each question was given, by month and commune (distributions)."""

    month = models.DateField()
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "commune", "question", "value"], name="monthlyanswercount_unique_key"
            )
        ]
        indexes = [models.Index(fields=["commune", "month"])]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}: {self.count}"


# Dossiers, their apology slips and counts: a topic of its own (surveys/dossiers/), registered here.
from .dossiers.models import Dossier, DossierDelay, DossierMonthlyCount, DossierProvinceCount  # noqa: E402, F401
