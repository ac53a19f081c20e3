"""The staffing explorer's status line: which stages fail, in how many of their open hours, and when.

The status reads what the analytic engine's :class:`~svcdesign.results.Results` hold per interval — its
flags (``overloaded``: the load reaches the capacity, so waits grow without limit; ``unstaffed``: contacts
arrive and nobody is on duty to answer them, so every caller there is lost) and the service level and
abandonment of each stage that answers live against the stage's own targets
(:meth:`svcdesign.Scenario.target_for`). A multi-skill service desk's contact types are read the same
way, before the stages, against their own targets (:func:`svcdesign.explore.flows.target_of`), and each
of its agent groups is named for the intervals in which every available agent is busy (occupancy 100 %).
It counts the intervals of each, as hours of the stage's open hours (intervals in which contacts arrive
or staff are on duty), and names when they fall (:func:`svcdesign.results.period_ranges`). The all-clear
is shown only when no interval of any stage, contact type or group is flagged, misses a target or is
fully occupied, and the engine wrote no warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..explore.flows import target_of
from ..explore.review import Wording
from ..i18n.phrases import Phrase
from ..markup import html_text
from ..model import ContactType, Scenario, Stage
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

    ``stage``: a stage's, contact type's or agent group's name; ``kind``: ``"unstaffed"`` or
    ``"overloaded"`` (the engine's flags: every caller lost, or waits without limit), ``"targets"``
    (intervals missing the stage's service-level or abandonment target, the rest of the time) or, for an
    agent group, ``"busy"`` (every available agent busy: occupancy 100 %); ``hours``: those intervals, in
    hours; ``open_hours``: the stage's open hours (intervals in which contacts arrive or staff are on
    duty), in hours; ``when``: the intervals as readable ranges; ``misses``: for ``"targets"``, each
    target missed with its hours; ``goals``: beside each of ``misses``, the target as numbers
    (``("service_level", share, seconds)`` or ``("abandon", share, nan)``), for the wording in other languages.
    """

    stage: str
    kind: str
    hours: float
    open_hours: float
    when: str
    deferred: bool = False
    misses: tuple[tuple[str, float], ...] = ()
    goals: tuple[tuple[str, float, float], ...] = ()

    @property
    def severe(self) -> bool:
        """A flag (callers lost, or waits without limit) rather than a missed target or a full group."""
        return self.kind in ("unstaffed", "overloaded")


def _when(hit: np.ndarray, minutes: float) -> str:
    """The intervals of ``hit`` as ranges ("Mon 09:00–Mon 12:00, …, and 14 more hours")."""
    text = period_ranges(np.flatnonzero(hit).tolist(), minutes, limit=MOST_RANGES)
    return re.sub(
        r"and (\d+) more periods?$", lambda m: f"and {_hours_text(int(m.group(1)) * minutes / 60)} more hours", text
    )


def stage_alerts(scenario: Scenario, results: Results) -> list[Alert]:
    """Every stage's and contact type's flagged intervals and, for those answering live, intervals
    missing its targets; then every agent group's fully occupied intervals.

    Parameters
    ----------
    scenario:
        The scenario evaluated (its stages, service desk and targets).
    results:
        The analytic engine's results for it (per interval).
    """
    desk = scenario.service_desk
    steps: list[ContactType | Stage] = [*([] if desk is None else desk.contact_types), *scenario.stages]
    if not results.rows:
        return []
    minutes = float(results.period_minutes)
    names = [step.name for step in steps]
    metrics = ("arrivals", "staff", "overloaded", "unstaffed", "service_level", "p_abandon")
    values = {name: np.nan_to_num(table) for name, table in results.per_period_arrays(metrics, names).items()}
    alerts: list[Alert] = []
    for i, step in enumerate(steps):
        alerts.extend(_step_alerts(scenario, step, {k: v[i] for k, v in values.items()}, minutes))
    if desk is not None:
        groups = [g.name for g in desk.groups]
        busy = results.per_period_arrays(("staff", "occupancy"), groups)
        for i, group in enumerate(groups):
            staffed = np.nan_to_num(busy["staff"][i]) > 0
            full = staffed & (np.nan_to_num(busy["occupancy"][i]) >= 1.0 - 1e-9)
            if full.any():
                open_hours = float(staffed.sum()) * minutes / 60.0
                alerts.append(
                    Alert(group, "busy", float(full.sum()) * minutes / 60.0, open_hours, _when(full, minutes))
                )
    return alerts


def _step_alerts(scenario: Scenario, step: ContactType | Stage, values: dict[str, np.ndarray], minutes: float):
    """One stage's or contact type's alerts from its per-interval ``values`` (:func:`stage_alerts`)."""
    hours = minutes / 60.0
    arrivals = values["arrivals"] > 0
    open_hours = float((arrivals | (values["staff"] > 0)).sum()) * hours
    unstaffed = values["unstaffed"] > 0
    overloaded = (values["overloaded"] > 0) & ~unstaffed
    flags = [("unstaffed", unstaffed), ("overloaded", overloaded)]
    misses: tuple[tuple[str, float], ...] = ()
    goals: tuple[tuple[str, float, float], ...] = ()
    if not step.deferred:  # deferred work waits for the next open hours: no per-interval answer target
        target = target_of(scenario, step.name)
        rest = arrivals & ~(unstaffed | overloaded)
        checks = []
        if target.service_level is not None:
            what = f"service level below {100 * target.service_level:.0f}% within {target.answer_within:g} s"
            goal = ("service_level", float(target.service_level), float(target.answer_within))
            checks.append((what, goal, rest & (values["service_level"] < target.service_level - 1e-9)))
        if target.max_abandon is not None:
            what = f"more than {100 * target.max_abandon:.1f}% giving up"
            goal = ("abandon", float(target.max_abandon), float("nan"))
            checks.append((what, goal, rest & (values["p_abandon"] > target.max_abandon + 1e-9)))
        missed = np.zeros_like(arrivals)
        for *_, hit in checks:
            missed |= hit
        misses = tuple((what, float(hit.sum()) * hours) for what, _, hit in checks if hit.any())
        goals = tuple(goal for _, goal, hit in checks if hit.any())
        flags.append(("targets", missed))
    return [
        Alert(
            stage=step.name,
            kind=kind,
            hours=float(hit.sum()) * hours,
            open_hours=open_hours,
            when=_when(hit, minutes),
            deferred=step.deferred,
            misses=misses if kind == "targets" else (),
            goals=goals if kind == "targets" else (),
        )
        for kind, hit in flags
        if hit.any()
    ]


def _hours_text(hours: float, say: Wording | None = None) -> str:
    text = f"{hours:,.0f}" if float(hours).is_integer() or hours >= 10 else f"{hours:.1f}"
    return text if say is None else say.local(text)


_DAY = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
_MORE = re.compile(r"^and ([\d.,]+) more hours$")


def when_words(when: str, say: Wording) -> str:
    """An alert's ``when`` (``"Mon 09:00–Mon 12:00, …, and 14 more hours"``) in the language: its weekdays' names,
    digits and list commas."""
    if say.english:
        return when
    tr, days = say.tr, say.days()
    parts = []
    for part in when.split(", "):
        more = _MORE.match(part)
        if more:
            shown = more.group(1)
            hours = say.local(shown)
            parts.append(tr.ntr("and {hours} more hour", "and {hours} more hours", shown.replace(",", ""), hours=hours))
        else:
            parts.append(say.local(_DAY.sub(lambda m: days[m.group(1)], part.replace("weeks", tr("weeks")))))
    return say.join(parts)


def _missed_words(alert: Alert, say: Wording) -> str:
    """Each target an alert misses, with its hours (the language's words for :attr:`Alert.misses`)."""
    tr = say.tr
    out = []
    for (_, hours), (kind, share, seconds) in zip(alert.misses, alert.goals, strict=True):
        if kind == "service_level":
            what = tr(
                "service level below {share} within {seconds} s",
                share=say.local(f"{100 * share:.0f}%"),
                seconds=say.local(f"{seconds:g}"),
            )
        else:
            what = tr("more than {share} giving up", share=say.local(f"{100 * share:.1f}%"))
        out.append(tr("{what} in {hours} h", what=what, hours=_hours_text(hours, say)))
    return say.join(out, "; ")


def alert_text(alert: Alert, say: Wording | None = None) -> str:
    """One alert as a plain sentence (names as typed), in English or ``say``'s language."""
    if say is None or say.english:
        return _english_alert(alert)
    tr = say.tr
    share = tr.ntr(
        "{hours} of {open_hours} open hour",
        "{hours} of {open_hours} open hours",
        _hours_text(alert.open_hours).replace(",", ""),  # the count as shown decides the form
        hours=_hours_text(alert.hours, say),
        open_hours=_hours_text(alert.open_hours, say),
    )
    if alert.kind == "unstaffed":
        what = (
            tr("nobody on duty for the work arriving in {share} (it waits for the next staffed hours)", share=share)
            if alert.deferred
            else tr("nobody on duty to answer in {share}: every caller then is lost", share=share)
        )
    elif alert.kind == "overloaded":
        what = tr(
            "overloaded in {share}: more work arrives than the staff can handle, so waits grow without limit",
            share=share,
        )
    elif alert.kind == "busy":
        what = tr(
            "every available agent busy (occupancy 100%) in {share}: no slack for the contact types it serves",
            share=share,
        )
    else:
        what = tr("misses its targets in {share} ({each})", share=share, each=_missed_words(alert, say))
    return f"{alert.stage}: {what} — {when_words(alert.when, say)}"


def _english_alert(alert: Alert) -> str:
    share = f"{_hours_text(alert.hours)} of {_hours_text(alert.open_hours)} open hours"
    if alert.kind == "unstaffed":
        what = (
            f"nobody on duty for the work arriving in {share} (it waits for the next staffed hours)"
            if alert.deferred
            else f"nobody on duty to answer in {share}: every caller then is lost"
        )
    elif alert.kind == "overloaded":
        what = f"overloaded in {share}: more work arrives than the staff can handle, so waits grow without limit"
    elif alert.kind == "busy":
        what = f"every available agent busy (occupancy 100%) in {share}: no slack for the contact types it serves"
    else:
        each = "; ".join(f"{name} in {_hours_text(h)} h" for name, h in alert.misses)
        what = f"misses its targets in {share} ({each})"
    return f"{alert.stage}: {what} — {alert.when}"


WARNING_MARK = "\u26a0"
"""The alerts' mark (⚠, WARNING SIGN; DejaVu Sans draws it, so no emoji font is needed). In Arabic and Persian it
is followed by VARIATION SELECTOR-15 (text presentation), so no browser swaps in a coloured emoji."""
CLEAR_MARK = "\u2713"
"""The all-clear's mark (✓, CHECK MARK: a text character DejaVu Sans draws)."""


def _warning_html(warning: str, say: Wording) -> str:
    """An engine's warning as HTML: in the language when the engine marked it for translation (a
    :class:`~svcdesign.i18n.phrases.Phrase`), else as written (English)."""
    return html_text(warning.in_language(say.language) if isinstance(warning, Phrase) else warning)


def status_html(
    alerts: Sequence[Alert], warnings: Sequence[str], *, desk: bool = False, say: Wording | None = None
) -> str:
    """The status line as HTML: flags first, then missed targets; the all-clear only when there is nothing.

    ``warnings`` (the engine's, e.g. a flag it explains in its own words) follow in a collapsed list;
    ``desk``: the scenario has a service desk (the all-clear names its contact types and groups); ``say``: the
    language (default English).
    """
    say = say if say is not None else Wording()
    tr = say.tr
    mark = WARNING_MARK if say.english else WARNING_MARK + "\ufe0e"
    if not alerts and not warnings:
        every = (
            tr("Every contact type and stage meets its targets in every open hour, no agent group is fully occupied")
            if desk
            else tr("Every stage meets its targets in every open hour")
        )
        clear = tr("{every}: none is overloaded or left without staff.", every=every)
        return f"<div class='svcdesign-status-clear' style='color:{CLEAR_COLOUR}'>{CLEAR_MARK} {clear}</div>"
    lines = [
        f"<div class='svcdesign-alert {'svcdesign-alert-flag' if a.severe else 'svcdesign-alert-target'}' "
        f"style='color:{FLAG_COLOUR if a.severe else TARGET_COLOUR}'>{mark} {html_text(alert_text(a, say))}</div>"
        for a in sorted(alerts, key=lambda a: not a.severe)
    ]
    if warnings:
        notes = "".join(f"<li>{_warning_html(w, say)}</li>" for w in warnings)
        summary = tr("The engine's warnings ({n})", n=say.local(str(len(warnings))))
        lines.append(
            f"<details style='color:{FLAG_COLOUR}'><summary>{mark} {summary}</summary>"
            f"<ul style='margin:2px 0'>{notes}</ul></details>"
        )
    return "".join(lines)


__all__ = ["CLEAR_MARK", "WARNING_MARK", "Alert", "alert_text", "stage_alerts", "status_html", "when_words"]
