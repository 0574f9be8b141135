"""The upload form, and one form per CSV row so that every row meets the same rules (and gets
the same translated messages) as a person typing it in."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commonroom.circle.models import Contact
from commonroom.lib.dates import add_months, today
from commonroom.residents.forms import AdmitForm, DateInput
from commonroom.residents.models import Resident

from .columns import CONTACT_FIELDS, LIMITS, PEOPLE_KINDS, RESIDENT_FIELDS, Kind
from .csvfile import DATE_FORMATS, too_big_message

# English and Welsh answers, so a Welsh-speaking home can fill in its own spreadsheet.
YES = frozenset({"yes", "y", "true", "1", "ie", "oes", "do", "ydy"})
NO = frozenset({"no", "n", "false", "0", "", "na", "nac oes", "naddo", "nac ydy"})


class CsvUploadForm(forms.Form):
    """A CSV file no bigger than its kind allows."""

    max_bytes = LIMITS[Kind.RESIDENTS].max_bytes

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Up to 5 MB and 5,000 rows. The first row must name the columns."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise ValidationError(too_big_message(self.max_bytes))
        return upload


class UploadForm(CsvUploadForm):
    kind = forms.ChoiceField(
        label=_("What is in the file?"), choices=PEOPLE_KINDS, widget=forms.RadioSelect
    )
    field_order = ["kind", "file"]


class HistoryUploadForm(CsvUploadForm):
    """Past moments of the connection log: years of them, so a bigger file."""

    max_bytes = LIMITS[Kind.MOMENTS].max_bytes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "history_%s")
        super().__init__(*args, **kwargs)
        # Its own label: the people upload on the same page is also a CSV file.
        self.fields["file"].label = _("CSV file of past moments")
        self.fields["file"].help_text = _(
            "Up to 20 MB and 100,000 rows. The first row must name the columns."
        )


class PeriodForm(forms.Form):
    """Which moments to download: from and to a day, both included. A date left out is that
    end of the last twelve months."""

    from_date = forms.DateField(label=_("From"), widget=DateInput, required=False)
    to_date = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "period_%s")
        start, end = self.default()
        kwargs.setdefault("initial", {"from_date": start, "to_date": end})
        super().__init__(*args, **kwargs)

    @staticmethod
    def default() -> tuple[dt.date, dt.date]:
        """The last twelve months, today included."""
        end = today()
        return add_months(end, -12) + dt.timedelta(days=1), end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        start, end = self.default()
        data["from_date"] = data.get("from_date") or start
        data["to_date"] = data.get("to_date") or end
        if not self.errors and data["to_date"] < data["from_date"]:
            self.add_error("to_date", _("The end of the period cannot be before its start."))
        return data


class CsvDateField(forms.DateField):
    input_formats = DATE_FORMATS
    default_error_messages = {
        "invalid": _("Enter a date as YYYY-MM-DD or DD/MM/YYYY, for example 2024-03-31."),
    }


class YesNoField(forms.Field):
    """yes or no in English or Welsh (also y/n, true/false, 1/0, any case); empty means no."""

    default_error_messages = {"invalid": _("Enter yes or no.")}

    def to_python(self, value: Any) -> bool:
        text = str(value or "").strip().casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def _english(label: Any) -> str:
    with translation.override("en"):
        return str(label)


class LenientChoiceField(forms.ChoiceField):
    """Accepts a choice's stored value or its label (in English or the reader's language), in
    any letter case. Empty means the model's default."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of the choices. Use one of: %(choices)s."),
    }

    def __init__(self, *, choices: list[tuple[str, Any]], default: str = "", **kwargs: Any) -> None:
        self.default = default
        self.pairs = list(choices)
        # Shared by every copy of the field (forms copy fields shallowly), so each language's
        # table is built once, not once per row.
        self.lookups: dict[str, dict[str, str]] = {}
        super().__init__(choices=choices, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value).strip()
        if not text:
            return self.default
        return self._lookup().get(text.casefold(), text)

    def _lookup(self) -> dict[str, str]:
        language = translation.get_language() or ""
        if language not in self.lookups:
            table = {}
            for stored, label in self.pairs:
                for name in (_english(label), str(label), str(stored)):
                    table[name.casefold()] = str(stored)
            self.lookups[language] = table
        return self.lookups[language]

    def validate(self, value: Any) -> None:
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return
        if not self.valid_value(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value, "choices": ", ".join(self._values())},
            )

    def _values(self) -> Iterable[str]:
        return (str(stored) for stored, _label in self.pairs if stored)


def _lenient(model_field: Any, **kwargs: Any) -> forms.Field:
    """A lenient choice field for a model field with choices; the default form field otherwise."""
    if model_field.choices:
        default = model_field.default if isinstance(model_field.default, str) else ""
        return LenientChoiceField(
            choices=model_field.choices,
            default=default,
            required=not model_field.blank and not default,
            label=model_field.verbose_name,
        )
    return model_field.formfield(**kwargs)


class ResidentRowForm(AdmitForm):
    """Admitting someone by hand, plus the rest of the record that the file can carry."""

    date_of_birth = CsvDateField(label=_("date of birth"), required=False)
    admission_date = CsvDateField(label=_("date moved in"))
    status_since = CsvDateField(
        label=_("status since"),
        required=False,
        help_text=_("Empty means the date they moved in."),
    )
    has_dementia = YesNoField(label=_("living with dementia"), required=False)

    class Meta:
        model = Resident
        fields = RESIDENT_FIELDS
        formfield_callback = _lenient

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        born, moved_in = data.get("date_of_birth"), data.get("admission_date")
        if born and moved_in and moved_in < born:
            self.add_error("admission_date", _("The date moved in is before the date of birth."))
        if moved_in and not data.get("status_since") and "status_since" not in self.errors:
            data["status_since"] = moved_in
        since = data.get("status_since")
        if moved_in and since and since < moved_in:
            self.add_error("status_since", _("The date cannot be before they moved in."))
        return data


class ContactRowForm(forms.ModelForm):
    may_receive_updates = YesNoField(label=_("may receive updates"), required=False)
    has_door_code = YesNoField(label=_("has a door code"), required=False)
    is_representative = YesNoField(label=_("legal representative"), required=False)

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        formfield_callback = _lenient
