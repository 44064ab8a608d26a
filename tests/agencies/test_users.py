"""Creating an evaluator or a coordinator is one page: role and province with the password."""

import pytest
from django.contrib.auth import get_user_model

from agencies.models import CoordinatorAssignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]

URL = "/admin/auth/user/add/"


def _create(client, **fields):
    data = {
        "username": "baru",
        "first_name": "Nama",
        "last_name": "Baru",
        "email": "",
        "password1": "Sangat-rahasia-2026!",
        "password2": "Sangat-rahasia-2026!",
    }
    data.update(fields)
    return client.post(URL, data)


def test_a_coordinator_is_created_with_staff_group_and_province(
    reference_data, superuser_client, maluku_province
):
    response = _create(superuser_client, role="Koordinator provinsi", province=maluku_province.pk)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="baru")
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Koordinator provinsi"]
    assert CoordinatorAssignment.objects.filter(user=user, province=maluku_province).exists()


def test_an_evaluator_is_staff_and_a_viewer_is_not(reference_data, superuser_client):
    assert _create(superuser_client, role="Evaluator").status_code == 302
    assert _create(superuser_client, username="pembaca", role="Pemantau").status_code == 302
    users = get_user_model().objects
    assert users.get(username="baru").is_staff
    assert not users.get(username="pembaca").is_staff
    assert not CoordinatorAssignment.objects.exists()


def test_a_coordinator_without_a_province_is_refused(reference_data, superuser_client):
    response = _create(superuser_client, role="Koordinator provinsi", province="")
    assert response.status_code == 200
    assert "Pilih provinsi yang dikoordinasikan." in response.content.decode()
    assert not get_user_model().objects.filter(username="baru").exists()
