"""`generate_reports`: every report of a month, in parallel processes, plus the month's ZIP."""

import hashlib
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from evaluations.choices import PeriodStatus
from evaluations.models import Period
from evaluations.pdf import archive
from tests.conftest import SEPTEMBER_2020, load_reference_data
from tests.helpers import pdf_pages

# The workers are other processes with their own connections: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PROVINCES_2020 = 34


@pytest.fixture
def committed_reference_data(transactional_db):
    load_reference_data()


def test_batch_writes_every_report_and_the_zip(committed_reference_data, media_root):
    out = io.StringIO()
    call_command("generate_reports", "2020-09", "--jobs", "2", stdout=out)

    folder = media_root / "laporan" / "2020-09" / "r1"
    pdfs = sorted(path.name for path in folder.glob("*.pdf"))
    assert len(pdfs) == 1 + PROVINCES_2020
    assert "nasional.pdf" in pdfs and "provinsi-81.pdf" in pdfs and "provinsi-93.pdf" not in pdfs
    assert len(list(folder.glob("*.pdf.sha256"))) == len(pdfs)
    assert "35/35" in out.getvalue()

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


def test_batch_of_a_draft_month_goes_to_the_draft_folder(committed_reference_data, media_root):
    Period.objects.filter(month=SEPTEMBER_2020).update(status=PeriodStatus.DRAFT, published_at=None)
    call_command("generate_reports", "2020-09", "--jobs", "1", stdout=io.StringIO())
    folder = media_root / "laporan" / "2020-09" / "draf"
    assert len(list(folder.glob("*.pdf"))) == 1 + PROVINCES_2020
    assert "DRAF" in pdf_pages((folder / "nasional.pdf").read_bytes())[0]
    assert archive.month_zip_url(SEPTEMBER_2020) is None  # the national page links published months only


def test_batch_refuses_a_malformed_month(transactional_db, media_root):
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("generate_reports", "2020-9")
