"""The metrics a backtest compares and how it asks an engine for a prediction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..engines.registry import run
from ..model import Scenario
from ..results import Results

METRICS: dict[str, tuple[str, str, float]] = {
    "service_level": ("Answered within target", "%", 100.0),
    "asa": ("Mean wait (ASA)", "s", 1.0),
    "p_abandon": ("Abandonment", "%", 100.0),
    "arrivals": ("Arrivals", "contacts per interval", 1.0),
}
"""Compared metrics: label, display unit and the factor from stored values (shares, seconds) to it."""


def predict(scenario: Scenario, engine: str | Callable[[Scenario], Results], options: Mapping[str, Any]) -> Results:
    """The engine's results for ``scenario``: a registered engine by name (the analytic engine without its
    staff requirement, which a backtest does not compare) or a callable ``Scenario → Results``."""
    if callable(engine):
        return engine(scenario, **options)
    defaults = {"staffing": False} if engine == "analytic" else {}
    return run(engine, scenario, **{**defaults, **options})
