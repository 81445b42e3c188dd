"""A dissolved commune's public survey addresses (posters printed, kiosks set up before 1 July
2025) lead to the commune that took it over: a GET is redirected with its query string, a POST is
sent on (307) and stored for the successor, never on the dissolved commune; a commune split in
2025 goes to its default successor, the page naming the others."""

import pytest
from django.urls import reverse

from communes.models import AdminUnit
from surveys.models import SurveyResponse
from tests.pdf import pdf_text
from tests.surveys.conftest import answers_for, post_data

ADDRESSES = ["surveys:form", "surveys:thanks", "surveys:kiosk", "surveys:kiosk_thanks"]


@pytest.fixture
def lai_uyen(db) -> AdminUnit:
    """Bàu Bàng's Lai Uyên township, split in 2025: Xã Bàu Bàng by default, part to Trừ Văn Thố."""
    return AdminUnit.objects.get(era=AdminUnit.Era.LEGACY, level=AdminUnit.Level.COMMUNE, code="25822")


@pytest.mark.parametrize("name", ADDRESSES)
def test_a_dissolved_communes_address_redirects_to_its_successors_with_the_query(
    client, tien_duc, long_hung, name
):
    response = client.get(reverse(name, args=[tien_duc.pk]), {"d": "7", "s": "3"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(name, args=[long_hung.pk])}?d=7&s=3&tu={tien_duc.pk}"


def test_the_redirect_reads_the_database_once_per_process(client, tien_duc, django_assert_num_queries):
    url = reverse("surveys:form", args=[tien_duc.pk])
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("name", ["surveys:form", "surveys:kiosk"])
def test_a_post_to_a_dissolved_communes_form_is_stored_for_its_successor(
    client, tien_duc, long_hung, sipas, settings, name
):
    # One submission a minute: the redirected POST is counted once, at the successor's address.
    settings.SURVEYS_PUBLIC_RATE = settings.SURVEYS_KIOSK_RATE = "1/m"
    data = post_data(sipas, answers_for(sipas, score=4))
    response = client.post(reverse(name, args=[tien_duc.pk]), data)
    assert response.status_code == 307  # the browser sends the same form again, to this address
    assert response["Location"] == f"{reverse(name, args=[long_hung.pk])}?tu={tien_duc.pk}"
    assert not SurveyResponse.objects.exists()
    response = client.post(reverse(name, args=[tien_duc.pk]), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (f"{reverse(name, args=[long_hung.pk])}?tu={tien_duc.pk}", 307)
    assert "Cảm ơn Ông/Bà đã đánh giá!" in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert stored.commune == long_hung
    assert not SurveyResponse.objects.filter(commune=tien_duc).exists()


def test_the_successors_form_says_where_the_old_address_led(client, tien_duc, long_hung, sipas):
    response = client.get(reverse("surveys:form", args=[tien_duc.pk]), follow=True)
    html = response.content.decode()
    assert "<p>Xã Long Hưng, Tỉnh Hưng Yên</p>" in html
    assert "trước đây: Xã Tiến Đức, Huyện Hưng Hà và 4 đơn vị khác" in html
    assert "Từ 01/07/2025, Xã Tiến Đức, Huyện Hưng Hà thuộc Xã Long Hưng." in html


def test_todays_commune_is_served_directly_with_its_former_communes(client, long_hung, sipas):
    response = client.get(reverse("surveys:form", args=[long_hung.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="was">trước đây: ' in html and "Huyện Hưng Hà và 2 đơn vị khác" in html
    assert 'data-testid="handed-over"' not in html


def test_a_from_parameter_naming_another_commune_is_ignored(client, long_hung, chi_hoa, sipas):
    html = client.get(reverse("surveys:form", args=[long_hung.pk]), {"tu": chi_hoa.pk}).content.decode()
    assert "Chí Hòa" not in html and 'data-testid="handed-over"' not in html
    for nonsense in ("1.5", "abc", "9" * 30):
        assert client.get(reverse("surveys:form", args=[long_hung.pk]), {"tu": nonsense}).status_code == 200


def test_a_split_commune_goes_to_its_default_successor_naming_the_others(client, lai_uyen, sipas):
    bau_bang = lai_uyen.successor
    tru_van_tho = lai_uyen.other_successors.get()
    response = client.get(reverse("surveys:form", args=[lai_uyen.pk]), follow=True)
    assert response.redirect_chain == [(f"/ks/{bau_bang.pk}/?tu={lai_uyen.pk}", 302)]
    html = response.content.decode()
    assert "<p>Xã Bàu Bàng, Thành phố Hồ Chí Minh</p>" in html
    assert "trước đây: Thị trấn Lai Uyên, Huyện Bàu Bàng" in html
    assert (
        "Từ 01/07/2025, địa bàn Thị trấn Lai Uyên, Huyện Bàu Bàng được chia cho nhiều xã, phường; "
        "trang này là của Xã Bàu Bàng." in html
    )
    assert f'<a href="{reverse("surveys:form", args=[tru_van_tho.pk])}">Xã Trừ Văn Thố</a>' in html


def test_the_desk_page_and_poster_of_a_dissolved_commune_lead_to_its_successor(
    client, province_viewer, tien_duc, long_hung, desk_factory, sipas
):
    desk = desk_factory(commune=tien_duc)  # a desk of the history
    client.force_login(province_viewer)
    response = client.get(reverse("surveys:commune", args=[tien_duc.pk]))
    html = response.content.decode()
    assert response.context["public_url"] == f"http://testserver/ks/{long_hung.pk}/"
    assert dict(response.context["desks"])[desk] == f"http://testserver/ks/{long_hung.pk}/"
    assert f'href="{reverse("surveys:kiosk", args=[long_hung.pk])}"' in html
    assert reverse("surveys:kiosk", args=[tien_duc.pk]) not in html
    assert 'data-testid="in-force-note"' in html
    poster = pdf_text(client.get(reverse("surveys:poster_pdf", args=[tien_duc.pk]), {"d": desk.pk}).content)
    assert f"/ks/{long_hung.pk}/" in poster and f"/ks/{tien_duc.pk}/" not in poster


def test_a_dissolved_communes_desk_page_stays_in_scope(client, province_admin, tien_duc):
    # Lạng Sơn's administrator: Tiến Đức (Thái Bình, now Hưng Yên) is outside the scope.
    client.force_login(province_admin)
    assert client.get(reverse("surveys:commune", args=[tien_duc.pk])).status_code == 404
    assert client.get(reverse("surveys:poster_pdf", args=[tien_duc.pk])).status_code == 404
