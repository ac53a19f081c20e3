"""The engines by name: one :class:`Engine` description each, and one way to run them.

Everything above the engines that runs a scenario by engine name (sweeps, comparisons, frontiers,
sensitivity, backtests) goes through :func:`get_engine` or :func:`run`; a new engine is one more entry
in :data:`ENGINES`. :func:`run` keeps its results in the one memo of :mod:`.memo`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..model import Scenario
from ..results import Results
from .analytic import evaluate
from .dynamics import run_dynamics
from .memo import MEMO, Unkeyable, run_key
from .simulation import simulate


@dataclass(frozen=True)
class Engine:
    """One engine: a scenario in, :class:`~svcdesign.results.Results` out.

    Attributes
    ----------
    name:
        The engine's name, as in ``Results.data["engine"]``.
    description:
        One line saying what it computes.
    function:
        ``function(scenario, **options) -> Results``.
    display_options:
        Options that change how a run is shown or where it runs, not its numbers (left out of the
        memo's key).
    """

    name: str
    description: str
    function: Callable[..., Any]
    display_options: tuple[str, ...] = ()

    @property
    def options(self) -> tuple[str, ...]:
        """Names of the keyword options the engine takes (everything after the scenario)."""
        return tuple(inspect.signature(self.function).parameters)[1:]

    def check_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """``options`` with the engine's defaults filled in; raises InputError naming an unknown option."""
        unknown = [name for name in options if name not in self.options]
        if unknown:
            raise InputError("options", unknown[0], f"an option of the {self.name} engine: one of {list(self.options)}")
        bound = inspect.signature(self.function).bind_partial(**options)
        bound.apply_defaults()
        return dict(bound.arguments)

    def run(self, scenario: Scenario, **options: Any) -> Results:
        """The engine's results for ``scenario`` (computed now, not memoised)."""
        self.check_options(options)
        return self.function(scenario, **options)


ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine(
            "analytic",
            "Traffic equations and Erlang A/C per stage and interval over a typical week: instant.",
            evaluate,
        ),
        Engine(
            "simulation",
            "Discrete-event simulation of the chain: replications with 95 % confidence intervals.",
            simulate,
            display_options=("client", "progress"),
        ),
        Engine(
            "dynamics",
            "Weeks to years: service-quality erosion, staff, customers and money, one period per week.",
            run_dynamics,
        ),
    )
}
"""Every engine by name."""


def get_engine(name: str) -> Engine:
    """The engine called ``name``; raises InputError naming the value and the engines there are."""
    engine = ENGINES.get(name) if isinstance(name, str) else None
    if engine is None:
        raise InputError("engine", name, f"one of {list(ENGINES)}")
    return engine


def run(engine: str, scenario: Scenario, **options: Any) -> Results:
    """``get_engine(engine).run(scenario, **options)``, computed once per scenario, engine and options.

    The results are kept in the one memo of engine results (:data:`.memo.MEMO`: the
    :data:`~.memo.MEMO_SIZE` runs used last, keyed by the engine, the scenario's canonical JSON and the
    options with their defaults; see :mod:`.memo`) and shared, not copied: do not change them in place.
    Runs whose options cannot be keyed, and calls that return more than ``Results`` (the simulation's
    ``log=True``), are computed every time.
    """
    chosen = get_engine(engine)
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    settings = chosen.check_options(options)
    try:
        key = run_key(chosen.name, scenario, {k: v for k, v in settings.items() if k not in chosen.display_options})
    except Unkeyable:
        return chosen.function(scenario, **options)
    found = MEMO.get(key)
    if found is None:
        found = chosen.function(scenario, **options)
        if not isinstance(found, Results):
            return found
        MEMO.put(key, found)
    return found
