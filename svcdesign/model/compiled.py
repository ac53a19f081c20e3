"""A scenario expanded into arrays: what every engine reads.

``expand(scenario, week=None)`` turns the user's description into plain numpy arrays on the
scenario's interval grid over one week (Monday 00:00 onwards): expected external arrivals per
channel and period (with demand scale and peaks applied), paid staff and available agents per stage
and period (rosters expanded, adjustments applied), per-stage handle-time and patience parameters,
per-segment multipliers, the handle-time profile per stage and period, and the routing matrices.
Engines never read the pydantic model directly for these figures, so every engine sees the same
numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..calendars import LAST_YEAR
from ..errors import InputError
from .chain import Routing, ServiceTarget, Stage
from .desk_arrays import DeskArrays, desk_arrays
from .limits import (
    DEMAND_SCALE,
    DURATION,
    HOURLY_WAGE,
    MULTIPLIER,
    PEAK_FACTOR,
    PER_INTERVAL,
    STAFF,
    STAFF_ADJUSTMENT,
    WEEKLY_VOLUME,
)
from .peak_dates import event_peak_days, iso_week_days
from .roster import DAYS_PER_WEEK, staff_per_period
from .scenario import Scenario
from .skills import ContactType
from .units import period_label


@dataclass(frozen=True, eq=False)
class ScenarioArrays:
    """Arrays of one scenario on its interval grid (one week). Times in seconds, money per hour.

    Shapes: C channels, K segments, S stages, T periods in the week.
    """

    name: str
    interval_seconds: float
    stages: list[str]
    channels: list[str]
    segments: list[str]
    arrivals: np.ndarray  # [C, T] expected external arrivals per period
    entry: np.ndarray  # [C] stage index where each channel arrives
    segment_share: np.ndarray  # [K]
    staff: np.ndarray  # [S, T] paid staff on shift
    agents: np.ndarray  # [S, T] staff × (1 − shrinkage)
    shrinkage: np.ndarray  # [S]
    wage: np.ndarray  # [S] currency per paid hour
    deferred: np.ndarray  # [S] bool
    handle_mean: np.ndarray  # [K, S] seconds (segment multiplier applied)
    handle_scale: np.ndarray  # [S, T] multiplier of handle_mean per period (handle_time_profile; 1 = none)
    patience_mean: np.ndarray  # [K, S] seconds, inf = never abandons
    priority: np.ndarray  # [K]
    move: np.ndarray  # [K, S, S] immediate escalate + transfer probabilities
    repeat: np.ndarray  # [S] probability of a repeat contact after handling
    repeat_to: np.ndarray  # [S] stage index, −1 = the channel's entry stage
    repeat_delay: np.ndarray  # [S] seconds
    follow_up: np.ndarray  # [S, S] probability of a follow-up at another stage
    follow_up_delay: np.ndarray  # [S] seconds
    retry: np.ndarray  # [S] share of abandoners who try the same stage again
    retry_delay: np.ndarray  # [S] seconds
    target_time: np.ndarray  # [S] seconds
    target_level: np.ndarray  # [S] share (nan = none)
    max_asa: np.ndarray  # [S] seconds (nan = none)
    max_abandon: np.ndarray  # [S] share (nan = none)
    max_occupancy: np.ndarray  # [S] share (nan = none)
    resolution_target: float  # seconds from first contact (the whole chain)
    desk: DeskArrays | None = None  # the multi-skill service desk, whose contact types are the first stages

    @property
    def n_types(self) -> int:
        """Contact types of the service desk (the first stages of the arrays); 0 without a desk."""
        return 0 if self.desk is None else self.desk.n_types

    @property
    def periods(self) -> int:
        return self.arrivals.shape[1]

    @property
    def period_minutes(self) -> float:
        return self.interval_seconds / 60.0

    def handle_scale_mean(self, weights: np.ndarray) -> np.ndarray:
        """[S] each stage's handle-time profile averaged over the week with ``weights`` [S, T] (e.g. the
        stage's arrivals per period); the plain mean over the week where a stage's weights sum to 0."""
        w = np.asarray(weights, dtype=float)
        total = w.sum(axis=1)
        weighted = (w * self.handle_scale).sum(axis=1) / np.where(total > 0, total, 1.0)
        return np.where(total > 0, weighted, self.handle_scale.mean(axis=1))

    @property
    def resolve(self) -> np.ndarray:
        """[K, S] share of handled contacts resolved at each stage."""
        return 1.0 - self.move.sum(axis=2) - self.repeat[None, :] - self.follow_up.sum(axis=1)[None, :]


def demand_per_period(scenario: Scenario, week: int | None = None, *, year: int | None = None) -> np.ndarray:
    """Expected external arrivals ``[channel, period]`` over one week, with scale and peaks applied.

    Peaks restricted to weeks of the year apply only when ``week`` (ISO week 1–53) is given and listed;
    peaks on a named event only when ``week`` is given, on the days of ISO week ``week`` of ``year``
    (default ``demand.year``) that are dates of the event (:func:`event_peak_days`).
    """
    demand = scenario.demand
    year = demand.year if year is None else year
    per_day = demand.intervals_per_day
    periods = DAYS_PER_WEEK * per_day
    out = np.zeros((len(demand.channels), periods))
    for c, channel in enumerate(demand.channels):
        if channel.per_interval is not None:
            values = np.asarray(channel.per_interval, dtype=float)
            out[c] = np.tile(values, DAYS_PER_WEEK) if values.size == per_day else values
        else:
            days = np.asarray(channel.day_weights, dtype=float)
            hours = np.asarray(channel.hourly_weights, dtype=float)
            hourly = np.repeat(hours, per_day // 24) if per_day >= 24 else hours.reshape(per_day, -1).sum(1)
            shape = np.outer(days, hourly / max(hourly.sum(), 1e-300)).ravel()
            total = shape.sum()
            out[c] = channel.weekly_volume * shape / total if total > 0 else 0.0
    minutes = np.arange(periods) * demand.interval_minutes
    weekday = minutes // 1440
    clock = (minutes % 1440) * 60.0
    for peak in demand.peaks:
        if peak.weeks is not None and (week is None or week not in peak.weeks):
            continue
        if peak.event is not None and (week is None or year is None):
            continue  # a typical week: no event peak (the model refuses an event peak without a year)
        mask = np.ones(periods, dtype=bool)
        if peak.event is not None and year is not None and week is not None:
            mask &= event_peak_days(peak, year, week)[weekday]
        if peak.weekdays is not None:
            mask &= np.isin(weekday, peak.weekdays)
        if peak.start is not None:
            mask &= clock >= peak.start
        if peak.end is not None:
            mask &= clock < peak.end
        rows = [i for i, ch in enumerate(demand.channels) if peak.channels is None or ch.name in peak.channels]
        out[np.ix_(np.array(rows, dtype=np.intp), np.flatnonzero(mask))] *= peak.factor
    return out * demand.scale


def demand_over_weeks(scenario: Scenario, week: int, weeks: int) -> np.ndarray:
    """Expected external arrivals ``[channel, weeks × periods]`` over ``weeks`` consecutive ISO weeks from
    ISO week ``week``, each week with its own seasonal and event peaks (:func:`demand_per_period`).

    Weeks follow the calendar of ``demand.year`` into the next years (after week 52 or 53 comes week 1 of
    the next year, whose event dates are that year's); without ``demand.year`` (so without event peaks)
    a year has 52 weeks and week 53 is never reached after week 52.
    """
    week = int(checks.number("week", week, low=1, high=53, integer=True, allowed="an ISO week number 1–53"))
    weeks = int(checks.number("weeks", weeks, low=1, integer=True, allowed="a whole number of weeks, at least 1"))
    year = scenario.demand.year
    parts = []
    if year is None:
        current = int(week)
        for _ in range(weeks):
            parts.append(demand_per_period(scenario, current))
            current = 1 if current >= 52 else current + 1
    else:
        monday = iso_week_days(year, int(week))[0]
        for k in range(weeks):
            iso = (monday + dt.timedelta(weeks=k)).isocalendar()
            if iso.year > LAST_YEAR:
                raise InputError(
                    "horizon", f"{weeks} weeks from week {week} of {year}", f"weeks up to the end of {LAST_YEAR}"
                )
            parts.append(demand_per_period(scenario, iso.week, year=iso.year))
    out = np.concatenate(parts, axis=1)
    bad = ~(out <= MAX_ARRIVALS)  # NaN and inf included
    if bad.any():
        c, t = (int(v) for v in np.argwhere(bad)[0])
        raise InputError(
            f"demand.channels.{scenario.demand.channels[c].name}",
            f"{float(out[c, t]):.3g} expected contacts in an interval of week {t // parts[0].shape[1] + 1} of the run",
            f"at most {MAX_ARRIVALS:.0e} contacts in an interval after demand.scale and the peaks",
        )
    return out


DESK_READERS: tuple[str, ...] = ("analytic", "simulation", "flows", "customers", "dynamics")
"""The readers of :func:`expand` that read a multi-skill service desk — the analytic and simulation engines,
the whole-horizon flows of the service-design views (``svcdesign.explore.flows``), the customer models
(``svcdesign.response``: experience and loyalty per contact type, costs per agent group) and the dynamics
engine (``svcdesign.engines.dynamics.run_dynamics``: its agent groups are service centres); every other
reader refuses it."""


def expand(scenario: Scenario, week: int | None = None, *, engine: str | None = None) -> ScenarioArrays:
    """Expand a scenario into :class:`ScenarioArrays` for one (typical or given ISO) week.

    A scenario with a multi-skill service desk (``Scenario.service_desk``) is laid out as described in
    :mod:`.desk_arrays` (its contact types first, then the chain's stages; a desk channel's arrivals one
    row per contact type) for the engines of :data:`DESK_READERS` (``engine``); any other reader gets an
    :class:`~svcdesign.errors.InputError` rather than a silently ignored desk.
    """
    desk = scenario.service_desk
    if desk is not None and engine not in DESK_READERS:
        who = f"the {engine} engine" if engine else "this view"
        raise InputError(
            "service_desk",
            f"{len(desk.contact_types)} contact types, {len(desk.groups)} agent groups",
            f"no service desk: multi-skill service desks are not yet supported by {who}; "
            "describe the operation as single-skill stages",
        )
    if week is not None and not 1 <= int(week) <= 53:
        raise InputError("week", week, "an ISO week number 1–53, or None for a typical week")
    if week is not None and scenario.demand.year is not None:
        iso_week_days(scenario.demand.year, int(week))  # refuses a week 53 the year does not have
    types = [] if desk is None else list(desk.contact_types)
    Q = len(types)
    names = [t.name for t in types] + scenario.stage_names
    index = {n: i for i, n in enumerate(names)}
    minutes = scenario.demand.interval_minutes
    periods = DAYS_PER_WEEK * scenario.demand.intervals_per_day
    staff = np.vstack([np.zeros((Q, periods))] + [staff_per_period(stage, minutes) for stage in scenario.stages])
    shrinkage = np.array([0.0] * Q + [s.shrinkage for s in scenario.stages])
    handle = np.array([t.handle_time.mean for t in types] + [s.handle_time.mean for s in scenario.stages])
    rows: list[ContactType | Stage] = [*types, *scenario.stages]
    patience = np.array([np.inf if s.patience is None else s.patience.mean for s in rows])
    seg_handle = np.array([g.handle_time_multiplier for g in scenario.segments])
    seg_patience = np.array([g.patience_multiplier for g in scenario.segments])
    seg_escalate = np.array([g.escalation_multiplier for g in scenario.segments])
    routings = [t.routing for t in types] + [s.routing for s in scenario.stages]
    escalate, transfer, follow_up, repeat, repeat_to, repeat_delay, follow_delay = _routing(routings, index)
    repeat_to[:Q] = np.where(repeat_to[:Q] < 0, np.arange(Q), repeat_to[:Q])  # a repeat comes back as its type
    move = _moves(escalate, transfer, 1.0 - transfer.sum(1) - repeat - follow_up.sum(1), seg_escalate)
    arrivals, row_names, entry, channel_of = _channel_rows(scenario, demand_per_period(scenario, week), index)
    targets: list[ServiceTarget] = [t.target or scenario.targets for t in types]
    targets += [scenario.target_for(s) for s in scenario.stages]
    x = ScenarioArrays(
        name=scenario.name,
        interval_seconds=minutes * 60.0,
        stages=names,
        channels=row_names,
        segments=[g.name for g in scenario.segments],
        arrivals=arrivals,
        entry=entry,
        segment_share=np.array([g.share for g in scenario.segments]),
        staff=staff,
        agents=staff * (1.0 - shrinkage)[:, None],
        shrinkage=shrinkage,
        wage=np.array([0.0] * Q + [s.hourly_wage for s in scenario.stages]),
        deferred=np.array([s.deferred for s in rows], dtype=bool),
        handle_mean=seg_handle[:, None] * handle[None, :],
        handle_scale=np.vstack(
            [np.ones((Q, periods))] + [handle_scale_per_period(stage, minutes) for stage in scenario.stages]
        ),
        patience_mean=seg_patience[:, None] * patience[None, :],
        priority=np.array([g.priority for g in scenario.segments]),
        move=move,
        repeat=repeat,
        repeat_to=repeat_to,
        repeat_delay=repeat_delay,
        follow_up=follow_up,
        follow_up_delay=follow_delay,
        retry=np.array([r.retry for r in routings]),
        retry_delay=np.array([r.retry_delay or 0.0 for r in routings]),
        **_target_arrays(targets),
        resolution_target=float(scenario.resolution_target),
        desk=None
        if desk is None
        else desk_arrays(desk, {c.name: c.kind for c in scenario.demand.channels}, channel_of, minutes),
    )
    _check(x, scenario)
    return x


def _moves(escalate: np.ndarray, transfer: np.ndarray, room: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """[K, S, S] immediate moves per segment: a segment's escalation propensity (``multiplier`` [K]) scales
    escalations, taken from what would have been resolved (``room`` [S]), capped so that nothing routes
    more than every contact; transfers as they are."""
    move = np.empty((multiplier.size, *transfer.shape))
    for k, m in enumerate(multiplier):
        esc = escalate * m
        total = esc.sum(1)
        factor = np.where(total > room, room / np.where(total > 0, total, 1.0), 1.0)
        move[k] = esc * factor[:, None] + transfer
    return move


def _target_arrays(targets: list[ServiceTarget]) -> dict[str, np.ndarray]:
    """The targets of each stage as arrays: answer time (s), service level, ASA, abandonment and occupancy
    limits (NaN where not set)."""
    nan = float("nan")
    return {
        "target_time": np.array([t.answer_within for t in targets]),
        "target_level": np.array([nan if t.service_level is None else t.service_level for t in targets]),
        "max_asa": np.array([nan if t.max_asa is None else t.max_asa for t in targets]),
        "max_abandon": np.array([nan if t.max_abandon is None else t.max_abandon for t in targets]),
        "max_occupancy": np.array([nan if t.max_occupancy is None else t.max_occupancy for t in targets]),
    }


def _channel_rows(
    scenario: Scenario, demand: np.ndarray, index: dict[str, int]
) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """The arrivals rows [C, T], their names, entry stages [C] and scenario channels.

    A channel without contact types is one row named after it, entering its ``entry_stage`` (else the
    chain's first stage); a desk channel is one row per contact type, named after the type, with the
    channel's arrivals × the type's share, entering at the type.
    """
    desk = scenario.service_desk
    types = [] if desk is None else desk.contact_types
    first = scenario.stage_names[0]
    rows, names, entry, channel_of = [], [], [], []
    for c, channel in enumerate(scenario.demand.channels):
        mine = [t for t in types if t.channel == channel.name]
        if not mine:
            rows.append(demand[c])
            names.append(channel.name)
            entry.append(index[channel.entry_stage or first])
            channel_of.append(channel.name)
        for contact in mine:
            rows.append(demand[c] * contact.share)
            names.append(contact.name)
            entry.append(index[contact.name])
            channel_of.append(channel.name)
    return np.vstack(rows), names, np.array(entry, dtype=np.int64), channel_of


def _routing(routings: list[Routing], index: dict[str, int]) -> tuple[np.ndarray, ...]:
    """The stages' (and contact types') routing as arrays: escalate, transfer and follow-up probabilities
    [S, S]; repeat probability, repeat destination (−1 = the channel's entry stage), repeat and follow-up
    delays [S]."""
    S = len(routings)
    escalate, transfer, follow_up = np.zeros((S, S)), np.zeros((S, S)), np.zeros((S, S))
    repeat, repeat_to, repeat_delay, follow_delay = np.zeros(S), np.full(S, -1), np.zeros(S), np.zeros(S)
    for i, r in enumerate(routings):
        for target, p in r.escalate.items():
            escalate[i, index[target]] += p
        for target, p in r.transfer.items():
            transfer[i, index[target]] += p
        for target, p in r.follow_up.items():
            follow_up[i, index[target]] += p
        repeat[i] = r.repeat
        repeat_to[i] = -1 if r.repeat_to is None else index[r.repeat_to]
        repeat_delay[i] = r.repeat_delay
        follow_delay[i] = r.follow_up_delay
    return escalate, transfer, follow_up, repeat, repeat_to, repeat_delay, follow_delay


def handle_scale_per_period(stage: Stage, interval_minutes: int) -> np.ndarray:
    """The multiplier of ``stage``'s mean handle time in each period of the week: its
    ``handle_time_profile`` on the interval grid (a day's profile repeated every day, as ``staff`` per
    interval is), or 1 in every period when it has none."""
    periods = DAYS_PER_WEEK * (1440 // interval_minutes)
    profile = stage.handle_time_profile
    if profile is None:
        return np.ones(periods)
    values = np.asarray(profile, dtype=float)
    return np.tile(values, DAYS_PER_WEEK) if values.size * DAYS_PER_WEEK == periods else values.copy()


MAX_ARRIVALS = max(WEEKLY_VOLUME.high, PER_INTERVAL.high) * DEMAND_SCALE.high * PEAK_FACTOR.high
"""Most expected arrivals of a channel in one interval the engines take (1e13): the largest demand
the model admits (a whole week's largest volume in one interval, at the largest scale, in one peak
at its largest factor). Overlapping peaks multiply; beyond this the figures would overflow."""
MAX_SECONDS = DURATION.high * MULTIPLIER.high
"""Longest mean handle time or patience the engines take, seconds (a year × the largest segment
multiplier); a mean handle time counts with the largest multiplier of its stage's handle-time profile."""
MAX_STAFF = STAFF.high - STAFF_ADJUSTMENT.low
"""Most paid staff on shift in an interval (the largest staff plus the largest adjustment)."""


def _check(x: ScenarioArrays, scenario: Scenario) -> None:
    """Refuse derived figures the engines cannot work with, naming the user's fields.

    The model bounds every field; these are the combinations it does not bound: demand multiplied by
    scale and several overlapping peaks, durations multiplied by segment multipliers, staff from many
    shifts, and segment escalation multipliers that leave a loop of stages with no way out.
    """
    bad = ~(x.arrivals <= MAX_ARRIVALS)  # NaN and inf included
    if bad.any():
        c, t = (int(v) for v in np.argwhere(bad)[0])
        raise InputError(
            f"demand.channels.{x.channels[c]}",
            f"{float(x.arrivals[c, t]):.3g} expected contacts in {_period(x, t)}",
            f"at most {MAX_ARRIVALS:.0e} contacts in an interval after demand.scale and the peaks (overlapping "
            "peaks multiply each other): lower the volume, the scale or the peak factors",
        )
    longest = x.handle_mean * x.handle_scale.max(axis=1)[None, :]  # with the profile's largest multiplier
    for name, values, field in (
        ("handle_time", longest, "handle_time_multiplier"),
        ("patience", x.patience_mean, "patience_multiplier"),
    ):
        bad = ~((values > 0) & ((values <= MAX_SECONDS) | (np.isinf(values) & (name == "patience"))))
        if bad.any():
            k, s = (int(v) for v in np.argwhere(bad)[0])
            q = x.n_types
            profiled = name == "handle_time" and s >= q and scenario.stages[s - q].handle_time_profile is not None
            raise InputError(
                f"{_where(x, s)}.{name} × segments.{x.segments[k]}.{field}"
                + (f" × the largest of stages.{x.stages[s]}.handle_time_profile" if profiled else ""),
                float(values[k, s]),
                f"a mean {name.replace('_', ' ')} in (0, {MAX_SECONDS:.4g}] seconds",
            )
    for name, values, low, high in (
        ("staff", x.staff, 0.0, MAX_STAFF),
        ("hourly_wage", x.wage, 0.0, HOURLY_WAGE.high),
        ("shrinkage", x.shrinkage, 0.0, 1.0),
    ):
        bad = ~((values >= low) & (values <= high)) | ((name == "shrinkage") & (values >= 1.0))
        if bad.any():
            s = int(np.argwhere(bad)[0][0])
            allowed = "a share in [0, 1)" if name == "shrinkage" else f"a number in [{low:g}, {high:g}]"
            raise InputError(
                f"{_where(x, s)}.{name}",
                float(np.ravel(values[s])[np.argmax(np.ravel(bad[s]))]),
                allowed + (" in every interval (shifts and adjustment together)" if name == "staff" else ""),
            )
    if x.desk is not None:
        bad = ~((x.desk.staff >= 0.0) & (x.desk.staff <= MAX_STAFF))
        if bad.any():
            g, t = (int(v) for v in np.argwhere(bad)[0])
            raise InputError(
                f"service_desk.groups.{x.desk.groups[g]}.staff",
                float(x.desk.staff[g, t]),
                f"a number in [0, {MAX_STAFF:g}] in every interval (shifts and adjustment together)",
            )
    for name, values in (
        ("target.answer_within", x.target_time),
        ("routing.repeat_delay", x.repeat_delay),
        ("routing.follow_up_delay", x.follow_up_delay),
        ("routing.retry_delay", x.retry_delay),
    ):
        bad = ~((values >= 0) & (values <= DURATION.high)) | ((name == "target.answer_within") & (values <= 0))
        if bad.any():
            s = int(np.flatnonzero(bad)[0])
            raise InputError(f"{_where(x, s)}.{name}", float(values[s]), f"seconds in (0, {DURATION.high:g}]")
    _check_loops(x, scenario)


def _check_loops(x: ScenarioArrays, scenario: Scenario) -> None:
    """Every segment's contacts can leave the chain: no loop of stages that sends all of them on.

    The model checks the stages' own routing; a segment's escalation multiplier can fill a stage's
    whole unrouted share with escalations (``expand`` caps it there) and so close such a loop.
    """
    for k, segment in enumerate(x.segments):
        for entry in np.unique(x.entry):
            P = x.move[k] + x.follow_up
            for i in range(len(x.stages)):
                P[i, x.repeat_to[i] if x.repeat_to[i] >= 0 else entry] += x.repeat[i]
            if float(np.max(np.abs(np.linalg.eigvals(P)))) >= 1.0 - 1e-12:
                loop = [x.stages[i] for i in range(len(x.stages)) if x.resolve[k, i] <= 1e-12]
                raise InputError(
                    f"segments.{segment}.escalation_multiplier",
                    scenario.segments[k].escalation_multiplier,
                    f"a multiplier that leaves some of the segment's contacts resolved: with it stages {loop} "
                    "send every contact of the segment on, in a loop that never ends",
                )


def _where(x: ScenarioArrays, s: int) -> str:
    """The field path of row ``s`` of the stage arrays: a desk contact type's or a stage's."""
    return f"service_desk.contact_types.{x.stages[s]}" if s < x.n_types else f"stages.{x.stages[s]}"


def _period(x: ScenarioArrays, t: int) -> str:

    return period_label(t, x.period_minutes)
