"""The reports API: reviews and their figures, PDF builds, award decisions; scoped like the pages."""

import pytest
from rest_framework.test import APIClient

from reports.models import ReviewBuild
from reports.services import builds

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_reviews_are_listed_in_scope_only(
    api, province_admin, hung_yen_admin, officer, review, django_assert_max_num_queries
):
    api.force_authenticate(province_admin)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/reviews/").json()
    assert [row["id"] for row in body["results"]] == [review.pk]
    assert body["results"][0]["programme_name"] == review.programme.name
    for user in (hung_yen_admin, officer):
        api.force_authenticate(user)
        assert api.get("/api/v1/reviews/").json()["count"] == 0
        assert api.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
        assert api.get(f"/api/v1/reviews/{review.pk}/figures/").status_code == 404


def test_anonymous_calls_are_refused(api, review):
    assert api.get("/api/v1/reviews/").status_code == 401


def test_the_figures_are_the_review_selectors(api, province_admin, review, ls_data):
    api.force_authenticate(province_admin)
    figures = api.get(f"/api/v1/reviews/{review.pk}/figures/").json()
    assert figures["enrolled"] == 4 and figures["pilots"] == 2
    assert figures["letters"]["letter_thanks"] == 2700
    assert figures["survey"]["forms"] == 61000
    assert figures["survey"]["overall"] == pytest.approx(58200 / 61000)
    assert figures["feedback"]["dialogues_held"] == 950


def test_a_build_is_requested_once_and_followed_to_its_pdf(
    api, province_admin, province_viewer, review, django_capture_on_commit_callbacks
):
    api.force_authenticate(province_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = api.post(f"/api/v1/reviews/{review.pk}/build/")
        second = api.post(f"/api/v1/reviews/{review.pk}/build/")
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"] and len(callbacks) == 1
    build_id = first.json()["id"]
    assert api.get(f"/api/v1/review-builds/{build_id}/").json()["download_url"] is None
    assert api.get(f"/api/v1/review-builds/{build_id}/pdf/").status_code == 404

    builds.build_run(build_id=build_id)

    status = api.get(f"/api/v1/review-builds/{build_id}/").json()
    assert status["status"] == "done" and status["download_url"].endswith(
        f"/api/v1/review-builds/{build_id}/pdf/"
    )
    pdf = api.get(f"/api/v1/review-builds/{build_id}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_another_province_cannot_request_a_build(api, hung_yen_admin, review):
    api.force_authenticate(hung_yen_admin)
    assert api.post(f"/api/v1/reviews/{review.pk}/build/").status_code == 404
    assert not ReviewBuild.objects.exists()


def test_a_build_of_another_province_is_not_found(api, hung_yen_admin, review):
    build = ReviewBuild.objects.create(review=review)
    api.force_authenticate(hung_yen_admin)
    assert api.get(f"/api/v1/review-builds/{build.pk}/").status_code == 404
    assert api.get(f"/api/v1/review-builds/{build.pk}/pdf/").status_code == 404


def test_award_decisions_are_read_in_scope(
    api, province_admin, hung_yen_admin, review, award_decision_factory, award_factory
):
    decision = award_decision_factory(programme=review.programme, review=review, stated_recipients=21)
    award_factory(decision=decision, name="UBND xã Hoàng Đồng")
    api.force_authenticate(province_admin)
    body = api.get("/api/v1/award-decisions/").json()
    assert body["results"][0]["awards"][0]["name"] == "UBND xã Hoàng Đồng"
    assert body["results"][0]["stated_recipients"] == 21
    api.force_authenticate(hung_yen_admin)
    assert api.get(f"/api/v1/award-decisions/{decision.pk}/").status_code == 404


def test_the_reports_endpoints_are_in_the_schema(api, province_admin):
    api.force_authenticate(province_admin)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/reviews/", "/api/v1/reviews/{id}/build/", "/api/v1/review-builds/{id}/pdf/"):
        assert path in schema["paths"]
