"""Generated history (benchmarks, demo) and rebuilding roll-ups from the log, on small sizes."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from commonroom.connections.generator import (
    ContactPlan,
    HistoryConfig,
    HomePlan,
    ResidentPlan,
    StaffPlan,
    generate_history,
    simulate,
)
from commonroom.connections.management.progress import ProgressBar
from commonroom.connections.models import (
    DailyConnection,
    Moment,
    MomentParticipant,
    RebuildJob,
)
from commonroom.connections.services.moments import domain_for
from commonroom.connections.services.rebuild import rebuild_home, run_job
from commonroom.connections.services.rollups import apply_moment
from commonroom.homes.models import Home, Membership
from commonroom.residents.models import Resident, StatusChange

from .rollup_support import rollup_snapshot

END = dt.date(2026, 3, 1)


def small(**overrides: object) -> HistoryConfig:
    values: dict = {"homes": 1, "residents": 10, "years": 0.25, "per_day": 6.0, "end": END}
    values.update(overrides)
    return HistoryConfig(**values)


def plan() -> HomePlan:
    start = END - dt.timedelta(days=27)
    daughter = ContactPlan(id=501, visit_every=3.5, call_every=7, weekday=2)
    people = [
        ResidentPlan(id=1, stays=((start, END),), friends=(2,), contacts=(daughter,)),
        ResidentPlan(id=2, stays=((start, END),), friends=(1,), table=0),
        ResidentPlan(id=3, stays=((start + dt.timedelta(days=14), END),), sociability=0.2),
        ResidentPlan(id=4, stays=((start, END - dt.timedelta(days=10)),), decline=0.5),
    ]
    carers = [StaffPlan(membership=70 + n, user=80 + n, start=start) for n in range(3)]
    return HomePlan(residents=people, carers=carers, volunteers=[StaffPlan(90, 91, start)])


def run(seed: str) -> list:
    return list(simulate(plan(), END - dt.timedelta(days=27), END, per_day=15, seed=seed))


def test_the_same_seed_gives_the_same_days() -> None:
    assert run("7") == run("7")
    assert run("7") != run("8")


def test_nobody_has_moments_outside_their_stay() -> None:
    first_day_of_3 = END - dt.timedelta(days=13)
    last_day_of_4 = END - dt.timedelta(days=10)
    for row in run("1"):
        if 3 in row.residents:
            assert row.day >= first_day_of_3
        if 4 in row.residents:
            assert row.day <= last_day_of_4


def test_a_simulated_home_has_every_kind_of_moment_and_answer() -> None:
    rows = run("2")
    kinds = Counter(row.kind for row in rows)
    assert {"meal", "activity", "one_to_one", "visit", "phone", "faith", "outing"} <= set(kinds)
    sizes = {len(row.residents) for row in rows if row.kind == "activity" and not row.with_type}
    assert 1 not in sizes and max(sizes) >= 3
    answers = Counter(e for row in rows for e in row.engagements)
    assert answers[0] > 0 and answers[1] > 0 and answers[4] > 0 and answers[None] > 0
    # The daughter who comes twice a week comes on her days (Wednesday and Saturday).
    visits = {row.day.weekday() for row in rows if row.kind == "visit"}
    assert visits <= {2, 5} and visits


def test_every_domain_is_the_one_the_write_path_would_choose() -> None:
    for row in run("3"):
        assert row.domain == domain_for(row.with_type, row.kind), row


def test_the_daily_rate_follows_per_day() -> None:
    plan_ = plan()
    start = END - dt.timedelta(days=27)
    for per_day in (5, 15):
        rows = list(simulate(plan_, start, END, per_day=per_day, seed="4"))
        shares = sum(len(row.residents) for row in rows)
        resident_days = len({(r, row.day) for row in rows for r in row.residents})
        assert per_day * 0.7 < shares / resident_days < per_day * 1.3


@pytest.mark.django_db
def test_generated_history_is_stored_with_people_who_come_and_go() -> None:
    (home,) = generate_history(small(residents=12, years=1.0, per_day=3.0))

    residents = Resident.objects.filter(home=home)
    assert residents.count() > 12
    assert {"died", "moved_out"} & set(residents.values_list("status", flat=True))
    assert StatusChange.objects.filter(home=home, status="in_hospital").exists()
    assert Membership.objects.filter(home=home, ended_at__isnull=False).exists()
    assert Moment.objects.filter(home=home).count() > 1000
    shares = MomentParticipant.objects.filter(home=home)
    assert shares.count() == sum(Moment.objects.values_list("participant_count", flat=True))
    # Nobody has a share after they left.
    left = residents.filter(status__in=["died", "moved_out"])
    for resident in left[:5]:
        latest = shares.filter(resident=resident).order_by("-day").first()
        assert latest is None or latest.day < resident.status_since
    assert DailyConnection.objects.count() == 0, "the log only: roll-ups are rebuilt after"


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_stored_history() -> None:
    def fingerprint(home: Home) -> tuple:
        moments = Moment.objects.filter(home=home)
        return (
            sorted(moments.values_list("day", "occurred_at", "kind", "participant_count")),
            sorted(Resident.objects.filter(home=home).values_list("full_name", "admission_date")),
            Counter(MomentParticipant.objects.filter(home=home).values_list("day", "engagement")),
        )

    (first,) = generate_history(small(prefix="same"))
    before = fingerprint(first)
    _remove(first)
    (again,) = generate_history(small(prefix="same"))
    assert fingerprint(again) == before


def _remove(home: Home) -> None:
    users = [m.user for m in Membership.objects.filter(home=home).select_related("user")]
    organisation = home.organisation
    home.delete()
    organisation.delete()
    for user in users:
        user.delete()


@pytest.mark.django_db
def test_rebuild_gives_what_writing_each_moment_gave() -> None:
    """Every kind the generator makes (groups, meals, friends, visits, volunteers, declines)
    counted by the write path one moment at a time, then rebuilt from the log in bulk."""
    (home,) = generate_history(small(years=0.1, per_day=8.0))
    shares: dict[int, list[MomentParticipant]] = {}
    for share in MomentParticipant.objects.filter(home=home):
        shares.setdefault(share.moment_id, []).append(share)
    for moment in Moment.objects.filter(home=home):
        apply_moment(moment, shares[moment.pk])
    written = rollup_snapshot()
    assert written[3], "the history draws a network"

    rebuild_home(home.pk)

    assert rollup_snapshot() == written


@pytest.mark.django_db
def test_the_rebuild_command_rebuilds_every_home_and_keeps_its_job() -> None:
    homes = generate_history(small(homes=2, years=0.05))
    out = io.StringIO()

    call_command("rebuild_connection_rollups", stdout=out)

    job = RebuildJob.objects.get()
    assert job.status == RebuildJob.Status.DONE
    assert job.total_steps == job.done_steps == 2
    assert job.home is None and job.started_at and job.finished_at
    assert "2/2 homes" in out.getvalue()
    for home in homes:
        assert DailyConnection.objects.filter(home=home).exists()


@pytest.mark.django_db
def test_the_rebuild_command_rebuilds_one_home() -> None:
    first, second = generate_history(small(homes=2, years=0.05))

    call_command("rebuild_connection_rollups", home=second.slug, stdout=io.StringIO())

    assert RebuildJob.objects.get().home == second
    assert not DailyConnection.objects.filter(home=first).exists()
    assert DailyConnection.objects.filter(home=second).exists()
    with pytest.raises(CommandError, match="No home"):
        call_command("rebuild_connection_rollups", home="nowhere", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_generate_command_makes_history_and_its_rollups() -> None:
    out = io.StringIO()
    call_command(
        "generate_connection_history",
        homes=1,
        residents=6,
        years=0.05,
        per_day=5,
        prefix="cmd",
        stdout=out,
    )
    home = Home.objects.get(slug="cmd-home-1")
    assert Moment.objects.filter(home=home).exists()
    assert DailyConnection.objects.filter(home=home).exists()
    assert RebuildJob.objects.get().status == RebuildJob.Status.DONE
    assert "1/1 homes generated" in out.getvalue()
    with pytest.raises(CommandError, match="already exist"):
        call_command("generate_connection_history", prefix="cmd", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_failed_rebuild_is_marked_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(home_id: int) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("commonroom.connections.services.rebuild.rebuild_home", broken)
    job = RebuildJob.objects.create()
    with pytest.raises(RuntimeError):
        run_job(job, [1, 2])
    job.refresh_from_db()
    assert job.status == RebuildJob.Status.FAILED and "disk full" in job.error


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel rebuilds need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_workers_rebuild_homes_side_by_side() -> None:
    homes = generate_history(small(homes=3, years=0.05))
    job = RebuildJob.objects.create()
    seen: list[tuple[int, int]] = []

    run_job(job, [h.pk for h in homes], lambda done, total: seen.append((done, total)), workers=2)

    job.refresh_from_db()
    assert job.status == RebuildJob.Status.DONE and job.done_steps == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert set(DailyConnection.objects.values_list("home_id", flat=True)) == {h.pk for h in homes}


def test_the_progress_bar_writes_lines_without_a_terminal() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, 4, "homes", quiet_seconds=0)
    bar.update(1)
    bar.update(4)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[#######-") and "1/4 homes" in lines[0] and "left" in lines[0]
    assert "4/4 homes" in lines[1] and lines[1].endswith("done")
    assert "about 0:30 left" in bar.line(1, 10.0)


def test_the_progress_bar_redraws_its_line_in_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    bar = ProgressBar(out, 2, "homes")
    bar.update(1)
    bar.update(2)
    first, second = out.getvalue().splitlines()
    assert not first.startswith("\x1b") and second.startswith("\x1b[1A\x1b[2K")
    assert second.endswith("2/2 homes  0:00 elapsed, done")
