"""Benchmark: logging moments through the real HTTP API, 50 clients at once, on PostgreSQL.

Starts gunicorn as production runs it (README, "Production deployment"; DEBUG off, gthread
workers) against a PostgreSQL database that holds years of generated history, then drives
``POST /api/v1/homes/<home>/moments`` with concurrent keep-alive clients for a sustained period
after a warm-up. Each client is a care worker with an API token of their own, in one of several
homes, logging one-to-ones, group activities and meals for that home's residents. Some requests
deliberately resend an idempotency key already sent (a retry or a double tap).

Reports entries per second, latency percentiles and errors, then checks in the database that
every key is stored exactly once, with its shares and one audit entry per person.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonroom_bench make bench-log

Options: --clients 50, --seconds 30, --warmup 5, --workers 3, --threads 8, --homes 10 (homes the
clients log in), --replays 0.05 (share of moments that resend a key). --batch N sends N moments a
call to ``POST …/moments/batch`` (what a phone does with the entries it kept offline) instead of
one a call. --rate R paces the clients to R entries per second between them (each call starts on
its schedule, and its latency is counted from that scheduled start, so a slow answer that holds
up the next call is counted against the server); without it every client sends as fast as its
answers come back. When the database has no
generated history yet, it first makes --history-homes homes (default 5) of 120 residents over
--history-years years (default 1) with ``generate_connection_history``.
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import start_gunicorn, stop_gunicorn  # noqa: E402  (after the path is set)

PREFIX = "bench"
"""The generated homes are bench-home-1 … (shared with connections_read.py)."""


@dataclass
class Client:
    """One care worker logging in one home, and what they may name in a moment."""

    secret: str
    home: str
    residents: list[str]
    staff: list[str]
    sent: list[tuple[dict, str]] = field(default_factory=list)
    """Bodies already stored, with their keys, for deliberate replays."""


@dataclass
class Entry:
    """One moment sent, and what the server said of it."""

    key: str
    status: int
    replay: bool
    code: str = ""


@dataclass
class Outcome:
    """One call: when it was due, how long until its answer, and each moment it carried."""

    started: float
    seconds: float
    status: int
    entries: list[Entry]


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonroom.settings")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this benchmark is for PostgreSQL).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _ensure_history(args)
    run = uuid.uuid4().hex[:8]
    clients = _clients(args, run)
    server = start_gunicorn(
        "commonroom.wsgi",
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        secret_key="bench-" + "x" * 50,
    )
    try:
        outcomes = asyncio.run(_load(args, clients, run))
        baseline = asyncio.run(_baseline(args, clients)) if args.baseline else []
    finally:
        stop_gunicorn(server)
    measured_from = min(o.started for o in outcomes) + args.warmup
    _report(args, outcomes, [o for o in outcomes if o.started >= measured_from], run)
    if baseline:
        _report_baseline(args, baseline)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--homes", type=int, default=10)
    parser.add_argument("--replays", type=float, default=0.05)
    parser.add_argument("--batch", type=int, default=0, help="Moments a call, through /batch.")
    parser.add_argument("--rate", type=float, default=0.0, help="Entries/s for all clients.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--baseline",
        type=float,
        default=10.0,
        help="Seconds of GET /api/v1/homes afterwards, on the same server, for comparison.",
    )
    parser.add_argument("--history-homes", type=int, default=5)
    parser.add_argument("--history-years", type=float, default=1.0)
    return parser.parse_args()


def _ensure_history(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from commonroom.homes.models import Home

    if not Home.objects.filter(slug=f"{PREFIX}-home-1").exists():
        print(f"No generated history yet: making {args.history_homes} homes first.")
        call_command(
            "generate_connection_history",
            homes=args.history_homes,
            years=args.history_years,
            prefix=PREFIX,
        )


def _clients(args: argparse.Namespace, run: str) -> list[Client]:
    """A care worker with a two-factor token for each client, spread over the first homes."""
    from django_scopes import scopes_disabled

    from commonroom.accounts.models import User
    from commonroom.api.services.tokens import issue_token
    from commonroom.homes.models import Home, Membership
    from commonroom.homes.roles import Role
    from commonroom.residents.models import Resident

    clients = []
    with scopes_disabled():
        homes = list(Home.objects.filter(slug__startswith=f"{PREFIX}-home-").order_by("pk"))
        homes = homes[: args.homes]
        for n in range(args.clients):
            home = homes[n % len(homes)]
            user = User.objects.create_user(f"logger-{run}-{n}@bench.invalid", None)
            Membership.objects.create(home=home, user=user, role=Role.CARE_WORKER)
            _token, secret = issue_token(user, name="log benchmark", two_factor_verified=True)
            residents = Resident.objects.filter(home=home).current().values_list("code", flat=True)
            staff = Membership.objects.active().filter(home=home, role=Role.CARE_WORKER)
            clients.append(
                Client(
                    secret=secret,
                    home=home.slug,
                    residents=[str(code) for code in residents],
                    staff=[str(code) for code in staff.values_list("code", flat=True)],
                )
            )
    return clients


def _payload(client: Client, rng: random.Random, key: str) -> dict:
    kind = rng.random()
    people = client.residents
    body: dict = {"kind": "one_to_one", "minutes": rng.randrange(10, 40), "engagement": 3}
    if kind < 0.55:
        body["residents"] = [rng.choice(people)]
        if client.staff:
            body |= {"with_type": "staff", "with_code": rng.choice(client.staff)}
    elif kind < 0.85:
        body |= {
            "kind": "activity",
            "residents": rng.sample(people, min(len(people), rng.randint(3, 12))),
        }
    else:
        body |= {
            "kind": "meal",
            "residents": rng.sample(people, min(len(people), rng.randint(2, 6))),
        }
    body["occurred_at"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() - 600))
    body["idempotency_key"] = key
    return body


async def _load(args: argparse.Namespace, clients: list[Client], run: str) -> list[Outcome]:
    """Every request of the run, warm-up included."""
    stop = time.monotonic() + args.warmup + args.seconds
    results: list[Outcome] = []
    await asyncio.gather(
        *(_client_loop(args, c, i, run, stop, results) for i, c in enumerate(clients))
    )
    return results


async def _client_loop(
    args: argparse.Namespace,
    client: Client,
    number: int,
    run: str,
    stop: float,
    results: list[Outcome],
) -> None:
    rng = random.Random(number)
    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    per_call = max(args.batch, 1)
    interval = args.clients * per_call / args.rate if args.rate else 0.0
    # Spread the clients' first calls over one interval, so they do not all start at once.
    due = time.monotonic() + interval * rng.random()
    n = 0
    while due < stop:
        if interval:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
        else:
            due = time.monotonic()
        bodies: list[tuple[dict, str, bool]] = []
        for _ in range(per_call):
            if client.sent and rng.random() < args.replays:
                body, key = rng.choice(client.sent)
                bodies.append((body, key, True))
            else:
                n += 1
                key = f"bench-{run}-{number}-{n}"
                bodies.append((_payload(client, rng, key), key, False))
        if args.batch:
            payload, path = {"moments": [body for body, _k, _r in bodies]}, "/moments/batch"
        else:
            payload, path = bodies[0][0], "/moments"
        data = json.dumps(payload).encode()
        try:
            status, answer = await _request(reader, writer, client, data, path=path)
        except (ConnectionError, asyncio.IncompleteReadError):
            # The server closed an idle keep-alive connection (paced clients wait between
            # calls): open another and send the same moments again, as a phone would; their
            # keys make that safe.
            reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
            try:
                status, answer = await _request(reader, writer, client, data, path=path)
            except (ConnectionError, asyncio.IncompleteReadError):
                reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
                entries = [Entry(key, 0, replay) for _b, key, replay in bodies]
                results.append(Outcome(due, time.monotonic() - due, 0, entries))
                due += interval
                continue
        answers = answer.get("results", []) if args.batch and status == 200 else [answer]
        entries = []
        for (body, key, replay), item in zip(bodies, answers, strict=False):
            item_status = item.get("status", status) if args.batch else status
            code = (
                (item.get("moment") or {}).get("code", "") if args.batch else item.get("code", "")
            )
            entries.append(Entry(key, item_status, replay, code))
            if not replay and item_status == 201:
                client.sent.append((body, key))
        if len(entries) < len(bodies):
            entries += [Entry(key, status, replay) for _b, key, replay in bodies[len(entries) :]]
        results.append(Outcome(due, time.monotonic() - due, status, entries))
        due += interval
    writer.close()


async def _baseline(args: argparse.Namespace, clients: list[Client]) -> list[float]:
    """Latencies of the cheapest authenticated call (token check, one query, JSON), made by
    the same clients on the same server: the floor under any API request on this machine."""
    stop = time.monotonic() + args.baseline
    latencies: list[float] = []

    async def loop(client: Client) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
        while time.monotonic() < stop:
            started = time.monotonic()
            status, _answer = await _request(reader, writer, client, b"", method="GET", path="")
            if status == 200:
                latencies.append(time.monotonic() - started)
        writer.close()

    await asyncio.gather(*(loop(client) for client in clients))
    return latencies


async def _request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    client: Client,
    body: bytes,
    method: str = "POST",
    path: str = "/moments",
) -> tuple[int, dict]:
    target = f"/api/v1/homes/{client.home}{path}" if path else "/api/v1/homes"
    head = (
        f"{method} {target} HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\n"
        f"Authorization: Bearer {client.secret}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("the server closed the connection")
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    content = await reader.readexactly(length) if length else b""
    status = int(status_line.split()[1])
    try:
        return status, json.loads(content) if content else {}
    except ValueError:
        return status, {}


def _report(
    args: argparse.Namespace, everything: list[Outcome], outcomes: list[Outcome], run: str
) -> None:
    from django.db import connection

    latencies = sorted(o.seconds * 1000 for o in outcomes)
    entries = [e for o in outcomes for e in o.entries]
    ok = [e for e in entries if e.status in (200, 201)]
    replays = [e for e in entries if e.replay]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    print(
        f"database: {connection.vendor}; gunicorn {args.workers} workers x {args.threads} threads"
    )
    shape = f"{args.batch} moments a call to /moments/batch" if args.batch else "one moment a call"
    pace = f"paced at {args.rate:.0f} entries/s" if args.rate else "each as fast as answered"
    print(f"{args.clients} clients, {shape}, {pace}")
    print(
        f"{args.seconds:.0f} s after {args.warmup:.0f} s warm-up: {len(outcomes)} calls, "
        f"{len(entries)} entries ({len(replays)} deliberate replays), "
        f"{len(entries) - len(ok)} entries not stored {_statuses(entries)}"
    )
    # From the first call measured being due to the last one answered: when the server falls
    # behind a paced load, the calls still waiting at the end stretch this beyond --seconds.
    span = max(o.started + o.seconds for o in outcomes) - min(o.started for o in outcomes)
    print(
        f"throughput: {len(ok) / span:.0f} entries/s over {span:.1f} s "
        f"({sum(e.status == 201 for e in entries) / span:.0f} new moments/s, "
        f"{len(outcomes) / span:.0f} calls/s)"
    )
    print(
        f"latency of a call: p50 {statistics.median(latencies):.1f} ms, p95 {pct(0.95):.1f} ms, "
        f"p99 {pct(0.99):.1f} ms, max {latencies[-1]:.1f} ms"
    )
    print(_exactly_once(everything, run))


def _report_baseline(args: argparse.Namespace, latencies: list[float]) -> None:
    latencies = sorted(seconds * 1000 for seconds in latencies)
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(
        f"baseline, GET /api/v1/homes on the same server: {len(latencies) / args.baseline:.0f} "
        f"requests/s, p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms"
    )


def _statuses(entries: list[Entry]) -> str:
    counts: dict[int, int] = {}
    for e in entries:
        if e.status not in (200, 201):
            counts[e.status] = counts.get(e.status, 0) + 1
    return str(counts) if counts else ""


def _exactly_once(everything: list[Outcome], run: str) -> str:
    """Each key answered 201 once is one stored moment; replays got that same moment back."""
    from django_scopes import scopes_disabled

    from commonroom.audit.models import AuditEntry
    from commonroom.connections.models import Moment, MomentParticipant

    with scopes_disabled():
        moments = Moment.objects.filter(idempotency_key__startswith=f"bench-{run}-")
        stored = dict(moments.values_list("idempotency_key", "code"))
        shares = MomentParticipant.objects.filter(moment__in=moments).count()
        audit = AuditEntry.objects.filter(object_code__in=moments.values("code")).count()
    sent = [e for o in everything for e in o.entries]
    created = {e.key: e.code for e in sent if e.status == 201}
    answered = [e for e in sent if e.status in (200, 201)]
    same = all(str(stored.get(e.key)) == e.code for e in answered)
    verdict = (
        "yes"
        if len(created) == len(stored) == sum(e.status == 201 for e in sent) and same
        else "NO"
    )
    return (
        f"exactly once: {verdict} ({len(stored)} moments stored for {len(created)} keys answered "
        f"201, {sum(e.replay for e in answered)} replays answered 200 with the first moment; "
        f"{shares} shares, {audit} audit entries)"
    )


if __name__ == "__main__":
    main()
