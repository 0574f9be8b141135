from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Home
from .roles import Role


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in Role if r not in {Role.FAMILY, Role.RESIDENT}],
        help_text=_(
            "Family members and residents are invited from the person's own page, "
            "so that their account is linked to the right person."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class HomeForm(forms.ModelForm):
    # The model allows any small number; a review interval of 0 or of years is a typing slip.
    plan_review_months = forms.IntegerField(
        label=_("Personal plan review interval (months)"),
        min_value=1,
        max_value=24,
        help_text=_("Used when a plan has no review date of its own."),
    )

    class Meta:
        model = Home
        fields = ["name", "nation", "address", "phone", "plan_review_months"]
