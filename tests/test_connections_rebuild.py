"""The manager's rebuild page: starts a job, shows its progress, replaces the roll-ups."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commonroom.connections.models import DailyConnection, Kind, RebuildJob
from commonroom.connections.services.moments import MomentInput, record_moment

from .conftest import PERSONAS


def _url(world, *args, name="connections:rebuild"):
    return reverse(name, args=[world.home_a.slug, *args])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_of_the_home(world, persona):
    response = world.client(persona).get(_url(world))
    expected = {"manager_a": 200, "manager_b": 404}.get(persona, 403)
    assert response.status_code == expected


def test_rebuild_repairs_damaged_rollups_and_reports_progress(
    world, django_capture_on_commit_callbacks
):
    record_moment(
        world.home_a,
        MomentInput(
            residents=[world.resident_a],
            kind=Kind.PHONE,
            occurred_at=timezone.now() - dt.timedelta(hours=2),
        ),
        actor=None,
    )
    DailyConnection.objects.update(moments=99)
    client = world.client("manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world))
    job = RebuildJob.objects.get()
    assert response.status_code == 302
    assert response.url == _url(world, job.code, name="connections:rebuild_progress")
    assert job.status == RebuildJob.Status.DONE
    assert job.percent == 100
    assert DailyConnection.objects.get().moments == 1
    status = client.get(response.url, headers={"accept": "application/json"}).json()
    assert status == {
        "status": "done",
        "status_label": "Finished",
        "percent": 100,
        "finished": True,
    }
    assert "100%" in client.get(response.url).content.decode()


def test_progress_of_another_homes_job_is_404(world):
    world.client("manager_a").post(_url(world))
    job = RebuildJob.objects.get()
    response = world.client("manager_b").get(
        reverse("connections:rebuild_progress", args=[world.home_b.slug, job.code])
    )
    assert response.status_code == 404
