"""The staffing explorer's levers: what-if settings relative to a scenario as described.

Every lever is relative to the scenario, so the defaults reproduce it: staff per stage and, with a
multi-skill service desk, per agent group (people, in full-time equivalents, added to or removed from the
roster pro rata: :meth:`Scenario.with_staff_change`; a contact type has no staff of its own), demand growth
(``demand.scale``), peak size (each peak's extra demand scaled), handle time and patience (% of the
scenario's means: the stages' and the desk's contact types'), front-line escalations (% of the escalation
shares where contacts enter: the entry stages' and the desk's contact types' — an empowered front line
resolves more at first contact) and a weekly staff budget. :func:`lever_overrides` turns them into
overrides of the scenario (paths of :meth:`Scenario.with_overrides`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..forecast import Forecast
from ..forecast.demand import channel_index, week_values
from ..model import AgentGroup, ContactType, Scenario, Stage
from ..model.roster import paid_hours

SMALLEST_PEAK_FACTOR = 1e-6
"""Smallest peak factor a scaled peak keeps (a factor must stay positive; 1e-6 ≈ no demand left)."""

LEVER_RANGES: dict[str, tuple[float, float, str]] = {
    "growth": (-30.0, 60.0, "% more contacts than the scenario's demand"),
    "peak": (0.0, 3.0, "times each peak's extra demand"),
    "handle": (50.0, 150.0, "% of the scenario's mean handle times"),
    "escalation": (0.0, 150.0, "% of the entry stages' escalation shares"),
    "patience": (30.0, 200.0, "% of the scenario's mean patience"),
    "budget": (0.0, 1e9, "currency per week, 0 = none"),
}
"""Each scalar lever's range, ``(lowest, highest, unit)``: the staffing explorer's controls span them, and
:func:`check_levers` (saved what-ifs) holds settings to them, so any saved setting can be shown."""

STAFF_RANGE = 10
"""Most people the staff lever adds or removes per stage by default (:func:`staff_limits`)."""


@dataclass(frozen=True)
class Levers:
    """What-if settings relative to a scenario (the defaults change nothing).

    Attributes
    ----------
    staff:
        People (full-time equivalents) added (+) to or removed (−) from each stage's or agent group's
        roster, by name (:meth:`Scenario.with_staff_change`: spread pro rata, opening hours unchanged).
    growth:
        Demand growth, % more contacts than the scenario's demand.
    peak:
        Peak size: each seasonal peak's extra demand times this factor (1 = as described, 0 = no peaks).
    handle:
        Mean handle times, % of the scenario's (all stages and contact types; a skill's multiplier
        applies to its contact type's new mean).
    escalation:
        The escalation shares where contacts enter (entry stages, contact types), % of the scenario's.
    patience:
        Mean patience, % of the scenario's (stages and contact types whose customers may abandon).
    budget:
        Weekly staff budget, currency per week (0 = none).
    """

    staff: Mapping[str, float] = field(default_factory=dict)
    growth: float = 0.0
    peak: float = 1.0
    handle: float = 100.0
    escalation: float = 100.0
    patience: float = 100.0
    budget: float = 0.0


def entry_escalations(scenario: Scenario) -> dict[tuple[str, str], float]:
    """The escalation shares where contacts enter: ``{(stage or contact type, target): share}`` — the stages
    the single-skill channels enter and, with a service desk, its contact types (a desk channel's contacts
    arrive at the desk, not at a stage)."""
    return {(path[-4], path[-1]): p for path, p in _entry_escalation_paths(scenario).items()}


def _entry_escalation_paths(scenario: Scenario) -> dict[tuple, float]:
    """:func:`entry_escalations` by the tuple path of each share (:meth:`Scenario.with_overrides`)."""
    desk = scenario.service_desk
    types = [] if desk is None else desk.contact_types
    at_desk = {t.channel for t in types}
    entries = {c.entry_stage or scenario.stage_names[0] for c in scenario.demand.channels if c.name not in at_desk}
    steps: list[tuple[tuple[str, ...], ContactType | Stage]] = [
        (("service_desk", "contact_types", t.name), t) for t in types
    ] + [(("stages", s.name), s) for s in scenario.stages if s.name in entries]
    return {
        (*where, "routing", "escalate", target): p
        for where, step in steps
        for target, p in step.routing.escalate.items()
    }


def staff_limits(base: Scenario, most: int) -> dict[str, tuple[int, int]]:
    """The staff lever's range per stage and agent group (by name), whole people: from as many as it has
    (at most ``most``) removed to ``most`` added; ``(0, 0)`` for one without paid hours (nothing to spread
    a change over)."""
    contract = base.contract_hours()
    groups = [] if base.service_desk is None else base.service_desk.groups
    out = {}
    teams: list[AgentGroup | Stage] = [*groups, *base.stages]
    for team in teams:
        people = paid_hours(team, base.demand.interval_minutes) / contract
        out[team.name] = (-min(most, math.floor(people)), most) if people > 0 else (0, 0)
    return out


def lever_overrides(base: Scenario, levers: Levers) -> dict[str | tuple, Any]:
    """The levers as overrides of ``base`` (dotted paths, :meth:`Scenario.with_overrides`); empty when
    nothing moved."""
    out: dict[str | tuple, Any] = {}
    moved = {name: delta for name, delta in levers.staff.items() if delta}
    if moved:
        out.update(base.staff_change_overrides(moved))
    types = [] if base.service_desk is None else base.service_desk.contact_types
    steps = [(("service_desk", "contact_types", t.name), t) for t in types] + [
        (("stages", s.name), s) for s in base.stages
    ]
    for where, step in steps:
        if levers.handle != 100:
            out[(*where, "handle_time", "mean")] = step.handle_time.mean * levers.handle / 100.0
        if levers.patience != 100 and step.patience is not None:
            out[(*where, "patience", "mean")] = step.patience.mean * levers.patience / 100.0
    if levers.escalation != 100:
        for path, p in _entry_escalation_paths(base).items():
            out[path] = p * levers.escalation / 100.0
    if levers.growth:
        out["demand.scale"] = base.demand.scale * (1.0 + levers.growth / 100.0)
    if levers.peak != 1.0:
        for peak in base.demand.peaks:
            out[f"demand.peaks.{peak.name}.factor"] = max(SMALLEST_PEAK_FACTOR, 1.0 + levers.peak * (peak.factor - 1.0))
    budget = float(levers.budget or 0.0)
    if budget != float(base.organisation.weekly_budget or 0.0):
        out["organisation.weekly_budget"] = budget if budget > 0 else None
    return out


def check_levers(
    levers: Levers, base: Scenario | None = None, *, staff_range: int = STAFF_RANGE, source: str | None = None
) -> Levers:
    """``levers`` if every setting is one the staffing explorer can show, else an :class:`InputError`.

    Scalar levers must be finite numbers within :data:`LEVER_RANGES`; staff changes whole numbers of
    people by stage name, within ``±staff_range`` and, given ``base``, at stages of ``base`` within
    :func:`staff_limits` (no more people removed than the stage has). ``source`` (a file) is named in
    the error, whose field is ``levers.<name>`` or ``levers.staff.<stage>``.
    """
    for name, (lo, hi, unit) in LEVER_RANGES.items():
        value = getattr(levers, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise InputError(f"levers.{name}", value, f"a number from {lo:,g} to {hi:,g} ({unit})", source=source)
    if not isinstance(levers.staff, Mapping):
        raise InputError("levers.staff", levers.staff, "a mapping of stage name to people added", source=source)
    limits = staff_limits(base, staff_range) if base is not None else {}
    for stage, people in levers.staff.items():
        if not isinstance(stage, str) or (base is not None and stage not in limits):
            known = f"one of {list(limits)}" if base is not None else "a stage's name"
            raise InputError("levers.staff", stage, f"{known} (the base scenario's stages)", source=source)
        lo, hi = limits.get(stage, (-staff_range, staff_range))
        whole = isinstance(people, int | float) and not isinstance(people, bool) and math.isfinite(people)
        if not whole or people != int(people) or not lo <= people <= hi:
            raise InputError(
                f"levers.staff.{stage}", people, f"a whole number of people from {lo} to {hi}", source=source
            )
    return levers


def forecast_weeks(forecast: Forecast) -> list[str]:
    """The Mondays (``YYYY-MM-DD``) whose whole week is in the forecast's horizon: the weeks
    :func:`forecast_overrides` can put into a scenario."""
    if not isinstance(forecast, Forecast):
        raise InputError("forecast", forecast, "a Forecast (from forecast_demand)")
    days = forecast.days
    return [f"{d:%Y-%m-%d}" for d in days[: max(len(days) - 6, 0)] if d.day_of_week == 0]


def forecast_overrides(
    base: Scenario, forecast: Forecast, week_start: Any, quantile: float | None = None, *, channel: str | None = None
) -> dict[str | tuple, Any]:
    """The overrides (:meth:`Scenario.with_overrides`) that put one week of a forecast into a channel's demand,
    at the forecast mean (``quantile=None``) or at each interval's ``quantile`` — the staffing explorer's
    "Demand from" control; the same demand as :func:`svcdesign.forecast.to_scenario`. The channel's
    ``per_interval`` becomes the forecast week (contacts per interval at the scenario's interval length,
    a multiple or a divisor of the forecast's: :func:`svcdesign.forecast.to_demand`) and its
    ``weekly_volume`` is cleared; the other levers (growth, peaks) apply on top. ``channel`` defaults to
    the scenario's only channel."""
    index = channel_index(base, channel)
    values, _ = week_values(forecast, week_start, quantile, base.demand.interval_minutes)
    return {("demand", "channels", index, "per_interval"): values, ("demand", "channels", index, "weekly_volume"): None}


__all__ = [
    "LEVER_RANGES",
    "STAFF_RANGE",
    "Levers",
    "check_levers",
    "entry_escalations",
    "forecast_overrides",
    "forecast_weeks",
    "lever_overrides",
    "staff_limits",
]
