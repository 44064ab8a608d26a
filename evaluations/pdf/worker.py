"""The worker side of `generate_reports`: runs in processes started with "spawn", so nothing of
the parent (database sockets, threads, caches) is inherited. This module imports no model at
its top: the worker's initializer sets Django up first."""

import logging
import os
import time
from datetime import date


def init(database_name: str, media_root: str) -> None:
    """Set Django up in the worker, on the parent's database and media folder (in tests both
    differ from what the settings module reads from the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor_monitor.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = database_name
    settings.MEDIA_ROOT = media_root
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


class RevisionChanged(Exception):
    """The month was reopened (or published again) while its revision's report was rendered."""


def render_one(code: str | None, month: date, revision: int | None) -> tuple[str | None, str, bool, float]:
    """Render (or keep) one report and store it; returns (code, sha256, rendered now?, seconds).

    A published revision's report is stored only if the month is still that revision once it
    is rendered: a reopening in between could have let the drawing read draft data, and the
    archive of a revision is never written again (raises `RevisionChanged`). Revisions only
    grow, so the same revision before and after means the data read was that revision's.
    """
    from agencies.models import Province
    from evaluations.pdf import archive, document

    started = time.perf_counter()
    path = archive.archive_path(code, month, revision)
    if revision is not None:
        stored = archive.read_archive(code, month, revision)
        if stored is not None:
            return code, stored[1], False, time.perf_counter() - started
    if code is None:
        content = document.render_national_pdf(month=month)
    else:
        content = document.render_province_pdf(province=Province.objects.get(code=code), month=month)
    if revision is not None:
        now = archive.period_state(month)
        if not (now.is_published and now.revision == revision):
            raise RevisionChanged(f"{month:%Y-%m} is no longer revision {revision}; nothing stored")
    digest = archive.store(path, content)
    return code, digest, True, time.perf_counter() - started
