"""Outbreak mode done lawfully: declare a visiting restriction with the nation's test met, see
it with who it covers and their named care supporters, review, change and lift it (each with a
written notice), record the exceptions the law names, and export the history for inspectors."""

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.models import Home
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from ..models import (
    Restriction,
    RestrictionNotice,
    RestrictionReview,
    VisitingException,
)
from ..outbreak_forms import (
    ChangeForm,
    ExceptionForm,
    ExportForm,
    LiftForm,
    ReasonForm,
    RestrictionForm,
    ReviewForm,
)
from ..services import exceptions as exception_services
from ..services import notices as notice_services
from ..services import restrictions as services
from ..services.restrictions import RestrictionError

LISTED = 200


def _residents(home: Home) -> list[Resident]:
    return list(
        Resident.objects.filter(home=home)
        .current()
        .only("id", "code", "full_name", "preferred_name", "room", "home_id")
    )


def _restriction(request: HomeRequest, code: UUID) -> Restriction:
    restriction = (
        Restriction.objects.filter(home=request.home, code=code).select_related("home").first()
    )
    if restriction is None:
        raise Http404("No such restriction.")
    return restriction


def _field_error(form: forms.Form, error: RestrictionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# The list


@require_http_methods(["GET"])
@require(Perm.VIEW_RESTRICTIONS)
def restriction_list(request: HomeRequest) -> HttpResponse:
    day = today()
    rows = list(
        services.restriction_list(request.home)
        .annotate(covered_count=Count("covered"))
        .order_by("-started_at")[:LISTED]
    )
    active = sorted((r for r in rows if r.is_active), key=lambda r: r.next_review_on)
    lifted = [r for r in rows if not r.is_active]
    context = {
        "active": [(r, services.days_overdue(r, day)) for r in active],
        "lifted": lifted,
        "may_manage": request.membership.can(Perm.MANAGE_RESTRICTIONS),
    }
    return render(request, "visiting/outbreak/restrictions.html", context)


# Declare and change


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_RESTRICTIONS)
def restriction_new(request: HomeRequest) -> HttpResponse:
    now = timezone.localtime()
    initial = {
        "start_day": now.date(),
        "start_time": now.time().replace(second=0, microsecond=0),
        "next_review_on": now.date() + dt.timedelta(days=7),
        "level": Restriction.Level.PRECAUTIONS,
        "scope": Restriction.Scope.HOME,
    }
    form = RestrictionForm(
        request.POST if request.method == "POST" else None,
        home=request.home,
        residents=_residents(request.home),
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.to_input()
            try:
                warnings = services.validate(request.home, data)
                restriction = services.declare(request.home, data, actor=request.user)
            except RestrictionError as error:
                _field_error(form, error)
            else:
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(
                    request, _("The restriction was recorded and the notices are being sent.")
                )
                return redirect("visiting:restriction", request.home.slug, restriction.code)
        return _form_page(request, form, None, status=400)
    return _form_page(request, form, None)


def _form_page(
    request: HomeRequest, form: forms.Form, restriction: Restriction | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "restriction": restriction}
    return render(request, "visiting/outbreak/restriction_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_RESTRICTIONS)
def restriction_edit(request: HomeRequest, code: UUID) -> HttpResponse:
    restriction = _restriction(request, code)
    if not restriction.is_active:
        messages.error(request, _("This restriction has been lifted: declare a new one."))
        return redirect("visiting:restriction", request.home.slug, restriction.code)
    form = ChangeForm(
        request.POST if request.method == "POST" else None,
        home=request.home,
        residents=_residents(request.home),
        initial=_initial(restriction),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change(
                    restriction,
                    form.to_input(),
                    what_changed=form.cleaned_data["what_changed"],
                    actor=request.user,
                )
            except RestrictionError as error:
                _field_error(form, error)
            else:
                messages.success(request, _("The change was saved and the notices are being sent."))
                return redirect("visiting:restriction", request.home.slug, restriction.code)
        return _form_page(request, form, restriction, status=400)
    return _form_page(request, form, restriction)


def _initial(restriction: Restriction) -> dict[str, Any]:
    started = timezone.localtime(restriction.started_at)
    initial: dict[str, Any] = {name: getattr(restriction, name) for name in services.RECORD_FIELDS}
    initial.update(
        start_day=started.date(),
        start_time=started.time().replace(second=0, microsecond=0),
        confirmed=restriction.level == Restriction.Level.PAUSED,
        residents=[
            str(code) for code in restriction.covered.values_list("resident__code", flat=True)
        ]
        if restriction.scope != Restriction.Scope.HOME
        else [],
    )
    return initial


# One restriction


@require_http_methods(["GET"])
@require(Perm.VIEW_RESTRICTIONS)
def restriction_detail(request: HomeRequest, code: UUID) -> HttpResponse:
    return _detail_page(request, _restriction(request, code))


def _detail_page(
    request: HomeRequest,
    restriction: Restriction,
    reason_forms: dict[str, ReasonForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    scotland = request.home.nation == Home.Nation.SCOTLAND
    page = services.load_page(request.home, restriction, scotland=scotland)
    may_manage = request.membership.can(Perm.MANAGE_RESTRICTIONS)
    forms_by_code = reason_forms or {}
    missing = [
        (
            row,
            forms_by_code.get(str(row.resident.code)) or ReasonForm(prefix=str(row.resident.code)),
        )
        for row in page.missing
    ]
    context = {
        "restriction": restriction,
        "page": page,
        "overdue_days": services.days_overdue(restriction),
        "notices": [(n, notice_services.counts(n)) for n in page.notices],
        "missing": missing if may_manage else [],
        "missing_count": len(page.missing),
        "may_manage": may_manage,
        "scotland": scotland,
    }
    return render(request, "visiting/outbreak/restriction.html", context, status=status)


@require_POST
@require(Perm.MANAGE_RESTRICTIONS)
def restriction_reason(request: HomeRequest, code: UUID, resident: UUID) -> HttpResponse:
    restriction = _restriction(request, code)
    person = Resident.objects.filter(home=request.home, code=resident).first()
    if person is None:
        raise Http404("No such resident.")
    form = ReasonForm(request.POST, prefix=str(person.code))
    if form.is_valid():
        try:
            services.record_no_supporter_reason(
                restriction,
                person,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                actor=request.user,
            )
        except RestrictionError as error:
            _field_error(form, error)
        else:
            messages.success(
                request,
                _("The reason was recorded for %(name)s.") % {"name": person.display_name},
            )
            return redirect("visiting:restriction", request.home.slug, restriction.code)
    return _detail_page(request, restriction, {str(person.code): form}, status=400)


@require_POST
@require(Perm.MANAGE_RESTRICTIONS)
def notice_resend(request: HomeRequest, code: UUID, notice: UUID) -> HttpResponse:
    restriction = _restriction(request, code)
    found = RestrictionNotice.objects.filter(
        home=request.home, restriction=restriction, code=notice
    ).first()
    if found is None:
        raise Http404("No such notice.")
    count = notice_services.send_failed_again(found)
    if count:
        messages.success(request, _("The failed emails are being sent again."))
    else:
        messages.info(request, _("No emails had failed."))
    return redirect("visiting:restriction", request.home.slug, restriction.code)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_RESTRICTIONS)
def restriction_review(request: HomeRequest, code: UUID) -> HttpResponse:
    restriction = _restriction(request, code)
    if not restriction.is_active:
        messages.error(request, _("This restriction has already been lifted."))
        return redirect("visiting:restriction", request.home.slug, restriction.code)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"next_review_on": today() + dt.timedelta(days=7)},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.review(restriction, actor=request.user, **form.cleaned_data)
            except RestrictionError as error:
                _field_error(form, error)
            else:
                messages.success(request, _("The review was recorded."))
                if entry.outcome == RestrictionReview.Outcome.CHANGE:
                    return redirect(
                        "visiting:restriction_edit", request.home.slug, restriction.code
                    )
                return redirect("visiting:restriction", request.home.slug, restriction.code)
        status = 400
    else:
        status = 200
    context = {"form": form, "restriction": restriction}
    return render(request, "visiting/outbreak/restriction_review.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_RESTRICTIONS)
def restriction_lift(request: HomeRequest, code: UUID) -> HttpResponse:
    restriction = _restriction(request, code)
    if not restriction.is_active:
        messages.error(request, _("This restriction has already been lifted."))
        return redirect("visiting:restriction", request.home.slug, restriction.code)
    form = LiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.lift(restriction, reason=form.cleaned_data["reason"], actor=request.user)
            except RestrictionError as error:
                _field_error(form, error)
            else:
                messages.success(
                    request, _("The restriction was lifted and the notices are being sent.")
                )
                return redirect("visiting:restriction", request.home.slug, restriction.code)
        status = 400
    else:
        status = 200
    context = {"form": form, "restriction": restriction}
    return render(request, "visiting/outbreak/restriction_lift.html", context, status=status)


# Exceptions


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_RESTRICTIONS)
def exception_list(request: HomeRequest) -> HttpResponse:
    may_manage = request.membership.can(Perm.RECORD_VISITING_EXCEPTIONS)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = ExceptionForm(
        request.POST if request.method == "POST" else None,
        residents=_residents(request.home),
        initial={"starts_on": today()},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                exception_services.record_exception(
                    request.home,
                    form.people[data["resident"]],
                    kind=data["kind"],
                    reason=data["reason"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    actor=request.user,
                )
            except RestrictionError as error:
                _field_error(form, error)
            else:
                messages.success(request, _("The exception was recorded."))
                return redirect("visiting:exceptions", request.home.slug)
        return _exceptions_page(request, form, may_manage, status=400)
    return _exceptions_page(request, form, may_manage)


def _exceptions_page(
    request: HomeRequest, form: ExceptionForm, may_manage: bool, status: int = 200
) -> HttpResponse:
    day = today()
    rows = list(
        VisitingException.objects.filter(home=request.home)
        .select_related("resident", "recorded_by")
        .order_by("-starts_on", "-created_at")[:LISTED]
    )
    current = [e for e in rows if e.starts_on <= day and (e.ends_on is None or e.ends_on >= day)]
    other = [e for e in rows if e not in current]
    context = {"form": form, "current": current, "other": other, "may_manage": may_manage}
    return render(request, "visiting/outbreak/exceptions.html", context, status=status)


@require_POST
@require(Perm.RECORD_VISITING_EXCEPTIONS)
def exception_end(request: HomeRequest, code: UUID) -> HttpResponse:
    exception = (
        VisitingException.objects.filter(home=request.home, code=code)
        .select_related("resident", "home")
        .first()
    )
    if exception is None:
        raise Http404("No such exception.")
    try:
        exception_services.end_exception(exception, actor=request.user)
    except RestrictionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The exception was ended."))
    return redirect("visiting:exceptions", request.home.slug)


# Export


@require_http_methods(["GET"])
@require(Perm.VIEW_RESTRICTIONS)
def restrictions_export(request: HomeRequest) -> HttpResponse:
    from .. import export

    if "since" not in request.GET:
        day = today()
        form = ExportForm(initial={"since": day - dt.timedelta(days=365), "until": day})
        return render(request, "visiting/outbreak/export.html", {"form": form})
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "visiting/outbreak/export.html", {"form": form}, status=400)
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    fmt = form.cleaned_data["format"] or "xlsx"
    data = export.gather(request.home, since, until)
    record(
        request.user, Action.EXPORT, request.home, home=request.home, fields=[f"restrictions_{fmt}"]
    )
    name = f"restrictions-{request.home.slug}-{since:%Y%m%d}-{until:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        export.to_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


urlpatterns = [
    path("restrictions/", restriction_list, name="restrictions"),
    path("restrictions/new/", restriction_new, name="restriction_new"),
    path("restrictions/export/", restrictions_export, name="restrictions_export"),
    path("restrictions/<uuid:code>/", restriction_detail, name="restriction"),
    path("restrictions/<uuid:code>/change/", restriction_edit, name="restriction_edit"),
    path("restrictions/<uuid:code>/review/", restriction_review, name="restriction_review"),
    path("restrictions/<uuid:code>/lift/", restriction_lift, name="restriction_lift"),
    path(
        "restrictions/<uuid:code>/reasons/<uuid:resident>/",
        restriction_reason,
        name="restriction_reason",
    ),
    path(
        "restrictions/<uuid:code>/notices/<uuid:notice>/resend/",
        notice_resend,
        name="notice_resend",
    ),
    path("exceptions/", exception_list, name="exceptions"),
    path("exceptions/<uuid:code>/end/", exception_end, name="exception_end"),
]
