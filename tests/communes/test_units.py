"""Administrative units of both eras, loaded from the vietnamadminunits package."""

from django.core.management import call_command

from communes.models import AdminUnit, fold
from communes.selectors.units import unit_search
from communes.services.units import units_load_from_package

CUR, OLD = AdminUnit.Era.CURRENT, AdminUnit.Era.LEGACY
PROV, DIST, COMM = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE


def count(**filters) -> int:
    return AdminUnit.objects.filter(**filters).count()


def test_it_loads_todays_34_provinces_and_3321_communes(db):
    assert count(era=CUR, level=PROV) == 34
    assert count(era=CUR, level=COMM) == 3321
    assert count(era=CUR, level=COMM, unit_type=AdminUnit.Type.COMMUNE) == 2621
    assert count(era=CUR, level=COMM, unit_type=AdminUnit.Type.WARD) == 687
    assert count(era=CUR, level=COMM, unit_type=AdminUnit.Type.SPECIAL_ZONE) == 13
    assert count(era=CUR, level=PROV, unit_type=AdminUnit.Type.CITY) == 6
    assert count(era=CUR, level=DIST) == 0


def test_it_loads_the_63_provinces_with_districts_and_communes_before_the_reform(db):
    assert count(era=OLD, level=PROV) == 63
    assert count(era=OLD, level=DIST) == 696
    assert count(era=OLD, level=COMM) == 10035
    assert not AdminUnit.objects.filter(era=OLD, level=COMM, parent__isnull=True).exists()
    assert not AdminUnit.objects.filter(era=OLD, level=COMM).exclude(parent__level=DIST).exists()


def test_it_maps_every_legacy_commune_to_a_current_successor(db):
    legacy = AdminUnit.objects.filter(era=OLD, level=COMM).exclude(code="")
    assert not legacy.filter(successor__isnull=True).exists()
    assert not legacy.exclude(successor__era=CUR).exists()
    # Every unit of either era knows the province it belongs to today.
    assert not AdminUnit.objects.filter(current_province__isnull=True).exists()


def test_it_maps_merged_provinces_to_the_province_that_took_them_over(db):
    thai_binh = AdminUnit.objects.get(era=OLD, level=PROV, code="34")
    binh_duong = AdminUnit.objects.get(era=OLD, level=PROV, code="74")
    assert thai_binh.successor.name == "Tỉnh Hưng Yên"
    assert binh_duong.successor.name == "Thành phố Hồ Chí Minh"
    assert AdminUnit.objects.get(era=OLD, level=PROV, code="20").successor.name == "Tỉnh Lạng Sơn"


def test_it_lists_tien_duc_and_chi_hoa_under_historic_hung_ha_with_their_successors(hung_ha):
    children = {unit.name: unit for unit in hung_ha.children.select_related("successor")}
    assert {"Xã Tiến Đức", "Xã Chí Hòa"} <= children.keys()
    for name in ("Xã Tiến Đức", "Xã Chí Hòa"):
        successor = children[name].successor
        assert successor.era == CUR and successor.level == COMM
        assert successor.parent.name == "Tỉnh Hưng Yên"


def test_it_maps_an_island_district_to_its_special_zone(db):
    con_dao = AdminUnit.objects.get(era=OLD, level=DIST, name="Huyện Côn Đảo")
    assert con_dao.successor.unit_type == AdminUnit.Type.SPECIAL_ZONE


def test_a_second_load_changes_nothing(db):
    before = count()
    result = units_load_from_package()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == before
    assert count() == before


def test_a_reload_repairs_a_unit_edited_by_hand(tien_duc):
    AdminUnit.objects.filter(pk=tien_duc.pk).update(
        name="Xã Sai Tên", search_name="xa sai ten", successor=None
    )
    result = units_load_from_package()
    tien_duc.refresh_from_db()
    assert result.updated == 1
    assert tien_duc.name == "Xã Tiến Đức"
    assert tien_duc.successor is not None


def test_the_command_reports_what_it_did(db, capsys):
    call_command("load_units")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out
    assert "10035 legacy units mapped" in out


def test_search_ignores_diacritics_and_case(db):
    names = set(unit_search(q="tien duc", current=False).values_list("name", flat=True))
    assert "Xã Tiến Đức" in names
    assert set(unit_search(q="TIẾN ĐỨC", current=False).values_list("name", flat=True)) == names
    # Every word must appear, in any order.
    both = list(unit_search(q="hung tien").values_list("name", flat=True))
    assert both
    assert all("tien" in fold(name) and "hung" in fold(name) for name in both)
