"""Checks on the arguments of the queueing functions.

Every check turns its argument into a float array and raises :class:`svcdesign.errors.InputError`
naming the argument (with the element index for arrays), the offending value and what is allowed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import InputError


def as_float_array(
    name: str,
    value: Any,
    *,
    low: float = 0.0,
    low_open: bool = False,
    high: float = np.inf,
    high_open: bool = False,
    allow_inf: bool = False,
) -> np.ndarray:
    """``value`` as a float array, every element within the stated bounds.

    ``low``/``high`` are the bounds, ``*_open`` makes a bound strict. ``allow_inf`` admits ``+inf``
    (for example an infinite mean patience); NaN is never allowed.
    """
    if type(value) is float and low <= value < high and (value > low or not low_open):
        return np.asarray(value)  # a float inside the bounds (NaN and inf fail them): nothing to report
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, value, "a number or an array of numbers") from None
    bad = np.isnan(arr) | (np.isinf(arr) & ~(allow_inf & (arr > 0)))
    bad |= (arr <= low) if low_open else (arr < low)
    if np.isfinite(high):
        bad |= (arr >= high) if high_open else (arr > high)
    if np.any(bad):
        allowed = _describe(low, low_open, high, high_open, allow_inf)
        if arr.ndim == 0:
            raise InputError(name, arr.item(), allowed)
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        shown = index[0] if len(index) == 1 else index
        raise InputError(f"{name}[{shown}]", arr[index].item(), allowed)
    return arr


def _describe(low: float, low_open: bool, high: float, high_open: bool, allow_inf: bool) -> str:
    left = "(" if low_open else "["
    if np.isfinite(high):
        right = ")" if high_open else "]"
        return f"a number in {left}{low:g}, {high:g}{right}"
    if low == 0.0:
        kind = "a positive number" if low_open else "a non-negative number"
    else:
        kind = f"a number {'>' if low_open else '>='} {low:g}"
    return kind + (" (inf allowed)" if allow_inf else " (finite)")


def shape_of(**arrays: np.ndarray) -> tuple[int, ...]:
    """The broadcast shape of the arguments, or an InputError naming them if they do not broadcast."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise InputError("shapes", shapes, "array shapes that broadcast together") from None
