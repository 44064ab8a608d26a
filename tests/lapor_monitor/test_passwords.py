"""Passwords (`lapor_monitor/passwords.py`, AUTH_PASSWORD_VALIDATORS) and the password change
page every logged-in user has."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD

WEAK = [
    "lapor123",
    "kemenpan",
    "sp4nlapor",
    "Maluku12",
    "Kemenpan2024!",
    "sp4nlapor12345",
    "MalukuUtara2024",
    "Lapor!Lapor!2024",
    "PemprovJatim#2025",
    "rahasia-12345",
    "password12345",
    "123456789012",
    "bismillah123456",
]


@pytest.mark.parametrize("password", WEAK)
def test_a_weak_or_guessable_password_is_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_the_reasons_are_stated():
    with pytest.raises(ValidationError) as short:
        validate_password("Abc!defghij")
    assert "12" in " ".join(short.value.messages)
    with pytest.raises(ValidationError) as guessable:
        validate_password("Kemenpan2024!Maluku")
    assert "mudah ditebak" in " ".join(guessable.value.messages)


@pytest.mark.parametrize("password", ["tiga-ekor-kucing-hujan", "Kopi tubruk di Ambon pukul 7"])
def test_a_long_own_phrase_is_accepted(password):
    validate_password(password)


@pytest.mark.django_db
def test_a_viewer_changes_their_password_from_the_header_link(viewer_client, viewer):
    home = viewer_client.get("/masuk/")
    assert 'href="/akun/kata-sandi/"' in home.content.decode()
    page = viewer_client.get("/akun/kata-sandi/")
    assert page.status_code == 200
    weak = viewer_client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "lapor2024!!!", "new_password2": "lapor2024!!!"},
    )
    assert weak.status_code == 200 and "mudah ditebak" in weak.content.decode()
    new = "tiga-ekor-kucing-hujan"
    done = viewer_client.post(
        "/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302 and done["Location"] == "/akun/kata-sandi/selesai/"
    viewer.refresh_from_db()
    assert viewer.check_password(new)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/akun/kata-sandi/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
