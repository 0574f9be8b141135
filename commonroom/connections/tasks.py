"""Background work for the connection log: rebuilding roll-ups, queued as rows first."""

from django_tasks import task

from commonroom.homes.models import Home

from .models import RebuildJob
from .services.rebuild import run_job


@task()
def rebuild_rollups(job_code: str) -> None:
    """Rebuild the roll-ups the job names (one home, or all when it names none)."""
    job = RebuildJob.objects.filter(code=job_code).first()
    if job is None or job.status != RebuildJob.Status.QUEUED:
        return
    if job.home_id is not None:
        home_ids = [job.home_id]
    else:
        home_ids = list(Home.objects.order_by("pk").values_list("pk", flat=True))
    run_job(job, home_ids)
