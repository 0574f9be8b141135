"""Plan a week with OR-Tools CP-SAT on plain data (no Django).

Hard: a person is only invited where the session suits their needs and language, they are free,
there is a place, they are not in two sessions at once, and two people kept apart are never in
the same session. Soft (the objective): everyone's weekly share first (a missed session of a
person flagged by the early warning or with few visitors weighs more), then interests served,
friends together, newcomers with their buddy, their own language, and variety across categories.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from .problem import (
    Assignment,
    Plan,
    PlanResident,
    PlanSession,
    Reason,
    Shortfall,
    UnstaffedSession,
    Week,
)

SHORTFALL = 1000
"""A session missing from someone's share outweighs any amount of fit elsewhere."""
INTEREST = 10
MOST_INTERESTS = 3
LANGUAGE = 6
FRIEND = 20
BUDDY = 60
REPEAT = 15
"""Each session beyond ``SAME_CATEGORY`` of one category in a week."""
SAME_CATEGORY = 2
NEEDS = ("bedside", "seated", "dementia", "hearing", "sight")

Pair = tuple[int, int]
"""(resident id, session id)."""


def blocker(resident: PlanResident, session: PlanSession) -> str | None:
    """What rules ``session`` out for ``resident`` (see ``Shortfall.why``), None if it suits."""
    if not session.staffed:
        return "staffing"
    need, offer = resident.needs, session
    for code, needed, offered in (
        ("bedside", need.bedside_only, offer.bedside),
        ("seated", need.seated, offer.seated),
        ("dementia", need.dementia, offer.dementia_friendly),
        ("hearing", need.hearing, offer.hearing_friendly),
        ("sight", need.sight, offer.sight_friendly),
    ):
        if needed and not offered:
            return code
    if session.language_needed and session.language not in resident.languages:
        return "language"
    if any(busy.overlaps(session.interval) for busy in resident.busy):
        return "busy"
    return None


def suitable_pairs(week: Week) -> list[Pair]:
    return [
        (r.id, s.id)
        for r in week.residents
        for s in week.sessions
        if s.capacity > 0 and blocker(r, s) is None
    ]


def most_possible(week: Week, resident: PlanResident) -> int:
    """The most sessions any plan could offer this person on their own (suitable sessions that
    do not overlap, earliest-ending first): below their share, no plan can keep it, so that
    part of the shortfall is reported but does not blur the solver's gap."""
    count, free_from = 0, None
    for s in sorted(week.sessions, key=lambda s: s.interval.end):
        free = free_from is None or s.interval.start >= free_from
        if free and s.capacity > 0 and blocker(resident, s) is None:
            count, free_from = count + 1, s.interval.end
    return count


def concurrent_groups(sessions: Sequence[PlanSession]) -> list[list[int]]:
    """Sets of sessions that share a moment; with intervals, at most one per set means no two
    overlap (every overlapping pair shares the later one's start)."""
    groups: set[tuple[int, ...]] = set()
    for s in sessions:
        at = s.interval.start
        group = tuple(sorted(o.id for o in sessions if o.interval.start <= at < o.interval.end))
        if len(group) > 1:
            groups.add(group)
    return [list(g) for g in sorted(groups)]


def fit(resident: PlanResident, session: PlanSession) -> int:
    """How well a session suits someone, apart from who else goes."""
    shared = min(len(resident.interests & session.interests), MOST_INTERESTS)
    own_language = session.language == resident.preferred_language != "english"
    return INTEREST * shared + (LANGUAGE if own_language else 0)


def shortfall_weight(resident: PlanResident) -> int:
    return SHORTFALL * (1 + resident.priority)


def together_weight(a: PlanResident, b: PlanResident) -> int:
    return BUDDY if a.buddy == b.id or b.buddy == a.id else FRIEND


def company(week: Week) -> list[tuple[int, int]]:
    """Pairs of residents (lower id first) who should be grouped: friends and buddies."""
    ids = {r.id for r in week.residents}
    pairs = set()
    for r in week.residents:
        for other in set(r.friends) | ({r.buddy} if r.buddy is not None else set()):
            if other in ids and other != r.id:
                pairs.add((min(r.id, other), max(r.id, other)))
    return sorted(pairs)


def score(week: Week, pairs: Iterable[Pair]) -> int:
    """The objective the solver maximises, for any plan (the greedy baseline's too): every
    session towards someone's share counts ``shortfall_weight``, so a missed one costs that."""
    people = {r.id: r for r in week.residents}
    sessions = {s.id: s for s in week.sessions}
    chosen = set(pairs)
    total = 0
    per_category: Counter[tuple[int, str]] = Counter()
    offered: Counter[int] = Counter()
    for r_id, s_id in chosen:
        total += fit(people[r_id], sessions[s_id])
        per_category[(r_id, sessions[s_id].category)] += 1
        offered[r_id] += 1
    for a, b in company(week):
        if any((a, s.id) in chosen and (b, s.id) in chosen for s in week.sessions):
            total += together_weight(people[a], people[b])
    total -= REPEAT * sum(max(0, n - SAME_CATEGORY) for n in per_category.values())
    total += sum(shortfall_weight(r) * min(r.share, offered[r.id]) for r in week.residents)
    return total


class _Model:
    """The CP-SAT model of one week."""

    def __init__(self, week: Week) -> None:
        self.week = week
        self.model = cp_model.CpModel()
        self.people = {r.id: r for r in week.residents}
        self.sessions = {s.id: s for s in week.sessions}
        self.x = {p: self.model.new_bool_var(f"x{p[0]}_{p[1]}") for p in suitable_pairs(week)}
        self.by_resident: dict[int, list[int]] = defaultdict(list)
        self.by_session: dict[int, list[int]] = defaultdict(list)
        for r_id, s_id in self.x:
            self.by_resident[r_id].append(s_id)
            self.by_session[s_id].append(r_id)
        self.terms: list[tuple[cp_model.LinearExprT, int]] = []

    def build(self) -> None:
        self._capacity_and_tensions()
        self._one_at_a_time()
        self._shares()
        self._fit()
        self._together()
        self._variety()
        self.model.maximize(sum(weight * var for var, weight in self.terms))

    def _capacity_and_tensions(self) -> None:
        for s_id, r_ids in self.by_session.items():
            self.model.add(sum(self.x[(r, s_id)] for r in r_ids) <= self.sessions[s_id].capacity)
            present = set(r_ids)
            for r in r_ids:
                for other in self.people[r].tensions:
                    if other in present and r < other:
                        self.model.add_at_most_one(self.x[(r, s_id)], self.x[(other, s_id)])

    def _one_at_a_time(self) -> None:
        for group in concurrent_groups(self.week.sessions):
            for r_id in self.by_resident:
                clashing = [self.x[(r_id, s)] for s in group if (r_id, s) in self.x]
                if len(clashing) > 1:
                    self.model.add_at_most_one(clashing)

    def _shares(self) -> None:
        for r in self.week.residents:
            mine = [self.x[(r.id, s)] for s in self.by_resident[r.id]]
            self.model.add(sum(mine) <= r.share)
            self.terms.extend((var, shortfall_weight(r)) for var in mine)

    def _fit(self) -> None:
        for (r_id, s_id), var in self.x.items():
            value = fit(self.people[r_id], self.sessions[s_id])
            if value:
                self.terms.append((var, value))

    def _together(self) -> None:
        """A pair counts once a week: seeing each other at one session is what matters, and
        counting every shared session would leave the bound too loose to prove."""
        for a, b in company(self.week):
            common = sorted(set(self.by_resident[a]) & set(self.by_resident[b]))
            if not common:
                continue
            met = self.model.new_bool_var(f"met{a}_{b}")
            both = []
            for s_id in common:
                var = self.model.new_bool_var(f"y{a}_{b}_{s_id}")
                self.model.add_implication(var, self.x[(a, s_id)])
                self.model.add_implication(var, self.x[(b, s_id)])
                both.append(var)
            self.model.add(met <= sum(both))
            self.terms.append((met, together_weight(self.people[a], self.people[b])))

    def _variety(self) -> None:
        for r_id, mine in self.by_resident.items():
            by_category: dict[str, list[int]] = defaultdict(list)
            for s_id in mine:
                by_category[self.sessions[s_id].category].append(s_id)
            share = self.people[r_id].share
            for category, s_ids in by_category.items():
                if min(len(s_ids), share) <= SAME_CATEGORY:
                    continue
                repeats = self.model.new_int_var(0, share, f"rep{r_id}_{category}")
                count = sum(self.x[(r_id, s)] for s in s_ids)
                self.model.add(repeats >= count - SAME_CATEGORY)
                self.terms.append((repeats, -REPEAT))

    def hint(self, pairs: Iterable[Pair]) -> None:
        chosen = set(pairs)
        for pair, var in self.x.items():
            self.model.add_hint(var, pair in chosen)


def solve(
    week: Week,
    *,
    time_limit: float = 9.5,
    workers: int = 2,
    seed: int = 0,
    hint: Sequence[Pair] = (),
) -> Plan:
    """The best plan CP-SAT finds within ``time_limit`` seconds, with the proven bound, the
    shares that could not be met and why, and each invitation's reasons. ``hint`` (the greedy
    plan, say) gives the search a place to start, and is returned if nothing better is found in
    time, since it keeps every hard rule too."""
    started = time.perf_counter()
    built = _Model(week)
    built.build()
    built.hint(hint)
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    solver, found, code = _run(built, remaining, workers, seed)
    status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}.get(code, "unknown")
    chosen = found if status != "unknown" else list(hint)
    value = float(score(week, chosen))
    return finish(
        week,
        chosen,
        objective=value,
        bound=solver.best_objective_bound if status != "unknown" else value,
        seconds=time.perf_counter() - started,
        status=status,
    )


def _run(
    built: _Model, time_limit: float, workers: int, seed: int
) -> tuple[cp_model.CpSolver, list[Pair], Any]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_search_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(built.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver, [], code
    return solver, [p for p, var in built.x.items() if solver.boolean_value(var)], code


def finish(
    week: Week,
    pairs: Sequence[Pair],
    *,
    objective: float,
    bound: float,
    seconds: float,
    status: str,
) -> Plan:
    """Turn chosen pairs into a ``Plan``: reasons, shortfalls and sessions short of staff."""
    return Plan(
        assignments=explain(week, pairs),
        objective=objective,
        bound=bound,
        seconds=seconds,
        status=status,
        shortfalls=shortfalls(week, pairs),
        unstaffed=tuple(
            UnstaffedSession(
                s.id,
                max(0, s.staff_needed - s.staff_available),
                max(0, s.volunteers_needed - s.volunteers_available),
            )
            for s in week.sessions
            if not s.staffed
        ),
    )


def explain(week: Week, pairs: Sequence[Pair]) -> tuple[Assignment, ...]:
    """Each invitation with why it is proposed, in time order."""
    people = {r.id: r for r in week.residents}
    sessions = {s.id: s for s in week.sessions}
    going: dict[int, set[int]] = defaultdict(set)
    for r_id, s_id in pairs:
        going[s_id].add(r_id)
    ordered = sorted(pairs, key=lambda p: (sessions[p[1]].interval.start, p[1], p[0]))
    so_far: Counter[int] = Counter()
    result = []
    for r_id, s_id in ordered:
        resident = people[r_id]
        reasons = _reasons(resident, sessions[s_id], going[s_id], people)
        reasons.append(Reason("had_this_week", count=resident.had_this_week + so_far[r_id]))
        reasons.extend(Reason(code) for code in resident.priority_reasons)
        so_far[r_id] += 1
        result.append(Assignment(r_id, s_id, tuple(reasons)))
    return tuple(result)


def _reasons(
    resident: PlanResident,
    session: PlanSession,
    going: set[int],
    people: Mapping[int, PlanResident],
) -> list[Reason]:
    reasons = [Reason("interest", name) for name in sorted(resident.interests & session.interests)]
    if session.language == resident.preferred_language != "english":
        reasons.append(Reason("language", session.language))
    buddy = {resident.buddy} & going if resident.buddy is not None else set()
    reasons.extend(Reason("buddy", people[b].name) for b in buddy)
    for other in sorted((going & resident.friends) - buddy, key=lambda i: people[i].name):
        reasons.append(Reason("friend", people[other].name))
    return reasons


def shortfalls(week: Week, pairs: Sequence[Pair]) -> tuple[Shortfall, ...]:
    """Everyone offered fewer than their share, with what ruled the other sessions out."""
    offered = Counter(r_id for r_id, _s in pairs)
    chosen = set(pairs)
    result = []
    for r in week.residents:
        if offered[r.id] >= r.share:
            continue
        why: Counter[str] = Counter()
        for s in week.sessions:
            if (r.id, s.id) not in chosen:
                why[blocker(r, s) or "full"] += 1
        ordered = tuple(code for code, _n in why.most_common())
        result.append(Shortfall(r.id, r.share, offered[r.id], ordered))
    return tuple(result)


@dataclass(frozen=True)
class Quality:
    """What the benchmark compares between two plans of the same week."""

    below_share: int
    """People offered fewer than their share."""
    missing: int
    """Sessions missing from shares, in all."""
    at_risk: int
    at_risk_reached: int
    """Priority people offered their whole share."""
    interest_fit: float
    """Share of invitations that serve at least one of the person's interests."""
    friends_grouped: int
    """Friend or buddy pairs who share at least one session."""
    friend_pairs: int
    score: int


def quality(week: Week, pairs: Sequence[Pair]) -> Quality:
    people = {r.id: r for r in week.residents}
    sessions = {s.id: s for s in week.sessions}
    offered = Counter(r_id for r_id, _s in pairs)
    below = [r for r in week.residents if offered[r.id] < r.share]
    at_risk = [r for r in week.residents if r.priority > 0]
    fitting = sum(1 for r, s in pairs if people[r].interests & sessions[s].interests)
    chosen = set(pairs)
    friends = company(week)
    grouped = sum(
        1
        for a, b in friends
        if any((a, s.id) in chosen and (b, s.id) in chosen for s in week.sessions)
    )
    return Quality(
        below_share=len(below),
        missing=sum(r.share - offered[r.id] for r in below),
        at_risk=len(at_risk),
        at_risk_reached=sum(1 for r in at_risk if offered[r.id] >= r.share),
        interest_fit=fitting / len(pairs) if pairs else 0.0,
        friends_grouped=grouped,
        friend_pairs=len(friends),
        score=score(week, pairs),
    )
