"""Benchmark: server time of the resident list for a 120-resident home.

Builds (once) a database with N homes of 120 residents each, with the data a real home has on
that page (contacts, interests, consent, plans, assistive technology, About me), then requests
the resident list as a signed-in, two-factor-verified care worker through Django's full request
stack (middleware, tenant scope, template) and reports the median and 95th percentile.

    make bench                                  # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonroom_bench make bench

Options: --homes N (default 5), --requests N (default 200).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=5)
    parser.add_argument("--residents", type=int, default=120)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    if "DATABASE_URL" not in os.environ:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / 'bench.sqlite3'}"
    os.environ["AXES_ENABLED"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.data import build_homes

    call_command("migrate", verbosity=0)
    home, user = build_homes(args.homes, args.residents)
    client = Client()
    client.force_login(user)
    from bench.data import verify_two_factor

    verify_two_factor(client, user)
    url = reverse("residents:list", args=[home.slug])

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    rows = response.content.decode().count('class="govuk-table__row cr-resident-row"')

    for _ in range(10):
        client.get(url)
    timings = []
    for _ in range(args.requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"database: {connection.vendor}; homes: {args.homes} x {args.residents} residents")
    print(f"resident rows rendered: {rows}; queries per page: {len(queries)}")
    print(
        f"resident list server time over {args.requests} requests: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
