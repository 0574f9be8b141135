"""The homes, staff, residents and circles a generated history happens to.

Each bed has a run of occupants over the years (people move in, go into hospital, move out or
die), each person a circle with their own rhythm of visits and calls, and the staff come and go.
Everything is drawn from one seeded generator per home and written with bulk inserts; the plans
returned are what ``simulate`` needs, with the database ids filled in."""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field, replace

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from commonroom.accounts.models import User
from commonroom.circle.models import Contact
from commonroom.homes.models import Home, Membership, Organisation
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident, StatusChange

from .simulate import ContactPlan, HomePlan, ResidentPlan, StaffPlan

FIRST = (
    "Margaret", "Arthur", "Gwen", "Harjit", "Stanisław", "Mei", "Desmond", "Fatima", "Iain",
    "Joan", "Frank", "Doreen", "Ray", "Agnes", "Bobby", "Helen", "Sandy", "Betty", "Nasreen",
    "Winston", "Bronwen", "Seamus", "Olive", "Kwame",
)  # fmt: skip
LAST = (
    "Ellis", "Singh", "Jones", "Kaur", "Nowak", "Wong", "Campbell", "Begum", "MacLeod",
    "Pearson", "Holmes", "Barker", "Taylor", "Murray", "Reid", "Kerr", "Evans", "Okafor",
)  # fmt: skip
LANGUAGES = ("English",) * 12 + ("Welsh", "Punjabi", "Polish", "Cantonese", "Urdu", "Gaelic")
RELATIONSHIPS = ("child", "child", "spouse", "grandchild", "sibling", "friend", "neighbour")

VISIT_RHYTHMS = ((1, 0.04), (3.5, 0.14), (7, 0.3), (14, 0.14), (30, 0.16), (0, 0.22))
"""Days between visits and how many visitors keep that rhythm (0: never visits)."""
FREQUENCY_FOR = {1: "daily", 3.5: "weekly", 7: "weekly", 14: "fortnightly", 30: "monthly"}
MEAN_STAY_DAYS = 700
"""Around two years: the usual length of a stay in a UK care home with nursing."""


@dataclass(frozen=True)
class HistoryConfig:
    """What to generate: ``homes`` homes of ``residents`` beds over ``years`` up to ``end``."""

    homes: int = 1
    residents: int = 120
    years: float = 3.0
    per_day: float = 15.0
    seed: int = 1
    prefix: str = "history"
    end: dt.date = field(default_factory=timezone.localdate)

    @property
    def start(self) -> dt.date:
        return self.end - dt.timedelta(days=round(self.years * 365.25) - 1)


@dataclass
class _Bed:
    stays: list[tuple[dt.date, dt.date | None]]
    """(moved in, left or None if still here)."""


def create_home(
    organisation: Organisation, number: int, config: HistoryConfig
) -> tuple[Home, HomePlan]:
    """Create home ``number`` with its people and return it with its plan."""
    # Seeded on purpose: the same seed gives the same homes (nothing here is a secret).
    rng = random.Random(f"{config.seed}:{config.prefix}:{number}")  # noqa: S311
    home = Home.objects.create(
        code=_code(rng),
        organisation=organisation,
        name=f"{config.prefix.title()} Home {number}",
        slug=f"{config.prefix}-home-{number}",
        nation=rng.choice(Home.Nation.values),
    )
    staff = _Staff(home, rng, config)
    plan = HomePlan(
        residents=[],
        carers=staff.slots(Role.CARE_WORKER, max(2, config.residents // 5)),
        activity_staff=staff.slots(Role.ACTIVITY_LEAD, 2),
        volunteers=staff.slots(Role.VOLUNTEER, max(1, config.residents // 30)),
    )
    staff.slots(Role.MANAGER, 1)
    staff.slots(Role.SENIOR_CARER, 3)
    staff.save()
    plan.residents = _Residents(home, rng, config).create()
    return home, plan


def _code(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class _Staff:
    """Staff posts, each held by a run of people as colleagues leave and are replaced."""

    def __init__(self, home: Home, rng: random.Random, config: HistoryConfig) -> None:
        self.home, self.rng, self.config = home, rng, config
        self.unusable = make_password(None)
        self.people: list[tuple[User, Membership, StaffPlan]] = []

    def slots(self, role: str, posts: int) -> list[StaffPlan]:
        rng, start, end = self.rng, self.config.start, self.config.end
        plans = []
        for _post in range(posts):
            began = start - dt.timedelta(days=rng.randrange(30, 2000))
            while began <= end:
                left = began + dt.timedelta(days=int(rng.expovariate(1 / 900)) + 60)
                plans.append(self._person(role, began, left if left < end else None))
                began = left + dt.timedelta(days=rng.randrange(7, 40))
        return plans

    def _person(self, role: str, began: dt.date, left: dt.date | None) -> StaffPlan:
        n = len(self.people) + 1
        user = User(
            code=_code(self.rng),
            email=f"{role}.{n}@{self.home.slug}.invalid",
            full_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
            password=self.unusable,
        )
        ended = None
        if left is not None:
            ended = timezone.make_aware(dt.datetime.combine(left, dt.time(17)))
        membership = Membership(
            code=_code(self.rng), home=self.home, user=user, role=role, ended_at=ended
        )
        plan = StaffPlan(membership=0, user=None, start=began, end=left)
        self.people.append((user, membership, plan))
        return plan

    def save(self) -> None:
        """Write every person and fill the database ids into their plans."""
        # bulk_create fills each membership's user id from the user saved just before it.
        User.objects.bulk_create([user for user, _m, _p in self.people])
        Membership.objects.bulk_create([m for _u, m, _p in self.people])
        for user, membership, plan in self.people:
            object.__setattr__(plan, "membership", membership.pk)
            object.__setattr__(plan, "user", user.pk)


class _Residents:
    def __init__(self, home: Home, rng: random.Random, config: HistoryConfig) -> None:
        self.home, self.rng, self.config = home, rng, config
        self.tenant = {"home": home, "organisation_id": home.organisation_id}

    def create(self) -> list[ResidentPlan]:
        people: list[tuple[Resident, list[tuple[dt.date, dt.date]], list[StatusChange]]] = []
        for bed in range(self.config.residents):
            for moved_in, left in self._bed(bed).stays:
                people.append(self._person(bed, moved_in, left))
        residents = Resident.objects.bulk_create([resident for resident, _s, _c in people])
        StatusChange.objects.bulk_create([c for _r, _s, changes in people for c in changes])
        plans = [self._plan(resident, stays) for resident, stays, _c in people]
        self._contacts(residents, plans)
        _make_friends(plans, self.rng)
        return plans

    def _bed(self, bed: int) -> _Bed:
        """Who slept in this bed: someone there at the start, then each newcomer in turn."""
        rng, start, end = self.rng, self.config.start, self.config.end
        moved_in = start - dt.timedelta(days=rng.randrange(0, 1500))
        stays: list[tuple[dt.date, dt.date | None]] = []
        while moved_in <= end:
            length = int(rng.expovariate(1 / MEAN_STAY_DAYS)) + 5
            left = moved_in + dt.timedelta(days=length)
            if left < start:
                moved_in = start - dt.timedelta(days=rng.randrange(0, 400))
                continue
            stays.append((moved_in, left if left < end else None))
            moved_in = left + dt.timedelta(days=rng.randrange(4, 30))
        return _Bed(stays)

    def _person(
        self, bed: int, moved_in: dt.date, left: dt.date | None
    ) -> tuple[Resident, list[tuple[dt.date, dt.date]], list[StatusChange]]:
        rng = self.rng
        first = max(moved_in, self.config.start)
        last = left - dt.timedelta(days=1) if left else self.config.end
        hospital = self._hospital_stays(first, last)
        status, since = Resident.Status.LIVING_HERE, moved_in
        changes = [(Resident.Status.LIVING_HERE, moved_in, "Moved in.")]
        for went, back in hospital:
            changes.append((Resident.Status.IN_HOSPITAL, went, "Admitted to hospital."))
            if back <= last:
                changes.append((Resident.Status.LIVING_HERE, back, "Back from hospital."))
            elif left is None:
                status, since = Resident.Status.IN_HOSPITAL, went
        if left is not None:
            status = Resident.Status.DIED if rng.random() < 0.75 else Resident.Status.MOVED_OUT
            since = left
            changes.append((status, left, "Died." if status == "died" else "Moved out."))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        language = rng.choice(LANGUAGES)
        resident = Resident(
            **self.tenant,
            code=_code(rng),
            full_name=name,
            preferred_name=name.split()[0],
            date_of_birth=dt.date(
                1925 + rng.randrange(30), rng.randrange(1, 13), rng.randrange(1, 29)
            ),
            room=str(bed + 1),
            admission_date=moved_in,
            status=status,
            status_since=since,
            first_language=language,
            preferred_language=language,
            has_dementia=rng.random() < 0.6,
            self_report=rng.choice(Resident.SelfReport.values),
        )
        status_changes = [
            StatusChange(
                **self.tenant,
                code=_code(rng),
                resident=resident,
                status=s,
                started_on=on,
                note=note,
            )
            for s, on, note in changes
        ]
        return resident, _present(first, last, hospital), status_changes

    def _hospital_stays(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
        """Spells in hospital: (went in, came back). About one every two years."""
        rng, stays = self.rng, []
        day = first + dt.timedelta(days=int(rng.expovariate(1 / 700)))
        while day < last:
            back = day + dt.timedelta(days=rng.randrange(2, 15))
            stays.append((day, back))
            day = back + dt.timedelta(days=int(rng.expovariate(1 / 700)) + 10)
        return stays

    def _plan(self, resident: Resident, stays: list[tuple[dt.date, dt.date]]) -> ResidentPlan:
        rng = self.rng
        private = rng.random() < 0.08
        return ResidentPlan(
            id=resident.pk,
            stays=tuple(stays),
            sociability=rng.uniform(0.1, 0.35) if private else rng.uniform(0.5, 1.5),
            decline=min(0.6, rng.expovariate(1 / 0.12)),
            low_mood=rng.uniform(0.02, 0.12),
            table=int(resident.room) // 5,
            contacts=(),
        )

    def _contacts(self, residents: list[Resident], plans: list[ResidentPlan]) -> None:
        rng = self.rng
        rows: list[tuple[ResidentPlan, Contact, ContactPlan]] = []
        for resident, plan in zip(residents, plans, strict=True):
            count = rng.choices(range(7), weights=(8, 15, 25, 25, 15, 8, 4))[0]
            if plan.sociability < 0.4:
                count = min(count, 1)
            for n in range(count):
                rhythm = _rhythm(rng, closest=n == 0, private=plan.sociability < 0.4)
                contact = Contact(
                    **self.tenant,
                    code=_code(rng),
                    resident=resident,
                    name=f"{rng.choice(FIRST)} {resident.full_name.split()[-1]}",
                    relationship=rng.choice(RELATIONSHIPS),
                    preferred_method="visit" if rhythm.visit_every else "phone",
                    preferred_frequency=FREQUENCY_FOR.get(rhythm.visit_every, "occasionally"),
                )
                rows.append((plan, contact, rhythm))
        saved = Contact.objects.bulk_create([contact for _p, contact, _r in rows])
        for contact, (plan, _c, rhythm) in zip(saved, rows, strict=True):
            plan.contacts = (*plan.contacts, replace(rhythm, id=contact.pk))


def _rhythm(rng: random.Random, *, closest: bool, private: bool) -> ContactPlan:
    """How often one person from the circle visits, calls, makes video calls and writes."""
    rhythms, weights = zip(*VISIT_RHYTHMS, strict=True)
    visit = rng.choices(rhythms, weights=weights)[0]
    if private:
        visit = rng.choice((0, 30, 60))
    elif closest and visit in (0, 30):
        visit = rng.choice((7, 14, 30))
    return ContactPlan(
        id=0,
        visit_every=visit,
        call_every=rng.choice((0, 3, 7, 14)),
        video_every=rng.choice((0,) * 8 + (7, 30)),
        letter_every=rng.choice((0,) * 15 + (30,)),
        weekday=rng.randrange(7),
        phase=rng.randrange(60),
    )


def _present(
    first: dt.date, last: dt.date, hospital: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The stretches of days in the home between hospital spells."""
    stretches, start = [], first
    for went, back in hospital:
        if went > start:
            stretches.append((start, min(went - dt.timedelta(days=1), last)))
        start = back
    if start <= last:
        stretches.append((start, last))
    return [(a, b) for a, b in stretches if a <= b]


def _make_friends(plans: list[ResidentPlan], rng: random.Random) -> None:
    """Each person finds one to three friends among those who lived here at the same time."""
    for plan in plans:
        if plan.sociability < 0.4 or not plan.stays:
            continue
        first, last = plan.stays[0][0], plan.stays[-1][1]
        others = [
            other
            for other in plans
            if other is not plan
            and other.stays
            and other.stays[0][0] < last - dt.timedelta(days=60)
            and other.stays[-1][1] > first + dt.timedelta(days=60)
        ]
        for other in rng.sample(others, min(len(others), rng.randint(1, 2))):
            if other.id not in plan.friends:
                plan.friends = (*plan.friends, other.id)
                other.friends = (*other.friends, plan.id)
