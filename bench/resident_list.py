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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=5)
    parser.add_argument("--residents", type=int, default=120)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from bench.harness import start_django, time_get

    start_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.data import build_homes, verify_two_factor

    home, user = build_homes(args.homes, args.residents)
    client = Client()
    client.force_login(user)
    verify_two_factor(client, user)
    url = reverse("residents:list", args=[home.slug])
    timing = time_get(client, url, args.requests)
    rows = timing.body.count('class="govuk-table__row cr-resident-row"')
    print(f"database: {connection.vendor}; homes: {args.homes} x {args.residents} residents")
    print(f"resident rows rendered: {rows}; queries per page: {timing.queries}")
    print(timing.line("resident list", args.requests))


if __name__ == "__main__":
    main()
