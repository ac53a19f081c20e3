"""One replication of a compiled network: the kernel run with its random stream, and its accumulators.

Used by the serial runs of :mod:`.run` and the Dask runs of :mod:`.parallel` alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .kernel import KernelInputs, allocate, simulate_once
from .streams import replication_generator


@dataclass
class Replication:
    """The accumulators of one replication (see :mod:`.kernel` for the column codes).

    ``counts[S, NI, K, N_C]`` and ``sums[S, NI, K, N_W]`` (seconds) by the interval of arrival at the
    stage; ``integrals[S, NI, N_T]`` (contact- or agent-seconds) by the interval in which time elapsed;
    ``journeys[NI, K, N_E]`` and ``journey_time[NI, K]`` (seconds) by the interval of the customer's
    first contact; ``visits`` the visit table ``(int columns, float columns)`` when a log was asked for.
    """

    counts: np.ndarray
    sums: np.ndarray
    integrals: np.ndarray
    journeys: np.ndarray
    journey_time: np.ndarray
    visits: tuple[np.ndarray, np.ndarray] | None = None

    def visit_table(self) -> tuple[np.ndarray, np.ndarray]:
        """``visits``; ValueError if the replication kept none (it ran without ``keep_log``)."""
        if self.visits is None:
            raise ValueError("this replication kept no visit table: it ran without keep_log")
        return self.visits


def run_replication(inputs: KernelInputs, seed: int, replication: int, keep_log: bool = False) -> Replication:
    """Run replication ``replication`` of a compiled network with the stream of ``(seed, replication)``.

    The result does not depend on ``keep_log`` (only the visit table's bookkeeping does).
    """
    work = allocate(inputs, keep_log)
    rows, vi, vf = simulate_once(inputs, replication_generator(seed, replication), work, keep_log)
    visits = (vi[:rows].copy(), vf[:rows].copy()) if keep_log else None
    return Replication(
        counts=work.counts,
        sums=work.sums,
        integrals=work.integrals,
        journeys=work.journeys,
        journey_time=work.journey_time,
        visits=visits,
    )
