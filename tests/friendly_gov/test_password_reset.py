"""Password reset by e-mail (Django's views, Vietnamese pages and mail): the link works once,
the form never tells whether an address has an account, and it is rate-limited per address and
per client."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

RESET = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"


@pytest.fixture
def staff(officer):
    officer.email = "can.bo.tienduc@example.vn"
    officer.save(update_fields=["email"])
    return officer


def reset_link() -> str:
    (message,) = mail.outbox
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_the_login_page_links_to_the_reset_form(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{RESET}"' in html and "Quên mật khẩu?" in html
    page = client.get(RESET).content.decode()
    assert "Quên mật khẩu" in page and 'name="email"' in page


def test_a_forgotten_password_is_reset_through_the_link_in_the_mail(client, staff):
    response = client.post(RESET, {"email": "Can.Bo.TienDuc@example.vn"})
    assert response.status_code == 302 and response["Location"] == DONE
    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "Đặt lại mật khẩu tài khoản trên testserver"
    assert "Kính gửi" in message.body and staff.username in message.body

    link = reset_link()
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    saved = client.post(
        set_password_url, {"new_password1": "Hoa-sen-2025!", "new_password2": "Hoa-sen-2025!"}
    )
    assert saved.status_code == 302 and saved["Location"] == reverse("password_reset_complete")
    assert "Đã đặt mật khẩu mới" in client.get(saved["Location"]).content.decode()

    client.logout()
    assert (
        client.post(reverse("login"), {"username": staff.username, "password": PASSWORD}).status_code == 200
    )
    signed_in = client.post(reverse("login"), {"username": staff.username, "password": "Hoa-sen-2025!"})
    assert signed_in.status_code == 302
    # The link worked once.
    client.logout()
    assert "Đường dẫn không còn hiệu lực" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, staff):
    known = client.post(RESET, {"email": staff.email})
    unknown = client.post(RESET, {"email": "nguoi.la@example.vn"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"]) == (302, DONE)
    assert len(mail.outbox) == 1
    done = client.get(DONE).content.decode()
    assert "Nếu địa chỉ e-mail vừa nhập thuộc một tài khoản" in done


def test_an_address_gets_three_mails_an_hour_whether_or_not_it_has_an_account(client, staff):
    for address in (staff.email, "nguoi.la@example.vn"):
        for _ in range(3):
            assert client.post(RESET, {"email": address.upper()}, REMOTE_ADDR="10.0.0.1").status_code == 302
        # From another client too: the limit is the address's.
        blocked = client.post(RESET, {"email": address}, REMOTE_ADDR="10.0.0.2")
        assert blocked.status_code == 429
        assert "Quá nhiều yêu cầu" in blocked.content.decode()
    assert len(mail.outbox) == 3


def test_a_client_gets_ten_requests_an_hour(client, db):
    for number in range(10):
        assert client.post(RESET, {"email": f"dia.chi.{number}@example.vn"}).status_code == 302
    assert client.post(RESET, {"email": "dia.chi.moi@example.vn"}).status_code == 429
