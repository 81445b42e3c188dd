"""Administrative units of both eras, loaded from the vietnamadminunits package."""

import pytest
from django.core.management import call_command
from django.db.models import F

from communes.models import AdminUnit, UnitSearchEntry, fold
from communes.selectors.units import unit_search, units_labelled
from communes.services.units import units_load_from_package

CUR, OLD = AdminUnit.Era.CURRENT, AdminUnit.Era.LEGACY
PROV, DIST, COMM = AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE
SPLITS = AdminUnit.other_successors.through  # legacy commune -> another commune that took part of it


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
    entries = set(UnitSearchEntry.objects.values_list("pk", flat=True))
    splits = set(SPLITS.objects.values_list("pk", flat=True))
    result = units_load_from_package()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == before
    assert count() == before
    # Nothing rewritten either: the same rows, not deleted and made again.
    assert set(UnitSearchEntry.objects.values_list("pk", flat=True)) == entries
    assert set(SPLITS.objects.values_list("pk", flat=True)) == splits


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
    assert "471 split between several" in out


# --- Communes split in 2025 ------------------------------------------------------------------------


@pytest.fixture
def lai_uyen(db) -> AdminUnit:
    """Bàu Bàng's Lai Uyên township (Bình Dương), split in 2025: Xã Bàu Bàng by default, the rest
    to Xã Trừ Văn Thố."""
    return AdminUnit.objects.get(era=OLD, level=COMM, code="25822")


def test_it_keeps_the_other_communes_a_split_commune_went_to(lai_uyen):
    assert lai_uyen.successor.name == "Xã Bàu Bàng"
    assert [unit.name for unit in lai_uyen.other_successors.all()] == ["Xã Trừ Văn Thố"]
    split = AdminUnit.objects.filter(other_successors__isnull=False).distinct()
    assert split.count() == 471
    assert not split.exclude(era=OLD, level=COMM, successor__era=CUR).exists()
    # The default successor is never listed again among the others.
    assert not SPLITS.objects.filter(from_adminunit__successor=F("to_adminunit")).exists()


def test_a_reload_repairs_the_split_links_and_the_search_entries(lai_uyen, long_hung):
    SPLITS.objects.filter(from_adminunit=lai_uyen).delete()
    lai_uyen.other_successors.add(long_hung)
    UnitSearchEntry.objects.filter(unit=long_hung).delete()
    units_load_from_package()
    assert [unit.name for unit in lai_uyen.other_successors.all()] == ["Xã Trừ Văn Thố"]
    # Long Hưng's own name and the five communes merged into it.
    assert UnitSearchEntry.objects.filter(unit=long_hung, via=None).count() == 1
    assert UnitSearchEntry.objects.filter(unit=long_hung, via__isnull=False, partial=False).count() == 5


# --- Search: today's commune first, by former names and by parents' names --------------------------


def test_it_finds_todays_commune_by_a_former_name_before_the_former_commune(tien_duc, long_hung):
    results = units_labelled(unit_search(q="tien duc", level=COMM)[:5], q="tien duc")
    assert results[:2] == [long_hung, tien_duc]
    assert results[0].label == "Xã Long Hưng, Tỉnh Hưng Yên"
    # Searched by a former name: that one is named, the others counted.
    assert results[0].formerly == "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác"
    assert results[1].label == "Xã Tiến Đức, Huyện Hưng Hà, Tỉnh Thái Bình"
    assert results[1].formerly == ""


@pytest.mark.parametrize("q", ["hoa binh hung ha", "Hưng Hà, Hòa Bình", "ha HUNG binh hoa"])
def test_it_finds_a_commune_by_its_parents_names_in_any_order(hung_ha, q):
    hoa_binh = AdminUnit.objects.get(era=OLD, level=COMM, name="Xã Hòa Bình", parent=hung_ha)
    results = units_labelled(unit_search(q=q)[:3], q=q)
    assert results[:2] == [hoa_binh.successor, hoa_binh]
    assert results[0].label == "Xã Hưng Hà, Tỉnh Hưng Yên"
    assert results[0].formerly.startswith("trước đây: Xã Hòa Bình, ")
    # The other Xã Hòa Bình of the country come after it, if at all.
    assert AdminUnit.objects.filter(era=OLD, level=COMM, name="Xã Hòa Bình").count() > 1
    assert list(unit_search(q=q, current=False)[:1]) == [hoa_binh]


def test_it_finds_a_former_commune_with_todays_province(long_hung):
    assert list(unit_search(q="tien duc hung yen")[:1]) == [long_hung]


def test_a_search_is_best_match_first_whole_words_before_parts(db):
    # "Hưng Hà" itself, before "Hưng Hải" or units of a district named Hưng Hà.
    first = list(unit_search(q="hung ha", level=COMM)[:2])
    assert [unit.name for unit in first] == ["Xã Hưng Hà", "Xã Hưng Điền"]
    assert first[0].era == CUR
    # Short words only start a word: "an" finds An Giang, not every "Tân" or "Xuân".
    assert all(
        " an" in f" {unit.search_name}" or unit.search_entries.filter(line__contains=" an").exists()
        for unit in unit_search(q="an", level=PROV)
    )


def test_it_labels_a_split_commune_and_its_other_successors(lai_uyen):
    [old] = units_labelled([unit_search().get(pk=lai_uyen.pk)])
    assert [unit.name for unit in old.others] == ["Xã Trừ Văn Thố"]
    tru_van_tho = old.others[0]
    [new] = units_labelled(unit_search(q="lai uyen").filter(pk=tru_van_tho.pk), q="lai uyen")
    assert new.formerly.startswith("trước đây: Thị trấn Lai Uyên (một phần), Huyện Bàu Bàng")
    # Found by its former name too.
    assert tru_van_tho in list(unit_search(q="lai uyen", current=True)[:2])


def test_a_labelled_page_of_results_costs_two_queries(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = units_labelled(unit_search(q="thai binh")[:50], q="thai binh")
    assert len(page) == 50 and all(unit.label for unit in page)
    assert all(unit.formerly for unit in page if unit.era == CUR)


def test_search_ignores_diacritics_and_case(db):
    names = set(unit_search(q="tien duc", current=False).values_list("name", flat=True))
    assert "Xã Tiến Đức" in names
    assert set(unit_search(q="TIẾN ĐỨC", current=False).values_list("name", flat=True)) == names
    # Every word must appear, in any order, in one of the unit's search entries (its name and
    # its parents', or a predecessor's); those with both words in their own name come first.
    both = list(unit_search(q="hung tien"))
    assert both
    for unit in both:
        lines = UnitSearchEntry.objects.filter(unit=unit).values_list("line", flat=True)
        assert any("tien" in line and "hung" in line for line in lines)
    assert "tien" in fold(both[0].name) and "hung" in fold(both[0].name)
