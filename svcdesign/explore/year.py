"""A year from the scenario's calendar: the typical week and each kind of peak week, in their numbers.

A year is ``WEEKS_PER_YEAR`` = 365.2425 / 7 weeks (:mod:`svcdesign.model.units`): ISO weeks 1–52 and the
0.1775 of a week 53 that a year holds on average. Peaks that name ISO ``weeks`` (a sales week) or a
calendar ``event`` (the days before Nowruz, Ramadan: dated in ``demand.year``) make those weeks differ
from the typical one; weeks with the same such peaks on the same days are one *kind* of week, evaluated
once and counted as many times as it occurs. Other peaks apply to every week (they are part of the
typical week). Where ``demand.year`` has no week 53, the average share of one counts as a typical week.

Annual figures are sums over the kinds of week: Σ count × the week's figure. Evaluating one week gives
per-week figures; annualising one week means choosing to treat every week like it, which
:func:`svcdesign.explore.compare` does only when asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Scenario
from ..model.peak_dates import dated_peaks
from ..model.units import WEEKS_PER_YEAR

FULL_WEEKS = 52
"""ISO weeks every year has; the rest of ``WEEKS_PER_YEAR`` is the average share of a week 53."""


@dataclass(frozen=True)
class WeekKind:
    """One kind of week of the year: ``week`` (an ISO week to evaluate; ``None`` = the typical week),
    ``count`` (how many weeks of the year are of this kind, possibly fractional) and ``label``."""

    week: int | None
    count: float
    label: str


def year_weeks(scenario: Scenario) -> list[WeekKind]:
    """The kinds of week in a year of ``scenario``'s calendar, the typical week first; counts sum to a year."""
    year = scenario.demand.year
    last = FULL_WEEKS + 1 if year is None else dt.date(year, 12, 28).isocalendar().week
    groups: dict[frozenset[tuple[str, tuple[bool, ...]]], list[int]] = {}
    extra = WEEKS_PER_YEAR - FULL_WEEKS
    for week in range(1, FULL_WEEKS + 2):
        active = dated_peaks(scenario, week) if week <= last else frozenset()
        groups.setdefault(active, []).append(week)
    kinds: list[WeekKind] = []
    for active, weeks in groups.items():
        count = sum(1.0 if w <= FULL_WEEKS else extra for w in weeks)
        if not active:
            kinds.insert(0, WeekKind(None, count, "typical week"))
        else:
            shown = ", ".join(str(w) for w in weeks if w <= FULL_WEEKS) or str(FULL_WEEKS + 1)
            names = sorted({name for name, _ in active})
            kinds.append(WeekKind(weeks[0], count, f"{' + '.join(names)} (weeks {shown})"))
    return kinds
