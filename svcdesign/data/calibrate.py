"""Calibrate a :class:`~svcdesign.Scenario` from a contact log.

``scenario, report = calibrate(log, interval=60)`` estimates, from contacts that asked for an agent
(outcome ``answered`` or ``abandoned``):

- **arrivals** per weekday × interval: for each weekday, the contacts arriving in each interval summed
  over the days of that weekday observed, divided by the number of such days (the mean per day). A
  day is *observed* when the log holds at least one row dated that day (days absent from the log are
  reported and not counted as zeros). Weekdays are the calendar's, Monday first.
- **handle time**: lognormal and exponential maximum-likelihood fits of positive handle times with
  their Kolmogorov–Smirnov statistics; the smaller KS distance is chosen (:mod:`.fits`).
- **handle time by interval** (``handle_by_interval=True``, the default): the stage's
  ``handle_time_profile``, per weekday × interval the mean positive handle time of the answered
  contacts arriving in it ÷ the fitted mean, shrunk toward 1 with weight n / (n + n0), n the
  interval's answered contacts over the observed days and n0 = :data:`PROFILE_CONTACTS` (the assumptions
  table's ``data.handle_profile_contacts``): an interval with few contacts keeps close to the overall
  mean, whose own sampling error its few contacts cannot beat. Intervals without answered contacts get 1.
- **patience**: exponential-hazard MLE treating served customers' waits as censored, and the
  Kaplan–Meier curve (Brown et al. 2005). The scenario uses the exponential estimate (the analytic
  engine's Erlang A assumes exponential patience); the naive mean of abandoners' waits is reported only
  to show its bias. No abandonment at all gives infinite patience (Erlang C).
- **staffing** per weekday × interval (paid staff = agents, shrinkage 0, because what the log shows
  is agents actually working, so no share of their time is to be taken off again), one of:

  - ``"available"``: the agents *available* to take a contact, from
    :func:`~svcdesign.data.on_duty.on_duty` (``method="available"``): while some contact waits in the
    queue, only the agents serving (a free agent would have taken it, so an agent idle then is on a
    break, in after-contact work or doing other work); while none waits, the agents on shift, a shift
    ending where the agent served nobody for more than ``shift_gap`` seconds (default
    :data:`~svcdesign.data.on_duty.AVAILABLE_GAP`, 15 minutes). Agents available are agents at work,
    which is why shrinkage stays 0. It reads each date's own queue: observed staffing, not a forecast.
  - ``"presence"``: each agent counts as present, pro rata within the interval, from the start of a
    contact to its end and on to the start of their next contact when that follows within
    ``idle_gap`` seconds (default :data:`IDLE_GAP`, 10 minutes; a longer gap is read as being off the
    phones: a break, other work, the end of a shift). Agents present but idle for longer stretches
    are missed, and the gap is a modelling choice; agents idle while a contact waits are counted.
  - ``"shifts"``: each agent on duty from the first to the last contact of each shift, a shift ending
    where the agent served nobody for more than ``shift_gap`` seconds (default
    :data:`~svcdesign.data.on_duty.SHIFT_GAP`, 30 minutes): the upper reconstruction of
    :func:`~svcdesign.data.on_duty.on_duty`.
  - ``"distinct"``: the number of distinct agents who were serving a contact at some moment of the
    interval, averaged over the observed days. It counts an agent who served one call in the hour as
    present for the whole hour, and misses agents on shift who served nobody.
  - ``"busy"``: agent-seconds spent serving within the interval ÷ interval length, i.e. the mean
    number of busy agents — a *lower bound* of the staff on shift (it equals it only at 100%
    occupancy); useful when the log names no agents.
  - ``"auto"`` (default): ``"available"`` when the log names agents, else ``"busy"`` — the same staff
    as the default of :func:`~svcdesign.data.on_duty.on_duty` and of the out-of-sample backtest
    (:func:`svcdesign.explore.backtest`), chosen there by out-of-sample skill on the January 1999 bank
    log (docs/background/calibration.md, "Staffing").
  - an :class:`~svcdesign.data.on_duty.OnDuty` (staff per real date, e.g. a client's roster from
    :func:`~svcdesign.data.on_duty.roster_on_duty`): its staff averaged per weekday over the log's
    observed dates, which it must cover.

  ``"available"`` and ``"shifts"`` are :func:`~svcdesign.data.on_duty.on_duty`'s staff per real date
  averaged per weekday over the log's observed dates; staff per real date with a lower and upper
  reconstruction: :func:`~svcdesign.data.on_duty.on_duty`.
- **segments**: by the log's ``segment`` column when it holds two or more values, else by
  ``priority``; each segment gets its share of contacts, a handle-time multiplier (its mean handle time
  ÷ the overall mean), a patience multiplier (its own exponential-MLE mean patience ÷ the overall
  one; 1 where it has no abandonment) and a priority (lower first:
  the priority itself when segmenting by priority; otherwise the segment's priority when all its
  contacts share one, else 0).
- **channels**: one per value of the log's ``channel`` column (one channel ``"contacts"`` if none).

Wages are unknown from a log (0) and the service target is the scenario default (80% within 20 s, the
industry convention) unless ``target_time``/``service_level`` are given.

Limits: the scenario must hold within the model's limits (:mod:`svcdesign.model.limits`). Calibration
refuses, with an :class:`~svcdesign.errors.InputError` saying what is missing or too large, a log
without contacts asking for an agent, with fewer than :data:`MIN_HANDLE_TIMES` answered contacts with
positive handle times, with abandonments but no time spent waiting, with more segments or channels
than a scenario holds or names a scenario cannot hold (more than 200 characters, control
characters), or showing more staff or arrivals in an interval than a scenario holds. It corrects,
with a warning, what only the fit puts out of range: a handle-time fit outside the limits gives way
to the other fit; a mean patience longer than a year (a log with very few abandonments) is set to one
year; a segment's multiplier beyond :data:`~svcdesign.model.limits.MULTIPLIER` is set to its bound.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import checks
from ..assumptions import load_assumptions
from ..errors import InputError, shown
from ..i18n import DEFAULT
from ..i18n.phrases import Digits, Figure, Listing, Phrase, When, Word, show, tr
from ..model import Scenario
from ..model.demand import INTERVAL_MINUTES
from ..model.limits import (
    CV,
    DURATION,
    HANDLE_TIME_PROFILE,
    MAX_CHANNELS,
    MAX_SEGMENTS,
    MULTIPLIER,
    NAME,
    PER_INTERVAL,
    STAFF,
)
from ..model.units import WEEKDAYS
from .fits import (
    ExponentialPatience,
    HandleTimeFit,
    exponential_patience,
    fit_handle_times,
    kaplan_meier,
    km_median,
    km_restricted_mean,
)
from .logs import ContactLog
from .on_duty import IDLE_GAP, OnDuty, on_duty

STAFFING_METHODS = ("auto", "available", "presence", "shifts", "distinct", "busy")
"""The values of :func:`calibrate`'s ``staffing`` given as text (module docstring)."""
SEGMENT_BY = ("auto", "segment", "priority", "none")
MIN_HANDLE_TIMES = 2
"""Fewest answered contacts with positive handle times a calibration needs: a lognormal fit has two
parameters."""
WEEK_ORIGIN = np.datetime64("1900-01-01T00:00:00", "ns")
"""A Monday 00:00 no later than any time of a log (:data:`~svcdesign.data.logs.YEARS`): times are
counted from it in whole weeks, and the nanoseconds since it fit a 64-bit integer."""
SHOWN_DATES = 10
"""Most absent dates listed in the warning about dates absent from a log."""
PROFILE_CONTACTS = load_assumptions().value("data.handle_profile_contacts")
"""n0 of the handle-time profile's shrinkage toward 1, contacts (module docstring), from the assumptions
table (``data.handle_profile_contacts``)."""
CHANNEL_KINDS = ("phone", "chat", "email", "walk_in", "referral", "web", "letter", "callback")


@dataclass(frozen=True, eq=False)
class CalibrationReport:
    """What :func:`calibrate` estimated and how well the fits hold. Times in seconds.

    Attributes
    ----------
    days_observed: weekday → number of observed days and their dates.
    arrivals: mean contacts per day in each weekday (rows) × interval start (columns), all channels.
    staffing: staff per weekday × interval (same shape), by ``staffing_method``.
    handle_time: one row per fitted distribution (mean, cv, parameters, log-likelihood, AIC, KS).
    patience: one row per estimator (mean or median patience with 95% interval where available).
    patience_curve: Kaplan–Meier survival with the fitted exponential survival beside it.
    handle_time_profile: the stage's handle-time profile per weekday × interval (multipliers of the
        fitted mean; None when not estimated, ``handle_by_interval=False``).
    segments: share, multipliers and priority of each segment.
    validation: the log's validation report (kept by outcome, excluded by reason).
    """

    source: str
    interval_minutes: int
    days_observed: pd.DataFrame
    arrivals: pd.DataFrame
    staffing: pd.DataFrame
    staffing_method: str
    handle_time: pd.DataFrame
    handle_time_choice: str
    patience: pd.DataFrame
    patience_curve: pd.DataFrame
    segments: pd.DataFrame
    validation: pd.DataFrame
    warnings: tuple[str, ...] = field(default_factory=tuple)
    handle_time_profile: pd.DataFrame | None = None

    def to_text(self, language: str = DEFAULT) -> str:
        """A plain-text summary for a terminal, in ``language`` (``en``, ``ar`` or ``fa``: numbers in its digits;
        the source, segment names and the statistics' abbreviations KS and AIC as they are)."""
        if language != DEFAULT:
            return _text_in(self, language)
        ht = self.handle_time
        lines = [
            f"Calibrated from {self.source} ({self.interval_minutes}-minute intervals)",
            "Days observed: " + ", ".join(f"{d} {int(n)}" for d, n in self.days_observed["days"].items()),
            f"Contacts per week: {self.arrivals.to_numpy().sum():.1f}",
            f"Handle time (chosen: {self.handle_time_choice}, by smaller KS statistic):",
        ]
        for kind, row in ht.iterrows():
            lines.append(
                f"  {kind:<12} mean {row['mean_s']:8.1f} s  cv {row['cv']:5.2f}  KS {row['ks_statistic']:.4f}  "
                f"AIC {row['aic']:.1f}"
            )
        if self.handle_time_profile is not None:
            profile = self.handle_time_profile.to_numpy()
            lines.append(
                f"Handle time by interval: {profile.min():.2f} to {profile.max():.2f} × the fitted mean "
                f"(shrunk toward 1 with {PROFILE_CONTACTS:g} contacts' weight)"
            )
        lines.append("Patience (served customers' waits treated as censored):")
        for method, row in self.patience.iterrows():
            interval = (
                f" [{row['lower_s']:.1f}, {row['upper_s']:.1f}]"
                if np.isfinite(row["lower_s"]) and np.isfinite(row["upper_s"])
                else ""
            )
            lines.append(f"  {method:<46} {row['value_s']:9.1f} s{interval}")
        staffed = self.staffing.to_numpy()
        open_mean = staffed[staffed > 0].mean() if (staffed > 0).any() else 0
        lines.append(f"Staffing: {self.staffing_method}; mean over open intervals {open_mean:.2f}")
        if len(self.segments) > 1:
            lines.append("Segments: " + ", ".join(f"{n} {r['share']:.1%}" for n, r in self.segments.iterrows()))
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>Calibration</b> from {html.escape(self.source)}, {self.interval_minutes}-minute intervals</p>",
            "<p>Handle time fits</p>",
            self.handle_time.to_html(float_format=lambda v: f"{v:.4g}"),
            "<p>Patience</p>",
            self.patience.to_html(float_format=lambda v: f"{v:.4g}"),
            "<p>Segments</p>",
            self.segments.to_html(float_format=lambda v: f"{v:.4g}"),
        ]
        parts += [f"<p>⚠ {html.escape(w)}</p>" for w in self.warnings]
        return "\n".join(parts)


_FITS = {"lognormal": tr("lognormal"), "exponential": tr("exponential"), "sample": tr("sample")}
"""The handle-time fits' names (:func:`~svcdesign.data.fits.fit_handle_times`), marked for translation."""
_PATIENCE = {
    "exponential hazard MLE (censored)": tr("exponential hazard MLE (censored)"),
    "Kaplan-Meier restricted mean (to last wait)": tr("Kaplan-Meier restricted mean (to last wait)"),
    "Kaplan-Meier median": tr("Kaplan-Meier median"),
    "naive mean of abandoners' waits (biased, not used)": tr("naive mean of abandoners' waits (biased, not used)"),
}
"""The patience estimators' names (:func:`_patience`), marked for translation."""


def _figure(value: float, spec: str) -> Figure | str:
    """``value`` written by the format ``spec`` as a :class:`~svcdesign.i18n.phrases.Figure`; ``–`` when it is
    not finite (a fit without a statistic)."""
    return Figure(format(value, spec)) if np.isfinite(value) else "–"


def _text_in(report: CalibrationReport, language: str) -> str:
    """:meth:`CalibrationReport.to_text` in Arabic or Persian: the same lines, worded and written in the language."""

    def say(text: str, /, **values: object) -> str:
        return Phrase(text, **values).in_language(language)

    lines = [
        say(
            tr("Calibrated from {source} ({minutes}-minute intervals)"),
            source=report.source,
            minutes=Figure(str(report.interval_minutes)),
        ),
        say(
            tr("Days observed: {days}"),
            days=Listing(
                Phrase(tr("{day} {n}"), day=When(d), n=Figure(str(int(n))))
                for d, n in report.days_observed["days"].items()
            ),
        ),
        say(tr("Contacts per week: {n}"), n=Figure(f"{report.arrivals.to_numpy().sum():,.1f}")),
        say(
            tr("Handle time (chosen: {fit}, by smaller KS statistic):"),
            fit=Word(_FITS.get(report.handle_time_choice, report.handle_time_choice)),
        ),
    ]
    for kind, row in report.handle_time.iterrows():
        fit = show(Word(_FITS.get(str(kind), str(kind))), language)
        fitted = say(
            tr("mean {mean} s, coefficient of variation {cv}, KS {ks}, AIC {aic}"),
            mean=_figure(row["mean_s"], ",.1f"),
            cv=_figure(row["cv"], ".2f"),
            ks=_figure(row["ks_statistic"], ".4f"),
            aic=_figure(row["aic"], ",.1f"),
        )
        lines.append(f"  {fit:<12} {fitted}")
    if report.handle_time_profile is not None:
        profile = report.handle_time_profile.to_numpy()
        lines.append(
            say(
                tr(
                    "Handle time by interval: {low} to {high} × the fitted mean "
                    "(shrunk toward 1 with {n} contacts' weight)"
                ),
                low=Figure(f"{profile.min():.2f}"),
                high=Figure(f"{profile.max():.2f}"),
                n=Figure(f"{PROFILE_CONTACTS:g}"),
            )
        )
    lines.append(say(tr("Patience (served customers' waits treated as censored):")))
    for method, row in report.patience.iterrows():
        value = say(tr("{n} s"), n=_figure(row["value_s"], ",.1f"))
        if np.isfinite(row["lower_s"]) and np.isfinite(row["upper_s"]):
            value += (
                " [" + show(Listing([_figure(row["lower_s"], ",.1f"), _figure(row["upper_s"], ",.1f")]), language) + "]"
            )
        lines.append(f"  {show(Word(_PATIENCE.get(str(method), str(method))), language):<46} {value}")
    staffed = report.staffing.to_numpy()
    open_mean = staffed[staffed > 0].mean() if (staffed > 0).any() else 0
    lines.append(
        say(
            tr("Staffing: {method}; mean over open intervals {mean}"),
            method=Word(report.staffing_method),  # marked where named: svcdesign.data.on_duty.ON_DUTY_METHODS
            mean=Figure(f"{open_mean:.2f}"),
        )
    )
    if len(report.segments) > 1:
        shares = Listing(
            Phrase(tr("{name} {share}"), name=str(n), share=Figure(f"{100 * r['share']:.1f}%"))
            for n, r in report.segments.iterrows()
        )
        lines.append(say(tr("Segments: {segments}"), segments=shares))
    lines += [say(tr("warning: {warning}"), warning=w) for w in report.warnings]
    return "\n".join(lines)


class Calibration(NamedTuple):
    """Result of :func:`calibrate`; unpacks as ``scenario, report = calibrate(log)``."""

    scenario: Scenario
    report: CalibrationReport


def calibrate(
    log: ContactLog,
    interval: int = 60,
    *,
    name: str | None = None,
    stage: str = "agents",
    staffing: str | OnDuty = "auto",
    idle_gap: float = IDLE_GAP,
    shift_gap: float | None = None,
    segment_by: str = "auto",
    target_time: float | None = None,
    service_level: float | None = None,
    handle_by_interval: bool = True,
) -> Calibration:
    """Estimate a one-stage scenario (demand, staffing, handle time, patience, segments) from a log.

    Parameters
    ----------
    log: a validated :class:`~svcdesign.data.logs.ContactLog` (:func:`read_contact_log`).
    interval: interval length in minutes: 15, 30 or 60.
    name: scenario name (default: from the log's source).
    stage: name of the stage the agents form.
    staffing: a method named in the module docstring, or an :class:`~svcdesign.data.on_duty.OnDuty` (a roster).
    idle_gap: seconds; longest idle stretch counted as presence (``staffing="presence"``).
    shift_gap: seconds; longest stretch without a contact inside one shift (``staffing="available"`` or
        ``"shifts"``; default :data:`~svcdesign.data.on_duty.AVAILABLE_GAP` for ``"available"``,
        :data:`~svcdesign.data.on_duty.SHIFT_GAP` for ``"shifts"``).
    segment_by: ``"auto"``, ``"segment"``, ``"priority"`` or ``"none"``.
    target_time, service_level: the service target to record (seconds, share); default 20 s, 80%.
    handle_by_interval: estimate the stage's handle-time profile per weekday × interval (module
        docstring); False leaves it out (one mean handle time at every hour).

    Returns
    -------
    Calibration
        ``(scenario, report)``.
    """
    contacts = _checked_contacts(log, interval, staffing, idle_gap, segment_by)
    warnings: list[str] = [w for w in log.warnings]
    days = _observed(log, warnings)
    day_count = days["days"].to_numpy(dtype=float)
    answered = contacts[contacts["outcome"] == "answered"]
    demand = _demand(contacts, interval, day_count, log.source)
    handle = _handle_time(answered, log.source, warnings)
    checks.instance("handle_by_interval", handle_by_interval, bool, "True or False")
    if handle_by_interval:
        handle = handle._replace(profile=_handle_profile(answered, interval, handle.best.mean, warnings))
    patience = _patience(contacts, log.source, warnings)
    resolved = staffing if isinstance(staffing, OnDuty) else _staffing_method(staffing, answered)
    method, staff = (
        _staff_on_duty(log, interval, resolved, shift_gap, demand.total, warnings)
        if isinstance(resolved, OnDuty) or resolved in ("available", "shifts")
        else _staff(answered, interval, day_count, resolved, float(idle_gap), demand.total, log.source, warnings)
    )
    segments, segment_list, segment_notes = _segments(
        contacts, segment_by, patience.mean, handle.sample_mean, log.source
    )
    warnings += segment_notes
    data = _scenario_data(
        contacts,
        log.source,
        interval,
        name=name,
        stage=stage,
        method=method,
        demand=demand,
        staff=staff,
        handle=handle,
        patience=patience,
        segments=segment_list,
        target=_target(target_time, service_level),
    )
    scenario = Scenario.from_dict(data, source="calibrated scenario")
    return Calibration(
        scenario, _report(log, interval, days, demand, (method, staff), handle, patience, segments, warnings)
    )


def _report(
    log: ContactLog,
    interval: int,
    days: pd.DataFrame,
    demand: _Demand,
    staffing: tuple[str, np.ndarray],
    handle: _HandleTime,
    patience: _Patience,
    segments: pd.DataFrame,
    warnings: list[str],
) -> CalibrationReport:
    """The :class:`CalibrationReport` of the estimates (``staffing``: the method and the staff per
    interval of the week)."""
    method, staff = staffing
    return CalibrationReport(
        source=log.source,
        interval_minutes=interval,
        days_observed=days,
        arrivals=_week_frame(demand.total, interval),
        staffing=_week_frame(staff, interval),
        staffing_method=method,
        handle_time=handle.table,
        handle_time_choice=handle.best.kind,
        patience=patience.table,
        patience_curve=patience.curve,
        segments=segments,
        validation=log.validation_report(),
        warnings=tuple(warnings),
        handle_time_profile=None if handle.profile is None else _week_frame(handle.profile, interval),
    )


class _Demand(NamedTuple):
    """Arrivals per interval of the week (mean per observed day), by channel and in total."""

    channels: list[str]
    profiles: dict[str, np.ndarray]
    total: np.ndarray


class _HandleTime(NamedTuple):
    """The handle-time fits, the one used, why, and its distribution for the scenario. Seconds."""

    best: HandleTimeFit
    why: str
    table: pd.DataFrame
    sample_mean: float
    distribution: dict
    profile: np.ndarray | None = None
    """Multipliers of the fitted mean per interval of the week (:func:`_handle_profile`), or None."""


class _Patience(NamedTuple):
    """The patience estimates; ``mean`` (seconds) is the one used: limited to a year, infinite without
    abandonment (then ``distribution`` is None)."""

    estimate: ExponentialPatience
    table: pd.DataFrame
    curve: pd.DataFrame
    mean: float
    distribution: dict | None


def _checked_contacts(
    log: ContactLog, interval: int, staffing: str | OnDuty, idle_gap: float, segment_by: str
) -> pd.DataFrame:
    """The log's contacts asking for an agent, after checking the options of :func:`calibrate`."""
    checks.instance("log", log, ContactLog, "a ContactLog from svcdesign.data.read_contact_log")
    checks.choice(
        "interval", interval, INTERVAL_MINUTES, allowed=f"one of {', '.join(map(str, INTERVAL_MINUTES))} minutes"
    )
    if not isinstance(staffing, OnDuty):
        checks.choice(
            "staffing", staffing, STAFFING_METHODS, allowed=f"one of {', '.join(STAFFING_METHODS)}, or an OnDuty"
        )
    checks.number("idle_gap", idle_gap, low=0, allowed="a finite number of seconds ≥ 0")
    checks.choice("segment_by", segment_by, SEGMENT_BY, allowed=f"one of {', '.join(SEGMENT_BY)}")
    contacts = log.contacts
    if len(contacts) == 0:
        raise InputError(
            "contacts asking for an agent (answered or abandoned)",
            0,
            "at least 1: calibrate estimates demand from them",
            source=log.source,
        )
    return contacts


def _observed(log: ContactLog, warnings: list[str]) -> pd.DataFrame:
    """:func:`observed_days`, noting absent dates and weekdays never observed in ``warnings``."""
    days, day_warnings = observed_days(log)
    warnings += day_warnings
    day_count = days["days"].to_numpy(dtype=float)
    if (day_count == 0).any():
        missing = [WEEKDAYS[i] for i in np.flatnonzero(day_count == 0)]
        warnings.append(
            Phrase(tr("no day observed for {days}: demand and staff there are set to 0"), days=When(", ".join(missing)))
        )
    return days


def _demand(contacts: pd.DataFrame, interval: int, day_count: np.ndarray, source: str) -> _Demand:
    """Arrivals per channel and interval of the week, refused beyond what a scenario holds."""
    channel_col = contacts["channel"].fillna("contacts")
    channels = _names(contacts, channel_col, "channel", MAX_CHANNELS, source)
    profiles = {
        ch: _per_weekday_interval(contacts.loc[channel_col == ch, "arrival"], interval, day_count) for ch in channels
    }
    total = np.sum(list(profiles.values()), axis=0)
    for ch, profile in profiles.items():
        _check_week(profile, PER_INTERVAL, f"arrivals of channel {ch!r}", interval, source)
    return _Demand(channels, profiles, total)


def _handle_time(answered: pd.DataFrame, source: str, warnings: list[str]) -> _HandleTime:
    """Lognormal and exponential fits of the positive handle times, and the one a scenario can use."""
    handles = answered["handle"].dropna().to_numpy(dtype=float)
    positive = handles[handles > 0]
    zero = handles.size - positive.size
    if zero:
        warnings.append(
            Phrase(
                tr(
                    "{n} answered contacts with zero handle time left out of the handle-time fit (a lognormal needs "
                    "positive durations)"
                ),
                n=Figure(f"{zero}"),
            )
        )
    if positive.size < MIN_HANDLE_TIMES:
        raise InputError(
            "answered contacts with positive handle times (service_start and service_end)",
            int(positive.size),
            f"at least {MIN_HANDLE_TIMES}: calibrate fits the handle-time distribution to them",
            source=source,
        )
    fits = fit_handle_times(positive)
    best, fit_note = _usable_fit(fits, source)
    warnings += fit_note
    why_fit = "chosen over the other by the smaller Kolmogorov-Smirnov statistic"
    if len(fits) == 1:
        why_fit = "all handle times are equal, so no lognormal fits them"
        warnings.append(
            Phrase(
                tr("all {n} positive handle times are {value} s: no lognormal fits them, the exponential is used"),
                n=Figure(f"{positive.size}"),
                value=Figure(f"{positive[0]:g}"),
            )
        )
    elif fit_note:
        why_fit = "the other fit is outside what a scenario holds"
    table = pd.DataFrame(
        [
            {
                "kind": f.kind,
                "mean_s": f.mean,
                "cv": f.cv,
                **{k: f.params.get(k, np.nan) for k in ("mu_log_s", "sigma_log")},
                "log_likelihood": f.log_likelihood,
                "aic": f.aic,
                "ks_statistic": f.ks_statistic,
                "ks_pvalue": f.ks_pvalue,
                "n": f.n,
                "chosen": f.kind == best.kind,
            }
            for f in fits
        ]
        + [
            {
                "kind": "sample",
                "mean_s": positive.mean(),
                "cv": positive.std() / positive.mean(),
                "n": positive.size,
                "chosen": False,
            }
        ]
    ).set_index("kind")
    distribution = (
        {"kind": "lognormal", "mean": best.mean, "cv": best.cv}
        if best.kind == "lognormal"
        else {"kind": "exponential", "mean": best.mean}
    )
    return _HandleTime(best, why_fit, table, float(positive.mean()), distribution)


def _handle_profile(answered: pd.DataFrame, interval: int, fitted_mean: float, warnings: list[str]) -> np.ndarray:
    """The handle-time profile per interval of the week (module docstring): each interval's mean positive
    handle time of the answered contacts arriving in it ÷ ``fitted_mean`` (seconds), shrunk toward 1
    with weight n / (n + :data:`PROFILE_CONTACTS`); 1 where none were answered. A multiplier beyond
    :data:`~svcdesign.model.limits.HANDLE_TIME_PROFILE` is set to its bound (noted in ``warnings``)."""
    rows = answered[answered["handle"].to_numpy(dtype=float) > 0]
    slots = _slots(rows["arrival"], interval)
    size = 7 * (1440 // interval)
    n = np.bincount(slots, minlength=size).astype(float)
    total = np.bincount(slots, weights=rows["handle"].to_numpy(dtype=float), minlength=size)
    # (n × mean / fitted + n0 × 1) / (n + n0): the interval's ratio shrunk toward 1; 1 where n + n0 = 0
    weight = n + PROFILE_CONTACTS
    profile = np.where(weight > 0, (total / fitted_mean + PROFILE_CONTACTS) / np.where(weight > 0, weight, 1.0), 1.0)
    high = profile > HANDLE_TIME_PROFILE.high
    if high.any():
        warnings.append(
            Phrase(
                tr(
                    "the handle-time profile is above {bound} × the fitted mean in {n} intervals, the most a scenario "
                    "holds: set to {bound}"
                ),
                bound=Figure(f"{HANDLE_TIME_PROFILE.high:g}"),
                n=Figure(f"{int(high.sum())}"),
            )
        )
    return np.minimum(profile, HANDLE_TIME_PROFILE.high)


def _patience(contacts: pd.DataFrame, source: str, warnings: list[str]) -> _Patience:
    """Patience from censored waits: the exponential-hazard MLE (used), Kaplan–Meier, the naive mean."""
    waits = contacts["wait"].to_numpy(dtype=float)
    gave_up = (contacts["outcome"] == "abandoned").to_numpy()
    expo = exponential_patience(waits, gave_up)
    if expo.mean == 0:
        raise InputError(
            "time spent waiting by contacts asking for an agent",
            "0 s",
            f"more than 0 s: {expo.abandonments} contacts abandoned without waiting, so patience "
            "cannot be estimated (check the queue_entry and queue_exit times)",
            source=source,
        )
    curve = kaplan_meier(waits, gave_up)
    curve["exponential_survival"] = np.exp(-expo.rate * curve["time_s"])
    naive = float(waits[gave_up].mean()) if gave_up.any() else math.nan
    table = pd.DataFrame(
        [
            {
                "method": "exponential hazard MLE (censored)",
                "value_s": expo.mean,
                "lower_s": expo.lower,
                "upper_s": expo.upper,
                "abandonments": expo.abandonments,
                "customers": len(waits),
                "used": True,
            },
            {
                "method": "Kaplan-Meier restricted mean (to last wait)",
                "value_s": km_restricted_mean(curve),
                "lower_s": np.nan,
                "upper_s": np.nan,
                "abandonments": expo.abandonments,
                "customers": len(waits),
                "used": False,
            },
            {
                "method": "Kaplan-Meier median",
                "value_s": km_median(curve),
                "lower_s": np.nan,
                "upper_s": np.nan,
                "abandonments": expo.abandonments,
                "customers": len(waits),
                "used": False,
            },
            {
                "method": "naive mean of abandoners' waits (biased, not used)",
                "value_s": naive,
                "lower_s": np.nan,
                "upper_s": np.nan,
                "abandonments": expo.abandonments,
                "customers": int(gave_up.sum()),
                "used": False,
            },
        ]
    ).set_index("method")
    mean_patience = expo.mean
    if expo.abandonments == 0:
        warnings.append(Phrase(tr("no contact abandoned: patience is taken as infinite (Erlang C)")))
    elif mean_patience > DURATION.high:
        warnings.append(
            Phrase(
                tr(
                    "the estimated mean patience, {mean} s ({n} abandonments over {exposure} s of waiting), is longer "
                    "than a year, the longest a scenario holds: it is set to {bound} s (customers practically never "
                    "abandon)"
                ),
                mean=Figure(f"{mean_patience:.4g}"),
                n=Figure(f"{expo.abandonments}"),
                exposure=Figure(f"{expo.exposure:.4g}"),
                bound=Figure(f"{DURATION.high:,.0f}"),
            )
        )
        mean_patience = DURATION.high
    distribution = None if not math.isfinite(mean_patience) else {"kind": "exponential", "mean": mean_patience}
    return _Patience(expo, table, curve, mean_patience, distribution)


def _staffing_method(staffing: str, answered: pd.DataFrame) -> str:
    """The staffing method of :func:`calibrate` (``"auto"`` resolved: ``"available"`` when the log names
    agents, else ``"busy"``); a method counting agents on a log that names none is refused."""
    has_agents = bool(answered["agent"].notna().any())
    if staffing == "auto":
        return "available" if has_agents else "busy"
    if staffing != "busy" and not has_agents:
        raise InputError(
            "staffing", staffing, "'busy' (or 'auto'): the log names no agents, so agents cannot be counted"
        )
    return staffing


def _staff(
    answered: pd.DataFrame,
    interval: int,
    day_count: np.ndarray,
    method: str,
    idle_gap: float,
    arrivals: np.ndarray,
    source: str,
    warnings: list[str],
) -> tuple[str, np.ndarray]:
    """The staff per interval of the week by ``method`` (``"presence"``, ``"distinct"`` or ``"busy"``)."""
    staff = _staffing(answered, interval, day_count, method, idle_gap)
    _check_week(staff, STAFF, f"staff ('{method}' estimate)", interval, source)
    if method == "busy":
        warnings.append(Phrase(tr("staffing estimated from busy time: a lower bound of the staff on shift")))
    empty = (arrivals > 0) & (staff <= 0)
    if empty.any():
        warnings.append(
            Phrase(
                tr("{n} intervals have arrivals but no agent serving: everyone there abandons in the analytic engine"),
                n=Figure(f"{int(empty.sum())}"),
            )
        )
    return method, staff


def _staff_on_duty(
    log: ContactLog,
    interval: int,
    staffing: str | OnDuty,
    shift_gap: float | None,
    arrivals: np.ndarray,
    warnings: list[str],
) -> tuple[str, np.ndarray]:
    """The staff per interval of the week from staff per real date: the ``"available"`` or ``"shifts"``
    reconstruction of :func:`~svcdesign.data.on_duty.on_duty` or a given
    :class:`~svcdesign.data.on_duty.OnDuty`, averaged per weekday over the log's observed dates."""
    if isinstance(staffing, OnDuty):
        if staffing.interval_minutes != interval:
            raise InputError(
                "staffing",
                f"{staffing.interval_minutes}-minute intervals",
                f"{interval}-minute intervals, as calibrated",
            )
        dated = staffing
    else:
        dated = on_duty(log, interval, method=staffing, shift_gap=shift_gap)
    staff = dated.by_weekday(pd.DatetimeIndex(log.data["arrival"].dt.normalize().unique()))
    _check_week(staff, STAFF, f"staff ('{dated.method}' figures)", interval, log.source)
    empty = (arrivals > 0) & (staff <= 0)
    if empty.any():
        warnings.append(
            Phrase(
                tr("{n} intervals have arrivals but no agent on duty: everyone there abandons in the analytic engine"),
                n=Figure(f"{int(empty.sum())}"),
            )
        )
    return dated.method, staff


def _target(target_time: float | None, service_level: float | None) -> dict[str, float]:
    """The scenario's ``targets`` entries given (none: the scenario's default target)."""
    target = {}
    if target_time is not None:
        target["answer_within"] = target_time
    if service_level is not None:
        target["service_level"] = service_level
    return target


WAGES_NOT_GIVEN = "Wages: a contact log holds none; not given, so staff cost is not counted until they are set."
"""The calibrated scenario's source line for wages (replaced when wages are set, e.g. ``--wage``)."""


def _scenario_data(
    contacts: pd.DataFrame,
    source: str,
    interval: int,
    *,
    name: str | None,
    stage: str,
    method: str,
    demand: _Demand,
    staff: np.ndarray,
    handle: _HandleTime,
    patience: _Patience,
    segments: list[dict],
    target: dict[str, float],
) -> dict:
    """The calibrated scenario as the dictionary :meth:`~svcdesign.model.Scenario.from_dict` reads, with its
    notes and the source of every estimate."""
    first, last = contacts["arrival"].min(), contacts["arrival"].max()
    source_name = source_label(source)
    expo, best = patience.estimate, handle.best
    return {
        "name": name or f"Calibrated from {source_name}",
        "notes": (
            f"Calibrated from {source_name} ({first:%Y-%m-%d} to {last:%Y-%m-%d}, "
            f"{len(contacts)} contacts asking for an agent); staff on duty estimated by the '{method}' method."
        ),
        "sources": [
            f"Arrivals: mean contacts per {interval}-minute interval per weekday over the observed days of "
            f"{source_name}.",
            f"Handle time: {best.kind} maximum-likelihood fit (KS {best.ks_statistic:.3f}; {handle.why}).",
            *_profile_source(handle, interval),
            "Patience: exponential hazard MLE, served customers' waits treated as censored (Brown et al. 2005, JASA "
            f"100(469)); {expo.abandonments} abandonments over {expo.exposure:.0f} s of waiting"
            + ("." if patience.mean == expo.mean else "; limited to one year.")
            if patience.distribution
            else "Patience: no abandonment observed, so infinite (Erlang C).",
            f"Staff: '{method}' estimate from the log; shrinkage 0 (observed agents are agents at work).",
            WAGES_NOT_GIVEN,
        ],
        "demand": {
            "interval_minutes": interval,
            "channels": [
                {
                    "name": ch,
                    **({"kind": ch} if ch in CHANNEL_KINDS else {}),
                    "per_interval": _rounded(demand.profiles[ch]),
                }
                for ch in demand.channels
            ],
        },
        "stages": [
            {
                "name": stage,
                "staff": _rounded(staff),
                "handle_time": handle.distribution,
                **({"handle_time_profile": _rounded(handle.profile)} if handle.profile is not None else {}),
                **({"patience": patience.distribution} if patience.distribution else {}),
            }
        ],
        "segments": segments,
        **({"targets": target} if target else {}),
    }


def _profile_source(handle: _HandleTime, interval: int) -> list[str]:
    """The scenario's source line for the handle-time profile (none without one)."""
    if handle.profile is None:
        return []
    return [
        f"Handle time by {interval}-minute interval of the week: the mean handle time of the answered contacts "
        f"arriving in each weekday-interval ÷ the fitted mean ({handle.best.mean:.1f} s), shrunk toward 1 with "
        f"weight n / (n + {PROFILE_CONTACTS:g}) for an interval's n answered contacts (a modelling choice in the "
        f"assumptions table); 1 where none were answered. From {handle.profile.min():.2f} to "
        f"{handle.profile.max():.2f}."
    ]


def _ks(fit: HandleTimeFit) -> float:
    return fit.ks_statistic


def _usable_fit(fits: list[HandleTimeFit], source: str) -> tuple[HandleTimeFit, list[str]]:
    """The fit with the smaller KS statistic among those a scenario can hold (mean within
    :data:`~svcdesign.model.limits.DURATION`, cv within :data:`~svcdesign.model.limits.CV`), and a
    warning when the better fit had to give way."""
    usable = [
        f
        for f in fits
        if math.isfinite(f.mean) and DURATION.contains(f.mean) and math.isfinite(f.cv) and CV.contains(f.cv)
    ]
    if not usable:
        raise InputError(
            "handle-time fits",
            {f.kind: f"mean {f.mean:.4g} s, cv {f.cv:.4g}" for f in fits},
            f"a fit with a mean in {DURATION.interval} s and a cv in {CV.interval}",
            source=source,
        )
    best = min(usable, key=_ks)
    better = min(fits, key=_ks)
    if better is best:
        return best, []
    return best, [
        Phrase(
            tr(
                "the {kind} handle-time fit (mean {mean} s, cv {cv}) fits better but is outside what a scenario holds "
                "(mean in {means} s, cv in {cvs}): the {used} fit is used"
            ),
            kind=Word(better.kind),
            mean=Figure(f"{better.mean:.4g}"),
            cv=Figure(f"{better.cv:.4g}"),
            means=Digits(DURATION.interval),
            cvs=Digits(CV.interval),
            used=Word(best.kind),
        )
    ]


def _names(contacts: pd.DataFrame, labels: pd.Series, column: str, most: int, source: str) -> list[str]:
    """Distinct values of ``labels`` (first seen first), refused unless they are at most ``most`` valid
    names (:data:`~svcdesign.model.limits.NAME`)."""
    names = list(dict.fromkeys(labels))
    if len(names) > most:
        raise InputError(
            f"column {column!r}",
            f"{len(names):,} distinct values",
            f"at most {most} (each becomes a scenario {column}; group the values first)",
            source=source,
        )
    for value in names:
        try:
            NAME.check(value)
        except ValueError:
            line = int(contacts.loc[labels == value, "line"].iloc[0])
            raise InputError(
                f"column {column!r}",
                value,
                f"{NAME.allowed} (it becomes the name of a scenario {column})",
                source=f"{source}, line {line}",
            ) from None
    return names


def _check_week(values: np.ndarray, limit, what: str, interval: int, source: str) -> None:
    """Refuse a weekly profile with a value outside ``limit``, naming the first such interval."""
    outside = np.flatnonzero(~np.array([limit.contains(float(v)) for v in values]))
    if outside.size:
        period = int(outside[0])
        minutes = (period % (1440 // interval)) * interval
        when = f"{WEEKDAYS[period // (1440 // interval)]} {minutes // 60:02d}:{minutes % 60:02d}"
        raise InputError(
            f"{what} on {when}", float(values[period]), f"{limit.allowed} (mean per observed day)", source=source
        )


def source_label(source: str) -> str:
    """The file name of ``source`` for a scenario's name and notes or a figure's title: as it is when it
    is a valid name (:data:`~svcdesign.model.limits.NAME`) of at most 100 characters, else shown
    bounded, control characters escaped."""
    label = Path(source).name if source else "contact log"
    try:
        NAME.check(label)
    except ValueError:
        return shown(label, 100)
    return label if len(label) <= 100 else shown(label, 100)


def observed_days(log: ContactLog) -> tuple[pd.DataFrame, list[str]]:
    """Days the log covers, per weekday (Monday first), and a warning naming days missing in its span."""
    dates = pd.DatetimeIndex(log.data["arrival"].dt.normalize().unique()).sort_values()
    counts = [int((dates.day_of_week == d).sum()) for d in range(7)]
    listed = [", ".join(f"{x:%Y-%m-%d}" for x in dates[dates.day_of_week == d]) for d in range(7)]
    frame = pd.DataFrame({"days": counts, "dates": listed}, index=pd.Index(WEEKDAYS, name="weekday"))
    notes: list[str] = []
    if len(dates):
        span = pd.date_range(dates[0], dates[-1], freq="D")
        gaps = span.difference(dates)
        if len(gaps):
            dates_absent: Listing | Phrase = Listing(Digits(f"{g:%Y-%m-%d}") for g in gaps[:SHOWN_DATES])
            if len(gaps) > SHOWN_DATES:
                more = Figure(f"{len(gaps) - SHOWN_DATES:,}")
                dates_absent = Phrase(tr("{dates} and {n} more"), dates=dates_absent, n=more)
            notes.append(
                Phrase(tr("dates absent from the log (not counted as observed days): {dates}"), dates=dates_absent)
            )
    return frame, notes


def _slots(times: pd.Series, interval: int) -> np.ndarray:
    """Period of the week (Monday 00:00 = 0) of each time on an ``interval``-minute grid."""
    minutes = times.dt.hour * 60 + times.dt.minute
    return (times.dt.day_of_week * (1440 // interval) + minutes // interval).to_numpy(dtype=int)


def _per_weekday_interval(times: pd.Series, interval: int, day_count: np.ndarray) -> np.ndarray:
    per_day = 1440 // interval
    counts = np.bincount(_slots(times, interval), minlength=7 * per_day).astype(float)
    days = np.repeat(day_count, per_day)
    return np.where(days > 0, counts / np.where(days > 0, days, 1.0), 0.0)


def _staffing(answered: pd.DataFrame, interval: int, day_count: np.ndarray, method: str, idle_gap: float) -> np.ndarray:
    """Staff per interval of the week (see the module docstring), averaged over the observed days.

    Every contact (for ``"presence"``, extended to its agent's next contact within ``idle_gap``
    seconds; for ``"distinct"``, the intervals it touches, merged per agent) is folded onto the week
    in one pass over the contacts, whatever their length (:func:`_fold_time`, :func:`_fold_count`).
    """
    per_day = 1440 // interval
    slots = 7 * per_day
    step = interval * 60 * 10**9  # nanoseconds per interval
    rows = answered.dropna(subset=["service_start", "service_end"])
    if method != "busy":
        rows = rows[rows["agent"].notna()].sort_values(["agent", "service_start"], kind="stable")
    start = (rows["service_start"].to_numpy(dtype="datetime64[ns]") - WEEK_ORIGIN).astype(np.int64)
    end = (rows["service_end"].to_numpy(dtype="datetime64[ns]") - WEEK_ORIGIN).astype(np.int64)
    if len(rows):  # count weeks from the log's first: smaller sums, exact to more digits
        first_week = start.min() // (step * slots) * (step * slots)
        start, end = start - first_week, end - first_week
    if method == "presence" and len(rows):
        agent_ids = rows["agent"].to_numpy(dtype=object)
        following = np.append(start[1:], np.iinfo(np.int64).max)
        same = np.append(agent_ids[1:] == agent_ids[:-1], False)
        gap = following - end
        end = np.where(same & (gap >= 0) & (gap <= idle_gap * 1e9), following, end)
    if method == "distinct":
        first = start // step
        last = np.maximum(first, -(-end // step) - 1)
        spans = pd.DataFrame({"agent": rows["agent"].to_numpy(dtype=object), "first": first, "last": last})
        reach = spans.groupby("agent", sort=False)["last"].cummax().groupby(spans["agent"], sort=False).shift()
        merged = spans.groupby((reach.isna() | (spans["first"] > reach)).cumsum()).agg(
            first=("first", "min"), last=("last", "max")
        )
        sums = (
            _fold_count(merged["last"].to_numpy() + 1, slots) - _fold_count(merged["first"].to_numpy(), slots)
        ).astype(float)
    else:  # busy time, or presence time
        sums = (_fold_time(end, step, slots) - _fold_time(start, step, slots)) / (step / 1e9)
    days = np.repeat(day_count, per_day)
    return np.where(days > 0, sums / np.where(days > 0, days, 1.0), 0.0)


def _fold_time(times: np.ndarray, step: int, slots: int) -> np.ndarray:
    """For each interval ``j`` of the week, Σ over ``times`` of the time spent in interval ``j`` of a week
    from the start of the log's first week until the time, in seconds (``times`` and ``step``, the
    interval length, in nanoseconds from that start).

    Up to a time ``t`` = q weeks + k intervals + f, interval ``j`` has been passed q times in full, once
    more if ``k > j``, and for ``f`` if ``k == j``; the busy time of contacts in ``j`` is then
    ``_fold_time(ends) − _fold_time(starts)``. The sums are exact for times in whole seconds (as logs
    record them), so staff figures do not depend on the order of the contacts.
    """
    weeks, rest = np.divmod(times, step * slots)
    index, part = np.divmod(rest, step)
    passed = len(times) - np.cumsum(np.bincount(index, minlength=slots))  # contacts with k > j
    return (float(weeks.sum()) + passed) * (step / 1e9) + np.bincount(index, weights=part / 1e9, minlength=slots)


def _fold_count(indices: np.ndarray, slots: int) -> np.ndarray:
    """For each interval ``j`` of the week, Σ over ``indices`` (intervals since :data:`WEEK_ORIGIN`) of
    the intervals before them that are interval ``j`` of a week."""
    weeks, rest = np.divmod(indices, slots)
    return float(weeks.sum()) + (len(indices) - np.cumsum(np.bincount(rest, minlength=slots)))


def _segments(
    contacts: pd.DataFrame, segment_by: str, mean_patience: float, mean_handle: float, source: str
) -> tuple[pd.DataFrame, list[dict], list[str]]:
    """The customer segments of the log: their table for the report, their entries for the scenario, and
    notes on multipliers left at 1 or lowered to their bound."""
    by = _segment_column(contacts, segment_by)
    if by == "none":
        return _one_segment(contacts)
    fallback = 0
    notes: list[str] = []
    if by == "priority":
        known = contacts["priority"].dropna()
        fallback = int(known.max()) if len(known) else 0
        labels = contacts["priority"].map(lambda p: "unknown priority" if pd.isna(p) else f"priority {int(p)}")
        notes.extend(_unknown_priority_note(contacts))
    else:
        labels = contacts["segment"].fillna("unknown").astype(str)
    rows = []
    total = len(contacts)
    for label in _names(contacts, labels, by, MAX_SEGMENTS, source):
        part = contacts[labels == label]
        h_mult, p_mult = _segment_multipliers(part, label, mean_handle, mean_patience, source, notes)
        rows.append(
            {
                "segment": label,
                "share": len(part) / total,
                "handle_time_multiplier": h_mult,
                "patience_multiplier": p_mult,
                "priority": _segment_priority(part, by, fallback),
                "contacts": len(part),
            }
        )
    table = pd.DataFrame(rows).set_index("segment")
    shares = table["share"].to_numpy()
    seg_list = [
        {
            "name": label,
            "share": float(shares[i]),
            "handle_time_multiplier": _significant(r["handle_time_multiplier"]),
            "patience_multiplier": _significant(r["patience_multiplier"]),
            "priority": int(r["priority"]),
        }
        for i, (label, r) in enumerate(table.iterrows())
    ]
    return table, seg_list, notes


def _unknown_priority_note(contacts: pd.DataFrame) -> list[str]:
    """A note when contacts without a priority waited far less often than those with one: a log that
    records a priority only for calls that queued makes the 'unknown priority' segment a product of its
    outcome, not a kind of customer."""
    missing = contacts["priority"].isna().to_numpy()
    if not missing.any() or missing.all():
        return []
    waited = contacts["wait"].to_numpy(dtype=float) > 0
    shares = [100.0 * waited[m].mean() for m in (missing, ~missing)]
    return [
        Phrase(
            tr(
                "segments: {n} contacts have no priority; {without}% of them waited, against {with_one}% of those "
                "with one — if the log records a priority only for calls that queued, the 'unknown priority' segment "
                "is defined by its outcome: prefer segment_by='none' or 'segment'"
            ),
            n=Figure(f"{int(missing.sum()):,}"),
            without=Figure(f"{shares[0]:.0f}"),
            with_one=Figure(f"{shares[1]:.0f}"),
        )
    ]


def _segment_column(contacts: pd.DataFrame, segment_by: str) -> str:
    """``"segment"``, ``"priority"`` or ``"none"``: ``segment_by``, or for ``"auto"`` the first column
    with at least two values."""
    by = segment_by
    if by == "auto":
        if contacts["segment"].nunique() >= 2:
            by = "segment"
        elif contacts["priority"].nunique() >= 2:
            by = "priority"
        else:
            by = "none"
    if by == "segment" and contacts["segment"].nunique() < 1:
        raise InputError("segment_by", segment_by, "'priority' or 'none': the log has no segment column values")
    return by


def _one_segment(contacts: pd.DataFrame) -> tuple[pd.DataFrame, list[dict], list[str]]:
    """:func:`_segments` for an unsegmented log: every contact in one segment, ``"all customers"``."""
    table = pd.DataFrame(
        [
            {
                "share": 1.0,
                "handle_time_multiplier": 1.0,
                "patience_multiplier": 1.0,
                "priority": 0,
                "contacts": len(contacts),
            }
        ],
        index=pd.Index(["all customers"], name="segment"),
    )
    return table, [{"name": "all customers", "share": 1.0}], []


def _segment_multipliers(
    part: pd.DataFrame, label: str, mean_handle: float, mean_patience: float, source: str, notes: list[str]
) -> tuple[float, float]:
    """One segment's handle-time and patience multipliers: its means over the log's (noting in ``notes``
    a multiplier left at 1 or lowered to its bound)."""
    handles = part["handle"].dropna()
    handles = handles[handles > 0]
    h_mult = float(handles.mean() / mean_handle) if len(handles) else 1.0
    expo = exponential_patience(part["wait"].to_numpy(dtype=float), (part["outcome"] == "abandoned").to_numpy())
    if expo.mean == 0:
        raise InputError(
            f"time spent waiting by segment {shown(label)}",
            "0 s",
            f"more than 0 s: its "
            f"{expo.abandonments} abandoning contacts gave up without waiting, so its patience "
            "cannot be estimated (check the queue_entry and queue_exit times)",
            source=source,
        )
    if math.isfinite(expo.mean) and math.isfinite(mean_patience):
        p_mult = min(expo.mean, DURATION.high) / mean_patience
    else:
        p_mult = 1.0
        if math.isfinite(mean_patience):
            notes.append(
                Phrase(
                    tr("segment {segment} has no abandonment: its patience multiplier is left at {one}"),
                    segment=shown(label),
                    one=Figure("1"),
                )
            )
    h_mult, p_mult = (
        _multiplier(m, Phrase(what, segment=shown(label)), notes)
        for m, what in (
            (h_mult, tr("segment {segment}'s handle-time multiplier")),
            (p_mult, tr("segment {segment}'s patience multiplier")),
        )
    )
    return h_mult, p_mult


def _segment_priority(part: pd.DataFrame, by: str, fallback: int) -> int:
    """A segment's queue priority: its own for a priority segment (``fallback``, the last served of the
    known priorities, for unknown priority); otherwise the one priority all its contacts share, else 0."""
    if by == "priority":
        value = part["priority"].iloc[0]
        return fallback if pd.isna(value) else int(value)
    values = part["priority"].dropna().unique()
    return int(values[0]) if len(values) == 1 else 0


def _multiplier(value: float, what: str, notes: list[str]) -> float:
    """A positive ``value`` at most :data:`~svcdesign.model.limits.MULTIPLIER`'s bound (noting in ``notes``
    when it is lowered)."""
    if value <= MULTIPLIER.high:
        return value
    notes.append(
        Phrase(
            tr("{what}, {value}, is above {bound}, the most a scenario holds: it is set to {bound}"),
            what=what,
            value=Figure(f"{value:.4g}"),
            bound=Figure(f"{MULTIPLIER.high:g}"),
        )
    )
    return MULTIPLIER.high


def _week_frame(values: np.ndarray, interval: int) -> pd.DataFrame:
    per_day = 1440 // interval
    starts = [f"{(i * interval) // 60:02d}:{(i * interval) % 60:02d}" for i in range(per_day)]
    return pd.DataFrame(
        np.asarray(values, dtype=float).reshape(7, per_day),
        index=pd.Index(WEEKDAYS, name="weekday"),
        columns=pd.Index(starts, name="interval start"),
    )


def _rounded(values: np.ndarray) -> list[float]:
    """Values for the scenario file, to 6 significant figures (readable YAML, far below sampling error)."""
    return [_significant(v) for v in np.asarray(values, dtype=float)]


def _significant(value: float) -> float:
    """``value`` to 6 significant figures (a positive value stays positive)."""
    return float(f"{float(value):.6g}")
