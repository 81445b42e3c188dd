"""The pages of the communes app: what they show, in which language, and at what query cost."""

import datetime

import pytest
from django.urls import reverse

from communes.models import AdminUnit


def test_home_states_an_officers_commune_in_vietnamese(client, officer):
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert "Cán bộ một cửa cấp xã – Xã Long Hưng, Tỉnh Hưng Yên" in html
    assert "Đăng xuất" in html


def test_home_states_province_staffs_province_and_counts_its_communes(client, province_viewer):
    client.force_login(province_viewer)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Cán bộ tỉnh (xem) – Tỉnh Hưng Yên" in html
    # Hưng Yên today, and every commune of Hưng Yên and Thái Bình before the reform.
    current = AdminUnit.objects.filter(
        era="current", level="commune", parent=province_viewer.province
    ).count()
    assert response.context["communes"] == current
    assert (
        response.context["legacy_communes"]
        == AdminUnit.objects.filter(
            era="legacy", level="commune", current_province=province_viewer.province
        ).count()
    )
    assert f'<div class="stat">{current:,}</div>'.replace(",", ".") in html


def test_home_writes_thousands_the_vietnamese_way(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("home")).content.decode()
    assert '<div class="stat">3.321</div>' in html
    assert '<div class="stat">10.035</div>' in html


def test_the_english_switch_translates_the_layout(client, officer):
    client.force_login(officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html
    assert '<div class="stat">' in html


def test_the_navigation_depends_on_the_role(client, officer, superuser):
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert reverse("communes:unit_detail", args=[officer.commune_id]) in html
    assert reverse("admin:index") not in html
    client.force_login(superuser)
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in html
    assert reverse("communes:unit_list") in html


def test_the_programme_page_lists_documents_with_vietnamese_dates(
    client, province_viewer, programme_factory, programme_document_factory, thai_binh_legacy
):
    programme = programme_factory(owner_unit=thai_binh_legacy, phase_start=datetime.date(2023, 7, 5))
    programme_document_factory(programme=programme, number="08-ĐA/TU", issued_on=datetime.date(2023, 7, 5))
    client.force_login(province_viewer)
    html = client.get(reverse("communes:programme_detail", args=[programme.pk])).content.decode()
    assert "08-ĐA/TU" in html
    assert "05/07/2023" in html


def test_user_written_text_is_escaped(client, superuser, programme_factory, lang_son_legacy):
    programme = programme_factory(
        owner_unit=lang_son_legacy, name="<script>alert(1)</script>", description="<b>x</b>"
    )
    client.force_login(superuser)
    html = client.get(reverse("communes:programme_detail", args=[programme.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_unit_search_page_finds_a_commune_typed_without_diacritics(client, province_viewer):
    client.force_login(province_viewer)
    response = client.get(reverse("communes:unit_list"), {"q": "tien duc", "current": "false"})
    names = [unit.name for unit in response.context["page_obj"]]
    assert names == ["Xã Tiến Đức"]


def test_unit_search_page_stays_within_scope(client, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("communes:unit_list"), {"q": "tien duc"})
    assert all(unit.current_province.code == "20" for unit in response.context["page_obj"])


def test_the_commune_page_shows_the_successor(client, officer, tien_duc):
    client.force_login(officer)
    html = client.get(reverse("communes:unit_detail", args=[tien_duc.pk])).content.decode()
    assert tien_duc.successor.name in html


@pytest.mark.parametrize("size", [2, 20])
def test_the_programme_list_page_runs_a_fixed_number_of_queries(
    db, client, superuser, programme_factory, lang_son_legacy, size, django_assert_max_num_queries
):
    for index in range(size):
        programme_factory(name=f"Mô hình {index}", owner_unit=lang_son_legacy)
    client.force_login(superuser)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("communes:programme_list"))
    assert len(response.context["page_obj"]) == size


def test_the_unit_list_page_runs_a_fixed_number_of_queries(client, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("communes:unit_list"), {"level": "commune"})
    assert len(response.context["page_obj"]) == 25


@pytest.mark.parametrize("size", [3, 30])
def test_the_programme_detail_page_runs_a_fixed_number_of_queries(
    db,
    client,
    province_admin,
    programme_factory,
    enrolment_factory,
    lang_son_legacy,
    size,
    django_assert_max_num_queries,
):
    programme = programme_factory(owner_unit=lang_son_legacy)
    for commune in AdminUnit.objects.filter(parent__parent=lang_son_legacy)[:size]:
        enrolment_factory(programme=programme, commune=commune)
    client.force_login(province_admin)
    # session, user, province; programme, documents, steering committee, owner's communes, rollout,
    # totals, implementations, count and page of the per-commune table (with its record as subqueries)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communes:programme_detail", args=[programme.pk]))
    assert len(response.context["page_obj"]) == size


def test_the_home_page_runs_a_fixed_number_of_queries(client, province_admin, django_assert_max_num_queries):
    client.force_login(province_admin)
    # scope counts, programmes, enrolments, and the feedback items and commitments due
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_switch_is_used(client, officer):
    client.force_login(officer)
    html = client.get(reverse("home"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi">' in html


def test_the_programme_list_shows_the_rollout_share_and_exports_it(
    client, province_admin, programme_factory, enrolment_factory, lang_son_legacy
):
    programme = programme_factory(owner_unit=lang_son_legacy)
    communes = list(AdminUnit.objects.filter(parent__parent=lang_son_legacy)[:97])
    for commune in communes:
        enrolment_factory(programme=programme, commune=commune)
    total = AdminUnit.objects.filter(level="commune", era="legacy", parent__parent=lang_son_legacy).count()
    client.force_login(province_admin)
    html = client.get(reverse("communes:programme_list")).content.decode()
    share = f"{round(97 / total * 100, 1):.1f}".replace(".", ",")
    assert f"{share}%" in html
    response = client.get(reverse("communes:programme_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert f",97,{total}," in text


def test_the_unit_list_exports_the_mapping_to_successors(client, province_viewer, hung_ha):
    client.force_login(province_viewer)
    response = client.get(reverse("communes:unit_list"), {"parent": hung_ha.pk, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(row for row in text.splitlines() if "Xã Tiến Đức" in row)
    assert "Xã Long Hưng" in line
