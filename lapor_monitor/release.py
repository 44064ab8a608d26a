"""The release: a hash of the code, templates and catalogues, the same on every app server
that runs the same checkout. Conditional requests' ETags and the shared cache's keys carry it,
so a deploy never serves a page (or a 304) made by the code it replaced."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What the release hash reads (relative to BASE_DIR), by suffix.
_RELEASE_DIRS = ("lapor_monitor", "agencies", "evaluations", "templates", "locale")
_RELEASE_SUFFIXES = {".py", ".html", ".mo", ".txt", ".css", ".js"}


@cache
def release() -> str:
    """A hash of the code, templates and catalogues (and the static manifest when collected),
    the same on every app server running the same release; read once per process."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in _RELEASE_DIRS:
        root = base / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in _RELEASE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]
