"""Model rules reported in the API's 422 shape, with the models' own translated messages."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from ninja.errors import ValidationError


def full_clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation; raise the API's 422 error listing each field's problems."""
    try:
        obj.full_clean(exclude=exclude)
    except DjangoValidationError as error:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "payload"]
                    if field == NON_FIELD_ERRORS
                    else ["body", "payload", field],
                    "msg": message,
                }
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
