"""Explain every mark: Δ and small figures explained, a cell without a band says why, a
"Tentang data ini" section; and the national table's filters."""

import pytest

from tests.helpers import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def test_the_national_page_explains_its_marks(reference_data, viewer_client):
    text = page_text(viewer_client.get("/", {"periode": "2020-09"}))
    assert "Δ: perubahan dalam poin persentase dibanding bulan lalu" in text
    assert "Tentang data ini" in text
    assert (
        "Keterhubungan berdasarkan kepemilikan SK: sesuai target mulai 80%, perlu ditingkatkan mulai 50%"
        in text
    )
    assert "kurang dari 3 IP" in text and "10 laporan" in text
    assert "Dipublikasikan 7 Oktober 2020 (revisi 1)" in text
    assert "sp4n-lapor@menpan.go.id" in text


def test_a_percentage_without_a_band_says_why(reference_data, staff_client):
    from datetime import date

    from agencies.models import Province
    from tests.factories import make_agencies, make_evaluation

    # A draft month in which Aceh has two IPs: too few for a verdict.
    for agency in make_agencies(Province.objects.get(code="11"), 2):
        make_evaluation(agency, date(2021, 3, 1), active=True)
    page = staff_client.get("/", {"periode": "2021-03"})
    aceh = next(row.record for row in page.context["table"].rows if row.record["code"] == "11")
    assert [cell["why"] for cell in aceh["cells"][:2]] == ["kurang dari 3 IP", "kurang dari 3 IP"]
    assert "kurang dari 3 IP" in page_text(page)


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"wilayah": "Maluku"}, ["81", "82"]),
        ({"dievaluasi": "ya"}, ["81", "82"]),
        ({"dievaluasi": "tidak", "wilayah": "Papua"}, ["91", "92"]),
        ({"penilaian": "poor"}, ["81", "82"]),
        ({"penilaian": "good"}, []),
    ],
)
def test_the_national_table_filters(reference_data, viewer_client, params, codes):
    page = viewer_client.get("/", {"periode": "2020-09", **params})
    assert [row.record["code"] for row in page.context["table"].rows] == codes
