"""Accessible to everyone, on a phone too: axe-core (from npm, injected here) finds no violation
of any impact on the main pages at 1366 and 375 px; nothing is wider than a 375 px screen; the
map's tiles lead to their provinces; Tab reaches the definitions and opens them."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from agencies.models import Province
from tests.browser.conftest import PASSWORD, log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/?periode=2020-09",
    "/provinsi/81/?periode=2020-09",
    "/instansi/8171/?periode=2020-09",
    "/instansi/?periode=2020-09&status=belum-aktif",
]


def _violations(page) -> list:
    # Evaluated through the DevTools protocol: the site's CSP (script-src 'self') stays as it is.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "axe.run().then(r => r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))]))"
    )


def _too_wide(page) -> list:
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                      && !e.closest('.table-scroll, .map-scroll'))
            .map(e => e.tagName + '.' + e.className)"""
    )


@pytest.mark.parametrize("width", [1366, 375])
def test_no_axe_violation_on_the_dashboard_pages(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, PAGES[0])
    for url in PAGES:
        page.goto(page.base_url + url)
        assert _violations(page) == [], url
        if width == 375:
            assert _too_wide(page) == [], url


def test_no_axe_violation_on_the_log_in_page_and_the_admin_grid(page):
    page.goto(page.base_url + "/masuk/")
    assert _violations(page) == []
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    maluku = Province.objects.get(code="81")
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(
            f"{page.base_url}/admin/evaluations/monthlyevaluation/grid/?provinsi={maluku.code}&periode=2020-10"
        )
        assert page.locator("input[aria-label^='8171 Kota Ambon']").count() >= 3
        assert _violations(page) == [], width


def test_the_maps_tiles_lead_to_their_provinces(page):
    log_in(page, "/?periode=2020-09")
    assert page.locator(".tilemap a").count() == 34
    with page.expect_navigation():
        page.click(".tilemap a[data-code='82']")
    assert "/provinsi/82/" in page.url
    assert "Provinsi Maluku Utara" in page.inner_text("h1")


def test_tab_reaches_a_definition_and_opens_it(page):
    log_in(page, "/provinsi/81/?periode=2020-09")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('details.definition') !== null"):
            break
    else:
        pytest.fail("Tab never reached a definition")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('details.definition').open")
    assert page.locator("details.definition[open] p").first.is_visible()
