"""The PDFs' layout, read back with pdfplumber from real renders of the demo data.

Every PDF is rendered once per module (the data is built in one transaction, rolled back at
the end): the national report of a month with 38 provinces all evaluated (September 2026),
of a month with 34 provinces of which two are evaluated (September 2020), the largest
province and Maluku. On every page, nothing may lie outside the page margins or overlap
the running header and footer; no page but the last may be nearly empty; the province
chart must name every province of the month; the page count is the one expected.
"""

import io
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import transaction

from agencies.models import Province
from evaluations.figures import scorecards
from evaluations.pdf import document
from tests.helpers import clear_cache

SEPTEMBER_2026 = date(2026, 9, 1)
SEPTEMBER_2020 = date(2020, 9, 1)
MM = 72 / 25.4
# static/css/pdf.css: @page { margin: 20mm 16mm 20mm 16mm }
MARGIN_TOP = MARGIN_BOTTOM = 20 * MM
MARGIN_SIDE = 16 * MM
TOLERANCE = 0.75  # points: anti-aliasing of strokes, rounding of glyph boxes


@dataclass
class Render:
    name: str
    content: bytes
    provinces: list[str]  # the provinces of the month (national reports)
    expected_pages: int
    pages: list | None = None  # parsed once, by `_pages`


def _render_all() -> dict[str, Render]:
    national_2026 = scorecards.national(SEPTEMBER_2026)
    national_2020 = scorecards.national(SEPTEMBER_2020)
    largest = max(national_2026.provinces, key=lambda each: each.agencies_total)
    assert largest.agencies_total >= 35  # Jawa Timur: 1 + 38 IPs
    return {
        "national-2026": Render(
            "national-2026",
            document.render_national_pdf(month=SEPTEMBER_2026),
            [each.province.name for each in national_2026.provinces],
            # the summary; the chart of 38 provinces; the map of provinces, the attention list
            # and the province table; the table's end and the definitions
            expected_pages=4,
        ),
        "national-2020": Render(
            "national-2020",
            document.render_national_pdf(month=SEPTEMBER_2020),
            [each.province.name for each in national_2020.provinces],
            # summary; the chart of the two evaluated provinces, the map, attention list and
            # table; the definitions
            expected_pages=3,
        ),
        "largest-2026": Render(
            "largest-2026",
            document.render_province_pdf(
                province=Province.objects.get(code=largest.province.code), month=SEPTEMBER_2026
            ),
            [],
            expected_pages=2,  # up to 40 IPs: summary and charts; the IP table and definitions
        ),
        "maluku-2020": Render(
            "maluku-2020",
            document.render_province_pdf(province=Province.objects.get(code="81"), month=SEPTEMBER_2020),
            [],
            expected_pages=2,
        ),
    }


@pytest.fixture(scope="module")
def renders(django_db_setup, django_db_blocker) -> dict[str, Render]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "provinces", "monev_2020", verbosity=0)
        call_command("load_regions", stdout=io.StringIO())
        call_command("generate_demo_data", months=3, until="2026-09", seed=1, stdout=io.StringIO())
        scorecards.clear_memo()
        clear_cache()
        result = _render_all()
        if os.environ.get("PDF_LAYOUT_DUMP"):  # a folder to look at the renders in
            for render in result.values():
                Path(os.environ["PDF_LAYOUT_DUMP"], f"{render.name}.pdf").write_bytes(render.content)
        transaction.set_rollback(True)
    scorecards.clear_memo()
    clear_cache()
    return result


ALL = ["national-2026", "national-2020", "largest-2026", "maluku-2020"]
NATIONAL = ["national-2026", "national-2020"]


def _pages(render: Render):
    if render.pages is None:
        render.pages = pdfplumber.open(io.BytesIO(render.content)).pages
    return render.pages


def _running_lines(page) -> list[dict]:
    """The running header's and footer's characters: the lines in the top and bottom margins that
    carry the report's header ("LAPOR! Monitor · …") and its page number ("Halaman n dari m")."""
    lines = []
    for pattern in (r"LAPOR! Monitor ·", r"Halaman \d+ dari \d+"):
        found = page.search(pattern)
        assert found, f"no running line {pattern!r} on page {page.page_number}"
        lines.append(found[0])
    return lines


def _running(page) -> tuple[list, list]:
    """(running header/footer characters, everything else drawn on the page)."""
    lines = _running_lines(page)
    running, rest = [], []
    for char in page.chars:
        on_running_line = any(
            abs(char["top"] - line["top"]) < 1 and abs(char["bottom"] - line["bottom"]) < 1 for line in lines
        )
        in_margin = char["bottom"] <= MARGIN_TOP or char["top"] >= page.height - MARGIN_BOTTOM
        (running if on_running_line and in_margin else rest).append(char)
    return running, rest + page.images + page.rects + page.lines + page.curves


def _describe(obj) -> str:
    kind = obj.get("object_type")
    what = repr(obj["text"]) if kind == "char" else kind
    return f"{what} at ({obj['x0']:.0f}, {obj['top']:.0f})–({obj['x1']:.0f}, {obj['bottom']:.0f})"


def _bbox(objects) -> tuple[float, float, float, float]:
    return (
        min(o["x0"] for o in objects),
        min(o["top"] for o in objects),
        max(o["x1"] for o in objects),
        max(o["bottom"] for o in objects),
    )


def _overlaps(obj, box) -> bool:
    x0, top, x1, bottom = box
    return obj["x0"] < x1 and obj["x1"] > x0 and obj["top"] < bottom and obj["bottom"] > top


@pytest.mark.parametrize("name", ALL)
def test_nothing_lies_outside_the_margins_or_on_the_running_header_and_footer(renders, name):
    problems = []
    for page in _pages(renders[name]):
        running, content = _running(page)
        header = _bbox([c for c in running if c["bottom"] <= MARGIN_TOP])
        footer = _bbox([c for c in running if c["top"] >= page.height - MARGIN_BOTTOM])
        left, right = MARGIN_SIDE - TOLERANCE, page.width - MARGIN_SIDE + TOLERANCE
        top, bottom = MARGIN_TOP - TOLERANCE, page.height - MARGIN_BOTTOM + TOLERANCE
        for obj in content:
            if obj["x0"] < left or obj["x1"] > right or obj["top"] < top or obj["bottom"] > bottom:
                problems.append(f"page {page.page_number}: {_describe(obj)} outside the margins")
            elif _overlaps(obj, header) or _overlaps(obj, footer):
                problems.append(f"page {page.page_number}: {_describe(obj)} on the running header/footer")
    assert not problems, f"{len(problems)} objects out of place, first: " + "; ".join(problems[:8])


def _text_amount(page) -> int:
    _running_chars, content = _running(page)
    return sum(1 for obj in content if obj.get("object_type") == "char" and obj["text"].strip())


@pytest.mark.parametrize("name", ALL)
def test_no_page_but_the_last_is_nearly_empty(renders, name):
    amounts = [_text_amount(page) for page in _pages(renders[name])]
    fullest = max(amounts)
    thin = [(number, amount) for number, amount in enumerate(amounts[:-1], start=1) if amount < fullest / 4]
    assert not thin, f"characters per page {amounts}: pages {thin} hold under a quarter of the fullest"


@pytest.mark.parametrize("name", ALL)
def test_page_count_is_the_expected_one(renders, name):
    render = renders[name]
    assert len(_pages(render)) == render.expected_pages


def _between_headings(pages, first: str, after: str) -> str:
    """The text (within the pages) from the heading `first` to the heading `after`."""
    text, inside = [], False
    for page in pages:
        top, bottom = 0.0, page.height
        start = page.search(first) if not inside else []
        if start:
            inside, top = True, start[0]["top"]
        if not inside:
            continue
        end = [hit for hit in page.search(after) if hit["top"] > top]
        if end:
            bottom = end[0]["top"]
        text.append(page.within_bbox((0, top, page.width, bottom)).extract_text(x_tolerance=1) or "")
        if end:
            break
    assert inside, f"no heading {first!r}"
    return " ".join(" ".join(text).split())


@pytest.mark.parametrize("name", NATIONAL)
def test_the_province_chart_names_every_province_of_the_month(renders, name):
    render = renders[name]
    chart = _between_headings(_pages(render), "Capaian per provinsi", "Provinsi yang perlu perhatian")
    missing = [province for province in render.provinces if not re.search(rf"\b{province}\b", chart)]
    assert len(render.provinces) in (34, 38)
    assert not missing, f"not in the chart or its caption: {missing}"


@pytest.mark.parametrize("name", ALL)
def test_the_existing_running_text_is_kept(renders, name):
    pages = _pages(renders[name])
    for number, page in enumerate(pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert f"Halaman {number} dari {len(pages)}" in text
        assert "LAPOR! Monitor ·" in text


def _svg_text(data_url: str) -> str:
    import base64

    return base64.b64decode(data_url.split(",", 1)[1]).decode("utf-8")


def test_target_and_median_marks_are_labelled_also_at_0_and_100():
    from evaluations.figures import catalog
    from evaluations.figures.analysis import Standing
    from evaluations.figures.cards import AgencyRow, PeriodInfo, ProvinceRef, build
    from evaluations.figures.indicators import Bands
    from evaluations.pdf import charts, province_chart

    rows = [
        AgencyRow(
            code=f"81{n:02d}",
            name=f"Instansi {n}",
            kind="kabupaten",
            province_code="81",
            has_sk=n < 2,
            sk_number=None,
            sk_issued_on=None,
            evaluated=True,
            account_active=n < 3,
            received=12,
            followed_up=6,
            completed=3,
        )
        for n in range(4)
    ]
    card = build(
        month=SEPTEMBER_2020,
        province=ProvinceRef("81", "Maluku"),
        rows=rows,
        period=PeriodInfo(SEPTEMBER_2020),
    )
    bands = {spec.target: Bands(good_from=80, fair_from=40) for spec in catalog.BANDED}
    medians = {spec.key: (0 if index % 2 else 100) for index, spec in enumerate(catalog.BANDED)}
    standings = {key: Standing(rank=1, of=3, median=median) for key, median in medians.items()}

    indicator_svg = _svg_text(charts.indicator_chart(card, bands, standings))
    assert "median 0%" in indicator_svg and "median 100%" in indicator_svg
    assert indicator_svg.count("target 80%") == len(catalog.BANDED)

    (part,) = province_chart.province_chart_parts([card], bands, medians)
    province_svg = _svg_text(part.image)
    for spec in province_chart.PROVINCE_CHART_INDICATORS:
        assert str(spec.series_label) in province_svg  # each panel is named, not only coloured
        assert f"median {medians[spec.key]}%" in province_svg
    assert "target 80%" in province_svg
