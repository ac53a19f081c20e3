"""Out-of-sample backtests by real dates on the Anonymous Bank log (January 1999) and the example log.

Each log is split by date into two halves; the scenario is calibrated on one half and every hour of
every date of the other is predicted (``svcdesign.explore.backtest_dates``), both ways round. Rows: each
staff-on-duty reconstruction (``svcdesign.data.on_duty``) with the analytic engine (Erlang A) given the
test dates' observed arrivals and staff, the same with each test date-hour's observed mean handle time
too, the planned staff (the training half's), and the seasonal-naive baseline (the training half's
figure for the same weekday and hour).

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
(positive: better than the baseline). Both halves are reported both ways round; nothing was tuned to a split.

Reading: on the bank log Erlang A with each date-hour's observed arrivals, staff on duty (presence,
10-minute idle gap) and observed mean handle time — the setting of Brown et al. (2005) — errs by 11.0 /
12.6 points of service level and 3.8 / 3.9 of abandonment per busy date-hour (skill against the seasonal
naive +0.44 / +0.33 and +0.44 / +0.36); with the training half's handle time per weekday-hour instead
(the calibrated profile) 14.6 / 15.8 and 4.7 / 4.7 (before the profile: 15.3 / 17.4 and 4.7 / 5.1). The
targets of issue 14 (8 and 2 points) are below what any model can reach per date-hour: the queue's own
hour-to-hour spread, simulated with each date-hour's observed arrivals and staff, is 10.7-10.9 points of
service level and 3.9-4.0 of abandonment (notes below) — the error a perfect model would still show,
checked on a log made by Erlang A itself, where the true model errs by 10.2 against a floor of 11.0
(`tests/test_backtest_dates.py`); the binomial floor that treats an hour's calls as independent (4 and
2) understates it 2.5-fold. With observed handle time the model is therefore within about 0.2-1.9 points
of service level and 0 of abandonment of the floor per date-hour. Pooled per hour of the day over the
test dates most of the noise averages out (floor 3.2-3.7 and 1.3-1.4): 7.2 / 8.9 points of service level
and 2.3 / 2.5 of abandonment with observed handle time, 9.1 / 9.6 and 3.2 / 2.3 with the calibrated
profile, against the seasonal naive's 9.9 / 11.9 and 2.7 / 2.7. What remains has a shape: solving each
training date-hour for the agents that reproduce its service level, the presence estimate over-counts by
about 20% from 09:00 to 15:00 (breaks, outbound work, the 15:00 shift overlap: 0.63 at 15:00) and under-
counts at the 07:00 opening (1.3-1.6: the queue starts empty, which a steady-state formula ignores); a
share available per hour of the day fitted on one half helps the other half one way round only (an
experiment, not in the product): the first half of January has lower availability than the second in
every hour. No staff reconstruction wins everywhere: on the bank the 10-minute presence and the
15-minute shifts tie per date-hour, the upper reconstruction (shifts, 30 min) over-staffs by +18 to +22
points; on the synthetic example log (agents that idle between calls at lower load) the upper
reconstruction and distinct agents fit best. The default therefore stays presence with a 10-minute gap;
choose per client with this backtest. The planned staff loses to the baseline on the bank: the staff on
duty of a given date differs from its weekday's mean, which is why the observed staff matter. Before (in
sample, pooled by weekday, all 113 hours of the week): service level MAE 18.1 points, abandonment 11.0
(section above).
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
    ("presence, idle gap 10 min (default)", {"method": "presence"}),
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
            for label, shown in (
                (
                    "analytic, observed staff and handle time",
                    "Erlang A, observed staff (presence, 10 min) and each date-hour's observed mean handle time",
                ),
                ("analytic, planned staff", "Erlang A, planned staff (training half's)"),
                ("seasonal naive", "seasonal naive"),
            ):
                lines.append(f"| {split} | {shown} | {_cells(default, label)} |")
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
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = (
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"1-min load {load:.2f}."
    )
    return "\n".join([HEADING, "", TEXT, "", *lines, "", *notes, "", machine, ""])


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
