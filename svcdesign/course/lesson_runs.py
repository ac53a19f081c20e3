"""The course's model runs, computed once per session.

Exercises, their feedback and the experiments often evaluate the same variant. Engine runs go through
the engine registry's memo (:func:`svcdesign.engines.registry.run`, keyed by the scenario's canonical
JSON), shared with explore; what the course derives from them (experience, satisfaction, loyalty and
costs) is kept here, in a small bounded cache keyed the same way.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from typing import Any

from ..engines.registry import run
from ..model import Scenario
from ..model.examples import load_example
from ..response import assess as assess_results
from ..response import experience as assess_experience
from ..results import Results

CACHE_SIZE = 256
"""Most derived results kept (an assessed run of the analytic engine holds about 1 MB)."""

_cache: OrderedDict[tuple[str, str], Any] = OrderedDict()


def cached(kind: str, scenario: Scenario, run: Callable[[Scenario], Any]) -> Any:
    """``run(scenario)``, computed once per (kind, scenario)."""
    key = (kind, scenario.model_dump_json())
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    value = run(scenario)
    _cache[key] = value
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return value


def evaluate(scenario: Scenario) -> Results:
    """The analytic engine's results (without the staffing requirement, which the course computes
    where it needs it), from the engine registry's memo."""
    return run("analytic", scenario, staffing=False)


def assess(scenario: Scenario, **options: Any) -> Results:
    """Operations plus experience, satisfaction, loyalty and costs (``svcdesign.response.assess``
    with ``options``), cached."""
    kind = "assess " + json.dumps(options, sort_keys=True, default=str)
    return cached(kind, scenario, lambda s: assess_results(s, evaluate(s), **options))


@cache
def example(name: str) -> Scenario:
    """An example scenario shipped with svcdesign (loaded once; scenarios are immutable)."""
    return load_example(name)


def experience(scenario: Scenario, **options: Any) -> Results:
    """``svcdesign.response.experience`` of the scenario's analytic results with ``options``
    (reference, promises, overrides …), cached."""
    kind = "experience " + json.dumps(options, sort_keys=True, default=str)
    return cached(kind, scenario, lambda s: assess_experience(s, evaluate(s), **options))
