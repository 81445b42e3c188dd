"""The list of administrative procedures (thủ tục hành chính): read by signed-in users, kept by
province administrators; a procedure with responses is taken out of use, never deleted."""

import pytest
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Service
from tests.surveys.conftest import answers_for, post_data

LIST = reverse("surveys:service_list")
CREATE = reverse("surveys:service_create")


def edit_url(service):
    return reverse("surveys:service_update", args=[service.pk])


def test_the_list_filters_by_name_field_and_status(client, province_viewer, service_factory):
    service_factory(name="Đăng ký khai sinh", field="Hộ tịch")
    service_factory(name="Đăng ký kết hôn", field="Hộ tịch")
    service_factory(name="Chứng thực chữ ký", field="Chứng thực", is_active=False)
    client.force_login(province_viewer)
    page = client.get(LIST).content.decode()
    assert "Đăng ký khai sinh" in page and "Ngừng sử dụng" in page
    assert 'href="' + CREATE not in page  # a viewer reads only
    searched = client.get(LIST, {"q": "khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in searched and "Đăng ký kết hôn" not in searched
    by_field = client.get(LIST, {"field": "Chứng thực"}).content.decode()
    assert "Chứng thực chữ ký" in by_field and "Đăng ký kết hôn" not in by_field
    active = client.get(LIST, {"status": "active"}).content.decode()
    assert "Đăng ký kết hôn" in active and "Chứng thực chữ ký" not in active
    export = client.get(LIST, {"status": "inactive", "export": "csv"})
    assert "Chứng thực chữ ký" in b"".join(export.streaming_content).decode()


def test_the_list_needs_an_account(client):
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_makes_bounded_queries(
    client, province_admin, service_factory, sipas, long_hung, size, django_assert_max_num_queries
):
    used = [service_factory(field=f"Lĩnh vực {i % 4}") for i in range(size)]
    for service in used[:5]:
        services.response_submit(
            template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", service=service
        )
    client.force_login(province_admin)
    with django_assert_max_num_queries(8):
        page = client.get(LIST, {"q": "Chứng thực"})
    assert page.status_code == 200
    assert page.content.decode().count("Đã có") >= 1


def test_a_province_admin_adds_and_edits_a_procedure(client, province_admin):
    client.force_login(province_admin)
    assert "Thêm thủ tục" in client.get(LIST).content.decode()
    response = client.post(CREATE, {"name": "  Đăng ký   khai sinh ", "field": "Hộ tịch"})
    assert response.status_code == 302 and response["Location"] == LIST
    service = Service.objects.get()
    assert (service.name, service.field, service.is_active) == ("Đăng ký khai sinh", "Hộ tịch", True)
    form = client.get(edit_url(service)).content.decode()
    assert 'value="Đăng ký khai sinh"' in form and 'name="csrfmiddlewaretoken"' in form
    renamed = client.post(edit_url(service), {"name": "Đăng ký khai sinh lưu động", "field": "Hộ tịch"})
    assert renamed.status_code == 302
    service.refresh_from_db()
    assert service.name == "Đăng ký khai sinh lưu động"
    assert service.is_active is False  # the box was not ticked: taken out of use


def test_a_procedure_with_responses_is_taken_out_of_use_and_kept(
    client, province_admin, service, sipas, long_hung
):
    response = services.response_submit(
        template=sipas, commune=long_hung, answers=answers_for(sipas), channel="web", service=service
    )
    client.force_login(province_admin)
    client.post(edit_url(service), {"name": service.name, "field": service.field})
    service.refresh_from_db()
    assert service.is_active is False
    response.refresh_from_db()
    assert response.service == service  # past results keep it
    # No new response takes it from a link, and the desk's forms no longer offer it.
    url = reverse("surveys:form", args=[long_hung.pk]) + f"?s={service.pk}"
    assert client.post(url, post_data(sipas, answers_for(sipas))).status_code == 302
    assert response.__class__.objects.filter(service=service).count() == 1
    from communes.models import User
    from surveys.forms import CodeForm, PaperEntryForm
    from surveys.models import Desk

    assert (
        service
        not in CodeForm(desks=Desk.objects.none(), officers=User.objects.none()).fields["service"].queryset
    )
    assert service not in PaperEntryForm(questions=[]).fields["service"].queryset
    client.post(edit_url(service), {"name": service.name, "field": service.field, "is_active": "on"})
    service.refresh_from_db()
    assert service.is_active is True


def test_invalid_input_shows_vietnamese_errors_and_stores_nothing(client, province_admin, service_factory):
    existing = service_factory(name="Đăng ký khai sinh", field="Hộ tịch")
    other = service_factory(name="Đăng ký kết hôn", field="Hộ tịch")
    client.force_login(province_admin)
    empty = client.post(CREATE, {"name": "", "field": "Hộ tịch"})
    assert empty.status_code == 200 and "Vui lòng nhập tên thủ tục." in empty.content.decode()
    blank = client.post(CREATE, {"name": "   ", "field": "Hộ tịch"})
    assert "Vui lòng nhập tên thủ tục." in blank.content.decode()
    same = client.post(CREATE, {"name": "đăng ký KHAI SINH", "field": ""})
    assert "Đã có thủ tục mang tên này." in same.content.decode()
    assert Service.objects.count() == 2
    rename = client.post(edit_url(other), {"name": existing.name, "field": "Hộ tịch", "is_active": "on"})
    assert "Đã có thủ tục mang tên này." in rename.content.decode()
    too_long = client.post(edit_url(other), {"name": "x" * 300, "field": "Hộ tịch", "is_active": "on"})
    assert "tối đa 255 kí tự" in too_long.content.decode()
    other.refresh_from_db()
    assert other.name == "Đăng ký kết hôn"


def test_only_province_administrators_keep_the_list(client, officer, province_viewer, service):
    for user in (officer, province_viewer):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"name": "Thủ tục mới"}).status_code == 403
        assert client.get(edit_url(service)).status_code == 403
        assert client.post(edit_url(service), {"name": "Đổi tên", "is_active": "on"}).status_code == 403
        assert 'href="' + edit_url(service) not in client.get(LIST).content.decode()
    assert not Service.objects.filter(name__in=["Thủ tục mới", "Đổi tên"]).exists()
    with pytest.raises(Exception, match="quản trị"):
        services.service_create(by=officer, name="Thủ tục mới")


def test_the_forms_are_csrf_protected(province_admin, service):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(province_admin)
    assert browser.post(CREATE, {"name": "Thủ tục mới"}).status_code == 403
    assert browser.post(edit_url(service), {"name": "Đổi tên", "is_active": "on"}).status_code == 403
    assert not Service.objects.filter(name__in=["Thủ tục mới", "Đổi tên"]).exists()


def test_an_unknown_procedure_is_404(client, province_admin):
    client.force_login(province_admin)
    assert client.get(reverse("surveys:service_update", args=[999_999_999])).status_code == 404


def test_the_surveys_menu_links_the_list(client, officer):
    client.force_login(officer)
    page = client.get(reverse("surveys:results")).content.decode()
    assert f'href="{LIST}"' in page
