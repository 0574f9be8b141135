"""What the page benchmarks share: Django set up against the bench database, and a page timed
through the whole request stack."""

import os
import statistics
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
