from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

SEPTEMBER_2020 = date(2020, 9, 1)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run without collectstatic: plain storage instead of the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Archived PDFs and uploads go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reference_data(db):
    """The provinces and the 2020 monitoring results of Maluku and Maluku Utara."""
    call_command("loaddata", "provinces", "monev_2020", verbosity=0)


@pytest.fixture
def viewer(db):
    return get_user_model().objects.create_user("pemantau", password="rahasia-123")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("evaluator", password="rahasia-123", is_staff=True)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_scorecard_memo():
    """Each test starts with no cached scorecards (query counts are those of a cold request)."""
    from django.core.cache import cache

    from evaluations.figures import scorecards

    scorecards.clear_memo()
    cache.clear()
