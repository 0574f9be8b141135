"""Rebuild a home's connection figures from its log, with a progress bar while it runs."""

from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm

from ..models import RebuildJob
from ..tasks import rebuild_rollups


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_HOME)
def rebuild(request: HomeRequest) -> HttpResponse:
    running = (
        _jobs(request)
        .filter(status__in=[RebuildJob.Status.QUEUED, RebuildJob.Status.RUNNING])
        .first()
    )
    if request.method == "POST":
        job = running or _start(request)
        return redirect("connections:rebuild_progress", request.home.slug, job.code)
    latest = _jobs(request).first()
    return render(request, "connections/rebuild.html", {"latest": latest, "running": running})


def _start(request: HomeRequest) -> RebuildJob:
    with transaction.atomic():
        job = RebuildJob.objects.create(home=request.home, requested_by=request.user)
        transaction.on_commit(lambda: rebuild_rollups.enqueue(job_code=str(job.code)))
    messages.success(request, _("The rebuild has started."))
    return job


def _jobs(request: HomeRequest) -> QuerySet[RebuildJob]:
    return RebuildJob.objects.filter(home=request.home).order_by("-created_at")


@require(Perm.MANAGE_HOME)
def progress(request: HomeRequest, code: UUID) -> HttpResponse:
    job = _jobs(request).filter(code=code).first()
    if job is None:
        raise Http404("No such rebuild.")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "percent": job.percent,
                "finished": job.status in (RebuildJob.Status.DONE, RebuildJob.Status.FAILED),
            }
        )
    return render(request, "connections/rebuild_progress.html", {"job": job})


urlpatterns = [
    path("rebuild/", rebuild, name="rebuild"),
    path("rebuild/<uuid:code>/", progress, name="rebuild_progress"),
]
