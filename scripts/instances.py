"""App servers for `make bench` and `make loadtest`: gunicorn instances on loopback ports, each
with the environment of this process plus the given variables, and the Redis of scripts/redis.sh."""

import os
import signal
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def redis_url() -> str:
    """The URL of our Redis instance (started if it is not running)."""
    return subprocess.run(
        [str(ROOT / "scripts/redis.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()


def start_gunicorn(ports, workers: int, **env: str) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env={**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for port in ports
    ]


def stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        server.wait(timeout=30)
