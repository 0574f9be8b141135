"""Build the demo organisation from the catalogue, in one transaction.

Demo data is system-created, so it writes no audit entries; it still goes through each model's
field validation so the demo never shows a state the product itself would refuse.
"""

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from commonroom.accounts.models import User
from commonroom.circle.models import (
    Contact,
    KeyWorkerAssignment,
    PeerRelationship,
    SupportRole,
    support_roles_for,
)
from commonroom.homes.models import Home, Membership, Organisation
from commonroom.homes.roles import STAFF_ROLES, Role
from commonroom.lib.dates import add_months, today
from commonroom.residents.models import (
    AboutMeSection,
    AssistiveTechnology,
    ConsentRecord,
    Interest,
    PersonalPlan,
    PlanOutcome,
    PlanReview,
    Resident,
    ResidentInterest,
    RiskDecision,
    StatusChange,
)

from .accounts import DEMO_PASSWORD, totp_key_hex
from .catalogue import HOMES, ORGANISATION_NAME
from .history import load_history
from .interests import ensure_interests
from .specs import SUBSTITUTE, SUPPORTER, ContactSpec, HomeSpec, PersonSpec, StaffSpec
from .visiting import load_visiting

SUPPORTER_ROLE_BY_NATION = {
    Home.Nation.SCOTLAND: SupportRole.ESSENTIAL_CARE_SUPPORTER,
    Home.Nation.ENGLAND: SupportRole.CARE_SUPPORTER,
    Home.Nation.WALES: SupportRole.DESIGNATED_VISITOR,
    Home.Nation.NORTHERN_IRELAND: SupportRole.CARE_PARTNER,
}

POWER_OF_ATTORNEY_BY_NATION = {
    Home.Nation.SCOTLAND: "Welfare power of attorney",
    Home.Nation.ENGLAND: "Lasting power of attorney for health and welfare",
    Home.Nation.WALES: "Lasting power of attorney for health and welfare",
    Home.Nation.NORTHERN_IRELAND: "Enduring power of attorney",
}

CARE_ROLES = (Role.CARE_WORKER, Role.SENIOR_CARER)

M = TypeVar("M", bound=models.Model)


class DemoAlreadyLoaded(Exception):
    """The demo homes or accounts are already in this database."""


def demo_present() -> bool:
    emails = [staff.email for home in HOMES for staff in home.staff]
    return (
        Home.objects.filter(slug__in=[home.slug for home in HOMES]).exists()
        or User.objects.filter(email__in=emails).exists()
    )


def load_demo() -> Organisation:
    """Create Heatherfield Care with its two homes, their people, members and sign-ins."""
    with transaction.atomic(), scopes_disabled():
        if demo_present():
            raise DemoAlreadyLoaded
        organisation = _clean_save(
            Organisation(name=ORGANISATION_NAME, kind=Organisation.Kind.PROVIDER)
        )
        slugs = {slug for home in HOMES for p in home.people for slug, _w, _d in p.interests}
        # Every demo account shares one password, so it is hashed once: argon2 is slow on purpose.
        loader = _Loader(
            organisation=organisation,
            password_hash=make_password(DEMO_PASSWORD),
            interests=ensure_interests(slugs - {""}),
        )
        for spec in HOMES:
            loader.load_home(spec)
    return organisation


def _clean_save(obj: M) -> M:
    """Validate the fields (choices, lengths, formats) and the model's own rules, then save.

    Related rows were created a moment ago and uniqueness and check constraints are enforced by
    the database itself, so the query-per-check parts of ``full_clean`` are skipped: they tripled
    the load time and would catch nothing the database does not.
    """
    obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.is_relation])
    obj.clean()
    obj.save()
    return obj


@dataclass
class _Loader:
    organisation: Organisation
    password_hash: str
    interests: dict[str, Interest]
    day: dt.date = field(default_factory=today)
    phones: Iterator[int] = field(default_factory=lambda: itertools.count(100))

    def load_home(self, spec: HomeSpec) -> None:
        home = _clean_save(
            Home(
                organisation=self.organisation,
                name=spec.name,
                slug=spec.slug,
                nation=spec.nation,
                address=spec.address,
                phone=spec.phone,
            )
        )
        rng = random.Random(spec.slug)
        staff = {member.email: self._member(home, member) for member in spec.staff}
        home_loader = _HomeLoader(self, home, rng, staff)
        residents = {person.full_name: home_loader.resident(person) for person in spec.people}
        home_loader.peers(spec, residents)
        load_history(home, residents, self.day)
        load_visiting(home, residents, self.day, home_loader.manager)

    def ago(self, days: int) -> dt.date:
        return self.day - dt.timedelta(days=days)

    def ahead(self, days: int) -> dt.date:
        return self.day + dt.timedelta(days=days)

    def user(
        self,
        email: str,
        full_name: str,
        *,
        can_sign_in: bool = True,
        languages: tuple[str, ...] = (),
    ) -> User:
        user = User(email=email, full_name=full_name, languages_spoken=["English", *languages])
        user.password = self.password_hash
        if not can_sign_in:
            user.set_unusable_password()
        return _clean_save(user)

    def phone(self) -> str:
        return f"07700 900{next(self.phones):03d}"

    def _member(self, home: Home, spec: StaffSpec) -> Membership:
        user = self.user(
            spec.email, spec.full_name, can_sign_in=spec.can_sign_in, languages=spec.languages
        )
        ended = None
        if spec.left_days_ago is not None:
            ended = timezone.now() - dt.timedelta(days=spec.left_days_ago)
        membership = _clean_save(
            Membership(
                home=home, user=user, role=spec.role, job_title=spec.job_title, ended_at=ended
            )
        )
        if spec.role in STAFF_ROLES and spec.can_sign_in:
            _clean_save(
                TOTPDevice(
                    user=user,
                    name="Authenticator app",
                    key=totp_key_hex(spec.email),
                    confirmed=True,
                )
            )
        return membership


@dataclass
class _HomeLoader:
    base: _Loader
    home: Home
    rng: random.Random
    staff: dict[str, Membership]
    rota: Iterator[Membership] = field(init=False)

    def __post_init__(self) -> None:
        carers = [m for m in self.staff.values() if m.role in CARE_ROLES and m.ended_at is None]
        self.rota = itertools.cycle(carers)

    @property
    def manager(self) -> User:
        return next(m.user for m in self.staff.values() if m.role == Role.MANAGER)

    def tenant(self) -> dict[str, object]:
        return {"home": self.home, "organisation": self.base.organisation}

    def resident(self, spec: PersonSpec) -> Resident:
        resident = self._profile(spec)
        self._status_history(resident, spec)
        self._about_me(resident, spec)
        self._interests_and_tech(resident, spec)
        contacts = [self._contact(resident, spec, contact) for contact in spec.contacts]
        self._link_substitutes(contacts, spec.contacts)
        self._consents(resident, spec, contacts)
        if resident.is_current:
            self._plan(resident, spec, contacts)
        self._risks(resident, spec)
        self._key_workers(resident, spec)
        return resident

    def _profile(self, spec: PersonSpec) -> Resident:
        born = add_months(self.base.day, -12 * spec.age) - dt.timedelta(
            days=self.rng.randint(1, 360)
        )
        admitted = self.base.ago(spec.moved_in_days_ago)
        user = None
        if spec.account:
            user = self.base.user(spec.account, spec.full_name)
            _clean_save(Membership(home=self.home, user=user, role=Role.RESIDENT))
        return _clean_save(
            Resident(
                **self.tenant(),
                full_name=spec.full_name,
                preferred_name=spec.preferred_name,
                pronouns=spec.pronouns,
                date_of_birth=born,
                room=spec.room,
                admission_date=admitted,
                status=spec.status,
                status_since=self.base.ago(spec.status_days_ago)
                if spec.status_days_ago
                else admitted,
                first_language=spec.first_language,
                preferred_language=spec.preferred_language or spec.first_language,
                other_languages=list(spec.other_languages),
                culture=spec.culture,
                faith=spec.faith,
                faith_practice=spec.faith_practice,
                sight=spec.sight,
                hearing=spec.hearing,
                speech=spec.speech,
                memory=spec.memory,
                has_dementia=spec.dementia,
                how_to_communicate=spec.communicate,
                mobility=spec.mobility,
                mobility_notes=spec.mobility_notes,
                video_calls=spec.video_calls,
                devices=spec.devices,
                ambitions=spec.ambitions,
                getting_out=spec.getting_out,
                user=user,
            )
        )

    def _status_history(self, resident: Resident, spec: PersonSpec) -> None:
        changes: list[tuple[str, dt.date, str]] = [
            (Resident.Status.LIVING_HERE, resident.admission_date, "Moved in.")
        ]
        if spec.status != Resident.Status.LIVING_HERE:
            changes.append((spec.status, resident.status_since, spec.status_note))
        for status, started, note in changes:
            _clean_save(
                StatusChange(
                    **self.tenant(),
                    resident=resident,
                    status=status,
                    started_on=started,
                    note=note,
                    recorded_by=self.manager,
                )
            )

    def _about_me(self, resident: Resident, spec: PersonSpec) -> None:
        for section, text in spec.about.items():
            _clean_save(
                AboutMeSection(
                    **self.tenant(),
                    resident=resident,
                    section=section,
                    text=text,
                    supported_by=spec.supported_by,
                    updated_by=resident.user or self.manager,
                )
            )

    def _interests_and_tech(self, resident: Resident, spec: PersonSpec) -> None:
        for slug, when, detail in spec.interests:
            _clean_save(
                ResidentInterest(
                    **self.tenant(),
                    resident=resident,
                    interest=self.base.interests.get(slug),
                    detail=detail,
                    when=when,
                )
            )
        for tech in spec.tech:
            _clean_save(
                AssistiveTechnology(
                    **self.tenant(),
                    resident=resident,
                    kind=tech.kind,
                    description=tech.description,
                    last_checked_on=_maybe(self.base.ago, tech.checked_days_ago),
                    next_check_on=_maybe(self.base.ahead, tech.next_check_in_days),
                )
            )

    def _contact(self, resident: Resident, person: PersonSpec, spec: ContactSpec) -> Contact:
        role = self._support_role(spec.support)
        email = ""
        if spec.method in {Contact.Method.MESSAGE, Contact.Method.VIDEO}:
            email = f"{slugify(spec.name).replace('-', '.')}@example.org"
        user = None
        if spec.account:
            user = self.base.user(spec.account, spec.name)
            _clean_save(Membership(home=self.home, user=user, role=Role.FAMILY))
            email = spec.account
        return _clean_save(
            Contact(
                **self.tenant(),
                resident=resident,
                name=spec.name,
                relationship=spec.relationship,
                relationship_detail=spec.detail,
                phone=self.base.phone(),
                email=email,
                preferred_method=spec.method,
                preferred_frequency=spec.frequency,
                contact_notes=spec.notes,
                support_role=role,
                role_from=resident.admission_date if role != SupportRole.VISITOR else None,
                may_receive_updates=spec.updates,
                has_door_code=spec.door_code,
                is_representative=spec.representative,
                user=user,
            )
        )

    def _support_role(self, support: str) -> str:
        role = SupportRole.VISITOR
        if support in {SUPPORTER, SUBSTITUTE}:
            role = SUPPORTER_ROLE_BY_NATION[Home.Nation(self.home.nation)]
        allowed = {value for value, _label in support_roles_for(self.home.nation)}
        if role not in allowed:
            raise ValueError(f"{role} is not a support role in {self.home.nation}")
        return role

    def _link_substitutes(self, contacts: list[Contact], specs: tuple[ContactSpec, ...]) -> None:
        primary = next(
            (c for c, s in zip(contacts, specs, strict=True) if s.support == SUPPORTER), None
        )
        for contact, spec in zip(contacts, specs, strict=True):
            if spec.support == SUBSTITUTE and primary is not None:
                contact.substitute_for = primary
                _clean_save(contact)

    def _consents(self, resident: Resident, spec: PersonSpec, contacts: list[Contact]) -> None:
        name, authority = self._decider(spec, contacts)
        decided = resident.admission_date + dt.timedelta(days=min(3, spec.moved_in_days_ago))
        for purpose in ConsentRecord.Purpose.values:
            decision = ConsentRecord.Decision.GIVEN
            if purpose in spec.refuses:
                decision = ConsentRecord.Decision.REFUSED
            self._consent(resident, purpose, decision, decided, name, authority)
            if purpose in spec.withdraws:
                withdrawn = self.base.ago(30)
                self._consent(
                    resident, purpose, ConsentRecord.Decision.WITHDRAWN, withdrawn, name, authority
                )

    def _decider(self, spec: PersonSpec, contacts: list[Contact]) -> tuple[str, str]:
        if spec.decides_for_self:
            return "", ""
        if spec.representative:
            return spec.representative
        usual = POWER_OF_ATTORNEY_BY_NATION[Home.Nation(self.home.nation)]
        for contact, contact_spec in zip(contacts, spec.contacts, strict=True):
            if contact_spec.representative:
                return contact.name, contact_spec.authority or usual
        raise ValueError(f"{spec.full_name} needs a representative to decide consent")

    def _consent(
        self,
        resident: Resident,
        purpose: str,
        decision: str,
        decided: dt.date,
        name: str,
        authority: str,
    ) -> None:
        by = ConsentRecord.GivenBy.REPRESENTATIVE if name else ConsentRecord.GivenBy.PERSON
        _clean_save(
            ConsentRecord(
                **self.tenant(),
                resident=resident,
                purpose=purpose,
                decision=decision,
                given_by=by,
                representative_name=name,
                representative_authority=authority,
                decided_on=decided,
                recorded_by=self.manager,
            )
        )

    def _plan(self, resident: Resident, spec: PersonSpec, contacts: list[Contact]) -> None:
        newcomer = spec.moved_in_days_ago < 60
        months = 3 if newcomer else self.home.plan_review_months
        if newcomer:
            next_review = resident.admission_date + dt.timedelta(days=28)
        elif spec.plan_review_overdue_days:
            next_review = self.base.ago(spec.plan_review_overdue_days)
        else:
            next_review = self.base.ahead(self.rng.randint(10, 150))
        plan = _clean_save(
            PersonalPlan(
                **self.tenant(),
                resident=resident,
                review_every_months=months,
                next_review_on=next_review,
            )
        )
        agreed = spec.decides_for_self or spec.speech == "none"
        for outcome in spec.outcomes:
            _clean_save(
                PlanOutcome(
                    **self.tenant(),
                    plan=plan,
                    outcome=outcome.outcome,
                    support=outcome.support,
                    status=outcome.status,
                    agreed_with_person=agreed,
                )
            )
        self._reviews(plan, resident, spec, contacts)

    def _reviews(
        self, plan: PersonalPlan, resident: Resident, spec: PersonSpec, contacts: list[Contact]
    ) -> None:
        reviewed = add_months(plan.next_review_on, -plan.review_every_months)
        people = [
            spec.preferred_name,
            *(f"{c.name} ({c.relationship_detail})" for c in contacts[:1]),
        ]
        summary = " ".join(o.outcome for o in spec.outcomes) + " Agreed to carry on as planned."
        for _ in range(3):
            if reviewed <= resident.admission_date or reviewed > self.base.day:
                break
            _clean_save(
                PlanReview(
                    **self.tenant(),
                    plan=plan,
                    reviewed_on=reviewed,
                    participants=", ".join([*people, "key worker"]),
                    person_took_part=spec.decides_for_self or self.rng.random() < 0.5,
                    summary=summary,
                    recorded_by=self.manager,
                )
            )
            reviewed = add_months(reviewed, -plan.review_every_months)

    def _risks(self, resident: Resident, spec: PersonSpec) -> None:
        for risk in spec.risks:
            _clean_save(
                RiskDecision(
                    **self.tenant(),
                    resident=resident,
                    choice=risk.choice,
                    risk=risk.risk,
                    support=risk.support,
                    agreed_by=risk.agreed_by,
                    decided_on=self.base.ago(risk.decided_days_ago),
                    review_on=self.base.ahead(risk.review_in_days),
                )
            )

    def _key_workers(self, resident: Resident, spec: PersonSpec) -> None:
        current = self.staff[spec.key_worker] if spec.key_worker else next(self.rota)
        ended = None if resident.is_current else resident.status_since
        started = resident.admission_date
        former = next((m for m in self.staff.values() if m.ended_at is not None), None)
        # About a third of longer-stay residents had the colleague who has since left, so the
        # key-worker history shows continuity (and its breaks) the way a real home's would.
        if former is not None and former.ended_at is not None and self.rng.random() < 0.35:
            left = timezone.localdate(former.ended_at)
            if started < left - dt.timedelta(days=30) and (ended is None or left < ended):
                self._assign(resident, former, started, left)
                started = left + dt.timedelta(days=1)
        self._assign(resident, current, started, ended)

    def _assign(
        self, resident: Resident, staff: Membership, started: dt.date, ended: dt.date | None
    ) -> None:
        _clean_save(
            KeyWorkerAssignment(
                **self.tenant(), resident=resident, staff=staff, started_on=started, ended_on=ended
            )
        )

    def peers(self, spec: HomeSpec, residents: dict[str, Resident]) -> None:
        for peer in spec.peers:
            a, b = sorted((residents[peer.a], residents[peer.b]), key=lambda r: r.pk)
            _clean_save(
                PeerRelationship(
                    **self.tenant(),
                    resident_a=a,
                    resident_b=b,
                    kind=peer.kind,
                    since=self.base.ago(peer.since_days_ago),
                    notes=peer.notes,
                )
            )


def _maybe(convert: Callable[[int], dt.date], days: int | None) -> dt.date | None:
    return None if days is None else convert(days)
