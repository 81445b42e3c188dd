"""The scoping matrix: each role against each page and endpoint that shows scoped objects.

Outside its scope an object answers 404, through pages and the API alike."""

import pytest
from django.urls import reverse

from communes.models import AdminUnit, User
from communes.scope import scope_queryset, visible_units


@pytest.fixture
def world(
    programme_factory,
    enrolment_factory,
    lang_son_legacy,
    thai_binh_legacy,
    tien_duc,
    chi_hoa,
    lang_son_commune,
):
    prog_ls = programme_factory(name="Chính quyền thân thiện cấp cơ sở", owner_unit=lang_son_legacy)
    prog_tb = programme_factory(
        name="Chính quyền thân thiện vì Nhân dân phục vụ", owner_unit=thai_binh_legacy
    )
    return {
        "prog_ls": prog_ls,
        "prog_tb": prog_tb,
        "enrol_ls": enrolment_factory(programme=prog_ls, commune=lang_son_commune),
        "enrol_td": enrolment_factory(programme=prog_tb, commune=tien_duc),
        "enrol_ch": enrolment_factory(programme=prog_tb, commune=chi_hoa),
        "unit_ls": lang_son_commune,
        "unit_td": tien_duc,
        "unit_ch": chi_hoa,
    }


# What each role may see; everything else in `world` must answer 404.
VISIBLE = {
    "superuser": {"prog_ls", "prog_tb", "enrol_ls", "enrol_td", "enrol_ch", "unit_ls", "unit_td", "unit_ch"},
    "province_admin": {"prog_ls", "enrol_ls", "unit_ls"},
    "province_viewer": {"prog_tb", "enrol_td", "enrol_ch", "unit_td", "unit_ch"},
    "officer": {"prog_tb", "enrol_td", "unit_td"},
    "roleless": set(),
}
OBJECTS = ["prog_ls", "prog_tb", "enrol_ls", "enrol_td", "enrol_ch", "unit_ls", "unit_td", "unit_ch"]


@pytest.fixture
def roleless(user_factory):
    return user_factory(username="chuaphanquyen", role="")


def page_url(name: str, obj) -> str:
    # Enrolments have no page of their own yet; they show on programme and commune pages.
    if name.startswith("prog"):
        return reverse("communes:programme_detail", args=[obj.pk])
    return reverse("communes:unit_detail", args=[obj.pk])


def api_url(name: str, obj) -> str:
    if name.startswith("prog"):
        return reverse("programme-detail", args=[obj.pk])
    if name.startswith("enrol"):
        return reverse("enrolment-detail", args=[obj.pk])
    return reverse("unit-detail", args=[obj.pk])


@pytest.mark.parametrize("role", list(VISIBLE))
@pytest.mark.parametrize("name", [n for n in OBJECTS if not n.startswith("enrol")])
def test_each_role_sees_only_its_scope_through_pages(client, request, world, role, name):
    client.force_login(request.getfixturevalue(role))
    response = client.get(page_url(name, world[name]))
    assert response.status_code == (200 if name in VISIBLE[role] else 404)


@pytest.mark.parametrize("role", list(VISIBLE))
@pytest.mark.parametrize("name", [n for n in OBJECTS if not n.startswith("unit")])
def test_each_role_sees_only_its_scope_through_the_api(client, request, world, role, name):
    client.force_login(request.getfixturevalue(role))
    response = client.get(api_url(name, world[name]))
    assert response.status_code == (200 if name in VISIBLE[role] else 404)


@pytest.mark.parametrize("role", list(VISIBLE))
def test_api_lists_hold_only_the_scope(client, request, world, role):
    client.force_login(request.getfixturevalue(role))
    programmes = {item["id"] for item in client.get(reverse("programme-list")).json()["results"]}
    enrolments = {item["id"] for item in client.get(reverse("enrolment-list")).json()["results"]}
    visible = VISIBLE[role]
    assert programmes == {world[n].pk for n in ("prog_ls", "prog_tb") if n in visible}
    assert enrolments == {world[n].pk for n in ("enrol_ls", "enrol_td", "enrol_ch") if n in visible}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_page_lists_hold_only_the_scope(client, request, world, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("communes:programme_list"))
    shown = {programme.pk for programme in response.context["page_obj"]}
    assert shown == {world[n].pk for n in ("prog_ls", "prog_tb") if n in VISIBLE[role]}


def test_an_officer_sees_their_programme_but_not_the_other_pilot_communes(client, officer, world):
    client.force_login(officer)
    response = client.get(reverse("communes:programme_detail", args=[world["prog_tb"].pk]))
    enrolled = {e.commune_id for e in response.context["enrolments"]}
    assert enrolled == {world["unit_td"].pk}
    assert "Xã Chí Hòa" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(reverse("communes:programme_detail", args=[world["prog_ls"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_api_calls_are_refused(client, world):
    assert client.get(reverse("programme-list")).status_code == 401
    assert client.get(reverse("enrolment-detail", args=[world["enrol_td"].pk])).status_code == 401


def test_api_writes_are_refused_to_a_province_viewer(client, province_viewer, world):
    client.force_login(province_viewer)
    response = client.delete(reverse("programme-detail", args=[world["prog_tb"].pk]))
    assert response.status_code == 403
    assert world["prog_tb"].__class__.objects.filter(pk=world["prog_tb"].pk).exists()


def test_an_officer_of_a_merged_commune_inherits_the_history_of_its_predecessors(user_factory, tien_duc):
    successor = tien_duc.successor
    officer = user_factory(username="xa.moi", role=User.Role.COMMUNE_OFFICER, commune=successor)
    units = set(visible_units(officer).values_list("pk", flat=True))
    assert {successor.pk, tien_duc.pk} <= units
    assert all(
        unit.pk == successor.pk or unit.successor_id == successor.pk
        for unit in AdminUnit.objects.filter(pk__in=units)
    )


def test_province_staff_of_a_merged_province_see_the_legacy_units_it_absorbed(
    province_viewer, thai_binh_legacy, hung_ha
):
    units = visible_units(province_viewer)
    assert units.filter(pk=thai_binh_legacy.pk).exists()
    assert units.filter(pk=hung_ha.pk).exists()
    assert not units.filter(current_province__code="20").exists()


def test_an_inactive_user_sees_nothing(officer, world):
    officer.is_active = False
    officer.save()
    assert not scope_queryset(AdminUnit.objects.all(), user=officer, via="").exists()
