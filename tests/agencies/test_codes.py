"""One rule for agency codes: the admin's form refuses what the import refuses."""

import pytest

from agencies.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def _add(client, **fields):
    data = {"code": "", "name": "Instansi Uji", "kind": "kabupaten", "valid_from": "", "valid_until": ""}
    data.update(fields)
    data.update({"decrees-TOTAL_FORMS": "0", "decrees-INITIAL_FORMS": "0"})
    return client.post("/admin/agencies/agency/add/", data)


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        ("8210", "kabupaten", "81KK"),  # Maluku Utara's code inside Maluku
        ("8175", "kabupaten", "01–69"),  # a kota's range for a kabupaten
        ("8110", "kota", "71–99"),
        ("82", "provinsi", "(81)"),
        ("81 71", "lainnya", "huruf, angka"),
    ],
)
def test_the_admin_form_refuses_a_code_the_import_would_refuse(
    reference_data, superuser_client, maluku_province, code, kind, message
):
    response = _add(superuser_client, code=code, kind=kind, province=maluku_province.pk)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["code"]
    assert any(message in error for error in errors), errors
    assert not Agency.objects.filter(code=code, province=maluku_province).exists()


def test_a_good_code_is_saved(reference_data, superuser_client, maluku_province):
    response = _add(superuser_client, code="8160", kind="kabupaten", province=maluku_province.pk)
    assert response.status_code == 302
    assert Agency.objects.filter(code="8160", province=maluku_province).exists()
