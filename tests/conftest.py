"""Shared fixtures: the example scenarios and small hand-made scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcdesign import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "datasets" / "scenarios").glob("*.yaml"))
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def bank() -> Scenario:
    return Scenario.load(ROOT / "datasets" / "scenarios" / "bank.yaml")
