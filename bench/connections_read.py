"""Benchmark: server time of the daily list and the home figures for a 120-resident home.

Uses the generated history (``generate_connection_history``: 120 beds, 3 years, about 15 shares
a day per resident) and requests ``connections:today`` (who needs connection today) and
``connections:figures`` (the home's weekly figures) as a signed-in, two-factor-verified care
worker, through Django's full request stack (middleware, tenant scope, access door, rules,
template), in-process with Django's test client like ``resident_list.py``. Reports the median
and 95th percentile after a warm-up, and the queries each page makes.

Run it against a database with one such home and against one with fifty: the pages read only
roll-ups, so the figures should not grow with the size of the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonroom_bench make bench-read

Options: --homes N (homes the database should hold; generated if it has none, default 1),
--years (default 3), --requests N (default 100).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=1)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    os.environ["AXES_ENABLED"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    from commonroom.connections.models import MomentParticipant
    from commonroom.homes.models import Home

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        if not Home.objects.filter(slug=f"{PREFIX}-home-1").exists():
            call_command(
                "generate_connection_history", homes=args.homes, years=args.years, prefix=PREFIX
            )
        homes = Home.objects.count()
        home = Home.objects.get(slug=f"{PREFIX}-home-1")
        shares = MomentParticipant.objects.filter(home=home).count()
    client = _care_worker_client(home)
    print(
        f"database: {connection.vendor}; {homes} homes in the database; {home.slug} has "
        f"{shares:,} shares in its log"
    )
    for name in ("connections:today", "connections:figures"):
        _measure(client, name, home.slug, args.requests)


def _care_worker_client(home):  # type: ignore[no-untyped-def]
    from django.test import Client
    from django_scopes import scopes_disabled

    from bench.data import verify_two_factor
    from commonroom.accounts.models import User
    from commonroom.homes.models import Membership
    from commonroom.homes.roles import Role

    with scopes_disabled():
        user, _ = User.objects.get_or_create(
            email=f"reader@{home.slug}.invalid", defaults={"full_name": "Bench Reader"}
        )
        Membership.objects.get_or_create(home=home, user=user, role=Role.CARE_WORKER)
    client = Client()
    client.force_login(user)
    verify_two_factor(client, user)
    return client


def _measure(client, name: str, slug: str, requests: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.urls import reverse

    url = reverse(name, args=[slug])
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(10):
        client.get(url)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{name}: {len(queries)} queries; server time over {requests} requests: median "
        f"{statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
        f"({len(response.content) // 1024} KB)"
    )


if __name__ == "__main__":
    main()
