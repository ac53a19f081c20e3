"""The ``svcdesign`` command line.

    svcdesign calibrate LOG -o scenario.yaml [--interval 60] [--format generic|anonymous-bank] [--staffing …]
    svcdesign evaluate scenario.yaml [--staff STAGE=N ...] [--seats]
    svcdesign report scenario.yaml -o report.html [--staff STAGE=N ...] [--seats]
    svcdesign backtest scenario.yaml LOG [--format …] [-o figure.html]
    svcdesign validate LOG [--format …]

Errors are one line on standard error (``svcdesign: error: …``) with exit code 1 for bad files or values
and 2 for bad command-line usage. ``--staff representative=-2`` is a staff change in people (full-time
equivalents spread over the stage's roster, :meth:`svcdesign.Scenario.with_staff_change`); ``--seats``
counts it as staff on duty in every staffed interval instead. An error that is svcdesign's own fault (a
bug, not the input) is one line too, ``svcdesign: internal error: …``, with exit code 3. Output files
are written to a temporary file in the same folder and renamed, so a failure never leaves a partial file
behind; the output folder must exist (svcdesign does not create folders).
"""

from __future__ import annotations

import argparse
import csv
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ._files import check_output, display_path, write_atomic
from .data import LOG_FORMATS, ContactLog, read_contact_log
from .errors import InputError

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

REPORT_TO = "the svcdesign maintainers (an issue with the command you ran and, if you may share it, the input)"
"""Where an internal error should be reported."""

MESSAGE_CHARACTERS = 2000
"""Longest error line printed, characters."""


class _Failure(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _count(text: str) -> int:
    """An argparse type: a whole number ≥ 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {text[:40]!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {value}")
    return value


def _read_log(path: str, fmt: str) -> ContactLog:
    return read_contact_log(path, schema=FORMATS[fmt])


def _load_scenario(path: str):
    from .model import Scenario

    return Scenario.load(path)


# ---------------------------------------------------------------------------------- commands
def _calibrate(args: argparse.Namespace) -> int:
    from .data import calibrate

    out = Path(args.output)
    if out.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise _Failure(f"output {display_path(out)} must end in .yaml, .yml or .json")
    check_output(out)  # before the work: the folder must exist
    log = _read_log(args.log, args.format)
    scenario, report = calibrate(log, interval=args.interval, staffing=args.staffing, name=args.name)
    scenario.save(out)  # atomic: a temporary file renamed into place
    print(log.summary_text())
    print(report.to_text())
    print(f"wrote {out}")
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
    told = ", ".join(f"{stage} {people:+g}" for stage, people in changes.items())
    return scenario.with_staff_change(changes, unit=unit, name=f"{scenario.name} ({told} {unit})")


def _evaluate(args: argparse.Namespace) -> int:
    from .engines.analytic import evaluate

    scenario = _with_staff_change(_load_scenario(args.scenario), args)
    results = evaluate(scenario)
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(f"Scenario: {scenario.name} (analytic engine, typical week)")
        print(results.summary().to_string())
    for warning in results.warnings:
        print(f"warning: {warning}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .present import report

    out = Path(args.output)
    check_output(out)  # before the work: the folder must exist
    scenario = _load_scenario(args.scenario)
    variant = _with_staff_change(scenario, args)  # a staff change becomes an option beside the baseline
    options = [variant] if variant is not scenario else None
    report(scenario, out, options=options, progress=False)  # written atomically
    print(f"wrote {out}")
    return 0


def _backtest(args: argparse.Namespace) -> int:
    from .explore import backtest
    from .present import backtest_figure

    if args.output:
        check_output(args.output)  # before the work: the folder must exist
    scenario = _load_scenario(args.scenario)
    log = _read_log(args.log, args.format)
    results = [backtest(scenario, log, label="Erlang A (as calibrated)")]
    if any(stage.patience is not None for stage in scenario.stages):
        infinite = {f"stages.{s.name}.patience": None for s in scenario.stages if s.patience is not None}
        results.append(backtest(scenario.with_overrides(infinite), log, label="Erlang C (patience infinite)"))
    for b in results:
        e = b.error  # e(metric, column): one cell of the error table, a float
        print(f"{b.label}: stage '{b.stage}', {int(e('service_level', 'intervals'))} intervals compared")
        print(
            f"  service level within {b.target_time:g} s: MAE {100 * e('service_level', 'mae'):.1f} points "
            f"(weighted {100 * e('service_level', 'weighted_mae'):.1f}), bias {100 * e('service_level', 'bias'):+.1f}"
        )
        print(
            f"  mean wait: MAE {e('asa', 'mae'):.1f} s (weighted {e('asa', 'weighted_mae'):.1f}), "
            f"bias {e('asa', 'bias'):+.1f} s; {int(e('asa', 'infinite'))} intervals with infinite predicted wait"
        )
        print(
            f"  abandonment: MAE {100 * e('p_abandon', 'mae'):.1f} points (weighted "
            f"{100 * e('p_abandon', 'weighted_mae'):.1f}), bias {100 * e('p_abandon', 'bias'):+.1f}"
        )
    if args.output:
        out = Path(args.output)
        fig = backtest_figure(*results)
        write_atomic(
            out, lambda tmp: tmp.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
        )
        print(f"wrote {out}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    log = _read_log(args.log, args.format)
    print(log.summary_text())
    if len(log.excluded):
        print("first excluded rows (line: reason):")
        for _, row in log.excluded.head(args.show).iterrows():
            print(f"  {row['line']}: {row['reason']}")
    return 0


# ------------------------------------------------------------------------------------ parser
def _log_format(p: argparse.ArgumentParser) -> None:
    """The ``--format`` option of the commands that read a contact log."""
    p.add_argument("--format", choices=list(FORMATS), default="generic", help=FORMAT_HELP)


def _staff_options(p: argparse.ArgumentParser) -> None:
    """The ``--staff`` and ``--seats`` options of the commands that evaluate a scenario."""
    p.add_argument(
        "--staff",
        type=_staff_change,
        action="append",
        default=[],
        metavar="STAGE=N",
        help="N people added to (or, negative, removed from) a stage: full-time equivalents of the "
        "contract week, spread over its roster (repeatable)",
    )
    p.add_argument(
        "--seats", action="store_true", help="count --staff as staff on duty added to every staffed interval"
    )


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
        choices=["auto", "presence", "distinct", "busy"],
        default="auto",
        help="how to estimate staff per interval (default auto: presence if agents are named, else busy)",
    )
    p.add_argument("--name", default=None, help="scenario name")
    _log_format(p)
    p.set_defaults(run=_calibrate)

    p = sub.add_parser(
        "evaluate",
        help="print the summary table of a scenario",
        description="Evaluate a scenario with the analytic engine and print the summary table.",
    )
    p.add_argument("scenario", help="scenario file (.yaml, .yml or .json)")
    _staff_options(p)
    p.set_defaults(run=_evaluate)

    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report",
        description="Evaluate a scenario and "
        "write a self-contained HTML report (summary, key figures, a figure; works offline).",
    )
    p.add_argument("scenario", help="scenario file (.yaml, .yml or .json)")
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    _staff_options(p)
    p.set_defaults(run=_report)

    p = sub.add_parser(
        "backtest",
        help="compare a scenario's predictions with a contact log",
        description="Predicted against observed per interval (service level, mean wait, abandonment), "
        "with Erlang A as calibrated and Erlang C (infinite patience).",
    )
    p.add_argument("scenario", help="scenario file (.yaml, .yml or .json)")
    p.add_argument("log", help="contact log")
    p.add_argument("-o", "--output", default=None, help="optional HTML file for the figure")
    _log_format(p)
    p.set_defaults(run=_backtest)

    p = sub.add_parser(
        "validate",
        help="check a contact log and list rejected rows",
        description="Read a contact log and print the validation report.",
    )
    p.add_argument("log", help="contact log")
    p.add_argument("--show", type=_count, default=10, help="excluded rows to list (default 10)")
    _log_format(p)
    p.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``svcdesign`` console script; returns the exit code.

    0 on success; 1 for a bad file, value or output path (one line on standard error); 2 for bad usage
    (argparse exits); 3 for an internal error (a bug: one line saying so and where to report it).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    code = EXIT_BAD_INPUT
    try:
        return args.run(args)
    except (InputError, _Failure) as error:
        message = str(error)
    except OSError as error:  # an input file that cannot be opened (output paths raise InputError)
        name = display_path(error.filename) if isinstance(error.filename, (str, bytes)) else ""
        message = f"{name}: {error.strerror or error}" if name else str(error.strerror or error)
    except UnicodeDecodeError as error:
        message = f"an input file is not UTF-8 text (byte {error.start:,}: {error.reason})"
    except csv.Error as error:
        message = f"an input file is not readable CSV ({error})"
    except RecursionError:
        message = "an input is nested too deeply to read"
    except MemoryError:
        message = "not enough memory for this input (is a file much larger than expected?)"
    except Exception as error:  # a bug, not the input: say so, and where to report it
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        message = f"{type(error).__name__}{where}: {error}"
        code = EXIT_INTERNAL
    print(_one_line(message, internal=code == EXIT_INTERNAL), file=sys.stderr)
    return code


def _one_line(message: str, *, internal: bool) -> str:
    """The message as one bounded line of printable text, prefixed as the command's error."""
    text = " ".join(str(message).split()) or "unknown error"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates cannot be printed
    if len(text) > MESSAGE_CHARACTERS:
        text = text[: MESSAGE_CHARACTERS - 3] + "..."
    if internal:
        return (
            f"svcdesign: internal error (a bug in svcdesign, not in your input): {text}; "
            f"please report it to {REPORT_TO}"
        )
    return f"svcdesign: error: {text}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
