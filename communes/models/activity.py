"""A commune's activity log: letters and ceremonies, suggestion-box openings, facilities
checklists and inspection visits with their follow-up tasks. Every entry is dated and says who
recorded it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .files import UploadPath, validate_image
from .units import AdminUnit

COMMUNE_ONLY = {"level": AdminUnit.Level.COMMUNE}


class RecordedMixin(models.Model):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        abstract = True


class ActivityRecord(RecordedMixin):
    """Letters sent to citizens and ceremonies held: one at a time (count 1, one day), or as a
    total for a period, because the history from before the portal exists only as totals."""

    class Kind(models.TextChoices):
        THANKS = "letter_thanks", _("Thư cảm ơn")
        CONGRATULATION = "letter_congratulation", _("Thư chúc mừng")
        CONDOLENCE = "letter_condolence", _("Thư chia buồn")
        APOLOGY = "letter_apology", _("Thư xin lỗi")
        MARRIAGE_CEREMONY = "ceremony_marriage", _("Trao giấy chứng nhận kết hôn")
        OTHER_CEREMONY = "ceremony_other", _("Nghi thức, buổi trao khác")

    class Source(models.TextChoices):
        ENTRY = "entry", _("Ghi từng lượt")
        TALLY = "tally", _("Số liệu tổng hợp")
        IMPORT = "import", _("Nhập từ tệp")

    LETTER_KINDS = (Kind.THANKS, Kind.CONGRATULATION, Kind.CONDOLENCE, Kind.APOLOGY)
    CEREMONY_KINDS = (Kind.MARRIAGE_CEREMONY, Kind.OTHER_CEREMONY)

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="activity",
        limit_choices_to=COMMUNE_ONLY,
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    count = models.PositiveIntegerField(_("số lượng"), default=1)
    # Personal data: shown only to users whose scope holds the commune.
    recipient = models.CharField(_("người nhận"), max_length=160, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices, default=Source.ENTRY)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["commune", "kind", "period_end"])]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="activity_count_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="activity_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.count} ({self.commune})"


class SuggestionBoxOpening(RecordedMixin):
    """A scheduled opening of the suggestion box (hòm thư góp ý), before witnesses."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="box_openings",
        limit_choices_to=COMMUNE_ONLY,
    )
    opened_on = models.DateField(_("ngày mở hòm thư"))
    witnesses = models.CharField(_("người chứng kiến"), max_length=500)
    letters_found = models.PositiveIntegerField(_("số thư, phiếu góp ý"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lần mở hòm thư góp ý")
        verbose_name_plural = _("mở hòm thư góp ý")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.commune} – {self.opened_on:%d/%m/%Y}"


class FacilityCheck(RecordedMixin):
    """A facilities checklist of the one-stop desk on a given day, item by item, with photos."""

    class Item(models.TextChoices):
        DESK_EQUIPMENT = "desk_equipment", _("Trang thiết bị bộ phận một cửa")
        RECEPTION_ROOM = "reception_room", _("Phòng tiếp công dân")
        RECEPTION_SCHEDULE = "reception_schedule", _("Lịch tiếp công dân được niêm yết")
        POSTED_PROCEDURES = "posted_procedures", _("Niêm yết công khai thủ tục hành chính")
        SUGGESTION_BOX = "suggestion_box", _("Hòm thư góp ý")
        NAME_BADGES = "name_badges", _("Cán bộ đeo biển tên")
        CONDUCT_BOARDS = (
            "conduct_boards",
            _("Bảng quy tắc ứng xử (“5 biết”, “3 thể hiện”...)"),
        )

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="facility_checks",
        limit_choices_to=COMMUNE_ONLY,
    )
    checked_on = models.DateField(_("ngày kiểm tra"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kiểm tra cơ sở vật chất")
        verbose_name_plural = _("kiểm tra cơ sở vật chất")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.commune} – {self.checked_on:%d/%m/%Y}"


class FacilityCheckItem(models.Model):
    check_record = models.ForeignKey(
        FacilityCheck, verbose_name=_("lần kiểm tra"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("hạng mục"), max_length=24, choices=FacilityCheck.Item.choices)
    present = models.BooleanField(_("đạt"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hạng mục kiểm tra")
        verbose_name_plural = _("hạng mục kiểm tra")
        ordering = ["check_record", "item"]
        constraints = [
            models.UniqueConstraint(fields=["check_record", "item"], name="check_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {'đạt' if self.present else 'chưa đạt'}"


class FacilityPhoto(models.Model):
    check_record = models.ForeignKey(
        FacilityCheck, verbose_name=_("lần kiểm tra"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("ảnh"), upload_to=UploadPath("facilities"), validators=[validate_image])
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ảnh cơ sở vật chất")
        verbose_name_plural = _("ảnh cơ sở vật chất")
        ordering = ["check_record", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class InspectionVisit(RecordedMixin):
    """A visit by a leader (kiểm tra, giám sát), with findings and follow-up tasks."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="inspections",
        limit_choices_to=COMMUNE_ONLY,
    )
    visited_on = models.DateField(_("ngày kiểm tra"))
    visitor = models.CharField(_("người kiểm tra"), max_length=160)
    visitor_title = models.CharField(_("chức vụ người kiểm tra"), max_length=255, blank=True)
    findings = models.TextField(_("kết quả, nhận xét"))

    class Meta:
        verbose_name = _("đoàn kiểm tra")
        verbose_name_plural = _("kiểm tra, giám sát")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visitor} – {self.commune} – {self.visited_on:%d/%m/%Y}"


class FollowUpTask(models.Model):
    visit = models.ForeignKey(
        InspectionVisit, verbose_name=_("đoàn kiểm tra"), on_delete=models.CASCADE, related_name="tasks"
    )
    description = models.CharField(_("nhiệm vụ"), max_length=500)
    owner = models.CharField(_("người thực hiện"), max_length=160, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"))
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    completion_note = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ sau kiểm tra")
        verbose_name_plural = _("nhiệm vụ sau kiểm tra")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
