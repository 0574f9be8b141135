"""The baseline the planner is measured against: first come, first invited. Sessions in time
order, people in list order; each is invited while there is a place, the hard rules allow it
and they are still short of their share."""

import time
from collections import Counter, defaultdict

from .problem import Plan, Week
from .solve import Pair, blocker, finish, score


def greedy(week: Week) -> Plan:
    """Invite people in list order into sessions in time order until each has their share."""
    started = time.perf_counter()
    offered: Counter[int] = Counter()
    taken: dict[int, list[int]] = defaultdict(list)
    mine: dict[int, list[int]] = defaultdict(list)
    sessions = {s.id: s for s in week.sessions}
    pairs: list[Pair] = []
    for session in sorted(week.sessions, key=lambda s: (s.interval.start, s.id)):
        for resident in week.residents:
            if (
                len(taken[session.id]) < session.capacity
                and offered[resident.id] < resident.share
                and blocker(resident, session) is None
                and not resident.tensions.intersection(taken[session.id])
                and not any(
                    sessions[o].interval.overlaps(session.interval) for o in mine[resident.id]
                )
            ):
                pairs.append((resident.id, session.id))
                taken[session.id].append(resident.id)
                mine[resident.id].append(session.id)
                offered[resident.id] += 1
    value = float(score(week, pairs))
    return finish(
        week,
        pairs,
        objective=value,
        bound=value,
        seconds=time.perf_counter() - started,
        status="heuristic",
    )
