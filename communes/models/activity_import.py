"""The record kept of every import of activity history from a file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .activity import COMMUNE_ONLY, RecordedMixin
from .units import AdminUnit


class ActivityImport(RecordedMixin):
    """One file of period totals imported: its name and the SHA-256 of its content, the communes
    it wrote to, its rows and total, who imported it and when. The same file sent again for one
    of the same communes is refused unless the user confirms it (`confirmed_duplicate`)."""

    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã SHA-256 của tệp"), max_length=64, db_index=True)
    communes = models.ManyToManyField(
        AdminUnit,
        verbose_name=_("xã, phường"),
        related_name="activity_imports",
        limit_choices_to=COMMUNE_ONLY,
    )
    rows = models.PositiveIntegerField(_("số dòng"))
    total = models.PositiveBigIntegerField(_("tổng số lượt"))
    confirmed_duplicate = models.BooleanField(
        _("nhập lại đã xác nhận"),
        default=False,
        help_text=_("Tệp này đã được nhập trước đó cho cùng xã và người nhập đã xác nhận nhập lại."),
    )

    class Meta:
        verbose_name = _("lần nhập số liệu hoạt động")
        verbose_name_plural = _("các lần nhập số liệu hoạt động")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"
