"""Satisfaction by dossier: a citizen's response through the QR code of a dossier's receipt
(`/ks/hs/<code>/`), once per dossier."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.eras import unit_in_force
from communes.models import AdminUnit, User

from ...models import SurveyResponse
from ...services.responses import response_checked_store
from ..models import Dossier


def dossier_response_submit(*, code: str, template, answers, submission_key: str = ""):
    """A citizen's response through the QR code of a dossier's receipt (`/ks/hs/<code>/`): once
    per dossier. It is stored for the commune in force today (the dossier's own, or the commune
    that took it over), with the dossier's procedure and, when they still work there, its
    officer, and it links to the dossier, so satisfaction compares by procedure and by on-time
    against late handling."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("commune__successor", "service", "officer")
            .filter(code=code)
            .first()
        )
        if dossier is None:
            raise ValidationError(
                {"dossier": _("Không tìm thấy hồ sơ này. Vui lòng kiểm tra mã trên phiếu hẹn.")}
            )
        rated = SurveyResponse.objects.filter(dossier=dossier).only("submission_key", "submitted_at").first()
        if rated is not None and not (submission_key and rated.submission_key == submission_key):
            raise ValidationError({"dossier": dossier_rated_message(rated.submitted_at)})
        commune = unit_in_force(dossier.commune, on=timezone.localdate())
        return response_checked_store(
            template=template,
            commune=commune,
            answers=answers,
            channel=SurveyResponse.Channel.WEB,
            desk=None,
            service=dossier.service,
            officer=dossier_officer(dossier, commune=commune),
            batch=None,
            submitted_at=timezone.now(),
            submission_key=submission_key,
            dossier=dossier,
        )


def dossier_officer(dossier: Dossier, *, commune: AdminUnit) -> User | None:
    """The dossier's officer when they are an officer of the commune the response goes to."""
    officer = dossier.officer
    if officer is not None and officer.is_commune_officer and officer.commune_id == commune.pk:
        return officer
    return None


def dossier_rated_message(at: datetime.datetime) -> str:
    return _(
        "Hồ sơ này đã được đánh giá ngày %(date)s. Mỗi hồ sơ chỉ đánh giá một lần; cảm ơn Ông/Bà đã góp ý."
    ) % {"date": timezone.localtime(at).strftime("%d/%m/%Y")}
