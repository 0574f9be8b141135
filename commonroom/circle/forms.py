"""Forms for the circle. Nation rules and substitute rules live on the Contact model."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import Home, Membership
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from .models import (
    SUBSTITUTABLE_ROLES,
    SUPPORT_ROLE_MEANINGS,
    Contact,
    PeerRelationship,
    support_roles_for,
)

DETAIL_FIELDS = ("phone", "email", "address")


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CodeChoiceField(forms.ModelChoiceField):
    """Choose a row by its UUID ``code``; anything that is not one of the choices, including a
    malformed code, gets the field's own "choose one of these" message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=None, to_field_name="code", **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class ContactForm(forms.ModelForm):
    """A contact of one resident. Without ``show_details`` the phone, email and address are
    left out, so people who may not see them cannot change them either."""

    # Declared (not generated) because a contact query needs a home scope, which only exists
    # once a request is being handled.
    substitute_for = CodeChoiceField(
        label=_("Substitute for"),
        required=False,
        empty_label=_("Not a substitute"),
        help_text=_("A substitute steps in when the named supporter cannot."),
        error_messages={"invalid_choice": _("Choose one of this person's own named supporters.")},
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "relationship",
            "relationship_detail",
            "phone",
            "email",
            "address",
            "preferred_method",
            "preferred_frequency",
            "contact_notes",
            "support_role",
            "substitute_for",
            "role_from",
            "role_until",
            "may_receive_updates",
            "has_door_code",
            "is_representative",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "contact_notes": forms.Textarea(attrs={"rows": 3}),
            "role_from": date_widget(),
            "role_until": date_widget(),
        }
        help_texts = {
            "role_from": _("When they took on this role, if known."),
            "role_until": _("Leave empty if the role has no end date."),
            "may_receive_updates": _(
                "They will only get updates while the person's consent to share updates is "
                "recorded."
            ),
        }

    def __init__(self, *args: Any, show_details: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact: Contact = self.instance
        home: Home = contact.home
        if not show_details:
            for name in DETAIL_FIELDS:
                del self.fields[name]
        frequency = self.fields["preferred_frequency"]
        frequency.choices = [("", _("Not known")), *Contact.Frequency.choices]  # type: ignore[attr-defined]
        role = self.fields["support_role"]
        role.choices = support_roles_for(home.nation)  # type: ignore[attr-defined]
        role.help_text = SUPPORT_ROLE_MEANINGS.get(home.nation, "")
        role.error_messages["invalid_choice"] = _(
            "A home in %(nation)s cannot record this role. Choose one of the roles listed."
        ) % {"nation": home.get_nation_display()}
        self._limit_substitutes(contact, home)

    def _limit_substitutes(self, contact: Contact, home: Home) -> None:
        allowed_roles = {value for value, _label in support_roles_for(home.nation)}
        if not allowed_roles & SUBSTITUTABLE_ROLES:
            del self.fields["substitute_for"]
            return
        named = Contact.objects.filter(
            resident_id=contact.resident_id,
            support_role__in=SUBSTITUTABLE_ROLES,
            substitute_for__isnull=True,
        )
        if contact.pk:
            named = named.exclude(pk=contact.pk)
        self.fields["substitute_for"].queryset = named  # type: ignore[attr-defined]


class PeerForm(forms.Form):
    other = CodeChoiceField(
        label=_("Who"),
        empty_label=_("Choose a resident"),
        error_messages={"invalid_choice": _("Choose someone who lives in this home.")},
    )
    kind = forms.ChoiceField(label=_("Kind of relationship"), widget=forms.RadioSelect)
    since = forms.DateField(label=_("Since"), required=False, widget=date_widget())
    notes = forms.CharField(
        label=_("Notes"),
        max_length=300,
        required=False,
        help_text=_("For example: met at the Tuesday choir; sit together at lunch."),
    )

    def __init__(self, *args: Any, resident: Resident, with_tensions: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other: forms.ModelChoiceField = self.fields["other"]  # type: ignore[assignment]
        other.queryset = (
            Resident.objects.filter(home_id=resident.home_id)
            .exclude(pk=resident.pk)
            .exclude(status__in=[Resident.Status.MOVED_OUT, Resident.Status.DIED])
        )
        kinds = PeerRelationship.Kind.choices
        if not with_tensions:
            kinds = [(v, label) for v, label in kinds if v != PeerRelationship.Kind.TENSION]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]

    def clean_since(self) -> dt.date | None:
        since: dt.date | None = self.cleaned_data["since"]
        if since and since > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return since


class EndForm(forms.Form):
    """The day something ended (a peer relationship or a key worker's time)."""

    ended_on = forms.DateField(label=_("Ended on"), widget=date_widget(), initial=today)


class KeyWorkerForm(forms.Form):
    staff = CodeChoiceField(
        label=_("Key worker"),
        empty_label=_("Choose a member of staff"),
        error_messages={"invalid_choice": _("Choose a current member of staff in this home.")},
    )
    started_on = forms.DateField(label=_("From"), widget=date_widget(), initial=today)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = _staff_label  # type: ignore[attr-defined]


def _staff_label(membership: Membership) -> str:
    return f"{membership.user.full_name} ({membership.get_role_display()})"
