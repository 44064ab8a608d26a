"""gunicorn settings for LAPOR! Monitor (`make serve`; see docs/deploy.md). Each value can be
overridden by the environment, e.g. GUNICORN_WORKERS=4."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# Import Django (and its apps) once in the master: workers fork ready and answer their first
# request without paying the import time.
preload_app = True
worker_tmp_dir = "/dev/shm"
accesslog = "-"
errorlog = "-"
wsgi_app = "lapor_monitor.wsgi:application"


def post_fork(server, worker):
    # Connections opened while preloading must not be shared between workers.
    from django.db import connections

    connections.close_all()
