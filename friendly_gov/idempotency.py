"""Once, from the citizen's side: a submission sent twice (a double click, a refresh, a resend after
a lost answer, a kiosk replaying the taps it queued offline) is stored once.

Public forms carry a one-use token, drawn when the form is shown (`SubmissionKeyMixin` in
`friendly_gov.forms`); API clients send an `Idempotency-Key` header. The services store the key
on the row under a unique index, with a digest of what was submitted. The same key again stores
nothing and gives back the row it stored (`replayed`); the same key with another submission is
refused (`KeyReused`), so nobody gets back a row by sending someone else's key. The index, not a
check before the insert, decides: of two simultaneous requests with one key, one stores.

Keys live as long as their row (an offline kiosk may replay a tap days later) and are scoped by
table: a survey response's key and a feedback item's key never meet.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

KEY_MAX_LENGTH = 100
HASH_LENGTH = 32
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

# Tokens of the forms: ours (22 URL-safe characters), or a kiosk app's own (a UUID). Shorter ones
# are not trusted to be unique.
_FORM_KEY = re.compile(rf"[A-Za-z0-9_-]{{16,{KEY_MAX_LENGTH}}}")
# A header key is the client's: any printable ASCII (what HTTP headers carry safely), not blank.
_HEADER_KEY = re.compile(rf"[\x20-\x7e]{{1,{KEY_MAX_LENGTH}}}")


def new_key() -> str:
    """A form's one-use token: 128 random bits."""
    return secrets.token_urlsafe(16)


def form_key(raw: object) -> str:
    """The token a form posted when it is well formed, else ''."""
    return raw if isinstance(raw, str) and _FORM_KEY.fullmatch(raw) else ""


def fingerprint(*parts: object) -> str:
    """A digest of what a submission carries (ids, answers, text), to tell a replay of it from
    another submission under the same key."""
    data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.blake2b(data.encode(), digest_size=HASH_LENGTH // 2).hexdigest()


class KeyReused(ValidationError):
    """The key of a stored submission came with another submission."""

    def __init__(self):
        super().__init__(
            _(
                "Khóa chống gửi trùng này đã được dùng cho một lần gửi có nội dung khác. "
                "Mỗi lần gửi mới cần một khóa mới."
            ),
            code="key_reused",
        )


# --- The API -------------------------------------------------------------------------------------


def request_key(request) -> str:
    """The request's Idempotency-Key ('' without one). A malformed one is a 400: silently
    dropping it would store a retry twice."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return ""
    if not _HEADER_KEY.fullmatch(raw) or not raw.strip():
        raise serializers.ValidationError(
            {
                HEADER: [
                    _(
                        "Idempotency-Key không hợp lệ: cần từ 1 đến %(max)d ký tự ASCII in được "
                        "(chữ không dấu, số, dấu), ví dụ một UUID."
                    )
                    % {"max": KEY_MAX_LENGTH}
                ]
            }
        )
    return raw


class KeyReusedError(APIException):
    """422, as the IETF draft on the Idempotency-Key header answers a key reused with another
    payload."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _(
        "Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác. Mỗi yêu cầu mới cần "
        "một khóa mới; gửi lại đúng yêu cầu cũ thì được trả lời như lần đầu."
    )


def replay_headers(row) -> dict[str, str]:
    """`Idempotent-Replayed: true` on the answer to a replayed request."""
    return {REPLAYED_HEADER: "true"} if getattr(row, "replayed", False) else {}


KEY_PARAMETERS = [
    OpenApiParameter(
        HEADER,
        str,
        OpenApiParameter.HEADER,
        description=(
            "Optional, 1-100 printable ASCII characters (a UUID is a good choice). A request "
            "repeated with the same key stores nothing more and gets the first answer again "
            "(201, same body, with `Idempotent-Replayed: true`); the same key with another body is "
            "refused with 422. Only a stored submission holds its key: after a 400 the key is "
            "free. Keys do not expire. A malformed key is a 400."
        ),
    ),
    OpenApiParameter(
        REPLAYED_HEADER,
        str,
        OpenApiParameter.HEADER,
        response=[201],
        description="`true` when the answer is the replay of a request already stored.",
    ),
]
