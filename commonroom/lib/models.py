"""Abstract bases shared by every domain app (imports no app)."""

import uuid

from django.db import models


class CodedModel(models.Model):
    """A model reached from URLs by an opaque UUID, never by its integer key."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
