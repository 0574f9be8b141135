"""Benchmark: the weekly planner (CP-SAT) against first come, first invited, on the same week.

Generates a realistic home's week (interests, needs, languages, friends, tensions, buddies,
appointments, sessions with accessibility and staffing) with a fixed seed, solves it with both
and prints time, proven gap, people below their weekly share, people at risk reached, interest
fit and friends grouped. Pure: no database.

    make bench-planner
    .venv/bin/python bench/planner.py --sizes 120x80 300x200 --time-limit 9.5
"""

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonroom.planner.greedy import greedy  # noqa: E402
from commonroom.planner.problem import (  # noqa: E402
    Interval,
    Needs,
    Plan,
    PlanResident,
    PlanSession,
    Week,
)
from commonroom.planner.solve import most_possible, quality, solve  # noqa: E402

MONDAY = dt.date(2025, 3, 3)
CATEGORIES = {
    "arts": ["painting", "knitting", "pottery", "flower arranging"],
    "domestic": ["baking", "gardening", "cooking", "laying tables"],
    "music": ["brass bands", "choir", "dancing", "musicals", "seated exercise"],
    "learning": ["history", "poetry", "reading", "local history"],
    "games": ["bingo", "dominoes", "quizzes", "crosswords", "cards"],
    "intergenerational": ["children", "video calls", "tablets"],
    "nature": ["birdwatching", "walking", "allotments"],
    "faith": ["chapel", "hymns", "bible study", "gurdwara"],
    "outings": ["cricket", "football", "shopping", "seaside"],
    "one_to_one": ["reminiscence", "hand massage", "reading aloud"],
    "therapeutic": ["music therapy", "pets", "art therapy"],
}
TALK = {"learning", "faith", "one_to_one"}
SLOTS = [(10, 0), (11, 15), (14, 0), (15, 30), (18, 30)]
LANGUAGES = [
    (0.80, ("english",), "english"),
    (0.08, ("english", "welsh"), "welsh"),
    (0.05, ("welsh", "english"), "welsh"),
    (0.04, ("punjabi",), "punjabi"),
    (0.03, ("polish",), "polish"),
]


def at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute))


def generate(residents: int, sessions: int, seed: int = 4) -> Week:
    """A generated week of a home of ``residents`` people with ``sessions`` sessions."""
    rng = random.Random(seed)
    people = [_resident(rng, i + 1) for i in range(residents)]
    people = _relationships(rng, people)
    return Week(MONDAY, tuple(people), tuple(_session(rng, j + 1) for j in range(sessions)))


def _resident(rng: random.Random, i: int) -> PlanResident:
    pool = [name for names in CATEGORIES.values() for name in names]
    roll = rng.random()
    languages, preferred = LANGUAGES[0][1], LANGUAGES[0][2]
    for chance, spoken, pref in LANGUAGES:
        if roll < chance:
            languages, preferred = spoken, pref
            break
        roll -= chance
    bed = rng.random() < 0.05
    busy = []
    for _n in range(rng.randint(0, 3)):
        day, (hour, minute) = rng.randrange(7), rng.choice(SLOTS)
        start = at(day, hour, minute)
        busy.append(Interval(start, start + dt.timedelta(minutes=rng.choice([30, 60, 120]))))
    return PlanResident(
        id=i,
        name=f"Resident {i}",
        share=rng.choice([2, 3, 3, 3, 3, 4]),
        priority=rng.choice([1, 2]) if rng.random() < 0.15 else 0,
        interests=frozenset(rng.sample(pool, rng.randint(2, 6))),
        needs=Needs(
            seated=bed or rng.random() < 0.3,
            bedside_only=bed,
            dementia=rng.random() < 0.35,
            hearing=rng.random() < 0.15,
            sight=rng.random() < 0.10,
        ),
        languages=frozenset(languages),
        preferred_language=preferred,
        busy=tuple(busy),
        had_this_week=rng.choice([0, 0, 0, 1]),
    )


def _relationships(rng: random.Random, people: list[PlanResident]) -> list[PlanResident]:
    n = len(people)
    friends: dict[int, set[int]] = {p.id: set() for p in people}
    tensions: dict[int, set[int]] = {p.id: set() for p in people}
    for _n in range(n):
        a, b = rng.sample(range(1, n + 1), 2)
        friends[a].add(b)
        friends[b].add(a)
    for _n in range(n // 10):
        a, b = rng.sample(range(1, n + 1), 2)
        if b not in friends[a]:
            tensions[a].add(b)
            tensions[b].add(a)
    result = []
    for p in people:
        buddy = None
        if rng.random() < 0.05:
            buddy = rng.choice(
                [o for o in range(1, n + 1) if o != p.id and o not in tensions[p.id]]
            )
        result.append(
            PlanResident(
                **{
                    **p.__dict__,
                    "priority_reasons": ("early_warning",) if p.priority else (),
                    "friends": frozenset(friends[p.id]),
                    "tensions": frozenset(tensions[p.id]),
                    "buddy": buddy,
                }
            )
        )
    return result


def _session(rng: random.Random, j: int) -> PlanSession:
    category = rng.choice(list(CATEGORIES))
    one_to_one = category == "one_to_one"
    start = at(rng.randrange(7), *rng.choice(SLOTS))
    language = rng.choices(["english", "welsh", "punjabi", "polish"], [90, 6, 2, 2])[0]
    staff = 1 if one_to_one else rng.choice([1, 1, 2])
    return PlanSession(
        id=j,
        title=f"{category} {j}",
        interval=Interval(start, start + dt.timedelta(minutes=rng.choice([45, 60, 90]))),
        category=category,
        capacity=rng.randint(1, 2) if one_to_one else rng.randint(6, 14),
        seated=one_to_one or rng.random() < 0.7,
        bedside=one_to_one,
        dementia_friendly=one_to_one or rng.random() < 0.6,
        hearing_friendly=one_to_one or rng.random() < 0.45,
        sight_friendly=one_to_one or rng.random() < 0.4,
        language=language,
        language_needed=language != "english" or category in TALK,
        interests=frozenset(rng.sample(CATEGORIES[category], 2)),
        staff_needed=staff,
        staff_available=staff if rng.random() > 0.04 else staff - 1,
        volunteers_needed=rng.choice([0, 0, 1]),
        volunteers_available=1,
    )


def report(name: str, week: Week, plan: Plan, impossible: int) -> None:
    pairs = [(a.resident, a.session) for a in plan.assignments]
    q = quality(week, pairs)
    gap = "n/a" if plan.gap is None else f"{plan.gap:.2%}"
    print(
        f"  {name:<8} time {plan.seconds:6.2f} s  status {plan.status:<9} gap {gap:>7}  "
        f"below share {q.below_share:3d} ({q.below_share - impossible} feasible, "
        f"{q.missing} sessions)  at risk reached {q.at_risk_reached}/{q.at_risk}  "
        f"interest fit {q.interest_fit:.0%}  friends grouped {q.friends_grouped}/{q.friend_pairs}"
        f"  score {q.score}"
    )


def run(residents: int, sessions: int, time_limit: float, seed: int) -> None:
    week = generate(residents, sessions, seed)
    impossible = sum(1 for r in week.residents if most_possible(week, r) < r.share)
    print(
        f"{residents} residents, {sessions} sessions (seed {seed}): {impossible} people whose "
        f"share no plan can meet; load average {os.getloadavg()[0]:.2f}"
    )
    baseline = greedy(week)
    report("greedy", week, baseline, impossible)
    plan = solve(
        week,
        time_limit=time_limit,
        hint=[(a.resident, a.session) for a in baseline.assignments],
    )
    report("CP-SAT", week, plan, impossible)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["120x80", "300x200"])
    parser.add_argument("--time-limit", type=float, default=9.5)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    print(f"CPU cores: {os.cpu_count()}")
    for size in args.sizes:
        residents, sessions = (int(n) for n in size.split("x"))
        run(residents, sessions, args.time_limit, args.seed)


if __name__ == "__main__":
    main()
