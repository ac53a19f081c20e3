"""The ``svcdesign`` command line.

    svcdesign calibrate LOG -o scenario.yaml [--interval 60] [--format FORMAT] [--staffing …] [money options]
    svcdesign evaluate scenario.yaml [--staff STAGE=N ...] [--seats]
    svcdesign report scenario.yaml -o report.html [--pdf report.pdf] [--language fa] [--staff STAGE=N ...]
                     [--seats] [money options]
    svcdesign compare scenario.yaml [option.yaml ...] [--staff STAGE=N ...] [--what-if FILE|FOLDER] [--xlsx out.xlsx]
    svcdesign backtest scenario.yaml LOG [--format …] [-o figure.html]
    svcdesign backtest LOG --train START:END --test START:END [--engine …] [--staffing …] [-o figure.html]
    svcdesign validate LOG [--format …]
    svcdesign forecast LOG_OR_COUNTS -o demand.yaml [--weeks N] [--week K] [--quantile 0.8] [--interval 60]
                       [--country IL] [--method …] [--format …]

Errors are one line on standard error (``svcdesign: error: …``) with exit code 1 for bad files or values
and 2 for bad command-line usage. ``--staff representative=-2`` is a staff change in people (full-time
equivalents spread over the stage's roster, :meth:`svcdesign.Scenario.with_staff_change`); ``--seats``
counts it as staff on duty in every staffed interval instead. An error that is svcdesign's own fault (a
bug, not the input) is one line too, ``svcdesign: internal error: …``, with exit code 3. Output files
are written to a temporary file in the same folder and renamed, so a failure never leaves a partial file
behind; the output folder must exist (svcdesign does not create folders).

Messages are printed in the language of ``--language`` (``en``, ``ar`` or ``fa``; every command takes it) or,
without it, of the environment variable ``SVCDESIGN_LANGUAGE`` (the one ``make dashboard`` sets), else English:
the lines the command writes, its errors and the engines' warnings (:mod:`svcdesign.i18n`), and the results it
prints: the tables of ``evaluate`` and ``compare`` (headers, row names and units translated, numbers in the language's
digits, the same figures as in English), compare's statements and notes, the log's, the calibration's and the
forecast's summaries and the Excel sheets' names. Names from the user's files (scenarios, stages, segments, options)
and code names (outcomes, methods, file suffixes) stay as given; so do argparse's own usage messages and option help,
which are English.

Commands that read a log take ``--format`` (a format of :data:`~svcdesign.data.LOG_FORMATS`, export
presets included), ``--column NAME=COL`` (a schema column, or a duration wait/talk/hold/wrap, read from
the file's column COL), ``--outcome LABEL=OUTCOME`` and ``--tz ZONE``. ``calibrate`` and ``report`` take
the money a log cannot show: ``--wage X`` or ``--wage STAGE=X`` (per paid hour), ``--currency CODE``,
``--annual-value X`` or ``--annual-value SEGMENT=X`` (per customer per year), and ``--title``.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from ._files import check_output, display_path, write_atomic
from .data import LOG_FORMATS, ContactLog, read_contact_log
from .data.exports import DURATIONS
from .errors import InputError
from .i18n import DEFAULT, LANGUAGES, Translator, check_language
from .i18n.dates import CALENDARS
from .i18n.phrases import Counted, Digits, Figure, Listing, Phrase, Word, error_phrase, ntr, show, tr

FORMATS = {name.replace("_", "-"): name for name in LOG_FORMATS}
"""``--format`` choices (the names of :data:`~svcdesign.data.LOG_FORMATS`, ``-`` for ``_``) → format names."""

FORMAT_HELP = "log format (default generic): " + "; ".join(
    f"{choice}: {LOG_FORMATS[name].description}" for choice, name in FORMATS.items()
)
"""Help text of ``--format``."""

EXIT_BAD_INPUT = 1
"""Exit code for a bad file, value or output path."""

EXIT_INTERNAL = 3
"""Exit code for an error that is svcdesign's own fault (argparse uses 2 for usage errors)."""

REPORT_TO = tr("the svcdesign maintainers (an issue with the command you ran and, if you may share it, the input)")
"""Where an internal error should be reported."""

MESSAGE_CHARACTERS = 2000
"""Longest error line printed, characters."""

LANGUAGE_VARIABLE = "SVCDESIGN_LANGUAGE"
"""The environment variable that chooses the language without ``--language`` (``make dashboard`` sets it too)."""


class _Failure(Exception):
    """A user-facing error: printed as one line, exit code 1. Its message is a marked template and values
    (:class:`~svcdesign.i18n.phrases.Phrase`), printed in the command's language."""

    def __init__(self, text: str, /, **values: object) -> None:
        self.phrase = Phrase(text, **values)
        super().__init__(str(self.phrase))


def _language(args: argparse.Namespace) -> str:
    """The language of the command's messages: ``--language``, else :data:`LANGUAGE_VARIABLE`, else English."""
    if getattr(args, "language", None):
        return str(args.language)
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return check_language(chosen, LANGUAGE_VARIABLE) if chosen else DEFAULT


def _say(args: argparse.Namespace, text: str, /, **values: object) -> None:
    """Print the marked ``text``, its placeholders filled with ``values``, in the command's language."""
    print(Phrase(text, **values).in_language(args.say))


def _in(language: str, text: str, /, **values: object) -> str:
    """The marked ``text``, its placeholders filled with ``values``, in ``language``."""
    return Phrase(text, **values).in_language(language)


def _count(text: str) -> int:
    """An argparse type: a whole number ≥ 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {text[:40]!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {value}")
    return value


def _assignment(what: str) -> Callable[[str], tuple[str, str]]:
    """An argparse type: ``NAME=VALUE`` with both parts non-empty (``what`` says what NAME is)."""

    def parse(text: str) -> tuple[str, str]:
        name, sep, value = text.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise argparse.ArgumentTypeError(f"expected {what}=VALUE, got {text[:80]!r}")
        return name.strip(), value.strip()

    return parse


def _amount(text: str) -> tuple[str | None, float]:
    """An argparse type: ``X`` (every stage or segment) or ``NAME=X``, X a number."""
    name, sep, number = text.rpartition("=")
    try:
        value = float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected X or NAME=X with X a number, got {text[:80]!r}") from None
    if sep and not name.strip():
        raise argparse.ArgumentTypeError(f"expected a name before '=', got {text[:80]!r}")
    return (name.strip() if sep else None), value


def _read_log(path: str, fmt: str, args: argparse.Namespace | None = None) -> ContactLog:
    """The log at ``path`` in format ``fmt``, with the ``--column``, ``--outcome`` and ``--tz`` of ``args``."""
    columns: dict[str, str] = {}
    durations: dict[str, str] = {}
    for name, column in getattr(args, "column", None) or []:
        (durations if name in DURATIONS else columns)[name] = column
    outcomes = dict(getattr(args, "outcome", None) or [])
    return read_contact_log(
        path,
        schema=FORMATS[fmt],
        columns=columns or None,
        outcomes=outcomes or None,
        durations=durations or None,
        tz=getattr(args, "tz", None),
    )


def _with_money(scenario, args: argparse.Namespace):
    """``scenario`` with the ``--wage``, ``--currency`` and ``--annual-value`` of ``args``; an error names
    the option."""
    for option, field, items, path in (
        ("--wage", "hourly_wage", args.wage, "stages"),
        ("--annual-value", "annual_value", args.annual_value, "segments"),
    ):
        names = [item.name for item in getattr(scenario, path)]
        for name, value in items:
            if name is not None and name not in names:
                raise _Failure(
                    tr("{option} {name}={value}: no {kind} {quoted} (the scenario has {known})"),
                    option=option,
                    name=name,
                    value=f"{value:g}",
                    kind=Phrase(_KINDS[path]),
                    quoted=repr(name),
                    known=Listing(names),
                )
            targets = names if name is None else [name]
            try:
                scenario = scenario.with_overrides({(path, n, field): value for n in targets})
            except InputError as error:
                given = f"{'' if name is None else name + '='}{value:g}"
                raise _Failure(
                    tr("{option} {given}: {error}"), option=option, given=given, error=_error_text(error)
                ) from None
    if args.wage:
        from .data.calibrate import WAGES_NOT_GIVEN

        given = ", ".join(f"{'every stage' if n is None else n} {v:g}" for n, v in args.wage)
        line = f"Wages per paid hour given by the user: {given}."
        sources = [line if s == WAGES_NOT_GIVEN else s for s in scenario.sources]
        scenario = scenario.with_overrides({("sources",): sources if line in sources else [*sources, line]})
    if args.currency is not None:
        try:
            scenario = scenario.with_overrides({("organisation", "currency"): args.currency})
        except InputError as error:
            raise _Failure(
                tr("{option} {given}: {error}"),
                option="--currency",
                given=repr(args.currency),
                error=_error_text(error),
            ) from None
    return scenario


_KINDS = {"stages": tr("stage"), "segments": tr("segment")}
_UNITS = {"fte": tr("fte"), "seats": tr("seats")}
"""How ``--staff`` counts people (``--seats`` or not), as an option's name says it."""
"""What ``--wage`` and ``--annual-value`` name, by the scenario's list of them."""


def _load_scenario(path: str):
    from .model import Scenario

    return Scenario.load(path)


# ---------------------------------------------------------------------------------- commands
def _calibrate(args: argparse.Namespace) -> int:
    from .data import calibrate

    out = Path(args.output)
    if out.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise _Failure(tr("output {path} must end in .yaml, .yml or .json"), path=display_path(out))
    check_output(out)  # before the work: the folder must exist
    log = _read_log(args.log, args.format, args)
    scenario, report = calibrate(log, interval=args.interval, staffing=args.staffing, name=args.name)
    scenario = _with_money(scenario, args)
    scenario.save(out)  # atomic: a temporary file renamed into place
    print(log.summary_text(args.say))
    print(report.to_text(args.say))
    _say(args, tr("wrote {path}"), path=out)
    return 0


def _staff_change(text: str) -> tuple[str, float]:
    """An argparse type: ``STAGE=N``, N people (a number, negative removes) at the stage."""
    stage, sep, number = text.rpartition("=")
    if not sep or not stage.strip():
        raise argparse.ArgumentTypeError(f"expected STAGE=N (e.g. representative=-2), got {text[:80]!r}")
    try:
        return stage.strip(), float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of people after '=', got {number[:40]!r}") from None


def _with_staff_change(scenario, args: argparse.Namespace):
    """``scenario`` with the ``--staff`` changes made (people, or seats with ``--seats``); itself without."""
    if not args.staff:
        return scenario
    changes: dict[str, float] = {}
    for stage, people in args.staff:
        changes[stage] = changes.get(stage, 0.0) + people
    unit = "seats" if args.seats else "fte"
    told = Listing(Phrase(tr("{stage} {people}"), stage=s, people=Figure(f"{n:+g}")) for s, n in changes.items())
    name = _in(args.say, tr("{name} ({changes} {unit})"), name=scenario.name, changes=told, unit=Word(_UNITS[unit]))
    return scenario.with_staff_change(changes, unit=unit, name=name)


def _evaluate(args: argparse.Namespace) -> int:
    from .engines.analytic import evaluate

    scenario = _with_staff_change(_load_scenario(args.scenario), args)
    results = evaluate(scenario)
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 20):
        _say(args, tr("Scenario: {name} (analytic engine, typical week)"), name=scenario.name)
        print(_summary_text(results, args.say))
    for warning in results.warnings:
        _say(args, tr("warning: {warning}"), warning=warning)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .present import html_to_pdf, report

    out = Path(args.output)
    check_output(out)  # before the work: the folder must exist
    pdf = _output(args.pdf, ".pdf", "--pdf")
    scenario = _with_money(_load_scenario(args.scenario), args)
    variant = _with_staff_change(scenario, args)  # a staff change becomes an option beside the baseline
    options = [variant] if variant is not scenario else None
    language = args.language or (args.say if os.environ.get(LANGUAGE_VARIABLE, "").strip() else None)
    report(
        scenario, out, options=options, title=args.title, progress=False, language=language, calendar=args.calendar
    )  # atomic
    _say(args, tr("wrote {path}"), path=out)
    if pdf is not None:
        html_to_pdf(out, pdf)  # headless Chromium's print, written atomically
        _say(args, tr("wrote {path}"), path=pdf)
    return 0


def _output(path: str | None, suffix: str, option: str) -> Path | None:
    """An output file of an option such as ``--pdf``, checked before any work (suffix, existing folder)."""
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise _Failure(tr("{option} {path} must end in {suffix}"), option=option, path=display_path(out), suffix=suffix)
    check_output(out)
    return out


def _compare(args: argparse.Namespace) -> int:
    from .explore import compare, load_what_if, load_what_ifs
    from .present import tables_to_excel

    xlsx = _output(args.xlsx, ".xlsx", "--xlsx")
    baseline = _load_scenario(args.scenarios[0])
    options = [_load_scenario(path) for path in args.scenarios[1:]]
    variant = _with_staff_change(baseline, args)
    if variant is not baseline:
        options.append(variant)
    for path in args.what_if:
        what_ifs = load_what_ifs(path) if Path(path).is_dir() else [load_what_if(path)]
        options += [what_if.scenario(base=baseline) for what_if in what_ifs]  # its levers on this scenario
    if not options:
        raise _Failure(tr("nothing to compare: give another scenario file, --staff STAGE=N or --what-if FILE"))
    result = compare(baseline, *options)
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 40):
        _say(
            args,
            tr("Options against {baseline} (analytic engine; money per {period}):"),
            baseline=result.baseline,
            period=Word(result.period),
        )
        print(_comparison_text(result, args.say))
    if result.break_even is not None:
        for option, statement in result.break_even["statement"].items():
            print(f"{option}: {show(statement, args.say)}")
    for note in result.notes:
        _say(args, tr("note: {note}"), note=note)
    if xlsx is not None:
        language = args.say
        tables = {_in(language, tr("Comparison")): result.table}
        if result.net_effect is not None and result.break_even is not None:
            tables[_in(language, tr("Net effect"))] = result.net_effect.join(result.break_even, how="left")
        names = list(result.table.index)
        runs = zip(names, result.results, strict=True)
        tables.update({_in(language, tr("Stages - {name}"), name=name): run.summary() for name, run in runs})
        title = _in(language, tr("Options against {baseline}"), baseline=result.baseline)
        tables_to_excel(tables, xlsx, title=title)  # written atomically
        _say(args, tr("wrote {path}"), path=xlsx)
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from .explore import backtest
    from .present import backtest_figure

    if args.output:
        check_output(args.output)  # before the work: the folder must exist
    if (args.train is None) != (args.test is None):
        raise _Failure(tr("give both --train and --test (an out-of-sample backtest), or neither"))
    if args.train is not None:
        if len(args.inputs) != 1:
            raise _Failure(tr("with --train and --test, give only the contact log (the scenario is calibrated)"))
        return _backtest_dates(args)
    if len(args.inputs) != 2:
        raise _Failure(tr("give a scenario file and a contact log, or a log with --train and --test"))
    scenario = _load_scenario(args.inputs[0])
    log = _read_log(args.inputs[1], args.format, args)
    results = [backtest(scenario, log, label=tr("Erlang A (as calibrated)"))]
    if any(stage.patience is not None for stage in scenario.stages):
        infinite = {f"stages.{s.name}.patience": None for s in scenario.stages if s.patience is not None}
        results.append(backtest(scenario.with_overrides(infinite), log, label=tr("Erlang C (patience infinite)")))
    for b in results:
        _print_backtest(args, b)
    if args.output:
        out = Path(args.output)
        fig = backtest_figure(*results)
        write_atomic(
            out, lambda tmp: tmp.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
        )
        _say(args, tr("wrote {path}"), path=out)
    return 0


def _print_backtest(args: argparse.Namespace, b) -> None:
    """The errors of one backtest (:class:`svcdesign.explore.Backtest`), in the command's language."""
    e = b.error  # e(metric, column): one cell of the error table, a float
    n, infinite = int(e("service_level", "intervals")), int(e("asa", "infinite"))
    _say(
        args,
        tr("{label}: stage '{stage}', {compared}"),
        label=Word(b.label),
        stage=b.stage,
        compared=Counted(ntr("{n} interval compared", "{n} intervals compared"), n, n=Figure(f"{n:,}")),
    )
    _say(
        args,
        tr("  service level within {seconds} s: MAE {mae} points (weighted {weighted}), bias {bias}"),
        seconds=Figure(f"{b.target_time:g}"),
        mae=Figure(f"{100 * e('service_level', 'mae'):.1f}"),
        weighted=Figure(f"{100 * e('service_level', 'weighted_mae'):.1f}"),
        bias=Figure(f"{100 * e('service_level', 'bias'):+.1f}"),
    )
    _say(
        args,
        tr("  mean wait: MAE {mae} s (weighted {weighted}), bias {bias} s; {infinite}"),
        mae=Figure(f"{e('asa', 'mae'):.1f}"),
        weighted=Figure(f"{e('asa', 'weighted_mae'):.1f}"),
        bias=Figure(f"{e('asa', 'bias'):+.1f}"),
        infinite=Counted(
            ntr("{n} interval with infinite predicted wait", "{n} intervals with infinite predicted wait"),
            infinite,
            n=Figure(f"{infinite:,}"),
        ),
    )
    _say(
        args,
        tr("  abandonment: MAE {mae} points (weighted {weighted}), bias {bias}"),
        mae=Figure(f"{100 * e('p_abandon', 'mae'):.1f}"),
        weighted=Figure(f"{100 * e('p_abandon', 'weighted_mae'):.1f}"),
        bias=Figure(f"{100 * e('p_abandon', 'bias'):+.1f}"),
    )


_PREDICTIONS = {
    "analytic": tr("analytic"),
    "simulation": tr("simulation"),
    "observed staff": tr("observed staff"),
    "observed staff and handle time": tr("observed staff and handle time"),
    "staff lower": tr("staff lower"),
    "staff upper": tr("staff upper"),
    "planned staff": tr("planned staff"),
    "seasonal naive": tr("seasonal naive"),
}
"""The words of a dated backtest's prediction labels (:func:`svcdesign.explore.backtest`: ``"<engine>,
<prediction>"`` and the seasonal-naive baseline), marked for translation."""


def _prediction(label: str) -> Phrase | Word:
    """A dated backtest's prediction label in words a catalogue translates (an engine it does not know as named)."""
    engine, sep, kind = label.partition(", ")
    if not sep:
        return Word(_PREDICTIONS.get(label, label))
    return Phrase(tr("{engine}, {kind}"), engine=Word(_PREDICTIONS.get(engine, engine)), kind=Word(kind))


def _period(text: str) -> tuple[str, str]:
    """An argparse type: ``START:END``, two dates (``1999-01-01:1999-01-15``)."""
    first, sep, last = text.partition(":")
    if not sep or not first.strip() or not last.strip():
        raise argparse.ArgumentTypeError(f"expected START:END dates (e.g. 1999-01-01:1999-01-15), got {text[:80]!r}")
    return first.strip(), last.strip()


def _backtest_dates(args: argparse.Namespace) -> int:
    """``svcdesign backtest LOG --train … --test …``: the out-of-sample backtest by real dates."""
    from .explore import backtest
    from .present import backtest_figure

    log = _read_log(args.inputs[0], args.format, args)
    result = backtest(
        log,
        train=args.train,
        test=args.test,
        engines=args.engine or ["analytic"],
        interval=args.interval,
        staffing=args.staffing,
        weekdays=args.weekdays,
        **({} if args.min_calls is None else {"min_calls": args.min_calls}),
    )
    _print_backtest_dates(args, result)
    if args.output:
        out = Path(args.output)
        fig = backtest_figure(result)
        write_atomic(
            out, lambda tmp: tmp.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
        )
        _say(args, tr("wrote {path}"), path=out)
    return 0


def _print_backtest_dates(args: argparse.Namespace, result) -> None:
    """The errors of an out-of-sample backtest (:class:`svcdesign.explore.DateBacktest`), in the command's language."""
    _say(
        args,
        tr(
            "Calibrated on {train_start} to {train_end}; every {minutes}-minute interval of {test_start} to {test_end} "
            "predicted from its observed arrivals and staff on duty ('{staffing}'; the standard setting); 'planned "
            "staff': the calibrated staff instead."
        ),
        train_start=Digits(result.train[0]),
        train_end=Digits(result.train[1]),
        minutes=Figure(str(result.interval_minutes)),
        test_start=Digits(result.test[0]),
        test_end=Digits(result.test[1]),
        staffing=Word(result.staffing),
    )
    _say(
        args,
        tr("Errors in points, busy = intervals with at least {n} contacts that date:"),
        n=Figure(str(result.min_calls)),
    )
    metrics = (("service_level", Phrase(tr("service level"))), ("p_abandon", Phrase(tr("abandonment"))))
    for label in result.predictions:
        parts = []
        for metric, name in metrics:
            mae, weighted, bias, skill = (
                result.error(label, metric, c) for c in ("busy_mae", "weighted_mae", "bias", "skill")
            )
            parts.append(
                Phrase(
                    tr("{name} busy MAE {mae} (weighted {weighted}, bias {bias}, skill {skill})"),
                    name=name,
                    mae=Figure(f"{100 * mae:.1f}"),
                    weighted=Figure(f"{100 * weighted:.1f}"),
                    bias=Figure(f"{100 * bias:+.1f}"),
                    skill=Figure(f"{skill:+.2f}"),
                )
            )
        wait = Figure(f"{result.error(label, 'asa', 'busy_mae'):.1f}")
        parts.append(Phrase(tr("mean wait busy MAE {mae} s"), mae=wait))
        pooled = [
            Phrase(tr("{name} {mae}"), name=name, mae=Figure(f"{100 * result.error(label, metric, 'hourly_mae'):.1f}"))
            for metric, name in metrics
        ]
        parts.append(Phrase(tr("pooled per interval of the day: MAE {pooled}"), pooled=Listing(pooled)))
        _say(args, tr("  {label}: {parts}"), label=_prediction(label), parts=Listing(parts, "; "))
    first = result.predictions[0]
    floors = [
        (name, *(100 * result.error(first, metric, c) for c in ("queue_floor", "hourly_floor")))
        for metric, name in metrics
    ]
    _say(
        args,
        tr(
            "Smallest error a perfect model could show (the queue's own spread, simulated with the observed arrivals "
            "and staff): per busy interval {busy}; pooled per interval of the day {pooled} points."
        ),
        busy=Listing(Phrase(tr("{name} {mae}"), name=n, mae=Figure(f"{q:.1f}")) for n, q, _ in floors),
        pooled=Listing(Phrase(tr("{name} {mae}"), name=n, mae=Figure(f"{h:.1f}")) for n, _, h in floors),
    )


# ------------------------------------------------------------------------------ printed tables
_SUMMARY_HEADERS = {
    "Contacts": tr("Contacts"),
    "Service level (%)": tr("Service level (%)"),
    "ASA (s)": tr("ASA (s)"),
    "Abandoned (%)": tr("Abandoned (%)"),
    "Occupancy (%)": tr("Occupancy (%)"),
    "Staff hours": tr("Staff hours"),
    "Staff hours required": tr("Staff hours required"),
    "Overloaded": tr("Overloaded"),
    "Unstaffed": tr("Unstaffed"),
}
"""The headers of :meth:`svcdesign.Results.summary` (its staff cost's aside), marked."""

_TABLE_WORDS = {
    "stage": tr("stage"),
    "all": tr("all"),
    "yes": tr("yes"),
    "baseline": tr("baseline"),
    "option": tr("option"),
}
"""Words the printed tables hold as values or row names (the whole chain's row, a flag, an option's role)."""

_COMPARISON_ROWS = (
    tr("Staff cost change vs baseline ({currency}/week)"),
    tr("Net effect vs baseline ({currency}/{period})"),
    tr("Net effect, low (5%) ({currency}/{period})"),
    tr("Net effect, high (95%) ({currency}/{period})"),
    tr("Revenue effect (− lifetime margin of customers lost) ({currency}/{period})"),
    tr("Cost of failure ({currency}/{period})"),
    tr("Probability the option pays (%)"),
    tr("Churn (%/year)"),
)
"""The rows of :attr:`svcdesign.explore.Comparison.table` that :func:`svcdesign.explore.outcomes.label` does not
name, as templates of their English text."""

MISSING = "–"
"""A missing number (pandas' ``NaN``) in a table printed in Arabic or Persian."""


def _decimals(values) -> int:
    """The fewest decimals (at most 6, pandas' display precision) that show every finite number of ``values``."""
    import numpy as np

    finite = np.asarray([v for v in values if isinstance(v, float) and np.isfinite(v)], dtype=float)
    return next((d for d in range(6) if np.array_equal(np.round(finite, d), finite)), 6)


def _localised(frame, language: str, headers: dict[str, str]):
    """``frame`` with its headers, row names and words in ``language`` and each cell written by :func:`_cell` (a
    column's numbers with the decimals of :func:`_decimals`); names from the user's file as they are."""
    tr_ = Translator(language)
    out = frame.copy().astype(object)
    for column in frame.columns:
        places = _decimals(frame[column]) if frame[column].dtype.kind == "f" else 0
        out[column] = [_cell(language, v, places) for v in frame[column]]
    out.columns = [headers.get(str(c), str(c)) for c in frame.columns]
    out.index = [tr_(_TABLE_WORDS[n]) if n in _TABLE_WORDS else n for n in frame.index]
    name = frame.index.name
    out.index.name = tr_(_TABLE_WORDS[name]) if name in _TABLE_WORDS else name
    return out


def _cell(language: str, value: object, decimals: int) -> str:
    """A table's cell in ``language``: a number in its digits and separators, a word translated."""
    import math

    from .i18n.numbers import number

    if isinstance(value, str):
        return Translator(language)(_TABLE_WORDS.get(value, value)) if value else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return MISSING if math.isnan(value) else number(float(value), language, decimals)
    return str(value)


def _summary_text(results, language: str) -> str:
    """:meth:`svcdesign.Results.summary` as printed: English as pandas writes it, else translated with local
    digits."""
    table = results.summary()
    if language == DEFAULT:
        return table.to_string()
    currency = results.meta.get("currency", "currency")
    headers = {key: _in(language, text) for key, text in _SUMMARY_HEADERS.items()}
    headers[f"Staff cost ({currency})"] = _in(language, tr("Staff cost ({currency})"), currency=currency)
    return _localised(table, language, headers).to_string()


def _comparison_text(result, language: str) -> str:
    """:attr:`svcdesign.explore.Comparison.table` as printed, options side by side: English as pandas writes it,
    else its rows named in ``language`` (:func:`~svcdesign.explore.outcomes.label`) and its numbers in local
    digits, each with the significant figures the English shows."""
    from .explore.outcomes import label
    from .results.metrics import METRICS

    table = result.table.T

    def english(v: float) -> str:
        return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.0f}"

    if language == DEFAULT:
        return table.to_string(float_format=english)
    currency = result.currency
    period = Word(result.period)
    rows = {label(c, currency): label(c, currency, language) for c in result.values.columns if c in METRICS}
    for text in _COMPARISON_ROWS:
        rows[text.format(currency=currency, period=result.period)] = _in(
            language, text, currency=currency, period=period
        )
    rows["Role"] = _in(language, tr("Role"))
    table.index = [rows.get(str(r), str(r)) for r in table.index]

    def cell(value: object) -> str:
        if isinstance(value, float) and value == value:
            return show(Figure(english(value)), language)
        return _cell(language, value, 0)

    out = table.map(cell)
    out.columns = list(table.columns)
    out.columns.name = _in(language, tr("option"))
    return out.to_string()


def _validate(args: argparse.Namespace) -> int:
    log = _read_log(args.log, args.format, args)
    print(log.summary_text(args.say))
    if len(log.excluded):
        _say(args, tr("first excluded rows (line: reason):"))
        for _, row in log.excluded.head(args.show).iterrows():
            print(f"  {show(Figure(str(row['line'])), args.say)}: {show(row['reason'], args.say)}")
    return 0


def _forecast(args: argparse.Namespace) -> int:
    """The ``forecast`` command: a week of forecast demand from a log or a table of counts, as YAML or JSON."""
    import json

    import pandas as pd
    import yaml

    from .forecast import DemandHistory, forecast_demand, to_demand

    out = Path(args.output)
    if out.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise _Failure(tr("output {path} must end in .yaml, .yml or .json"), path=display_path(out))
    check_output(out)
    if not 1 <= args.week <= args.weeks:
        raise _Failure(
            tr("--week {week}: a week of the horizon, 1 to --weeks {weeks}"),
            week=Figure(str(args.week)),
            weeks=Figure(str(args.weeks)),
        )
    header: list[str] = pd.read_csv(args.input, nrows=0).columns.tolist() if args.input.lower().endswith(".csv") else []
    if args.count_column is not None or "count" in header:
        column = args.count_column or "count"
        split = "date" in header and "interval_start" in header
        history = DemandHistory.from_counts(
            args.input, count=column, date="date" if split else None, interval_start="interval_start" if split else None
        )
    else:
        history = DemandHistory.from_log(_read_log(args.input, args.format, args), interval_minutes=args.interval)
    after = history.dates[-1] + pd.Timedelta(days=1)
    lead = (7 - after.day_of_week) % 7  # days until the first Monday after the history
    made = forecast_demand(
        history, lead + 7 * args.weeks, method=args.method, interval_minutes=args.interval, country=args.country
    )
    week_start = after + pd.Timedelta(days=lead + 7 * (args.week - 1))
    demand = to_demand(made, week_start, args.quantile, channel=args.channel, interval_minutes=args.interval)
    data = demand.model_dump(mode="json")
    text = json.dumps(data, indent=2) if out.suffix.lower() == ".json" else yaml.safe_dump(data, sort_keys=False)
    write_atomic(out, text)
    print(_history_text(history, args.say))
    print(made.summary_text(args.say))
    what = (
        Phrase(tr("mean"))
        if args.quantile is None
        else Phrase(tr("each interval's {quantile} quantile"), quantile=Figure(f"{args.quantile:g}"))
    )
    _say(
        args, tr("wrote {path}: week from {start}, {what}"), path=out, start=Digits(f"{week_start:%Y-%m-%d}"), what=what
    )
    return 0


def _history_text(history, language: str) -> str:
    """The history a forecast is made from, in one line: English as its ``repr``, else in ``language``."""
    if language == DEFAULT:
        return repr(history)
    return _in(
        language,
        tr("history {start} to {end}, {minutes}-minute intervals, {observed} days observed, {missing} missing"),
        start=Digits(f"{history.dates[0]:%Y-%m-%d}"),
        end=Digits(f"{history.dates[-1]:%Y-%m-%d}"),
        minutes=Figure(str(history.interval_minutes)),
        observed=Figure(str(history.days_observed)),
        missing=Figure(str(len(history.missing_days))),
    )


def _forecast_parser(sub) -> None:
    """The ``forecast`` command's options."""
    p = sub.add_parser(
        "forecast",
        help="forecast a week of demand from a contact log or a table of counts",
        description="Forecast contacts per interval from history and write one week of the horizon as a "
        "scenario's demand (YAML or JSON). The input is a table of counts when it is a CSV with a column "
        "'count' (or --count-column), with a 'timestamp' column or 'date' and 'interval_start' columns; "
        "otherwise a contact log (--format).",
    )
    p.add_argument("input", metavar="LOG_OR_COUNTS", help="contact log, or CSV table of counts per interval")
    p.add_argument("-o", "--output", required=True, help="demand file to write (.yaml, .yml or .json)")
    p.add_argument("--weeks", type=_count, default=1, help="whole weeks forecast after the history (default 1)")
    p.add_argument("--week", type=_count, default=1, help="which week of the horizon to write (default 1)")
    p.add_argument(
        "--quantile", type=float, default=None, help="write each interval's quantile (e.g. 0.8) instead of the mean"
    )
    p.add_argument("--interval", type=int, choices=[15, 30, 60], default=60, help="interval minutes (default 60)")
    p.add_argument("--country", default=None, help="ISO code whose public holidays are a regressor (e.g. IL)")
    p.add_argument(
        "--method",
        choices=["seasonal_naive", "weekly_profile", "daily_sarimax"],
        default="daily_sarimax",
        help="forecasting method (default daily_sarimax)",
    )
    p.add_argument("--channel", default="phone", help="name of the channel written (default phone)")
    p.add_argument("--count-column", default=None, help="column of counts in a table of counts (default count)")
    _log_format(p)
    p.set_defaults(run=_forecast)


# ------------------------------------------------------------------------------------ parser
def _log_format(p: argparse.ArgumentParser) -> None:
    """The ``--format`` option of the commands that read a contact log."""
    p.add_argument("--format", "--preset", choices=list(FORMATS), default="generic", help=FORMAT_HELP)
    p.add_argument(
        "--column",
        type=_assignment("NAME"),
        action="append",
        default=[],
        metavar="NAME=COL",
        help="read schema column NAME (arrival, outcome, agent, …) or duration NAME (wait, talk, hold, wrap: "
        "seconds or H:MM:SS, instead of end times) from the file's column COL (repeatable)",
    )
    p.add_argument(
        "--outcome",
        type=_assignment("LABEL"),
        action="append",
        default=[],
        metavar="LABEL=OUTCOME",
        help="the file's outcome LABEL means OUTCOME: answered, abandoned or other (repeatable)",
    )
    p.add_argument(
        "--tz",
        default=None,
        metavar="ZONE",
        help="the centre's time zone (IANA name, e.g. America/New_York): times with a UTC offset are "
        "converted to its local time; required when the log's times carry offsets",
    )


def _money_options(p: argparse.ArgumentParser) -> None:
    """The ``--wage``, ``--currency`` and ``--annual-value`` options of ``calibrate`` and ``report``."""
    p.add_argument(
        "--wage",
        type=_amount,
        action="append",
        default=[],
        metavar="[STAGE=]X",
        help="cost of one paid staff hour: X for every stage, or STAGE=X for one (repeatable)",
    )
    p.add_argument("--currency", default=None, metavar="CODE", help="currency of wages and values (e.g. EUR)")
    p.add_argument(
        "--annual-value",
        type=_amount,
        action="append",
        default=[],
        metavar="[SEGMENT=]X",
        help="yearly value of a customer: X for every segment, or SEGMENT=X for one (repeatable)",
    )


def _staff_options(p: argparse.ArgumentParser) -> None:
    """The ``--staff`` and ``--seats`` options of the commands that evaluate a scenario."""
    p.add_argument(
        "--staff",
        type=_staff_change,
        action="append",
        default=[],
        metavar="STAGE=N",
        help="N people added to (or, negative, removed from) a stage or an agent group of the service desk: "
        "full-time equivalents of the contract week, spread over its roster (repeatable)",
    )
    p.add_argument(
        "--seats", action="store_true", help="count --staff as staff on duty added to every staffed interval"
    )


def _backtest_parser(sub) -> None:
    """The ``backtest`` command: in sample (SCENARIO LOG) or out of sample by dates (LOG --train --test)."""
    p = sub.add_parser(
        "backtest",
        help="compare predictions with a contact log (in sample, or out of sample by dates)",
        description="Predicted against observed per interval (service level, mean wait, abandonment). "
        "SCENARIO LOG: the scenario's typical week against the log, with Erlang A as calibrated and Erlang C "
        "(infinite patience). LOG --train START:END --test START:END: calibrated on the training dates, every "
        "interval of the test dates predicted from their observed arrivals and staff on duty, against a "
        "seasonal-naive baseline.",
    )
    p.add_argument("inputs", nargs="+", metavar="[SCENARIO] LOG", help="scenario file and contact log, or a log")
    p.add_argument("-o", "--output", default=None, help="optional HTML file for the figure")
    p.add_argument("--train", type=_period, default=None, metavar="START:END", help="training dates, inclusive")
    p.add_argument("--test", type=_period, default=None, metavar="START:END", help="test dates, inclusive")
    p.add_argument(
        "--engine", action="append", choices=["analytic", "simulation"], help="engine (repeatable; default analytic)"
    )
    p.add_argument(
        "--staffing",
        choices=["available", "presence", "shifts", "distinct", "busy"],
        default="available",
        help="staff with --train/--test (default available: the serving agents while a contact waits, else on shift)",
    )
    p.add_argument(
        "--interval", type=int, choices=[15, 30, 60], default=60, help="interval length in minutes (default 60)"
    )
    p.add_argument(
        "--min-calls",
        type=_count,
        default=None,
        help="fewest contacts in an interval of one date for the unweighted (busy) errors (default 20)",
    )
    p.add_argument(
        "--weekdays",
        type=lambda text: [d.strip() for d in text.split(",") if d.strip()],
        default=None,
        metavar="DAY,DAY,…",
        help="compare only test dates on these days of the week (e.g. Sun,Mon,Tue,Wed,Thu; default all)",
    )
    _log_format(p)
    p.set_defaults(run=_backtest)


def _compare_parser(sub) -> None:
    """The ``compare`` command: options against a baseline scenario, printed and optionally to Excel."""
    p = sub.add_parser(
        "compare",
        help="compare options side by side against a scenario",
        description="Compare options against a scenario (the baseline) with the analytic engine: cost, service, "
        "abandonment, customers and the net effect per year with its range. Options: other scenario files, a "
        "staff change (--staff) and saved what-ifs (--what-if: their settings applied to the scenario given).",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="the baseline scenario file, then options")
    p.add_argument(
        "--what-if",
        action="append",
        default=[],
        metavar="FILE|FOLDER",
        help="a saved what-if (.whatif.yaml), or a folder of them, applied to the baseline (repeatable)",
    )
    p.add_argument(
        "--xlsx",
        default=None,
        metavar="FILE",
        help="also write the comparison, the net effect and each option's per-stage table to an Excel file",
    )
    _staff_options(p)
    p.set_defaults(run=_compare)


def _report_parser(sub) -> None:
    """The ``report`` command: a self-contained HTML report (and PDF), in a language and calendar."""
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report",
        description="Evaluate a scenario and "
        "write a self-contained HTML report (summary, key figures, a figure; works offline).",
    )
    p.add_argument("scenario", help="scenario file (.yaml, .yml or .json)")
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument("--title", default=None, help="the report's heading (default: the scenario's name)")
    p.add_argument(
        "--pdf", default=None, metavar="FILE", help="also print the report to this PDF file (A4; needs Chromium)"
    )
    p.add_argument(
        "--language",
        default=None,
        choices=LANGUAGES,
        help="the language of the report and the messages: en (English), ar (Arabic) or fa (Persian); default: "
        f"${LANGUAGE_VARIABLE} if set, else the scenario's own (messages: English)",
    )
    p.add_argument(
        "--calendar",
        default=None,
        choices=CALENDARS,
        help="the calendar of the report's date: gregorian, solar_hijri (Iran) or hijri (Umm al-Qura); default: the "
        "language's own (Persian: Solar Hijri; Arabic and English: Gregorian), with its equivalent beside it",
    )
    _staff_options(p)
    _money_options(p)
    p.set_defaults(run=_report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svcdesign",
        description="Design customer-service operations: calibrate "
        "scenarios from contact logs, evaluate them and write reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "calibrate",
        help="estimate a scenario from a contact log",
        description="Estimate arrivals, staffing, handle time and patience from a contact log and "
        "write a scenario file.",
    )
    p.add_argument("log", help="contact log (CSV in the generic schema, or an Anonymous Bank file)")
    p.add_argument("-o", "--output", required=True, help="scenario file to write (.yaml, .yml or .json)")
    p.add_argument(
        "--interval", type=int, choices=[15, 30, 60], default=60, help="interval length in minutes (default 60)"
    )
    p.add_argument(
        "--staffing",
        choices=["auto", "available", "presence", "shifts", "distinct", "busy"],
        default="auto",
        help="how to estimate staff per interval (default auto: available if agents are named, else busy)",
    )
    p.add_argument("--name", "--title", default=None, help="scenario name (the title of its reports)")
    _log_format(p)
    _money_options(p)
    p.set_defaults(run=_calibrate)

    p = sub.add_parser(
        "evaluate",
        help="print the summary table of a scenario",
        description="Evaluate a scenario with the analytic engine and print the summary table.",
    )
    p.add_argument("scenario", help="scenario file (.yaml, .yml or .json)")
    _staff_options(p)
    p.set_defaults(run=_evaluate)

    _report_parser(sub)

    _compare_parser(sub)

    _backtest_parser(sub)

    _forecast_parser(sub)

    p = sub.add_parser(
        "validate",
        help="check a contact log and list rejected rows",
        description="Read a contact log and print the validation report.",
    )
    p.add_argument("log", help="contact log")
    p.add_argument("--show", type=_count, default=10, help="excluded rows to list (default 10)")
    _log_format(p)
    p.set_defaults(run=_validate)
    _language_options(sub)
    return parser


def _language_options(sub) -> None:
    """``--language`` on every command but ``report``, whose own option also chooses the report's language."""
    for name, command in sub.choices.items():
        if name != "report":
            command.add_argument(
                "--language",
                default=None,
                choices=LANGUAGES,
                help=f"the language of the messages: en, ar or fa (default: ${LANGUAGE_VARIABLE} if set, else en)",
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``svcdesign`` console script; returns the exit code.

    0 on success; 1 for a bad file, value or output path (one line on standard error); 2 for bad usage
    (argparse exits); 3 for an internal error (a bug: one line saying so and where to report it).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    code = EXIT_BAD_INPUT
    try:
        args.say = _language(args)
        return args.run(args)
    except (InputError, _Failure) as error:
        message = _error_text(error)
    except OSError as error:  # an input file that cannot be opened (output paths raise InputError)
        name = display_path(error.filename) if isinstance(error.filename, (str, bytes)) else ""
        message = f"{name}: {error.strerror or error}" if name else str(error.strerror or error)
    except UnicodeDecodeError as error:
        message = Phrase(
            tr("an input file is not UTF-8 text (byte {byte}: {reason})"),
            byte=Figure(f"{error.start:,}"),
            reason=error.reason,
        )
    except csv.Error as error:
        message = Phrase(tr("an input file is not readable CSV ({error})"), error=str(error))
    except RecursionError:
        message = Phrase(tr("an input is nested too deeply to read"))
    except MemoryError:
        message = Phrase(tr("not enough memory for this input (is a file much larger than expected?)"))
    except Exception as error:  # a bug, not the input: say so, and where to report it
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        message = f"{type(error).__name__}{where}: {error}"
        code = EXIT_INTERNAL
    print(_one_line(message, getattr(args, "say", DEFAULT), internal=code == EXIT_INTERNAL), file=sys.stderr)
    return code


def _error_text(error: Exception) -> str:
    """An error's message, to be shown in the command's language (a :class:`~svcdesign.i18n.phrases.Phrase`; its
    English is ``str(error)``): a failure's own phrase; an input error's frame (field, value, what is allowed) with
    what is allowed translated where it is a marked phrase or a catalogued text (field names and values as given)."""
    if isinstance(error, _Failure):
        return error.phrase
    return error_phrase(error)


def _one_line(message: str, language: str = DEFAULT, *, internal: bool) -> str:
    """The message as one bounded line of printable text in ``language``, prefixed as the command's error."""
    text = show(message, language) if isinstance(message, Phrase) else str(message)
    text = " ".join(text.split()) or "unknown error"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates cannot be printed
    if len(text) > MESSAGE_CHARACTERS:
        text = text[: MESSAGE_CHARACTERS - 3] + "..."
    if internal:
        return Phrase(
            tr("svcdesign: internal error (a bug in svcdesign, not in your input): {text}; please report it to {to}"),
            text=text,
            to=Phrase(REPORT_TO),
        ).in_language(language)
    return Phrase(tr("svcdesign: error: {text}"), text=text).in_language(language)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
