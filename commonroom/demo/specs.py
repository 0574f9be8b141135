"""Plain descriptions of demo people, written as data so the loader stays a straight line.

Dates are given as "days ago" or "days from now" so that the demo stays true whenever it is
loaded: newcomers are always new, overdue checks are always overdue.
"""

from dataclasses import dataclass, field

# Support roles in specs are written independent of the nation; the loader maps them to the
# role the home's nation recognises (see commonroom.circle.models.SUPPORT_ROLES_BY_NATION).
SUPPORTER = "supporter"
SUBSTITUTE = "substitute"
VISITOR = "visitor"


@dataclass(frozen=True)
class ContactSpec:
    name: str
    relationship: str
    detail: str = ""
    method: str = "visit"
    frequency: str = ""
    notes: str = ""
    support: str = VISITOR
    updates: bool = False
    door_code: bool = False
    representative: bool = False
    authority: str = ""
    """What gives a representative their authority; empty uses the nation's usual power of
    attorney."""
    account: str = ""
    """The demo email of this contact's own sign-in, if they have one."""


@dataclass(frozen=True)
class TechSpec:
    kind: str
    description: str
    checked_days_ago: int | None
    next_check_in_days: int | None
    """Negative when the check is overdue."""


@dataclass(frozen=True)
class RiskSpec:
    choice: str
    risk: str
    support: str
    agreed_by: str
    decided_days_ago: int
    review_in_days: int


@dataclass(frozen=True)
class OutcomeSpec:
    outcome: str
    support: str = ""
    status: str = "working_on"


@dataclass(frozen=True)
class PersonSpec:
    full_name: str
    preferred_name: str
    pronouns: str
    age: int
    room: str
    moved_in_days_ago: int
    first_language: str = "English"
    preferred_language: str = ""
    other_languages: tuple[str, ...] = ()
    culture: str = ""
    faith: str = ""
    faith_practice: str = ""
    sight: str = "none"
    hearing: str = "none"
    speech: str = "none"
    memory: str = "none"
    dementia: bool = False
    communicate: str = ""
    mobility: str = "independent"
    mobility_notes: str = ""
    video_calls: str = "not_asked"
    devices: str = ""
    ambitions: str = ""
    getting_out: str = ""
    status: str = "living_here"
    status_days_ago: int = 0
    status_note: str = ""
    about: dict[str, str] = field(default_factory=dict)
    supported_by: str = ""
    interests: tuple[tuple[str, str, str], ...] = ()
    """(taxonomy slug or "", when, detail in their words)."""
    tech: tuple[TechSpec, ...] = ()
    contacts: tuple[ContactSpec, ...] = ()
    decides_for_self: bool = True
    representative: tuple[str, str] | None = None
    """(name, authority) of a representative who is not in the circle, e.g. a guardian."""
    refuses: tuple[str, ...] = ()
    """Consent purposes the person (or their representative) said no to."""
    withdraws: tuple[str, ...] = ()
    """Consent purposes given at first and withdrawn since."""
    outcomes: tuple[OutcomeSpec, ...] = ()
    plan_review_overdue_days: int = 0
    risks: tuple[RiskSpec, ...] = ()
    account: str = ""
    """The demo email of the resident's own sign-in, if they have one."""
    key_worker: str = ""
    """The email of their current key worker; empty picks one in turn."""


@dataclass(frozen=True)
class PeerSpec:
    a: str
    b: str
    kind: str
    since_days_ago: int
    notes: str = ""


@dataclass(frozen=True)
class StaffSpec:
    email: str
    full_name: str
    role: str
    job_title: str = ""
    languages: tuple[str, ...] = ()
    can_sign_in: bool = True
    left_days_ago: int | None = None
    """Set for a former colleague whose membership has ended (key worker history)."""


@dataclass(frozen=True)
class HomeSpec:
    name: str
    slug: str
    nation: str
    address: str
    phone: str
    people: tuple[PersonSpec, ...]
    staff: tuple[StaffSpec, ...]
    peers: tuple[PeerSpec, ...] = ()
