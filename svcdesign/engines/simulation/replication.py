"""One replication of a compiled network: the kernel run with its random stream, and its accumulators.

Used by the serial runs of :mod:`.run` and the Dask runs of :mod:`.parallel` alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba as nb
import numpy as np

from . import kernel as K
from . import pools_kernel as P
from .kernel import KernelInputs, allocate, simulate_once
from .lean_kernel import lean_shape, simulate_lean
from .pools import SG_SPEED, PooledInputs
from .streams import replication_generator


@dataclass
class GroupTallies:
    """The agent groups' tallies of one replication of a network with pools (see :mod:`.pools_kernel`).

    ``integrals[G, NI, N_G]``: ∫ agents present, ∫ busy agents and ∫ contacts held per group and interval
    (agent- or contact-seconds; columns :data:`.pools_kernel.G_PRESENT`, ``G_BUSY``, ``G_HELD``);
    ``answered_by[S, G, NI]``: contacts answered per stage and group, by the interval of arrival at the
    stage; ``callbacks[S, NI, N_CB]``: callbacks offered and accepted per stage, likewise.
    """

    integrals: np.ndarray
    answered_by: np.ndarray
    callbacks: np.ndarray


@dataclass
class Replication:
    """The accumulators of one replication (see :mod:`.kernel` for the column codes).

    ``counts[S, NI, K, N_C]`` and ``sums[S, NI, K, N_W]`` (seconds) by the interval of arrival at the
    stage; ``integrals[S, NI, N_T]`` (contact- or agent-seconds) by the interval in which time elapsed;
    ``journeys[NI, K, N_E]`` and ``journey_time[NI, K]`` (seconds) by the interval of the customer's
    first contact; ``visits`` the columns of the visit table that the log needs (:func:`log_columns`) when
    a log was asked for, until :func:`take_visits` hands them over to the log.
    """

    counts: np.ndarray
    sums: np.ndarray
    integrals: np.ndarray
    journeys: np.ndarray
    journey_time: np.ndarray
    visits: dict[str, np.ndarray] | None = None
    groups: GroupTallies | None = None


def take_visits(reps: list[Replication]) -> list[dict[str, np.ndarray]]:
    """The visit columns of every replication, removed from it (so that the log can free them as it is
    framed); ValueError if a replication kept none (it ran without ``keep_log``, or they were taken)."""
    if any(r.visits is None for r in reps):
        raise ValueError("a replication kept no visit table: it ran without keep_log")
    out = [r.visits for r in reps if r.visits is not None]
    for r in reps:
        r.visits = None
    return out


def _code_dtype(n: int) -> type[np.signedinteger]:
    """The narrowest signed integer type holding codes 0..n-1 (as pandas stores categorical codes)."""
    return np.int8 if n <= 127 else np.int16 if n <= 32767 else np.int32


def log_columns(inputs: KernelInputs, vi: np.ndarray, vf: np.ndarray, rows: int) -> dict[str, np.ndarray]:
    """The first ``rows`` rows of the visit table's columns that the log shows, each a contiguous array.

    Times (s) and ids stay float64 and int64; class and stage indices and the status and route codes
    (all small) are narrowed exactly, to the integer types their categorical columns will use. The
    columns are gathered in one pass over the table's rows (:func:`_gather_log`): a column at a time
    would read the whole table once per column.
    """
    types: dict[str, type[np.signedinteger]] = {
        "contact": np.int64,
        "customer": np.int64,
        "class": _code_dtype(inputs.rates.shape[1]),
        "stage": _code_dtype(inputs.staff.shape[0]),
        "status": np.int8,
        "agent": np.int64,
        "route": np.int8,
        "next_stage": np.int64,
        "parent": np.int64,
    }
    out = {name: np.empty(rows, dtype=dtype) for name, dtype in types.items()}
    out.update({name: np.empty(rows) for name in ("arrival", "start", "end")})
    _gather_log(vi, vf, rows, *out.values())
    return out


@nb.njit(cache=True, nogil=True)
def _gather_log(
    vi, vf, rows, contact, customer, klass, stage, status, agent, route, next_stage, parent, arrival, start, end
):
    """Copy the log's columns of the first ``rows`` rows of ``vi`` and ``vf`` into the arrays given (a
    whole number that fits the narrower type is copied exactly)."""
    for r in range(rows):
        contact[r] = vi[r, K.VI_CONTACT]
        customer[r] = vi[r, K.VI_CUSTOMER]
        klass[r] = vi[r, K.VI_CLASS]
        stage[r] = vi[r, K.VI_STAGE]
        status[r] = vi[r, K.VI_STATUS]
        agent[r] = vi[r, K.VI_AGENT]
        route[r] = vi[r, K.VI_ROUTE]
        next_stage[r] = vi[r, K.VI_NEXT]
        parent[r] = vi[r, K.VI_PARENT]
        arrival[r] = vf[r, K.VF_ARRIVE]
        start[r] = vf[r, K.VF_START]
        end[r] = vf[r, K.VF_END]


def run_replication(
    inputs: KernelInputs, seed: int, replication: int, keep_log: bool = False, general: bool = False
) -> Replication:
    """Run replication ``replication`` of a compiled network with the stream of ``(seed, replication)``.

    The result does not depend on ``keep_log`` (only the visit table's bookkeeping does, and with it the
    order in which the contacts still in the system at the horizon are added: sums may differ in their
    last bits). A network with agent pools (:data:`.pools.PooledInputs`) runs on the pools kernel and
    also returns group tallies. A single-stage network (:func:`.lean_kernel.lean_shape`) runs on the
    single-stage kernel, whose results are the general kernel's (counts and the log bit for bit, some sums
    up to the order in which they are added); ``general=True`` (an internal switch, for the tests and
    benchmarks that compare the two) runs it on the general kernel instead.
    """
    if isinstance(inputs, PooledInputs):
        return _run_pooled(inputs, seed, replication, keep_log)
    work = allocate(inputs, keep_log)
    run = simulate_once if general or not lean_shape(inputs) else simulate_lean
    rows, vi, vf = run(inputs, replication_generator(seed, replication), work, keep_log)
    visits = log_columns(inputs, vi, vf, rows) if keep_log else None
    return Replication(
        counts=work.counts,
        sums=work.sums,
        integrals=work.integrals,
        journeys=work.journeys,
        journey_time=work.journey_time,
        visits=visits,
    )


def _run_pooled(inputs: PooledInputs, seed: int, replication: int, keep_log: bool) -> Replication:
    """:func:`run_replication` on the pools kernel. A stage served by its own staff is the kernel's group
    ``G + j`` (the j-th such stage): its agents present are that group's; a stage the pools serve has no
    agents of its own, so its ``T_PRESENT`` is NaN (agents and occupancy are the groups'). In the log,
    ``agent`` is the agent's index within its group."""
    work = P.allocate_pooled(inputs, keep_log)
    rows, vi, vf = P.simulate_pooled(inputs, replication_generator(seed, replication), work, keep_log)
    visits = log_columns(inputs, vi, vf, rows) if keep_log else None
    G = int(inputs.n_groups)
    integrals = work.integrals
    pooled = (inputs.sg_float[SG_SPEED, :, :G] > 0).any(axis=1)
    own = np.flatnonzero(~pooled)
    integrals[pooled, :, K.T_PRESENT] = np.nan
    integrals[own, :, K.T_PRESENT] = work.group_integrals[G : G + len(own), :, P.G_PRESENT]
    groups = GroupTallies(
        integrals=work.group_integrals[:G].copy(),
        answered_by=work.answered_by[:, :G].copy(),
        callbacks=work.callbacks,
    )
    return Replication(
        counts=work.counts,
        sums=work.sums,
        integrals=integrals,
        journeys=work.journeys,
        journey_time=work.journey_time,
        visits=visits,
        groups=groups,
    )
