"""Background work for the planner: a run is queued as a row first, then solved here."""

from django_scopes import scope, scopes_disabled
from django_tasks import task

from .models import PlanRun
from .services import fail, plan_week


@task()
def plan_week_task(run_code: str) -> None:
    """Solve the queued run; a failure is kept on the run for staff to see."""
    # A worker runs outside any request, so it finds the run first and then enters its home.
    with scopes_disabled():
        run = PlanRun.objects.filter(code=run_code).select_related("home", "requested_by").first()
    if run is None or run.status != PlanRun.Status.QUEUED:
        return
    with scope(home=run.home):
        try:
            plan_week(run.home, run.week, actor=run.requested_by, run=run)
        except Exception as error:
            fail(run, repr(error))
            raise
