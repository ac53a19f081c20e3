"""Random streams: one independent, reproducible generator per replication.

Replication r of a run with seed ``seed`` draws from ``numpy.random.Generator(PCG64(ss))`` where
``ss = SeedSequence(seed, spawn_key=(r,))`` — exactly the r-th child of ``SeedSequence(seed).spawn(R)``.
SeedSequence hashes the seed and the spawn key into well-separated PCG64 states, so replications are
statistically independent (NumPy, "Parallel random number generation"), and a replication's stream does
not depend on how many replications there are or on which machine or worker runs it: a Dask run equals a
serial run. The generator is passed into the numba kernel, which draws from it directly (numba supports
``numpy.random.Generator`` arguments). Variants in a parameter sweep use the same seeds for the same
replication index (common random numbers), which sharpens comparisons between variants.
"""

from __future__ import annotations

import numpy as np

from ...errors import InputError


def check_seed(seed: object) -> int:
    """A seed must be a whole number >= 0."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("seed", seed, "a whole number >= 0")
    return int(seed)


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """The seed sequence of replication ``replication`` (0-based) of a run seeded with ``seed``."""
    return np.random.SeedSequence(check_seed(seed), spawn_key=(int(replication),))


def replication_generator(seed: int, replication: int) -> np.random.Generator:
    """A fresh generator for replication ``replication`` of a run seeded with ``seed``."""
    return np.random.Generator(np.random.PCG64(replication_seed(seed, replication)))
