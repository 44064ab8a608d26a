"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium, installed by `make test`.
Under CI=true a missing Chromium fails these tests instead of skipping them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import load_reference_data

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "rahasia-uji-123"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = "Chromium is missing: `make test` installs Debian's chromium package."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db):
    load_reference_data()
    get_user_model().objects.create_user("staf", password=PASSWORD)


@pytest.fixture
def page(browser, live_server, seeded):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def log_in(page, next_path: str = "/") -> None:
    page.goto(f"{page.base_url}{next_path}")
    page.fill("#id_username", "staf")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click(".stacked-form button[type=submit]")
