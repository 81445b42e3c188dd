"""The apology slip's form (communes.models.slips), for a feedback item and for a dossier alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from friendly_gov.forms import DateInput

from ..models.slips import DEFAULT_SIGNER_TITLE


class ApologySlipForm(forms.Form):
    new_due_on = forms.DateField(label=_("Ngày hẹn trả kết quả mới"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(
        label=_("Người ký phiếu"),
        max_length=120,
        required=False,
        help_text=_("Chủ tịch hoặc Phó Chủ tịch UBND xã ký phiếu xin lỗi."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=120,
        required=False,
        initial=DEFAULT_SIGNER_TITLE,
        help_text=_("Ví dụ: CHỦ TỊCH; ký thay: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )
