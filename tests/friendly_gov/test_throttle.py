"""The public API's throttle counts atomically in Redis: when one client fires many requests at
once at a threaded server, exactly the limit gets through (DRF's SimpleRateThrottle, which reads
a client's history and writes it back, let 36 through a limit of 30)."""

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django_ratelimit.core import _get_window

from communes.models import AdminUnit
from friendly_gov.clients import client_key
from surveys.models import SurveyResponse
from surveys.services import template_default_ensure
from tests.conftest import ensure_units, unit
from tests.friendly_gov.conftest import PATIENT, cache_settings
from tests.surveys.conftest import answers_for

LIMIT = 30
FIRED = 40


def post_at_once(base_url: str, path: str, bodies: list[dict]) -> list[tuple[int, str | None]]:
    """POSTs every body in its own thread, all released together: (status, Retry-After) each."""
    address = urlsplit(base_url)
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, str | None]] = [(0, None)] * len(bodies)
    # Connected one by one beforehand: the test server's listen queue is short.
    connections = [http.client.HTTPConnection(address.hostname, address.port, timeout=30) for _ in bodies]
    for conn in connections:
        conn.connect()

    def post(index: int, body: dict) -> None:
        conn = connections[index]
        barrier.wait()
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        results[index] = (response.status, response.getheader("Retry-After"))
        conn.close()

    threads = [threading.Thread(target=post, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def wait_for_a_fresh_window(period: int, needed: float = 15) -> None:
    """The counter is per fixed window (django-ratelimit's, which ends at a per-client second):
    the burst must not straddle two windows, or it would rightly get twice the limit."""
    value = client_key(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1"))
    left = _get_window(value, period) - time.time()
    if left < needed:
        time.sleep(max(0.0, left + 0.5))


@pytest.mark.redis
def test_exactly_the_limit_gets_through_when_one_client_fires_at_once(live_server, redis_url, settings):
    ensure_units()  # a live server's database is emptied after each test, units included
    settings.CACHES = cache_settings(redis_url, **PATIENT)
    settings.SURVEYS_API_RATE = f"{LIMIT}/min"
    commune = unit(AdminUnit.Era.CURRENT, AdminUnit.Level.COMMUNE, "12613")  # Long Hưng
    template = template_default_ensure()
    body = {"commune": commune.pk, "answers": {str(k): v for k, v in answers_for(template).items()}}
    wait_for_a_fresh_window(60)

    results = post_at_once(live_server.url, "/api/v1/survey-responses/", [body] * FIRED)

    statuses = sorted(status for status, _retry in results)
    assert statuses == [201] * LIMIT + [429] * (FIRED - LIMIT)
    assert SurveyResponse.objects.count() == LIMIT
    waits = [int(retry) for status, retry in results if status == 429]
    assert all(1 <= wait <= 60 for wait in waits)


def test_a_refusal_says_in_vietnamese_when_to_come_back(client, db, settings):
    settings.SURVEYS_API_RATE = "1/min"
    first = client.post("/api/v1/survey-responses/", {}, content_type="application/json")
    assert first.status_code == 400  # counted all the same
    refused = client.post("/api/v1/survey-responses/", {}, content_type="application/json")
    assert refused.status_code == 429
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert refused.json() == {"detail": f"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây."}
