"""The apology slip with a new date (phiếu xin lỗi và hẹn lại ngày trả kết quả) that a commune's
People's Committee sends a citizen whose request or dossier is not answered by the date promised
(the one-stop decree in force: Nghị định 118/2025/NĐ-CP from 01/07/2025, 61/2018/NĐ-CP before).
One shape for every kind of request: `dialogues.DueDateChange` (feedback, petitions) and
`surveys.DossierDelay` (a one-stop dossier) each add what the slip is about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"


class ApologySlip(models.Model):
    """The slip's number, the date it replaces, the new one, why, and who signs it (on behalf of
    the People's Committee: the chairman, or a deputy "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""

    number = models.CharField(_("số phiếu"), max_length=32)
    previous_due_on = models.DateField(_("hạn cũ"))
    new_due_on = models.DateField(_("ngày hẹn mới"))
    reason = models.TextField(_("lý do chậm"))
    signer_name = models.CharField(_("người ký phiếu"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=120,
        blank=True,
        default=DEFAULT_SIGNER_TITLE,
        help_text=_("Ví dụ: CHỦ TỊCH; ký thay: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm lập"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number
