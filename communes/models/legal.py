"""The legal documents the portal cites (decrees, laws, a province's regulations), as data: each
with the dates it is in force, so that a document dated on a day cites the text in force that day
and a change of law is one new row (and an end date on the old one)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .units import AdminUnit


class LegalReference(models.Model):
    """A law, decree or regulation cited by the portal's documents and pages."""

    class Topic(models.TextChoices):
        DOCUMENT_FORMAT = "document_format", _("Thể thức văn bản hành chính")
        EMULATION_LAW = "emulation_law", _("Luật Thi đua, khen thưởng")
        EMULATION_DECREE = "emulation_decree", _("Nghị định hướng dẫn Luật Thi đua, khen thưởng")
        PROVINCE_EMULATION = "province_emulation", _("Quy chế thi đua, khen thưởng của tỉnh")
        ONE_STOP = "one_stop", _("Cơ chế một cửa, một cửa liên thông")

    topic = models.CharField(_("nội dung"), max_length=20, choices=Topic.choices)
    kind = models.CharField(
        _("loại văn bản"), max_length=40, help_text=_("Ví dụ: Nghị định, Luật, Quyết định")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 152/2025/NĐ-CP"))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=120, help_text=_("Ví dụ: Chính phủ"))
    title = models.CharField(_("trích yếu"), max_length=300)
    in_force_from = models.DateField(_("có hiệu lực từ"))
    in_force_until = models.DateField(
        _("hết hiệu lực từ"), null=True, blank=True, help_text=_("Để trống: đang có hiệu lực.")
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_references",
        limit_choices_to={"level": AdminUnit.Level.PROVINCE},
        help_text=_("Để trống: văn bản áp dụng cả nước."),
    )
    source = models.URLField(_("nguồn tra cứu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("văn bản pháp luật được trích dẫn")
        verbose_name_plural = _("văn bản pháp luật được trích dẫn")
        ordering = ["topic", "in_force_from", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="legal_reference_number_unique",
                violation_error_message=_("Đã có văn bản cùng số, ký hiệu."),
            ),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gt=F("in_force_from")),
                name="legal_reference_in_force_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} số {self.number}"
