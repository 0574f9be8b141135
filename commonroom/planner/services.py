"""Plan a week: read the home once into the planner's plain data, solve, store the proposals
with their reasons; staff then accept (which writes invitations) or reject them. Nothing reaches
a resident without staff."""

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commonroom.activities.models import (
    ActivityPreference,
    Appointment,
    Category,
    Invitation,
    Session,
)
from commonroom.audit.services import Action, record, record_many
from commonroom.circle.models import PeerRelationship
from commonroom.connections.services.today import who_needs_connection
from commonroom.homes.models import Home
from commonroom.homes.roles import STAFF_ROLES, Role
from commonroom.lib.dates import start_of, today
from commonroom.residents.models import NEW_RESIDENT_DAYS, Level, Resident, ResidentInterest

from .greedy import greedy
from .models import PlanProposal, PlanRun
from .problem import Interval, Needs, Plan, PlanResident, PlanSession, Reason, Week
from .solve import solve

DEFAULT_SHARE = 3
TIME_LIMIT = 9.5
TALK = {Category.LEARNING, Category.FAITH, Category.ONE_TO_ONE}
"""Categories where talk matters, so a person must speak the session's language."""
SEATED = {Resident.Mobility.WHEELCHAIR, Resident.Mobility.HOIST, Resident.Mobility.BED}
OPEN = [Invitation.Status.PROPOSED, Invitation.Status.INVITED, Invitation.Status.ACCEPTED]


class PlanError(ValueError):
    """A request the planner cannot take: ``field`` names the input at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = start_of(monday)
    return start, start + dt.timedelta(days=7)


# --- reading ----------------------------------------------------------------------------------


def read_week(home: Home, monday: dt.date) -> Week:
    """The week as the planner sees it, read in a fixed number of queries."""
    start, end = week_bounds(monday)
    residents = list(
        Resident.objects.filter(home=home, status=Resident.Status.LIVING_HERE)
        .order_by("admission_date", "pk")
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=ResidentInterest.objects.filter(interest__isnull=False)
                .exclude(when=ResidentInterest.When.PAST)
                .select_related("interest"),
            )
        )
    )
    sessions = _sessions(home, start, end)
    busy, had = _busy(home, start, end)
    shares = dict(
        ActivityPreference.objects.filter(home=home).values_list("resident_id", "weekly_share")
    )
    peers = _peers(home)
    priority = _priority(home)
    people = tuple(
        _resident(r, monday, shares, busy, had, peers, priority.get(r.pk, ())) for r in residents
    )
    return Week(monday, people, tuple(_session(s) for s in sessions))


def _sessions(home: Home, start: dt.datetime, end: dt.datetime) -> list[Session]:
    staff = Q(facilitators__role__in=STAFF_ROLES, facilitators__ended_at__isnull=True)
    volunteers = Q(facilitators__role=Role.VOLUNTEER, facilitators__ended_at__isnull=True)
    return list(
        Session.objects.filter(home=home, starts_at__gte=start, starts_at__lt=end, cancelled=False)
        .select_related("activity")
        .prefetch_related("activity__interests")
        .annotate(
            staff_count=Count("facilitators", filter=staff, distinct=True),
            volunteer_count=Count("facilitators", filter=volunteers, distinct=True),
            any_facilitator=Count("facilitators", distinct=True),
            taken=Count("invitations", filter=Q(invitations__status__in=OPEN), distinct=True),
        )
        .order_by("starts_at", "pk")
    )


def _busy(
    home: Home, start: dt.datetime, end: dt.datetime
) -> tuple[dict[int, list[Interval]], Counter[int]]:
    busy: dict[int, list[Interval]] = defaultdict(list)
    for resident_id, starts, ends in Appointment.objects.filter(
        home=home, starts_at__lt=end, ends_at__gt=start
    ).values_list("resident_id", "starts_at", "ends_at"):
        busy[resident_id].append(Interval(starts, ends))
    had: Counter[int] = Counter()
    for resident_id, starts, ends in Invitation.objects.filter(
        home=home, status__in=OPEN, session__starts_at__gte=start, session__starts_at__lt=end
    ).values_list("resident_id", "session__starts_at", "session__ends_at"):
        busy[resident_id].append(Interval(starts, ends))
        had[resident_id] += 1
    return busy, had


def _peers(home: Home) -> dict[str, dict[int, set[int]]]:
    peers: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for a, b, kind in PeerRelationship.objects.filter(home=home, ended_on__isnull=True).values_list(
        "resident_a_id", "resident_b_id", "kind"
    ):
        peers[kind][a].add(b)
        peers[kind][b].add(a)
    return peers


def _priority(home: Home) -> dict[int, tuple[str, ...]]:
    """People the early warning lists as needing connection, and those with few visitors."""
    listing = who_needs_connection(home)
    result = {}
    for entry in listing.needing:
        codes = {shown.reason.code for shown in entry.reasons if shown.understood is None}
        reasons = ("early_warning",) + (("few_visitors",) if "no_visitor" in codes else ())
        result[entry.resident.pk] = reasons
    return result


def _languages(resident: Resident) -> tuple[frozenset[str], str]:
    spoken = {
        str(x).strip().lower()
        for x in [resident.first_language, resident.preferred_language, *resident.other_languages]
        if str(x).strip()
    }
    if not resident.first_language or not resident.preferred_language:
        spoken.add("english")
    preferred = (resident.preferred_language or resident.first_language or "english").lower()
    return frozenset(spoken), preferred.strip()


def _resident(
    resident: Resident,
    monday: dt.date,
    shares: dict[int, int],
    busy: dict[int, list[Interval]],
    had: Counter[int],
    peers: dict[str, dict[int, set[int]]],
    priority: tuple[str, ...],
) -> PlanResident:
    languages, preferred = _languages(resident)
    newcomer = (monday - resident.admission_date).days < NEW_RESIDENT_DAYS
    buddies = sorted(peers[PeerRelationship.Kind.BUDDY].get(resident.pk, ()))
    return PlanResident(
        id=resident.pk,
        name=resident.preferred_name or resident.full_name,
        share=max(0, shares.get(resident.pk, DEFAULT_SHARE) - had[resident.pk]),
        priority=len(priority),
        priority_reasons=priority,
        interests=frozenset(i.interest.name for i in resident.interests.all() if i.interest),
        needs=Needs(
            seated=resident.mobility in SEATED,
            bedside_only=resident.mobility == Resident.Mobility.BED,
            dementia=resident.has_dementia,
            hearing=resident.hearing == Level.SIGNIFICANT,
            sight=resident.sight == Level.SIGNIFICANT,
        ),
        languages=languages,
        preferred_language=preferred,
        busy=tuple(busy.get(resident.pk, ())),
        friends=frozenset(peers[PeerRelationship.Kind.FRIEND].get(resident.pk, ())),
        tensions=frozenset(peers[PeerRelationship.Kind.TENSION].get(resident.pk, ())),
        buddy=buddies[0] if newcomer and buddies else None,
        had_this_week=had[resident.pk],
    )


def _session(session: Session) -> PlanSession:
    activity = session.activity
    assigned = getattr(session, "any_facilitator", 0) > 0
    return PlanSession(
        id=session.pk,
        title=activity.title,
        interval=Interval(session.starts_at, session.ends_at),
        category=activity.category,
        capacity=max(0, session.capacity - getattr(session, "taken", 0)),
        seated=activity.seated,
        bedside=activity.bedside,
        dementia_friendly=activity.dementia_friendly,
        hearing_friendly=activity.hearing_friendly,
        sight_friendly=activity.sight_friendly,
        language=(activity.language or "english").strip().lower(),
        language_needed=bool(activity.language) or activity.category in TALK,
        interests=frozenset(i.name for i in activity.interests.all()),
        # Until facilitators are put on a session, the rota is assumed to cover it.
        staff_needed=activity.staff_needed if assigned else 0,
        staff_available=getattr(session, "staff_count", 0),
        volunteers_needed=activity.volunteers_needed if assigned else 0,
        volunteers_available=getattr(session, "volunteer_count", 0),
    )


# --- planning ---------------------------------------------------------------------------------


def start_plan(home: Home, monday: dt.date, *, actor: Any) -> PlanRun:
    """Queue a plan for the week starting ``monday`` (a Monday not in the past); the task runs
    it after the transaction commits. Audited."""
    from .tasks import plan_week_task

    if monday.weekday() != 0:
        raise PlanError("week", _("Choose a week starting on a Monday."))
    if monday < monday_of(today()):
        raise PlanError("week", _("Choose this week or a later one."))
    with transaction.atomic():
        run = PlanRun.objects.create(
            home=home, week=monday, requested_by=actor if getattr(actor, "pk", None) else None
        )
        record(actor, Action.CREATE, run, home=home, fields=["week"])
        transaction.on_commit(lambda: plan_week_task.enqueue(run_code=str(run.code)))
    return run


def plan_week(
    home: Home,
    monday: dt.date,
    *,
    actor: Any,
    run: PlanRun | None = None,
    time_limit: float = TIME_LIMIT,
) -> PlanRun:
    """Plan the week starting ``monday``: read the home, solve, and store the proposals with
    their reasons and what could not be met in ``run`` (a new one when not given)."""
    run = run or PlanRun.objects.create(home=home, week=monday, requested_by=_user(actor))
    run.status = PlanRun.Status.RUNNING
    run.save(update_fields=["status", "updated_at"])
    started = time.perf_counter()
    week = read_week(home, monday)
    baseline = greedy(week)
    plan = solve(
        week,
        time_limit=time_limit,
        hint=[(a.resident, a.session) for a in baseline.assignments],
    )
    with transaction.atomic():
        _store(home, run, week, plan)
        run.seconds = time.perf_counter() - started
        run.status = PlanRun.Status.DONE
        run.save()
        record(actor, Action.UPDATE, run, home=home, fields=["status", "proposals"])
    return run


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _store(home: Home, run: PlanRun, week: Week, plan: Plan) -> None:
    people = {r.id: r for r in week.residents}
    sessions = {s.id: s for s in week.sessions}
    PlanProposal.objects.bulk_create(
        [
            PlanProposal(
                home=home,
                organisation_id=home.organisation_id,
                run=run,
                session_id=a.session,
                resident_id=a.resident,
                reasons=[_reason_data(reason) for reason in a.reasons],
            )
            for a in plan.assignments
        ]
    )
    run.objective, run.bound, run.gap = plan.objective, plan.bound, plan.gap
    run.shortfalls = [
        {
            "resident": s.resident,
            "name": people[s.resident].name,
            "share": s.share,
            "offered": s.offered,
            "why": list(s.why[:2]),
        }
        for s in plan.shortfalls
    ] + [
        {
            "session": u.session,
            "name": sessions[u.session].title,
            "staff_missing": u.staff_missing,
            "volunteers_missing": u.volunteers_missing,
        }
        for u in plan.unstaffed
    ]


def _reason_data(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, "detail": reason.detail, "count": reason.count}


def fail(run: PlanRun, error: str) -> None:
    run.status = PlanRun.Status.FAILED
    run.error = error[:2000]
    run.save(update_fields=["status", "error", "updated_at"])


# --- staff decide -----------------------------------------------------------------------------


def accept(run: PlanRun, proposals: Sequence[PlanProposal], *, actor: Any) -> list[Invitation]:
    """Turn ``proposals`` of ``run`` that are still open into invitations (status invited), in
    one transaction, each audited. A person already invited to the session is left as is."""
    home = run.home
    with transaction.atomic():
        chosen = list(
            PlanProposal.objects.filter(
                run=run,
                home=home,
                pk__in=[p.pk for p in proposals],
                status=PlanProposal.Status.PROPOSED,
            )
            .select_related("resident")
            .select_for_update(of=("self",))
        )
        existing = set(
            Invitation.objects.filter(
                home=home, session_id__in={p.session_id for p in chosen}
            ).values_list("session_id", "resident_id")
        )
        invitations = [
            Invitation(
                home=home,
                organisation_id=home.organisation_id,
                session_id=p.session_id,
                resident_id=p.resident_id,
                status=Invitation.Status.INVITED,
                reasons=p.reasons,
                invited_by=_user(actor),
            )
            for p in chosen
            if (p.session_id, p.resident_id) not in existing
        ]
        Invitation.objects.bulk_create(invitations)
        PlanProposal.objects.filter(pk__in=[p.pk for p in chosen]).update(
            status=PlanProposal.Status.ACCEPTED
        )
        codes = {p.resident_id: p.resident.code for p in chosen}
        record_many(
            actor,
            Action.CREATE,
            [(i, codes[i.resident_id], ["session", "status"]) for i in invitations],
            home=home,
        )
    return invitations


def reject(run: PlanRun, proposal: PlanProposal, *, actor: Any) -> None:
    """Set one proposal aside: nobody is invited. Audited."""
    with transaction.atomic():
        updated = PlanProposal.objects.filter(
            pk=proposal.pk, run=run, home=run.home, status=PlanProposal.Status.PROPOSED
        ).update(status=PlanProposal.Status.REJECTED)
        if updated:
            record(
                actor,
                Action.UPDATE,
                proposal,
                home=run.home,
                resident_code=proposal.resident.code,
                fields=["status"],
            )


def move(run: PlanRun, proposal: PlanProposal, session: Session, *, actor: Any) -> None:
    """Change a proposal: offer the person another session of the same week instead. The same
    hard rules as the planner's hold: the week, places left, no clash with their other
    proposals, and never with someone they have a recorded tension with. Audited."""
    start, end = week_bounds(run.week)
    if session.home_id != run.home_id or not start <= session.starts_at < end or session.cancelled:
        raise PlanError("session", _("Choose another session of the same week."))
    with transaction.atomic():
        mine = PlanProposal.objects.filter(
            run=run, resident=proposal.resident, status__in=_LIVE
        ).exclude(pk=proposal.pk)
        if mine.filter(session=session).exists():
            raise PlanError("session", _("They are already proposed for that session."))
        overlapping = mine.filter(
            session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at
        )
        if overlapping.exists():
            raise PlanError(
                "session", _("That session clashes with another one proposed for them.")
            )
        _check_room_and_peace(run, proposal.resident, session)
        proposal.session = session
        proposal.reasons = [{"code": "moved_by_staff"}]
        proposal.save(update_fields=["session", "reasons", "updated_at"])
        record(
            actor,
            Action.UPDATE,
            proposal,
            home=run.home,
            resident_code=proposal.resident.code,
            fields=["session"],
        )


_LIVE = (PlanProposal.Status.PROPOSED, PlanProposal.Status.ACCEPTED)


def _check_room_and_peace(run: PlanRun, resident: Resident, session: Session) -> None:
    going = set(
        PlanProposal.objects.filter(run=run, session=session, status__in=_LIVE).values_list(
            "resident_id", flat=True
        )
    ) | set(
        Invitation.objects.filter(session=session, status__in=OPEN).values_list(
            "resident_id", flat=True
        )
    )
    if len(going) >= session.capacity:
        raise PlanError("session", _("That session has no places left."))
    tension = PeerRelationship.objects.filter(
        home=run.home, kind=PeerRelationship.Kind.TENSION, ended_on__isnull=True
    ).filter(
        Q(resident_a=resident, resident_b__in=going) | Q(resident_b=resident, resident_a__in=going)
    )
    if tension.exists():
        raise PlanError("session", _("Someone going to that session should not be with them."))


# --- words ------------------------------------------------------------------------------------


def describe(reason: dict[str, Any]) -> str:
    """One stored reason in the reader's language."""
    code, detail, count = reason.get("code"), reason.get("detail", ""), reason.get("count", 0)
    if code == "interest":
        return _("enjoys %(interest)s") % {"interest": _(detail)}
    if code == "friend":
        return _("%(name)s, a friend, is going") % {"name": detail}
    if code == "buddy":
        return _("%(name)s, their buddy, is going") % {"name": detail}
    if code == "language":
        return _("in %(language)s") % {"language": detail.title()}
    if code == "moved_by_staff":
        return _("moved here by staff")
    if code == "early_warning":
        return _("on today's early-warning list")
    if code == "few_visitors":
        return _("has few visitors")
    if code == "had_this_week":
        if not count:
            return _("no group session yet this week")
        return ngettext(
            "has had %(count)d group session this week",
            "has had %(count)d group sessions this week",
            count,
        ) % {"count": count}
    return str(code)


WHY = {
    "bedside": gettext_lazy("nothing else can be done at the bedside"),
    "seated": gettext_lazy("nothing else can be done seated"),
    "dementia": gettext_lazy("nothing else is dementia-friendly"),
    "hearing": gettext_lazy("nothing else suits their hearing needs"),
    "sight": gettext_lazy("nothing else suits their sight needs"),
    "language": gettext_lazy("nothing else is in a language they speak"),
    "busy": gettext_lazy("they are busy at the other times"),
    "staffing": gettext_lazy("other sessions are short of staff"),
    "full": gettext_lazy("the sessions that suit them are full or clash"),
}


def describe_shortfall(item: dict[str, Any]) -> str:
    """A shortfall in plain words: "Ann: 2 of 3 sessions; nothing else suits their hearing
    needs", or a session short of staff."""
    if "session" in item:
        return _(
            "%(name)s: %(staff)d more staff and %(volunteers)d more volunteers needed, so "
            "nobody is invited"
        ) % {
            "name": item["name"],
            "staff": item["staff_missing"],
            "volunteers": item["volunteers_missing"],
        }
    why = "; ".join(str(WHY[code]) for code in item.get("why", []) if code in WHY)
    return _("%(name)s: %(offered)d of %(share)d sessions; %(why)s") % {
        "name": item["name"],
        "offered": item["offered"],
        "share": item["share"],
        "why": why,
    }


def weekly_tally(run: PlanRun) -> list[tuple[str, int, int]]:
    """Each resident proposed, invited or short this week: name, sessions, agreed share."""
    start, end = week_bounds(run.week)
    counts: Counter[int] = Counter(
        PlanProposal.objects.filter(
            run=run, home=run.home, status=PlanProposal.Status.PROPOSED
        ).values_list("resident_id", flat=True)
    )
    counts.update(
        Invitation.objects.filter(
            home=run.home,
            status__in=OPEN,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        ).values_list("resident_id", flat=True)
    )
    shares = dict(
        ActivityPreference.objects.filter(home=run.home).values_list("resident_id", "weekly_share")
    )
    short = {int(item["resident"]) for item in run.shortfalls if "resident" in item}
    names = Resident.objects.filter(home=run.home, pk__in=set(counts) | short).values_list(
        "pk", "preferred_name"
    )
    return sorted((name, counts[pk], shares.get(pk, DEFAULT_SHARE)) for pk, name in names)
