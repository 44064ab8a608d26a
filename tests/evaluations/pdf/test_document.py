"""The PDFs' content, read back with pypdf."""

from datetime import date

import pytest

from agencies.models import Province
from evaluations.choices import PeriodStatus
from evaluations.models import Period
from evaluations.pdf import document
from tests.conftest import SEPTEMBER_2020
from tests.factories import make_agency, make_decree, make_evaluation, make_period, make_province
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


def test_maluku_pdf_carries_the_seed_figures_with_their_counts(reference_data):
    pages = pdf_pages(
        document.render_province_pdf(province=Province.objects.get(code="81"), month=SEPTEMBER_2020)
    )
    text = " ".join(pages)
    assert "Provinsi Maluku — September 2020" in text
    for figure in ("42% 5 dari 12 IP", "25% 3 dari 12 IP", "75% 9 dari 12 IP"):
        assert figure in text
    assert "Data diisi untuk 12 dari 12 IP" in text
    assert "Dipublikasikan 7 Oktober 2020 · revisi 1" in text
    assert "42 persen atau lima dari 12 IP" in text  # the narrative
    assert "peringkat 2 dari 2 provinsi, dengan median nasional 44 persen" in text
    assert "Kota Ambon" in text and "2018/SK-LAPOR/8171" in text  # the table of IPs
    assert "belum memiliki SK" in text  # the attention list
    assert "IP tanpa data dihitung belum aktif" in text  # a definition, as a footnote
    assert pages[0].count("Halaman 1 dari") == 1
    assert all(f"Halaman {n} dari {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "DRAF" not in text


def test_national_pdf_lists_every_province_of_the_month(reference_data):
    pages = pdf_pages(document.render_national_pdf(month=SEPTEMBER_2020))
    text = " ".join(pages)
    assert "Nasional — September 2020" in text
    assert "Daftar provinsi (34 provinsi)" in text
    for name in ("Aceh", "DKI Jakarta", "Maluku Utara", "Papua Barat"):
        assert name in text
    assert "Papua Selatan" not in text  # formed in 2022
    assert "43% 10 dari 23 IP" in text
    assert "Halaman 1 dari" in pages[0]


def test_draft_month_carries_the_draft_mark(reference_data):
    Period.objects.filter(month=SEPTEMBER_2020).update(status=PeriodStatus.DRAFT, published_at=None)
    province = Province.objects.get(code="81")
    pages = pdf_pages(document.render_province_pdf(province=province, month=SEPTEMBER_2020))
    assert all("DRAF" in page for page in pages)  # the watermark and the page header, on every page
    assert "belum dipublikasikan" in pages[0]


def test_example_month_says_so(reference_data):
    Period.objects.filter(month=SEPTEMBER_2020).update(is_example=True)
    text = " ".join(pdf_pages(document.render_national_pdf(month=SEPTEMBER_2020)))
    assert "Data contoh" in text


def test_long_province_paginates_with_repeated_header_and_every_row():
    month = date(2021, 3, 1)
    province = make_province("81", "Maluku")
    names = [f"Kabupaten Uji {n:02d}" for n in range(1, 51)]
    for n, name in enumerate(names, start=1):
        agency = make_agency(province, f"81{n:02d}", name=name)
        make_decree(agency, issued_on=date(2020, 1, 1))
        make_evaluation(agency, month, active=True, received=20, followed_up=15, completed=10)
    make_period(month)

    pages = pdf_pages(document.render_province_pdf(province=province, month=month))
    table_pages = [page for page in pages if "Kabupaten Uji" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Kode Instansi pemerintah SK tim SP4N-LAPOR! Akun Diterima Ditindaklanjuti Selesai" in page
    for number, name in enumerate(names, start=1):
        # every row once, whole (its number, code, name and SK on the same page)
        assert sum(page.count(name) for page in pages) == 1
        page = next(page for page in table_pages if name in page)
        assert f"{number} 81{number:02d} {name}" in page
        assert f"SK/81{number:02d}/20200101" in page
    assert "Daftar IP (50 instansi)" in " ".join(pages)
    assert "75% 750 dari 1.000 laporan" in " ".join(pages)  # Indonesian grouping
