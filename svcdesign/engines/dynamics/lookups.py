"""Lookup tables (Vensim ``WITH LOOKUP``): piecewise-linear in x, held flat beyond the end points.

The tables themselves live in the assumptions table as rows ``<table>@<x>`` (see
:meth:`svcdesign.assumptions.AssumptionTable.lookup`); this module only evaluates them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["interp"]


@njit(cache=True)
def interp(x: float, xs: np.ndarray, ys: np.ndarray) -> float:
    """y at ``x`` by linear interpolation between the points (xs, ys); xs increasing.

    Below ``xs[0]`` the value is ``ys[0]`` and above ``xs[-1]`` it is ``ys[-1]``, as in Vensim.
    """
    n = xs.shape[0]
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    i = 1
    while xs[i] < x:
        i += 1
    w = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
    return ys[i - 1] + w * (ys[i] - ys[i - 1])
