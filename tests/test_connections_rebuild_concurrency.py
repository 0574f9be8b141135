"""A rebuild while people keep recording: nothing counted twice, nothing lost, no failure."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from commonroom.connections.models import (
    DailyConnection,
    Kind,
)
from commonroom.connections.services import rebuild
from commonroom.connections.services.moments import MomentInput, record_moment
from commonroom.connections.services.rebuild import rebuild_home

from .factories import make_home, make_resident
from .rollup_support import rollup_snapshot

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers"),
    pytest.mark.django_db(transaction=True),
]


def test_a_first_moment_recorded_during_a_rebuild(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A resident's very first moment, recorded while the home's roll-ups are being rebuilt: the
    rebuild must not fail on the rows that moment writes (when it was still clearing and
    rewriting every row, it did), and the moment must count once."""
    home = make_home()
    settled, newcomer = make_resident(home), make_resident(home)
    earlier = timezone.now() - dt.timedelta(days=40)
    record_moment(
        home, MomentInput(residents=[settled], kind=Kind.MEAL, occurred_at=earlier), actor=None
    )
    started, recorded = threading.Event(), threading.Event()
    targets = rebuild._targets

    def once_started() -> list[rebuild.Target]:
        started.set()
        # A writer that must wait for the rebuild cannot say it has recorded: go on after a while.
        recorded.wait(timeout=3)
        return targets()

    monkeypatch.setattr(rebuild, "_targets", once_started)
    failures: list[BaseException] = []

    def rebuilding() -> None:
        try:
            rebuild_home(home.pk)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=rebuilding)
    worker.start()
    assert started.wait(timeout=10)
    record_moment(
        home,
        MomentInput(
            residents=[newcomer], kind=Kind.ONE_TO_ONE, occurred_at=timezone.now(), minutes=20
        ),
        actor=None,
    )
    recorded.set()
    worker.join(timeout=30)

    assert not failures
    live = rollup_snapshot()
    monkeypatch.setattr(rebuild, "_targets", targets)
    rebuild_home(home.pk)
    assert live == rollup_snapshot()
    assert DailyConnection.objects.get(resident=newcomer).moments == 1
