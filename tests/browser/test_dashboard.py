import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# True when the canvas holds at least one painted pixel.
CANVAS_DRAWN = """canvas => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
  return false;
}"""
ALL_DRAWN = f"() => [...document.querySelectorAll('canvas[data-chart]')].every({CANVAS_DRAWN})"


def _charts_drawn(page) -> list[bool]:
    """Whether each chart has painted, once they all have or after 5 s."""
    page.wait_for_function("() => window.Chart !== undefined")
    with contextlib.suppress(PlaywrightTimeoutError):  # the list below says which one is blank
        page.wait_for_function(ALL_DRAWN, timeout=5000)
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() > 0
    return [canvases.nth(i).evaluate(CANVAS_DRAWN) for i in range(canvases.count())]


def _text(page) -> str:
    return " ".join(page.inner_text("main").split())


def test_it_goes_from_nation_to_province_to_agency_by_clicking(page, screenshots):
    log_in(page, "/?periode=2020-09")
    assert "Keterhubungan SP4N-LAPOR! — September 2020" in _text(page)
    assert all(_charts_drawn(page))
    page.screenshot(path=screenshots / "national.png", full_page=True)

    with page.expect_navigation():
        page.click("#province-table >> text=Maluku Utara")
    assert "/provinsi/82/" in page.url
    assert "45% — 5 dari 11 IP" in _text(page)
    with page.expect_navigation():
        page.go_back()

    with page.expect_navigation():
        page.click("#province-table a:text-is('Maluku')")
    assert "/provinsi/81/?periode=2020-09" in page.url
    text = _text(page)
    assert "42% — 5 dari 12 IP" in text
    assert "25% aktif (3 IP), 75% belum aktif (9 IP)" in text
    assert all(_charts_drawn(page))
    page.screenshot(path=screenshots / "province.png", full_page=True)

    with page.expect_navigation():
        page.click("#agency-table >> text=Kota Ambon")
    assert "/instansi/8171/" in page.url
    assert "2018/SK-LAPOR/8171" in _text(page)
    # No report counts in 2020: a plain "no data" instead of an empty chart.
    assert page.locator("canvas[data-chart]").count() == 0
    assert "Belum ada data." in _text(page)
    page.screenshot(path=screenshots / "agency.png", full_page=True)
    assert page.console_errors == []


def test_it_sorts_a_column_and_changes_the_month(page):
    log_in(page, "/?periode=2020-09")
    with page.expect_navigation():
        page.click("#province-table th a:text-is('SK')")
    assert "sort=sk_percent" in page.url
    with page.expect_navigation():
        page.click("#province-table th a:text-is('SK')")  # again: descending
    first_rows = page.locator("#province-table tbody tr td:first-child").all_inner_texts()[:2]
    assert first_rows == ["82", "81"]

    # A month without any data says so (not a page of zeros) and leads back.
    page.fill("#periode", "2020-08")
    with page.expect_navigation():
        page.click(".period-nav button[type=submit]")
    assert "periode=2020-08" in page.url
    assert "Belum ada data evaluasi untuk periode Agustus 2020" in _text(page)
    with page.expect_navigation():
        page.click("a:text('Kembali ke ikhtisar nasional')")
    assert "September 2020" in _text(page)
    assert [e for e in page.console_errors if "404" not in e] == []


def test_it_switches_to_english_and_back(page):
    log_in(page, "/provinsi/81/?periode=2020-09")
    assert "Keaktifan akun" in _text(page)
    # Choosing a language changes nothing by itself (WCAG 3.2.2): the button does.
    page.select_option("#language", "en")
    assert "Keaktifan akun" in _text(page)
    with page.expect_navigation():
        page.click(".lang-form button[type=submit]")
    text = _text(page)
    assert "Account activity" in text
    assert "42% — 5 of 12 IPs" in text
    assert "/provinsi/81/" in page.url
    page.select_option("#language", "id")
    with page.expect_navigation():
        page.click(".lang-form button[type=submit]")
    assert "Keaktifan akun" in _text(page)


def test_it_fits_a_375_pixel_phone(page, screenshots):
    log_in(page, "/provinsi/81/?periode=2020-09")
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert all(_charts_drawn(page))
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 375
    page.screenshot(path=screenshots / "province-375.png", full_page=True)


def test_it_is_usable_with_the_keyboard(page):
    log_in(page, "/?periode=2020-09")
    # Start from the top of the document, as after a fresh load.
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Langsung ke isi"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_anonymous_visitor_is_sent_to_log_in(page):
    page.goto(f"{page.base_url}/provinsi/81/")
    assert "/masuk/?next=" in page.url
    assert "Masuk ke LAPOR! Monitor" in _text(page)
