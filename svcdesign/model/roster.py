"""A stage's roster over the week, its paid hours, and staff changes counted in people.

:func:`staff_per_period` expands any form of ``Stage.staff`` (one number, one value per interval, or
shifts) onto the scenario's interval grid; :func:`paid_hours` sums it into paid hours per week.

**Staff changes in people.** :func:`staff_change` turns "N more (or fewer) people at this stage" into
a new roster. By default (``unit="fte"``) N is counted in full-time equivalents: the stage's paid hours
per week change by N × the contract hours of one full-time member of staff (``costs.contract_hours``
in the assumptions table, 40 h by default), spread over the roster **pro rata** — every staffed
interval, or every shift, gains or loses the same share of its staff, so the opening hours and the
shape of the roster stay as they are and no interval that had staff is left empty unless the whole
stage goes. Removing more hours than the stage has is refused. The alternative, ``unit="seats"``,
adds N staff on duty to every staffed interval (``Stage.staff_adjustment``): on a stage open all week
−2 seats is 336 paid hours, 8.4 FTE of 40 hours, and an interval with fewer than two staff is left
empty. This is the meaning the dynamics engine gives a staff change too: staff = paid hours ÷ contract
hours.

**On a named shift.** ``shift="early"`` places the N × contract hours on one shift of the stage's roster
instead (a shift named in the scenario, or given by its start time ``"07:00"`` when that is unique): its
count changes by N × contract hours ÷ (the shift's hours × its days a week). Taking more people from a
shift than it has is refused.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Literal

import numpy as np

from ..errors import InputError
from .chain import Shift, Stage
from .skills import AgentGroup

SECONDS_PER_DAY = 86400.0
DAYS_PER_WEEK = 7

StaffUnit = Literal["fte", "seats"]
UNITS: tuple[str, ...] = ("fte", "seats")
"""How a staff change is counted: full-time equivalents spread pro rata (default), or staff on duty
added to every staffed interval."""


STAFF_CACHE_SIZE = 256
"""Most expanded rosters :func:`staff_per_period` keeps (a week of 15-minute periods is 5 KB each)."""

_STAFF_CACHE: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
_STAFF_LOCK = threading.Lock()


def staff_per_period(stage: Stage | AgentGroup, interval_minutes: int) -> np.ndarray:
    """Paid staff on shift in each period of the week (rosters expanded; adjustment applied, ≥ 0).

    ``stage`` is a :class:`~.chain.Stage` or an :class:`~.skills.AgentGroup` (whose staff means the same).

    ``staff_adjustment`` is added in the periods the stage is staffed (it changes the headcount on
    duty, not the opening hours); a stage with no staff at all gets it in every period.

    A shift covering part of an interval counts in proportion to the time covered; shifts past
    midnight continue into the next day (Sunday wraps to Monday).

    The expansion is kept for the :data:`STAFF_CACHE_SIZE` rosters used last, keyed by the stage's
    ``staff`` and ``staff_adjustment`` as canonical JSON (their content, not the object); every call
    returns a new array.
    """
    key = (stage.model_dump_json(include={"staff", "staff_adjustment"}), int(interval_minutes))
    with _STAFF_LOCK:
        known = _STAFF_CACHE.get(key)
        if known is not None:
            _STAFF_CACHE.move_to_end(key)
            return known.copy()
    out = _expand_staff(stage, interval_minutes)
    with _STAFF_LOCK:
        _STAFF_CACHE[key] = out.copy()
        while len(_STAFF_CACHE) > STAFF_CACHE_SIZE:
            _STAFF_CACHE.popitem(last=False)
    return out


def _expand_staff(stage: Stage | AgentGroup, interval_minutes: int) -> np.ndarray:
    """:func:`staff_per_period` computed (not cached)."""
    per_day = 1440 // interval_minutes
    periods = DAYS_PER_WEEK * per_day
    staff = stage.staff
    if isinstance(staff, (int, float)):
        out = np.full(periods, float(staff))
    elif isinstance(staff[0], Shift):
        out = np.zeros(periods)
        edges = np.arange(periods + 1) * interval_minutes * 60.0
        week = DAYS_PER_WEEK * SECONDS_PER_DAY
        for shift in staff:
            for day in shift.days:
                start = day * SECONDS_PER_DAY + shift.start
                end = start + shift.hours * 3600.0
                for offset in (0.0, -week):  # a shift running past Sunday midnight wraps to Monday
                    lo, hi = start + offset, end + offset
                    cover = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0.0, None)
                    out += shift.count * cover / (interval_minutes * 60.0)
    else:
        values = np.asarray(staff, dtype=float)
        out = np.tile(values, DAYS_PER_WEEK) if values.size == per_day else values.copy()
    # the adjustment changes the staff on duty; a stage with no staff at all gets it in every period
    on_duty = out > 0 if np.any(out > 0) else np.ones(out.shape, dtype=bool)
    return np.where(on_duty, np.maximum(out + stage.staff_adjustment, 0.0), 0.0)


def paid_hours(stage: Stage | AgentGroup, interval_minutes: int) -> float:
    """Paid staff hours per week of ``stage``: staff on shift × hours, over every interval of the week."""
    return float(staff_per_period(stage, interval_minutes).sum() * interval_minutes / 60.0)


def staff_change(
    stage: Stage | AgentGroup,
    people: float,
    *,
    unit: StaffUnit,
    contract_hours: float,
    interval_minutes: int,
    shift: str | None = None,
) -> dict[str, Any]:
    """The ``staff`` and ``staff_adjustment`` of ``stage`` after a change of ``people``.

    Parameters
    ----------
    stage
        The stage (or agent group of a service desk, whose staff means the same) as it is.
    people
        The change: full-time equivalents (``unit="fte"``) or staff on duty per staffed interval
        (``unit="seats"``); negative removes.
    unit
        ``"fte"`` or ``"seats"`` (see the module docstring).
    contract_hours
        Paid hours per week of one full-time member of staff (``costs.contract_hours``), hours.
    interval_minutes
        The scenario's interval length, minutes.
    shift
        A shift of the roster (its name, or its start time ``"HH:MM"``) to place the whole change on;
        ``None`` (default): pro rata over the roster. FTE only.

    Returns
    -------
    dict
        ``{"staff": …, "staff_adjustment": …}``, the stage's new values (the roster keeps its form:
        a number stays a number, shifts stay shifts, unless the stage carries a seat adjustment, whose
        roster is then written out per interval of the week with the adjustment folded in).
    """
    what, kind = _what(stage), "agent group" if isinstance(stage, AgentGroup) else "stage"
    if unit == "seats":
        if shift is not None:
            raise InputError("shift", shift, "no shift with unit='seats' (seats are added to every staffed interval)")
        return {"staff": staff_data(stage.staff), "staff_adjustment": stage.staff_adjustment + people}
    if shift is not None:
        return _on_shift(stage, people * contract_hours, shift, people)
    hours = paid_hours(stage, interval_minutes)
    change = people * contract_hours
    if hours <= 0.0:
        raise InputError(
            f"staff change of {what}",
            people,
            f"a change of a {kind} that has staff: this {kind} has no paid hours to spread the change over "
            "(give it staff or shifts first, or change it in seats)",
        )
    if hours + change < 0.0:
        raise InputError(
            f"staff change of {what}",
            people,
            f"at least {-hours / contract_hours:,.2f} FTE: the {kind} has {hours:,.1f} paid hours a week, "
            f"{hours / contract_hours:,.2f} full-time staff of {contract_hours:g} hours",
        )
    factor = (hours + change) / hours
    if stage.staff_adjustment != 0.0:  # fold the seats into a per-interval roster, then scale it
        week = staff_per_period(stage, interval_minutes) * factor
        return {"staff": [float(v) for v in week], "staff_adjustment": 0.0}
    staff = stage.staff
    if isinstance(staff, (int, float)):
        return {"staff": float(staff) * factor, "staff_adjustment": 0.0}
    if isinstance(staff[0], Shift):
        shifts = [s.model_dump() for s in staff if isinstance(s, Shift)]
        return {"staff": [{**s, "count": s["count"] * factor} for s in shifts], "staff_adjustment": 0.0}
    return {"staff": [float(v) * factor for v in staff if isinstance(v, (int, float))], "staff_adjustment": 0.0}


def _what(stage: Stage | AgentGroup) -> str:
    """``stage 'name'`` or ``agent group 'name'``, for messages."""
    return f"{'agent group' if isinstance(stage, AgentGroup) else 'stage'} '{stage.name}'"


def _on_shift(stage: Stage | AgentGroup, change: float, shift: str, people: float) -> dict[str, Any]:
    """``stage``'s roster with ``change`` paid hours a week placed on the shift called (or starting at) ``shift``."""
    staff = stage.staff
    shifts = [s for s in staff if isinstance(s, Shift)] if isinstance(staff, list) else []
    if not shifts or stage.staff_adjustment != 0.0:
        raise InputError(
            "shift", shift, f"no shift: {_what(stage)} is staffed per interval, not by shifts without seats added"
        )
    named = [i for i, s in enumerate(shifts) if s.name == shift]
    starting = [
        i for i, s in enumerate(shifts) if f"{int(s.start) // 3600:02d}:{int(s.start) % 3600 // 60:02d}" == shift
    ]
    found = named or starting
    if len(found) != 1:
        known = sorted({s.name for s in shifts if s.name})
        raise InputError(
            "shift",
            shift,
            f"the name of one shift of {_what(stage)} ({known or 'none named'}) or a start time 'HH:MM' "
            "that only one of its shifts has",
        )
    chosen = shifts[found[0]]
    week_hours = chosen.hours * len(chosen.days)
    count = chosen.count + change / week_hours
    if count < 0.0:
        raise InputError(
            f"staff change of {_what(stage)} on shift '{shift}'",
            people,
            f"at least {-chosen.count * week_hours / (change / people):,.2f} FTE: the shift has {chosen.count:g} "
            f"staff for {week_hours:g} paid hours a week each",
        )
    data = [s.model_dump() for s in shifts]
    data[found[0]]["count"] = count
    return {"staff": data, "staff_adjustment": 0.0}


def staff_data(staff: Any) -> Any:
    """A stage's ``staff`` as plain data (shifts as mappings), as :meth:`~svcdesign.model.Scenario.with_overrides`
    takes it."""
    if isinstance(staff, list) and staff and isinstance(staff[0], Shift):
        return [s.model_dump() for s in staff if isinstance(s, Shift)]
    return staff
