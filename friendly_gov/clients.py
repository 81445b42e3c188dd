"""Who is asking, without keeping who they are.

Public forms (satisfaction surveys, citizen feedback) are rate-limited per client. The client is
known by a keyed hash of its address (HMAC with the secret key), never by the raw IP address, so
neither the cache nor a log line holds a citizen's address."""

import hashlib
import hmac

from django.conf import settings


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


def throttle_class(rate: str):
    """A DRF throttle for public endpoints, counting per keyed-hash client (see client_key)."""
    from rest_framework.throttling import AnonRateThrottle

    class HashedClientThrottle(AnonRateThrottle):
        def get_rate(self):
            return rate

        def get_ident(self, request):
            return client_key(request)

    HashedClientThrottle.__name__ = f"HashedClientThrottle_{rate.replace('/', '_per_')}"
    return HashedClientThrottle
