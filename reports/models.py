"""Reviews (sơ kết / tổng kết), the jobs that build their PDF, review schedules and award decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, Programme, StaffMember


class Review(models.Model):
    """A periodic review of a programme over one scope (the province, a historic district or a
    commune) and one period, with the conference where it is presented."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Quý")
        NINE_MONTHS = "nine_months", _("Chín tháng")
        HALF_YEAR = "half_year", _("Sáu tháng")
        YEAR = "year", _("Năm")
        PHASE = "phase", _("Cả giai đoạn")
        OTHER = "other", _("Khoảng thời gian khác")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="reviews"
    )
    scope_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("phạm vi"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh, huyện (trước 2025) hoặc xã được sơ kết, tổng kết."),
    )
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    period = models.CharField(_("kỳ"), max_length=12, choices=Period.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 15/BC-UBND"))
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=160, blank=True, help_text=_("Ví dụ: UBND TỈNH LẠNG SƠN")
    )
    place = models.CharField(
        _("địa danh"), max_length=80, blank=True, help_text=_("Dòng địa danh, ngày tháng: Lạng Sơn, ngày ...")
    )
    report_date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    conference_date = models.DateField(_("ngày hội nghị"), null=True, blank=True)
    conference_place = models.CharField(_("địa điểm hội nghị"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, blank=True)
    # The evaluation staff write before the build: the figures are generated, the judgement is
    # human. Without all of them (and a number and a signer) the PDF is a draft.
    strengths = models.TextField(_("ưu điểm"), blank=True)
    weaknesses = models.TextField(_("hạn chế và nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        help_text=_(
            "Mỗi dòng một nơi nhận. Để trống: Ban Chỉ đạo, các xã, phường thực hiện mô hình và lưu văn thư."
        ),
    )
    scheduled = models.BooleanField(_("lập theo lịch"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_period_ordered",
                violation_error_message=_("Ngày kết thúc kỳ phải sau ngày bắt đầu."),
            ),
            # The scheduler creates each periodic review once, however often it runs.
            models.UniqueConstraint(
                fields=["programme", "scope_unit", "kind", "period_start", "period_end"],
                name="review_once_per_scope_and_period",
                violation_error_message=_("Đã có báo cáo cùng loại cho phạm vi và kỳ này."),
            ),
        ]

    EVALUATION_FIELDS = ("strengths", "weaknesses", "lessons", "directions", "proposals")

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.programme.name}"


def build_file_path(instance: "ReviewBuild", filename: str) -> str:
    # A fixed name per build: a retried build overwrites its own file instead of adding another.
    return f"reviews/{instance.review_id}/build-{instance.pk}.pdf"


class ReviewBuild(models.Model):
    """One request to build a review's PDF: the job row a worker reports its progress on."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    review = models.ForeignKey(
        Review, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="builds"
    )
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    stage = models.CharField(_("bước"), max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    # The outbox: empty until the broker has taken the message that wakes a worker (it may be down
    # at the request); the sweep (reports.dispatch_builds) sends what is stuck.
    dispatched_at = models.DateTimeField(
        _("gửi tới hàng đợi lúc"),
        null=True,
        blank=True,
        help_text=_("Trống: chưa gửi được tới hàng đợi; hệ thống sẽ tự động gửi lại."),
    )
    task_id = models.CharField(_("mã tác vụ"), max_length=36, blank=True, editable=False)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=build_file_path, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt lập báo cáo")
        verbose_name_plural = _("lượt lập báo cáo")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # Two requests for the same review while one is waiting or running build once.
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(status__in=["pending", "running"]),
                name="one_active_build_per_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class ReviewSchedule(models.Model):
    """Which periodic reviews the scheduler prepares for a programme. The time of day the
    scheduler runs is a django-celery-beat periodic task, changed in the admin."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="review_schedule"
    )
    quarterly = models.BooleanField(_("sơ kết hằng quý"), default=True)
    yearly = models.BooleanField(_("sơ kết hằng năm"), default=True)
    final = models.BooleanField(_("tổng kết cuối giai đoạn"), default=True)
    build = models.BooleanField(
        _("tự lập PDF"), default=True, help_text=_("Lập ngay tệp PDF khi báo cáo định kỳ được tạo.")
    )

    class Meta:
        verbose_name = _("lịch sơ kết, tổng kết")
        verbose_name_plural = _("lịch sơ kết, tổng kết")

    def __str__(self) -> str:
        return str(self.programme)


class AwardDecision(models.Model):
    """A numbered award decision (Quyết định khen thưởng), usually announced at a review's conference."""

    class Level(models.TextChoices):
        PROVINCE_MERIT = "province_merit", _("Bằng khen của Chủ tịch UBND tỉnh")
        MERIT = "merit", _("Giấy khen")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("hội nghị sơ kết, tổng kết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_decisions",
    )
    number = models.CharField(_("số quyết định"), max_length=60, help_text=_("Ví dụ: 125/QĐ-UBND"))
    decided_on = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=160, help_text=_("Ví dụ: UBND TỈNH LẠNG SƠN"))
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160, help_text=_("Ví dụ: CHỦ TỊCH"))
    level = models.CharField(_("hình thức"), max_length=16, choices=Level.choices)
    reason = models.TextField(
        _("lý do khen thưởng"),
        help_text=_('Ví dụ: Đã có thành tích xuất sắc trong thực hiện Đề án "Chính quyền thân thiện"...'),
    )
    # What the signed decision states, for a decision whose attached list is not entered (an
    # article reports "16 tập thể và 8 cá nhân" without names): the totals count these until the
    # list is entered, then the list.
    stated_collectives = models.PositiveIntegerField(_("số tập thể theo quyết định"), null=True, blank=True)
    stated_individuals = models.PositiveIntegerField(_("số cá nhân theo quyết định"), null=True, blank=True)
    stated_recipients = models.PositiveIntegerField(
        _("số tập thể, cá nhân theo quyết định (không tách)"), null=True, blank=True
    )
    proposed_by = models.CharField(
        _("theo đề nghị của"),
        max_length=200,
        blank=True,
        help_text=_(
            "Ví dụ: Giám đốc Sở Nội vụ. Để trống: Hội đồng Thi đua - Khen thưởng của cấp ra quyết định."
        ),
    )
    reward = models.TextField(
        _("tiền thưởng, hiện vật kèm theo"),
        blank=True,
        help_text=_("Điều 2 của quyết định, khi có. Ví dụ: Mỗi tập thể được thưởng ... đồng."),
    )
    executors = models.TextField(
        _("cơ quan, cá nhân thi hành"),
        blank=True,
        help_text=_(
            "Điều cuối của quyết định. Để trống: Chánh Văn phòng, Thủ trưởng các cơ quan có liên quan và "
            "các tập thể, cá nhân có tên tại Điều 1."
        ),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "decided_on"],
                name="award_decision_number_unique",
                violation_error_message=_("Đã có quyết định cùng số, ngày và cơ quan ban hành."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"


class Award(models.Model):
    """One awardee of a decision: a collective (a commune or an office) or an individual. A
    nomination (proposed) becomes an award when the decision is signed (decided)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        DECIDED = "decided", _("Đã quyết định")

    class Honorific(models.TextChoices):
        MR = "Ông", _("Ông")
        MRS = "Bà", _("Bà")

    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="awards"
    )
    kind = models.CharField(_("đối tượng"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PROPOSED)
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tập thể là một xã, phường; hoặc đơn vị công tác của cá nhân."),
    )
    staff_member = models.ForeignKey(
        StaffMember,
        verbose_name=_("cán bộ, công chức"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    name = models.CharField(
        _("tên tập thể hoặc họ tên"), max_length=200, help_text=_("Ví dụ: UBND xã Tiến Đức; Nguyễn Văn An")
    )
    honorific = models.CharField(
        _("danh xưng"),
        max_length=3,
        choices=Honorific.choices,
        blank=True,
        help_text=_("Cá nhân: Ông hoặc Bà, in trước họ tên trên bằng khen, giấy khen."),
    )
    position = models.CharField(_("chức vụ, đơn vị"), max_length=200, blank=True)
    achievement = models.CharField(_("thành tích"), max_length=300, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ hạng khi đề nghị"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decision", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="collective") | Q(staff_member__isnull=True),
                name="award_collective_has_no_staff_member",
                violation_error_message=_("Tập thể không gắn với một cán bộ."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
