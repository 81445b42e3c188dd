"""Programmes (pilot models), their founding documents, steering committees and enrolled communes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .files import UploadPath, validate_upload
from .units import AdminUnit


class Programme(models.Model):
    """A pilot model ("mô hình") run by a province or, before 2025, a district."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị")
        ACTIVE = "active", _("Đang thực hiện")
        CLOSED = "closed", _("Đã tổng kết")

    name = models.CharField(_("tên mô hình"), max_length=255)
    owner_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"level__in": [AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]},
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện theo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
        help_text=_("Chương trình cấp trên mà chương trình này cụ thể hóa."),
    )
    phase_start = models.DateField(_("bắt đầu giai đoạn"))
    phase_end = models.DateField(_("kết thúc giai đoạn"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["-phase_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase_end__gte=models.F("phase_start")),
                name="programme_phase_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu giai đoạn."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner_unit.short_name}, {self.phase_start:%Y}-{self.phase_end:%Y})"


class ProgrammeDocument(models.Model):
    """A numbered founding document: Đề án, Kế hoạch, Quyết định, Chỉ thị."""

    class Kind(models.TextChoices):
        SCHEME = "de_an", _("Đề án")
        PLAN = "ke_hoach", _("Kế hoạch")
        DECISION = "quyet_dinh", _("Quyết định")
        DIRECTIVE = "chi_thi", _("Chỉ thị")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 08-ĐA/TU"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=160)
    title = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(
        _("tệp văn bản"),
        upload_to=UploadPath("documents"),
        validators=[validate_upload],
        blank=True,
        help_text=_("PDF hoặc ảnh chụp, tối đa 10 MB."),
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "number"],
                name="document_unique_number",
                violation_error_message=_("Văn bản số này đã có trong chương trình."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Enrolment(models.Model):
    """A commune taking part in a programme: a pilot chosen by the province or the district, or
    one of the communes the model was rolled out to."""

    class Level(models.TextChoices):
        PROVINCE_PILOT = "province_pilot", _("Điểm của tỉnh")
        DISTRICT_PILOT = "district_pilot", _("Điểm của huyện")
        ROLLOUT = "rollout", _("Nhân rộng")

    class Status(models.TextChoices):
        SELECTED = "selected", _("Được lựa chọn")
        LAUNCHED = "launched", _("Đã ra mắt")
        WITHDRAWN = "withdrawn", _("Dừng thực hiện")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="enrolments"
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        limit_choices_to={"level": AdminUnit.Level.COMMUNE},
    )
    level = models.CharField(_("hình thức"), max_length=16, choices=Level.choices)
    selected_on = models.DateField(_("ngày lựa chọn"))
    launched_on = models.DateField(_("ngày ra mắt mô hình"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SELECTED)

    class Meta:
        verbose_name = _("xã tham gia")
        verbose_name_plural = _("xã tham gia")
        ordering = ["programme", "level", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "commune"],
                name="enrolment_unique_commune",
                violation_error_message=_("Xã này đã tham gia chương trình."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.get_level_display()}"


class SteeringMember(models.Model):
    """A member of a programme's steering committee (Ban chỉ đạo), as named by its decision."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng ban")
        DEPUTY = "deputy", _("Phó Trưởng ban")
        MEMBER = "member", _("Thành viên")

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="steering_members"
    )
    decision = models.ForeignKey(
        ProgrammeDocument,
        verbose_name=_("quyết định thành lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên Ban chỉ đạo")
        verbose_name_plural = _("Ban chỉ đạo")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.get_role_display()}"
