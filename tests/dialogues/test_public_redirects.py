"""The citizens' feedback pages across the 2025 reform: a dissolved commune's form address leads
to the commune that took it over (a POST is sent on and stored there), and the start page finds a
commune by today's name or a former one, today's first, every link to a 2025 commune."""

import pytest
from django.urls import reverse

from communes.models import AdminUnit
from dialogues.models import FeedbackItem
from tests.dialogues.test_public import form_data


@pytest.fixture
def lai_uyen(db) -> AdminUnit:
    """Bàu Bàng's Lai Uyên township, split in 2025: Xã Bàu Bàng by default, part to Trừ Văn Thố."""
    return AdminUnit.objects.get(era=AdminUnit.Era.LEGACY, level=AdminUnit.Level.COMMUNE, code="25822")


def test_a_dissolved_communes_form_redirects_to_its_successors(client, tien_duc, long_hung):
    response = client.get(reverse("dialogues:public_submit", args=[tien_duc.pk]), {"utm": "poster"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('dialogues:public_submit', args=[long_hung.pk])}?utm=poster&tu={tien_duc.pk}"
    )


def test_a_post_to_a_dissolved_communes_form_is_stored_for_its_successor(
    client, tien_duc, long_hung, category
):
    url = reverse("dialogues:public_submit", args=[tien_duc.pk])
    response = client.post(url, form_data(category))
    assert response.status_code == 307
    assert not FeedbackItem.objects.exists()
    response = client.post(url, form_data(category), follow=True)
    assert [status for _url, status in response.redirect_chain] == [307, 302]
    item = FeedbackItem.objects.get()
    assert item.commune == long_hung
    assert item.tracking_code in response.content.decode()


def test_the_successors_form_says_where_the_old_address_led(client, tien_duc, long_hung):
    response = client.get(reverse("dialogues:public_submit", args=[tien_duc.pk]), follow=True)
    html = response.content.decode()
    assert "Xã Long Hưng, Tỉnh Hưng Yên" in html
    assert "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác" in html
    assert "Từ 01/07/2025, Xã Tiến Đức, Huyện Hưng Hà thuộc Xã Long Hưng." in html


def test_a_split_commune_goes_to_its_default_successor_naming_the_others(client, lai_uyen):
    tru_van_tho = lai_uyen.other_successors.get()
    response = client.get(reverse("dialogues:public_submit", args=[lai_uyen.pk]), follow=True)
    assert response.context["commune"] == lai_uyen.successor
    html = response.content.decode()
    assert "được chia cho nhiều xã, phường; trang này là của Xã Bàu Bàng." in html
    assert f'<a href="{reverse("dialogues:public_submit", args=[tru_van_tho.pk])}">Xã Trừ Văn Thố</a>' in html


def test_the_start_page_finds_todays_commune_by_a_former_name_first(
    client, tien_duc, long_hung, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # a page of results and their labels
        response = client.get(reverse("dialogues:public_start"), {"q": "tien duc"})
    communes = response.context["communes"]
    assert communes[:2] == [long_hung, tien_duc]
    html = response.content.decode()
    assert "Xã Long Hưng, Tỉnh Hưng Yên" in html
    assert "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác" in html
    # Every link leads to a 2025 commune's form: the former one's to its successor's.
    assert f'"{reverse("dialogues:public_submit", args=[tien_duc.pk])}' not in html
    # Today's commune, found by Tiến Đức's name, leads to its form saying so.
    link = f'href="{reverse("dialogues:public_submit", args=[long_hung.pk])}?tu={tien_duc.pk}"'
    assert html.count(link) == 2


def test_the_start_page_finds_a_commune_by_its_parents_names(client, hung_ha):
    hoa_binh = AdminUnit.objects.get(name="Xã Hòa Bình", parent=hung_ha)
    response = client.get(reverse("dialogues:public_start"), {"q": "hoa binh hung ha"})
    assert response.context["communes"][:2] == [hoa_binh.successor, hoa_binh]
    assert "trước đây: Xã Hòa Bình, " in response.content.decode()
