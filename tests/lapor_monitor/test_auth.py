"""Log-in (`lapor_monitor/auth.py`): django-axes' lockout on the log-in page."""

import pytest


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(client, viewer):
    # Four wrong passwords are answered on the log-in form; the fifth locks the account out.
    wrong = {"username": "pemantau", "password": "salah"}
    statuses = [client.post("/masuk/", wrong).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post("/masuk/", {"username": "pemantau", "password": "rahasia-123"})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()


@pytest.mark.django_db
def test_login_works_with_the_right_password(client, viewer):
    response = client.post("/masuk/", {"username": "pemantau", "password": "rahasia-123"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_one_username_is_locked_across_addresses(client, viewer):
    # Five wrong passwords from five machines lock the account; the right one from a sixth is refused.
    wrong = {"username": "pemantau", "password": "salah"}
    for n in range(5):
        client.post("/masuk/", wrong, REMOTE_ADDR=f"10.0.0.{n + 1}")
    locked = client.post(
        "/masuk/", {"username": "pemantau", "password": "rahasia-123"}, REMOTE_ADDR="10.0.9.9"
    )
    assert locked.status_code == 429


@pytest.mark.django_db
def test_spraying_usernames_from_one_address_is_locked(client, viewer):
    for n in range(5):
        client.post("/masuk/", {"username": f"orang{n}", "password": "salah"}, REMOTE_ADDR="10.0.0.7")
    locked = client.post(
        "/masuk/", {"username": "pemantau", "password": "rahasia-123"}, REMOTE_ADDR="10.0.0.7"
    )
    assert locked.status_code == 429
    # Another address is not affected.
    assert (
        client.post(
            "/masuk/", {"username": "pemantau", "password": "rahasia-123"}, REMOTE_ADDR="10.0.0.8"
        ).status_code
        == 302
    )
