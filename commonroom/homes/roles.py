"""Roles in a home and what each may do. The single table every access check reads."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SENIOR_CARER = "senior_carer", _("Senior carer")
    CARE_WORKER = "care_worker", _("Care worker")
    ACTIVITY_LEAD = "activity_lead", _("Activity lead")
    VOLUNTEER = "volunteer", _("Volunteer")
    FAMILY = "family", _("Family member or friend")
    RESIDENT = "resident", _("Resident")
    VISITOR = "visitor", _("Read-only visitor (inspector or commissioner)")


class Perm(StrEnum):
    VIEW_ALL_RESIDENTS = "view_all_residents"
    """See the list of everyone living in the home and open any record."""
    VIEW_CARE_DETAILS = "view_care_details"
    """Dates of birth, communication and mobility needs, consent, plans, risk decisions."""
    EDIT_PROFILE = "edit_profile"
    """Change a profile, the About me, interests and the circle."""
    MANAGE_RESIDENTS = "manage_residents"
    """Admit, change status, record consent, plan reviews and positive-risk decisions."""
    VIEW_CONTACT_DETAILS = "view_contact_details"
    """Phone numbers, emails and addresses of the people in someone's circle."""
    VIEW_TENSIONS = "view_tensions"
    """Recorded tensions between residents: staff only."""
    LOG_MOMENTS = "log_moments"
    """Record meaningful moments in the connection log."""
    VIEW_CONNECTIONS = "view_connections"
    """Who needs connection today, timelines, the network picture and the home's figures."""
    RESPOND_TO_WARNINGS = "respond_to_warnings"
    """Mark a reason on the early warning as understood; record loneliness measures."""
    VIEW_PROGRAMME = "view_programme"
    """The home's programme of activities and the "you said, we did" board."""
    PLAN_ACTIVITIES = "plan_activities"
    """The catalogue, rooms, the weekly programme, the planner, invitations, seating, matching."""
    RECORD_ATTENDANCE = "record_attendance"
    """Record who came to a session and how engaged they were."""
    MAKE_SUGGESTIONS = "make_suggestions"
    """Put forward a suggestion or choice (residents for themselves; staff for anyone)."""
    VIEW_VISITS = "view_visits"
    """Who is in the building, the day's visits and reservations, visits out."""
    SIGN_IN_VISITORS = "sign_in_visitors"
    """Sign visitors in and out for them, and record a resident's visit out of the home."""
    MANAGE_VISITING = "manage_visiting"
    """Spaces, the visitor information page, door tablets, visitors and their door codes."""
    VIEW_RESTRICTIONS = "view_restrictions"
    """Visiting restrictions, their reviews and notices, and the export for inspectors."""
    MANAGE_RESTRICTIONS = "manage_restrictions"
    """Declare, change, review and lift a visiting restriction."""
    RECORD_VISITING_EXCEPTIONS = "record_visiting_exceptions"
    """Record and end an exception the law names (end of life, serious harm). Senior carers as
    well as managers: a person near the end of life cannot wait for the manager's next shift."""
    RESERVE_SPACES = "reserve_spaces"
    """Reserve a space or a place at a meal for a visit (family and residents for their own)."""
    MANAGE_MEMBERS = "manage_members"
    VIEW_AUDIT = "view_audit"
    IMPORT_EXPORT = "import_export"
    MANAGE_HOME = "manage_home"


_CARE_STAFF = {
    Perm.VIEW_ALL_RESIDENTS,
    Perm.VIEW_CARE_DETAILS,
    Perm.EDIT_PROFILE,
    Perm.VIEW_CONTACT_DETAILS,
    Perm.VIEW_TENSIONS,
    Perm.LOG_MOMENTS,
    Perm.VIEW_CONNECTIONS,
    Perm.RESPOND_TO_WARNINGS,
    Perm.VIEW_PROGRAMME,
    Perm.RECORD_ATTENDANCE,
    Perm.MAKE_SUGGESTIONS,
    Perm.VIEW_VISITS,
    Perm.SIGN_IN_VISITORS,
    Perm.VIEW_RESTRICTIONS,
    Perm.RESERVE_SPACES,
}

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.MANAGER: frozenset(Perm),
    Role.SENIOR_CARER: frozenset(
        _CARE_STAFF
        | {
            Perm.MANAGE_RESIDENTS,
            Perm.PLAN_ACTIVITIES,
            Perm.MANAGE_VISITING,
            Perm.RECORD_VISITING_EXCEPTIONS,
        }
    ),
    Role.CARE_WORKER: frozenset(_CARE_STAFF),
    Role.ACTIVITY_LEAD: frozenset(
        (_CARE_STAFF - {Perm.VIEW_CONTACT_DETAILS}) | {Perm.PLAN_ACTIVITIES}
    ),
    Role.VOLUNTEER: frozenset(
        {
            Perm.VIEW_ALL_RESIDENTS,
            Perm.LOG_MOMENTS,
            Perm.VIEW_PROGRAMME,
            Perm.RECORD_ATTENDANCE,
            Perm.VIEW_VISITS,
            Perm.SIGN_IN_VISITORS,
        }
    ),
    Role.VISITOR: frozenset(
        {
            Perm.VIEW_ALL_RESIDENTS,
            Perm.VIEW_CARE_DETAILS,
            Perm.VIEW_TENSIONS,
            Perm.VIEW_CONNECTIONS,
            Perm.VIEW_PROGRAMME,
            Perm.VIEW_VISITS,
            Perm.VIEW_RESTRICTIONS,
        }
    ),
    # Family members and residents reach only their own person, through the access door; they
    # see the programme and may put forward suggestions (residents for themselves).
    Role.FAMILY: frozenset({Perm.VIEW_PROGRAMME, Perm.RESERVE_SPACES}),
    Role.RESIDENT: frozenset({Perm.VIEW_PROGRAMME, Perm.MAKE_SUGGESTIONS, Perm.RESERVE_SPACES}),
}

# Roles that handle many people's records must prove who they are with a second factor.
STAFF_ROLES = frozenset({Role.MANAGER, Role.SENIOR_CARER, Role.CARE_WORKER, Role.ACTIVITY_LEAD})


def role_has(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMS.get(role, frozenset())
