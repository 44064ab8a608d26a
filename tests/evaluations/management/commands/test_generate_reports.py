"""`generate_reports`: every report of a month, in parallel processes, plus the month's ZIP."""

import hashlib
import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from evaluations.choices import PeriodStatus
from evaluations.entry import closing
from evaluations.pdf import archive
from tests.conftest import SEPTEMBER_2020
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province
from tests.helpers import pdf_pages

# The workers are other processes with their own connections: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_register(transactional_db):
    """Committed, and small (each report takes about half a second to render): Maluku with three
    IPs and Maluku Utara with two, all entered for September 2020 (a draft), and Papua Selatan,
    formed in 2022, so without a report for that month."""
    maluku = make_province("81", "Maluku")
    maluku_utara = make_province("82", "Maluku Utara")
    make_province("93", "Papua Selatan", valid_from=date(2022, 7, 25))
    for index, agency in enumerate(make_agencies(maluku, 3) + make_agencies(maluku_utara, 2)):
        make_decree(agency, issued_on=date(2019, 1, 1))
        make_evaluation(agency, SEPTEMBER_2020, active=index % 2 == 0, received=4, followed_up=2, completed=1)
    make_period(SEPTEMBER_2020, status=PeriodStatus.DRAFT)
    return ["81", "82"]


@pytest.fixture
def published_register(small_register, superuser):
    closing.publish(SEPTEMBER_2020, superuser)
    return small_register


def test_batch_writes_every_report_and_the_zip(published_register, media_root):
    out = io.StringIO()
    call_command("generate_reports", "2020-09", "--jobs", "2", stdout=out)

    folder = media_root / "laporan" / "2020-09" / "r1"
    pdfs = sorted(path.name for path in folder.glob("*.pdf"))
    assert pdfs == ["nasional.pdf", "provinsi-81.pdf", "provinsi-82.pdf"]  # not 93: formed in 2022
    assert len(list(folder.glob("*.pdf.sha256"))) == len(pdfs)
    assert "3/3" in out.getvalue()

    with zipfile.ZipFile(folder / "laporan-2020-09.zip") as bundle:
        assert sorted(n for n in bundle.namelist() if n.endswith(".pdf")) == pdfs
        sums = dict(line.split("  ")[::-1] for line in bundle.read("SHA256SUMS").decode().splitlines())
        for name in pdfs:
            content = bundle.read(name)
            assert content == (folder / name).read_bytes()
            assert hashlib.sha256(content).hexdigest() == sums[name]
    assert "Provinsi Maluku — September 2020" in pdf_pages((folder / "provinsi-81.pdf").read_bytes())[0]
    assert archive.month_zip_url(SEPTEMBER_2020) == "/laporan/2020-09.zip"
    client = Client()
    client.force_login(get_user_model().objects.create_user("pembaca", password="rahasia-123"))
    response = client.get("/laporan/2020-09.zip")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (folder / "laporan-2020-09.zip").read_bytes()
    assert client.get("/laporan/2020-08.zip").status_code == 404

    # The archive is what the views serve; a second run keeps it as it is.
    digest = archive.archived_report("81", SEPTEMBER_2020)[1]
    call_command("generate_reports", "2020-09", "--jobs", "1", stdout=io.StringIO())
    assert archive.archived_report("81", SEPTEMBER_2020)[1] == digest


def test_batch_of_a_draft_month_goes_to_the_draft_folder(small_register, media_root):
    call_command("generate_reports", "2020-09", "--jobs", "1", stdout=io.StringIO())
    folder = media_root / "laporan" / "2020-09" / "draf"
    assert sorted(path.name for path in folder.glob("*.pdf")) == [
        "nasional.pdf",
        "provinsi-81.pdf",
        "provinsi-82.pdf",
    ]
    assert "DRAF" in pdf_pages((folder / "nasional.pdf").read_bytes())[0]
    assert archive.month_zip_url(SEPTEMBER_2020) is None  # the national page links published months only


def test_batch_refuses_a_malformed_month(transactional_db, media_root):
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("generate_reports", "2020-9")
