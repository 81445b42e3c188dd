"""Real-browser tests: Playwright for Python driving the system Chromium (Debian's `chromium`).

Playwright's own browser downloads are not used; the executable is /usr/bin/chromium, or
CHROMIUM_PATH. Without it the tests are skipped locally and fail under CI=true."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ensure_units
from tests.reports.conftest import (  # noqa: F401 - the reports tests' fixtures, for the review test
    ls_communes,
    ls_data,
    ls_programme,
    review,
    review_factory,
)

# Screenshots taken by the tests, to look at (not committed).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Closed network: no background requests to Google's services, no QUIC.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip("system Chromium not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's test database access from
    # the same thread is still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def units(transactional_db):
    # A live-server test flushes the database at its end; the next one loads the units again.
    ensure_units()


@pytest.fixture
def page(browser, live_server, units):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
