"""Loneliness measures: recording them with their raw answers, reading them against the home's
bands, and following the people who cannot answer through how they seem in daily life.

Scoring itself lives in ``connections.scales`` (no database); this module stores and reads."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from commonroom.audit.services import Action, record
from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.residents.models import Resident

from .. import scales
from ..models import Instrument, LonelinessMeasure, ScaleBands, WeeklyConnection
from .moments import EARLIEST, TOO_EARLY
from .rollups import monday_of

Respondent = LonelinessMeasure.Respondent
AUDITED_FIELDS = ("instrument", "answered_on", "respondent", "proxy_name", "answers", "notes")
BAND_FIELDS = ("ucla_lonely_from", "djg_moderate_from", "djg_severe_from", "ons_lonely_answers")
OBSERVED_WEEKS = 26
MAX_NOTES = 2000
"""Six months of weeks: long enough to see a slow decline in how someone takes part, which is
what a measure would show for a person who could answer one."""


class MeasureError(ValueError):
    """A measure or a set of bands that cannot be stored as given; ``field`` names the input at
    fault (None for the answers as a whole)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def record_measure(
    home: Home,
    resident: Resident,
    instrument: str,
    answers: Mapping[str, str | None],
    *,
    answered_on: dt.date,
    respondent: str,
    proxy_name: str = "",
    notes: str = "",
    actor: Any,
) -> LonelinessMeasure:
    """Store one completed instrument for ``resident``: every item's raw answer (None where the
    person gave none) and the scores by the authors' rules, which stay empty when an answer is
    missing. Raises ``MeasureError`` for input that cannot stand."""
    scale = _scale(instrument)
    try:
        cleaned = scales.clean_answers(scale, answers)
    except scales.ScaleError as error:
        raise MeasureError(None, str(error)) from error
    _check(home, resident, answered_on, respondent, proxy_name)
    if all(answer is None for answer in cleaned.values()):
        raise MeasureError(None, _("Give the answer to at least one question."))
    if len(notes) > MAX_NOTES:
        raise MeasureError("notes", _("Keep the notes under 2,000 characters."))
    scores = scales.score(scale, cleaned)
    measure = LonelinessMeasure(
        home=home,
        organisation_id=home.organisation_id,
        resident=resident,
        instrument=instrument,
        answered_on=answered_on,
        respondent=respondent,
        proxy_name=proxy_name.strip() if respondent == Respondent.PROXY else "",
        answers=cleaned,
        total=scores.total,
        social=scores.social,
        emotional=scores.emotional,
        notes=notes.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        measure.save()
        record(
            actor,
            Action.CREATE,
            measure,
            home=home,
            resident_code=resident.code,
            fields=AUDITED_FIELDS,
        )
    return measure


def _scale(instrument: str) -> scales.Scale:
    if instrument not in Instrument.values:
        raise MeasureError("instrument", _("Choose a measure."))
    return scales.scale_for(instrument)


def _check(
    home: Home, resident: Resident, answered_on: dt.date, respondent: str, proxy_name: str
) -> None:
    if resident.home_id != home.pk:
        raise MeasureError(None, "The resident does not live in this home.")
    if answered_on > today():
        raise MeasureError("answered_on", _("The date cannot be in the future."))
    if answered_on < EARLIEST.date():
        raise MeasureError("answered_on", str(TOO_EARLY))
    if not resident.is_current and answered_on > resident.status_since:
        ended = formats.date_format(resident.status_since, "j F Y")
        if resident.status == Resident.Status.DIED:
            message = _("This is after they died, on %(date)s.")
        else:
            message = _("This is after they moved out, on %(date)s.")
        raise MeasureError("answered_on", message % {"date": ended})
    if respondent not in Respondent.values:
        raise MeasureError("respondent", _("Choose who answered."))
    if respondent == Respondent.PROXY and not proxy_name.strip():
        raise MeasureError(
            "proxy_name", _("Give the name of the person who answered, and how they know them.")
        )


def measures_for(resident: Resident) -> QuerySet[LonelinessMeasure]:
    """Every measure of ``resident``, oldest first, with who recorded it."""
    return (
        LonelinessMeasure.objects.filter(home_id=resident.home_id, resident=resident)
        .select_related("recorded_by")
        .order_by("answered_on", "id")
    )


def reading(measure: LonelinessMeasure, cutoffs: scales.Cutoffs) -> scales.Band | None:
    """How a stored measure reads against the home's cut-offs, rescored from its raw answers;
    None when it cannot be read (an answer is missing)."""
    return scales.band_for(scales.scale_for(measure.instrument), measure.answers, cutoffs)


def cutoffs_for(home: Home) -> scales.Cutoffs:
    """The home's cut-offs, or the published defaults when the home has not set its own."""
    bands = ScaleBands.objects.filter(home=home).first()
    return _as_cutoffs(bands) if bands is not None else scales.DEFAULT_CUTOFFS


def _as_cutoffs(bands: ScaleBands) -> scales.Cutoffs:
    return scales.Cutoffs(
        ucla_lonely_from=bands.ucla_lonely_from,
        djg_moderate_from=bands.djg_moderate_from,
        djg_severe_from=bands.djg_severe_from,
        ons_lonely_answers=tuple(bands.ons_lonely_answers),
    )


def save_cutoffs(home: Home, cutoffs: scales.Cutoffs, *, actor: Any) -> ScaleBands:
    """Set the home's cut-offs, audited. Raises ``MeasureError`` for cut-offs that cannot
    stand (out of the published range, or severe not above moderate)."""
    problems = scales.cutoff_problems(cutoffs)
    if problems:
        field, message = next(iter(problems.items()))
        raise MeasureError(field, str(message))
    with transaction.atomic():
        bands = ScaleBands.objects.select_for_update().filter(home=home).first()
        created = bands is None
        bands = bands or ScaleBands(home=home)
        before = _as_cutoffs(bands)
        for name in BAND_FIELDS:
            setattr(bands, name, getattr(cutoffs, name))
        bands.ons_lonely_answers = list(cutoffs.ons_lonely_answers)
        bands.save()
        changed = [name for name in BAND_FIELDS if getattr(before, name) != getattr(cutoffs, name)]
        action = Action.CREATE if created else Action.UPDATE
        record(actor, action, bands, home=home, fields=changed)
    return bands


@dataclass(frozen=True)
class LonelyReading:
    """The most recent measure that reads as lonely, as the early warning shows it."""

    instrument: str
    instrument_label: scales.Text
    answered_on: dt.date
    band_label: scales.Text
    level: int
    """1 lonely (or moderately lonely), 2 severely lonely: for ordering by need."""


def latest_lonely_measures(
    home: Home,
    residents: Iterable[Resident | int],
    bands: scales.Cutoffs | None,
    since: dt.date,
) -> dict[int, LonelyReading]:
    """Per resident id, the most recent measure answered on or after ``since`` that reads as
    lonely against ``bands`` (the home's own when None). Residents without one are left out.

    Each instrument's newest readable measure stands for that instrument: someone who scored
    lonely on the UCLA-3 in March and not lonely in May is not reported, while an incomplete
    measure, which cannot be read, hides nothing. One query, two when ``bands`` is None."""
    cutoffs = bands if bands is not None else cutoffs_for(home)
    ids = [getattr(person, "pk", person) for person in residents]
    rows = (
        LonelinessMeasure.objects.filter(home=home, resident_id__in=ids, answered_on__gte=since)
        .order_by("resident_id", "-answered_on", "-id")
        .only("resident_id", "instrument", "answered_on", "answers")
    )
    found: dict[int, LonelyReading] = {}
    settled: set[tuple[int, str]] = set()
    for measure in rows:
        key = (measure.resident_id, measure.instrument)
        band = None if key in settled else reading(measure, cutoffs)
        if band is None:
            continue
        settled.add(key)
        if band.lonely and measure.resident_id not in found:
            found[measure.resident_id] = _lonely_reading(measure, band)
    return found


def _lonely_reading(measure: LonelinessMeasure, band: scales.Band) -> LonelyReading:
    return LonelyReading(
        instrument=measure.instrument,
        instrument_label=Instrument(measure.instrument).label,
        answered_on=measure.answered_on,
        band_label=band.label,
        level=band.level,
    )


@dataclass(frozen=True)
class EngagementWeek:
    week: dt.date
    """The Monday the week starts on."""
    moments: int
    declined: int
    average: float | None
    """How the person seemed, 1 (low or upset) to 4 (really enjoyed it), over the moments they
    took part in; None when none was rated."""

    @property
    def share_declined(self) -> float | None:
        offered = self.moments + self.declined
        return self.declined / offered if offered else None


@dataclass(frozen=True)
class ObservedEngagement:
    weeks: list[EngagementWeek]
    """Every week, oldest first, including weeks with nothing recorded."""
    average: float | None
    share_declined: float | None


def observed_engagement(
    home: Home, resident: Resident, *, weeks: int = OBSERVED_WEEKS, on: dt.date | None = None
) -> ObservedEngagement:
    """How ``resident`` seemed in recorded moments, week by week over the last ``weeks`` weeks
    (this one included), from the weekly roll-ups: for people who cannot answer a measure. One
    query."""
    this_week = monday_of(on or today())
    first = this_week - dt.timedelta(weeks=weeks - 1)
    rows = {
        row["week"]: row
        for row in WeeklyConnection.objects.filter(
            home=home, resident=resident, week__gte=first, week__lte=this_week
        ).values("week", "moments", "declined", "engagement_sum", "engagement_count")
    }
    series = [_week(first + dt.timedelta(weeks=n), rows) for n in range(weeks)]
    return ObservedEngagement(
        weeks=series,
        average=_ratio(
            sum(r["engagement_sum"] for r in rows.values()),
            sum(r["engagement_count"] for r in rows.values()),
        ),
        share_declined=_ratio(
            sum(r["declined"] for r in rows.values()),
            sum(r["moments"] + r["declined"] for r in rows.values()),
        ),
    )


def _week(week: dt.date, rows: Mapping[dt.date, Mapping[str, Any]]) -> EngagementWeek:
    row = rows.get(week)
    if row is None:
        return EngagementWeek(week=week, moments=0, declined=0, average=None)
    return EngagementWeek(
        week=week,
        moments=row["moments"],
        declined=row["declined"],
        average=_ratio(row["engagement_sum"], row["engagement_count"]),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
