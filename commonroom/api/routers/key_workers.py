"""Key workers over time: who, from when and until when."""

from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from commonroom.circle.models import KeyWorkerAssignment
from commonroom.circle.services.errors import CircleError
from commonroom.circle.services.key_workers import (
    assign_key_worker,
    end_key_worker,
    history_of,
    staff_of,
)
from commonroom.homes.roles import Perm, Role
from commonroom.residents.access import get_resident_for_user

from ..errors import field_error
from ..schemas import ERRORS, KeyWorkerAssign, KeyWorkerEnd, KeyWorkerOut
from ..tenancy import home_scope

router = Router(tags=["Key workers"])


@router.get(
    "/homes/{home_slug}/residents/{code}/key-workers",
    response={200: list[KeyWorkerOut], **ERRORS},
    summary="Key worker history",
)
def list_key_workers(request: HttpRequest, home_slug: str, code: UUID) -> list[KeyWorkerOut]:
    """Newest first; the current one has ``is_current`` true. For roles that may see care
    details, as on the key workers page."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.VIEW_CARE_DETAILS)
        return [_out(assignment) for assignment in history_of(resident)]


@router.post(
    "/homes/{home_slug}/residents/{code}/key-workers",
    response={201: KeyWorkerOut, **ERRORS},
    summary="Assign a key worker",
)
def add_key_worker(
    request: HttpRequest, home_slug: str, code: UUID, payload: KeyWorkerAssign
) -> Status[KeyWorkerOut]:
    """For managers and senior carers. ``staff`` is the membership code of a current member of
    staff (from the home's member
    list). The current key worker's time ends the day before ``started_on``."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.MANAGE_RESIDENTS)
        staff = staff_of(home_request.home).filter(code=payload.staff).first()
        if staff is None:
            raise field_error("staff", gettext("Choose a current member of staff in this home."))
        try:
            assignment = assign_key_worker(
                home_request.home,
                resident,
                staff,
                started_on=payload.started_on,
                actor=home_request.user,
            )
        except CircleError as error:
            raise field_error(None, str(error)) from error
        return Status(201, _out(assignment))


@router.post(
    "/homes/{home_slug}/residents/{code}/key-workers/{assignment_code}/end",
    response={200: KeyWorkerOut, **ERRORS},
    summary="End a key worker's time",
)
def end_key_worker_time(
    request: HttpRequest,
    home_slug: str,
    code: UUID,
    assignment_code: UUID,
    payload: KeyWorkerEnd,
) -> KeyWorkerOut:
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code, perm=Perm.MANAGE_RESIDENTS)
        assignment = (
            history_of(resident).select_related("home", "resident").filter(code=assignment_code)
        ).first()
        if assignment is None:
            raise Http404("No such key worker.")
        try:
            end_key_worker(assignment, ended_on=payload.ended_on, actor=home_request.user)
        except CircleError as error:
            raise field_error("ended_on", str(error)) from error
        return _out(assignment)


def _out(assignment: KeyWorkerAssignment) -> KeyWorkerOut:
    return KeyWorkerOut(
        code=assignment.code,
        staff=assignment.staff.code,
        name=str(assignment.staff.user),
        job_title=assignment.staff.job_title,
        role=Role(assignment.staff.role),
        started_on=assignment.started_on,
        ended_on=assignment.ended_on,
        is_current=assignment.is_current,
    )
