"""A session's page (who is invited and how they answered) and its attendance form, made for a
tablet passed round at the end of a group: one row per person, big targets, one save."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.circle.models import Contact
from commonroom.connections.models import Engagement
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for
from commonroom.residents.models import Resident

from ..models import Attendance, Invitation, Session, SessionGuest
from ..services.attendance import (
    AttendanceError,
    AttendanceRow,
    GuestInput,
    invite,
    record_attendance,
    set_invitation_status,
)

ENGAGEMENT_CHOICES = [(str(value), label) for value, label in reversed(Engagement.choices) if value]
MIN_GUEST_SLOTS = 2
MAX_GUEST_SLOTS = 20


def get_session(request: HomeRequest, code: UUID) -> Session:
    session = (
        Session.objects.filter(home=request.home, code=code)
        .select_related("activity", "room")
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    return session


class InviteForm(forms.Form):
    residents = forms.MultipleChoiceField(
        label=gettext_lazy("Invite more residents"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one resident to invite.")},
    )

    def __init__(self, *args: Any, candidates: list[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(r.code): r for r in candidates}
        choices = [(code, r.display_name) for code, r in self.candidates.items()]
        self.fields["residents"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> list[Resident]:
        return [self.candidates[code] for code in self.cleaned_data["residents"]]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Answer"), choices=Invitation.Status.choices)


@require_http_methods(["GET"])
@require(Perm.VIEW_PROGRAMME)
def session_detail(request: HomeRequest, code: UUID) -> HttpResponse:
    return _session_page(request, get_session(request, code))


def _session_page(
    request: HomeRequest, session: Session, form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("resident")
        .order_by("resident__preferred_name", "resident__full_name")
    )
    everyone = request.membership.can(Perm.VIEW_ALL_RESIDENTS)
    visible = None if everyone else set(residents_for(request).values_list("pk", flat=True))
    shown = [i for i in invitations if visible is None or i.resident_id in visible]
    planner = request.membership.can(Perm.PLAN_ACTIVITIES)
    if planner and form is None:
        form = InviteForm(candidates=_candidates(request, invitations))
    context = {
        "session": session,
        "invitations": shown,
        "hidden_count": len(invitations) - len(shown),
        "attendance": _attendance(session, visible),
        "statuses": Invitation.Status.choices,
        "form": form,
        "may_plan": planner,
        "may_record": request.membership.can(Perm.RECORD_ATTENDANCE),
    }
    return render(request, "activities/session_detail.html", context, status=status)


def _candidates(request: HomeRequest, invitations: list[Invitation]) -> list[Resident]:
    invited = {i.resident_id for i in invitations}
    return [r for r in residents_for(request).current() if r.pk not in invited]


def _attendance(session: Session, visible: set[int] | None) -> list[Attendance]:
    rows = Attendance.objects.filter(session=session).select_related("resident")
    if visible is not None:
        rows = rows.filter(resident_id__in=visible)
    return list(rows.order_by("resident__preferred_name", "resident__full_name"))


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def session_invite(request: HomeRequest, code: UUID) -> HttpResponse:
    session = get_session(request, code)
    invitations = list(Invitation.objects.filter(session=session))
    form = InviteForm(request.POST, candidates=_candidates(request, invitations))
    if form.is_valid():
        try:
            made = invite(session, form.chosen(), actor=request.user)
        except AttendanceError as error:
            form.add_error("residents" if error.field else None, error.message)
        else:
            text = ngettext("Invited %(count)d person.", "Invited %(count)d people.", len(made))
            messages.success(request, text % {"count": len(made)})
            return redirect("activities:session", request.home.slug, session.code)
    return _session_page(request, session, form, status=400)


@require_POST
@require(Perm.PLAN_ACTIVITIES)
def invitation_status(request: HomeRequest, code: UUID, invitation: UUID) -> HttpResponse:
    session = get_session(request, code)
    found = (
        Invitation.objects.filter(session=session, code=invitation)
        .select_related("resident")
        .first()
    )
    if found is None:
        raise Http404("No such invitation.")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer from the list."))
        return _session_page(request, session, status=400)
    set_invitation_status(found, form.cleaned_data["status"], actor=request.user)
    messages.success(
        request, _("Saved the answer for %(name)s.") % {"name": found.resident.display_name}
    )
    return redirect("activities:session", request.home.slug, session.code)


class AttendanceForm(forms.Form):
    """One row per person (outcome and engagement) and a few guest slots. Built from the rows
    it is given, so people added with "add someone who joined" survive each post."""

    joined = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    add = forms.ChoiceField(label=gettext_lazy("Add someone who joined"), required=False)
    guest_slots = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        rows: list[Resident],
        others: list[Resident],
        contacts: list[Contact],
        slots: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = rows
        self.contacts = {str(c.code): c for c in contacts}
        self.slots = slots
        in_rows = {r.pk for r in rows}
        codes = [(str(r.code), str(r.code)) for r in others]
        addable = [(str(r.code), r.display_name) for r in others if r.pk not in in_rows]
        self.fields["joined"].choices = codes  # type: ignore[attr-defined]
        self.fields["add"].choices = [("", _("Choose a person")), *addable]  # type: ignore[attr-defined]
        for resident in rows:
            self._add_row(resident)
        for n in range(slots):
            self._add_guest(n)

    def _add_row(self, resident: Resident) -> None:
        name = {"name": resident.display_name}
        self.fields[f"outcome_{resident.code}"] = forms.ChoiceField(
            label=_("How it went for %(name)s") % name,
            choices=Attendance.Outcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose how it went for %(name)s.") % name},
        )
        self.fields[f"engagement_{resident.code}"] = forms.TypedChoiceField(
            label=_("How engaged %(name)s was") % name,
            choices=ENGAGEMENT_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )

    def _add_guest(self, n: int) -> None:
        contacts = [("", _("Not from a circle"))] + [
            (code, f"{c.name} ({c.get_relationship_display()}), {c.resident.display_name}")
            for code, c in self.contacts.items()
        ]
        kinds = [("", _("Nobody else")), *SessionGuest.Kind.choices]
        self.fields[f"guest_kind_{n}"] = forms.ChoiceField(
            label=_("Who"), choices=kinds, required=False
        )
        self.fields[f"guest_contact_{n}"] = forms.ChoiceField(
            label=_("From whose circle"), choices=contacts, required=False
        )
        self.fields[f"guest_name_{n}"] = forms.CharField(
            label=_("Name"), max_length=200, required=False
        )
        self.fields[f"guest_count_{n}"] = forms.IntegerField(
            label=_("How many"), min_value=1, max_value=100, required=False
        )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "resident": r,
                "outcome": self[f"outcome_{r.code}"],
                "engagement": self[f"engagement_{r.code}"],
            }
            for r in self.people
        ]

    def guest_rows(self) -> list[list[forms.BoundField]]:
        names = ("guest_kind_{}", "guest_contact_{}", "guest_name_{}", "guest_count_{}")
        return [[self[name.format(n)] for name in names] for n in range(self.slots)]

    def attendance(self) -> list[AttendanceRow]:
        data = self.cleaned_data
        return [
            AttendanceRow(r, data[f"outcome_{r.code}"], data[f"engagement_{r.code}"])
            for r in self.people
        ]

    def guests(self) -> list[GuestInput]:
        data = self.cleaned_data
        return [
            GuestInput(
                kind=data[f"guest_kind_{n}"],
                contact=self.contacts.get(data[f"guest_contact_{n}"]),
                name=data[f"guest_name_{n}"],
                count=data[f"guest_count_{n}"] or 1,
            )
            for n in range(self.slots)
            if data[f"guest_kind_{n}"]
        ]


@require_http_methods(["GET", "POST"])
@require(Perm.RECORD_ATTENDANCE)
def attendance(request: HomeRequest, code: UUID) -> HttpResponse:
    session = get_session(request, code)
    if request.method == "GET":
        return _attendance_page(request, session, _saved_initial(session))
    if request.POST.get("action") == "add":
        initial = _posted_initial(request)
        return _attendance_page(request, session, initial, extra=request.POST.get("add", ""))
    form = _attendance_form(request, session, request.POST, {})
    if form.is_valid():
        try:
            moment = record_attendance(
                session, form.attendance(), form.guests(), actor=request.user
            )
        except AttendanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _saved_message(moment is not None))
            return redirect("activities:session", request.home.slug, session.code)
    return _render_attendance(request, session, form, status=400)


def _saved_message(logged: bool) -> str:
    if logged:
        return _("Attendance saved and added to the connection log.")
    return _("Attendance saved. Nobody took part, so nothing was added to the connection log.")


def _attendance_page(
    request: HomeRequest, session: Session, initial: dict[str, Any], extra: str = ""
) -> HttpResponse:
    if extra:
        initial = {
            f"outcome_{extra}": Attendance.Outcome.NOT_INVITED,
            **initial,
            "joined": [*initial.get("joined", []), extra],
        }
    form = _attendance_form(request, session, None, initial)
    return _render_attendance(request, session, form)


def _render_attendance(
    request: HomeRequest, session: Session, form: AttendanceForm, status: int = 200
) -> HttpResponse:
    context = {"session": session, "form": form, "guest_kinds": SessionGuest.Kind}
    return render(request, "activities/attendance_form.html", context, status=status)


def _attendance_form(
    request: HomeRequest, session: Session, data: Any, initial: dict[str, Any]
) -> AttendanceForm:
    invited = [
        i.resident for i in Invitation.objects.filter(session=session).select_related("resident")
    ]
    recorded = [
        a.resident for a in Attendance.objects.filter(session=session).select_related("resident")
    ]
    current = list(residents_for(request).current())
    source = data if data is not None else initial
    joined = set(data.getlist("joined") if data is not None else initial.get("joined", []))
    rows = _ordered(invited, recorded, [r for r in current if str(r.code) in joined])
    contacts = list(
        Contact.objects.filter(home=request.home, resident__in=rows).select_related("resident")
    )
    slots = _slots(source.get("guest_slots"), initial.get("guest_slots"))
    initial = {**initial, "joined": sorted(joined), "guest_slots": slots}
    return AttendanceForm(
        data, initial=initial, rows=rows, others=current, contacts=contacts, slots=slots
    )


def _ordered(*groups: list[Resident]) -> list[Resident]:
    seen: dict[int, Resident] = {}
    for group in groups:
        for resident in sorted(group, key=lambda r: (r.preferred_name, r.full_name)):
            seen.setdefault(resident.pk, resident)
    return list(seen.values())


def _slots(posted: Any, fallback: Any) -> int:
    try:
        wanted = int(posted if posted not in (None, "") else fallback or 0)
    except (TypeError, ValueError):
        wanted = 0
    return max(MIN_GUEST_SLOTS, min(MAX_GUEST_SLOTS, wanted))


def _saved_initial(session: Session) -> dict[str, Any]:
    """What the form starts with: what was recorded before, or "declined" for a no."""
    initial: dict[str, Any] = {}
    declined = Invitation.objects.filter(session=session, status=Invitation.Status.DECLINED)
    for resident_code in declined.values_list("resident__code", flat=True):
        initial[f"outcome_{resident_code}"] = Attendance.Outcome.DECLINED
    recorded = Attendance.objects.filter(session=session).values_list(
        "resident__code", "outcome", "engagement"
    )
    for resident_code, outcome, engagement in recorded:
        initial[f"outcome_{resident_code}"] = outcome
        if engagement:
            initial[f"engagement_{resident_code}"] = str(engagement)
    guests = list(SessionGuest.objects.filter(session=session).select_related("contact"))
    for n, guest in enumerate(guests):
        initial[f"guest_kind_{n}"] = guest.kind
        initial[f"guest_contact_{n}"] = str(guest.contact.code) if guest.contact else ""
        initial[f"guest_name_{n}"] = guest.name
        initial[f"guest_count_{n}"] = guest.count
    initial["guest_slots"] = len(guests) + 1
    return initial


def _posted_initial(request: HomeRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {
        key: value for key, value in request.POST.items() if key not in {"joined", "add"}
    }
    initial["joined"] = request.POST.getlist("joined")
    return initial


urlpatterns = [
    path("sessions/<uuid:code>/", session_detail, name="session"),
    path("sessions/<uuid:code>/invite/", session_invite, name="session_invite"),
    path(
        "sessions/<uuid:code>/invitations/<uuid:invitation>/",
        invitation_status,
        name="invitation_status",
    ),
    path("sessions/<uuid:code>/attendance/", attendance, name="attendance"),
]
