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
