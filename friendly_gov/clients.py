"""Who is asking, without keeping who they are.

Public forms (satisfaction surveys, citizen feedback) are rate-limited per client. The client is
known by a keyed hash of its address (HMAC with the secret key), never by the raw IP address, so
neither the cache nor a log line holds a citizen's address."""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler


def client_address(request) -> str:
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if key:
        value = request.META.get(key, "")
        return value.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request) -> str:
    """A stable, keyed, one-way identifier of the client's address."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def ratelimit_key(group, request) -> str:
    """For django-ratelimit: `@ratelimit(key="friendly_gov.clients.ratelimit_key", ...)`."""
    return client_key(request)


class ClientRateThrottle(BaseThrottle):
    """A DRF throttle for public endpoints: at most `rate` requests ("30/min", "5/hour") per
    keyed-hash client (see client_key) in a fixed window.

    It counts with django-ratelimit's counter, as the pages do: one atomic add-then-increment in
    the cache, so concurrent requests on several processes cannot slip past the limit as they do
    past DRF's SimpleRateThrottle, which reads a client's history and writes it back. Every
    request counts, the refused ones too. A refusal is DRF's 429 with Retry-After."""

    scope = ""
    rate = ""

    def get_rate(self) -> str:
        return self.rate

    def allow_request(self, request, view) -> bool:
        usage = get_usage(
            request, group=f"throttle.{self.scope}", key=ratelimit_key, rate=self.get_rate(), increment=True
        )
        if usage is None:  # RATELIMIT_ENABLE off
            return True
        self.time_left = usage["time_left"]
        return not usage["should_limit"]

    def wait(self) -> float:
        return max(self.time_left, 1)


def exception_handler(exc, context):
    """DRF's handler, with a throttle's refusal said in the portal's language (DRF's own sentence
    has no Vietnamese translation). Retry-After is DRF's, from the throttle's wait."""
    if isinstance(exc, Throttled):
        seconds = int(exc.wait or 1)
        exc.detail = ngettext(
            "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)d giây.",
            "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)d giây.",
            seconds,
        ) % {"seconds": seconds}
    return drf_exception_handler(exc, context)
