import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "false",
    "SECRET_KEY": "k7#v9q2!x0m4z8p1s6w3r5t7y9u1i3o5p7a9s1d3f5g7h9j1k3l5",
    "ALLOWED_HOSTS": "lapor.example.go.id",
    "LAPOR_HTTPS": "true",
    "LAPOR_BEHIND_PROXY": "true",
    "DATABASE_URL": "postgres://lapor:secret@127.0.0.1:5432/lapor",
    "EMAIL_HOST": "smtp.example.go.id",
    "LAPOR_SITE_URL": "https://lapor.example.go.id",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("name", "value"), [("DEBUG", "maybe"), ("LAPOR_PUBLIC_DASHBOARD", "2"), ("DB_CONN_MAX_AGE", "ten")]
)
def test_a_malformed_variable_stops_the_start(name, value):
    result = _manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert name in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/?periode=2020-09")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()  # no inline script, only src= and json data
