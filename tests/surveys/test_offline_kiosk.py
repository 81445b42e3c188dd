"""The offline kiosk's side on the server: a tap sent later keeps the time it was tapped (within
sane bounds), is stored once under its key, and the kiosk page carries what its script and its
service worker need."""

import datetime
import json
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from surveys.models import MonthlyCount, SurveyResponse

SUBMIT = "/api/v1/survey-responses/"


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def tap(sipas, commune, desk=None, *, value=5, answered_at=None) -> dict:
    overall = sipas.questions.get(in_kiosk=True)
    body = {
        "commune": commune.pk,
        "template": sipas.pk,
        "response_channel": "kiosk",
        "answers": {str(overall.pk): value},
    }
    if desk is not None:
        body["desk"] = desk.pk
    if answered_at is not None:
        body["answered_at"] = answered_at.isoformat()
    return body


def test_it_stores_a_queued_tap_with_the_time_it_was_tapped(api, sipas, long_hung, desk_factory):
    desk = desk_factory(commune=long_hung)
    tapped = timezone.now() - datetime.timedelta(hours=3, minutes=7)
    key = str(uuid.uuid4())
    response = api.post(
        SUBMIT,
        tap(sipas, long_hung, desk, answered_at=tapped),
        format="json",
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 201
    stored = SurveyResponse.objects.get()
    assert stored.submitted_at == tapped and stored.channel == "kiosk" and stored.desk == desk
    assert response.json()["submitted_at"] == timezone.localtime(tapped).isoformat()


def test_it_stores_a_tap_replayed_with_its_key_once_keeping_the_first_time(api, sipas, long_hung):
    tapped = timezone.now() - datetime.timedelta(minutes=40)
    key = str(uuid.uuid4())
    first = api.post(
        SUBMIT, tap(sipas, long_hung, answered_at=tapped), format="json", headers={"Idempotency-Key": key}
    )
    # The answer to the first send was lost; the kiosk sends the same tap again.
    again = api.post(
        SUBMIT, tap(sipas, long_hung, answered_at=tapped), format="json", headers={"Idempotency-Key": key}
    )
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert SurveyResponse.objects.get().submitted_at == tapped
    assert MonthlyCount.objects.get(commune=long_hung).forms == 1


def test_it_counts_a_tap_of_last_month_in_last_month(api, sipas, long_hung):
    tapped = timezone.localtime().replace(day=1, hour=9, minute=0) - datetime.timedelta(days=2)
    response = api.post(
        SUBMIT, tap(sipas, long_hung, answered_at=tapped), format="json", headers={"Idempotency-Key": "t-1"}
    )
    assert response.status_code == 201
    assert MonthlyCount.objects.get(commune=long_hung).month == tapped.date().replace(day=1)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (datetime.timedelta(hours=2), "Thời điểm trả lời ở tương lai"),
        (-datetime.timedelta(days=31), "Thời điểm trả lời đã quá 30 ngày"),
    ],
)
def test_it_refuses_an_answer_time_out_of_bounds_and_stores_nothing(api, sipas, long_hung, offset, message):
    response = api.post(
        SUBMIT,
        tap(sipas, long_hung, answered_at=timezone.now() + offset),
        format="json",
        headers={"Idempotency-Key": "k-2"},
    )
    assert response.status_code == 400
    assert message in response.json()["answered_at"][0]
    assert not SurveyResponse.objects.exists() and not MonthlyCount.objects.exists()


def test_it_takes_a_clock_a_few_minutes_fast_as_now(api, sipas, long_hung):
    before = timezone.now()
    ahead = before + datetime.timedelta(minutes=4)
    response = api.post(
        SUBMIT, tap(sipas, long_hung, answered_at=ahead), format="json", headers={"Idempotency-Key": "k-3"}
    )
    assert response.status_code == 201
    assert before <= SurveyResponse.objects.get().submitted_at <= timezone.now()


def test_the_kiosk_page_carries_what_its_offline_queue_needs(client, sipas, long_hung, desk_factory):
    desk = desk_factory(commune=long_hung, kiosk_reset_seconds=7)
    page = client.get(reverse("surveys:kiosk", args=[long_hung.pk]) + f"?d={desk.pk}")
    html = page.content.decode()
    overall = sipas.questions.get(in_kiosk=True)
    assert f'data-api="{SUBMIT}"' in html and 'data-worker="/ks/kiosk-sw.js"' in html
    assert 'data-worker-scope="/ks/"' in html
    assert f'data-commune="{long_hung.pk}"' in html and f'data-desk="{desk.pk}"' in html
    assert f'data-template="{sipas.pk}"' in html and 'data-reset="7"' in html
    assert f'data-required="{overall.pk},"' in html
    assert 'rel="manifest"' in html and 'id="kiosk-queue"' in html


def test_the_service_worker_is_served_from_the_kiosk_folder_as_a_script(client):
    response = client.get("/ks/kiosk-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert 'addEventListener("fetch"' in response.content.decode()
    # The same strict policy as every page: 'self' allows a worker from this origin.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_manifest_makes_the_kiosk_installable(client):
    manifest = json.loads(open(finders.find("surveys/kiosk.webmanifest"), encoding="utf-8").read())
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes and manifest["display"] == "fullscreen"
    for icon in manifest["icons"]:
        assert finders.find(f"surveys/{icon['src']}")
