"""Re-date the Anonymous Bank's 1999 calls per 6 minutes and write the hourly aggregate that ships.

Usage: python tools/bank_counts.py [COUNTS_CSV [OUT_CSV]]

Reads ``calls_per_6min_1999_jan_nov.csv`` (default: ``../shared/data/anonymous_bank_1999/`` beside the
repository; an Israeli bank's call centre, 1 January – 30 November 1999, Brown et al. 2005, JASA
100(469)) and writes ``datasets/anonymous_bank_1999/calls_per_hour_1999.csv``: ``date``, ``hour``
(0–23, the clock hour the calls arrived in) and ``calls``, one row per hour of every date present.
The raw files are not shipped; only this aggregate is.

Dates. The file's dates were restored from the day order on the assumption that 11–12 June are the
missing days. The January call log of the same bank (``january_1999.txt``, whose records carry their own
dates) shows that the missing days are 11–12 *January*: its dates run 1–10 and 13–31 January. The rows
labelled 11 January – 10 June are therefore moved two days later (11 January → 13 January …
10 June → 12 June), which puts the weekly pattern of an Israeli bank (quiet Friday, nearly closed
Saturday) on Friday and Saturday all year and the Passover dip on 1 April 1999. When the January log is
beside the counts, :func:`repaired_counts` checks the repair against its daily totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from svcdesign._files import check_output, write_atomic

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT.parent / "shared" / "data" / "anonymous_bank_1999"
COUNTS = FOLDER / "calls_per_6min_1999_jan_nov.csv"
JANUARY_NAME = "january_1999.txt"
OUT = ROOT / "datasets" / "anonymous_bank_1999" / "calls_per_hour_1999.csv"
SHIFTED = ("1999-01-11", "1999-06-10")
"""First and last date label moved two days later (see the module docstring)."""
SHIFT_DAYS = 2
"""Days the labels in :data:`SHIFTED` move: the two missing days, 11–12 January."""


def repaired_counts(counts: Path = COUNTS) -> pd.DataFrame:
    """The 6-minute counts (``date``, ``interval_start``, ``calls``) with the dates of 11 January – 10 June
    moved two days later; checked against the January log's daily totals when that log is beside them."""
    table = pd.read_csv(counts)
    dates = pd.to_datetime(table["date"])
    moved = (dates >= SHIFTED[0]) & (dates <= SHIFTED[1])
    table["date"] = (dates + pd.to_timedelta(np.where(moved, SHIFT_DAYS, 0), unit="D")).dt.strftime("%Y-%m-%d")
    january = Path(counts).parent / JANUARY_NAME
    if january.is_file():
        log = pd.read_csv(january, sep=r"\s+", usecols=["date"], dtype={"date": str})
        from_log = log["date"].map(lambda d: f"19{d[:2]}-{d[2:4]}-{d[4:]}").value_counts().sort_index()
        from_counts = table.groupby("date")["calls"].sum()
        in_january = from_counts[from_counts.index.str.startswith("1999-01")]
        if not from_log.equals(in_january.rename("count").rename_axis(from_log.index.name).astype(from_log.dtype)):
            raise SystemExit("the date repair does not match the January log's daily totals")
    return table


def hourly(table: pd.DataFrame) -> pd.DataFrame:
    """Calls per clock hour of each date (``date``, ``hour``, ``calls``) from the repaired 6-minute counts;
    every hour of a date present is a row (0 for none), absent dates stay absent."""
    hours = table["interval_start"].str.slice(0, 2).astype(int)
    out = table.assign(hour=hours).groupby(["date", "hour"], as_index=False)["calls"].sum()
    per_date = out.groupby("date")["hour"].count()
    if (per_date != 24).any():
        raise SystemExit(f"dates without all 24 hours: {list(per_date[per_date != 24].index)}")
    return out[["date", "hour", "calls"]].astype({"calls": "int64"})


def main(argv: list[str] | None = None) -> None:
    """Write the hourly aggregate (arguments: the 6-minute counts and the output file, both optional)."""
    args = sys.argv[1:] if argv is None else argv
    counts = Path(args[0]) if args else COUNTS
    out = Path(args[1]) if len(args) > 1 else OUT
    if not counts.is_file():
        raise SystemExit(f"{counts} is not present")
    check_output(out)
    table = hourly(repaired_counts(counts))
    write_atomic(out, lambda tmp: table.to_csv(tmp, index=False))
    print(f"{out}: {len(table):,} rows, {table['date'].nunique()} dates, {table['calls'].sum():,} calls")


if __name__ == "__main__":
    main()
