"""An id that is not a number, or not one the database can hold, finds nothing: 404 (or 400 for a
filter), never a server error. Every URL pattern of the project is walked through the resolver, so
a route added later is covered without touching this file."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django_filters import FilterSet

from surveys.services import template_default_ensure

# "²" is a digit to str.isdigit() that int() refuses.
HUGE = "99999999999999999999999"  # past PostgreSQL's bigint
BAD_IDS = ["false", "abc", "1.5", "-1", HUGE, "²"]
ROOT = Path(__file__).resolve().parents[2]
APPS = ("friendly_gov", "communes", "surveys", "dialogues", "reports")
# A named group of a regular-expression route, e.g. DRF's (?P<pk>[^/.]+); nested groups are rare
# enough in routes to be left out.
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^()]*\)")
CONVERTER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")


def _patterns(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _url(route: str, value: str) -> str:
    """The route with every argument set to `value` (a format suffix set to json)."""

    def fill(match: re.Match) -> str:
        return "json" if match["name"] == "format" else value

    url = CONVERTER.sub(fill, GROUP.sub(fill, route))
    url = url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    return "/" + url


def routes_with_arguments() -> list[str]:
    return sorted(
        {r for r in _patterns(get_resolver().url_patterns) if GROUP.search(r) or CONVERTER.search(r)}
    )


def routes_without_arguments() -> list[str]:
    return sorted(
        {
            r
            for r in _patterns(get_resolver().url_patterns)
            if not (GROUP.search(r) or CONVERTER.search(r)) and "logout" not in r and "setlang" not in r
        }
    )


def query_names() -> set[str]:
    """The query parameters the project reads: every filter of every FilterSet (pages and API share
    them) and the parameters views read by hand (request.GET.get("review"), ...)."""
    names: set[str] = set()
    hand_read = re.compile(r"""(?:GET|query_params)(?:\.get\(|\[)\s*["'](\w+)["']""")
    for app in APPS:
        for source in (ROOT / app).rglob("*.py"):
            names.update(hand_read.findall(source.read_text()))
    pending = list(FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        if filterset.__module__.split(".")[0] in APPS:
            names.update(filterset.base_filters)
    return names


def server_errors(client: Client, urls: list[str], *, methods=("get", "post")) -> list[str]:
    failures = []
    for url in urls:
        for method in methods:
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    return failures


@pytest.fixture(params=["province_admin", "superuser"])
def signed_in(request, db) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(request.getfixturevalue(request.param))
    return client


def test_it_walks_the_routes_of_every_app():
    routes = routes_with_arguments()
    assert "api/v1/^review-builds/(?P<pk>[0-9]+)/pdf/$" in routes or any(
        "review-builds" in r and "pdf" in r and r.startswith("api/") for r in routes
    )
    assert any(r.startswith("ks/") for r in routes) and any(r.startswith("admin/") for r in routes)
    assert _url("api/v1/^review-builds/(?P<pk>[^/.]+)/pdf/$", "false") == "/api/v1/review-builds/false/pdf/"


def test_it_answers_404_for_a_non_numeric_review_build_in_the_api(signed_in):
    response = signed_in.get("/api/v1/review-builds/false/pdf/")
    assert response.status_code == 404


def resolvable(urls: list[str]) -> list[str]:
    """The URLs that reach a view; the others the resolver itself answers with 404."""
    reached = []
    for url in urls:
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            continue
        reached.append(url)
    return reached


@pytest.mark.parametrize("value", BAD_IDS)
def test_it_answers_no_server_error_for_a_bad_id_on_any_route(signed_in, value):
    urls = resolvable([_url(route, value) for route in routes_with_arguments()])
    # Text arguments (tracking codes, file kinds, the admin's object ids) always reach their view.
    assert any(url.startswith("/admin/") for url in urls)
    assert server_errors(signed_in, urls) == []


def test_it_lets_no_bad_id_reach_an_api_view():
    # A number too large is still a number: it reaches the view, which finds no row (404).
    for value in [v for v in BAD_IDS if v != HUGE]:
        urls = resolvable(
            [_url(route, value) for route in routes_with_arguments() if route.startswith("api/v1/")]
        )
        assert [url for url in urls if not url.startswith("/api/v1/public/")] == [], value


@pytest.mark.parametrize("value", BAD_IDS)
def test_it_answers_no_server_error_for_a_bad_id_in_any_filter(signed_in, value):
    query = "&".join(f"{name}={value}" for name in sorted(query_names()))
    urls = [f"/{route}?{query}" for route in routes_without_arguments() if not route.startswith("admin/")]
    assert server_errors(signed_in, urls, methods=("get",)) == []


@pytest.mark.parametrize("value", BAD_IDS)
def test_it_answers_404_for_a_bad_id_in_the_api(signed_in, value):
    for name in ("programmes", "feedback", "feedback-categories", "reviews", "review-builds", "assessments"):
        assert signed_in.get(f"/api/v1/{name}/{value}/").status_code == 404, (name, value)


def test_it_reads_the_hand_read_query_parameters_too():
    assert {"review", "programme", "d", "commune", "assignee", "year"} <= query_names()


@pytest.mark.parametrize("value", BAD_IDS)
def test_it_answers_no_server_error_for_a_bad_id_in_the_public_survey_links(client, long_hung, value):
    template_default_ensure()
    query = "&".join(f"{name}={value}" for name in ("d", "s", "o", "template", "commune"))
    for name in ("surveys:form", "surveys:kiosk"):
        assert client.get(f"{reverse(name, args=[long_hung.pk])}?{query}").status_code < 500


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", HUGE, "²"])
def test_it_answers_400_for_a_bad_id_in_an_api_filter(signed_in, value):
    for url in ("/api/v1/feedback/?commune=", "/api/v1/units/?parent=", "/api/v1/activity/?commune="):
        response = signed_in.get(url + value)
        assert response.status_code == 400, (url, value)
        assert response.json()


def test_it_ignores_a_bad_id_in_a_page_filter(signed_in):
    assert signed_in.get("/feedback/?commune=1.5").status_code == 200
    assert signed_in.get("/reviews/?year=-1").status_code == 200
