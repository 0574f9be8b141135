"""Readable names for what an audit entry touched, worked out when the trail is shown.

Entries store the model's verbose name in the site's default language and raw field names (see
``services.record``), so the trail can be shown in each reader's own language.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import capfirst


@cache
def _models_by_type() -> dict[str, type[models.Model]]:
    with translation.override(settings.LANGUAGE_CODE):
        return {str(model._meta.verbose_name): model for model in apps.get_models()}


def record_type_label(object_type: str) -> str:
    """The kind of record (``"Contact"``), in the reader's language where the model is known."""
    model = _models_by_type().get(object_type)
    return str(capfirst(model._meta.verbose_name if model else object_type))


def field_labels(object_type: str, names: list[str]) -> list[str]:
    """Field names as people read them (``"date_of_birth"`` → ``"Date of birth"``)."""
    model = _models_by_type().get(object_type)
    return [_field_label(model, name) for name in names]


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        try:
            verbose = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            verbose = None
        if verbose:
            return str(capfirst(verbose))
    return str(capfirst(name.replace("_", " ")))
