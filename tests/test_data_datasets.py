"""Bundled data sets: loaders, provenance and licence notes, the synthetic example log."""

from __future__ import annotations

import pandas as pd

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
    assert list(table.index) == ["nhs_ae_attendances", "anonymous_bank_1999", "contact_log_example"]
    assert table["licence"].str.len().min() > 10
    readme = dataset_path("README.md").read_text(encoding="utf-8")
    for name in ("nhs_ae_attendances/", "anonymous_bank_1999/", "examples/", "## Scenarios", "## Assumptions"):
        assert name in readme
