from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class TrailFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What was done"),
        required=False,
        choices=[("", _("Everything")), *AuditEntry.Action.choices],
    )
