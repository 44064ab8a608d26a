import pytest
from django.core.management import call_command
from django.db import transaction

from tests.conftest import load_reference_data


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
