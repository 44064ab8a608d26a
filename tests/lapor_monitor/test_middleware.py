"""The site's middleware (`lapor_monitor/middleware.py`)."""

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_database_failure_in_a_view_is_a_503_page(viewer_client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("evaluations.figures.loading.load", unreachable)
    response = viewer_client.get("/?periode=2020-09")
    assert response.status_code == 503
    assert "Layanan sementara tidak tersedia" in response.content.decode()
    assert response["Retry-After"] == "5"
