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


def test_the_unit_autocomplete_puts_todays_commune_first_labelled_with_its_past(
    client, superuser, tien_duc, long_hung, django_assert_max_num_queries
):
    client.force_login(superuser)
    params = {"term": "tien duc", "app_label": "communes", "model_name": "user", "field_name": "commune"}
    # session, user, the paginator's count, the page of units, their labels: whatever the page.
    with django_assert_max_num_queries(5):
        results = client.get(reverse("admin:autocomplete"), params).json()["results"]
    assert [item["id"] for item in results[:2]] == [str(long_hung.pk), str(tien_duc.pk)]
    assert results[0]["text"] == (
        "Xã Long Hưng, Tỉnh Hưng Yên — trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác"
    )
    assert results[1]["text"] == "Xã Tiến Đức, Huyện Hưng Hà, Tỉnh Thái Bình — Trước 01/07/2025"


def test_the_admins_autocomplete_stays_behind_the_admins_login(client, province_admin, tien_duc):
    params = {"term": "tien duc", "app_label": "communes", "model_name": "user", "field_name": "commune"}
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 302 and reverse("admin:login") in response.url
    client.force_login(province_admin)  # not staff: the unscoped admin is for superusers
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_another_autocomplete_keeps_the_admins_text(client, superuser, programme_factory, lang_son_legacy):
    programme = programme_factory(name="Đề án 01", owner_unit=lang_son_legacy)
    client.force_login(superuser)
    params = {"term": "01", "app_label": "communes", "model_name": "programme", "field_name": "implements"}
    results = client.get(reverse("admin:autocomplete"), params).json()["results"]
    assert [item["text"] for item in results] == [str(programme)]


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
