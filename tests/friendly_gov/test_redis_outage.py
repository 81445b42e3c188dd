"""Redis is no single point of failure for citizens: with the cache, the rate limits and the
Celery broker on a Redis of the test's own, that Redis is killed in the middle of the traffic and
started again. Survey forms, the kiosk, feedback, tracking, the public API and staff logins go on
answering with no server error, and every answer that said "accepted" is stored; while Redis is
down the rate limits still count (per process) and /healthz reports the broker down."""

import time
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from communes.models import User
from dialogues.models import Category, FeedbackItem
from surveys.models import SurveyResponse
from tests.factories import PASSWORD
from tests.friendly_gov.conftest import cache_settings
from tests.surveys.conftest import answers_for, post_data

pytestmark = pytest.mark.redis

FALLBACK_SECONDS = 0.2
SURVEY_RATE = 3  # per client and hour (a window the check cannot straddle) on the public form


class HiddenInputs(HTMLParser):
    """The hidden fields of a page's form (CSRF token, template version, one-use keys...)."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


class Traffic:
    """Citizens and officers, each a new browser from its own address, CSRF enforced; every
    answer is recorded with the status that means "done" for its kind."""

    def __init__(self, *, commune, template, category, user_factory):
        self.commune = commune
        self.template = template
        self.category = category
        self.user_factory = user_factory
        self.clients = 0
        self.answers: list[tuple[str, str, int, bool]] = []  # phase, kind, status, accepted
        self.tracking_codes: list[str] = []
        self.phase = ""

    def browser(self) -> Client:
        self.clients += 1
        address = f"10.{self.clients // 65536 % 256}.{self.clients // 256 % 256}.{self.clients % 256}"
        return Client(enforce_csrf_checks=True, raise_request_exception=False, REMOTE_ADDR=address)

    def record(self, kind: str, response, done: int) -> int:
        self.answers.append((self.phase, kind, response.status_code, response.status_code == done))
        return response.status_code

    def form_post(self, browser: Client, url: str, data: dict, kind: str, done: int):
        page = browser.get(url)
        self.record(kind + " page", page, 200)
        hidden = HiddenInputs(page.content.decode()).values if page.status_code == 200 else {}
        return browser.post(url, {**data, **hidden})

    def survey_form(self, browser: Client | None = None) -> int:
        data = post_data(self.template, answers_for(self.template))
        url = reverse("surveys:form", args=[self.commune.pk])
        response = self.form_post(browser or self.browser(), url, data, "survey form", 302)
        return self.record("survey form", response, 302)

    def kiosk(self) -> None:
        overall = self.template.questions.get(in_kiosk=True)
        url = reverse("surveys:kiosk", args=[self.commune.pk])
        response = self.form_post(self.browser(), url, {f"q{overall.pk}": "5"}, "kiosk", 302)
        self.record("kiosk", response, 302)

    def api_survey(self) -> None:
        body = {
            "commune": self.commune.pk,
            "answers": {str(k): v for k, v in answers_for(self.template).items()},
        }
        response = self.browser().post("/api/v1/survey-responses/", body, content_type="application/json")
        self.record("API survey", response, 201)

    def feedback_form(self) -> None:
        data = {
            "category": self.category.pk,
            "content": "Đèn đường ở ngõ 5 thôn Đông không sáng từ ba hôm nay.",
            "citizen_name": "Nguyễn Thị Lan",
            "website": "",
        }
        url = reverse("dialogues:public_submit", args=[self.commune.pk])
        response = self.form_post(self.browser(), url, data, "feedback form", 302)
        self.record("feedback form", response, 302)

    def api_feedback(self) -> None:
        body = {
            "commune": self.commune.pk,
            "category": self.category.pk,
            "content": "Ống nước vỡ ở đầu thôn Đông, nước chảy ra đường.",
        }
        response = self.browser().post("/api/v1/public/feedback/", body, content_type="application/json")
        if self.record("API feedback", response, 201) == 201:
            self.tracking_codes.append(response.json()["tracking_code"])

    def tracking(self) -> None:
        code = self.tracking_codes[-1]
        page = self.browser().get(reverse("dialogues:public_status"), {"code": code})
        self.record("tracking page", page, 200)
        assert page.status_code != 200 or code in page.content.decode()
        self.record("API tracking", self.browser().get(f"/api/v1/public/feedback/{code}/"), 200)

    def units(self) -> None:
        self.record("API units", self.browser().get("/api/v1/units/", {"level": "province"}), 200)

    def staff_login(self) -> None:
        officer = self.user_factory(
            username=f"xa.{self.phase}.{self.clients}", role=User.Role.COMMUNE_OFFICER, commune=self.commune
        )
        browser = self.browser()
        data = {"username": officer.username, "password": PASSWORD}
        response = self.form_post(browser, reverse("login"), data, "staff login", 302)
        self.record("staff login", response, 302)
        home = browser.get(reverse("home"))
        self.record("staff home", home, 200)
        assert home.status_code != 200 or home.context["user"] == officer

    def round(self) -> None:
        self.survey_form()
        self.kiosk()
        self.api_survey()
        self.feedback_form()
        self.api_feedback()
        self.tracking()
        self.units()
        self.staff_login()

    def run(self, phase: str, rounds: int) -> None:
        self.phase = phase
        for _ in range(rounds):
            self.round()

    def accepted(self, *kinds: str) -> int:
        return sum(1 for _phase, kind, _status, done in self.answers if kind in kinds and done)


def test_citizens_and_staff_get_no_server_error_and_lose_nothing_while_redis_is_killed_and_restarted(
    settings, spare_redis, broker_at, long_hung, user_factory, client
):
    from surveys.services import template_default_ensure

    settings.CACHES = cache_settings(spare_redis.url, FALLBACK_SECONDS=FALLBACK_SECONDS)
    settings.SURVEYS_PUBLIC_RATE = f"{SURVEY_RATE}/h"
    broker_at(spare_redis.url)
    traffic = Traffic(
        commune=long_hung,
        template=template_default_ensure(),
        category=Category.objects.create(name="Phản ánh về hạ tầng", time_limit_days=10),
        user_factory=user_factory,
    )

    traffic.run("up", rounds=2)
    assert spare_redis.keys() > 0  # the counters are in Redis

    spare_redis.kill()
    traffic.run("down", rounds=3)
    # The limits still count, in this process: one citizen past the limit is refused politely.
    browser = traffic.browser()
    statuses = [traffic.survey_form(browser) for _ in range(SURVEY_RATE + 2)]
    assert statuses == [302] * SURVEY_RATE + [429] * 2
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["broker"] == "down"

    spare_redis.start()  # empty: no persistence
    time.sleep(FALLBACK_SECONDS + 0.1)
    traffic.run("back", rounds=2)
    assert spare_redis.keys() > 0  # counting is shared again
    # (A ping has 0.1 s to answer: on a busy machine it may miss once.)
    assert any(client.get("/healthz").json()["broker"] == "ok" for _ in range(3))

    server_errors = [answer for answer in traffic.answers if answer[2] >= 500]
    assert server_errors == []
    # Every request was valid: each was done, but for the two refused on purpose.
    refused = [answer for answer in traffic.answers if not answer[3]]
    assert refused == [("down", "survey form", 429, False)] * 2
    for phase in ("up", "down", "back"):
        assert {kind for p, kind, _s, _d in traffic.answers if p == phase} >= {
            "survey form",
            "kiosk",
            "API survey",
            "feedback form",
            "API feedback",
            "tracking page",
            "API tracking",
            "API units",
            "staff login",
            "staff home",
        }
    assert SurveyResponse.objects.count() == traffic.accepted("survey form", "kiosk", "API survey")
    assert FeedbackItem.objects.count() == traffic.accepted("feedback form", "API feedback")
