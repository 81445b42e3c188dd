"""Dossiers (hồ sơ thủ tục hành chính) as the province's one-stop system records them, the apology
slips of late ones, and their monthly counts.

A dossier lives in the surveys app because it is the real event a satisfaction response is about:
it names the procedure (`Service`), the commune and the officer, and a response given through the
QR code of its receipt links to it (`SurveyResponse.dossier`), so satisfaction compares by
procedure and by on-time against late handling. Its apology slip ("phiếu xin lỗi và hẹn lại ngày
trả kết quả") stays beside it rather than with the feedback items' slips in dialogues: surveys
and dialogues both build on communes and neither imports the other. The slips of dossiers are
numbered in their own yearly series per issuing commune ("05/PXL-HS"), apart from the feedback
items' "05/PXL".

Timeliness follows Quyết định 766/QĐ-TTg: a dossier returned before its due date is early, on it
on time, after it late; one still open after its due date is overdue and counts against the
on-time rate as a late one does. The date compared is the local date of the return against the
due date (ngày hẹn trả), so a result handed over at 16:00 on the due day is on time.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communes.models import AdminUnit, ApologySlip

COMMUNE_ONLY = {"level": AdminUnit.Level.COMMUNE}


class DossierQuerySet(models.QuerySet):
    # A count known without counting the rows (`selectors.with_known_count`): kept by this
    # queryset only, never by one made from it (a filter or a slice counts again).
    known_count: int | None = None

    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count()


class Dossier(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")
        POST = "post", _("Bưu chính công ích")

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Đang giải quyết")
        RETURNED = "returned", _("Đã trả kết quả")
        WITHDRAWN = "withdrawn", _("Dừng giải quyết, rút hồ sơ")

    class Outcome(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    class Source(models.TextChoices):
        IMPORT = "import", _("Nhập từ tệp")
        API = "api", _("Hệ thống một cửa gửi (API)")

    # Unique by the constraint below, whose index also finds the codes that begin with a text
    # (the lists' search), whatever the database's collation.
    code = models.CharField(_("mã hồ sơ"), max_length=60)
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        limit_choices_to=COMMUNE_ONLY,
        db_index=False,
    )
    service = models.ForeignKey(
        "surveys.Service",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("ngày tiếp nhận"))
    # The feed's time limit in working days, when it gives one instead of a due date.
    time_limit_days = models.PositiveSmallIntegerField(_("thời hạn (ngày làm việc)"), null=True, blank=True)
    due_on = models.DateField(_("ngày hẹn trả"))
    returned_at = models.DateTimeField(_("ngày trả kết quả"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    # Derived from the dates by the services on every write (blank while open or withdrawn), so
    # that lists, counts and the surveys' comparison read one column.
    outcome = models.CharField(_("kết quả xử lý"), max_length=8, choices=Outcome.choices, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("công chức giải quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # As the feed names the officer (an account name of the commune links `officer`).
    officer_name = models.CharField(_("cán bộ tiếp nhận, giải quyết"), max_length=160, blank=True)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices, default=Source.IMPORT)
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    updated_at = models.DateTimeField(_("thời điểm cập nhật"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ thủ tục hành chính")
        verbose_name_plural = _("hồ sơ thủ tục hành chính")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["commune", "received_at"]),
            # Returns within part of a month (a period not made of whole months).
            models.Index(
                fields=["commune", "returned_at"],
                name="dossier_returned_idx",
                condition=Q(returned_at__isnull=False),
            ),
            # Open dossiers by due date: overdue ones are read live (they change every day), and
            # they are few among millions, so the index holds only them.
            models.Index(
                fields=["commune", "due_on"],
                name="dossier_open_due_idx",
                condition=Q(status="processing"),
            ),
            # The same by date alone, for a scope of many communes (the newest first in the
            # lists; the open ones past due). The country's figures read the province counts.
            models.Index(fields=["received_at"], name="dossier_received_at_idx"),
            models.Index(fields=["due_on"], name="dossier_open_due_on_idx", condition=Q(status="processing")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="dossier_code_unique", opclasses=["varchar_pattern_ops"]
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("received_at")),
                name="dossier_returned_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROCESSING


class DossierDelay(ApologySlip):
    """The apology slip of a late dossier: the due date it missed, the new date promised to the
    citizen, and why (surveys.dossiers.services.delays)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="delays"
    )

    class Meta:
        verbose_name = _("phiếu xin lỗi hồ sơ trễ hạn")
        verbose_name_plural = _("phiếu xin lỗi hồ sơ trễ hạn")
        ordering = ["dossier", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=F("previous_due_on")), name="dossier_delay_moves_forward"
            ),
        ]


class DossierCounts(models.Model):
    """What the count tables hold: received (and of them online) in the period of receipt;
    returned early, on time or late in the period of return (local days)."""

    received = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DossierMonthlyCount(DossierCounts):
    """Dossiers by month and commune: received (and of them online) in the month of receipt;
    returned early, on time or late in the month of return. Kept exact by the import in the
    transaction that writes the dossiers (surveys.dossiers.services), so that the totals and the
    per-commune and per-month figures never read the dossiers themselves, except the open ones
    past due: a row per commune and month however many dossiers and procedures. Per procedure,
    the province counts hold the months; a commune's own procedures are read from its dossiers."""

    month = models.DateField()
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("số liệu hồ sơ theo tháng")
        verbose_name_plural = _("số liệu hồ sơ theo tháng")
        constraints = [models.UniqueConstraint(fields=["month", "commune"], name="dossiercount_unique_key")]
        indexes = [models.Index(fields=["commune", "month"])]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.month:%m/%Y}"


class DossierProvinceCount(DossierCounts):
    """The same counts rolled up per province of today (a commune of either era counts in its
    `current_province`; a unit placed in none counts under itself), for what a province's and the
    country's figures read without 3,321 communes or the dossiers themselves:

    - each month: per province, for all procedures (`service_key` ALL) and per procedure;
    - each day (the days of a month a period cuts): per province for all procedures, and per
      procedure for the whole country (`province` empty).

    Kept exact by the import in the same transaction as the dossiers and the monthly counts."""

    ALL = 0

    class Span(models.TextChoices):
        MONTH = "month", _("tháng")
        DAY = "day", _("ngày")

    span = models.CharField(max_length=5, choices=Span.choices)
    # The first day of the month, or the day.
    period = models.DateField()
    # Empty: the whole country (rows of a day per procedure).
    province = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    service_key = models.BigIntegerField()

    class Meta:
        verbose_name = _("số liệu hồ sơ theo tỉnh")
        verbose_name_plural = _("số liệu hồ sơ theo tỉnh")
        constraints = [
            models.UniqueConstraint(
                fields=["span", "period", "province", "service_key"],
                name="dossierprovincecount_unique_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id or '*'} {self.span} {self.period:%d/%m/%Y}"
