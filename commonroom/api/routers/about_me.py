"""The About me life story: the seven sections of the PRSB About Me standard."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from commonroom.audit.services import Action, record
from commonroom.residents.access import get_resident_for_user, record_access
from commonroom.residents.models import AboutMeSection
from commonroom.residents.services.about_me import save_about_me

from ..schemas import ERRORS, AboutMeIn, AboutMeOut
from ..tenancy import home_scope

router = Router(tags=["About me"])


@router.get(
    "/homes/{home_slug}/residents/{code}/about-me",
    response={200: list[AboutMeOut], **ERRORS},
    summary="Read the About me",
)
def read_about_me(request: HttpRequest, home_slug: str, code: UUID) -> list[AboutMeOut]:
    """All seven sections in the standard's order, empty ones included. The read is audited."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code)
        sections = {
            section.section: section
            for section in AboutMeSection.objects.filter(resident=resident).select_related(
                "updated_by"
            )
        }
        with transaction.atomic():
            record(
                home_request.user,
                Action.VIEW,
                resident,
                home=home_request.home,
                resident_code=resident.code,
                fields=["about_me"],
            )
        return [_out(kind, sections.get(kind)) for kind in AboutMeSection.Section]


@router.put(
    "/homes/{home_slug}/residents/{code}/about-me/{section}",
    response={200: AboutMeOut, **ERRORS},
    summary="Write one About me section",
)
def write_about_me(
    request: HttpRequest,
    home_slug: str,
    code: UUID,
    section: AboutMeSection.Section,
    payload: AboutMeIn,
) -> AboutMeOut:
    """Replace the text of one section and who supported the person to write it. Staff who may
    change profiles can write it, and so can the resident for their own."""
    with home_scope(request, home_slug) as home_request:
        resident = get_resident_for_user(home_request, code)
        if not record_access(home_request, resident).edit_about_me:
            raise PermissionDenied
        entry = AboutMeSection.objects.filter(resident=resident, section=section).first()
        if entry is None:
            entry = AboutMeSection(section=section)
        changed = [
            name
            for name in ("text", "supported_by")
            if entry.pk is None or getattr(entry, name) != getattr(payload, name)
        ]
        entry.text, entry.supported_by = payload.text, payload.supported_by
        save_about_me(home_request.home, resident, entry, actor=home_request.user, fields=changed)
        return _out(AboutMeSection.Section(section), entry)


def _out(kind: AboutMeSection.Section, entry: AboutMeSection | None) -> AboutMeOut:
    return AboutMeOut(
        section=kind,
        title=str(kind.label),
        prompt=str(AboutMeSection.PROMPTS[kind]),
        text=entry.text if entry else "",
        supported_by=entry.supported_by if entry else "",
        has_picture=bool(entry and entry.picture),
        updated_at=entry.updated_at if entry else None,
        updated_by=str(entry.updated_by) if entry and entry.updated_by else None,
    )
