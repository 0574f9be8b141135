"""Validated loneliness measures, kept with their raw answers so they can be rescored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonroom.homes.models import Home, TenantModel
from commonroom.residents.models import Resident


class Instrument(models.TextChoices):
    ONS = "ons", _("ONS direct question")
    UCLA3 = "ucla3", _("UCLA 3-item loneliness scale")
    DJG6 = "djg6", _("De Jong Gierveld 6-item loneliness scale")


class LonelinessMeasure(TenantModel):
    """One completed instrument: every item's raw answer, and the scores its authors define
    (empty when answers are missing, since the published rules score complete sets only)."""

    class Respondent(models.TextChoices):
        SELF = "self", _("The person themselves")
        SUPPORTED = "supported", _("The person, with support")
        PROXY = "proxy", _("Someone answering for them (proxy)")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(_("measure"), max_length=10, choices=Instrument.choices)
    answered_on = models.DateField(_("date"))
    respondent = models.CharField(_("who answered"), max_length=10, choices=Respondent.choices)
    proxy_name = models.CharField(_("proxy's name and relationship"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    total = models.PositiveSmallIntegerField(null=True)
    social = models.PositiveSmallIntegerField(null=True)
    emotional = models.PositiveSmallIntegerField(null=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-answered_on", "-id"]
        verbose_name = _("loneliness measure")
        indexes = [
            models.Index(fields=["resident", "answered_on"], name="measure_resident_date_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.answered_on}"


def _ons_lonely_default() -> list[str]:
    return ["often"]


class ScaleBands(models.Model):
    """A home's cut-offs for reading scores as bands. Cut-offs for UCLA-3 are not standardised,
    so they are the home's choice; the defaults are the commonest published ones."""

    home = models.OneToOneField(Home, on_delete=models.CASCADE, primary_key=True, related_name="+")
    ucla_lonely_from = models.PositiveSmallIntegerField(
        _("UCLA-3: lonely from a total of"),
        default=6,
        help_text=_("Totals run from 3 to 9. Many studies use 6; some use 4."),
    )
    djg_moderate_from = models.PositiveSmallIntegerField(
        _("De Jong Gierveld: moderately lonely from"),
        default=2,
        help_text=_("Totals run from 0 to 6. Statistics Netherlands uses 2."),
    )
    djg_severe_from = models.PositiveSmallIntegerField(
        _("De Jong Gierveld: severely lonely from"),
        default=5,
        help_text=_("Statistics Netherlands uses 5."),
    )
    ons_lonely_answers = models.JSONField(
        _("ONS: answers read as lonely"),
        default=_ons_lonely_default,
        help_text=_('"Often or always" is the usual indicator of chronic loneliness.'),
    )

    class Meta:
        verbose_name = _("loneliness score bands")

    def __str__(self) -> str:
        return f"Bands for {self.home_id}"
