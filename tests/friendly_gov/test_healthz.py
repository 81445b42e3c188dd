import os

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
