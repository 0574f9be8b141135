"""Render Django form fields with GOV.UK Frontend classes and accessible descriptions."""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    # Django's CheckboxSelectMultiple is a kind of RadioSelect, so it must be asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    return "input"


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    widget = field.field.widget
    css = next((name for kind, name in _CLASSES.items() if isinstance(widget, kind)), "govuk-input")
    if field.errors:
        css += f" {css.split()[0]}--error"
    if isinstance(widget, forms.DateInput):
        css += " govuk-input--width-10"
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs: dict[str, str | bool] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
