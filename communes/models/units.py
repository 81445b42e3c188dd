"""Administrative units of both eras, and the accounts bound to them."""

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
    # A commune split in 2025: `successor` is the default (the converter's), these received the
    # rest of its land. Pages send the old commune to `successor` and name these beside it.
    other_successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa khác"),
        symmetrical=False,
        blank=True,
        related_name="partial_predecessors",
        help_text=_("Xã bị chia năm 2025: các đơn vị khác nhận một phần địa bàn của xã này."),
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


class UnitSearchEntry(models.Model):
    """One way to find a unit by the words a person types: its own name with its parents'
    (" xa hoa binh huyen hung ha tinh thai binh "), or, for a 2025 unit, the name of a unit it
    took over (`via`) with that unit's parents and its own (" xa tien duc huyen hung ha tinh thai
    binh xa long hung tinh hung yen "). Every word of a query must be in one entry, so the search
    reads one table of short rows (with a trigram index on PostgreSQL). Folded texts with a space
    at each end, so that " ha " is a whole word. Written by `load_units`, never by hand."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="search_entries")
    via = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # `via` went only partly to `unit` (a commune split in 2025, `unit` not its default successor).
    partial = models.BooleanField(default=False)
    name = models.CharField(max_length=122)  # folded name of `via`, or of `unit` itself
    line = models.TextField()

    class Meta:
        verbose_name = _("mục tìm kiếm đơn vị")
        verbose_name_plural = _("mục tìm kiếm đơn vị")

    def __str__(self) -> str:
        return self.line


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
