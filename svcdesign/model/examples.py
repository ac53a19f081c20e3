"""The example scenarios shipped with svcdesign (``datasets/scenarios/``).

Each is a complete, documented scenario a user can run without data of their own; its ``notes`` and
``sources`` fields say where every number comes from.
"""

from __future__ import annotations

from .._resources import dataset_path
from ..errors import InputError
from . import Scenario


def example_names() -> list[str]:
    """Names of the shipped example scenarios (file names without ``.yaml``)."""
    return sorted(p.stem for p in dataset_path("scenarios").glob("*.yaml"))


def load_example(name: str) -> Scenario:
    """Load a shipped example scenario by name, e.g. ``load_example("bank")``."""
    names = example_names()
    if name not in names:
        raise InputError("name", name, f"one of the example scenarios {names}")
    return Scenario.load(dataset_path("scenarios", f"{name}.yaml"))
