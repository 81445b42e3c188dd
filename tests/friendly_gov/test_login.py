"""Signing in: CSRF-protected and rate-limited against password guessing."""

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def test_the_right_password_signs_in(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == officer


def test_the_sixth_wrong_password_in_a_minute_gets_a_friendly_429(client, officer):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": officer.username, "password": "sai"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    # Even the right password is not tried while the limit holds.
    assert "_auth_user_id" not in client.session


def test_the_login_form_requires_a_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 403


def test_the_admin_login_is_limited_like_the_portals(client, superuser):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": superuser.username, "password": "sai"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_still_signs_in(client, superuser):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_both_login_forms_count_the_same_tries_of_an_account(client, superuser):
    # A guesser gains nothing by switching forms: 3 tries here and 2 there are the 5 of a minute.
    for _ in range(3):
        assert (
            client.post(reverse("login"), {"username": superuser.username, "password": "sai"}).status_code
            == 200
        )
    for _ in range(2):
        assert (
            client.post("/admin/login/", {"username": superuser.username, "password": "sai"}).status_code
            == 200
        )
    assert (
        client.post(reverse("login"), {"username": superuser.username, "password": "sai"}).status_code == 429
    )


def test_one_client_gets_thirty_tries_a_minute_whatever_the_account(client, db):
    for number in range(30):
        response = client.post(reverse("login"), {"username": f"khong.co.{number}", "password": "sai"})
        assert response.status_code == 200
    assert client.post("/admin/login/", {"username": "khong.co.moi", "password": "sai"}).status_code == 429
