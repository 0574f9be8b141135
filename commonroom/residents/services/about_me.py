"""The "About me" life story and interests."""

from django.db import transaction

from commonroom.accounts.models import User
from commonroom.audit.services import Action, record
from commonroom.homes.models import Home

from ..models import AboutMeSection, Interest, Resident, ResidentInterest


def save_about_me(
    home: Home,
    resident: Resident,
    section: AboutMeSection,
    *,
    actor: User,
    fields: list[str],
    old_picture: str = "",
) -> None:
    """Create or update one About me section, noting who wrote it; a replaced picture's file
    is removed once the change is saved."""
    created = section.pk is None
    with transaction.atomic():
        section.home, section.organisation_id = home, home.organisation_id
        section.resident, section.updated_by = resident, actor
        section.save()
        record(
            actor,
            Action.CREATE if created else Action.UPDATE,
            section,
            home=home,
            resident_code=resident.code,
            fields=fields,
        )
        if old_picture and old_picture != section.picture.name:
            storage = section.picture.storage
            transaction.on_commit(lambda: storage.delete(old_picture))


def add_interest(
    home: Home,
    resident: Resident,
    *,
    interest: Interest | None,
    detail: str,
    when: str,
    actor: User,
) -> ResidentInterest:
    """Add an interest from the shared taxonomy or in the person's own words (or both)."""
    with transaction.atomic():
        item = ResidentInterest(
            home=home,
            organisation_id=home.organisation_id,
            resident=resident,
            interest=interest,
            detail=detail,
            when=when,
        )
        item.save()
        fields = ["interest"] if interest else []
        record(
            actor,
            Action.CREATE,
            item,
            home=home,
            resident_code=resident.code,
            fields=[*fields, *(["detail"] if detail else []), "when"],
        )
    return item
