"""The Django admin: for superusers, with diacritics-insensitive unit pickers."""

from django.urls import reverse

from communes.models import User


def test_province_staff_cannot_open_the_unscoped_admin(client, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("admin:communes_programme_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_the_unit_autocomplete_ignores_diacritics(client, superuser, tien_duc):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "tien duc", "app_label": "communes", "model_name": "user", "field_name": "commune"},
    )
    assert response.status_code == 200
    assert str(tien_duc.pk) in {item["id"] for item in response.json()["results"]}


def test_an_officer_without_a_commune_is_refused_with_a_vietnamese_message(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:communes_user_add"),
        {
            "username": "xa.moi",
            "password1": "Mat-khau-dai-2025",
            "password2": "Mat-khau-dai-2025",
            "role": User.Role.COMMUNE_OFFICER,
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "Cán bộ cấp xã phải gắn với một xã, phường." in response.content.decode()
    assert not User.objects.filter(username="xa.moi").exists()


def test_an_officer_with_a_commune_is_created(client, superuser, tien_duc):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:communes_user_add"),
        {
            "username": "xa.moi",
            "password1": "Mat-khau-dai-2025",
            "password2": "Mat-khau-dai-2025",
            "role": User.Role.COMMUNE_OFFICER,
            "commune": tien_duc.pk,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="xa.moi").commune == tien_duc
