"""Forms for a resident's record: one small form per part, with plain-words errors."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from commonroom.lib.dates import today
from commonroom.lib.text import join_list, split_list

from .models import (
    AboutMeSection,
    AssistiveTechnology,
    ConsentRecord,
    Interest,
    PersonalPlan,
    PlanOutcome,
    PlanReview,
    Resident,
    ResidentInterest,
    RiskDecision,
)

# Formats every browser shows; the stored name gets the extension of the format Pillow found,
# never the one the uploader typed.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """The browser's own time picker, given and read back as 14:30."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _not_future(day: dt.date | None, message: str) -> dt.date | None:
    if day is not None and day > today():
        raise forms.ValidationError(message)
    return day


def clean_image(upload: UploadedFile | None) -> UploadedFile | None:
    """Check a newly uploaded picture's size and format and give it an unguessable name."""
    if not isinstance(upload, UploadedFile):
        return upload
    limit = settings.COMMONROOM_MAX_PHOTO_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The picture is too big. Choose one smaller than %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    image = getattr(upload, "image", None)
    extension = IMAGE_FORMATS.get(getattr(image, "format", None) or "")
    if extension is None:
        raise forms.ValidationError(_("Choose a picture in JPG, PNG, WEBP or GIF format."))
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


_IMAGE_ERRORS = {"invalid_image": _("Choose a picture in JPG, PNG, WEBP or GIF format.")}


class LanguagesMixin(forms.ModelForm):
    """Other languages are typed as a comma-separated list and kept as a list."""

    other_languages = forms.CharField(
        label=_("Other languages spoken"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas, for example: Urdu, Punjabi."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["other_languages"] = join_list(self.instance.other_languages)

    def clean_other_languages(self) -> list[str]:
        return split_list(self.cleaned_data.get("other_languages") or "")


class AdmitForm(LanguagesMixin):
    class Meta:
        model = Resident
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "room",
            "admission_date",
            "first_language",
            "preferred_language",
            "other_languages",
            "culture",
            "faith",
        ]
        widgets = {"date_of_birth": DateInput, "admission_date": DateInput}

    def clean_admission_date(self) -> dt.date | None:
        return _not_future(
            self.cleaned_data.get("admission_date"),
            str(_("The date they moved in cannot be in the future.")),
        )

    def clean_date_of_birth(self) -> dt.date | None:
        return _not_future(
            self.cleaned_data.get("date_of_birth"),
            str(_("The date of birth cannot be in the future.")),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["full_name", "preferred_name", "pronouns", "date_of_birth", "room"]
        widgets = {"date_of_birth": DateInput}

    def clean_date_of_birth(self) -> dt.date | None:
        return _not_future(
            self.cleaned_data.get("date_of_birth"),
            str(_("The date of birth cannot be in the future.")),
        )


class CommunicationForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = [
            "sight",
            "hearing",
            "speech",
            "memory",
            "has_dementia",
            "self_report",
            "how_to_communicate",
            "mobility",
            "mobility_notes",
        ]
        widgets = {
            "sight": forms.RadioSelect,
            "hearing": forms.RadioSelect,
            "speech": forms.RadioSelect,
            "memory": forms.RadioSelect,
            "self_report": forms.RadioSelect,
            "mobility": forms.RadioSelect,
            "how_to_communicate": forms.Textarea(attrs={"rows": 4}),
            "mobility_notes": forms.Textarea(attrs={"rows": 3}),
        }


class LanguagesForm(LanguagesMixin):
    class Meta:
        model = Resident
        fields = [
            "first_language",
            "preferred_language",
            "other_languages",
            "culture",
            "faith",
            "faith_practice",
        ]
        widgets = {"faith_practice": forms.Textarea(attrs={"rows": 3})}


class TechnologyForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["video_calls", "devices"]
        widgets = {"video_calls": forms.RadioSelect}


class AmbitionsForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["ambitions", "getting_out"]
        widgets = {
            "ambitions": forms.Textarea(attrs={"rows": 4}),
            "getting_out": forms.Textarea(attrs={"rows": 4}),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=Resident.Status.choices, widget=forms.RadioSelect
    )
    started_on = forms.DateField(label=_("From"), widget=DateInput)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("For example: which hospital, or where they are staying."),
    )

    def __init__(self, *args: Any, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == self.resident.status:
            raise forms.ValidationError(_("Choose a status different from the current one."))
        return str(status)

    def clean_started_on(self) -> dt.date:
        started_on: dt.date = self.cleaned_data["started_on"]
        if started_on > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if started_on < self.resident.admission_date:
            raise forms.ValidationError(_("The date cannot be before they moved in."))
        return started_on


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["photo", "photo_description"]
        widgets = {"photo": forms.FileInput(attrs={"accept": "image/*"})}
        help_texts = {
            "photo_description": _(
                "Describe the photo for people who cannot see it, for example: "
                "Peggy smiling in the garden."
            )
        }
        error_messages = {"photo": _IMAGE_ERRORS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = True
        self.fields["photo_description"].required = True

    def clean_photo(self) -> UploadedFile | None:
        return clean_image(self.cleaned_data.get("photo"))


class AboutMeForm(forms.ModelForm):
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    class Meta:
        model = AboutMeSection
        fields = ["text", "picture", "picture_description", "supported_by"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "picture": forms.FileInput(attrs={"accept": "image/*"}),
        }
        error_messages = {"picture": _IMAGE_ERRORS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.picture:
            del self.fields["remove_picture"]

    def clean_picture(self) -> UploadedFile | None:
        return clean_image(self.cleaned_data.get("picture"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new_upload = isinstance(cleaned.get("picture"), UploadedFile)
        if cleaned.get("remove_picture") and not new_upload:
            # False tells the file field to clear itself when the form is saved.
            cleaned["picture"], cleaned["picture_description"] = False, ""
        if cleaned.get("picture") and not cleaned.get("picture_description"):
            self.add_error(
                "picture_description",
                _("Describe the picture for people who cannot see it."),
            )
        if not cleaned.get("text") and not cleaned.get("picture"):
            self.add_error("text", _("Write something, or add a picture."))
        return cleaned


def interest_choices() -> list[tuple[str, Any]]:
    """The taxonomy grouped by category, in the order the categories are defined."""
    order = list(Interest.Category.values)
    groups: dict[str, list[tuple[str, str]]] = {}
    for interest in sorted(Interest.objects.all(), key=lambda i: (order.index(i.category), i.name)):
        groups.setdefault(str(interest.get_category_display()), []).append(
            (interest.slug, str(interest))
        )
    return [("", _("Choose an interest")), *groups.items()]


class InterestForm(forms.Form):
    interest = forms.ChoiceField(label=_("Interest"), required=False)
    detail = forms.CharField(
        label=_("In their words"),
        required=False,
        max_length=200,
        help_text=_(
            'Add detail, or write an interest that is not in the list, for example "Brass '
            'bands, especially Black Dyke".'
        ),
    )
    when = forms.ChoiceField(
        label=_("When"),
        choices=ResidentInterest.When.choices,
        initial=ResidentInterest.When.PRESENT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interest"].choices = interest_choices()  # type: ignore[attr-defined]

    def clean_interest(self) -> Interest | None:
        slug = self.cleaned_data.get("interest")
        return Interest.objects.filter(slug=slug).first() if slug else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("interest") and not cleaned.get("detail"):
            self.add_error("interest", _("Choose an interest from the list or write one in."))
        return cleaned


class AssistiveTechnologyForm(forms.ModelForm):
    class Meta:
        model = AssistiveTechnology
        fields = ["kind", "description", "last_checked_on", "next_check_on"]
        widgets = {"last_checked_on": DateInput, "next_check_on": DateInput}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        last, next_ = cleaned.get("last_checked_on"), cleaned.get("next_check_on")
        if last and last > today():
            self.add_error("last_checked_on", _("The last check cannot be in the future."))
        if last and next_ and next_ <= last:
            self.add_error("next_check_on", _("The next check must be after the last check."))
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = [
            "purpose",
            "decision",
            "given_by",
            "representative_name",
            "representative_authority",
            "decided_on",
            "notes",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "decision": forms.RadioSelect,
            "given_by": forms.RadioSelect,
            "decided_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("purpose", "decision", "given_by"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0]]  # type: ignore[attr-defined]

    def clean_decided_on(self) -> dt.date | None:
        return _not_future(
            self.cleaned_data.get("decided_on"), str(_("The date cannot be in the future."))
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        by_representative = cleaned.get("given_by") == ConsentRecord.GivenBy.REPRESENTATIVE
        if by_representative and not cleaned.get("representative_name"):
            self.add_error(
                "representative_name",
                _("Give the name of the representative who made this decision."),
            )
        return cleaned


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = PlanOutcome
        fields = ["outcome", "support", "agreed_with_person", "status"]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "support": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }


class ReviewIntervalForm(forms.ModelForm):
    class Meta:
        model = PersonalPlan
        fields = ["review_every_months"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["review_every_months"]
        field.help_text = _("Between 1 and 24 months.")

    def clean_review_every_months(self) -> int:
        months = int(self.cleaned_data["review_every_months"])
        if not 1 <= months <= 24:
            raise forms.ValidationError(_("Choose a number of months between 1 and 24."))
        return months


class PlanReviewForm(forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = ["reviewed_on", "participants", "person_took_part", "summary"]
        widgets = {"reviewed_on": DateInput, "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean_reviewed_on(self) -> dt.date:
        reviewed_on: dt.date = self.cleaned_data["reviewed_on"]
        if reviewed_on > today():
            raise forms.ValidationError(_("The review date cannot be in the future."))
        if reviewed_on < self.resident.admission_date:
            raise forms.ValidationError(_("The review date cannot be before they moved in."))
        return reviewed_on


class RiskDecisionForm(forms.ModelForm):
    class Meta:
        model = RiskDecision
        fields = ["choice", "risk", "support", "agreed_by", "decided_on", "review_on"]
        widgets = {
            "choice": forms.Textarea(attrs={"rows": 3}),
            "risk": forms.Textarea(attrs={"rows": 3}),
            "support": forms.Textarea(attrs={"rows": 3}),
            "decided_on": DateInput,
            "review_on": DateInput,
        }
        help_texts = {
            "agreed_by": _("For example: Peggy, her son David, manager Lisa, GP."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        decided_on, review_on = cleaned.get("decided_on"), cleaned.get("review_on")
        if decided_on and decided_on > today():
            self.add_error("decided_on", _("The date agreed cannot be in the future."))
        if decided_on and review_on and review_on <= decided_on:
            self.add_error("review_on", _("The review date must be after the date agreed."))
        return cleaned


class InviteResidentForm(forms.Form):
    full_name = forms.CharField(label=_("Their full name"), max_length=200)
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("We will email them a link to choose a password and sign in."),
    )
