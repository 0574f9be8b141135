"""Loneliness measures: one person's scores over time, recording a measure, the home's bands."""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.lib.dates import today
from commonroom.residents.access import get_resident_for_user
from commonroom.residents.forms import DateInput
from commonroom.residents.models import Resident
from commonroom.residents.views.common import data

from .. import measure_charts, scales
from ..models import Engagement, Instrument, LonelinessMeasure
from ..services.measures import (
    MAX_NOTES,
    MeasureError,
    ObservedEngagement,
    cutoffs_for,
    measures_for,
    observed_engagement,
    reading,
    record_measure,
    save_cutoffs,
)

Respondent = LonelinessMeasure.Respondent


class Radios(forms.RadioSelect):
    """Radios whose error-summary link goes to the first answer, as GOV.UK asks."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class Checkboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class MeasureForm(forms.Form):
    answered_on = forms.DateField(
        label=gettext_lazy("Date answered"),
        widget=DateInput,
        error_messages={
            "required": gettext_lazy("Enter the date the questions were answered."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    respondent = forms.ChoiceField(
        label=gettext_lazy("Who answered"),
        choices=Respondent.choices,
        widget=Radios,
        error_messages={"required": gettext_lazy("Choose who answered.")},
    )
    proxy_name = forms.CharField(
        label=gettext_lazy("Name of the person who answered for them"),
        help_text=gettext_lazy(
            "Only when someone answered for them: their name and how they know the person, "
            "for example Susan Ellis, daughter."
        ),
        max_length=200,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        help_text=gettext_lazy("For example, anything about the day that may have affected it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_NOTES,
        required=False,
        error_messages={"max_length": gettext_lazy("Keep the notes under 2,000 characters.")},
    )

    def __init__(self, scale: scales.Scale, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        notes = self.fields.pop("notes")
        for item in scale.items:
            self.fields[f"item_{item.key}"] = forms.ChoiceField(
                label=item.text,
                choices=[(option.key, option.label) for option in scale.options],
                widget=Radios,
                required=False,
            )
        self.fields["notes"] = notes

    def clean_answered_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["answered_on"]
        if day > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("respondent") == Respondent.PROXY and not cleaned.get("proxy_name"):
            self.add_error(
                "proxy_name",
                _("Give the name of the person who answered, and how they know them."),
            )
        return cleaned

    def answers(self) -> dict[str, str | None]:
        return {
            item.key: self.cleaned_data.get(f"item_{item.key}") or None for item in self.scale.items
        }


def _number() -> forms.TextInput:
    # GOV.UK asks for a text input that brings up the number keypad, not type="number".
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


class BandsForm(forms.Form):
    ucla_lonely_from = forms.IntegerField(
        label=gettext_lazy("UCLA 3-item scale: read as lonely from a total of"),
        help_text=gettext_lazy(
            "Totals run from 3 to 9. The default, 6, is the cut-off most studies use: 6 to 9 "
            "reads as lonely. Some studies use 4, which reads as lonely anyone who answers more "
            "than Hardly ever or never to any question. The ONS sets no cut-off."
        ),
        error_messages={"invalid": gettext_lazy("Enter a whole number.")},
        widget=_number(),
    )
    djg_moderate_from = forms.IntegerField(
        label=gettext_lazy("De Jong Gierveld scale: moderately lonely from a total of"),
        help_text=gettext_lazy(
            "Totals run from 0 to 6. The default, 2, is the cut-off of Statistics Netherlands "
            "(CBS): 0 and 1 read as not lonely."
        ),
        error_messages={"invalid": gettext_lazy("Enter a whole number.")},
        widget=_number(),
    )
    djg_severe_from = forms.IntegerField(
        label=gettext_lazy("De Jong Gierveld scale: severely lonely from a total of"),
        help_text=gettext_lazy(
            "The default, 5, is also the cut-off of Statistics Netherlands: 5 and 6 read as "
            "severely lonely, 2 to 4 as moderately lonely. It must be higher than the moderate "
            "cut-off."
        ),
        error_messages={"invalid": gettext_lazy("Enter a whole number.")},
        widget=_number(),
    )
    ons_lonely_answers = forms.MultipleChoiceField(
        label=gettext_lazy("ONS question: answers read as lonely"),
        help_text=gettext_lazy(
            "The default is Often/always, the ONS indicator of chronic loneliness. Add Some of "
            "the time to notice people sooner."
        ),
        choices=[(option.key, option.label) for option in scales.ONS_SCALE.options],
        widget=Checkboxes,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for name, problem in scales.cutoff_problems(self.cutoffs()).items():
            self.add_error(name, str(problem))
        return cleaned

    def cutoffs(self) -> scales.Cutoffs:
        values = self.cleaned_data
        return scales.Cutoffs(
            ucla_lonely_from=values["ucla_lonely_from"],
            djg_moderate_from=values["djg_moderate_from"],
            djg_severe_from=values["djg_severe_from"],
            ons_lonely_answers=tuple(values["ons_lonely_answers"]),
        )


@dataclass
class Row:
    """One measure as its table row shows it."""

    measure: LonelinessMeasure
    band: scales.Band | None
    answers: list[tuple[scales.Text, scales.Text | None]]
    ons_answer: scales.Text | None

    @property
    def missing(self) -> int:
        return sum(1 for _text, answer in self.answers if answer is None)


@dataclass
class Section:
    instrument: str
    label: str
    rows: list[Row]
    chart: measure_charts.Chart | None


@require_GET
def resident_measures(request: HomeRequest, resident: UUID) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.VIEW_CARE_DETAILS)
    observed = person.self_report == Resident.SelfReport.NO
    seen = ["loneliness_measures", *(["observed_engagement"] if observed else [])]
    record(
        request.user, Action.VIEW, person, home=request.home, resident_code=person.code, fields=seen
    )
    cutoffs = cutoffs_for(request.home)
    engagement = observed_engagement(request.home, person) if observed else None
    context = {
        "resident": person,
        "observed": engagement,
        "engagement_chart": _engagement_chart(engagement) if engagement else None,
        "engagement_levels": [level for level in Engagement if level != Engagement.DECLINED],
        "sections": _sections(list(measures_for(person)), cutoffs),
        "can_record": request.membership.can(Perm.RESPOND_TO_WARNINGS),
        "can_manage": request.membership.can(Perm.MANAGE_HOME),
    }
    return render(request, "connections/measures/resident.html", context)


def _sections(measures: list[LonelinessMeasure], cutoffs: scales.Cutoffs) -> list[Section]:
    sections = []
    for instrument, label in Instrument.choices:
        scale = scales.scale_for(instrument)
        rows = [_row(scale, m, cutoffs) for m in measures if m.instrument == instrument]
        if rows:
            chart = measure_charts.scale_chart(scale, [_sample(row) for row in rows], cutoffs)
            drawn = chart if chart.points else None
            sections.append(Section(instrument, str(label), rows, drawn))
    return sections


def _row(scale: scales.Scale, measure: LonelinessMeasure, cutoffs: scales.Cutoffs) -> Row:
    labels = {option.key: option.label for option in scale.options}
    answers = [(item.text, labels.get(measure.answers.get(item.key) or "")) for item in scale.items]
    ons_answer = answers[0][1] if scale.key == scales.ONS else None
    return Row(measure, reading(measure, cutoffs), answers, ons_answer)


def _sample(row: Row) -> measure_charts.Sample:
    measure = row.measure
    if measure.instrument == scales.ONS:
        value = measure_charts.ons_rank(measure.answers.get("lonely"))
        label = ""
    else:
        value = measure.total
        label = "" if value is None else str(value)
    lonely = row.band is not None and row.band.lonely
    return measure_charts.Sample(measure.answered_on, value, label, lonely)


def _engagement_chart(engagement: ObservedEngagement) -> measure_charts.Chart | None:
    samples = [
        measure_charts.Sample(week.week, week.average, f"{week.average:.1f}")
        if week.average is not None
        else measure_charts.Sample(week.week, None)
        for week in engagement.weeks
    ]
    if not any(sample.value is not None for sample in samples):
        return None
    ticks = [(float(level), str(level)) for level in range(1, 5)]
    return measure_charts.line_chart(samples, lowest=1, highest=4, ticks=ticks)


def _scale(instrument: str) -> scales.Scale:
    if instrument not in Instrument.values:
        raise Http404("No such measure.")
    return scales.scale_for(instrument)


def _measures_url(request: HomeRequest, person: Resident) -> str:
    return reverse("connections:measures", args=[request.home.slug, person.code])


@require_http_methods(["GET", "POST"])
def measure_add(request: HomeRequest, resident: UUID, instrument: str) -> HttpResponse:
    person = get_resident_for_user(request, resident, perm=Perm.RESPOND_TO_WARNINGS)
    scale = _scale(instrument)
    form = MeasureForm(scale, data(request), initial={"answered_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            measure = _save(request, person, form)
        except MeasureError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _saved_message(person, measure))
            return redirect(_measures_url(request, person))
    context = {
        "resident": person,
        "form": form,
        "instrument": Instrument(instrument),
        "back_url": _measures_url(request, person),
        "cannot_answer": person.self_report == Resident.SelfReport.NO,
    }
    status = 400 if form.errors else 200
    return render(request, "connections/measures/add.html", context, status=status)


def _save(request: HomeRequest, person: Resident, form: MeasureForm) -> LonelinessMeasure:
    values = form.cleaned_data
    return record_measure(
        request.home,
        person,
        form.scale.key,
        form.answers(),
        answered_on=values["answered_on"],
        respondent=values["respondent"],
        proxy_name=values["proxy_name"],
        notes=values["notes"],
        actor=request.user,
    )


def _saved_message(person: Resident, measure: LonelinessMeasure) -> str:
    names = {"measure": measure.get_instrument_display(), "name": person.preferred_name}
    if scales.is_complete(scales.scale_for(measure.instrument), measure.answers):
        return _("%(measure)s saved for %(name)s.") % names
    return (
        _(
            "%(measure)s saved for %(name)s. Not every question was answered, so there is no "
            "score: the authors' rules score complete sets of answers only."
        )
        % names
    )


@require(Perm.MANAGE_HOME)
@require_http_methods(["GET", "POST"])
def bands(request: HomeRequest) -> HttpResponse:
    current = cutoffs_for(request.home)
    initial = {**asdict(current), "ons_lonely_answers": list(current.ons_lonely_answers)}
    form = BandsForm(data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_cutoffs(request.home, form.cutoffs(), actor=request.user)
        except MeasureError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The score bands were saved."))
            return redirect("connections:measure_bands", home=request.home.slug)
    status = 400 if form.errors else 200
    context = {"form": form, "ons_field": form["ons_lonely_answers"]}
    return render(request, "connections/measures/bands.html", context, status=status)


urlpatterns = [
    path("residents/<uuid:resident>/measures/", resident_measures, name="measures"),
    path(
        "residents/<uuid:resident>/measures/add/<slug:instrument>/",
        measure_add,
        name="measure_add",
    ),
    path("measures/bands/", bands, name="measure_bands"),
]
