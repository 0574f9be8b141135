"""Shared helpers for the residents tests: who may do what, pictures, media in a temp dir."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from commonroom.audit.models import AuditEntry
from commonroom.homes.roles import Perm, role_has
from commonroom.residents.models import Resident

from .conftest import World

ROLE_OF = {
    "manager_a": "manager",
    "senior_carer_a": "senior_carer",
    "care_worker_a": "care_worker",
    "activity_lead_a": "activity_lead",
    "volunteer_a": "volunteer",
    "visitor_a": "visitor",
    "family_a": "family",
    "resident_user": "resident",
}


def expected_status(persona: str, perm: Perm, ok: int = 200) -> int:
    """What a persona gets on a page about resident_a (home A) that needs ``perm``: 404 when
    they cannot see her at all, 403 when they can but lack the permission."""
    if persona in {"manager_b", "resident_user"}:
        return 404
    return ok if role_has(ROLE_OF[persona], perm) else 403


def url(world: World, name: str, resident: Resident | None = None, *args: Any) -> str:
    resident = resident or world.resident_a
    return reverse(f"residents:{name}", args=[world.home_a.slug, resident.code, *args])


def image_upload(name: str = "peggy.png", fmt: str = "PNG", size: int = 12) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def last_audit(resident: Resident, action: str) -> AuditEntry:
    entry = (
        AuditEntry.objects.filter(resident_code=resident.code, action=action)
        .order_by("-id")
        .first()
    )
    assert entry is not None, f"no {action} audit entry"
    return entry


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary directory for the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path
