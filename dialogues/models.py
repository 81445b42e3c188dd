"""Citizen feedback with legal deadlines, its audit trail, dialogues with leaders and the
commitments made there.

A feedback item (đơn thư, kiến nghị, phản ánh, khiếu nại, tố cáo) moves through a fixed workflow
(services.TRANSITIONS); every move is one `Transition` row, written once and never changed. The
history from before the portal exists only as totals per commune and period (`HistoricTally`),
as the provincial reviews give it (Lạng Sơn 2019-2024: 1,310 dialogues, 96.9% resolved).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, ApologySlip, SuggestionBoxOpening
from communes.models.activity import RecordedMixin
from communes.models.files import UploadPath, validate_upload
from friendly_gov import bilingual

COMMUNE_ONLY = {"level": AdminUnit.Level.COMMUNE}


class Category(models.Model):
    """A kind of feedback and the number of days the law (or the commune) gives to answer it.
    Shared (national) categories have no province and are set up by superusers; a province adds
    its own, which only its communes use and only its administrators change (services.category_save)."""

    class Kind(models.TextChoices):
        PETITION = "petition", _("Đơn thư")
        RECOMMENDATION = "recommendation", _("Kiến nghị")
        REPORT = "report", _("Phản ánh")
        COMPLAINT = "complaint", _("Khiếu nại")
        DENUNCIATION = "denunciation", _("Tố cáo")

    name = models.CharField(_("tên"), max_length=160)
    # Shown on an English page (friendly_gov.bilingual); blank: the Vietnamese name.
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=160, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_categories",
        limit_choices_to={"level": AdminUnit.Level.PROVINCE, "era": AdminUnit.Era.CURRENT},
        help_text=_("Để trống: loại dùng chung cả nước."),
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết (ngày làm việc)"),
        help_text=_(
            "Số ngày làm việc sau ngày tiếp nhận (không tính thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết theo "
            "lịch làm việc); hạn trả lời của mỗi phản ánh tính theo số ngày này."
        ),
    )
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại phản ánh")
        verbose_name_plural = _("loại phản ánh")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(time_limit_days__gte=1), name="category_time_limit_positive"),
            # A name once among the shared categories, and once among each province's.
            models.UniqueConstraint(
                fields=["name"], condition=Q(province__isnull=True), name="category_shared_name_unique"
            ),
            models.UniqueConstraint(fields=["province", "name"], name="category_province_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        return bilingual.shown(self.name, self.name_en)


class Dialogue(RecordedMixin):
    """A dialogue meeting (đối thoại) between the commune's leaders and its citizens."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="dialogues",
        limit_choices_to=COMMUNE_ONLY,
    )
    held_on = models.DateField(_("ngày đối thoại"))
    chaired_by = models.CharField(_("người chủ trì"), max_length=255)
    participants = models.TextField(_("thành phần tham dự"))
    participant_count = models.PositiveIntegerField(_("số người dân tham dự"), default=0)
    topics = models.TextField(_("nội dung đối thoại"))
    minutes = models.FileField(
        _("biên bản"), upload_to=UploadPath("dialogues"), validators=[validate_upload], blank=True
    )

    class Meta:
        verbose_name = _("buổi đối thoại")
        verbose_name_plural = _("đối thoại")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["commune", "held_on"])]

    def __str__(self) -> str:
        return f"{self.commune} – {self.held_on:%d/%m/%Y}"


class Commitment(models.Model):
    """A promise made at a dialogue, with its owner and due date, tracked to done."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("buổi đối thoại"), on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.CharField(_("nội dung cam kết"), max_length=500)
    owner = models.CharField(_("người chịu trách nhiệm"), max_length=160)
    due_on = models.DateField(_("hạn thực hiện"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    done_note = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class FeedbackItem(models.Model):
    class Channel(models.TextChoices):
        DESK = "desk", _("Trực tiếp tại bộ phận một cửa")
        SUGGESTION_BOX = "box", _("Hòm thư góp ý")
        HOTLINE = "hotline", _("Đường dây nóng")
        ONLINE = "online", _("Biểu mẫu trực tuyến")
        DIALOGUE = "dialogue", _("Đối thoại")
        SOCIAL = "social", _("Mạng xã hội")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ASSIGNED = "assigned", _("Đã giao xử lý")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã kết thúc")
        TRANSFERRED = "transferred", _("Đã chuyển cơ quan khác")
        REJECTED = "rejected", _("Không thụ lý")
        DUPLICATE = "duplicate", _("Trùng lặp")

    OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)
    RESOLVED = (Status.ANSWERED, Status.CLOSED)
    # Not the commune's to resolve: left out of the resolution rate.
    SET_ASIDE = (Status.TRANSFERRED, Status.REJECTED, Status.DUPLICATE)

    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, editable=False)
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="feedback_items",
        limit_choices_to=COMMUNE_ONLY,
    )
    category = models.ForeignKey(
        Category, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="items"
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices)
    content = models.TextField(_("nội dung"))
    # Personal data: shown only to users whose scope holds the commune, never on public pages.
    citizen_name = models.CharField(_("họ tên người gửi"), max_length=160, blank=True)
    citizen_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    citizen_email = models.EmailField(_("thư điện tử"), blank=True)
    citizen_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)

    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_feedback",
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    # The due date the category's time limit first gave; `due_on` moves when a new date is set.
    original_due_on = models.DateField(_("hạn giải quyết ban đầu"))
    due_on = models.DateField(_("hạn giải quyết"))
    resolved_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    public_answer = models.TextField(_("trả lời công khai"), blank=True)
    transferred_to = models.CharField(_("chuyển đến"), max_length=255, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("buổi đối thoại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    box_opening = models.ForeignKey(
        SuggestionBoxOpening,
        verbose_name=_("lần mở hòm thư"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    # The citizen's one follow-up answer, "was it resolved?", after closing.
    citizen_resolved = models.BooleanField(_("người dân xác nhận đã giải quyết"), null=True, blank=True)
    citizen_answered_at = models.DateTimeField(_("thời điểm người dân trả lời"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    # The public form's one-use token or the API's Idempotency-Key, and a digest of what was sent
    # with it (friendly_gov.idempotency): the same key stores one item. Empty for items logged by
    # officers.
    # NULL rather than "" without a key: the unique index leaves NULLs out (and they cost no space).
    submission_key = models.CharField(  # noqa: DJ001
        _("khóa chống gửi trùng"), max_length=100, null=True, editable=False
    )
    submission_hash = models.CharField(  # noqa: DJ001
        _("mã băm nội dung gửi"), max_length=32, null=True, editable=False
    )

    # Set by services.feedback_submit_online when the key had stored this item already.
    replayed = False

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["commune", "status", "due_on"]),
            models.Index(fields=["commune", "received_on"]),
            models.Index(fields=["assignee", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("received_on")), name="feedback_due_after_received"
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
                name="feedback_submission_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.category}"


class Attachment(models.Model):
    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("phản ánh"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=UploadPath("feedback"), validators=[validate_upload])
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.file.name


class Transition(models.Model):
    """One move of a feedback item: who, when, from, to, why. Written once by the services and
    never changed: the admin and the API only read it, and on PostgreSQL a trigger refuses any
    UPDATE or DELETE (migration 0002)."""

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("phản ánh"), on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(
        _("từ trạng thái"), max_length=12, choices=FeedbackItem.Status.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=FeedbackItem.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["item", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status or '–'} → {self.to_status}"


class DueDateChange(ApologySlip):
    """A feedback item's due date that will be missed and the new one, with the apology slip sent
    to the citizen no later than the due date it replaces (dialogues.services)."""

    item = models.ForeignKey(
        FeedbackItem, verbose_name=_("phản ánh"), on_delete=models.PROTECT, related_name="due_changes"
    )

    class Meta:
        verbose_name = _("phiếu xin lỗi, hẹn lại")
        verbose_name_plural = _("phiếu xin lỗi, hẹn lại")
        ordering = ["item", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=F("previous_due_on")), name="due_change_moves_forward"
            ),
        ]


class HistoricTally(models.Model):
    """Totals of a commune for a period from before the portal: dialogues held and feedback
    resolved on time, late, or still open past due at the period's end. The indicators add
    these to what the portal's own rows give."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="dialogue_tallies",
        limit_choices_to=COMMUNE_ONLY,
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    dialogues_held = models.PositiveIntegerField(_("số buổi đối thoại"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    open_overdue = models.PositiveIntegerField(_("chưa giải quyết, quá hạn"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("số liệu tổng hợp đối thoại, phản ánh")
        verbose_name_plural = _("số liệu tổng hợp đối thoại, phản ánh")
        ordering = ["-period_end", "commune"]
        indexes = [models.Index(fields=["commune", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="dialogue_tally_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
