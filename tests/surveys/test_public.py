"""The citizens' pages: the form per commune by QR link, the one-time code, the kiosk, and the
rules that protect them (rate limit, honeypot, CSRF, escaping, the 60 KB budget)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from surveys.models import Answer, MonthlyCount, SurveyResponse
from surveys.services import code_issue
from tests.surveys.conftest import answers_for, post_data


def form_url(commune, **params):
    url = reverse("surveys:form", args=[commune.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def test_it_shows_the_sipas_form_in_vietnamese_without_an_account(client, long_hung, sipas):
    response = client.get(form_url(long_hung))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'charset="utf-8"' in html
    assert "Xã Long Hưng" in html
    for heading in [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức giải quyết",
        "Kết quả giải quyết",
        "Tiếp nhận, xử lý góp ý, phản ánh",
    ]:
        assert f"<h2>{heading}</h2>" in html
    assert "Rất hài lòng" in html and '<use href="#face5"/>' in html
    # Works with JavaScript off: a plain form posted to the page; the one script (the steps on a
    # phone, the answers kept through a failed send) is optional and never inline.
    assert '<form method="post"' in html and '<button type="submit" id="send">' in html
    assert html.count("<script") == 1 and '<script src="/static/surveys/form.js" defer>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html  # the honeypot


def test_it_stores_an_anonymous_response_and_counts_it_for_the_commune(client, long_hung, sipas):
    data = post_data(sipas, answers_for(sipas, score=4, overall=5, text="Cán bộ nhiệt tình"))
    response = client.post(form_url(long_hung), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[long_hung.pk])
    stored = SurveyResponse.objects.get()
    assert stored.commune == long_hung
    assert stored.channel == SurveyResponse.Channel.WEB
    assert stored.template == sipas
    assert stored.overall_satisfied is True
    counts = MonthlyCount.objects.get(commune=long_hung)
    assert (counts.forms, counts.overall_answered, counts.overall_satisfied) == (1, 1, 1)
    assert counts.officer_answered == 1 and counts.officer_satisfied == 1
    thanks = client.get(response["Location"])
    assert "Cảm ơn Ông/Bà đã đánh giá!" in thanks.content.decode()


def test_it_keeps_the_desk_service_and_officer_of_the_link(
    client, long_hung, sipas, desk_factory, service, officer
):
    desk = desk_factory(commune=long_hung)
    data = post_data(sipas, answers_for(sipas))
    url = form_url(long_hung, d=desk.pk, s=service.pk, o=officer.pk)
    assert client.post(url, data).status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.desk, stored.service, stored.officer) == (desk, service, officer)


def test_it_ignores_a_desk_or_officer_of_another_commune_in_the_link(
    client, long_hung, hong_minh, sipas, desk_factory, other_officer
):
    desk = desk_factory(commune=hong_minh)
    client.post(form_url(long_hung, d=desk.pk, o=other_officer.pk), post_data(sipas, answers_for(sipas)))
    stored = SurveyResponse.objects.get()
    assert stored.desk is None and stored.officer is None


def test_it_answers_invalid_input_with_vietnamese_errors_and_stores_nothing(client, long_hung, sipas):
    answers = answers_for(sipas)
    overall = sipas.questions.get(factor="overall")
    answers.pop(overall.pk)
    data = post_data(sipas, answers)
    access = sipas.questions.get(factor="access", aspect="satisfaction")
    data[f"q{access.pk}"] = "9"
    response = client.post(form_url(long_hung), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phiếu chưa gửi được" in html
    assert "Vui lòng trả lời câu hỏi này." in html
    assert "Lựa chọn không hợp lệ." in html
    assert SurveyResponse.objects.count() == 0
    assert MonthlyCount.objects.count() == 0


def test_it_rejects_a_filled_honeypot(client, long_hung, sipas):
    data = post_data(sipas, answers_for(sipas))
    data["website"] = "http://spam.example"
    response = client.post(form_url(long_hung), data)
    assert response.status_code == 200
    assert "Không gửi được biểu mẫu." in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_it_requires_the_csrf_token(long_hung, sipas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(form_url(long_hung), post_data(sipas, answers_for(sipas)))
    assert response.status_code == 403
    assert SurveyResponse.objects.count() == 0


def test_it_limits_submissions_per_client_with_a_friendly_429(client, long_hung, sipas, settings):
    settings.SURVEYS_PUBLIC_RATE = "2/m"
    data = post_data(sipas, answers_for(sipas))
    assert client.post(form_url(long_hung), data).status_code == 302
    assert client.post(form_url(long_hung), data).status_code == 302
    blocked = client.post(form_url(long_hung), data)
    assert blocked.status_code == 429
    assert "Quá nhiều yêu cầu" in blocked.content.decode()
    assert SurveyResponse.objects.count() == 2


@pytest.mark.redis
def test_the_limit_counts_in_redis_as_in_production_under_a_hashed_key(
    client, long_hung, sipas, settings, redis_url
):
    import redis

    prefix = "friendly_gov_test_ratelimit"
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": prefix}
    }
    settings.SURVEYS_PUBLIC_RATE = "2/m"
    server = redis.Redis.from_url(redis_url)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    data = post_data(sipas, answers_for(sipas))
    assert client.post(form_url(long_hung), data).status_code == 302
    assert client.post(form_url(long_hung), data).status_code == 302
    assert client.post(form_url(long_hung), data).status_code == 429
    assert SurveyResponse.objects.count() == 2
    # One counter, at 3, under a key that carries no address (the test client's is 127.0.0.1).
    keys = list(server.scan_iter(f"{prefix}:*"))
    assert len(keys) == 1 and b"127.0.0.1" not in keys[0]
    assert int(server.get(keys[0])) == 3
    server.delete(*keys)


def test_it_stores_free_text_as_typed_and_escapes_it_when_shown(client, long_hung, sipas, province_viewer):
    typed = "  <script>alert('x')</script> Rất tốt & nhanh — cảm ơn!  "
    data = post_data(sipas, answers_for(sipas, text=typed))
    client.post(form_url(long_hung), data)
    assert Answer.objects.get(question__kind="long_text").text == typed
    client.force_login(province_viewer)
    export = client.get(reverse("surveys:response_list"), {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "Rất tốt & nhanh" in body
    # A text shown again on the form (an invalid submission) is escaped.
    data[f"q{sipas.questions.get(factor='overall').pk}"] = ""
    page = client.post(form_url(long_hung), data).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_it_answers_404_for_a_unit_that_is_not_a_commune(client, hung_ha, sipas):
    assert client.get(form_url(hung_ha)).status_code == 404


# --- The 60 KB budget -----------------------------------------------------------------------------

BUDGET = 60 * 1024


def first_view_bytes(client, url: str) -> tuple[int, list[str]]:
    """The page plus every stylesheet, script and image it references from our static files."""
    response = client.get(url)
    html = response.content
    total = len(html)
    referenced = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert not re.search(rb'(?:href|src)="(?:https?:)?//', html), "no outside resources"
    files = []
    for ref in referenced:
        path = finders.find(ref.decode().removeprefix("/static/"))
        assert path, ref
        with open(path, "rb") as handle:
            total += len(handle.read())
        files.append(ref.decode())
    return total, files


@pytest.mark.parametrize("page", ["form", "kiosk"])
def test_it_keeps_the_first_view_under_60_kb_with_its_stylesheet(client, long_hung, sipas, page):
    url = form_url(long_hung) if page == "form" else reverse("surveys:kiosk", args=[long_hung.pk])
    total, files = first_view_bytes(client, url)
    assert "/static/surveys/public.css" in files
    assert not any("bootstrap" in f for f in files)
    assert total < BUDGET, f"{total} bytes"


# --- One-time codes ---------------------------------------------------------------------------------


def test_it_accepts_a_one_time_code_once_and_the_response_carries_its_service_and_officer(
    client, long_hung, sipas, officer, service, desk_factory
):
    desk = desk_factory(commune=long_hung)
    code = code_issue(
        commune=long_hung, by=officer, service=service, desk=desk, dossier_number="000.00.12.H56-250101-0001"
    )
    url = reverse("surveys:code_form", args=[code.code])
    page = client.get(url).content.decode()
    assert service.name in page and code.code in page
    data = post_data(sipas, answers_for(sipas))
    assert client.post(url, data).status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.service, stored.officer, stored.desk, stored.code) == (service, officer, desk, code)
    assert stored.channel == SurveyResponse.Channel.CODE
    code.refresh_from_db()
    assert code.used_at is not None

    again = client.post(url, data)
    assert again.status_code == 409
    assert "đã được dùng" in again.content.decode()
    assert "Mỗi mã chỉ dùng được một lần" in again.content.decode()
    assert client.get(url).status_code == 409
    assert SurveyResponse.objects.count() == 1
    assert MonthlyCount.objects.get().forms == 1


def test_it_finds_a_code_typed_in_lower_case_with_spaces(client, long_hung, sipas, officer):
    code = code_issue(commune=long_hung, by=officer)
    typed = " ".join([code.code[:4].lower(), code.code[4:]])
    response = client.get(reverse("surveys:code_lookup"), {"code": typed})
    assert response["Location"] == reverse("surveys:code_form", args=[code.code])


def test_it_says_clearly_when_a_code_does_not_exist(client, sipas):
    response = client.get(reverse("surveys:code_form", args=["KHONGCO2"]))
    assert response.status_code == 404
    assert "Mã đánh giá không đúng" in response.content.decode()


# --- Kiosk ------------------------------------------------------------------------------------------


def kiosk_post(client, commune, sipas, score, desk=None):
    overall = sipas.questions.get(in_kiosk=True)
    url = reverse("surveys:kiosk", args=[commune.pk]) + (f"?d={desk.pk}" if desk else "")
    return client.post(url, {"template": sipas.pk, "website": "", f"q{overall.pk}": str(score)})


def test_it_shows_big_faces_that_answer_with_one_tap_on_the_kiosk(client, long_hung, sipas):
    html = client.get(reverse("surveys:kiosk", args=[long_hung.pk])).content.decode()
    assert 'class="kiosk"' in html
    # Five faces in the kiosk's form (the language switch below it is a form of its own).
    assert html.split('id="kiosk-form"')[1].split("</form>")[0].count('type="submit"') == 5
    assert "Nhìn chung, Ông/Bà hài lòng" in html


def test_it_ignores_repeated_taps_on_the_kiosk_within_the_interval(client, long_hung, sipas, desk_factory):
    desk = desk_factory(commune=long_hung, kiosk_interval_seconds=30, kiosk_reset_seconds=4)
    first = kiosk_post(client, long_hung, sipas, 5, desk)
    assert first.status_code == 302
    second = kiosk_post(client, long_hung, sipas, 1, desk)
    assert second.status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().channel == SurveyResponse.Channel.KIOSK
    thanks = client.get(second["Location"]).content.decode()
    assert f'http-equiv="refresh" content="4;url=/ks/{long_hung.pk}/kiosk/?d={desk.pk}"' in thanks


def test_it_takes_the_next_respondent_after_the_interval(client, long_hung, sipas, desk_factory):
    desk = desk_factory(commune=long_hung, kiosk_interval_seconds=0)
    kiosk_post(client, long_hung, sipas, 5, desk)
    kiosk_post(client, long_hung, sipas, 2, desk)
    assert SurveyResponse.objects.count() == 2
    counts = MonthlyCount.objects.get()
    assert (counts.forms, counts.overall_answered, counts.overall_satisfied) == (2, 2, 1)
