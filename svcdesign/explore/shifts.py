"""Shift scheduling: whole shifts that cover interval-by-interval staff requirements at least cost.

The classic set-covering formulation (Dantzig 1954, "A comment on Edie's 'Traffic delays at toll
booths'", Operations Research 2(3):339–341): every allowed shift — a weekday, a start time, a length
and, for long shifts, a break position — is a column; x_j whole staff work shift j;

    minimise   Σ_j cost_j · x_j              (cost_j = paid hours × hourly wage)
    subject to Σ_j a_tj · x_j ≥ r_t           for every interval t of the week
               part-time hours ≤ share × all hours   (when a share is given)
               x_j ∈ {0, 1, 2, …}

where a_tj is the fraction of interval t that shift j works (0 during its break) and r_t the paid
staff required on shift. Solved with HiGHS through :func:`scipy.optimize.milp`. Shifts wrap from
Sunday night into Monday morning (a steady weekly cycle, as :func:`svcdesign.model.roster.staff_per_period`
reads rosters). With ``allow_under=True`` shortfalls are allowed at a cost per staff-interval and
reported; otherwise an interval no allowed shift can cover is an :class:`~svcdesign.errors.InputError`
that names it.

Requirements usually come from :func:`.optimise.optimise_staffing` (paid staff = agents ÷ (1 −
shrinkage)). Shrinkage already counts breaks as unavailable time, so scheduling breaks as well
counts them twice: leave ``break_minutes`` at 0 unless the stage's shrinkage excludes breaks.
Day-off patterns (tours: five days on, two off, for the same person) are not modelled: each shift is
one day's work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import csc_array, hstack, identity, vstack

from .. import checks
from ..errors import InputError
from ..model import Shift
from ..model.units import WEEKDAYS, parse_clock, parse_weekday
from ..results import period_label
from .optimise import StaffingPlan

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
BREAK_OVER_HOURS = 6.0
"""Shifts longer than this get a break when ``break_minutes`` > 0: the UK Working Time Regulations
1998 (reg. 12) give a rest break to adults working more than six hours a day."""
BREAK_MARGIN_HOURS = (2.0, 2.0)
"""Default earliest break start after a shift starts and latest break end before it ends, hours: a
modelling choice (no break in the first or last two hours), adjustable with ``break_window``."""


@dataclass(frozen=True, eq=False)
class ShiftSchedule:
    """Shifts chosen and how well they cover the requirement.

    ``shifts``: one row per shift used (weekday, start, hours, break, count, paid hours, cost);
    ``coverage``: per interval, required and scheduled staff, over- and under-staffing;
    ``cost``: weekly cost (currency, or paid hours when no wage is given); ``status``: the solver's
    verdict; ``notes``.
    """

    shifts: pd.DataFrame
    coverage: pd.DataFrame
    cost: float
    paid_hours: float
    interval_minutes: int
    status: str
    notes: list[str] = field(default_factory=list)
    title: str = "Staff on shift: required and scheduled"

    @property
    def over_staff_hours(self) -> float:
        """Staff-hours scheduled beyond the requirement over the week."""
        return float(self.coverage["over"].sum() * self.interval_minutes / 60.0)

    @property
    def under_staff_hours(self) -> float:
        """Staff-hours of requirement left uncovered over the week (0 unless ``allow_under``)."""
        return float(self.coverage["under"].sum() * self.interval_minutes / 60.0)

    def to_model_shifts(self) -> list[Shift]:
        """The schedule as :class:`~svcdesign.model.Shift` objects (same start, hours and count merged
        over weekdays), to put into a scenario: ``scenario.with_overrides({"stages.X.staff": [...]})``.
        Breaks are not part of the model's shifts: the stage's shrinkage stands for them."""
        grouped: dict[tuple[str, float, int], list[int]] = {}
        rows = self.shifts[["start", "hours", "count", "weekday"]].itertuples(index=False, name=None)
        for start, hours, count, weekday in rows:
            grouped.setdefault((start, hours, int(count)), []).append(WEEKDAYS.index(weekday))
        return [
            Shift(start=start, hours=hours, count=count, days=sorted(days))
            for (start, hours, count), days in grouped.items()
        ]


def schedule_shifts(
    requirement: Sequence[float] | np.ndarray | StaffingPlan,
    *,
    stage: str | None = None,
    interval_minutes: int | None = None,
    shift_hours: Sequence[float] = (8.0,),
    part_time_hours: Sequence[float] = (),
    max_part_time_share: float | None = None,
    start_times: Sequence[str] | None = None,
    start_step_minutes: int = 60,
    days: Sequence[str | int] | None = None,
    break_minutes: float = 0.0,
    break_window: tuple[float, float] = BREAK_MARGIN_HOURS,
    hourly_wage: float | None = None,
    allow_under: bool = False,
    under_cost: float | None = None,
    time_limit: float = 60.0,
) -> ShiftSchedule:
    """Cover a weekly staff requirement with whole shifts at least cost (see the module docstring).

    Parameters
    ----------
    requirement:
        Paid staff needed on shift in each interval of the week (or of one day, repeated), or a
        :class:`.optimise.StaffingPlan` with ``stage`` naming the stage to schedule.
    interval_minutes:
        Interval length (15, 30 or 60); taken from the plan when a plan is given.
    shift_hours, part_time_hours:
        Allowed full-time and part-time shift lengths (hours).
    max_part_time_share:
        Largest share of paid hours worked on part-time shifts (``None``: no limit).
    start_times, start_step_minutes:
        Allowed start times ``"HH:MM"``; default every ``start_step_minutes`` from 00:00.
    days:
        Weekdays on which shifts may start (default every day).
    break_minutes, break_window:
        Unpaid-in-coverage break of this length in shifts longer than :data:`BREAK_OVER_HOURS`, starting
        no earlier than ``break_window[0]`` hours after the shift starts and ending no later than
        ``break_window[1]`` hours before it ends, at any interval boundary in between (the solver chooses).
    hourly_wage:
        Cost of a paid hour (default: the stage's wage for a plan, else 1 so that cost = paid hours).
    allow_under, under_cost:
        Allow shortfalls at ``under_cost`` per staff and interval (default: 10 × the dearest shift's
        cost per interval, so that covering is always preferred where possible).
    time_limit:
        Seconds HiGHS may spend; a schedule found by then is reported with its optimality gap.
    """
    title = "Staff on shift: required and scheduled"
    if isinstance(requirement, StaffingPlan):
        requirement, interval_minutes, hourly_wage, title = _from_plan(requirement, stage, hourly_wage)
    interval_minutes = checks.choice(
        "interval_minutes", interval_minutes, (15, 30, 60), allowed="15, 30 or 60 (the scenario's interval length)"
    )
    need = _requirement(requirement, MINUTES_PER_DAY // interval_minutes)
    wage = 1.0 if hourly_wage is None else _positive_number("hourly_wage", hourly_wage)
    lengths, max_part_time_share, starts, columns, cover = _shift_columns(
        shift_hours, part_time_hours, max_part_time_share, start_times, start_step_minutes, days,
        break_minutes, break_window, interval_minutes, need.size,
    )  # fmt: skip
    gaps = _gaps(need, cover, starts, lengths, interval_minutes, allow_under)
    hours = np.array([c["hours"] for c in columns])
    part = np.array([col["part_time"] for col in columns])
    c, constraints, integrality = _program(
        need, cover, hours, hours * wage, part, interval_minutes, allow_under, under_cost, max_part_time_share
    )
    result = _solve(c, constraints, integrality, time_limit)
    notes = _schedule_notes(gaps, allow_under, hourly_wage)
    return _schedule(result, columns, cover, need, hours * wage, hours, interval_minutes, time_limit, notes, title)


def _from_plan(
    plan: StaffingPlan, stage: str | None, hourly_wage: float | None
) -> tuple[np.ndarray, int, float | None, str]:
    """The requirement of ``stage`` in ``plan``, its interval length, the wage (the stage's unless
    given) and the figure's title."""
    if stage is None:
        raise InputError("stage", None, f"the stage of the plan to schedule: one of {plan.stages}")
    requirement = plan.requirement(stage)
    if hourly_wage is None:
        hourly_wage = plan.scenario.stage(stage).hourly_wage or None
    return (
        requirement,
        plan.scenario.demand.interval_minutes,
        hourly_wage,
        f"Staff on shift at {stage}: required and scheduled",
    )


def _shift_columns(
    shift_hours: Any,
    part_time_hours: Any,
    max_part_time_share: Any,
    start_times: Any,
    start_step_minutes: Any,
    days: Any,
    break_minutes: Any,
    break_window: Any,
    interval_minutes: int,
    periods: int,
) -> tuple[list[tuple[float, bool]], float | None, list[int], list[dict[str, Any]], csc_array]:
    """The checked shift options of a schedule: shift lengths, the part-time share limit, start minutes,
    the candidate shifts (columns) and their coverage of the ``periods`` intervals of the week."""
    lengths = _lengths(shift_hours, part_time_hours)
    if max_part_time_share is not None:
        max_part_time_share = checks.number(
            "max_part_time_share", max_part_time_share, low=0, high=1, allowed="a share in [0, 1] or None"
        )
    starts = _starts(start_times, start_step_minutes)
    day_list = list(range(7)) if days is None else sorted({_weekday(d) for d in days})
    break_minutes = checks.number("break_minutes", break_minutes, low=0, allowed="minutes >= 0")
    columns = _columns(day_list, starts, lengths, break_minutes, break_window, interval_minutes)
    return lengths, max_part_time_share, starts, columns, _coverage(columns, periods, interval_minutes)


def _lengths(shift_hours: Sequence[float], part_time_hours: Sequence[float]) -> list[tuple[float, bool]]:
    """Allowed shift lengths (hours) and whether each is part time."""
    lengths = [(_positive_number("shift_hours", h), False) for h in shift_hours] + [
        (_positive_number("part_time_hours", h), True) for h in part_time_hours
    ]
    if not lengths:
        raise InputError("shift_hours", list(shift_hours), "at least one shift length in hours")
    if any(h > 24 for h, _ in lengths):
        raise InputError("shift_hours", [h for h, _ in lengths], "shift lengths of at most 24 hours")
    return lengths


def _gaps(
    need: np.ndarray,
    cover: csc_array,
    starts: list[int],
    lengths: list[tuple[float, bool]],
    interval_minutes: int,
    allow_under: bool,
) -> np.ndarray:
    """Intervals that need staff and no allowed shift works; an InputError naming them unless ``allow_under``."""
    covered = np.asarray(cover.sum(axis=1)).ravel() > 0
    gaps = np.flatnonzero((need > 0) & ~covered)
    if gaps.size and not allow_under:
        shown = ", ".join(period_label(int(t), interval_minutes) for t in gaps[:8])
        more = f" and {gaps.size - 8} more" if gaps.size > 8 else ""
        raise InputError(
            "shift pattern",
            {"starts": [f"{s // 60:02d}:{s % 60:02d}" for s in starts][:6], "hours": [h for h, _ in lengths]},
            f"shifts that can cover every interval needing staff; none of the allowed shifts works "
            f"{shown}{more} — allow other start times, days or lengths, or allow_under=True",
        )
    return gaps


def _program(
    need: np.ndarray,
    cover: csc_array,
    hours: np.ndarray,
    cost: np.ndarray,
    part: np.ndarray,
    interval_minutes: int,
    allow_under: bool,
    under_cost: float | None,
    max_part_time_share: float | None,
) -> tuple[np.ndarray, list[LinearConstraint], np.ndarray]:
    """The integer program of the module docstring: costs, constraints and integrality, with one
    continuous shortfall variable per interval after the shifts when ``allow_under``."""
    T = need.size
    c = cost
    A = cover
    integrality = np.ones(cost.size)
    if allow_under:
        penalty = (
            under_cost if under_cost is not None else 10.0 * float(cost.max()) / (hours.max() * 60 / interval_minutes)
        )
        c = np.concatenate([cost, np.full(T, penalty)])
        A = hstack([cover, identity(T, format="csc")]).tocsc()
        integrality = np.concatenate([integrality, np.zeros(T)])
    constraints = [LinearConstraint(A, lb=need, ub=np.inf)]
    if max_part_time_share is not None and part.any():
        row = np.where(part, (1 - max_part_time_share) * hours, -max_part_time_share * hours)
        if allow_under:
            row = np.concatenate([row, np.zeros(T)])
        constraints.append(LinearConstraint(row[None, :], lb=-np.inf, ub=0.0))
    return c, constraints, integrality


def _solve(c: np.ndarray, constraints: list[LinearConstraint], integrality: np.ndarray, time_limit: float) -> Any:
    """The integer program solved by HiGHS (every variable ≥ 0) within ``time_limit`` seconds; an error
    when it found no schedule."""
    result = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=(np.zeros(c.size), np.full(c.size, np.inf)),
        options={"time_limit": float(time_limit), "disp": False},
    )
    if result.x is None:
        raise InputError(
            "shift pattern",
            f"solver status {result.status}: {result.message}",
            "a pattern HiGHS can solve within time_limit (raise time_limit or allow fewer shifts)",
        )
    return result


def _schedule_notes(gaps: np.ndarray, allow_under: bool, hourly_wage: float | None) -> list[str]:
    """What the schedule's reader should know: intervals no allowed shift covers, and cost in hours."""
    notes = []
    if allow_under and gaps.size:
        notes.append(f"{gaps.size} intervals need staff that no allowed shift covers: reported as under-staffed")
    if hourly_wage is None:
        notes.append("no hourly wage given: cost is in paid hours")
    return notes


def _schedule(
    result: Any,
    columns: list[dict[str, Any]],
    cover: csc_array,
    need: np.ndarray,
    cost: np.ndarray,
    hours: np.ndarray,
    interval_minutes: int,
    time_limit: float,
    notes: list[str],
    title: str,
) -> ShiftSchedule:
    """The :class:`ShiftSchedule` of a solution of the integer program."""
    x = np.round(result.x[: len(columns)]).astype(int)
    status = "optimal" if result.status == 0 else f"best found within {time_limit:g} s (not proven optimal)"
    if result.status != 0 and getattr(result, "mip_gap", None) is not None:
        status += f", gap {result.mip_gap:.2%}"
    scheduled = cover @ x
    rows = []
    for j in np.flatnonzero(x):
        col = columns[j]
        rows.append(
            {
                "weekday": WEEKDAYS[col["day"]],
                "start": _clock(col["start"]),
                "hours": col["hours"],
                "part_time": col["part_time"],
                "break": _clock(col["break"]) if col["break"] is not None else "",
                "count": int(x[j]),
                "paid_hours": col["hours"] * x[j],
                "cost": cost[j] * x[j],
            }
        )
    shifts = pd.DataFrame(
        rows, columns=["weekday", "start", "hours", "part_time", "break", "count", "paid_hours", "cost"]
    )
    T = need.size
    coverage = pd.DataFrame(
        {
            "period": np.arange(T),
            "time": [period_label(t, interval_minutes) for t in range(T)],
            "required": need,
            "scheduled": scheduled,
            "over": np.maximum(scheduled - need, 0.0),
            "under": np.maximum(need - scheduled, 0.0),
        }
    )
    return ShiftSchedule(
        shifts=shifts,
        coverage=coverage,
        cost=float(cost @ x),
        paid_hours=float(hours @ x),
        interval_minutes=interval_minutes,
        status=status,
        notes=notes,
        title=title,
    )


def _requirement(requirement: Any, per_day: int) -> np.ndarray:
    try:
        need = np.asarray(requirement, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError("requirement", requirement, "numbers of staff per interval") from None
    if need.size == per_day:
        need = np.tile(need, 7)
    if need.size != 7 * per_day:
        raise InputError(
            "requirement", f"{need.size} values", f"{per_day} (one day) or {7 * per_day} (one week) values"
        )
    if not np.all(np.isfinite(need)) or np.any(need < 0):
        raise InputError(
            "requirement", need[~(np.isfinite(need) & (need >= 0))][:3].tolist(), "finite staff numbers >= 0"
        )
    return need


def _positive_number(name: str, value: Any) -> float:
    return float(checks.number(name, value, low=0, low_open=True, allowed="a positive number"))


def _weekday(value: str | int) -> int:
    try:
        return parse_weekday(value)
    except ValueError:
        raise InputError("days", value, f"weekdays {list(WEEKDAYS)} or 0–6") from None


def _starts(start_times: Sequence[str] | None, step: int) -> list[int]:
    if start_times is None:
        allowed = "a whole number of minutes that divides a day (15, 30, 60, …)"
        if MINUTES_PER_DAY % checks.number("start_step_minutes", step, low=1, integer=True, allowed=allowed):
            raise InputError("start_step_minutes", step, allowed)
        return list(range(0, MINUTES_PER_DAY, step))
    out = []
    for text in start_times:
        try:
            out.append(int(round(parse_clock(text) / 60.0)) % MINUTES_PER_DAY)
        except ValueError as error:
            raise InputError("start_times", text, str(error)) from None
    if not out:
        raise InputError("start_times", list(start_times), "at least one start time 'HH:MM'")
    return sorted(set(out))


def _columns(
    days: list[int],
    starts: list[int],
    lengths: list[tuple[float, bool]],
    break_minutes: float,
    window: tuple[float, float],
    interval: int,
) -> list[dict[str, Any]]:
    columns = []
    for day in days:
        for start in starts:
            for hours, part in lengths:
                begin = day * MINUTES_PER_DAY + start
                breaks: list[float | None] = [None]
                if break_minutes > 0 and hours > BREAK_OVER_HOURS:
                    first = begin + window[0] * 60
                    last = begin + hours * 60 - window[1] * 60 - break_minutes
                    first = math.ceil(first / interval) * interval
                    breaks = list(np.arange(first, last + 1e-9, interval)) or [None]
                for b in breaks:
                    columns.append(
                        {
                            "day": day,
                            "start": start,
                            "begin": begin,
                            "hours": hours,
                            "part_time": part,
                            "break": None if b is None else float(b),
                            "break_minutes": break_minutes,
                        }
                    )
    return columns


def _coverage(columns: list[dict[str, Any]], T: int, interval: int) -> csc_array:
    """Fraction of each interval each shift works, [T, J] sparse (breaks excluded; wraps round the week)."""
    edges = np.arange(T + 1) * float(interval)
    data, rows, cols = [], [], []
    for j, col in enumerate(columns):
        pieces = [(col["begin"], col["begin"] + col["hours"] * 60)]
        if col["break"] is not None:
            b = col["break"]
            pieces = [(pieces[0][0], b), (b + col["break_minutes"], pieces[0][1])]
        share = np.zeros(T)
        for lo, hi in pieces:
            for offset in (0.0, -MINUTES_PER_WEEK):
                share += np.clip(np.minimum(edges[1:], hi + offset) - np.maximum(edges[:-1], lo + offset), 0, None)
        share /= interval
        nz = np.flatnonzero(share > 1e-12)
        data.append(share[nz])
        rows.append(nz)
        cols.append(np.full(nz.size, j))
    return csc_array((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(T, len(columns)))


def _clock(minutes: float) -> str:
    minutes = int(round(minutes)) % MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ------------------------------------------------------------------------------ shifts per skill
@dataclass(frozen=True, eq=False)
class SkillShiftSchedule:
    """Shifts chosen per agent group so that, in every interval, the agents on shift can cover every skill's
    requirement with each agent counted once (see :func:`schedule_skill_shifts`).

    ``shifts``: one row per group and shift used (group, weekday, start, hours, break, count, paid hours,
    cost); ``coverage``: per skill and interval, required staff and the staff allocated to it (by the
    allocation y of the formulation) and any excess; ``on_shift``: per interval, staff on shift in each
    group; ``cost``: weekly cost (currency, or paid hours when no wage is given); ``status``; ``notes``.
    """

    shifts: pd.DataFrame
    coverage: pd.DataFrame
    on_shift: pd.DataFrame
    cost: float
    paid_hours: float
    interval_minutes: int
    status: str
    notes: list[str] = field(default_factory=list)


def schedule_skill_shifts(
    requirements: Mapping[str, Sequence[float] | np.ndarray],
    groups: Mapping[str, Sequence[str]],
    *,
    interval_minutes: int,
    hourly_wages: Mapping[str, float] | None = None,
    shift_hours: Sequence[float] = (8.0,),
    part_time_hours: Sequence[float] = (),
    max_part_time_share: float | None = None,
    start_times: Sequence[str] | None = None,
    start_step_minutes: int = 60,
    days: Sequence[str | int] | None = None,
    break_minutes: float = 0.0,
    break_window: tuple[float, float] = BREAK_MARGIN_HOURS,
    time_limit: float = 60.0,
) -> SkillShiftSchedule:
    """Whole shifts per agent group covering per-skill requirements at least cost.

    The formulation of Bhulai, Koole & Pot (2008), "Simple methods for shift scheduling in multiskill call
    centers", Manufacturing & Service Operations Management 10(3):411–420: x_gj whole staff of group g on
    shift j; y_gst ≥ 0 the staff of group g given to skill s in interval t;

        minimise   Σ_g Σ_j wage_g · hours_j · x_gj
        subject to Σ_{s ∈ skills(g)} y_gst ≤ Σ_j a_tj · x_gj     for every group g and interval t
                   Σ_{g : s ∈ skills(g)} y_gst ≥ r_st            for every skill s and interval t
                   part-time hours ≤ share × all hours           (when a share is given)

    with a_tj as in :func:`schedule_shifts` (the same shifts for every group). Each agent on shift is
    counted once, on the skills of its group; the split y is a planning allocation, not a routing rule.

    Parameters
    ----------
    requirements:
        Per skill (contact type), paid staff needed in each interval of the week (or of one day, repeated).
    groups:
        Per agent group, the skills its agents hold (names among ``requirements``).
    interval_minutes:
        Interval length (15, 30 or 60).
    hourly_wages:
        Cost of a paid hour per group (default 1 for every group: cost = paid hours).
    shift_hours, part_time_hours, max_part_time_share, start_times, start_step_minutes:
        As in :func:`schedule_shifts` (the same shifts are allowed for every group).
    days, break_minutes, break_window, time_limit:
        As in :func:`schedule_shifts`.

    Returns
    -------
    SkillShiftSchedule

    Raises
    ------
    InputError
        Naming the argument: a requirement of the wrong length or negative; a group with an unknown skill
        or none; a skill no group holds while it needs staff; wages not positive; an interval needing a skill
        that no allowed shift works.
    """
    interval_minutes = checks.choice(
        "interval_minutes", interval_minutes, (15, 30, 60), allowed="15, 30 or 60 (the scenario's interval length)"
    )
    skills, need = _skill_requirements(requirements, MINUTES_PER_DAY // interval_minutes)
    names, members = _skill_groups(groups, skills, need)
    wages = _group_wages(hourly_wages, names)
    lengths, max_part_time_share, starts, columns, cover = _shift_columns(
        shift_hours, part_time_hours, max_part_time_share, start_times, start_step_minutes, days,
        break_minutes, break_window, interval_minutes, need.shape[1],
    )  # fmt: skip
    _gaps(need.max(axis=0), cover, starts, lengths, interval_minutes, False)
    hours = np.array([c["hours"] for c in columns])
    part = np.array([col["part_time"] for col in columns])
    program = _SkillProgram(need, members, cover, hours, wages, part, max_part_time_share)
    result = _solve(program.cost, program.constraints(), program.integrality(), time_limit)
    notes = [] if hourly_wages is not None else ["no hourly wages given: cost is in paid hours"]
    return program.schedule(result, columns, skills, names, interval_minutes, time_limit, notes)


def _skill_requirements(requirements: Any, per_day: int) -> tuple[list[str], np.ndarray]:
    """Skill names and their requirements, S × T (a day's values repeated over the week)."""
    checks.mapping("requirements", requirements, "a mapping of skill name to staff per interval")
    if not requirements:
        raise InputError("requirements", requirements, "at least one skill and its staff per interval")
    rows = []
    for skill, values in requirements.items():
        try:
            rows.append(_requirement(values, per_day))
        except InputError as error:
            raise InputError(f"requirements[{skill!r}]", error.value, error.allowed) from None
    return [str(s) for s in requirements], np.array(rows)


def _skill_groups(groups: Any, skills: list[str], need: np.ndarray) -> tuple[list[str], list[list[int]]]:
    """Group names and each group's skills as indices; every skill that needs staff held by some group."""
    checks.mapping("groups", groups, "a mapping of agent group name to the skills it holds")
    names, members = [], []
    for name, held in groups.items():
        if isinstance(held, str) or not isinstance(held, Sequence) or not held:
            raise InputError(f"groups[{name!r}]", held, f"a list of skills among {skills}")
        unknown = [s for s in held if s not in skills]
        if unknown or len(set(held)) != len(held):
            raise InputError(f"groups[{name!r}]", unknown or list(held), f"distinct skills among {skills}")
        names.append(str(name))
        members.append([skills.index(s) for s in held])
    if not names:
        raise InputError("groups", groups, "at least one agent group")
    held_any = {s for m in members for s in m}
    orphans = [skills[s] for s in range(len(skills)) if s not in held_any and need[s].any()]
    if orphans:
        raise InputError("groups", dict(groups), f"groups that hold every skill needing staff; none holds {orphans}")
    return names, members


def _group_wages(hourly_wages: Mapping[str, float] | None, names: list[str]) -> np.ndarray:
    if hourly_wages is None:
        return np.ones(len(names))
    checks.mapping("hourly_wages", hourly_wages, "a mapping of agent group name to its hourly wage")
    extra = [g for g in hourly_wages if g not in names]
    if extra or any(g not in hourly_wages for g in names):
        raise InputError("hourly_wages", list(hourly_wages), f"one wage for each group: {names}")
    return np.array([_positive_number(f"hourly_wages[{g!r}]", hourly_wages[g]) for g in names])


class _SkillProgram:
    """The integer programme of :func:`schedule_skill_shifts`: variables x (G × J shifts, whole) then y
    (one per group, skill of the group and interval where that skill needs staff, continuous)."""

    def __init__(
        self,
        need: np.ndarray,
        members: list[list[int]],
        cover: csc_array,
        hours: np.ndarray,
        wages: np.ndarray,
        part: np.ndarray,
        share: float | None,
    ) -> None:
        self.need, self.members, self.cover, self.hours, self.part, self.share = (
            need,
            members,
            cover,
            hours,
            part,
            share,
        )
        self.G, self.J, self.T = len(members), cover.shape[1], need.shape[1]
        self.y_index = [(g, s, t) for g, m in enumerate(members) for s in m for t in np.flatnonzero(need[s] > 0)]
        self.n_x = self.G * self.J
        self.cost = np.concatenate([np.kron(wages, hours), np.zeros(len(self.y_index))])

    def integrality(self) -> np.ndarray:
        return np.concatenate([np.ones(self.n_x), np.zeros(len(self.y_index))])

    def constraints(self) -> list[LinearConstraint]:
        """Capacity per group and interval (≥ 0 form), requirement per skill and interval, part-time share."""
        n = self.cost.size
        S = self.need.shape[0]
        cap = [_group_block(self.cover, g, self.G) for g in range(self.G)]
        rows_y, cols_y, data_y = [], [], []
        req_rows, req_cols = [], []
        for k, (g, s, t) in enumerate(self.y_index):
            rows_y.append(g * self.T + t)
            cols_y.append(self.n_x + k)
            data_y.append(-1.0)
            req_rows.append(s * self.T + t)
            req_cols.append(self.n_x + k)
        capacity = vstack(cap).tocsc()
        capacity = hstack([capacity, csc_array((self.G * self.T, len(self.y_index)))]).tocsc()
        capacity = capacity + csc_array((data_y, (rows_y, cols_y)), shape=(self.G * self.T, n))
        require = csc_array((np.ones(len(req_rows)), (req_rows, req_cols)), shape=(S * self.T, n))
        out = [
            LinearConstraint(capacity, lb=0.0, ub=np.inf),
            LinearConstraint(require, lb=self.need.ravel(), ub=np.inf),
        ]
        if self.share is not None and self.part.any():
            row = np.where(self.part, (1 - self.share) * self.hours, -self.share * self.hours)
            full = np.concatenate([np.tile(row, self.G), np.zeros(len(self.y_index))])
            out.append(LinearConstraint(full[None, :], lb=-np.inf, ub=0.0))
        return out

    def schedule(
        self,
        result: Any,
        columns: list[dict[str, Any]],
        skills: list[str],
        names: list[str],
        interval_minutes: int,
        time_limit: float,
        notes: list[str],
    ) -> SkillShiftSchedule:
        """The :class:`SkillShiftSchedule` of a solution."""
        x = np.round(result.x[: self.n_x]).astype(int).reshape(self.G, self.J)
        y = result.x[self.n_x :]
        status = "optimal" if result.status == 0 else f"best found within {time_limit:g} s (not proven optimal)"
        wages = self.cost[: self.n_x].reshape(self.G, self.J)
        rows = []
        for g, j in zip(*np.nonzero(x), strict=True):
            col = columns[j]
            rows.append(
                {
                    "group": names[g],
                    "weekday": WEEKDAYS[col["day"]],
                    "start": _clock(col["start"]),
                    "hours": col["hours"],
                    "part_time": col["part_time"],
                    "break": _clock(col["break"]) if col["break"] is not None else "",
                    "count": int(x[g, j]),
                    "paid_hours": col["hours"] * x[g, j],
                    "cost": wages[g, j] * x[g, j],
                }
            )
        shifts = pd.DataFrame(
            rows, columns=["group", "weekday", "start", "hours", "part_time", "break", "count", "paid_hours", "cost"]
        )
        allocated = np.zeros_like(self.need)
        for k, (_, s, t) in enumerate(self.y_index):
            allocated[s, t] += y[k]
        labels = [period_label(t, interval_minutes) for t in range(self.T)]
        coverage = pd.DataFrame(
            {
                "skill": np.repeat(skills, self.T),
                "period": np.tile(np.arange(self.T), len(skills)),
                "time": labels * len(skills),
                "required": self.need.ravel(),
                "allocated": allocated.ravel(),
                "over": np.maximum(allocated - self.need, 0.0).ravel(),
            }
        )
        on_shift = pd.DataFrame((self.cover @ x.T), columns=names).assign(time=labels).set_index("time")
        return SkillShiftSchedule(
            shifts=shifts,
            coverage=coverage,
            on_shift=on_shift,
            cost=float((wages * x).sum()),
            paid_hours=float((self.hours[None, :] * x).sum()),
            interval_minutes=interval_minutes,
            status=status,
            notes=notes,
        )


def _group_block(cover: csc_array, g: int, G: int) -> csc_array:
    """The coverage matrix in the columns of group g's shifts: [0 … cover … 0], T × (G·J)."""
    T, J = cover.shape
    blocks = [cover if k == g else csc_array((T, J)) for k in range(G)]
    return hstack(blocks).tocsc()
