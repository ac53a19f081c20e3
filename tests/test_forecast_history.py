"""DemandHistory: reading counts and logs, the errors for bad input, aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.data import read_contact_log
from svcdesign.errors import InputError
from svcdesign.forecast import DemandHistory


def counts_table(days: int = 14, step: int = 60, start: str = "2024-01-01", seed: int = 0) -> pd.DataFrame:
    stamps = pd.date_range(start, periods=days * 1440 // step, freq=f"{step}min")
    counts = np.random.default_rng(seed).poisson(5, len(stamps))
    return pd.DataFrame({"timestamp": stamps, "count": counts})


def test_counts_round_trip_and_inferred_interval():
    table = counts_table(days=3, step=30)
    h = DemandHistory.from_counts(table)
    assert h.interval_minutes == 30
    assert h.matrix().shape == (3, 48)
    assert h.counts.sum() == table["count"].sum()
    assert h.warnings == ()


def test_date_and_interval_start_columns_and_csv(tmp_path):
    table = counts_table(days=2, step=360)
    split = pd.DataFrame(
        {
            "day": table["timestamp"].dt.strftime("%Y-%m-%d"),
            "start": table["timestamp"].dt.strftime("%H:%M"),
            "calls": table["count"],
        }
    )
    path = tmp_path / "counts.csv"
    split.to_csv(path, index=False)
    h = DemandHistory.from_counts(path, date="day", interval_start="start", count="calls")
    assert h.interval_minutes == 360
    assert list(h.counts.to_numpy()) == list(table["count"].astype(float))


def test_missing_days_stay_missing_and_are_reported():
    table = counts_table(days=5)
    gap = table["timestamp"].dt.normalize() == pd.Timestamp("2024-01-03")
    h = DemandHistory.from_counts(table[~gap])
    assert len(h.dates) == 5
    assert list(h.missing_days) == [pd.Timestamp("2024-01-03")]
    assert np.isnan(h.matrix()[2]).all()
    assert np.isfinite(h.matrix()[[0, 1, 3, 4]]).all()
    assert "2024-01-03" in h.warnings[0]


def test_zero_demand_nights_are_counts_of_zero():
    table = counts_table(days=2)
    table.loc[table["timestamp"].dt.hour < 6, "count"] = 0
    h = DemandHistory.from_counts(table)
    assert (h.matrix()[:, :6] == 0).all()
    assert h.missing_days.empty


def test_duplicate_timestamps_are_named():
    table = counts_table(days=2)
    table = pd.concat([table, table.iloc[[5]]], ignore_index=True)
    with pytest.raises(InputError, match="2024-01-01 05:00.*duplicate"):
        DemandHistory.from_counts(table)


def test_irregular_intervals_are_refused():
    table = counts_table(days=2)
    table.loc[3, "timestamp"] += pd.Timedelta(minutes=7)
    with pytest.raises(InputError, match="row 3: 2024-01-01 03:07"):  # the DataFrame's index label
        DemandHistory.from_counts(table, interval_minutes=60)


def test_day_with_some_intervals_absent_is_refused():
    table = counts_table(days=2).drop(index=[30])
    with pytest.raises(InputError, match="2024-01-02 \\(23 rows\\)"):
        DemandHistory.from_counts(table)


@pytest.mark.parametrize("bad", [-1, 2.5, np.nan, "many"])
def test_bad_counts_are_refused(bad):
    table = counts_table(days=1).astype({"count": object})
    table.loc[4, "count"] = bad
    with pytest.raises(InputError, match="row 4: "):
        DemandHistory.from_counts(table)


def test_absent_column_names_what_exists():
    with pytest.raises(InputError, match="'calls'.*timestamp, count"):
        DemandHistory.from_counts(counts_table(days=1), count="calls")


def test_unreadable_time_names_row():
    table = counts_table(days=1).astype({"timestamp": object})
    table.loc[2, "timestamp"] = "yesterday"
    with pytest.raises(InputError, match="row 2: 'yesterday'"):
        DemandHistory.from_counts(table)


def test_a_frame_names_its_index_label_and_a_file_its_line(tmp_path):
    table = counts_table(days=1).astype({"count": object})
    table.index = table.index + 100  # labels that are not positions
    table.loc[104, "count"] = -1
    with pytest.raises(InputError, match="row 104: -1"):
        DemandHistory.from_counts(table)
    path = tmp_path / "counts.csv"
    table.to_csv(path, index=False)  # header on line 1, so the fifth data row is line 6
    with pytest.raises(InputError, match="line 6 of .*counts.csv: -1"):
        DemandHistory.from_counts(path)
    doubled = pd.concat([table.iloc[:3], table.iloc[[1]]])
    doubled.to_csv(path, index=False)
    with pytest.raises(InputError, match="lines 3, 5 of"):
        DemandHistory.from_counts(path)
    with pytest.raises(InputError, match="rows 101, 101"):
        DemandHistory.from_counts(doubled)


@pytest.mark.parametrize("step", [7, 0, 2000, True, 15.0])
def test_interval_must_divide_a_day(step):
    with pytest.raises(InputError, match="divides a day"):
        DemandHistory.from_counts(counts_table(days=1), interval_minutes=step)


def test_aggregate_needs_a_multiple():
    h = DemandHistory.from_counts(counts_table(days=1, step=30))
    with pytest.raises(InputError, match="multiple"):
        h.aggregate(45)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    base=st.sampled_from([5, 6, 15, 30]),
    factor=st.sampled_from([1, 2, 4, 12]),
    days=st.integers(1, 4),
    missing=st.integers(0, 3),
    seed=st.integers(0, 1000),
)
def test_aggregation_preserves_totals(base, factor, days, missing, seed):
    step = base * factor
    if 1440 % step:
        step = base
    table = counts_table(days=days + 1, step=base, seed=seed)
    if missing < days:  # drop one inner or last day (never the first)
        table = table[table["timestamp"].dt.normalize() != pd.Timestamp("2024-01-01") + pd.Timedelta(days=missing + 1)]
    h = DemandHistory.from_counts(table, interval_minutes=base)
    coarse = h.aggregate(step)
    assert np.nansum(coarse.matrix()) == pytest.approx(np.nansum(h.matrix()))
    np.testing.assert_allclose(coarse.daily_totals().to_numpy(), h.daily_totals().to_numpy())
    assert list(coarse.missing_days) == list(h.missing_days)
    assert coarse.matrix().shape[1] == 1440 // step


def test_from_log_counts_every_arrival(tmp_path):
    path = tmp_path / "log.csv"
    rows = [
        "arrival,outcome",
        "2024-03-04 08:01:00,other",
        "2024-03-04 08:14:59,other",
        "2024-03-04 08:15:00,other",
        "2024-03-06 23:59:00,other",
    ]
    path.write_text("\n".join(rows) + "\n")
    h = DemandHistory.from_log(read_contact_log(path), interval_minutes=15)
    m = h.matrix()
    assert m.shape == (3, 96)
    assert m[0, 32] == 2 and m[0, 33] == 1 and m[2, 95] == 1
    assert np.nansum(m) == 4
    assert list(h.missing_days) == [pd.Timestamp("2024-03-05")]  # no contact that day: not recorded
