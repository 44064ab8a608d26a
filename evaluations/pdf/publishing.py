"""Rendering a revision's PDFs when it is published, off the request: after the publishing
transaction commits, `generate_reports YYYY-MM` runs in a process of its own (the national
PDF, one per province and the ZIP, archived under the revision's folder). Running it twice
does no harm: what is archived is kept as it is.

`LAPOR_RENDER_ON_PUBLISH` (default on) switches it; the tests switch it off and render the
reports they need with `pdf.worker.render_one`, as the batch does.
"""

import logging
import subprocess
import sys
from datetime import date

from django.conf import settings
from django.db import transaction

from evaluations.periods import format_period

logger = logging.getLogger(__name__)


def render_after_commit(month: date, revision: int) -> None:
    if not getattr(settings, "LAPOR_RENDER_ON_PUBLISH", True):
        return
    transaction.on_commit(lambda: _start(month, revision))


def _start(month: date, revision: int) -> None:
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "generate_reports", format_period(month)]
    try:
        subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            command,
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        # The PDFs are then rendered on their first request, as before publication.
        logger.exception("Could not start rendering the PDFs of %s revision %s", month, revision)
