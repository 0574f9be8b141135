"""Admitting a resident, changing their status, their photo and their own sign-in."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext
from django_scopes import scope

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home

from ..models import PersonalPlan, Resident, StatusChange
from .records import fields_of


class ResidentError(Exception):
    """A change the home's rules do not allow; the message is for people."""


def admit_resident(home: Home, data: dict[str, Any], *, actor: User) -> Resident:
    """Create a resident who has moved in: their record, the first status ("living here" from
    the admission date) and a personal plan due for review after the home's interval."""
    admitted_on: dt.date = data["admission_date"]
    with transaction.atomic():
        resident = Resident(
            home=home,
            organisation_id=home.organisation_id,
            status=Resident.Status.LIVING_HERE,
            status_since=admitted_on,
            **data,
        )
        resident.save()
        StatusChange.moved_in(resident, recorded_by=actor).save()
        PersonalPlan.first_for(resident, home).save()
        record(
            actor,
            Action.CREATE,
            resident,
            home=home,
            resident_code=resident.code,
            fields=[*fields_of(data), "status"],
        )
    return resident


def change_status(
    home: Home, resident: Resident, *, status: str, started_on: dt.date, note: str, actor: User
) -> StatusChange:
    """Record a change of status (into hospital, back, on leave, moved out, died) with its
    date. The resident's current status follows the latest change."""
    if started_on < resident.admission_date:
        raise ResidentError(gettext("The date cannot be before they moved in."))
    with transaction.atomic():
        change = StatusChange(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            status=status,
            started_on=started_on,
            note=note,
            recorded_by=actor,
        )
        change.save()
        latest = StatusChange.objects.filter(resident=resident).order_by("-started_on", "-id")[0]
        resident.status, resident.status_since = latest.status, latest.started_on
        resident.save(update_fields=["status", "status_since", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            resident,
            home=home,
            resident_code=resident.code,
            fields=["status", "status_since"],
        )
    return change


def set_photo(home: Home, resident: Resident, *, actor: User, fields: list[str]) -> None:
    """Save a new photo (already on ``resident.photo``) and remove the file it replaces."""
    old_name = Resident.objects.filter(pk=resident.pk).values_list("photo", flat=True)[0]
    with transaction.atomic():
        resident.save(update_fields=["photo", "photo_description", "updated_at"])
        record(
            actor, Action.UPDATE, resident, home=home, resident_code=resident.code, fields=fields
        )
        if old_name and old_name != resident.photo.name:
            transaction.on_commit(lambda: resident.photo.storage.delete(old_name))


def remove_photo(home: Home, resident: Resident, *, actor: User) -> None:
    """Delete the photo and its file, for example when consent is withdrawn."""
    photo: FieldFile = resident.photo
    name = photo.name
    with transaction.atomic():
        resident.photo = ""
        resident.photo_description = ""
        resident.save(update_fields=["photo", "photo_description", "updated_at"])
        record(
            actor,
            Action.DELETE,
            resident,
            home=home,
            resident_code=resident.code,
            fields=["photo", "photo_description"],
        )
        if name:
            transaction.on_commit(lambda: photo.storage.delete(name))


def link_user(home: Home, resident_code: UUID | str, user: User, *, actor: User) -> None:
    """Connect a resident's record to the account they signed up with from an invitation."""
    with scope(home=home), transaction.atomic():
        resident = Resident.objects.filter(home=home, code=resident_code).first()
        if resident is None:
            return
        resident.user = user
        resident.save(update_fields=["user", "updated_at"])
        record(
            actor, Action.UPDATE, resident, home=home, resident_code=resident.code, fields=["user"]
        )
