"""The maintenance script tools/anonymous_bank_summary.py: the aggregate tables shipped in
datasets/anonymous_bank_1999/, from a monthly Anonymous Bank log, with no call-level rows or names."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from svcdesign._resources import dataset_path
from svcdesign.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from anonymous_bank_summary import main, write_summary_tables  # noqa: E402

HEADER = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\t"
    "q_time\toutcome\tser_start\tser_exit\tser_time\tserver"
)
TABLES = ("arrivals_by_weekday_hour", "handle_time_fit", "patience", "patience_curve")
NAMES = ("MICHAL", "DARMON")


def call(number: int, day: str, minute: int, outcome: str, server: str, wait: int = 30, handle: int = 120) -> str:
    """One call at 9:MM of ``day``: queued ``wait`` seconds, then served for ``handle`` (AGENT) or gone (HANG)."""
    entry, queued = f"9:{minute:02d}:00", f"9:{minute:02d}:05"
    left = f"9:{minute + wait // 60:02d}:{5 + wait % 60:02d}"
    end = f"9:{minute + (wait + handle) // 60:02d}:{5 + (wait + handle) % 60:02d}"
    served = (left, end, str(handle)) if outcome == "AGENT" else ("0:00:00", "0:00:00", "0")
    return "\t".join(
        [
            f"AA01{number:02d}",
            str(number),
            "111",
            "2",
            "PS",
            day,
            entry,
            queued,
            "5",
            queued,
            left,
            str(wait),
            outcome,
            *served,
            server if outcome == "AGENT" else "NO_SERVER",
        ]
    )


@pytest.fixture()
def bank_file(tmp_path) -> Path:
    rows = [
        call(1, "990104", 0, "AGENT", "MICHAL", handle=100),
        call(2, "990104", 5, "AGENT", "DARMON", handle=200),
        call(3, "990104", 10, "HANG", "", wait=40),
        call(4, "990105", 0, "AGENT", "MICHAL", handle=150),
        call(5, "990105", 20, "AGENT", "DARMON", wait=10, handle=90),
        call(6, "990105", 30, "HANG", "", wait=50),
    ]
    path = tmp_path / "month.txt"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("latin-1"))
    return path


def test_the_tables_are_aggregates_in_the_shipped_layout_without_names(bank_file, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    written = write_summary_tables(bank_file, out)
    assert [p.name for p in written] == [f"{name}.csv" for name in TABLES]
    for name in TABLES:
        table = pd.read_csv(out / f"{name}.csv")
        shipped = pd.read_csv(dataset_path("anonymous_bank_1999", f"{name}.csv"))
        assert list(table.columns) == list(shipped.columns), name
        text = (out / f"{name}.csv").read_text(encoding="utf-8")
        assert not any(agent in text for agent in NAMES), name
    arrivals = pd.read_csv(out / "arrivals_by_weekday_hour.csv")
    assert len(arrivals) == 7 * 24
    monday_nine = arrivals[(arrivals["weekday_name"] == "Mon") & (arrivals["hour"] == 9)].iloc[0]
    assert (monday_nine["calls"], monday_nine["abandoned"], monday_nine["days_observed"]) == (3, 1, 1)
    assert monday_nine["answered_within_20s"] == 0 and monday_nine["mean_wait_s"] == pytest.approx(100 / 3, abs=0.01)
    assert arrivals["calls"].sum() == 6 and arrivals["abandoned"].sum() == 2
    handle = pd.read_csv(out / "handle_time_fit.csv").set_index("kind")
    assert handle.loc["sample", "n"] == 4 and handle.loc["sample", "mean_s"] == pytest.approx(135.0)
    curve = pd.read_csv(out / "patience_curve.csv")
    assert curve["time_s"].max() <= 1200.0 and curve["survival"].is_monotonic_decreasing


def test_the_output_folder_is_checked_before_the_log_is_read(bank_file, tmp_path):
    with pytest.raises(InputError, match="folder"):
        write_summary_tables(tmp_path / "missing.txt", tmp_path / "no such folder")


def test_the_script_prints_the_files_it_writes_and_its_usage(bank_file, tmp_path, capsys):
    assert main([str(bank_file), str(tmp_path)]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / f"{name}.csv") for name in TABLES]
    assert main([str(bank_file)]) == 2
    assert "usage: python tools/anonymous_bank_summary.py LOG OUT_DIR" in capsys.readouterr().err
