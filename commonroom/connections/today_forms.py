"""Forms of the "who needs connection today" pages: marking a reason as understood, and a
manager's tuning of the rules. The rules of what may be stored live in ``services.today``."""

import datetime as dt
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from commonroom.lib.dates import today
from commonroom.residents.forms import DateInput

from . import rules
from .services.today import NOTE_MAX, default_review_on


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What is understood"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('For example: "Prefers her own company; reviewed with her on 3 May."'),
        error_messages={
            "required": _("Say what is understood, for example what the person wants."),
            "max_length": _("Keep the note to 1000 characters or fewer."),
        },
    )
    review_on = forms.DateField(
        label=_("Look again on"),
        widget=DateInput,
        help_text=_("Until then the reason is shown as understood and does not count."),
        error_messages={
            "required": _("Give the date to look at this again."),
            "invalid": _("Give the date as day, month and year, for example 3 August 2026."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_on"].initial = default_review_on

    def clean_review_on(self) -> dt.date:
        review_on: dt.date = self.cleaned_data["review_on"]
        if review_on <= today():
            raise forms.ValidationError(_("The review date must be in the future."))
        return review_on


def _number_messages(rule: rules.Rule, low: int, high: int) -> dict[str, Any]:
    message = _("%(rule)s: give a whole number from %(min)d to %(max)d.") % {
        "rule": rule.name,
        "min": low,
        "max": high,
    }
    return {key: message for key in ("required", "invalid", "min_value", "max_value")}


class RulesForm(forms.Form):
    """Every rule at once: in use or not, its threshold (where it has one) and its weight."""

    def __init__(self, *args: Any, configs: dict[str, rules.RuleConfig], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for rule in rules.RULES:
            config = configs[rule.code]
            self.fields[f"{rule.code}-enabled"] = forms.BooleanField(
                label=_("Use this rule"), required=False, initial=config.enabled
            )
            if rule.threshold is not None:
                self.fields[f"{rule.code}-threshold"] = forms.IntegerField(
                    label=_("Threshold (%(unit)s)") % {"unit": rule.unit},
                    min_value=rule.minimum,
                    max_value=rule.maximum,
                    initial=config.threshold,
                    help_text=_("Default: %(value)d") % {"value": rule.threshold},
                    error_messages=_number_messages(rule, rule.minimum, rule.maximum),
                )
            self.fields[f"{rule.code}-weight"] = forms.IntegerField(
                label=_("Weight"),
                min_value=1,
                max_value=rules.MAX_WEIGHT,
                initial=config.weight,
                help_text=_("Default: %(value)d. A heavier reason moves a person up the list.")
                % {"value": rule.weight},
                error_messages=_number_messages(rule, 1, rules.MAX_WEIGHT),
            )

    def rows(self) -> list[tuple[rules.Rule, list[BoundField]]]:
        """Each rule with its fields, for one fieldset per rule."""
        return [
            (rule, [self[name] for name in self.fields if name.startswith(f"{rule.code}-")])
            for rule in rules.RULES
        ]

    def configs(self) -> dict[str, rules.RuleConfig]:
        data = self.cleaned_data
        return {
            rule.code: rules.RuleConfig(
                enabled=bool(data.get(f"{rule.code}-enabled")),
                threshold=data.get(f"{rule.code}-threshold"),
                weight=data[f"{rule.code}-weight"],
            )
            for rule in rules.RULES
        }
