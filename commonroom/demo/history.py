"""Three months of connection history for each demo home, with the stories the daily list is for.

The days are simulated by the history generator (``commonroom.connections.generator``) from the
demo's own people, circles and staff, then written in bulk and the roll-ups rebuilt from the log:
a few seconds, where recording each moment one by one would take a minute. Each home's stories
are set out in ``STORIES`` below; everyone else simply lives their ordinary, varied days.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from commonroom.circle.models import Contact, PeerRelationship
from commonroom.connections.generator import (
    ContactPlan,
    HomePlan,
    ResidentPlan,
    StaffPlan,
    simulate,
    write_moments,
)
from commonroom.connections.models import Moment
from commonroom.connections.services.rebuild import rebuild_home
from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role
from commonroom.residents.models import Resident, StatusChange

HISTORY_DAYS = 91
SHARES_PER_DAY = 8.0
"""A home that records well, but not the busiest: about eight moments a day per person."""

EVERY = {"daily": 1.0, "weekly": 7.0, "fortnightly": 14.0, "monthly": 30.0, "occasionally": 45.0}
GROUPS = {
    "rowan-house": ("St John's Kirk", "Perth Academy choir", "Rowan walking group"),
    "birch-court": ("St Mary's church", "Handsworth primary choir", "Walking group"),
}


@dataclass(frozen=True)
class Story:
    """What the daily list should notice about one person (or, for a private person, not)."""

    visitor_stopped: int | None = None
    """Their twice-a-week visitor has not come for this many days."""
    keeps_to_room: int | None = None
    """For this many days before today they have stayed in their room: meals there, and every
    group activity offered declined."""
    private: bool = False
    """Content with their own company and rarely visited (about every five weeks, last two
    weeks ago): the list should leave them be."""
    hospital: tuple[int, int] | None = None
    """A hospital stay: went in so many days ago, came back so many days ago."""


STORIES: dict[str, dict[str, Story]] = {
    "rowan-house": {
        # Her son came every Wednesday and Saturday until he went into hospital himself.
        "Helen Stewart": Story(visitor_stopped=22),
        # Usually at chess and every quiz; this week she has said no to all of it.
        "Ruth Abernethy": Story(keeps_to_room=7),
        "James Forbes": Story(private=True),
        "Archibald Robertson": Story(hospital=(9, 2)),
        # Newcomers (Harjit, Bill) and Elspeth, whose friend Isobel died, are in the people.
    },
    "birch-court": {
        "Hazel Morgan": Story(visitor_stopped=20),
        "Francis Holmes": Story(keeps_to_room=7),
        "Kathleen O'Brien": Story(hospital=(8, 3)),
    },
}


def load_history(home: Home, residents: dict[str, Resident], today: dt.date) -> None:
    """Simulate, store and roll up ``HISTORY_DAYS`` days of moments for ``home``."""
    stories = STORIES.get(home.slug, {})
    start = today - dt.timedelta(days=HISTORY_DAYS - 1)
    _hospital_stays(home, residents, stories, today)
    plan = _Plans(home, residents, stories, today, start).home_plan()
    days = simulate(plan, start, today, per_day=SHARES_PER_DAY, seed=f"demo:{home.slug}")
    # Today only up to now: nothing is recorded before it happens.
    now = timezone.localtime()
    minute = now.hour * 60 + now.minute if today == now.date() else 24 * 60
    rows = (row for row in days if row.day < today or row.minute <= minute)
    write_moments(home, rows, seed=f"demo:{home.slug}", source=Moment.Source.PAGE)
    rebuild_home(home.pk)


def _hospital_stays(
    home: Home, residents: dict[str, Resident], stories: dict[str, Story], today: dt.date
) -> None:
    for name, story in stories.items():
        if story.hospital is None:
            continue
        went, back = (today - dt.timedelta(days=days) for days in story.hospital)
        for status, on, note in (
            (Resident.Status.IN_HOSPITAL, went, "Admitted to hospital after a fall."),
            (Resident.Status.LIVING_HERE, back, "Back from hospital."),
        ):
            StatusChange.objects.create(
                home=home,
                organisation_id=home.organisation_id,
                resident=residents[name],
                status=status,
                started_on=on,
                note=note,
            )


class _Plans:
    """The demo's people, circles and staff as the simulation needs them."""

    def __init__(
        self,
        home: Home,
        residents: dict[str, Resident],
        stories: dict[str, Story],
        today: dt.date,
        start: dt.date,
    ) -> None:
        self.home, self.residents, self.stories = home, residents, stories
        self.today, self.start = today, start
        self.rng = random.Random(f"demo-history:{home.slug}")

    def home_plan(self) -> HomePlan:
        people = [
            self._resident(name, resident, index)
            for index, (name, resident) in enumerate(self.residents.items())
        ]
        _befriend(people, self.home, self.rng)
        staff = list(Membership.objects.filter(home=self.home, ended_at__isnull=True))
        return HomePlan(
            residents=people,
            carers=self._staff(staff, (Role.CARE_WORKER, Role.SENIOR_CARER)),
            activity_staff=self._staff(staff, (Role.ACTIVITY_LEAD,)),
            volunteers=self._staff(staff, (Role.VOLUNTEER,)),
            groups=GROUPS.get(self.home.slug, GROUPS["rowan-house"]),
        )

    def _staff(self, memberships: list[Membership], roles: tuple[str, ...]) -> list[StaffPlan]:
        return [StaffPlan(m.pk, m.user_id, self.start) for m in memberships if m.role in roles]

    def _resident(self, name: str, resident: Resident, index: int) -> ResidentPlan:
        story = self.stories.get(name, Story())
        rng = self.rng
        return ResidentPlan(
            id=resident.pk,
            stays=self._stays(resident, story),
            sociability=rng.uniform(0.15, 0.3) if story.private else rng.uniform(0.6, 1.3),
            decline=0.03 if story.private else rng.uniform(0.04, 0.2),
            low_mood=rng.uniform(0.02, 0.08),
            table=index // 5,
            contacts=self._contacts(resident, story),
            declines_groups_from=(
                self.today - dt.timedelta(days=story.keeps_to_room) if story.keeps_to_room else None
            ),
        )

    def _stays(self, resident: Resident, story: Story) -> tuple[tuple[dt.date, dt.date], ...]:
        first = max(resident.admission_date, self.start)
        last = self.today
        if resident.status != Resident.Status.LIVING_HERE:
            last = resident.status_since - dt.timedelta(days=1)
        if story.hospital is None:
            return ((first, last),) if first <= last else ()
        went, back = (self.today - dt.timedelta(days=days) for days in story.hospital)
        return ((first, went - dt.timedelta(days=1)), (back, last))

    def _contacts(self, resident: Resident, story: Story) -> tuple[ContactPlan, ...]:
        plans = []
        for contact in Contact.objects.filter(resident=resident).order_by("pk"):
            every = EVERY.get(contact.preferred_frequency, 21.0)
            method = contact.preferred_method
            plans.append(
                ContactPlan(
                    id=contact.pk,
                    visit_every=every if method == Contact.Method.VISIT else 0,
                    call_every=every if method == Contact.Method.PHONE else 0,
                    video_every=every if method == Contact.Method.VIDEO else 0,
                    letter_every=every if method == Contact.Method.LETTER else 0,
                    weekday=self.rng.randrange(7),
                    phase=self.rng.randrange(60),
                )
            )
        return tuple(self._told(plans, story))

    def _told(self, plans: list[ContactPlan], story: Story) -> list[ContactPlan]:
        """The contacts as the person's story has them."""
        if not plans:
            return plans
        first = plans[0]
        if story.visitor_stopped:
            stopped = self.today - dt.timedelta(days=story.visitor_stopped)
            # Wednesdays and Saturdays, until the day they stopped coming.
            plans[0] = ContactPlan(first.id, visit_every=3.5, weekday=2, until=stopped)
        if story.private:
            # A visit every five weeks, the latest a fortnight ago, and a monthly call.
            last_visit = self.today - dt.timedelta(days=14)
            phase = -last_visit.toordinal() % 35
            plans[0] = ContactPlan(first.id, visit_every=35, call_every=30, phase=phase)
        return plans


def _befriend(people: list[ResidentPlan], home: Home, rng: random.Random) -> None:
    """Friends and buddies as the circle records them, and a friend for most others."""
    by_id = {person.id: person for person in people}
    pairs = PeerRelationship.objects.filter(home=home, kind__in=["friend", "buddy"])
    for a, b in pairs.values_list("resident_a_id", "resident_b_id"):
        if a in by_id and b in by_id:
            by_id[a].friends = (*by_id[a].friends, b)
            by_id[b].friends = (*by_id[b].friends, a)
    lonely = [p for p in people if not p.friends and p.sociability > 0.5]
    rng.shuffle(lonely)
    for one, other in zip(lonely[::2], lonely[1::2], strict=False):
        one.friends, other.friends = (other.id,), (one.id,)
