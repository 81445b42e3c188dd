"""The dialogues API: scoped reads, writes through the services, the public endpoints."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dialogues import services
from dialogues.models import Category, FeedbackItem


def today() -> datetime.date:
    """The local date when the test runs (a module constant would go stale across midnight)."""
    return timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


def test_it_lists_only_items_in_scope(api, officer, other_officer, make_item, hong_minh):
    mine = make_item(citizen_name="Nguyễn Văn Hải")
    make_item(commune=hong_minh, by=other_officer)
    api.force_authenticate(officer)
    response = api.get("/api/v1/feedback/")
    assert [row["tracking_code"] for row in response.json()["results"]] == [mine.tracking_code]
    assert response.json()["results"][0]["citizen_name"] == "Nguyễn Văn Hải"
    api.force_authenticate(other_officer)
    assert api.get(f"/api/v1/feedback/{mine.pk}/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_the_feedback_list_runs_a_fixed_number_of_queries(
    api, officer, make_item, size, django_assert_max_num_queries
):
    for index in range(size):
        make_item(days_ago=index % 12)
    api.force_authenticate(officer)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/feedback/")
    assert response.json()["count"] == size


def test_an_officer_logs_and_moves_an_item_through_the_api(api, officer, long_hung, category):
    api.force_authenticate(officer)
    response = api.post(
        "/api/v1/feedback/",
        {
            "commune": long_hung.pk,
            "category": category.pk,
            "channel": "hotline",
            "content": "Nước sinh hoạt bị đục.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert (
        api.post(f"/api/v1/feedback/{pk}/assign/", {"assignee": officer.pk}, format="json").status_code == 200
    )
    refused = api.post(f"/api/v1/feedback/{pk}/close/", {}, format="json")
    assert refused.status_code == 400 and "Không thể chuyển" in str(refused.json())
    api.post(f"/api/v1/feedback/{pk}/start/", {}, format="json")
    done = api.post(f"/api/v1/feedback/{pk}/answer/", {"public_answer": "Đã thau rửa bể."}, format="json")
    assert done.json()["status"] == "answered"
    assert [t["to_status"] for t in done.json()["transitions"]] == [
        "received",
        "assigned",
        "in_progress",
        "answered",
    ]


def test_a_viewer_reads_but_never_writes(api, province_viewer, officer, item):
    api.force_authenticate(province_viewer)
    assert api.get(f"/api/v1/feedback/{item.pk}/").status_code == 200
    assert (
        api.post(f"/api/v1/feedback/{item.pk}/assign/", {"assignee": officer.pk}, format="json").status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == "received"


def test_bulk_assignment_refuses_items_outside_scope(api, officer, other_officer, make_item, hong_minh):
    mine = make_item()
    theirs = make_item(commune=hong_minh, by=other_officer)
    api.force_authenticate(officer)
    response = api.post(
        "/api/v1/feedback/bulk-assign/",
        {"items": [mine.pk, theirs.pk], "assignee": officer.pk},
        format="json",
    )
    assert response.status_code == 400
    ok = api.post(
        "/api/v1/feedback/bulk-assign/", {"items": [mine.pk], "assignee": officer.pk}, format="json"
    )
    assert ok.json() == {"assigned": 1}


def test_the_history_is_read_only_through_the_api(api, superuser, item):
    api.force_authenticate(superuser)
    assert api.patch(f"/api/v1/feedback/{item.pk}/", {"status": "closed"}, format="json").status_code == 405
    assert api.delete(f"/api/v1/feedback/{item.pk}/").status_code == 405


def test_indicators_through_the_api(api, officer, make_item, other_officer, hong_minh):
    make_item(days_ago=30)
    api.force_authenticate(officer)
    response = api.get("/api/v1/feedback-indicators/")
    assert response.json()["open_overdue"] == 1 and response.json()["resolution_rate"] == 0.0
    assert api.get("/api/v1/feedback-indicators/", {"commune": hong_minh.pk}).status_code == 404


def test_dialogues_and_commitments_through_the_api(api, officer, other_officer, long_hung):
    api.force_authenticate(officer)
    response = api.post(
        "/api/v1/dialogues/",
        {
            "commune": long_hung.pk,
            "held_on": today().isoformat(),
            "chaired_by": "Chủ tịch",
            "participants": "Dân",
            "topics": "Đường",
        },
        format="json",
    )
    assert response.status_code == 201
    dialogue = response.json()["id"]
    commitment = api.post(
        "/api/v1/commitments/",
        {
            "dialogue": dialogue,
            "description": "Vá đường",
            "owner": "ĐC",
            "due_on": (today() + datetime.timedelta(9)).isoformat(),
        },
        format="json",
    ).json()
    done = api.post(
        f"/api/v1/commitments/{commitment['id']}/done/", {"done_on": today().isoformat()}, format="json"
    )
    assert done.json()["done_on"] == today().isoformat()
    api.force_authenticate(other_officer)
    assert api.get(f"/api/v1/dialogues/{dialogue}/").status_code == 404


def test_categories_are_configured_by_province_administrators(api, officer, province_admin):
    api.force_authenticate(officer)
    assert (
        api.post(
            "/api/v1/feedback-categories/",
            {"name": "Tố cáo", "kind": "denunciation", "time_limit_days": 30},
            format="json",
        ).status_code
        == 403
    )
    api.force_authenticate(province_admin)
    response = api.post(
        "/api/v1/feedback-categories/",
        {"name": "Tố cáo", "kind": "denunciation", "time_limit_days": 30},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert (
        api.patch(f"/api/v1/feedback-categories/{pk}/", {"time_limit_days": 45}, format="json").json()[
            "time_limit_days"
        ]
        == 45
    )
    assert Category.objects.get(pk=pk).time_limit_days == 45


def test_a_citizen_submits_and_tracks_through_the_public_api(api, long_hung, category, officer):
    response = api.post(
        "/api/v1/public/feedback/",
        {
            "commune": long_hung.pk,
            "category": category.pk,
            "content": "Ống nước vỡ ở đầu thôn Đông.",
            "citizen_phone": "0911",
        },
        format="json",
    )
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    status = api.get(f"/api/v1/public/feedback/{code}/").json()
    assert status["status"] == "received"
    assert "content" not in status and "citizen_phone" not in status
    assert api.get("/api/v1/public/feedback/PA-ZZZZZZZZ/").status_code == 404
    assert FeedbackItem.objects.get().channel == "online"


def test_the_public_api_is_throttled_and_has_a_honeypot(api, long_hung, category):
    data = {"commune": long_hung.pk, "category": category.pk, "content": "Ống nước vỡ ở đầu thôn Đông."}
    assert api.post("/api/v1/public/feedback/", {**data, "website": "x"}, format="json").status_code == 400
    for _ in range(4):
        assert api.post("/api/v1/public/feedback/", data, format="json").status_code == 201
    assert api.post("/api/v1/public/feedback/", data, format="json").status_code == 429


def test_the_schema_lists_the_dialogues_endpoints(api, superuser):
    api.force_authenticate(superuser)
    schema = api.get(reverse("schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/feedback/",
        "/api/v1/feedback/{id}/answer/",
        "/api/v1/public/feedback/",
        "/api/v1/feedback-indicators/",
    ):
        assert path in schema["paths"]
    assert services.TRANSITIONS
