"""Forms for the catalogue, rooms, the programme, appointments and calendar feeds. They parse
input only; the rules (RRULE limits, clashes, consent) live in the services."""

import datetime as dt
import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commonroom.circle.forms import CodeChoiceField, date_widget
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import STAFF_ROLES, Role
from commonroom.residents.forms import TimeInput
from commonroom.residents.models import Interest, Resident

from .models import Activity, Room
from .recurrence import RecurrenceError, build_rule
from .services.programme import SessionChange, SessionInput


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=None, to_field_name="code", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user) if isinstance(obj, Membership) else str(obj)


def _model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def facilitator_choices(home: Home) -> QuerySet[Membership]:
    roles = [*STAFF_ROLES, Role.VOLUNTEER]
    return (
        Membership.objects.active()
        .filter(home=home, role__in=roles)
        .select_related("user")
        .order_by("user__full_name")
    )


class ActivityForm(forms.ModelForm):
    room = CodeChoiceField(label=_("Usual room or place"), required=False)
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Interests it serves"),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "category",
            "seated",
            "bedside",
            "dementia_friendly",
            "hearing_friendly",
            "sight_friendly",
            "language",
            "min_people",
            "max_people",
            "staff_needed",
            "volunteers_needed",
            "room",
            "outdoor",
            "cost",
            "partner",
            "interests",
            "shared",
            "retired",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, home: Home, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_field(self, "room").queryset = Room.objects.filter(home=home)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        fewest, most = data.get("min_people"), data.get("max_people")
        if fewest is not None and most is not None and fewest > most:
            self.add_error("max_people", _("The most people cannot be fewer than the fewest."))
        return data


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "step_free", "outdoor"]

    def __init__(self, *args: Any, home: Home, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.home = home

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Room.objects.filter(home=self.home, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a room with this name."))
        return name

    def clean_capacity(self) -> int:
        capacity: int = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("A room holds at least one person."))
        return capacity


class _WhenFields(forms.Form):
    day = forms.DateField(label=_("Date"), widget=date_widget())
    time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=720)
    room = CodeChoiceField(label=_("Room or place"), required=False)
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Leave empty to use the room's or the activity's size."),
    )
    facilitators = CodeMultipleChoiceField(label=_("Who runs it"), required=False)

    def __init__(self, *args: Any, home: Home, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_field(self, "room").queryset = Room.objects.filter(home=home)
        _model_field(self, "facilitators").queryset = facilitator_choices(home)


class SessionForm(_WhenFields):
    """A one-off or repeating session; the friendly choices are turned into an RRULE."""

    class Repeat(models.TextChoices):
        ONCE = "once", _("Just once")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every other week")

    WEEKDAY_CHOICES = [
        ("MO", _("Monday")),
        ("TU", _("Tuesday")),
        ("WE", _("Wednesday")),
        ("TH", _("Thursday")),
        ("FR", _("Friday")),
        ("SA", _("Saturday")),
        ("SU", _("Sunday")),
    ]

    activity = CodeChoiceField(label=_("Activity"))
    partner_name = forms.CharField(label=_("Partner running it"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=Repeat.choices, initial=Repeat.ONCE, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    until = forms.DateField(label=_("Until"), required=False, widget=date_widget())
    rrule = forms.CharField(
        label=_("Advanced: RRULE"),
        max_length=300,
        required=False,
        help_text=_("Overrides the repeat choices, for example FREQ=MONTHLY;BYDAY=1TU."),
    )

    field_order = ["activity", "day", "time", "minutes", "room", "capacity", "facilitators"]

    def __init__(self, *args: Any, home: Home, **kwargs: Any) -> None:
        super().__init__(*args, home=home, **kwargs)
        self.fields["day"].label = _("Date (the first date, if it repeats)")
        _model_field(self, "activity").queryset = Activity.objects.filter(home=home, retired=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        data["rule"] = ""
        if data.get("rrule"):
            data["rule"] = data["rrule"]
        elif data.get("repeat") in (self.Repeat.WEEKLY, self.Repeat.FORTNIGHTLY):
            every = 2 if data["repeat"] == self.Repeat.FORTNIGHTLY else 1
            try:
                data["rule"] = build_rule(
                    data.get("weekdays", []), every=every, until=data.get("until")
                )
            except RecurrenceError as error:
                self.add_error("weekdays", str(error))
        if data.get("until") and data.get("day") and data["until"] < data["day"]:
            self.add_error("until", _("The last date must be on or after the first."))
        return data

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            activity=data["activity"],
            starts_at=_at(data["day"], data["time"]),
            minutes=data["minutes"],
            room=data["room"],
            capacity=data["capacity"],
            facilitators=list(data["facilitators"]),
            partner_name=data["partner_name"],
            note=data["note"],
            rule=data["rule"],
            ends_on=data["until"] if data["rule"] else None,
        )


class SessionChangeForm(_WhenFields):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)

    def __init__(self, *args: Any, home: Home, **kwargs: Any) -> None:
        super().__init__(*args, home=home, **kwargs)
        self.fields["capacity"].required = True

    def to_change(self) -> SessionChange:
        data = self.cleaned_data
        return SessionChange(
            starts_at=_at(data["day"], data["time"]),
            minutes=data["minutes"],
            room=data["room"],
            capacity=data["capacity"],
            facilitators=list(data["facilitators"]),
            note=data["note"],
            cancelled=data["cancelled"],
        )


class AppointmentForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=date_widget())
    time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=720)

    @property
    def starts_at(self) -> dt.datetime:
        return _at(self.cleaned_data["day"], self.cleaned_data["time"])


class ResidentChoiceField(CodeChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class FeedForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example: Mum's week."))
    resident = ResidentChoiceField(
        label=_("Whose sessions"), required=False, empty_label=_("The whole programme")
    )

    def __init__(self, *args: Any, residents: QuerySet[Resident], whole: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = _model_field(self, "resident")
        field.queryset = residents
        if not whole:
            field.required = True
            field.empty_label = None
