"""The one set of fixtures of the suite: settings every test runs with, the reference data,
the users of each role and the places the tests use. Builders live in tests/factories.py,
helpers that drive pages and read files in tests/helpers.py."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction

from tests.factories import make_agencies, make_province
from tests.helpers import clear_cache

SEPTEMBER_2020 = date(2020, 9, 1)  # the month of the reference data (published, revision 1)
OCTOBER_2020 = date(2020, 10, 1)  # the month after it: nothing entered yet

PASSWORD = "rahasia-123"


# Settings every test runs with.


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run without collectstatic: plain storage instead of the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """MD5 instead of PBKDF2 (about 0.3 s per user created or logged in): no test is about the
    hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Archived PDFs and uploads go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_scorecard_memo():
    """Each test starts with no cached scorecards (query counts are those of a cold request).

    Only this test database's keys are removed (`clear_cache`), never the whole Redis database:
    under pytest-xdist the other workers share it."""
    from evaluations.figures import scorecards

    scorecards.clear_memo()
    clear_cache()


@pytest.fixture
def media_root(settings):
    """The throw-away MEDIA_ROOT (see `_media_in_tmp`) where the archive and the batch write."""
    return settings.MEDIA_ROOT


# The reference data.


def load_reference_data() -> None:
    call_command("loaddata", "provinces", "monev_2020", verbosity=0)


@pytest.fixture(scope="module")
def shared_reference_data(django_db_setup, django_db_blocker):
    """The reference data loaded once for a whole module, in a transaction rolled back after its
    last test; each test still runs in a savepoint of its own, so what it writes is undone.

    Only for modules whose every database test reads the reference data and none needs
    `transaction=True`: name it in the module's `pytestmark` (usefixtures). `reference_data`
    then loads nothing more.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def reference_data(request, db):
    """The provinces and the 2020 monitoring results of Maluku and Maluku Utara (September 2020,
    published)."""
    if "shared_reference_data" not in request.fixturenames:
        load_reference_data()


@pytest.fixture
def maluku_province(reference_data):
    """Maluku (81) of the reference data: 12 IPs."""
    from agencies.models import Province

    return Province.objects.get(code="81")


@pytest.fixture
def maluku_utara_province(reference_data):
    """Maluku Utara (82) of the reference data: 11 IPs."""
    from agencies.models import Province

    return Province.objects.get(code="82")


@pytest.fixture
def ambon(reference_data):
    """Kota Ambon (8171, Maluku) of the reference data; it holds an SK."""
    from agencies.models import Agency

    return Agency.objects.get(code="8171")


@pytest.fixture
def ternate(reference_data):
    """Kota Ternate (8271, Maluku Utara) of the reference data."""
    from agencies.models import Agency

    return Agency.objects.get(code="8271")


@pytest.fixture
def province_with_three_agencies(db):
    """No reference data: a lone province 81 "Maluku" with its government (81) and two
    kabupaten (8101, 8102), no decree, no evaluation."""
    province = make_province()
    make_agencies(province, 3)
    return province


# Users of each role, and clients logged in as them.


def make_user(username: str, group: str | None = None, **fields):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def viewer(db):
    """A dashboard reader: no staff, no group."""
    return make_user("pemantau")


@pytest.fixture
def staff_user(db):
    """Staff without group or permission: sees draft months on the dashboard."""
    return make_user("petugas", is_staff=True)


@pytest.fixture
def superuser(db):
    return make_user("super", is_staff=True, is_superuser=True)


@pytest.fixture
def evaluator(db):
    """A member of the evaluators' group (enters and publishes months)."""
    from agencies.scoping import EVALUATOR_GROUP

    return make_user("evaluator", EVALUATOR_GROUP, is_staff=True, first_name="Eva")


@pytest.fixture
def reopener(evaluator):
    """An evaluator who also holds the specific permission to reopen a published month."""
    evaluator.user_permissions.add(Permission.objects.get(codename="reopen_period"))
    return get_user_model().objects.get(pk=evaluator.pk)


@pytest.fixture
def coordinator(maluku_province):
    """A provincial coordinator of Maluku (reference data)."""
    from agencies.models import CoordinatorAssignment
    from agencies.scoping import COORDINATOR_GROUP

    user = make_user("koordinator", COORDINATOR_GROUP, is_staff=True)
    CoordinatorAssignment.objects.create(user=user, province=maluku_province)
    return user


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def evaluator_client(client, evaluator):
    client.force_login(evaluator)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# The whole country's register (tests of load_regions and of the demo data).


@pytest.fixture(scope="module")
def national_register_once(django_db_setup, django_db_blocker):
    """The 2020 reference data, then the whole country's register from idn-area-data, loaded once
    for a module in a transaction rolled back after its last test (as `shared_reference_data`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        call_command("load_regions", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def national_register(national_register_once, db):
    """The 2020 reference data, then the whole country's register from idn-area-data; each test
    runs in a savepoint of its own, so what it writes is undone after it."""
