"""`check --deploy` names the delivery settings a production server must set."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from evaluations.delivery.checks import delivery_settings


def test_deploy_check_warns_of_console_email_and_the_development_site_url(settings):
    settings.EMAIL_HOST = ""
    settings.LAPOR_SITE_URL = "http://127.0.0.1:8000"
    assert [warning.id for warning in delivery_settings(None)] == ["lapor.W101", "lapor.W102"]
    settings.EMAIL_HOST = "smtp.menpan.go.id"
    settings.LAPOR_SITE_URL = "https://lapor-monitor.menpan.go.id"
    assert delivery_settings(None) == []


def test_the_warnings_are_part_of_check_deploy(settings):
    settings.EMAIL_HOST = ""
    try:
        call_command("check", "--deploy", "--fail-level", "WARNING", verbosity=0)
    except SystemCheckError as error:
        assert "lapor.W101" in str(error)
    else:
        raise AssertionError("check --deploy passed without EMAIL_HOST")
