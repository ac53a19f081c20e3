"""Compiled parts of the journey-time system (:mod:`svcdesign.engines.journey`).

:func:`exponential_transforms` evaluates the closed form of :meth:`svcdesign.engines.journey.Grid.exponential`
element by element in the order of the numpy expression it replaced, complex arithmetic written out in
real numbers: a real times a complex number part by part, ``(a + ib)(c + id) = (ac − bd) + i(ad + bc)``,
and division by Smith's method with numpy's branches (Smith 1962, "Algorithm 116: Complex division",
Comm. ACM 5(8):435). Where the processor has fused multiply-add numpy rounds ``ac − bd`` once rather
than twice, so the two agree to about 1e-13 relative rather than to the last bit. Compiled, it spares
the array temporaries of some thirty thousand complex numbers per operation that the expression made
for every stage's waits.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _divide(ar: float, ai: float, br: float, bi: float) -> tuple[float, float]:
    """(ar + i·ai) / (br + i·bi) as numpy divides complex numbers (Smith's method, its branches)."""
    abs_r, abs_i = abs(br), abs(bi)
    if abs_r >= abs_i:
        if abs_r == 0.0 and abs_i == 0.0:
            return ar / abs_r, ai / abs_i
        rat = bi / br
        scl = 1.0 / (br + bi * rat)
        return (ar + ai * rat) * scl, (ai - ar * rat) * scl
    rat = br / bi
    scl = 1.0 / (bi + br * rat)
    return (ar * rat + ai) * scl, (ai * rat - ar) * scl


@njit(cache=True)
def exponential_transforms(q: np.ndarray, tail: np.ndarray, z: np.ndarray, z_tail: np.ndarray) -> np.ndarray:
    """(1 − q^½) + (1 − q)·q^½·z·(1 − q^(N−1)·z^(N−1)) / (1 − q·z) for each q [G] (``tail`` = q^(N−1))
    and frequency (``z`` and ``z_tail`` = z^(N−1), [F]): [G, F] complex."""
    G, F = q.size, z.size
    out = np.empty((G, F), dtype=np.complex128)
    for g in range(G):
        qg, tg = q[g], tail[g]
        half = np.sqrt(qg)
        scale = (1.0 - qg) * half
        for f in range(F):
            zr, zi = z[f].real, z[f].imag
            # (1 − q)·q^½·z, then times 1 − q^(N−1)·z^(N−1)
            ar, ai = scale * zr, scale * zi
            br, bi = 1.0 - tg * z_tail[f].real, 0.0 - tg * z_tail[f].imag
            nr, ni = ar * br - ai * bi, ar * bi + ai * br
            # over 1 − q·z
            rr, ri = _divide(nr, ni, 1.0 - qg * zr, 0.0 - qg * zi)
            out[g, f] = complex((1.0 - half) + rr, 0.0 + ri)
    return out
