"""Distributions for service times, patience and re-entry delays (all in seconds).

A :class:`Dist` is a small immutable description; :class:`DistTable` packs a set of them into flat arrays
that the numba kernel samples from (:func:`svcdesign.engines.simulation.kernel.draw`).

Kinds
-----
``exponential(mean)``
    Memoryless; the Erlang C/A assumption for service and patience.
``lognormal(mean, cv)``
    Parametrised by its mean and coefficient of variation (standard deviation / mean):
    σ² = ln(1 + cv²), μ = ln(mean) − σ²/2. Brown et al. (2005, JASA 100(469)) find call-centre service
    times close to lognormal.
``empirical(sample)``
    Resamples uniformly, with replacement, from the given observations (a bootstrap of real handle
    times or patience values).
``deterministic(value)``
    Always ``value``.
``never()``
    Infinite: for patience, a contact that never abandons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ...errors import InputError

KIND_EXPONENTIAL = 0
KIND_LOGNORMAL = 1
KIND_EMPIRICAL = 2
KIND_DETERMINISTIC = 3
KIND_NEVER = 4

_KIND_CODES = {
    "exponential": KIND_EXPONENTIAL,
    "lognormal": KIND_LOGNORMAL,
    "empirical": KIND_EMPIRICAL,
    "deterministic": KIND_DETERMINISTIC,
    "never": KIND_NEVER,
}


@dataclass(frozen=True)
class Dist:
    """A non-negative random duration in seconds.

    Build one with :func:`exponential`, :func:`lognormal`, :func:`empirical`, :func:`deterministic` or
    :func:`never`; those check their parameters. ``mean`` is in seconds, ``cv`` is dimensionless and
    ``sample`` holds observed durations in seconds (empirical only).
    """

    kind: str
    mean: float = math.nan
    cv: float = math.nan
    sample: tuple[float, ...] = field(default=(), repr=False)

    def check(self, where: str) -> None:
        """Raise :class:`InputError` naming ``where`` if the parameters are impossible."""
        if self.kind not in _KIND_CODES:
            raise InputError(f"{where}.kind", self.kind, f"one of {sorted(_KIND_CODES)}")
        if self.kind in ("exponential", "lognormal", "deterministic") and (
            not _finite_number(self.mean) or self.mean < 0 or (self.kind != "deterministic" and self.mean == 0)
        ):
            allowed = (
                "a finite number of seconds >= 0" if self.kind == "deterministic" else "a finite number of seconds > 0"
            )
            raise InputError(f"{where}.mean", self.mean, allowed)
        if self.kind == "lognormal" and (not _finite_number(self.cv) or self.cv < 0):
            raise InputError(f"{where}.cv", self.cv, "a finite coefficient of variation >= 0")
        if self.kind == "empirical":
            values = np.asarray(self.sample, dtype=float)
            if values.size == 0:
                raise InputError(f"{where}.sample", self.sample, "at least one observed duration")
            if not np.all(np.isfinite(values)) or np.any(values < 0):
                raise InputError(f"{where}.sample", self.sample, "finite durations in seconds >= 0")

    @property
    def expected(self) -> float:
        """Mean in seconds (``inf`` for :func:`never`)."""
        if self.kind == "never":
            return math.inf
        if self.kind == "empirical":
            return float(np.mean(self.sample))
        return float(self.mean)


def _finite_number(x: object) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) and math.isfinite(float(x))


def exponential(mean: float) -> Dist:
    """Exponential duration with the given mean (seconds, > 0)."""
    d = Dist("exponential", mean=_as_float(mean, "exponential.mean"))
    d.check("exponential")
    return d


def lognormal(mean: float, cv: float) -> Dist:
    """Lognormal duration with the given mean (seconds, > 0) and coefficient of variation (>= 0).

    ``cv = 0`` degenerates to a fixed duration.
    """
    d = Dist("lognormal", mean=_as_float(mean, "lognormal.mean"), cv=_as_float(cv, "lognormal.cv"))
    d.check("lognormal")
    return d


def empirical(sample: Sequence[float] | np.ndarray) -> Dist:
    """Resample, with replacement, from observed durations (seconds, >= 0)."""
    try:
        values = tuple(float(v) for v in np.asarray(sample, dtype=float).ravel())
    except (TypeError, ValueError):
        raise InputError("empirical.sample", sample, "a sequence of durations in seconds") from None
    d = Dist("empirical", sample=values)
    d.check("empirical")
    return d


def deterministic(value: float) -> Dist:
    """A fixed duration (seconds, >= 0)."""
    d = Dist("deterministic", mean=_as_float(value, "deterministic.value"))
    d.check("deterministic")
    return d


def never() -> Dist:
    """An infinite duration: patience of a contact that never abandons."""
    return Dist("never")


def _as_float(x: object, where: str) -> float:
    if isinstance(x, bool):
        raise InputError(where, x, "a number")
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(where, x, "a number") from None


class DistTable:
    """Packs distributions into the flat arrays the kernel samples from.

    ``add`` returns the index of a distribution in the table (identical distributions share an index).
    ``packed()`` gives the kernel's single array;
    ``arrays()`` returns ``(kind, p1, p2, emp_offset, emp_length, emp_data)``: for exponential ``p1`` = mean;
    for lognormal ``p1`` = μ and ``p2`` = σ of the underlying normal; for deterministic ``p1`` = value;
    empirical draws ``emp_data[emp_offset + U·emp_length]``.
    """

    def __init__(self) -> None:
        self._index: dict[Dist, int] = {}
        self._dists: list[Dist] = []

    def add(self, dist: Dist, where: str) -> int:
        if not isinstance(dist, Dist):
            raise InputError(where, dist, "a distribution such as exponential(mean) or lognormal(mean, cv)")
        dist.check(where)
        if dist not in self._index:
            self._index[dist] = len(self._dists)
            self._dists.append(dist)
        return self._index[dist]

    def __len__(self) -> int:
        return len(self._dists)

    def expected(self, index: np.ndarray) -> np.ndarray:
        """Means (seconds, ``inf`` for :func:`never`) of the distributions at ``index`` (any shape)."""
        means = np.array([d.expected for d in self._dists])
        return means[np.asarray(index)]

    def packed(self) -> np.ndarray:
        """One float array for the kernel: 5 numbers per distribution, then the empirical samples.

        Distribution d occupies ``[5d, 5d + 5)``: kind code, p1, p2, offset of its sample in the array,
        sample length (see :meth:`arrays` for p1 and p2).
        """
        kind, p1, p2, off, length, emp = self.arrays()
        head = np.column_stack([kind, p1, p2, off + 5 * len(kind), length]).astype(float).ravel()
        return np.concatenate([head, emp])

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n = max(len(self._dists), 1)
        kind = np.full(n, KIND_NEVER, dtype=np.int64)
        p1 = np.zeros(n)
        p2 = np.zeros(n)
        off = np.zeros(n, dtype=np.int64)
        length = np.zeros(n, dtype=np.int64)
        data: list[float] = []
        for i, d in enumerate(self._dists):
            kind[i] = _KIND_CODES[d.kind]
            if d.kind == "lognormal":
                sigma2 = math.log1p(d.cv * d.cv)
                p1[i] = math.log(d.mean) - sigma2 / 2.0
                p2[i] = math.sqrt(sigma2)
            elif d.kind in ("exponential", "deterministic"):
                p1[i] = d.mean
            elif d.kind == "empirical":
                off[i] = len(data)
                length[i] = len(d.sample)
                data.extend(d.sample)
        emp = np.asarray(data if data else [0.0], dtype=float)
        return kind, p1, p2, off, length, emp
