"""Staff changes in the lessons, counted in people: full-time equivalents of contract hours.

A lesson's staff lever adds (+) or removes (−) people at a stage. :func:`with_people` hands the change
to :meth:`~svcdesign.model.Scenario.with_staff_change`, which moves N × ``costs.contract_hours`` paid
hours a week (the assumptions table, with the scenario's overrides) and spreads them pro rata over the
stage's roster, so its opening hours and the shape of its shifts stay as they are
(:mod:`svcdesign.model.roster`). :func:`people` and :func:`paid_hours` read a stage's size back from its
roster, and :func:`describe` says what a change means in paid hours, for the lessons' texts.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Scenario
from ..model.roster import paid_hours as roster_paid_hours


def with_people(scenario: Scenario, changes: Mapping[str, float]) -> Scenario:
    """``scenario`` with people (full-time equivalents) added to (+) or removed from (−) stages, by
    stage name; the scenario itself when nothing changes."""
    moved = {stage: float(change) for stage, change in changes.items() if change}
    return scenario.with_staff_change(moved) if moved else scenario


def paid_hours(scenario: Scenario, stage: str) -> float:
    """Paid staff hours a week of ``stage``, hours (its roster over the week)."""
    return roster_paid_hours(scenario.stage(stage), scenario.demand.interval_minutes)


def people(scenario: Scenario, stage: str) -> float:
    """Full-time equivalents of ``stage``: its paid hours a week ÷ the contract hours of one
    full-time member of staff (``costs.contract_hours``)."""
    return paid_hours(scenario, stage) / scenario.contract_hours()


def hours_change(scenario: Scenario, stage: str, change: float) -> float:
    """Paid hours a week that a change of ``change`` people at ``stage`` adds (+) or removes (−),
    read from the rosters before and after, hours."""
    return paid_hours(with_people(scenario, {stage: change}), stage) - paid_hours(scenario, stage)


def describe(scenario: Scenario, stage: str, change: float, noun: str = "people") -> str:
    """A change in words with its paid hours, e.g. ``"+0.5 people (full-time equivalents, +18.75
    paid hours a week)"``; ``noun`` names who is added (``"social workers"``)."""
    hours = hours_change(scenario, stage, change)
    return f"{change:+g} {noun} (full-time equivalents, {hours:+,.4g} paid hours a week)"
