"""The form behind "Record a moment": few taps, sensible defaults, every choice a big target."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonroom.residents.forms import DateInput, TimeInput
from commonroom.residents.models import Resident

from .models import Domain, Engagement, Kind, WithType
from .services.resolve import MomentCodes

MINUTES = [
    ("", _("Not sure")),
    ("5", _("A few minutes")),
    ("15", _("About 15 minutes")),
    ("30", _("About half an hour")),
    ("60", _("About an hour")),
    ("120", _("About 2 hours")),
    ("240", _("Half a day or more")),
]
ENGAGEMENT_PREFIX = "engagement_"


class MomentForm(forms.Form):
    residents = forms.MultipleChoiceField(
        label=_("Who was it for?"),
        help_text=_("Choose everyone who shared it: a group moment is recorded once."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one resident."),
            "invalid_choice": _(
                "Choose only people who live here now and whom you may see. Someone may have "
                "moved out since the page was opened: open it again."
            ),
        },
    )
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    engagement = forms.TypedChoiceField(
        label=_("How did they seem?"),
        choices=[(str(value), label) for value, label in reversed(Engagement.choices)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    with_type = forms.ChoiceField(
        label=_("Who was it with?"),
        choices=WithType.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    with_code = forms.ChoiceField(
        label=_("Which person?"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a person from the list. Open the page again to see it now.")
        },
    )
    with_name = forms.CharField(
        label=_("Name of the group or volunteer"), max_length=200, required=False
    )
    minutes = forms.TypedChoiceField(
        label=_("Roughly how long?"),
        choices=MINUTES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    domain = forms.ChoiceField(
        label=_("Kind of connection"),
        help_text=_("Leave as it is and it is worked out from who it was with."),
        choices=[("", _("Work it out for me")), *Domain.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    day = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a real date.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=TimeInput(),
        error_messages={"required": _("Enter the time."), "invalid": _("Enter a time like 14:30.")},
    )
    note = forms.CharField(
        label=_("Anything to remember?"),
        help_text=_("A few words, for example what made them smile. No medical details."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Filled in by the page itself; only a page from before an update can lack it.
    idempotency_key = forms.CharField(
        max_length=80,
        widget=forms.HiddenInput,
        error_messages={"required": _("Something went wrong with this page. Open it again.")},
    )

    def __init__(
        self,
        *args: Any,
        residents: list[Resident],
        people: list[tuple[str, list[tuple[str, str]]]],
        chosen: list[Resident] | None = None,
        **kwargs: Any,
    ) -> None:
        now = timezone.localtime()
        kwargs.setdefault(
            "initial",
            {
                "day": now.date(),
                "time": now.time().replace(second=0, microsecond=0),
                "idempotency_key": str(uuid.uuid4()),
                "with_type": WithType.NOBODY,
                "domain": "",
                "minutes": "",
            },
        )
        super().__init__(*args, **kwargs)
        field = self.fields["residents"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(r.code), r.display_name) for r in residents]
        with_code = self.fields["with_code"]
        assert isinstance(with_code, forms.ChoiceField)
        with_code.choices = [("", _("Choose a person")), *people]
        for resident in chosen or []:
            self.fields[ENGAGEMENT_PREFIX + str(resident.code)] = forms.TypedChoiceField(
                label=resident.display_name,
                choices=[("", _("As above")), *self.fields["engagement"].choices],  # type: ignore[attr-defined]
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time"):
            data["occurred_at"] = timezone.make_aware(
                dt.datetime.combine(data["day"], data["time"])
            )
        return data

    def codes(self) -> MomentCodes:
        data = self.cleaned_data
        with_code = data.get("with_code") or None
        return MomentCodes(
            residents=[uuid.UUID(code) for code in data["residents"]],
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            domain=data.get("domain") or "",
            minutes=data.get("minutes"),
            with_type=data.get("with_type") or "",
            with_code=uuid.UUID(with_code) if with_code else None,
            with_name=data.get("with_name") or "",
            note=data.get("note") or "",
            everyone=data.get("engagement"),
            engagement={
                uuid.UUID(name.removeprefix(ENGAGEMENT_PREFIX)): value
                for name, value in data.items()
                if name.startswith(ENGAGEMENT_PREFIX) and value is not None
            },
            idempotency_key=data["idempotency_key"],
        )
