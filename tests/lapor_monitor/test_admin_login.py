"""The admin's log-in says plainly what is wrong; its index warns about coordinators without
a province."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _log_in(client, username, password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def test_an_account_without_admin_access_is_told_so(db, client):
    make_user("pembaca")
    page = _log_in(client, "pembaca").content.decode()
    assert "Akun pembaca ada, tetapi belum punya akses ke halaman admin" in page
    assert "Peran Evaluator" in page or "peran Evaluator" in page


def test_a_wrong_password_is_worded_plainly(db, client):
    make_user("pembaca")
    page = _log_in(client, "pembaca", "salah-sama-sekali").content.decode()
    assert "Nama pengguna atau kata sandi salah" in page
    assert "akses ke halaman admin" not in page


def test_the_index_warns_about_a_coordinator_without_a_province(reference_data, superuser_client, client):
    orphan = make_user("tanpa_provinsi", "Koordinator provinsi", is_staff=True)
    assert Group.objects.get(name="Koordinator provinsi") in orphan.groups.all()
    page = superuser_client.get("/admin/").content.decode()
    assert "Koordinator provinsi tanpa provinsi (tidak melihat data apa pun): tanpa_provinsi." in page
    client.force_login(get_user_model().objects.get(username="tanpa_provinsi"))
    own = client.get("/admin/").content.decode()
    assert "belum ditetapkan provinsinya" in own


def test_the_admin_index_names_every_app_in_indonesian(reference_data, superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    assert "Pengamanan log-in" in page
    assert ">Axes<" not in page and "AXES" not in page
