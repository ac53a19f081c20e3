"""Shared fixtures: the example scenarios and small hand-made scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from svcdesign import Scenario, example_names
from svcdesign.datasets import bank_calls_per_hour
from svcdesign.forecast import DemandHistory, forecast_demand

# Property tests draw the same examples on every run (CI included): a failure is reproducible, and a
# run does not pass or fail by the luck of the draw. Deadlines are off: the machines are shared.
settings.register_profile("svcdesign", derandomize=True, deadline=None)
settings.load_profile("svcdesign")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [ROOT / "datasets" / "scenarios" / f"{name}.yaml" for name in example_names()]
"""The shipped examples (svcdesign.model.examples), the multi-skill one included."""
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def bank() -> Scenario:
    return Scenario.load(ROOT / "datasets" / "scenarios" / "bank.yaml")


@pytest.fixture(scope="session")
def forecast():
    """Two weeks of the Anonymous Bank's calls forecast by weekly profile from the shipped hourly aggregate
    (1 January – 30 November 1999); its first whole week starts on Monday 6 December 1999."""
    history = DemandHistory.from_counts(bank_calls_per_hour(), count="calls")
    return forecast_demand(history, 14, method="weekly_profile")
