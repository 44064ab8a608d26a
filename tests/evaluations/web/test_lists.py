"""The nationwide list of IPs by status: filters, search, pagination, export."""

import csv
import io

import pytest

from tests.helpers import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def _codes(response) -> list[str]:
    return [row.record["code"] for row in response.context["table"].page.object_list]


def test_inactive_ips_nationwide(reference_data, viewer_client):
    response = viewer_client.get("/instansi/", {"periode": "2020-09", "status": "belum-aktif"})
    assert response.status_code == 200
    # 9 of Maluku's 12 and 7 of Maluku Utara's 11 were not active in September 2020.
    assert response.context["total"] == 16
    assert "16 IP sesuai pilihan." in page_text(response)


def test_ips_without_an_sk_in_one_province(reference_data, viewer_client):
    response = viewer_client.get("/instansi/", {"periode": "2020-09", "sk": "belum-ada", "provinsi": "81"})
    assert response.context["total"] == 7  # 12 IPs, 5 with an SK
    assert all(code.startswith("81") for code in _codes(response))


def test_search_finds_agencies_and_provinces_by_name_or_code(reference_data, viewer_client):
    response = viewer_client.get("/instansi/", {"periode": "2020-09", "q": "ambon"})
    assert _codes(response) == ["8171"]
    by_code = viewer_client.get("/instansi/", {"periode": "2020-09", "q": "82"})
    assert response.context["total"] == 1 and by_code.context["total"] == 11
    assert 'href="/provinsi/82/?periode=2020-09">82 Maluku Utara</a>' in by_code.content.decode()


def test_the_list_is_paginated_and_its_export_holds_every_row(reference_data, viewer_client):
    response = viewer_client.get("/instansi/", {"periode": "2020-09"})
    assert response.context["total"] == 23
    export = viewer_client.get("/instansi/", {"periode": "2020-09", "status": "belum-aktif", "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode()[1:]), delimiter=";"))
    assert rows[0][:3] == ["Kode", "Instansi", "Provinsi"]
    assert len(rows) == 1 + 16


def test_bad_filters_are_ignored_not_a_500(reference_data, viewer_client):
    response = viewer_client.get("/instansi/", {"periode": "2020-09", "status": "x", "sk": "<b>"})
    assert response.status_code == 200
    assert response.context["total"] == 23
