"""Bundled data sets: loaders, provenance and licence notes, the synthetic example log."""

from __future__ import annotations

import sys
from pathlib import Path

import holidays
import pandas as pd
import pytest

from svcdesign import datasets
from svcdesign._resources import dataset_path
from svcdesign.data import read_contact_log
from svcdesign.data.synthetic import EXAMPLE_MALFORMED


def test_nhs_ae_attendances_with_attribution():
    frame = datasets.nhs_ae_attendances()
    assert frame.shape == (12765, 6)
    assert list(frame.columns) == ["period", "org_code", "type", "attendances", "breaches", "admissions"]
    assert frame["period"].min() == pd.Timestamp("2016-04-01") and frame["period"].max() == pd.Timestamp("2019-03-01")
    assert set(frame["type"]) == {"1", "2", "other"}
    assert (frame["breaches"] <= frame["attendances"]).all()
    assert frame.attrs["attribution"] == (
        "Contains public sector information licensed under the Open Government Licence v3.0. Source: NHS England."
    )
    readme = dataset_path("nhs_ae_attendances", "README.md").read_text(encoding="utf-8")
    assert frame.attrs["attribution"] in readme


def test_anonymous_bank_summary_is_aggregate_only():
    summary = datasets.anonymous_bank_summary()
    assert len(summary.arrivals) == 7 * 24
    assert summary.arrivals["calls"].sum() == 30108  # 30,129 before the 21 zero-wait hang-ups were set apart
    assert "Brown" in summary.citation and "Brown" in summary.arrivals.attrs["source"]
    assert summary.patience.loc["exponential hazard MLE (censored)", "used"]
    assert summary.handle_time["chosen"].sum() == 1
    folder = dataset_path("anonymous_bank_1999")
    shipped = {p.name for p in folder.iterdir()}
    assert "january_1999.txt" not in shipped
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    assert "server" not in text and "MICHAL" not in text  # no agent names


def test_example_contact_log_is_synthetic_and_has_its_documented_malformed_rows():
    path = datasets.example_contact_log_path()
    log = read_contact_log(path)
    assert 2000 < log.rows_read < 10000
    assert list(log.excluded["contact_id"]) == [row["contact_id"] for row in EXAMPLE_MALFORMED]
    assert set(log.data["outcome"]) == {"answered", "abandoned", "hung_up_without_waiting"}
    assert (log.data["outcome"] == "hung_up_without_waiting").sum() == 3  # waits simulated, rounded to 0 s
    assert "SYNTHETIC" in dataset_path("examples", "README.md").read_text(encoding="utf-8")


def test_list_datasets_and_readme_sections():
    table = datasets.list_datasets()
    assert list(table.index) == [
        "nhs_ae_attendances",
        "anonymous_bank_1999",
        "anonymous_bank_1999_hourly",
        "contact_log_example",
    ]
    assert table["licence"].str.len().min() > 10
    readme = dataset_path("README.md").read_text(encoding="utf-8")
    for name in ("nhs_ae_attendances/", "anonymous_bank_1999/", "examples/", "## Scenarios", "## Assumptions"):
        assert name in readme


def test_bank_calls_per_hour_has_every_hour_of_the_dates_present_and_the_two_missing_days_absent():
    frame = datasets.bank_calls_per_hour()
    assert list(frame.columns) == ["date", "hour", "timestamp", "calls"]
    days = pd.DatetimeIndex(frame["date"].unique())
    expected = pd.date_range("1999-01-01", "1999-11-30").difference(pd.DatetimeIndex(["1999-01-11", "1999-01-12"]))
    assert days.equals(expected)
    assert (frame.groupby("date")["hour"].apply(sorted) == pd.Series([list(range(24))] * len(days), index=days)).all()
    assert frame["timestamp"].is_unique and (frame["calls"] >= 0).all()
    assert "Brown" in frame.attrs["source"]
    readme = dataset_path("anonymous_bank_1999", "README.md").read_text(encoding="utf-8")
    assert "calls_per_hour_1999.csv" in readme and "raw files are not shipped" in readme


def test_bank_calls_per_hour_is_dated_right_for_an_israeli_bank():
    """The re-dating puts the Israeli week (quiet Friday, nearly closed Saturday; Brown et al. 2005, §3)
    on Friday and Saturday, and the holidays of the ``holidays`` package on days with few calls."""
    frame = datasets.bank_calls_per_hour()
    daily = frame.groupby("date")["calls"].sum()
    by_weekday = daily.groupby(daily.index.day_of_week).median()
    assert set(by_weekday.nsmallest(2).index) == {4, 5}  # Friday, Saturday
    for day, name in holidays.country_holidays("IL", years=1999).items():
        stamp = pd.Timestamp(day)
        if stamp.day_of_week in (4, 5) or stamp not in daily.index:
            continue
        same = daily.reindex([stamp + pd.Timedelta(days=7 * k) for k in (-2, -1, 1, 2)]).median()
        assert daily[stamp] < 0.8 * same, (name, stamp)


def test_bank_calls_per_hour_matches_the_six_minute_source_when_present():
    tools = Path(__file__).resolve().parents[1] / "tools"
    sys.path.insert(0, str(tools))
    from bank_counts import COUNTS, hourly, repaired_counts

    if not COUNTS.is_file():
        pytest.skip("the 6-minute source is not beside the repository")
    rebuilt = hourly(repaired_counts(COUNTS))
    shipped = datasets.bank_calls_per_hour()
    assert rebuilt["calls"].sum() == pd.read_csv(COUNTS)["calls"].sum() == shipped["calls"].sum()
    assert (rebuilt["calls"].to_numpy() == shipped["calls"].to_numpy()).all()
