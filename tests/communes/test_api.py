"""The public units endpoint and the authenticated programme endpoints."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from communes.models import AdminUnit

UNITS = "/api/v1/units/"


def test_it_counts_34_current_provinces(client, db):
    response = client.get(UNITS, {"level": "province", "current": "true"})
    assert response.status_code == 200
    assert response.json()["count"] == 34


def test_it_counts_3321_current_communes(client, db):
    assert client.get(UNITS, {"level": "commune", "current": "true"}).json()["count"] == 3321


def test_it_counts_63_provinces_before_the_reform(client, db):
    assert client.get(UNITS, {"level": "province", "current": "false"}).json()["count"] == 63


def test_historic_hung_ha_lists_tien_duc_and_chi_hoa_with_their_successors(client, hung_ha):
    response = client.get(UNITS, {"parent": hung_ha.pk, "page_size": 100})
    results = response.json()["results"]
    by_name = {item["name"]: item for item in results}
    for name in ("Xã Tiến Đức", "Xã Chí Hòa"):
        assert by_name[name]["era"] == "legacy"
        assert by_name[name]["parent"]["name"] == "Huyện Hưng Hà"
        successor = by_name[name]["successor"]
        assert successor["era"] == "current"
        assert AdminUnit.objects.get(pk=successor["id"]).parent.name == "Tỉnh Hưng Yên"


def test_name_search_ignores_diacritics(client, db):
    results = client.get(UNITS, {"q": "tien duc", "level": "commune"}).json()["results"]
    assert "Xã Tiến Đức" in {item["name"] for item in results}


def test_the_units_endpoint_is_public_and_read_only(client, db):
    assert client.get(UNITS, {"level": "province"}).status_code == 200
    assert client.post(UNITS, {"name": "Xã Mới"}).status_code in (401, 403, 405)
    assert not AdminUnit.objects.filter(name="Xã Mới").exists()


def test_units_are_paginated(client, db):
    body = client.get(UNITS, {"level": "commune"}).json()
    assert body["count"] == 3321 + 10035
    assert len(body["results"]) == 50
    assert body["next"]


@pytest.mark.parametrize("params", [{"current": "false"}, {"current": "true"}, {"q": "hoa binh hung ha"}])
def test_the_units_list_runs_a_fixed_number_of_queries(client, db, params, django_assert_max_num_queries):
    # count + one page with parents and successors joined in + the page's labels (predecessors
    # and other successors in one query): independent of the page size and of the search.
    with django_assert_max_num_queries(3):
        response = client.get(UNITS, {"level": "commune", **params})
    assert len(response.json()["results"]) > 0


@pytest.mark.parametrize("size", [3, 30])
def test_the_programme_list_runs_a_fixed_number_of_queries(
    db,
    client,
    superuser,
    programme_factory,
    programme_document_factory,
    lang_son_legacy,
    size,
    django_assert_max_num_queries,
):
    for index in range(size):
        programme = programme_factory(name=f"Mô hình {index}", owner_unit=lang_son_legacy)
        programme_document_factory(programme=programme)
    client.force_login(superuser)
    # session + user + count + page + documents prefetch
    with django_assert_max_num_queries(5):
        response = client.get(reverse("programme-list"))
    assert response.json()["count"] == size


def test_the_enrolment_list_runs_a_fixed_number_of_queries(
    client,
    province_admin,
    programme_factory,
    enrolment_factory,
    lang_son_legacy,
    django_assert_max_num_queries,
):
    programme = programme_factory(owner_unit=lang_son_legacy)
    for commune in AdminUnit.objects.filter(parent__parent=lang_son_legacy)[:40]:
        enrolment_factory(programme=programme, commune=commune)
    client.force_login(province_admin)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("enrolment-list"))
    assert response.json()["count"] == 40


def test_a_token_from_drf_create_token_authenticates(client, officer, capsys):
    call_command("drf_create_token", officer.username)
    token = Token.objects.get(user=officer).key
    response = client.get(reverse("api-me"), headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert response.json()["commune"]["name"] == "Xã Long Hưng"
    assert response.json()["role"] == "commune_officer"


def test_a_bad_token_is_refused(client, db):
    response = client.get(reverse("api-me"), headers={"Authorization": "Token khong-hop-le"})
    assert response.status_code == 401


def test_the_public_units_endpoint_is_throttled_per_hashed_client(client, db):
    from django.core.cache import cache

    for _ in range(600):
        assert client.get(UNITS, {"level": "province", "current": "true"}).status_code == 200
    assert client.get(UNITS, {"level": "province"}).status_code == 429
    # The counter is kept under a keyed hash, never under the address itself.
    assert not any("127.0.0.1" in str(key) for key in cache._cache.keys())


def test_a_search_puts_todays_commune_first_with_its_labels(client, tien_duc, long_hung):
    results = client.get(UNITS, {"q": "tien duc", "level": "commune"}).json()["results"]
    first, second = results[:2]
    assert (first["id"], second["id"]) == (long_hung.pk, tien_duc.pk)
    assert first["label"] == "Xã Long Hưng, Tỉnh Hưng Yên"
    assert first["formerly"] == "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác"
    assert first["other_successors"] == [] and first["successor"] is None
    assert second["label"] == "Xã Tiến Đức, Huyện Hưng Hà, Tỉnh Thái Bình"
    assert second["formerly"] == "" and second["successor"]["id"] == long_hung.pk


def test_a_split_commune_lists_the_other_communes_that_took_part_of_it(client, db):
    lai_uyen = AdminUnit.objects.get(era="legacy", level="commune", code="25822")
    body = client.get(f"{UNITS}{lai_uyen.pk}/").json()
    assert body["successor"]["name"] == "Xã Bàu Bàng"
    assert [unit["name"] for unit in body["other_successors"]] == ["Xã Trừ Văn Thố"]
    assert set(body["other_successors"][0]) == {"id", "code", "name", "level", "era"}
    assert body["label"] == "Thị trấn Lai Uyên, Huyện Bàu Bàng, Tỉnh Bình Dương"


def test_the_schema_documents_the_labels_of_a_unit(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    fields = schema["components"]["schemas"]["Unit"]["properties"]
    for name in ("label", "formerly", "other_successors"):
        assert fields[name].get("readOnly") and fields[name].get("description"), name
