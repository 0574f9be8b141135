"""Forms for outbreak mode: declaring, changing, reviewing and lifting a restriction, recording
an exception the law names, and choosing the period of an export."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonroom.homes.models import Home
from commonroom.residents.forms import DateInput, TimeInput
from commonroom.residents.models import Resident

from .models import Restriction, RestrictionReview, VisitingException, VisitingPreferences
from .services import restrictions as services
from .services.restrictions import MAX_TEXT, RestrictionInput

TEXTAREA = {"rows": 3}


def _textarea(label: Any, help_text: Any = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MAX_TEXT,
        required=required,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": gettext_lazy("Fill this in.")},
    )


class RestrictionForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("What it is"),
        help_text=gettext_lazy("For example: Norovirus outbreak on the first floor."),
        max_length=200,
        error_messages={"required": gettext_lazy("Say what the restriction is.")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Who it covers"),
        choices=Restriction.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who it covers.")},
    )
    area_name = forms.CharField(
        label=gettext_lazy("Name of the floor or unit"),
        help_text=gettext_lazy("Only for a floor or unit. Tick the residents living there."),
        max_length=100,
        required=False,
    )
    residents = forms.MultipleChoiceField(
        label=gettext_lazy("Residents it covers"),
        help_text=gettext_lazy(
            "For a floor or unit, or named residents. Leave empty for the whole home."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(
        label=gettext_lazy("What it means for visits"),
        choices=Restriction.Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what it means for visits.")},
    )
    confirmed = forms.BooleanField(required=False)
    risk = _textarea(gettext_lazy("The risk"))
    risk_assessment = _textarea(
        gettext_lazy("How the risk was assessed"),
        gettext_lazy("Who assessed it, on what advice (for example the health protection team)."),
    )
    precautions = _textarea(
        gettext_lazy("Precautions visitors are asked to take"),
        gettext_lazy("For example: masks in corridors, wash hands on arrival."),
        required=False,
    )
    alternatives_considered = _textarea(
        gettext_lazy("Less restrictive options considered"),
        gettext_lazy("What else you thought about, and why it was not enough."),
    )
    consulted = _textarea(
        gettext_lazy("Who was consulted"),
        gettext_lazy("Including the residents affected, their families and any health team."),
    )
    residents_consulted = forms.BooleanField(
        label=gettext_lazy("The residents affected were asked"), required=False
    )
    families_consulted = forms.BooleanField(
        label=gettext_lazy("Their families were asked"), required=False
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Named contact"),
        help_text=gettext_lazy("The person families and visitors can ask about it."),
        max_length=200,
        error_messages={"required": gettext_lazy("Give a named contact.")},
    )
    contact_details = forms.CharField(
        label=gettext_lazy("How to reach them"),
        help_text=gettext_lazy("A phone number or email address."),
        max_length=200,
        error_messages={"required": gettext_lazy("Say how to reach the named contact.")},
    )
    next_review_on = forms.DateField(
        label=gettext_lazy("Next review"),
        help_text=gettext_lazy("Review it often: within 14 days at most."),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the date of the next review."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    start_day = forms.DateField(
        label=gettext_lazy("Started on"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the day it started."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Started at"),
        widget=TimeInput(),
        error_messages={
            "required": gettext_lazy("Give the time it started."),
            "invalid": gettext_lazy("Enter a time like 14:30."),
        },
    )

    def __init__(self, *args: Any, home: Home, residents: list[Resident], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.home = home
        self.people = {str(r.code): r for r in residents}
        self.fields["residents"].choices = [  # type: ignore[attr-defined]
            (code, room_label(r)) for code, r in self.people.items()
        ]
        self.fields["confirmed"].label = services.confirmation_text(home.nation)
        self.fields["confirmed"].help_text = _("Needed only to pause visits.")

    def to_input(self) -> RestrictionInput:
        data = self.cleaned_data
        started = dt.datetime.combine(data["start_day"], data["start_time"])
        return RestrictionInput(
            title=data["title"],
            scope=data["scope"],
            area_name=data["area_name"],
            residents=[self.people[c] for c in data["residents"] if c in self.people],
            level=data["level"],
            risk=data["risk"],
            risk_assessment=data["risk_assessment"],
            precautions=data["precautions"],
            alternatives_considered=data["alternatives_considered"],
            consulted=data["consulted"],
            residents_consulted=data["residents_consulted"],
            families_consulted=data["families_consulted"],
            contact_name=data["contact_name"],
            contact_details=data["contact_details"],
            next_review_on=data["next_review_on"],
            started_at=timezone.make_aware(started),
            confirmed=data["confirmed"],
        )


class ChangeForm(RestrictionForm):
    what_changed = _textarea(
        gettext_lazy("What changed"),
        gettext_lazy("In plain words, for the notice everyone it covers will receive."),
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=RestrictionReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the outcome of the review.")},
    )
    notes = _textarea(
        gettext_lazy("What was considered"),
        gettext_lazy("The risk now, advice received, what residents and families said."),
    )
    next_review_on = forms.DateField(
        label=gettext_lazy("Next review"),
        help_text=gettext_lazy("Not needed when lifting it."),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a real date.")},
    )


class LiftForm(forms.Form):
    reason = _textarea(
        gettext_lazy("Why it is being lifted"),
        gettext_lazy("This goes in the notice to families and visitors."),
    )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why there is no essential care supporter"),
        choices=VisitingPreferences.NoSupporterReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why there is none.")},
    )
    detail = _textarea(gettext_lazy("More about why"), required=False)


class ExceptionForm(forms.Form):
    resident = forms.ChoiceField(
        label=gettext_lazy("Resident"),
        error_messages={"required": gettext_lazy("Choose the resident.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of exception"),
        choices=VisitingException.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the kind of exception.")},
    )
    reason = _textarea(gettext_lazy("Why visits must go on"))
    starts_on = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the day it starts."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Until"),
        help_text=gettext_lazy("The last day it applies. Leave empty if not known."),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a real date.")},
    )

    def __init__(self, *args: Any, residents: list[Resident], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(r.code): r for r in residents}
        self.fields["resident"].choices = [("", _("Choose a resident"))] + [  # type: ignore[attr-defined]
            (code, room_label(r)) for code, r in self.people.items()
        ]


class ExportForm(forms.Form):
    since = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the first day."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    until = forms.DateField(
        label=gettext_lazy("To"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Give the last day."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("xlsx", gettext_lazy("Spreadsheet (XLSX) with every sheet")),
            ("csv", gettext_lazy("CSV of the restrictions only")),
        ],
        widget=forms.RadioSelect,
        initial="xlsx",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The last day cannot be before the first."))
        return data


def room_label(resident: Resident) -> str:
    if resident.room:
        return _("%(name)s, room %(room)s") % {"name": resident.display_name, "room": resident.room}
    return resident.display_name
