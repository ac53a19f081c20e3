"""Out-of-sample backtests by real dates on the Anonymous Bank log (January 1999) and the example log.

Each log is split by date into two halves; the scenario is calibrated on one half and every hour of
every date of the other is predicted (``svcdesign.explore.backtest_dates``), both ways round. Rows: each
staff-on-duty reconstruction (``svcdesign.data.on_duty``) with the analytic engine (Erlang A) given the
test dates' observed arrivals and staff, the same with each test date-hour's observed mean handle time
too (with the default staff and with presence), the planned staff (the training half's), and the
seasonal-naive baseline (the training half's figure for the same weekday and hour).

Usage::

    python benchmarks/backtest_dates.py              # replace the section in benchmarks/RESULTS.md
    python benchmarks/backtest_dates.py --no-write   # only print it

The bank log is read from ``../shared/data/anonymous_bank_1999/january_1999.txt`` beside the repository;
it is never copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

from results_section import write_section

ROOT = Path(__file__).resolve().parents[1]
BANK = ROOT.parent / "shared" / "data" / "anonymous_bank_1999" / "january_1999.txt"
HEADING = "## Out-of-sample backtest by real dates"
TEXT = """Reproduce with `python benchmarks/backtest_dates.py`; one split from the command line:

    svcdesign backtest ../shared/data/anonymous_bank_1999/january_1999.txt --format anonymous-bank \\
        --train 1999-01-01:1999-01-15 --test 1999-01-16:1999-01-31 -o oos.html

Calibrated on one half of each log only (arrivals, handle time, patience, segments, staff per weekday),
then every hour of every date of the other half predicted by Erlang A (analytic engine) from that
date-hour's **observed arrivals and observed staff on duty** (the standard setting of call-centre
validation: it tests the queueing model, not a demand forecast), with the training half's handle time
and its profile per weekday-hour (`handle_time_profile`, shrunk toward the mean with 50 contacts'
weight); "observed staff and handle time" also gives it each test date-hour's observed mean handle
time of the answered calls (Brown et al. 2005 validated Erlang A with each hour's observed arrival
rate, mean service time and agents); "planned staff" gives the model the training half's staff per
weekday-hour instead. Baseline: seasonal naive, the training half's figure for
the same weekday and hour. Errors in points (mean wait in s) per date × hour: "busy" = unweighted over
the date-hours with at least 20 calls, in brackets weighted by calls over all date-hours with calls;
bias = call-weighted mean of predicted − observed; skill = 1 − busy MAE ÷ busy MAE of the baseline
(positive: better than the baseline). Both halves are reported both ways round; nothing was tuned to a split
(the one parameter chosen, the available staff's shift gap, was chosen within the training halves).

Reading. Staff default: **available** (`on_duty(method="available")`): while some call waits in the
queue only the agents serving count (a free agent would have taken it, so an agent idle then is on a
break, in after-call work or doing other work), otherwise the agents on shift (gaps up to 15 minutes,
a gap chosen within each training half only: table at the end). Like presence it is observed staffing
read from the test date's own log, not a forecast. Before (presence, 10-minute idle gap), Erlang A
over-predicted the service level of the held-out half: solving each training date-hour for the agents
that reproduce its service level, presence over-counts by about 20% from 09:00 to 15:00.

On the bank, with each date-hour's observed arrivals, staff and mean handle time (the setting of Brown
et al. 2005), presence → available, both directions: per busy date-hour service level 11.0 / 12.6 →
8.4 / 9.5 points (bias +6.5 / +9.5 → +3.7 / +4.7), abandonment 3.8 / 3.9 → 3.0 / 3.3 (bias -0.7 / -0.8
→ +0.8 / +1.5); pooled per hour of the day 7.2 / 8.9 → 4.8 / 5.5 and 2.3 / 2.5 → 1.6 / 1.8 — within issue
14's targets (8 and 2) both ways round, against a pooled floor of 3.2-3.6 and 1.3-1.5. With the
training half's handle time per weekday-hour instead (the calibrated profile, shrunk toward the mean
with 50 contacts' weight): 14.6 / 15.8 → 11.6 / 13.5 and 4.7 / 4.7 → 3.7 / 4.3 per busy date-hour,
pooled 9.1 / 9.6 → 6.6 / 7.2 and 3.2 / 2.3 → 2.1 / 2.2. The synthetic example log improves too (its
agents take a waiting call at once, so there available = shifts with a 15-minute gap). Caution: per
busy date-hour the available staff's errors with observed handle time fall below the queue's own
hour-to-hour spread (floor 10.4-10.5 and 3.9-4.1, notes below; a correct model on a log it made errs
by about 0.9 of the floor, `tests/test_backtest_dates.py`): the estimate reads the date-hour's own
queue, so part of that gain is knowledge of the hour's realised outcome; the pooled figures per hour
of the day, where the noise averages out, are the fairer comparison. The abandonment bias moves from
about 0 to +0.4 to +1.5 points: the remaining error is no longer mostly staff.

Tried and not adopted (bank, both directions, pooled per hour of the day, observed handle time unless
said): a single share of presence unavailable (stage shrinkage), chosen within each training half (5%
both times): service level 7.2 / 8.9 → 4.6 / 5.2, but abandonment 2.3 / 2.5 → 2.4 / 2.7 (per busy
date-hour 3.8 / 3.9 → 4.0 / 4.2); the training half's ratio of available to present staff per hour of
the day applied to the test half's presence (no test-period queue used): 7.2 / 8.9 → 5.0 / 8.6 and
2.3 / 2.5 → 1.3 / 1.8, one way round mostly (the first half of January has lower availability than
the second); the simulation, which carries each date's queue from hour to hour and opens empty, instead
of stationary Erlang A per hour (10 replications): presence 8.0 / 8.4 and 2.0 / 2.4, available 5.7 /
5.5 and 1.5 / 2.2 — no better than Erlang A overall. The patience is already the estimate of Mandelbaum
& Zeltyn (abandonments ÷ total waiting time = P(abandon) ÷ E[wait], identical to the exponential
maximum likelihood with served calls censored). The planned staff (the training half's mean available
staff per weekday-hour) only ties the seasonal naive (skill +0.00 / +0.01): the staff of a given date
differs from its weekday's mean, which is why the observed staff matter. When issue 14 opened (in sample,
pooled by weekday, all 113 hours of the week, presence): service level MAE 18.1 points, abandonment 11.0;
now 13.4 and 9.2 (the in-sample section, with the available staff, calibrate's default too).
"""

LOGS = [
    (
        "Anonymous Bank, January 1999",
        BANK,
        "anonymous_bank",
        [("1999-01-01", "1999-01-15"), ("1999-01-16", "1999-01-31")],
    ),
    ("example log (synthetic)", None, "generic", [("2024-01-01", "2024-01-07"), ("2024-01-08", "2024-01-13")]),
]
ESTIMATES = [
    ("available: serving while a call waits, else on shift (gap 15 min; default)", {"method": "available"}),
    ("presence, idle gap 10 min", {"method": "presence"}),
    ("presence, 5 min", {"method": "presence", "idle_gap": 300}),
    ("presence, 15 min", {"method": "presence", "idle_gap": 900}),
    ("shifts, gap 30 min (upper)", {"method": "shifts"}),
    ("shifts, gap 15 min", {"method": "shifts", "shift_gap": 900}),
    ("distinct agents serving in the hour", {"method": "distinct"}),
    ("busy time (lower bound)", {"method": "busy"}),
]


def _cells(result, label: str) -> str:
    e = lambda metric, column: result.error(label, metric, column)  # noqa: E731
    return (
        f"{100 * e('service_level', 'busy_mae'):.1f} ({100 * e('service_level', 'weighted_mae'):.1f}) | "
        f"{100 * e('service_level', 'bias'):+.1f} | {e('service_level', 'skill'):+.2f} | "
        f"{100 * e('p_abandon', 'busy_mae'):.1f} ({100 * e('p_abandon', 'weighted_mae'):.1f}) | "
        f"{100 * e('p_abandon', 'bias'):+.1f} | {e('p_abandon', 'skill'):+.2f} | {e('asa', 'busy_mae'):.1f} | "
        f"{100 * e('service_level', 'hourly_mae'):.1f} / {100 * e('p_abandon', 'hourly_mae'):.1f}"
    )


def run() -> str:
    from svcdesign.data import on_duty, read_contact_log
    from svcdesign.datasets import example_contact_log_path
    from svcdesign.explore import backtest

    header = (
        "| log, train → test | prediction | service level MAE busy (weighted) | bias | skill | "
        "abandonment MAE busy (weighted) | bias | skill | mean wait MAE busy (s) | "
        "pooled per hour of day: service level / abandonment MAE |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [header]
    notes = []
    for name, path, schema, halves in LOGS:
        log = read_contact_log(path or example_contact_log_path(), schema=schema)
        for train, test in (halves, halves[::-1]):
            split = f"{name}, {train[0][5:]}..{train[1][5:]} → {test[0][5:]}..{test[1][5:]}"
            for k, (label, options) in enumerate(ESTIMATES):
                result = backtest(log, train=train, test=test, staffing=on_duty(log, 60, **options))
                lines.append(
                    f"| {split} | Erlang A, observed staff: {label} | {_cells(result, 'analytic, observed staff')} |"
                )
                if k == 0:
                    default = result
                if k == 1:
                    presence = result
            for label, shown in (
                (
                    "analytic, observed staff and handle time",
                    "Erlang A, observed staff (available) and each date-hour's observed mean handle time",
                ),
                ("analytic, planned staff", "Erlang A, planned staff (training half's available staff)"),
                ("seasonal naive", "seasonal naive"),
            ):
                lines.append(f"| {split} | {shown} | {_cells(default, label)} |")
                if label.endswith("handle time"):
                    shown = shown.replace("(available)", "(presence, 10 min)")
                    lines.append(f"| {split} | {shown} | {_cells(presence, label)} |")
            errors = default.errors.xs("analytic, observed staff", level="prediction")
            cells = int(default.error("analytic, observed staff", "service_level", "busy_cells"))
            hours = int(default.error("analytic, observed staff", "service_level", "busy_hours"))
            f = {c: {m: 100 * errors.loc[m, c] for m in ("service_level", "p_abandon")} for c in errors.columns}
            notes.append(
                f"- {split}: {cells} busy cells (date × hour with ≥ {default.min_calls} calls), {hours} busy hours of "
                f"the day. Smallest busy MAE a perfect model could show (the queue's own spread, simulated with "
                f"the observed arrivals and staff): service level {f['queue_floor']['service_level']:.1f}, "
                f"abandonment {f['queue_floor']['p_abandon']:.1f} points (binomial, calls independent: "
                f"{f['noise_floor']['service_level']:.1f} and {f['noise_floor']['p_abandon']:.1f}); pooled per hour "
                f"of the day: {f['hourly_floor']['service_level']:.1f} and {f['hourly_floor']['p_abandon']:.1f}."
            )
    inner = _inner_validation()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = (
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"1-min load {load:.2f}."
    )
    return "\n".join([HEADING, "", TEXT, "", *lines, "", *notes, "", *inner, "", machine, ""])


INNER = [
    (("1999-01-01", "1999-01-07"), ("1999-01-08", "1999-01-15")),
    (("1999-01-16", "1999-01-23"), ("1999-01-24", "1999-01-31")),
]
"""Each training half of the bank log split in two: its first week calibrates, its second is predicted."""
GAPS = [300, 600, 900, 1200, 1800, 3600]


def _inner_validation() -> list[str]:
    """The choice of the 'available' staff's shift gap within each training half (never the test half):
    pooled service-level + abandonment MAE per hour of the day of the 'observed staff' prediction."""
    from svcdesign.data import on_duty, read_contact_log
    from svcdesign.explore import backtest

    log = read_contact_log(BANK, schema="anonymous_bank")
    lines = [
        "Choice of the shift gap of the available staff, within each training half only (its first week "
        "calibrates, its second is predicted; Erlang A, observed staff; pooled per hour of the day, service "
        "level + abandonment MAE in points):",
        "",
        "| training half | presence, 10 min | " + " | ".join(f"available, {g // 60} min" for g in GAPS) + " |",
        "|---|---|" + "---|" * len(GAPS),
    ]
    label = "analytic, observed staff"
    for train, test in INNER:
        row = []
        for gap in [None, *GAPS]:
            staff = on_duty(log, 60) if gap is None else on_duty(log, 60, method="available", shift_gap=gap)
            r = backtest(log, train=train, test=test, staffing=staff, floor_replications=0)
            row.append(
                100 * (r.error(label, "service_level", "hourly_mae") + r.error(label, "p_abandon", "hourly_mae"))
            )
        best = min(range(len(row)), key=row.__getitem__)
        cells = [f"**{v:.1f}**" if k == best else f"{v:.1f}" for k, v in enumerate(row)]
        lines.append(f"| {train[0][5:]}..{train[1][5:]} → {test[0][5:]}..{test[1][5:]} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    section = run()
    print(section)
    if not args.no_write:
        write_section(HEADING, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
