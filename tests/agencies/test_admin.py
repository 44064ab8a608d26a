"""The admin of agencies, decrees and provinces (`agencies/admin.py`)."""

import pytest

from agencies.models import Agency
from tests.helpers import CHANGELIST_QUERIES, changelist_queries_with_one_and_many_rows

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_with_its_user(evaluator_client, evaluator, ambon):
    response = evaluator_client.post(
        f"/admin/agencies/agency/{ambon.pk}/change/",
        {
            "code": "8171",
            "name": "Pemerintah Kota Ambon",
            "kind": "kota",
            "province": ambon.province_id,
            "decrees-TOTAL_FORMS": "1",
            "decrees-INITIAL_FORMS": "0",
            "decrees-0-number": "SK/AMBON/2020/9",
            "decrees-0-issued_on": "2020-09-01",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = ambon.history.first()
    assert record.history_type == "~" and record.history_user == evaluator
    assert record.name == "Pemerintah Kota Ambon"
    decree = ambon.decrees.get(number="SK/AMBON/2020/9")
    assert decree.history.first().history_user == evaluator
    # And it reads in admin.
    page = evaluator_client.get(f"/admin/agencies/agency/{ambon.pk}/history/")
    assert page.status_code == 200
    assert "evaluator" in page.content.decode()


def test_export_neutralises_formula_cells(superuser_client, maluku_province):
    agency = Agency.objects.create(
        code="X-1", name='=HYPERLINK("http://x")', kind="lainnya", province=maluku_province
    )
    response = superuser_client.post(
        "/admin/agencies/agency/", {"action": "export_csv", "_selected_action": [agency.pk]}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "kode,nama,jenis,kode_provinsi"
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/agencies/province/", CHANGELIST_QUERIES + 1),
        ("/admin/agencies/agency/", CHANGELIST_QUERIES + 2),
        ("/admin/agencies/decree/", CHANGELIST_QUERIES + 2),
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(evaluator_client, url, expected):
    assert changelist_queries_with_one_and_many_rows(evaluator_client, url) == (expected, expected)
