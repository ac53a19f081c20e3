"""The metric catalogue: one declared table holding every metric any engine or the response layer reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.engines.dynamics import run_dynamics
from svcdesign.errors import InputError
from svcdesign.formulas.customers import PILLARS, SERVQUAL
from svcdesign.response import assess
from svcdesign.results import CUSTOMER_METRICS, METRICS, aggregate_periods, metric_info
from svcdesign.results.metrics import COLUMNS

CATALOGUE = Path(sd.__file__).parent / "results" / "metrics.csv"


@pytest.fixture(scope="module")
def reported() -> dict[str, set[str]]:
    """Which of the engines and the response layer report each metric, on the bank example with a budget
    (and the public-service metrics of the response layer and the dynamics on the council example)."""
    scenario = sd.load_example("bank").with_overrides({"organisation.weekly_budget": 50_000})
    runs = {
        "analytic": sd.evaluate(scenario),
        "simulation": sd.simulate(scenario, horizon="4h", replications=2, seed=1),
        "dynamics": run_dynamics(scenario, weeks=3),
    }
    out: dict[str, set[str]] = {}
    for engine, results in runs.items():
        for metric in results.metrics:
            out.setdefault(metric, set()).add(engine)
        for metric in set(assess(scenario, results).metrics) - set(results.metrics):
            out.setdefault(metric, set()).add("response")
    council = sd.load_example("council_adult_social_care")
    for metric in set(assess(council, sd.evaluate(council)).metrics) - set(runs["analytic"].metrics):
        out.setdefault(metric, set()).add("response")
    for metric in run_dynamics(council, weeks=3).metrics:  # a public service's cost of failure and bed-days
        out.setdefault(metric, set()).add("dynamics")
    desk = sd.load_example("omnichannel_phone_chat_email")  # a multi-skill desk's callbacks and groups
    for metric in sd.simulate(desk, horizon="1d", replications=2, seed=1).metrics:
        out.setdefault(metric, set()).add("simulation")
    for metric in sd.evaluate(desk).metrics:
        out.setdefault(metric, set()).add("analytic")
    return out


def test_every_reported_metric_is_in_the_catalogue_with_who_reports_it(reported):
    assert set(reported) == set(METRICS)
    for name, by in reported.items():
        assert set(METRICS[name].reported_by) == by, name


def test_the_catalogue_is_one_table_of_distinct_names():
    header, *rows = CATALOGUE.read_text(encoding="utf-8").splitlines()
    assert tuple(header.split(",")) == COLUMNS
    assert len(rows) == len(METRICS)
    for metric in METRICS.values():
        assert metric.unit and metric.label and metric.meaning, metric.name


def test_customer_metrics_are_the_response_layers_rows():
    assert tuple(n for n, m in METRICS.items() if "response" in m.reported_by) == CUSTOMER_METRICS
    assert {f"pillar_{p}" for p in PILLARS} | {f"servqual_{d}" for d in SERVQUAL} <= set(CUSTOMER_METRICS)
    assert METRICS["satisfaction"].unit == "points (0-10)" and METRICS["revenue_at_risk"].unit == "currency"


def test_an_unknown_metric_is_an_input_error_pointing_at_the_catalogue():
    with pytest.raises(InputError) as error:
        metric_info("revenu")
    assert error.value.field == "metric" and error.value.value == "revenu"
    assert "metrics.csv" in str(error.value) and "'revenue'" in str(error.value)
    with pytest.raises(InputError):
        aggregate_periods({"happiness": np.ones((1, 3))})


def test_a_metric_means_the_same_whatever_was_imported_before():
    code = (
        "import svcdesign.results as r; a = r.metric_info('revenue'); import svcdesign.engines.dynamics; "
        "import svcdesign.engines.simulation; print(a == r.metric_info('revenue'), a.unit, a.weight)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "currency", "sum"]


def test_results_refuse_a_metric_outside_the_catalogue():
    data = sd.evaluate(sd.load_example("bank"), staffing=False).data
    renamed = data.assign(metric=data["metric"].astype(str).replace({"asa": "mean_wait"}))
    with pytest.raises(InputError) as error:
        sd.Results(renamed, 15.0)
    assert error.value.value == "mean_wait" and "metrics.csv" in str(error.value)
