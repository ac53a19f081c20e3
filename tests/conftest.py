"""Shared fixtures: the example scenarios and small hand-made scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from svcdesign import Scenario, example_names

# Property tests draw the same examples on every run (CI included): a failure is reproducible, and a
# run does not pass or fail by the luck of the draw. Deadlines are off: the machines are shared.
settings.register_profile("svcdesign", derandomize=True, deadline=None)
settings.load_profile("svcdesign")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [ROOT / "datasets" / "scenarios" / f"{name}.yaml" for name in example_names()]
"""The examples the engines run (a multi-skill example is loaded by its own tests: svcdesign.model.examples)."""
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def bank() -> Scenario:
    return Scenario.load(ROOT / "datasets" / "scenarios" / "bank.yaml")
