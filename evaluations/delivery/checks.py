"""`manage.py check --deploy` warnings for delivery settings that a production server would
otherwise get wrong silently: emails printed on the console, links pointing at 127.0.0.1."""

from django.conf import settings
from django.core.checks import Warning, register

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


@register(deploy=True)
def delivery_settings(app_configs, **kwargs):
    problems = []
    if not settings.EMAIL_HOST:
        problems.append(
            Warning(
                "EMAIL_HOST is not set: subscription emails are printed on the worker's console, "
                "not sent, yet shown as sent on the close page.",
                hint="Set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL.",
                id="lapor.W101",
            )
        )
    if settings.LAPOR_SITE_URL == DEVELOPMENT_SITE_URL:
        problems.append(
            Warning(
                "LAPOR_SITE_URL is the development address: the unsubscribe and PDF links of "
                "subscription emails would point at 127.0.0.1.",
                hint="Set LAPOR_SITE_URL to the site's public address, e.g. https://lapor-monitor.menpan.go.id.",
                id="lapor.W102",
            )
        )
    return problems
