"""svcdesign — design customer-service operations from Jupyter.

Describe a service operation (:class:`Scenario`), evaluate it with an engine — analytic
(:func:`evaluate`), discrete-event simulation (:func:`simulate`), dynamics over weeks and months
(:func:`run_dynamics`) — turn operations into what customers feel and do (:func:`assess`), explore
trade-offs (:func:`compare`, :func:`sweep`, :func:`frontier`, :func:`optimise_staffing`,
:func:`optimise_budget`, :func:`schedule_shifts`, :func:`sensitivity`) and work from real data
(:func:`read_contact_log`, :func:`calibrate`, :func:`backtest`, :func:`fit_dynamics`), and present them
(:func:`timeline`, :func:`sankey`, :func:`blueprint`, :func:`journey`, :func:`comparison_figure`,
:func:`backtest_figure`, :func:`report`, :class:`StaffingExplorer`). Every engine returns
:class:`Results` in one tidy schema.

Everything but the model, its examples and the errors is imported on first use (a module
``__getattr__``, PEP 562), so ``import svcdesign`` loads neither numba, scipy, pandas nor plotly: the
first call that needs them (:func:`evaluate`, say) brings them in.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import InputError
from .model import Scenario, ScenarioError
from .model.examples import example_names, load_example, multiskill_example_names

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "evaluate": "svcdesign.engines.analytic",
    "Results": "svcdesign.results",
    "simulate": "svcdesign.engines.simulation",
    "run_dynamics": "svcdesign.engines.dynamics",
    "staff_cut_story": "svcdesign.engines.dynamics",
    "fit_dynamics": "svcdesign.engines.dynamics",
    "read_weekly_series": "svcdesign.engines.dynamics",
    "assess": "svcdesign.response",
    "assumptions_behind": "svcdesign.response",
    "load_assumptions": "svcdesign.assumptions",
    "compare": "svcdesign.explore",
    "sweep": "svcdesign.explore",
    "frontier": "svcdesign.explore",
    "optimise_staffing": "svcdesign.explore",
    "optimise_budget": "svcdesign.explore",
    "schedule_shifts": "svcdesign.explore",
    "sensitivity": "svcdesign.explore",
    "timeline": "svcdesign.present",
    "report": "svcdesign.present",
    "sankey": "svcdesign.present",
    "blueprint": "svcdesign.present",
    "journey": "svcdesign.present",
    "comparison_figure": "svcdesign.present",
    "backtest_figure": "svcdesign.present",
    "bottleneck": "svcdesign.explore",
    "StaffingExplorer": "svcdesign.present",
    "read_contact_log": "svcdesign.data",
    "calibrate": "svcdesign.data",
    "backtest": "svcdesign.explore",
    "WhatIf": "svcdesign.explore",
    "save_what_if": "svcdesign.explore",
    "load_what_if": "svcdesign.explore",
    "load_what_ifs": "svcdesign.explore",
    "compare_what_ifs": "svcdesign.explore",
}
"""Public names provided by sub-packages, imported when first used."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'svcdesign' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "InputError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "example_names",
    "load_example",
    "multiskill_example_names",
    *_LAZY,
]
