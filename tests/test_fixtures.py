"""The fixtures/ folder's data files."""

from django.core.management import call_command

from agencies.models import Agency


def test_after_provinces_fixture_the_agency_register_is_empty(db):
    call_command("loaddata", "provinces", verbosity=0)
    assert Agency.objects.count() == 0
