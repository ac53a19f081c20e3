"""Write the aggregate tables shipped in ``datasets/anonymous_bank_1999/`` from a monthly Anonymous Bank log.

Usage: python tools/anonymous_bank_summary.py LOG OUT_DIR

The raw log (its redistribution terms are unconfirmed, and its ``server`` field holds agents' names)
stays outside the repository; only these tables ship: no call-level rows and no agent names. The log
is read by :func:`svcdesign.data.anonymous_bank.read_anonymous_bank` and calibrated by
:func:`svcdesign.data.calibrate` (60-minute intervals); ``datasets/anonymous_bank_1999/README.md``
describes the tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from svcdesign._files import check_output, write_atomic
from svcdesign.data import ContactLog, calibrate
from svcdesign.data.anonymous_bank import read_anonymous_bank

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ANSWER_WITHIN = 20.0
"""Seconds: the service-level threshold of ``answered_within_20s`` (the industry's 80/20 convention)."""
CURVE_UNTIL = 1200.0
"""Seconds: the patience curve is shipped up to 20 minutes of waiting."""


def summary_tables(log: ContactLog) -> dict[str, pd.DataFrame]:
    """Aggregate tables derived from a monthly log: no call-level rows, no agent names.

    - ``arrivals_by_weekday_hour``: per weekday and hour, the days observed, calls asking for an agent
      (answered + abandoned) and their mean per day, abandoned calls, answered within 20 s and the
      mean wait over all those calls (seconds), and the mean agents present (``staffing="presence"`` of
      :func:`~svcdesign.data.calibrate`).
    - ``handle_time_fit``: lognormal and exponential maximum-likelihood fits with KS statistics.
    - ``patience``: exponential-hazard MLE (censored), Kaplan–Meier summaries, and the naive mean of
      abandoners' waits (biased low; shown for contrast).
    - ``patience_curve``: the Kaplan–Meier survival of patience at whole-second event times up to 20 min.
    """
    report = calibrate(log, interval=60).report
    curve = report.patience_curve
    curve = curve[curve["time_s"] <= CURVE_UNTIL].reset_index(drop=True)
    return {
        "arrivals_by_weekday_hour": _arrivals_table(log, report.days_observed, report.staffing),
        "handle_time_fit": report.handle_time.reset_index(),
        "patience": report.patience.reset_index(),
        "patience_curve": curve[["time_s", "at_risk", "abandoned", "survival", "exponential_survival"]].round(5),
    }


def _arrivals_table(log: ContactLog, days: pd.DataFrame, staffing: pd.DataFrame) -> pd.DataFrame:
    """Calls, abandonments, service and staff per weekday and hour (see :func:`summary_tables`)."""
    contacts = log.contacts.copy()
    contacts["weekday"] = contacts["arrival"].dt.day_of_week
    contacts["hour"] = contacts["arrival"].dt.hour
    contacts["within20"] = (contacts["outcome"] == "answered") & (contacts["wait"] <= ANSWER_WITHIN)
    grouped = contacts.groupby(["weekday", "hour"])
    table = pd.DataFrame(
        {
            "calls": grouped.size(),
            "abandoned": grouped["outcome"].apply(lambda s: int((s == "abandoned").sum())),
            "answered_within_20s": grouped["within20"].sum().astype(int),
            "mean_wait_s": grouped["wait"].mean().round(2),
        }
    )
    full = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    table = table.reindex(full, fill_value=0).reset_index()
    table.insert(0, "weekday_name", table["weekday"].map(lambda d: WEEKDAY_NAMES[d]))
    table.insert(3, "days_observed", days["days"].to_numpy()[table["weekday"].to_numpy()])
    table.insert(5, "calls_per_day", (table["calls"] / table["days_observed"]).round(3))
    staff = staffing.to_numpy(dtype=float)
    table["mean_agents_present"] = staff[table["weekday"], table["hour"]].round(3)
    return table


def write_summary_tables(log_path: str | Path, out_dir: str | Path) -> list[Path]:
    """Read a monthly log and write :func:`summary_tables` as CSV files into ``out_dir``.

    ``out_dir`` must exist (svcdesign does not create folders); each file is written all at once.
    """
    out = Path(out_dir)
    check_output(out / "arrivals_by_weekday_hour.csv")
    log = read_anonymous_bank(log_path)
    written = []
    for name, table in summary_tables(log).items():
        written.append(write_atomic(out / f"{name}.csv", lambda tmp, table=table: table.to_csv(tmp, index=False)))
    return written


def main(argv: list[str]) -> int:
    """Run the script with the command-line arguments ``argv`` (without the program name)."""
    if len(argv) != 2:
        print("usage: python tools/anonymous_bank_summary.py LOG OUT_DIR", file=sys.stderr)
        return 2
    for written_path in write_summary_tables(argv[0], argv[1]):
        print(written_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
