"""Fast in the browser: HTML is sent compressed, Chart.js only where there are charts."""

import gzip

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def test_pages_are_sent_gzip_compressed(reference_data, viewer_client):
    plain = viewer_client.get("/", {"periode": "2020-09"})
    packed = viewer_client.get("/", {"periode": "2020-09"}, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 3
    assert b"Nasional" in gzip.decompress(packed.content)


def test_chart_js_loads_only_on_pages_with_charts(reference_data, viewer_client):
    assert b"chart.umd.min.js" in viewer_client.get("/", {"periode": "2020-09"}).content
    assert b"chart.umd.min.js" in viewer_client.get("/provinsi/81/", {"periode": "2020-09"}).content
    assert b"chart.umd.min.js" not in viewer_client.get("/instansi/", {"periode": "2020-09"}).content
    assert b"chart.umd.min.js" not in viewer_client.get("/masuk/").content
