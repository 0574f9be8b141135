"""More residents, made from word lists with a seeded random generator so every load is the same.

The hand-written people carry the special cases; these fill each home to a realistic size with
ordinary, varied lives.
"""

import random
from dataclasses import dataclass

from .interests import INTERESTS
from .specs import SUPPORTER, ContactSpec, OutcomeSpec, PersonSpec, TechSpec


@dataclass(frozen=True)
class Region:
    names: tuple[tuple[str, str, str, str, str], ...]
    """(full name, preferred name, pronouns, a child's first name, "son" or "daughter")."""
    places: tuple[str, ...]
    jobs: tuple[str, ...]
    faiths: tuple[str, ...]
    newspaper: str
    guardian: tuple[str, str]
    """Who decides for a person without capacity and without family, and on what authority."""


SCOTLAND = Region(
    names=(
        ("Agnes Murray", "Nan", "she/her", "Lesley", "daughter"),
        ("Jean Ritchie", "Jean", "she/her", "Alison", "daughter"),
        ("Robert Paterson", "Bobby", "he/him", "Craig", "son"),
        ("Helen Stewart", "Helen", "she/her", "Gillian", "daughter"),
        ("George Reid", "Dod", "he/him", "Stuart", "son"),
        ("Catherine Ferguson", "Kate", "she/her", "Shona", "daughter"),
        ("Alexander Kerr", "Sandy", "he/him", "Derek", "son"),
        ("Elizabeth Wilson", "Betty", "she/her", "Linda", "daughter"),
        ("Thomas Duncan", "Tam", "he/him", "Graeme", "son"),
        ("Irene Cowie", "Rena", "she/her", "Fiona", "daughter"),
    ),
    places=("Crieff", "Blairgowrie", "Dundee", "Pitlochry", "Kinross", "Auchterarder", "Forfar"),
    jobs=(
        "a nurse at Perth Royal Infirmary",
        "a primary school teacher",
        "a bus conductor",
        "a shepherd in Glen Lyon",
        "a typist at the insurance office",
        "a hairdresser with my own salon",
        "a gamekeeper",
        "a cook in the school kitchen",
        "a railwayman",
        "a mill worker",
    ),
    faiths=("Church of Scotland", "Roman Catholic", "Scottish Episcopal Church", "No religion"),
    newspaper="the Courier",
    guardian=(
        "Chief Social Work Officer, Perth and Kinross Council",
        "Welfare guardianship order (Adults with Incapacity (Scotland) Act 2000)",
    ),
)

ENGLAND = Region(
    names=(
        ("Joan Pearson", "Joan", "she/her", "Karen", "daughter"),
        ("Francis Holmes", "Frank", "he/him", "Steven", "son"),
        ("Doreen Barker", "Doreen", "she/her", "Julie", "daughter"),
        ("Raymond Taylor", "Ray", "he/him", "Mark", "son"),
    ),
    places=("Aston", "Smethwick", "West Bromwich", "Erdington", "Dudley"),
    jobs=(
        "a machinist at the Lucas factory",
        "a dinner lady",
        "a postman",
        "a shop assistant at Rackhams",
        "a welder at the Longbridge car plant",
    ),
    faiths=("Church of England", "Methodist", "No religion"),
    newspaper="the Birmingham Mail",
    guardian=(
        "Birmingham City Council (deputy appointed by the Court of Protection)",
        "Court of Protection order for health and welfare",
    ),
)

INTEREST_POOL = (
    ("singing", "Songs from the shows"),
    ("knitting", ""),
    ("baking", "Scones and shortbread"),
    ("crosswords", ""),
    ("jigsaws", ""),
    ("gardening", "Sweet peas"),
    ("bingo", ""),
    ("quizzes", ""),
    ("reading", "Westerns"),
    ("chair-exercise", ""),
    ("golf", ""),
    ("pets", "Visits from the therapy dog"),
    ("dancing", "Old-time dancing"),
    ("birdwatching", ""),
    ("painting", ""),
    ("cafe-trips", ""),
)

TRY_POOL = (
    ("using-a-tablet", "Looking at old photos online"),
    ("video-calls", ""),
    ("painting", "Watercolours"),
    ("animal-visits", "Holding a lamb at the farm park"),
    ("day-trips", "A trip to the seaside"),
)

MATTERS = (
    "keeping my independence for as long as I can",
    "my family and a bit of company",
    "feeling useful",
    "being outdoors whenever I can",
    "a laugh and a good cup of tea",
)

ROUTINES = (
    "I like a lie-in and breakfast in my room, then I am ready for the day.",
    "I am an early riser: up at six with a cup of tea, and I like to be in bed by nine.",
    "I like my main meal at lunchtime and something light at tea time.",
    "I like a bath rather than a shower, in the evening, to help me sleep.",
)

DOS = (
    "Please do knock and wait before you come in. Please do not call me 'dear'.",
    "Please do include me in a chat. Please do not leave me sitting with the television on.",
    "Please do let me do what I can myself, even if it takes longer.",
)


def generate(region: Region, *, seed: int, first_room: int) -> tuple[PersonSpec, ...]:
    """Ordinary residents for a home, the same every time for the same seed."""
    rng = random.Random(seed)
    people = []
    for index, names in enumerate(region.names):
        people.append(_person(rng, region, names, first_room + index))
    return tuple(people)


def _person(
    rng: random.Random,
    region: Region,
    names: tuple[str, str, str, str, str],
    room: int,
) -> PersonSpec:
    full_name, preferred, pronouns, child, relation = names
    memory = rng.choices(["none", "some", "significant"], weights=[5, 3, 2])[0]
    hearing = rng.choices(["none", "some", "significant"], weights=[4, 4, 1])[0]
    sight = rng.choices(["none", "some"], weights=[3, 2])[0]
    place, job = rng.choice(region.places), rng.choice(region.jobs)
    contacts = _contacts(rng, full_name.split()[-1], child, relation)
    present = rng.sample(INTEREST_POOL, 3)
    tried = rng.choice(TRY_POOL)
    return PersonSpec(
        full_name=full_name,
        preferred_name=preferred,
        pronouns=pronouns,
        age=rng.randint(74, 97),
        room=str(room),
        moved_in_days_ago=rng.randint(60, 1400),
        culture=f"Grew up in {place}",
        faith=rng.choice(region.faiths),
        sight=sight,
        hearing=hearing,
        memory=memory,
        dementia=memory == "significant",
        communicate=_communicate(hearing, sight, memory),
        mobility=rng.choices(
            ["independent", "walking_aid", "wheelchair", "hoist"], weights=[3, 4, 2, 1]
        )[0],
        video_calls=rng.choice(["welcome", "with_support", "not_asked", "distressing"]),
        ambitions=rng.choice(("To see my grandchildren grow up.", "To get back to my garden.", "")),
        getting_out=rng.choice(("A run out in the car on a nice day.", "The shops in town.", "")),
        about={
            "most_important": (
                f"I grew up in {place} and worked as {job}. What matters most to me now is "
                f"{rng.choice(MATTERS)}."
            ),
            "people": _people_text(contacts),
            "support": f"{rng.choice(ROUTINES)} I like {region.newspaper} with my breakfast.",
            "do_and_do_not": rng.choice(DOS),
        },
        supported_by=f"my {contacts[0].detail} {contacts[0].name.split()[0]}"
        if contacts
        else "key worker",
        interests=(
            *((slug, "present", detail) for slug, detail in present),
            (tried[0], "try", tried[1]),
        ),
        tech=_tech(rng, hearing, sight),
        contacts=contacts,
        decides_for_self=memory != "significant",
        representative=None if contacts else region.guardian,
        outcomes=(OutcomeSpec(f"I want to keep enjoying {INTERESTS[present[0][0]][0].lower()}."),),
        plan_review_overdue_days=rng.choice((0, 0, 0, 10)),
    )


def _contacts(
    rng: random.Random, surname: str, child: str, relation: str
) -> tuple[ContactSpec, ...]:
    size = rng.choice((0, 1, 2, 3, 4))
    if size == 0:
        return ()
    people = [
        ContactSpec(
            f"{child} {surname}",
            "child",
            relation,
            "visit",
            rng.choice(("weekly", "fortnightly")),
            support=SUPPORTER,
            updates=True,
            representative=True,
        )
    ]
    extra = (
        ContactSpec(f"Chloe {surname}", "grandchild", "granddaughter", "message", "monthly"),
        ContactSpec("Margaret Bell", "friend", "friend from church", "phone", "weekly"),
        ContactSpec("Ken Lawson", "neighbour", "old neighbour", "letter", "occasionally"),
    )
    return (*people, *extra[: size - 1])


def _people_text(contacts: tuple[ContactSpec, ...]) -> str:
    if not contacts:
        return "I have no family close by now. The people here are my company."
    first = contacts[0]
    text = f"My {first.detail} {first.name.split()[0]} visits me {_how_often(first.frequency)}."
    if len(contacts) > 1:
        text += " I like hearing from the rest of the family too."
    return text


def _how_often(frequency: str) -> str:
    return {"weekly": "every week", "fortnightly": "every two weeks"}.get(frequency, "often")


def _communicate(hearing: str, sight: str, memory: str) -> str:
    tips = []
    if hearing != "none":
        tips.append("Face me and speak clearly; check my hearing aid is in.")
    if sight != "none":
        tips.append("Tell me who you are when you come in.")
    if memory != "none":
        tips.append("Remind me gently; one question at a time.")
    return " ".join(tips) or "Just talk to me normally."


def _tech(rng: random.Random, hearing: str, sight: str) -> tuple[TechSpec, ...]:
    tech = []
    if hearing != "none":
        tech.append(TechSpec("hearing_aid", "Hearing aid", 100, rng.choice((-10, 30, 80))))
    if sight != "none":
        tech.append(TechSpec("glasses", "Glasses", 200, rng.choice((40, 160))))
    return tuple(tech)
