"""Flags that explain non-finite figures, and the warnings that name them.

Every engine reports a figure that is not a finite number (an infinite wait, staff that no roster can
provide) only together with a flag that says why, in the same row set:

- ``overloaded`` — the load reaches the capacity: no steady state, waits grow without limit;
- ``unstaffed`` — work arrives that the stage's roster cannot serve as required: nobody is on duty to
  take it, or no number of staff on the hours worked meets the stage's target.

A non-finite value at a stage and period is explained by a positive flag of that stage in that period
(or, for a whole-horizon row, in any period); an end-to-end value (stage ``"all"``) by a flag at any
stage of the same scenario and engine. :func:`explain` checks this when a :class:`~.schema.Results`
is made and adds a warning naming the stage and its periods (compressed into ranges such as
"Mon 09:00–Mon 10:00, Sat 08:00") for every flagged stage that no warning names yet — so a flag is
never silent — and for any non-finite value that no flag explains (an engine defect, reported rather
than hidden).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..i18n.phrases import Phrase, When, tr
from ..model.units import period_label

FLAGS = ("overloaded", "unstaffed")
"""Flag metrics (0/1 per stage and period, whole horizon = the largest) that explain non-finite figures."""

ALL = "all"
MAX_RANGES = 6
"""Most period ranges a warning lists before summarising the rest ("and 12 more periods")."""

_FLAG_TEXT = {
    ("overloaded", False): tr(
        "stage '{stage}' is overloaded (the load reaches the capacity, so waits grow without limit)"
    ),
    ("overloaded", True): tr(
        "stage '{stage}' is overloaded (the load reaches the capacity, so waits grow without limit) in {when}"
    ),
    ("unstaffed", False): tr(
        "stage '{stage}' has work that its roster cannot serve (nobody on duty to take it, or no number of staff "
        "on the hours worked meets the target)"
    ),
    ("unstaffed", True): tr(
        "stage '{stage}' has work that its roster cannot serve (nobody on duty to take it, or no number of staff "
        "on the hours worked meets the target) in {when}"
    ),
    ("other", False): tr("stage '{stage}' is flagged {flag}"),
    ("other", True): tr("stage '{stage}' is flagged {flag} in {when}"),
}
"""What :func:`explain` says of a flagged stage, by flag and whether it names the periods."""
_UNDEFINED = {
    (False, True): tr(
        "stage '{stage}': {what} not a finite number in {when} and no overload or staffing flag explains it; treat "
        "these figures as undefined"
    ),
    (False, False): tr(
        "stage '{stage}': {what} not a finite number over the horizon and no overload or staffing flag explains "
        "it; treat these figures as undefined"
    ),
    (True, True): tr(
        "end to end (stage 'all'): {what} not a finite number in {when} and no overload or staffing flag explains "
        "it; treat these figures as undefined"
    ),
    (True, False): tr(
        "end to end (stage 'all'): {what} not a finite number over the horizon and no overload or staffing flag "
        "explains it; treat these figures as undefined"
    ),
}
"""What :func:`explain` says of non-finite figures no flag explains: end to end or not, with periods or not."""


def period_ranges(periods: Iterable[int], period_minutes: float, limit: int = MAX_RANGES) -> str:
    """Readable periods, consecutive ones compressed into ranges.

    A range runs from the start of its first period to the end of its last ("Mon 09:00–Mon 10:00" for the
    four quarter hours from 09:00; "Sun 24:00" at the end of a day); a single period is its start
    ("Sat 08:00"); weekly periods read "weeks 3–5". At most ``limit`` ranges are listed, then the number
    of periods left.
    """
    ps = sorted({int(p) for p in periods})
    if not ps:
        return ""
    runs: list[tuple[int, int]] = []
    for p in ps:
        if runs and p == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    weekly = period_minutes >= 10080
    parts = []
    for first, last in runs[:limit]:
        if first == last:
            parts.append(period_label(first, period_minutes))
        elif weekly:
            parts.append(f"weeks {first + 1}–{last + 1}")
        else:
            parts.append(f"{period_label(first, period_minutes)}–{_end_label(last, period_minutes)}")
    left = sum(last - first + 1 for first, last in runs[limit:])
    if left:
        parts.append(f"and {left} more period{'s' if left != 1 else ''}")
    return ", ".join(parts)


def _end_label(period: int, period_minutes: float) -> str:
    """The end of ``period``: the next period's start, or "24:00" of the period's own day at midnight."""
    end = period_label(period + 1, period_minutes)
    if ((period + 1) * period_minutes) % 1440 == 0:  # midnight: the day that ends, not the next one
        return period_label(period, period_minutes)[:-5] + "24:00"
    return end


def _is_flag(metric: pd.Series) -> np.ndarray:
    """Rows whose metric is a flag (fast on the categorical column every Results holds)."""
    if isinstance(metric.dtype, pd.CategoricalDtype):
        flags = [i for i, name in enumerate(metric.cat.categories) if name in FLAGS]
        return np.isin(metric.cat.codes.to_numpy(), flags) if flags else np.zeros(len(metric), dtype=bool)
    return metric.isin(FLAGS).to_numpy()


def _named(stage: str, warnings: list[str]) -> bool:
    return any(f"'{stage}'" in w for w in warnings)


def explain(data: pd.DataFrame, period_minutes: float, warnings: list[str]) -> list[str]:
    """Warnings to add so that every flag and every non-finite value of ``data`` is named.

    ``warnings`` are the ones the engine wrote (not changed). Returns the new ones: one per flagged
    stage that no warning names (per flag, with its periods), and one per stage holding non-finite
    values that no flag explains (with the metrics and periods).
    """
    if not len(data):
        return []
    values = data["value"].to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    metric = data["metric"]
    is_flag = _is_flag(metric)
    flag_on = is_flag & (np.nan_to_num(values, nan=1.0) > 0)
    if not bad.any() and not flag_on.any():
        return []
    stage = data["stage"].astype(str).to_numpy()
    group = (data["scenario"].astype(str) + "\x00" + data["engine"].astype(str)).to_numpy()
    period = data["period"].fillna(-1).to_numpy(dtype=np.int64)
    names = metric.astype(str).to_numpy()
    added: list[str] = []
    seen = list(warnings)

    # flags: name each flagged stage (and its periods) unless a warning names it already
    flagged: dict[tuple[str, str, str], set[int]] = {}
    for i in np.flatnonzero(flag_on):
        flagged.setdefault((group[i], stage[i], names[i]), set()).add(int(period[i]))
    for (_, s, flag), periods in flagged.items():
        if s == ALL or _named(s, seen):
            continue
        when = period_ranges([p for p in periods if p >= 0], period_minutes)
        known = flag if (flag, True) in _FLAG_TEXT else "other"
        text = Phrase(_FLAG_TEXT[known, bool(when)], stage=s, flag=flag, when=When(when))
        added.append(text)
        seen.append(text)

    # non-finite values that no flag explains
    at = {(g, s, p) for (g, s, _), ps in flagged.items() for p in ps}
    anywhere = {(g, s) for (g, s, _) in flagged}
    groups_flagged = {g for (g, _) in anywhere}
    unexplained: dict[str, dict[str, set[int]]] = {}
    for i in np.flatnonzero(bad):
        g, s, p = group[i], stage[i], int(period[i])
        if is_flag[i]:
            ok = False
        elif s == ALL:
            ok = g in groups_flagged
        elif p < 0:
            ok = (g, s) in anywhere
        else:
            ok = (g, s, p) in at or (g, s, -1) in at
        if not ok:
            unexplained.setdefault(s, {}).setdefault(names[i], set()).add(p)
    for s, by_metric in unexplained.items():
        periods = {p for ps in by_metric.values() for p in ps if p >= 0}
        when = period_ranges(periods, period_minutes)
        what = ", ".join(sorted(by_metric))
        added.append(Phrase(_UNDEFINED[s == ALL, bool(when)], stage=s, what=what, when=When(when)))
    return added


def unexplained(results) -> list[str]:
    """Non-finite values of ``results`` that no flag explains or no warning names (empty when sound).

    The check of the module docstring, for tests: each problem names the metric, stage and period.
    """
    d = results.data
    values = d["value"].to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if not bad.any():
        return []
    metric = d["metric"].astype(str).to_numpy()
    stage = d["stage"].astype(str).to_numpy()
    group = (d["scenario"].astype(str) + "\x00" + d["engine"].astype(str)).to_numpy()
    period = d["period"].fillna(-1).to_numpy(dtype=np.int64)
    on = np.isin(metric, FLAGS) & (np.nan_to_num(values, nan=0.0) > 0)
    at = set(zip(group[on], stage[on], period[on], strict=True))
    anywhere = set(zip(group[on], stage[on], strict=True))
    groups = set(group[on])
    warnings = list(results.warnings)
    problems = []
    for i in np.flatnonzero(bad):
        g, s, p = group[i], stage[i], int(period[i])
        if metric[i] in FLAGS:
            ok = False
        elif s == ALL:
            ok = g in groups
        elif p < 0:
            ok = (g, s) in anywhere and _named(s, warnings)
        else:
            ok = ((g, s, p) in at or (g, s, -1) in at) and _named(s, warnings)
        if not ok:
            problems.append(f"{metric[i]} = {values[i]} at stage {s!r}, period {p}, segment {d['segment'].iloc[i]}")
    return problems


__all__ = ["FLAGS", "explain", "period_ranges", "unexplained"]
