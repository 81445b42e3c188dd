"""Codes of conduct ("5 biết", "3 thể hiện", ...), the commune staff register and officers'
signed pledges."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from friendly_gov import bilingual

from .files import UploadPath, validate_image, validate_upload
from .programmes import Programme
from .units import AdminUnit


class CodeOfConduct(models.Model):
    """A motto list hung as a board in the office and signed by officers.

    `owner_unit` empty: a list every province may use; otherwise the province's own wording."""

    name = models.CharField(_("tên"), max_length=40, help_text=_("Ví dụ: 5 biết"))
    description = models.CharField(_("diễn giải"), max_length=255, blank=True)
    # Shown on an English page (friendly_gov.bilingual); blank: the Vietnamese text.
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=60, blank=True)
    description_en = models.CharField(_("diễn giải (tiếng Anh)"), max_length=255, blank=True)
    owner_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="codes_of_conduct",
        limit_choices_to={"level__in": [AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]},
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("chương trình áp dụng"), blank=True, related_name="codes_of_conduct"
    )

    class Meta:
        verbose_name = _("quy tắc ứng xử")
        verbose_name_plural = _("quy tắc ứng xử")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "owner_unit"], name="code_unique_name_per_owner", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        return bilingual.shown(self.name, self.name_en)

    @property
    def shown_description(self) -> str:
        return bilingual.shown(self.description, self.description_en)


class CodeItem(models.Model):
    code = models.ForeignKey(
        CodeOfConduct, verbose_name=_("quy tắc"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("nội dung"), max_length=255)
    text_en = models.CharField(_("nội dung (tiếng Anh)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nội dung quy tắc")
        verbose_name_plural = _("nội dung quy tắc")
        ordering = ["code", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return bilingual.shown(self.text, self.text_en)


class StaffMember(models.Model):
    """An officer of a commune, as listed in its staff register and printed on name badges."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="staff",
        limit_choices_to={"level": AdminUnit.Level.COMMUNE},
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(
        _("chức vụ"), max_length=160, help_text=_("Ví dụ: Công chức Văn phòng - Thống kê")
    )
    desk = models.CharField(
        _("vị trí làm việc"), max_length=160, blank=True, help_text=_("Ví dụ: Bộ phận một cửa")
    )
    photo = models.FileField(
        _("ảnh thẻ"), upload_to=UploadPath("staff"), validators=[validate_image], blank=True
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cán bộ, công chức")
        verbose_name_plural = _("cán bộ, công chức")
        ordering = ["commune", "order", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.position}"


class Pledge(models.Model):
    """An officer's signed commitment to a code of conduct."""

    staff_member = models.ForeignKey(
        StaffMember, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="pledges"
    )
    code = models.ForeignKey(
        CodeOfConduct, verbose_name=_("quy tắc"), on_delete=models.PROTECT, related_name="pledges"
    )
    signed_on = models.DateField(_("ngày ký cam kết"))
    scan = models.FileField(
        _("bản ký (ảnh/PDF)"), upload_to=UploadPath("pledges"), validators=[validate_upload], blank=True
    )

    class Meta:
        verbose_name = _("bản cam kết")
        verbose_name_plural = _("bản cam kết")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["staff_member", "code"], name="pledge_once_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member.full_name} – {self.code}"
