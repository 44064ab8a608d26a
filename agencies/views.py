"""The one way an SK scan leaves the server: to a logged-in user who may see its agency."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from agencies.models import Decree
from agencies.scans import ALLOWED_SCANS, scan_type
from agencies.scoping import in_scope

# What a browser may do with a scan opened inline: show it, nothing else (no script, no form,
# no plugin, not embeddable), whatever the file turns out to hold.
SCAN_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


@login_required
def decree_scan(request, name: str):
    """The scan stored as `name`; 404 for a name no decree holds or an agency out of the user's
    provinces. PDF, JPEG and PNG (by content) are shown inline; anything else (a file stored
    before uploads were checked) is a download."""
    decree = Decree.objects.select_related("agency").filter(document=name).first()
    if decree is None or not in_scope(request.user, decree.agency.province_id):
        raise Http404(_("Pindaian tidak ditemukan."))
    try:
        file = decree.document.open("rb")
    except OSError:
        raise Http404(_("Pindaian tidak ditemukan.")) from None
    mime = scan_type(file)
    inline = mime in ALLOWED_SCANS
    filename = f"SK-{decree.agency.code}-{decree.pk}.{ALLOWED_SCANS.get(mime, 'bin')}"
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=filename,
        content_type=mime if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SCAN_CSP
    response["Cache-Control"] = "private, no-store"
    return response
