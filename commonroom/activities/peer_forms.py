"""Forms for the peers pages: accepting a suggestion, seating a meal, a volunteer's profile."""

from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from commonroom.residents.models import Interest, Resident

from .matching import DAYS, PARTS, SLOTS
from .services.peers import ProfileInput

PART_LABELS = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}


def slot_label(slot: str) -> str:
    """ "thu_afternoon" as "Thursday afternoon", in the reader's language."""
    day, part = slot.split("_", 1)
    return str(
        _("%(day)s %(part)s") % {"day": WEEKDAYS[DAYS.index(day)], "part": PART_LABELS[part]}
    )


class PairForm(forms.Form):
    """Two residents named by their codes, as a suggestion's button sends them."""

    first = forms.UUIDField(label=_("First person"))
    second = forms.UUIDField(label=_("Second person"))


class SeatingForm(forms.Form):
    table_size = forms.IntegerField(
        label=_("People at each table"), min_value=2, max_value=12, initial=4
    )
    quiet_tables = forms.IntegerField(
        label=_("Quieter tables"),
        min_value=0,
        max_value=20,
        initial=1,
        help_text=_(
            "How many tables are in a quieter spot, away from the kitchen and the television. "
            "People with hearing needs are seated there first."
        ),
    )
    residents = forms.MultipleChoiceField(
        label=_("Who is eating"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, residents: list[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_code = {str(resident.code): resident for resident in residents}
        field = self.fields["residents"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(code, r.display_name) for code, r in self.by_code.items()]
        field.initial = list(self.by_code)

    def eating(self) -> list[Resident]:
        return [self.by_code[code] for code in self.cleaned_data["residents"]]


class VolunteerProfileForm(forms.Form):
    languages = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        max_length=300,
        help_text=_("Separate languages with commas, for example: Welsh, Punjabi."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When they can come"),
        required=False,
        choices=[(slot, slot) for slot in SLOTS],
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def to_input(self) -> ProfileInput:
        data = self.cleaned_data
        languages = [part.strip() for part in data["languages"].split(",") if part.strip()]
        return ProfileInput(
            languages=list(dict.fromkeys(languages)),
            interests=list(data["interests"]),
            availability=list(data["availability"]),
            notes=data["notes"].strip(),
        )

    def grid(self) -> list[tuple[str, list[tuple[Any, str]]]]:
        """The availability checkboxes as a week: one row per day, one column per part of the
        day, each box with its full label ("Monday morning") for screen readers."""
        boxes = {box.data["value"]: box for box in self["availability"]}
        return [
            (
                str(WEEKDAYS[index]),
                [(boxes[f"{day}_{part}"], slot_label(f"{day}_{part}")) for part in PARTS],
            )
            for index, day in enumerate(DAYS)
        ]
