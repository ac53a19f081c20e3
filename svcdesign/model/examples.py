"""The example scenarios shipped with svcdesign (``datasets/scenarios/``).

Each is a complete, documented scenario a user can run without data of their own; its ``notes`` and
``sources`` fields say where every number comes from. :func:`example_names` lists them all (the examples
the dashboard offers and the tests of every layer run); :func:`multiskill_example_names` those with a
multi-skill service desk (``service_desk``), which every layer reads too.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .._resources import dataset_path
from ..errors import InputError
from . import Scenario
from .files import read_scenario_file


@cache
def _has_service_desk(path: Path) -> bool:
    """Whether the scenario file at ``path`` describes a multi-skill service desk (read once per path)."""
    data = read_scenario_file(path)
    return isinstance(data, dict) and data.get("service_desk") is not None


def _examples(multiskill: bool | None) -> list[str]:
    paths = sorted(dataset_path("scenarios").glob("*.yaml"))
    return [p.stem for p in paths if multiskill is None or _has_service_desk(p) == multiskill]


def example_names() -> list[str]:
    """Names of the shipped example scenarios (file names without ``.yaml``)."""
    return _examples(multiskill=None)


def multiskill_example_names() -> list[str]:
    """Names of the shipped examples with a multi-skill service desk (a subset of :func:`example_names`)."""
    return _examples(multiskill=True)


def load_example(name: str) -> Scenario:
    """Load a shipped example scenario by name, e.g. ``load_example("bank")``."""
    names = example_names()
    if name not in names:
        raise InputError("name", name, f"one of the example scenarios {sorted(names)}")
    return Scenario.load(dataset_path("scenarios", f"{name}.yaml"))
