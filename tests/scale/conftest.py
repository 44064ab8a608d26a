import pytest
from django.core.management import call_command


@pytest.fixture
def national_register(reference_data):
    """The 2020 reference data, then the whole country's register from idn-area-data."""
    call_command("load_regions", verbosity=0)
