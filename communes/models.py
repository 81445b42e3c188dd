"""Administrative units, users and their scope, programmes and their pilot communes.

`communes` is the base of the project: it knows nothing of surveys, dialogues or reports.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode


def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese name, for searches that ignore diacritics."""
    return " ".join(unidecode(text or "").lower().split())


class AdminUnit(models.Model):
    """A province, a (historic) district or a commune-level unit, in one of two eras.

    The 2025 reform abolished districts and merged provinces and communes. Both lists are kept:
    a legacy unit points to the current unit that took it over (`successor`), and every unit
    knows the current province it now belongs to (`current_province`), so that a 2019 baseline
    and a 2026 result land in the same scope.
    """

    class Era(models.TextChoices):
        LEGACY = "legacy", _("Trước 01/07/2025")
        CURRENT = "current", _("Từ 01/07/2025")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    class Type(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho_tw", _("Thành phố trực thuộc Trung ương")
        RURAL_DISTRICT = "huyen", _("Huyện")
        URBAN_DISTRICT = "quan", _("Quận")
        TOWN = "thi_xa", _("Thị xã")
        PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", _("Thành phố thuộc tỉnh")
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        TOWNSHIP = "thi_tran", _("Thị trấn")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    era = models.CharField(_("thời kỳ"), max_length=8, choices=Era.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    unit_type = models.CharField(_("loại đơn vị"), max_length=24, choices=Type.choices)
    # Official GSO code; blank only for a unit dissolved before the published lists (see `note`).
    code = models.CharField(_("mã"), max_length=8, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    # Lower-case name without diacritics, so that "tien duc" finds "Tiến Đức".
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    current_province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh, thành phố (sau sắp xếp 2025) mà đơn vị này thuộc về hiện nay."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Đơn vị sau sắp xếp ngày 01/07/2025 tiếp nhận đơn vị này."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["era", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["era", "level", "code"],
                condition=~Q(code=""),
                name="adminunit_unique_code_per_era_level",
            )
        ]
        indexes = [models.Index(fields=["level", "era", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.era == self.Era.CURRENT


class User(AbstractUser):
    """A portal account. Citizens have none: they answer forms and track items anonymously."""

    class Role(models.TextChoices):
        PROVINCE_ADMIN = "province_admin", _("Cán bộ tỉnh (quản trị)")
        PROVINCE_VIEWER = "province_viewer", _("Cán bộ tỉnh (xem)")
        COMMUNE_OFFICER = "commune_officer", _("Cán bộ một cửa cấp xã")

    role = models.CharField(
        _("vai trò"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Để trống cho quản trị hệ thống (superuser)."),
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AdminUnit.Level.PROVINCE},
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        limit_choices_to={"level": AdminUnit.Level.COMMUNE},
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # A role without its unit would see nothing, or (worse) a scope decided by code paths
            # that forgot to check; the database refuses it.
            models.CheckConstraint(
                condition=~Q(role="commune_officer") | Q(commune__isnull=False),
                name="user_officer_has_commune",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["province_admin", "province_viewer"]) | Q(province__isnull=False),
                name="user_province_staff_has_province",
            ),
        ]

    @property
    def is_province_staff(self) -> bool:
        return self.role in {self.Role.PROVINCE_ADMIN, self.Role.PROVINCE_VIEWER}

    @property
    def is_commune_officer(self) -> bool:
        return self.role == self.Role.COMMUNE_OFFICER


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

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "number"], name="document_unique_number")
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
            models.UniqueConstraint(fields=["programme", "commune"], name="enrolment_unique_commune")
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.get_level_display()}"
