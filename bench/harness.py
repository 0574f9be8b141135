"""What the benchmarks share: Django set up against the bench database, a page timed through
the whole request stack, and gunicorn started and stopped as production runs it."""

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def start_django() -> None:
    """Settings from the environment; a SQLite file under var/bench/ unless DATABASE_URL says
    otherwise. Migrates the database. Sign-in lockout is off: the client signs in directly."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    if "DATABASE_URL" not in os.environ:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / 'bench.sqlite3'}"
    os.environ["AXES_ENABLED"] = "0"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class Timing:
    body: str
    queries: int
    median_ms: float
    p95_ms: float
    max_ms: float

    def line(self, what: str, requests: int) -> str:
        return (
            f"{what} server time over {requests} requests: median {self.median_ms:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms"
        )


def time_get(client: Any, url: str, requests: int, warm_up: int = 10) -> Timing:
    """Count the queries of one request, warm up, then time ``requests`` more."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    for _ in range(warm_up):
        client.get(url)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return Timing(
        body=response.content.decode(),
        queries=len(queries),
        median_ms=statistics.median(timings),
        p95_ms=timings[int(len(timings) * 0.95) - 1],
        max_ms=timings[-1],
    )


def start_gunicorn(
    app: str, *, port: int, workers: int, threads: int, secret_key: str
) -> subprocess.Popen:
    """gunicorn as production runs it (DEBUG off, gthread workers) serving `app`, once it
    answers on the loopback. Plain HTTP: in production TLS ends at the proxy in front."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--log-level=warning",
    ]
    # The command is this checkout's own gunicorn with fixed arguments.
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    sys.exit("gunicorn did not start within 30 s.")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
