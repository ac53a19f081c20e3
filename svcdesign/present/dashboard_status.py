"""The staffing explorer's status line: which stages fail, in how many of their open hours, and when.

The status reads what the analytic engine's :class:`~svcdesign.results.Results` hold per interval — its
flags (``overloaded``: the load reaches the capacity, so waits grow without limit; ``unstaffed``: contacts
arrive and nobody is on duty to answer them, so every caller there is lost) and the service level and
abandonment of each stage that answers live against the stage's own targets
(:meth:`svcdesign.Scenario.target_for`). It counts the intervals of each, as hours of the stage's open
hours (intervals in which contacts arrive or staff are on duty), and names when they fall
(:func:`svcdesign.results.period_ranges`). The all-clear is shown only when no interval of any stage
is flagged or misses a target, and the engine wrote no warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..markup import html_text
from ..model import Scenario
from ..results import Results, period_ranges

MOST_RANGES = 3
"""Most time ranges an alert lists before counting the rest."""

FLAG_COLOUR = "#b00020"
"""Text colour of an alert for a flagged interval (7.0:1 on white)."""
TARGET_COLOUR = "#8a4b00"
"""Text colour of an alert for a missed target (6.4:1 on white)."""
CLEAR_COLOUR = "#1e6b38"
"""Text colour of the all-clear (6.6:1 on white)."""


@dataclass(frozen=True)
class Alert:
    """Intervals in which one stage fails in one way.

    ``kind``: ``"unstaffed"`` or ``"overloaded"`` (the engine's flags: every caller lost, or waits without
    limit) or ``"targets"`` (intervals missing the stage's service-level or abandonment target, the rest
    of the time); ``hours``: those intervals, in hours; ``open_hours``: the stage's open hours
    (intervals in which contacts arrive or staff are on duty), in hours; ``when``: the intervals as
    readable ranges; ``misses``: for ``"targets"``, each target missed with its hours.
    """

    stage: str
    kind: str
    hours: float
    open_hours: float
    when: str
    deferred: bool = False
    misses: tuple[tuple[str, float], ...] = ()

    @property
    def severe(self) -> bool:
        """A flag (callers lost, or waits without limit) rather than a missed target."""
        return self.kind != "targets"


def _when(hit: np.ndarray, minutes: float) -> str:
    """The intervals of ``hit`` as ranges ("Mon 09:00–Mon 12:00, …, and 14 more hours")."""
    text = period_ranges(np.flatnonzero(hit).tolist(), minutes, limit=MOST_RANGES)
    return re.sub(
        r"and (\d+) more periods?$", lambda m: f"and {_hours_text(int(m.group(1)) * minutes / 60)} more hours", text
    )


def stage_alerts(scenario: Scenario, results: Results) -> list[Alert]:
    """Every stage's flagged intervals and, for stages answering live, intervals missing its targets.

    Parameters
    ----------
    scenario:
        The scenario evaluated (its stages and targets).
    results:
        The analytic engine's results for it (per interval).
    """
    stages = [s.name for s in scenario.stages]
    if not stages or not len(results.data):
        return []
    minutes = float(results.period_minutes)
    hours = minutes / 60.0
    metrics = ("arrivals", "staff", "overloaded", "unstaffed", "service_level", "p_abandon")
    values = {name: np.nan_to_num(table) for name, table in results.per_period_arrays(metrics, stages).items()}
    alerts: list[Alert] = []
    for i, stage in enumerate(scenario.stages):
        arrivals = values["arrivals"][i] > 0
        open_hours = float((arrivals | (values["staff"][i] > 0)).sum()) * hours
        unstaffed = values["unstaffed"][i] > 0
        overloaded = (values["overloaded"][i] > 0) & ~unstaffed
        flags = [("unstaffed", unstaffed), ("overloaded", overloaded)]
        if not stage.deferred:  # deferred work waits for the next open hours: no per-interval answer target
            target = scenario.target_for(stage.name)
            rest = arrivals & ~(unstaffed | overloaded)
            checks = []
            if target.service_level is not None:
                what = f"service level below {100 * target.service_level:.0f}% within {target.answer_within:g} s"
                checks.append((what, rest & (values["service_level"][i] < target.service_level - 1e-9)))
            if target.max_abandon is not None:
                what = f"more than {100 * target.max_abandon:.1f}% giving up"
                checks.append((what, rest & (values["p_abandon"][i] > target.max_abandon + 1e-9)))
            missed = np.zeros_like(arrivals)
            for _, hit in checks:
                missed |= hit
            misses = tuple((what, float(hit.sum()) * hours) for what, hit in checks if hit.any())
            flags.append(("targets", missed))
        else:
            misses = ()
        for kind, hit in flags:
            if hit.any():
                alerts.append(
                    Alert(
                        stage=stage.name,
                        kind=kind,
                        hours=float(hit.sum()) * hours,
                        open_hours=open_hours,
                        when=_when(hit, minutes),
                        deferred=stage.deferred,
                        misses=misses if kind == "targets" else (),
                    )
                )
    return alerts


def _hours_text(hours: float) -> str:
    return f"{hours:,.0f}" if float(hours).is_integer() or hours >= 10 else f"{hours:.1f}"


def alert_text(alert: Alert) -> str:
    """One alert as a plain sentence (names as typed)."""
    share = f"{_hours_text(alert.hours)} of {_hours_text(alert.open_hours)} open hours"
    if alert.kind == "unstaffed":
        what = (
            f"nobody on duty for the work arriving in {share} (it waits for the next staffed hours)"
            if alert.deferred
            else f"nobody on duty to answer in {share}: every caller then is lost"
        )
    elif alert.kind == "overloaded":
        what = f"overloaded in {share}: more work arrives than the staff can handle, so waits grow without limit"
    else:
        each = "; ".join(f"{name} in {_hours_text(h)} h" for name, h in alert.misses)
        what = f"misses its targets in {share} ({each})"
    return f"{alert.stage}: {what} — {alert.when}"


def status_html(alerts: Sequence[Alert], warnings: Sequence[str]) -> str:
    """The status line as HTML: flags first, then missed targets; the all-clear only when there is nothing.

    ``warnings`` (the engine's, e.g. a flag it explains in its own words) follow in a collapsed list.
    """
    if not alerts and not warnings:
        return (
            f"<div class='svcdesign-status-clear' style='color:{CLEAR_COLOUR}'>✓ Every stage meets its targets in "
            "every open hour: none is overloaded or left without staff.</div>"
        )
    lines = [
        f"<div class='svcdesign-alert {'svcdesign-alert-flag' if a.severe else 'svcdesign-alert-target'}' "
        f"style='color:{FLAG_COLOUR if a.severe else TARGET_COLOUR}'>⚠ {html_text(alert_text(a))}</div>"
        for a in sorted(alerts, key=lambda a: not a.severe)
    ]
    if warnings:
        notes = "".join(f"<li>{html_text(w)}</li>" for w in warnings)
        lines.append(
            f"<details style='color:{FLAG_COLOUR}'><summary>⚠ The engine's warnings ({len(warnings)})</summary>"
            f"<ul style='margin:2px 0'>{notes}</ul></details>"
        )
    return "".join(lines)


__all__ = ["Alert", "alert_text", "stage_alerts", "status_html"]
