"""Feedback categories: the shared (national) ones are created, changed and deactivated by
superusers only; a province administrator changes their own province's, and another province's
are out of scope (404). Pages, API and service follow the one rule (services.category_editable)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from communes.workdays import add_working_days
from dialogues import services
from dialogues.models import Category, FeedbackItem


@pytest.fixture
def shared(category_factory) -> Category:
    return category_factory(name="Khiếu nại", kind=Category.Kind.COMPLAINT, time_limit_days=30)


@pytest.fixture
def lang_son_own(category_factory, lang_son) -> Category:
    return category_factory(name="Phản ánh về cửa khẩu", province=lang_son, time_limit_days=7)


@pytest.fixture
def hung_yen_own(category_factory, hung_yen) -> Category:
    return category_factory(name="Phản ánh về đê điều", province=hung_yen, time_limit_days=5)


def edit_data(category: Category, **changes) -> dict:
    data = {"name": category.name, "kind": category.kind, "time_limit_days": category.time_limit_days}
    if category.active:
        data["active"] = "on"
    return {**data, **changes}


# --- Pages ---------


def test_it_shows_a_province_administrator_the_shared_categories_as_read_only(
    client, province_admin, shared, lang_son_own, hung_yen_own
):
    client.force_login(province_admin)
    html = client.get(reverse("dialogues:category_list")).content.decode()
    assert shared.name in html and lang_son_own.name in html
    assert hung_yen_own.name not in html  # another province's: out of scope
    assert "Dùng chung" in html and "Chỉ xem" in html
    assert reverse("dialogues:category_edit", args=[lang_son_own.pk]) in html
    assert reverse("dialogues:category_edit", args=[shared.pk]) not in html


def test_it_refuses_a_province_administrator_the_shared_categories(client, province_admin, shared):
    client.force_login(province_admin)
    url = reverse("dialogues:category_edit", args=[shared.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(shared, time_limit_days=3)).status_code == 403
    assert client.post(url, edit_data(shared, active="")).status_code == 403
    shared.refresh_from_db()
    assert shared.time_limit_days == 30 and shared.active


def test_it_hides_another_provinces_categories_from_a_province_administrator(
    client, province_admin, hung_yen_own
):
    client.force_login(province_admin)
    url = reverse("dialogues:category_edit", args=[hung_yen_own.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(hung_yen_own, time_limit_days=3)).status_code == 404
    hung_yen_own.refresh_from_db()
    assert hung_yen_own.time_limit_days == 5


def test_a_province_administrator_changes_and_deactivates_their_provinces_category(
    client, province_admin, lang_son_own
):
    client.force_login(province_admin)
    url = reverse("dialogues:category_edit", args=[lang_son_own.pk])
    assert client.post(url, edit_data(lang_son_own, time_limit_days=12)).status_code == 302
    lang_son_own.refresh_from_db()
    assert lang_son_own.time_limit_days == 12
    client.post(url, edit_data(lang_son_own, active=""))
    lang_son_own.refresh_from_db()
    assert not lang_son_own.active


def test_a_province_administrators_new_category_belongs_to_their_province(
    client, province_admin, lang_son, hung_yen_own, shared
):
    client.force_login(province_admin)
    page = reverse("dialogues:category_list")
    response = client.post(
        page, {"name": "Phản ánh về chợ biên giới", "kind": "report", "time_limit_days": 10}
    )
    assert response.status_code == 302
    assert Category.objects.get(name="Phản ánh về chợ biên giới").province == lang_son
    # Another province's name is free; a shared category's is not.
    assert (
        client.post(page, {"name": hung_yen_own.name, "kind": "report", "time_limit_days": 9}).status_code
        == 302
    )
    refused = client.post(page, {"name": shared.name, "kind": "complaint", "time_limit_days": 9})
    assert "Đã có loại phản ánh với tên này." in refused.content.decode()
    assert Category.objects.filter(name=shared.name).count() == 1


def test_a_superuser_sets_up_shared_categories_and_changes_any(client, superuser, hung_yen_own, shared):
    client.force_login(superuser)
    html = client.get(reverse("dialogues:category_list")).content.decode()
    assert hung_yen_own.name in html and reverse("dialogues:category_edit", args=[shared.pk]) in html
    response = client.post(
        reverse("dialogues:category_list"), {"name": "Tố cáo", "kind": "denunciation", "time_limit_days": 30}
    )
    assert response.status_code == 302
    assert Category.objects.get(name="Tố cáo").province is None
    for category in (shared, hung_yen_own):
        url = reverse("dialogues:category_edit", args=[category.pk])
        assert client.post(url, edit_data(category, time_limit_days=20)).status_code == 302
        category.refresh_from_db()
        assert category.time_limit_days == 20


# --- API ---------


@pytest.fixture
def api():
    return APIClient()


def test_the_api_marks_shared_categories_and_hides_other_provinces(
    api, province_admin, shared, lang_son_own, hung_yen_own, lang_son
):
    api.force_authenticate(province_admin)
    rows = {row["name"]: row for row in api.get("/api/v1/feedback-categories/").json()["results"]}
    assert set(rows) == {shared.name, lang_son_own.name}
    assert rows[shared.name]["shared"] is True and rows[shared.name]["province"] is None
    assert rows[lang_son_own.name]["shared"] is False and rows[lang_son_own.name]["province"] == lang_son.pk
    assert api.get(f"/api/v1/feedback-categories/{hung_yen_own.pk}/").status_code == 404


def test_the_api_lets_a_province_administrator_write_their_provinces_categories_only(
    api, province_admin, shared, lang_son_own, hung_yen_own, lang_son
):
    api.force_authenticate(province_admin)
    refused = api.patch(f"/api/v1/feedback-categories/{shared.pk}/", {"active": False}, format="json")
    assert refused.status_code == 403
    assert "dùng chung" in refused.json()["detail"]
    assert (
        api.patch(
            f"/api/v1/feedback-categories/{hung_yen_own.pk}/", {"active": False}, format="json"
        ).status_code
        == 404
    )
    done = api.patch(f"/api/v1/feedback-categories/{lang_son_own.pk}/", {"active": False}, format="json")
    assert done.status_code == 200 and done.json()["active"] is False
    created = api.post(
        "/api/v1/feedback-categories/",
        {"name": "Kiến nghị về cửa khẩu", "kind": "recommendation", "time_limit_days": 15, "province": None},
        format="json",
    )
    assert created.status_code == 201 and created.json()["province"] == lang_son.pk
    shared.refresh_from_db()
    hung_yen_own.refresh_from_db()
    assert shared.active and hung_yen_own.active


def test_the_api_lets_a_superuser_write_shared_categories(api, superuser, shared):
    api.force_authenticate(superuser)
    created = api.post(
        "/api/v1/feedback-categories/",
        {"name": "Tố cáo", "kind": "denunciation", "time_limit_days": 30},
        format="json",
    )
    assert created.status_code == 201 and created.json()["shared"] is True
    assert (
        api.patch(f"/api/v1/feedback-categories/{shared.pk}/", {"active": False}, format="json").status_code
        == 200
    )


# --- The rule, and the items that use categories ---------


def test_the_service_is_the_rule_whatever_calls_it(province_admin, province_viewer, shared, hung_yen_own):
    for category in (shared, hung_yen_own):
        with pytest.raises(PermissionDenied):
            services.category_save(
                by=province_admin, name=category.name, kind="report", time_limit_days=2, category=category
            )
    with pytest.raises(PermissionDenied):
        services.category_save(by=province_viewer, name="Mới", kind="report", time_limit_days=2)
    assert not services.category_editable(user=province_admin, category=shared)


def test_a_provinces_category_serves_its_own_communes_only(
    client, officer, long_hung, lang_son_own, hung_yen_own, shared
):
    # Long Hưng (which took over Hưng Hà's Tiến Đức, of Thái Bình) belongs to Hưng Yên.
    with pytest.raises(ValidationError):
        services.feedback_receive(
            commune=long_hung,
            by=officer,
            category=lang_son_own,
            channel="desk",
            content="Xe quá tải qua cầu.",
        )
    assert not FeedbackItem.objects.exists()
    item = services.feedback_receive(
        commune=long_hung, by=officer, category=hung_yen_own, channel="desk", content="Đê bị sạt một đoạn."
    )
    # The category's limit counts working days after the day of receipt (communes.workdays).
    assert item.due_on == add_working_days(start=item.received_on, days=5)
    html = client.get(reverse("dialogues:public_submit", args=[long_hung.pk])).content.decode()
    assert hung_yen_own.name in html and shared.name in html and lang_son_own.name not in html
