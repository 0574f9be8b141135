"""Visiting in the demo homes: places to meet, the visitor information page, regular visitors
from the residents' circles, two weeks of visits at the door (two people in the building now), a
few optional reservations this week, and in Birch Court an outbreak restriction on one floor
whose review is overdue, with an end-of-life exception.

Written straight to the models in bulk, like the rest of the demo history: the moments these
visits stand for are already in the connection history, so none are written here."""

import datetime as dt
import hashlib
import hmac
import random
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from commonroom.accounts.models import User
from commonroom.circle.models import Contact, SupportRole
from commonroom.homes.models import Home
from commonroom.residents.models import Resident
from commonroom.visiting.models import (
    Admission,
    Kiosk,
    Reservation,
    Restriction,
    RestrictionResident,
    Space,
    Visit,
    VisitingException,
    Visitor,
    VisitorInformation,
)
from commonroom.visiting.services.kiosks import token_digest
from commonroom.visiting.services.spaces import MEAL_TIMES

VISITORS = 15
VISIT_DAYS = 14


@dataclass(frozen=True)
class SpaceSpec:
    name: str
    kind: str
    description: str
    capacity: int
    step_free: bool = True
    toilet: bool = False
    loop: bool = False
    quiet: bool = False
    outdoor: bool = False
    can_reserve: bool = True


SPACES: dict[str, tuple[SpaceSpec, ...]] = {
    "rowan-house": (
        SpaceSpec(
            "Lounge",
            Space.Kind.LOUNGE,
            "The big bright room by the front door, with the piano and the telly.",
            20,
            toilet=True,
            loop=True,
            can_reserve=False,
        ),
        SpaceSpec(
            "Café",
            Space.Kind.CAFE,
            "Tea, coffee and home baking, open 10 till 4. Bring the grandchildren.",
            16,
            toilet=True,
        ),
        SpaceSpec(
            "Garden",
            Space.Kind.GARDEN,
            "Raised beds, a greenhouse and benches in the sun; level paths all round.",
            24,
            outdoor=True,
            can_reserve=False,
        ),
        SpaceSpec(
            "Family room",
            Space.Kind.FAMILY_ROOM,
            "A private room with a sofa, a table for a meal together and toys for children.",
            8,
            toilet=True,
            loop=True,
        ),
        SpaceSpec(
            "Quiet room",
            Space.Kind.QUIET_ROOM,
            "Soft light and comfortable chairs, for a calm visit or a hard conversation.",
            4,
            quiet=True,
        ),
    ),
    "birch-court": (
        SpaceSpec(
            "Lounge",
            Space.Kind.LOUNGE,
            "On the ground floor, with the radio and the fish tank.",
            18,
            toilet=True,
            loop=True,
            can_reserve=False,
        ),
        SpaceSpec(
            "Conservatory",
            Space.Kind.FAMILY_ROOM,
            "Looks over the garden; room for a family meal.",
            10,
            toilet=True,
        ),
        SpaceSpec(
            "Garden",
            Space.Kind.GARDEN,
            "Paved paths, bird feeders and a covered seat.",
            20,
            outdoor=True,
            can_reserve=False,
        ),
        SpaceSpec(
            "Prayer and quiet room",
            Space.Kind.QUIET_ROOM,
            "For prayer, reflection or a quiet chat. Shoes off, please.",
            4,
            quiet=True,
        ),
    ),
}

INFORMATION: dict[str, dict[str, str]] = {
    "rowan-house": {
        "welcome": (
            "Visiting Rowan House is open every day: come when it suits you and the person you "
            "visit. You never need to book."
        ),
        "getting_here": (
            "The 7 bus from Perth town centre stops at Kirk Brae, two minutes' walk. The "
            "station is a 15-minute walk or a short taxi ride. Use the front door by the café."
        ),
        "parking": "Eight spaces at the front, two of them wide for wheelchair users.",
        "meals": (
            "Join a meal whenever you like: breakfast, lunch, afternoon tea or the evening meal. "
            "Tell us a day before if you can, so the kitchen can lay a place; it costs nothing."
        ),
        "pets": "Well-behaved dogs on leads are very welcome, except in the dining room.",
        "during_outbreak": (
            "We keep visiting open wherever we safely can. If we must ask some visitors to stay "
            "away for a while, each resident's essential care supporters still visit, and we "
            "tell families in writing why, for how long and whom to talk to."
        ),
        "contact_name": "Ailsa Grant, deputy manager",
        "contact_details": "01632 960 101 or visiting@rowan.demo",
    },
    "birch-court": {
        "welcome": (
            "Birch Court is open to visitors every day. Family, friends, faith visitors and "
            "neighbours are all welcome, no booking needed."
        ),
        "getting_here": (
            "Buses 74 and 79 stop on Soho Road, five minutes' walk. Use the main entrance on "
            "Church Road and sign in at the tablet by the door."
        ),
        "parking": "Six spaces in the car park, and free street parking on Church Road.",
        "meals": (
            "You are welcome to share lunch or tea. The kitchen cooks halal, vegetarian and "
            "Caribbean dishes; let us know about dietary needs."
        ),
        "pets": "Dogs and cats on a lead or in a carrier are welcome in the lounge and garden.",
        "during_outbreak": (
            "If there is an outbreak we may pause visits on one floor for a short time. Care "
            "supporters still visit, visits go on at the end of life, and we review the "
            "restriction often."
        ),
        "contact_name": "The home manager",
        "contact_details": "01632 960 202",
    },
}


def load_visiting(
    home: Home, residents: dict[str, Resident], today: dt.date, manager: User
) -> None:
    """Everything visiting for one demo home."""
    rng = random.Random(f"visiting-{home.slug}")
    tenant = {"home": home, "organisation_id": home.organisation_id}
    current = [r for r in residents.values() if r.is_current]
    spaces = _spaces(home, tenant)
    VisitorInformation.objects.create(home=home, **INFORMATION.get(home.slug, {}))
    restriction, covered = (None, set[int]())
    if home.nation == Home.Nation.ENGLAND:
        restriction, covered = _restriction(home, tenant, current, today, manager)
    visitors = _visitors(home, tenant, current, rng)
    _visits(tenant, visitors, today, rng, restriction, covered)
    _reservations(tenant, spaces, current, today, manager, rng)


def _spaces(home: Home, tenant: dict[str, object]) -> list[Space]:
    return Space.objects.bulk_create(
        [
            Space(
                **tenant,
                name=spec.name,
                kind=spec.kind,
                description=spec.description,
                capacity=spec.capacity,
                step_free=spec.step_free,
                accessible_toilet_near=spec.toilet,
                hearing_loop=spec.loop,
                quiet=spec.quiet,
                outdoor=spec.outdoor,
                can_reserve=spec.can_reserve,
            )
            for spec in SPACES.get(home.slug, ())
        ]
    )


def _visitors(
    home: Home, tenant: dict[str, object], current: list[Resident], rng: random.Random
) -> list[tuple[Visitor, Contact]]:
    contacts = list(
        Contact.objects.filter(home=home, resident__in=current)
        .select_related("resident")
        .order_by("resident__room", "pk")
    )
    # One or two people from each circle, until there are enough.
    chosen: list[Contact] = []
    per_resident: dict[int, int] = {}
    for contact in contacts:
        if per_resident.get(contact.resident_id, 0) >= 2:
            continue
        per_resident[contact.resident_id] = per_resident.get(contact.resident_id, 0) + 1
        chosen.append(contact)
        if len(chosen) == VISITORS:
            break
    visitors = Visitor.objects.bulk_create(
        [
            Visitor(
                **tenant,
                name=c.name,
                phone=c.phone,
                email=c.email,
                contact=c,
                user=c.user,
            )
            for c in chosen
        ]
    )
    usual = Visitor.usual_residents.through
    usual.objects.bulk_create(
        [
            usual(visitor_id=v.pk, resident_id=c.resident_id)
            for v, c in zip(visitors, chosen, strict=True)
            if c.support_role != SupportRole.VISITOR or rng.random() < 0.5
        ]
    )
    return list(zip(visitors, chosen, strict=True))


def _visits(
    tenant: dict[str, object],
    visitors: list[tuple[Visitor, Contact]],
    today: dt.date,
    rng: random.Random,
    restriction: Restriction | None,
    covered: set[int],
) -> None:
    now = timezone.now()
    rows: list[tuple[Visit, int]] = []
    for index, (visitor, contact) in enumerate(visitors):
        supporter = contact.support_role != SupportRole.VISITOR
        every = 2 if supporter else 5
        for days_ago in range(VISIT_DAYS, 0, -1):
            if (days_ago + index) % every:
                continue
            day = today - dt.timedelta(days=days_ago)
            start = timezone.make_aware(
                dt.datetime.combine(
                    day, dt.time(rng.choice((10, 11, 14, 15, 16)), rng.randint(0, 59))
                )
            )
            visit = Visit(
                **tenant,
                visitor=visitor,
                party_size=rng.choice((1, 1, 1, 2, 3)),
                signed_in_at=start,
                signed_out_at=start + dt.timedelta(minutes=rng.randint(35, 150)),
            )
            if restriction is not None and contact.resident_id in covered:
                if start < restriction.started_at:
                    pass
                elif supporter:
                    visit.admission = Admission.NAMED_SUPPORTER
                    visit.restriction = restriction
                else:
                    continue
            rows.append((visit, contact.resident_id))
    # Two people in the building now (for the fire list), from residents not covered.
    here = [(v, c) for v, c in visitors if c.resident_id not in covered][:2]
    for minutes, (visitor, contact) in zip((25, 70), here, strict=False):
        rows.append(
            (
                Visit(
                    **tenant,
                    visitor=visitor,
                    signed_in_at=now - dt.timedelta(minutes=minutes),
                    signed_out_at=None,
                ),
                contact.resident_id,
            )
        )
    visits = Visit.objects.bulk_create([visit for visit, _resident in rows])
    through = Visit.residents.through
    through.objects.bulk_create(
        [
            through(visit_id=visit.pk, resident_id=resident_id)
            for visit, (_v, resident_id) in zip(visits, rows, strict=True)
        ]
    )
    last: dict[int, dt.datetime] = {}
    for visit in visits:
        last[visit.visitor_id] = max(
            last.get(visit.visitor_id, visit.signed_in_at), visit.signed_in_at
        )
    for visitor, _contact in visitors:
        if visitor.pk in last:
            visitor.last_visit_at = last[visitor.pk]
    Visitor.objects.bulk_update([v for v, _c in visitors], ["last_visit_at"])


def _reservations(
    tenant: dict[str, object],
    spaces: list[Space],
    current: list[Resident],
    today: dt.date,
    manager: User,
    rng: random.Random,
) -> None:
    reservable = [s for s in spaces if s.can_reserve]
    people = sorted(current, key=lambda r: r.room)[:6]
    if not reservable or len(people) < 4:
        return
    made = []
    plans = (
        (1, reservable[0], dt.time(14, 0), dt.time(15, 30), 3, "Daughter and two grandchildren"),
        (2, reservable[-1], dt.time(11, 0), dt.time(12, 0), 1, "Minister from the kirk"),
        (3, reservable[0], dt.time(15, 0), dt.time(17, 0), 5, "Birthday tea: the whole family"),
    )
    for person, (days, space, start, end, guests, who) in zip(people, plans, strict=False):
        day = today + dt.timedelta(days=days)
        made.append(
            Reservation(
                **tenant,
                kind=Reservation.Kind.SPACE,
                resident=person,
                space=space,
                starts_at=timezone.make_aware(dt.datetime.combine(day, start)),
                ends_at=timezone.make_aware(dt.datetime.combine(day, end)),
                guests=guests,
                guest_names=who,
                booked_by=manager,
            )
        )
    for person, days, meal, guests, diet in (
        (people[3], 1, Reservation.Meal.LUNCH, 2, "One vegetarian"),
        (people[1], 2, Reservation.Meal.DINNER, 1, ""),
        (people[2], 4, Reservation.Meal.TEA, 2, "Gluten-free, please"),
    ):
        day = today + dt.timedelta(days=days)
        start, end = _meal_times(meal)
        made.append(
            Reservation(
                **tenant,
                kind=Reservation.Kind.MEAL,
                resident=person,
                meal=meal,
                starts_at=timezone.make_aware(dt.datetime.combine(day, start)),
                ends_at=timezone.make_aware(dt.datetime.combine(day, end)),
                guests=guests,
                dietary_needs=diet,
                booked_by=manager,
            )
        )
    rng.shuffle(made)
    Reservation.objects.bulk_create(made)


def _meal_times(meal: str) -> tuple[dt.time, dt.time]:
    return MEAL_TIMES[meal]


def _restriction(
    home: Home,
    tenant: dict[str, object],
    current: list[Resident],
    today: dt.date,
    manager: User,
) -> tuple[Restriction, set[int]]:
    """Norovirus on the first floor: visits paused there (care supporters and end of life go
    on), declared five days ago, its review two days overdue."""
    first_floor = sorted(current, key=lambda r: (len(r.room), r.room))[:5]
    restriction = Restriction.objects.create(
        **tenant,
        title="Norovirus on the first floor",
        scope=Restriction.Scope.AREA,
        area_name="First floor",
        level=Restriction.Level.PAUSED,
        risk="Four residents on the first floor have had sickness and diarrhoea in two days.",
        risk_assessment=(
            "Health protection team advised pausing general visits to the floor for a short "
            "time; the rest of the home stays open."
        ),
        precautions="Wash your hands with soap and water on arrival and when you leave.",
        alternatives_considered=(
            "Visits in the garden or the conservatory; video calls; care supporters visiting "
            "with precautions. Whole-home closure was rejected as out of proportion."
        ),
        consulted=(
            "The residents on the floor who could be asked, their families by phone, and the "
            "local health protection team."
        ),
        residents_consulted=True,
        families_consulted=True,
        contact_name="The home manager",
        contact_details="01632 960 202",
        started_at=timezone.now() - dt.timedelta(days=5),
        next_review_on=today - dt.timedelta(days=2),
        declared_by=manager,
    )
    supporters: dict[int, list[str]] = {}
    for contact in Contact.objects.filter(home=home, resident__in=first_floor).exclude(
        support_role=SupportRole.VISITOR
    ):
        supporters.setdefault(contact.resident_id, []).append(contact.name)
    RestrictionResident.objects.bulk_create(
        [
            RestrictionResident(
                **tenant,
                restriction=restriction,
                resident=resident,
                supporters=supporters.get(resident.pk, []),
                no_supporter_reason=""
                if resident.pk in supporters
                else "Nobody is able and willing just now; being arranged with the family.",
            )
            for resident in first_floor
        ]
    )
    # The oldest person on the floor, whose health has been failing, is the end-of-life case.
    oldest = min(first_floor, key=lambda r: r.date_of_birth or today)
    VisitingException.objects.create(
        **tenant,
        resident=oldest,
        kind=VisitingException.Kind.END_OF_LIFE,
        reason=(
            "Receiving end-of-life care. Family and friends visit whenever they wish, whatever "
            "the restriction."
        ),
        starts_on=today - dt.timedelta(days=4),
        recorded_by=manager,
    )
    return restriction, {r.pk for r in first_floor}


DEMO_KIOSK_NAME = "Front door (demo)"


def demo_kiosk_address(home: Home) -> str:
    """The demo door tablet's address, made for this home on first use.

    A real tablet's secret is random and shown once; the demo's is derived from this machine's
    secret key so that `make run` can print the same address every time without storing it."""
    token = hmac.new(
        settings.SECRET_KEY.encode(), f"demo-kiosk:{home.slug}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    digest = token_digest(token)
    with scope(home=home):
        live = Kiosk.objects.filter(home=home, token_digest=digest, revoked_at__isnull=True)
        if not live.exists():
            Kiosk.objects.create(home=home, name=DEMO_KIOSK_NAME, token_digest=digest)
    return reverse("kiosk:start", args=[token])
