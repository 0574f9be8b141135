"""Benchmark: returning visitors signing in at the door tablet, 50 at once, through the real
kiosk pages served by gunicorn.

Builds (once) a realistic home: 120 residents, 800 visitors (a third of them in residents'
circles, each with one or two usual residents), a door tablet, a floor under a precautions-only
restriction and some weeks of visit history. Then starts gunicorn as production runs it (DEBUG
off, gthread workers) and runs concurrent keep-alive clients. Each client owns its own visitors
and repeats what a visitor does at the door: the "Who are you visiting today?" form is posted
(their usual residents ticked) — that POST is the sign-in that is timed — and then they sign
out (timed separately). The CSRF cookie and token come from one GET per client, as a browser's.

Reports, for sign-in and for sign-out, the median and 95th percentile of the server time (all
of Django's handling of the request, measured around the WSGI application, and the kiosk view's
share of it, both from Server-Timing headers) and of the round trip as the client on the same
machine sees it (which adds the wait for a free worker); requests per second and errors; and
checks in the database that every visit has exactly one moment in the connection log.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_signin make bench-signin

Options: --clients 50, --seconds 20, --warmup 5, --workers 2, --threads 1 (one process per core
of a 2-core machine: more threads only queue inside the server and inflate its time).
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import start_gunicorn, stop_gunicorn  # noqa: E402  (after the path is set)

SLUG = "bench-signin-home"
RESIDENTS = 120
VISITORS = 800
HISTORY_DAYS = 28


@dataclass
class Client:
    visitors: list[tuple[str, list[str]]]
    """(visitor code, their usual residents' codes)."""
    cookie: str = ""
    csrf: str = ""


@dataclass
class Outcome:
    started: float
    seconds: float
    status: int
    kind: str
    server_ms: tuple[float, float] = (0.0, 0.0)


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this benchmark is for PostgreSQL).")
    # The tablet's secret is a keyed digest: the bench and the server must share the key.
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(ROOT / "var" / "bench-static"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Static addresses come from the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    token, visitors = _home(args)
    clients = _clients(args, visitors)
    server = start_gunicorn(
        "bench.visiting_signin:wsgi_app()",
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        secret_key=os.environ["DJANGO_SECRET_KEY"],
    )
    since = dt.datetime.now(dt.UTC)
    try:
        run = asyncio.run(_load(args, token, clients))
    finally:
        stop_gunicorn(server)
    _report(args, run, since)


def wsgi_app() -> object:
    """The production WSGI application for gunicorn (DEBUG off, the collectstatic manifest
    built in main), wrapped to say how long Django took over each request from the moment
    gunicorn handed it over until the response was ready: every middleware, the session, the
    tablet lookup, the view and the page. It goes out as Server-Timing "app"."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    from django.core.wsgi import get_wsgi_application

    django_app = get_wsgi_application()

    def timed(environ: dict, start_response: Any) -> Any:
        started = time.perf_counter()

        def start(status: str, headers: list, exc_info: Any = None) -> Any:
            took = (time.perf_counter() - started) * 1000
            headers.append(("Server-Timing", f"app;dur={took:.1f}"))
            return start_response(status, headers, exc_info)

        return django_app(environ, start)

    return timed


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8766)
    return parser.parse_args()


def _home(args: argparse.Namespace) -> tuple[str, list[tuple[str, list[str]]]]:
    """The bench home (made the first time), a fresh door tablet, and every visitor with their
    usual residents. Anyone left in the building by an earlier run is signed out first."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from commonroom.homes.models import Home
    from commonroom.visiting.models import Visit, Visitor
    from commonroom.visiting.services.kiosks import create_kiosk

    with scopes_disabled():
        home = Home.objects.filter(slug=SLUG).first() or _build_home()
        Visit.objects.filter(home=home, signed_out_at__isnull=True).update(
            signed_out_at=timezone.now()
        )
        _kiosk, token = create_kiosk(home, name=f"Bench {time.time():.0f}", actor=None)
        visitors = []
        usual = Visitor.usual_residents.through.objects.filter(visitor__home=home).values_list(
            "visitor__code", "resident__code"
        )
        by_visitor: dict[str, list[str]] = {}
        for visitor_code, resident_code in usual:
            by_visitor.setdefault(str(visitor_code), []).append(str(resident_code))
        for code in Visitor.objects.filter(home=home).values_list("code", flat=True):
            visitors.append((str(code), by_visitor.get(str(code), [])))
    return token, [v for v in visitors if v[1]]


def _build_home() -> "object":
    from django.utils import timezone

    from commonroom.circle.models import Contact, SupportRole
    from commonroom.homes.models import Home, Organisation
    from commonroom.residents.models import Resident
    from commonroom.visiting.models import Restriction, RestrictionResident, Visit, Visitor

    print("Building the bench home (120 residents, 800 visitors, 4 weeks of visits)...")
    rng = random.Random(7)
    organisation = Organisation.objects.create(name="Bench Care")
    home = Home.objects.create(
        organisation=organisation, name="Bench Sign-in House", slug=SLUG, nation="scotland"
    )
    first = ["Ann", "Bob", "Cath", "Dev", "Eilidh", "Fraser", "Gita", "Hamish", "Isla", "Jon"]
    last = ["Smith", "Brown", "Wilson", "Campbell", "Stewart", "Macdonald", "Khan", "Reid"]
    residents = Resident.objects.bulk_create(
        Resident(
            home=home,
            organisation=organisation,
            full_name=f"{rng.choice(first)} {rng.choice(last)} {n}",
            preferred_name=f"{rng.choice(first)}{n}",
            room=str(n + 1),
            admission_date=dt.date(2024, 1, 1),
            status_since=dt.date(2024, 1, 1),
        )
        for n in range(RESIDENTS)
    )
    contacts = []
    for n, resident in enumerate(residents):
        for k in range(2):
            contacts.append(
                Contact(
                    home=home,
                    organisation=organisation,
                    resident=resident,
                    name=f"{rng.choice(first)} {rng.choice(last)}-{n}-{k}",
                    relationship="child",
                    support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER if k == 0 else "visitor",
                )
            )
    contacts = Contact.objects.bulk_create(contacts)
    visitors = Visitor.objects.bulk_create(
        Visitor(
            home=home,
            organisation=organisation,
            name=contacts[n].name if n < len(contacts) else f"{rng.choice(first)} Visitor {n}",
            contact=contacts[n] if n < len(contacts) else None,
        )
        for n in range(VISITORS)
    )
    through = Visitor.usual_residents.through
    links = []
    for n, visitor in enumerate(visitors):
        own = contacts[n].resident if n < len(contacts) else rng.choice(residents)
        chosen = {own.pk} | ({rng.choice(residents).pk} if rng.random() < 0.2 else set())
        links += [through(visitor_id=visitor.pk, resident_id=pk) for pk in chosen]
    through.objects.bulk_create(links)
    now = timezone.now()
    restriction = Restriction.objects.create(
        home=home,
        organisation=organisation,
        title="Cough on the first floor",
        scope=Restriction.Scope.AREA,
        area_name="First floor",
        level=Restriction.Level.PRECAUTIONS,
        risk="Coughs.",
        risk_assessment="Assessed.",
        precautions="Please wear a mask on the first floor.",
        alternatives_considered="None needed.",
        consulted="Residents and families.",
        contact_name="The manager",
        contact_details="01234 567890",
        started_at=now - dt.timedelta(days=2),
        next_review_on=(now + dt.timedelta(days=5)).date(),
    )
    RestrictionResident.objects.bulk_create(
        RestrictionResident(
            home=home, organisation=organisation, restriction=restriction, resident=r
        )
        for r in residents[:20]
    )
    history = []
    for _ in range(HISTORY_DAYS * 40):
        start = now - dt.timedelta(days=rng.randint(1, HISTORY_DAYS), minutes=rng.randint(0, 600))
        history.append(
            Visit(
                home=home,
                organisation=organisation,
                visitor=rng.choice(visitors),
                signed_in_at=start,
                signed_out_at=start + dt.timedelta(minutes=rng.randint(15, 120)),
            )
        )
    Visit.objects.bulk_create(history)
    visit_links = [
        Visit.residents.through(visit_id=v.pk, resident_id=rng.choice(residents).pk)
        for v in history
    ]
    Visit.residents.through.objects.bulk_create(visit_links)
    return home


def _clients(args: argparse.Namespace, visitors: list[tuple[str, list[str]]]) -> list[Client]:
    rng = random.Random(11)
    rng.shuffle(visitors)
    share = max(1, len(visitors) // args.clients)
    return [Client(visitors[n * share : (n + 1) * share]) for n in range(args.clients)]


async def _load(args: argparse.Namespace, token: str, clients: list[Client]) -> Run:
    run = Run()
    stop = time.monotonic() + args.warmup + args.seconds
    await asyncio.gather(*(_loop(args, token, c, n, stop, run) for n, c in enumerate(clients)))
    return run


async def _loop(
    args: argparse.Namespace, token: str, client: Client, number: int, stop: float, run: Run
) -> None:
    rng = random.Random(number)
    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    # Like a browser: the first page gives the CSRF cookie, each form carries its token.
    status, headers, body = await _request(reader, writer, "GET", f"/kiosk/{token}/in/", client)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or cookie is None or found is None:
        raise SystemExit(f"Could not open the door tablet page ({status}).")
    client.cookie, client.csrf = cookie.group(1), found.group(1)
    while time.monotonic() < stop:
        visitor, usual = rng.choice(client.visitors)
        form = [("csrfmiddlewaretoken", client.csrf), ("party_size", "1")]
        form += [("residents", code) for code in usual]
        started = time.monotonic()
        status, headers, page = await _request(
            reader, writer, "POST", f"/kiosk/{token}/in/{visitor}/", client, urlencode(form)
        )
        signed_in = status == 200 and "You are signed in at" in page
        run.outcomes.append(
            Outcome(
                started,
                time.monotonic() - started,
                status if signed_in else -status,
                "in",
                _server_ms(headers),
            )
        )
        code = await _open_visit(visitor)
        if code:
            started = time.monotonic()
            status, out_headers, _p = await _request(
                reader,
                writer,
                "POST",
                f"/kiosk/{token}/out/{code}/",
                client,
                urlencode([("csrfmiddlewaretoken", client.csrf)]),
            )
            run.outcomes.append(
                Outcome(started, time.monotonic() - started, status, "out", _server_ms(out_headers))
            )
    writer.close()


def _server_ms(headers: dict[str, str]) -> tuple[float, float]:
    """(Django's whole handling, the kiosk view alone) from the Server-Timing headers."""
    timing = headers.get("server-timing", "")
    app = re.search(r"app;dur=([0-9.]+)", timing)
    view = re.search(r"view;dur=([0-9.]+)", timing)
    return (float(app.group(1)) if app else 0.0, float(view.group(1)) if view else 0.0)


async def _open_visit(visitor: str) -> str:
    """The visitor's open visit, from the database (the bench knows who it signed in)."""

    def lookup() -> str:
        from django.db import connection
        from django_scopes import scopes_disabled

        from commonroom.visiting.models import Visit

        with scopes_disabled():
            code = (
                Visit.objects.filter(visitor__code=visitor, signed_out_at__isnull=True)
                .values_list("code", flat=True)
                .first()
            )
        connection.close()
        return str(code) if code else ""

    return await asyncio.to_thread(lookup)


async def _request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    method: str,
    target: str,
    client: Client,
    body: str = "",
) -> tuple[int, dict[str, str], str]:
    data = body.encode()
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if client.cookie:
        head += f"Cookie: csrftoken={client.cookie}\r\n"
    if method == "POST":
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    writer.write(head.encode() + data)
    await writer.drain()
    status_line = await reader.readline()
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        key = name.strip().lower()
        headers[key] = (headers.get(key, "") + "; " + value.strip()).strip("; ")
    length = int(headers.get("content-length", "0") or 0)
    content = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), headers, content.decode(errors="replace")


def _report(args: argparse.Namespace, run: Run, since: dt.datetime) -> None:
    from django.db import connection
    from django_scopes import scopes_disabled

    from commonroom.connections.models import Moment
    from commonroom.visiting.models import Visit

    begin = min(o.started for o in run.outcomes) + args.warmup
    measured = [o for o in run.outcomes if o.started >= begin]
    for kind, label in (("in", "sign-in (POST who you are visiting)"), ("out", "sign-out")):
        rows = [o for o in measured if o.kind == kind]
        good = [o for o in rows if o.status == 200]
        ok = sorted(o.seconds * 1000 for o in good)
        server = sorted(o.server_ms[0] for o in good)
        view = sorted(o.server_ms[1] for o in good)
        errors = len(rows) - len(ok)
        if not ok:
            print(f"{label}: no successful requests ({errors} errors)")
            continue

        def pct(values: list[float], p: float) -> float:
            return values[min(len(values) - 1, int(len(values) * p))]

        print(
            f"{label}: {len(ok)} in {args.seconds:.0f} s = {len(ok) / args.seconds:.0f}/s, "
            f"{errors} errors\n"
            f"  server time (all of Django: middleware, session, view, page): p50 "
            f"{statistics.median(server):.1f} ms, p95 {pct(server, 0.95):.1f} ms\n"
            f"  of which the kiosk view: p50 {statistics.median(view):.1f} ms, "
            f"p95 {pct(view, 0.95):.1f} ms\n"
            f"  round trip seen by the client (with queueing): p50 {statistics.median(ok):.1f} "
            f"ms, p95 {pct(ok, 0.95):.1f} ms, max {ok[-1]:.1f} ms"
        )
    with scopes_disabled():
        visits = Visit.objects.filter(home__slug=SLUG, kiosk__isnull=False, signed_in_at__gte=since)
        keys = [f"visit:{code}:out" for code in visits.values_list("code", flat=True)]
        stored = Moment.objects.filter(home__slug=SLUG, idempotency_key__in=keys).count()
        open_keys = [f"visit:{code}" for code in visits.values_list("code", flat=True)]
        open_moments = Moment.objects.filter(home__slug=SLUG, idempotency_key__in=open_keys)
        still_in = visits.filter(signed_out_at__isnull=True).count()
    print(
        f"database: {connection.vendor}; gunicorn {args.workers} workers x {args.threads} threads; "
        f"{args.clients} clients"
    )
    print(
        f"connection log: {stored} final visit moments for {len(keys) - still_in} signed-out "
        f"tablet visits; {open_moments.count()} open-visit moments for {still_in} still in"
    )


if __name__ == "__main__":
    main()
