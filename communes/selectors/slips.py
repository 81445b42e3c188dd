"""What every apology slip states, whatever it is about (communes.models.slips): issued on its
date by the commune in force then (a dissolved commune's successor from 01/07/2025), numbered,
signed on behalf of its People's Committee by the signer the officer named."""

from __future__ import annotations

from django.utils import timezone

from friendly_gov import official

from ..eras import issuing_body, unit_in_force
from ..models import AdminUnit
from ..models.slips import DEFAULT_SIGNER_TITLE, ApologySlip


def slip_document(*, slip: ApologySlip, commune: AdminUnit) -> dict:
    """The context the slip's template (`pdf/apology_slip.html`) shares; the caller adds what the
    slip is about and whom it goes to (`recipients`)."""
    day = timezone.localtime(slip.at).date()
    issuer_text = issuing_body(commune, on=day)
    return {
        "slip": slip,
        "issuer": unit_in_force(commune, on=day),
        "issuer_text": issuer_text,
        "day": day,
        "body": official.body_name(issuer_text),
        "signer_lines": official.signature_lines(
            issuer=issuer_text, title=slip.signer_title or DEFAULT_SIGNER_TITLE, collective=True
        ),
        "signer_name": slip.signer_name,
    }
