"""Access to the assumptions table for the customer models, with validated overrides.

Every coefficient of :mod:`svcdesign.formulas.customers` is a row of ``datasets/assumptions.csv`` in one of the
groups ``experience``, ``expectations``, ``satisfaction``, ``loyalty`` and ``costs``. A scenario's
``assumptions`` mapping (and any ``overrides`` given to a function) replace rows by name; unknown
names and values outside a row's range raise :class:`~svcdesign.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import checks
from ...assumptions import AssumptionTable, load_assumptions
from ...errors import InputError

WEIGHT_TOLERANCE = 1e-6
"""Weights that must sum to 1 may miss by this much (rounding in hand-written overrides)."""


def customer_table(
    scenario: Any = None, overrides: Mapping[str, Any] | None = None, table: AssumptionTable | None = None
) -> AssumptionTable:
    """The assumptions table with the scenario's overrides, then ``overrides``, applied (validated)."""
    base = table if table is not None else load_assumptions()
    merged: dict[str, Any] = {}
    if scenario is not None:
        merged.update(getattr(scenario, "assumptions", {}) or {})
    if overrides is not None:
        merged.update(checks.mapping("overrides", overrides, "a mapping of assumption name to number"))
    return base.with_overrides(merged)


def weights(table: AssumptionTable, prefix: str, names: tuple[str, ...]) -> dict[str, float]:
    """Weights ``<prefix><name>`` that must sum to 1; InputError naming them otherwise."""
    out = {name: table.value(prefix + name) for name in names}
    total = sum(out.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise InputError(
            f"{prefix}*", out, f"weights {list(out)} each in [0, 1] that sum to 1 (they sum to {total:.6g})"
        )
    return out


def check_weights(given: Mapping[str, float], allowed: tuple[str, ...], field: str) -> dict[str, float]:
    """Validate a user mapping of weights: known names, each in [0, 1], summing to 1."""
    checks.mapping(field, given, f"a mapping of {list(allowed)} to weights in [0, 1] that sum to 1")
    out: dict[str, float] = {}
    for name in allowed:
        if name not in given:
            raise InputError(field, dict(given), f"a weight for each of {list(allowed)} (missing '{name}')")
    for name, value in given.items():
        if name not in allowed:
            raise InputError(f"{field}.{name}", value, f"weights named {list(allowed)}")
        out[name] = checks.number(f"{field}.{name}", value, low=0.0, high=1.0, allowed="a weight in [0, 1]")
    total = sum(out.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise InputError(field, out, f"weights that sum to 1 (they sum to {total:.6g})")
    return out
