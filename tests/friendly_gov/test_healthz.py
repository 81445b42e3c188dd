import os
import time

import pytest

from friendly_gov.celery import app as celery_app


def test_it_answers_200_with_database_status(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.redis
def test_it_reports_a_real_broker(client, db, redis_url):
    celery_app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        assert client.get("/healthz").json()["broker"] == "ok"
    finally:
        celery_app.conf.update(broker_url="memory://", task_always_eager=True)


def test_it_reports_a_broker_that_is_down_without_failing(client, db):
    celery_app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.update(broker_url="memory://", task_always_eager=True)
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true but no Redis: TEST_REDIS_URL is empty")
        pytest.skip("no Redis reachable")
    return url


def best_of(rounds: int, fn) -> tuple[float, object]:
    """The fastest of a few calls (a shared machine's hiccup is not the code's) and its result."""
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - started, result))
    return min(timings, key=lambda pair: pair[0])


def test_it_answers_within_200_ms_when_the_broker_does_not_answer(client, db, black_hole, broker_at):
    # Connections are accepted and never answered, as behind a firewall that drops replies: a
    # connect that retries (kombu's) would keep the load balancer's probe waiting for seconds.
    broker_at(black_hole.url)
    seconds, response = best_of(3, lambda: client.get("/healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "down"}
    assert seconds < 0.2


@pytest.mark.redis
def test_it_follows_a_broker_that_is_killed_and_started_again(client, db, spare_redis, broker_at):
    broker_at(spare_redis.url)
    # A ping has 0.1 s to answer: on a busy machine it may miss once.
    assert any(client.get("/healthz").json()["broker"] == "ok" for _ in range(3))
    spare_redis.kill()
    seconds, response = best_of(3, lambda: client.get("/healthz"))
    assert response.status_code == 200 and response.json()["broker"] == "down"
    assert seconds < 0.2
    spare_redis.start()
    assert any(client.get("/healthz").json()["broker"] == "ok" for _ in range(3))
