"""The shapes the API reads and writes. Codes (UUIDs), never integer ids; dates in ISO 8601.

Fields a role may not see are left out of the response altogether (routes dump with
``exclude_unset``), so the schema marks them optional."""

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from commonroom.circle.models import Contact, SupportRole
from commonroom.homes.models import Home
from commonroom.homes.roles import Role
from commonroom.residents.models import AboutMeSection, ConsentRecord, Level, Resident

TEXT_MAX = 10_000


def _printable(value: str) -> str:
    # PostgreSQL refuses NUL in text; refuse it here so the database never sees it.
    if "\x00" in value:
        raise ValueError(gettext("Remove the hidden control characters from this text."))
    return value


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as error:
            raise ValueError(gettext("Enter an email address like name@example.org.")) from error
    return value.lower()


def _clean(max_length: int, *, required: bool = False) -> list[object]:
    return [
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=int(required)),
        AfterValidator(_printable),
    ]


Name = Annotated[str, *_clean(200, required=True)]
ShortName = Annotated[str, *_clean(100, required=True)]
Line200 = Annotated[str, *_clean(200)]
Line100 = Annotated[str, *_clean(100)]
Line60 = Annotated[str, *_clean(60)]
Line40 = Annotated[str, *_clean(40)]
Text = Annotated[str, *_clean(TEXT_MAX)]
Email = Annotated[str, *_clean(254), AfterValidator(_email)]
Frequency = Contact.Frequency | Literal[""]


def _unset(**constraints: Any) -> Any:
    """A PATCH field: absent unless sent. Its default is not validated, so the type still
    refuses an explicit ``null`` where the model does not allow one."""
    return Field(None, **constraints)


class Message(Schema):
    detail: str


class FieldProblem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class Problems(Schema):
    detail: list[FieldProblem]


ERRORS: dict[int, type[Schema]] = {
    401: Message,
    403: Message,
    404: Message,
    422: Problems,
}


class HomeOut(Schema):
    slug: str
    name: str
    nation: Home.Nation
    organisation: str
    role: Role
    role_label: str


class ResidentSummary(Schema):
    """A row of the residents list: what the list page shows everyone who may open it."""

    code: UUID
    preferred_name: str
    display_name: str
    room: str
    status: Resident.Status
    status_label: str


class ConsentOut(Schema):
    purpose: ConsentRecord.Purpose
    decision: ConsentRecord.Decision
    given_by: ConsentRecord.GivenBy
    representative_name: str
    decided_on: dt.date


class PlanOut(Schema):
    review_every_months: int
    next_review_on: dt.date
    review_overdue: bool


class ResidentDetail(Schema):
    """One person's record, in the parts the reader may see, exactly as on the record page:
    guidance on communicating for everyone who may see all residents (and the person
    themself); the rest of the profile, consent and plan only with care details."""

    code: UUID
    preferred_name: str
    # Guidance: how to communicate with the person.
    pronouns: str | None = None
    how_to_communicate: str | None = None
    preferred_language: str | None = None
    sight: Level | None = None
    hearing: Level | None = None
    speech: Level | None = None
    memory: Level | None = None
    # Care details.
    full_name: str | None = None
    display_name: str | None = None
    room: str | None = None
    status: Resident.Status | None = None
    status_label: str | None = None
    status_since: dt.date | None = None
    admission_date: dt.date | None = None
    date_of_birth: dt.date | None = None
    age: int | None = None
    first_language: str | None = None
    other_languages: list[str] | None = None
    culture: str | None = None
    faith: str | None = None
    faith_practice: str | None = None
    has_dementia: bool | None = None
    mobility: Resident.Mobility | None = None
    mobility_notes: str | None = None
    video_calls: Resident.VideoCalls | None = None
    devices: str | None = None
    ambitions: str | None = None
    getting_out: str | None = None
    consents: list[ConsentOut] | None = None
    plan: PlanOut | None = None
    updated_at: dt.datetime | None = None


class ResidentProfileFields(Schema):
    """What a PATCH may change; every field optional, ``null`` only where the field allows it."""

    full_name: Name = _unset()
    preferred_name: ShortName = _unset()
    pronouns: Line40 = _unset()
    date_of_birth: dt.date | None = _unset()
    room: Line40 = _unset()
    admission_date: dt.date = _unset()
    first_language: Line60 = _unset()
    preferred_language: Line60 = _unset()
    other_languages: list[Line60] = _unset(max_length=20)
    culture: Line200 = _unset()
    faith: Line100 = _unset()
    faith_practice: Text = _unset()
    sight: Level = _unset()
    hearing: Level = _unset()
    speech: Level = _unset()
    memory: Level = _unset()
    has_dementia: bool = _unset()
    how_to_communicate: Text = _unset()
    mobility: Resident.Mobility = _unset()
    mobility_notes: Text = _unset()
    video_calls: Resident.VideoCalls = _unset()
    devices: Line200 = _unset()
    ambitions: Text = _unset()
    getting_out: Text = _unset()


class ResidentCreate(ResidentProfileFields):
    full_name: Name
    preferred_name: ShortName
    admission_date: dt.date


class AboutMeOut(Schema):
    section: AboutMeSection.Section
    title: str
    prompt: str
    text: str
    supported_by: str
    has_picture: bool
    updated_at: dt.datetime | None
    updated_by: str | None


class AboutMeIn(Schema):
    text: Text = ""
    supported_by: Line200 = ""


class ContactOut(Schema):
    code: UUID
    name: str
    relationship: Contact.Relationship
    relationship_label: str
    relationship_detail: str
    preferred_method: Contact.Method
    preferred_frequency: Frequency
    contact_notes: str
    support_role: SupportRole
    support_role_label: str
    substitute_for: UUID | None
    role_from: dt.date | None
    role_until: dt.date | None
    is_representative: bool
    has_account: bool
    # Only for roles that may see contact details (VIEW_CONTACT_DETAILS).
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    may_receive_updates: bool | None = None
    has_door_code: bool | None = None


class ContactFields(Schema):
    name: Name = _unset()
    relationship: Contact.Relationship = _unset()
    relationship_detail: Line100 = _unset()
    phone: Line40 = _unset()
    email: Email = _unset()
    address: Text = _unset()
    preferred_method: Contact.Method = _unset()
    preferred_frequency: Frequency = _unset()
    contact_notes: Text = _unset()
    support_role: SupportRole = _unset()
    substitute_for: UUID | None = _unset()
    role_from: dt.date | None = _unset()
    role_until: dt.date | None = _unset()
    may_receive_updates: bool = _unset()
    has_door_code: bool = _unset()
    is_representative: bool = _unset()


class ContactCreate(ContactFields):
    name: Name
    relationship: Contact.Relationship


class KeyWorkerOut(Schema):
    code: UUID
    staff: UUID
    name: str
    job_title: str
    role: Role
    started_on: dt.date
    ended_on: dt.date | None
    is_current: bool


class KeyWorkerAssign(Schema):
    staff: UUID = Field(description="The membership code of a member of staff of this home.")
    started_on: dt.date


class KeyWorkerEnd(Schema):
    ended_on: dt.date
