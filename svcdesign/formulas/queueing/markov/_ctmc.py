"""Finite continuous-time Markov chains: the reachable states and the stationary distribution.

A model describes its chain by a start state and a function listing the moves out of a state
(``(rate, next_state)`` pairs, states being tuples of small integers). :func:`explore` enumerates
the states reachable from the start (breadth first) and the sparse generator; :func:`stationary`
solves πQ = 0, Σπ = 1 by a sparse LU factorisation (scipy's SuperLU) with one balance equation
replaced by the normalisation. A direct solve is exact to rounding but its fill-in grows fast with
the number of queues: a few thousand states take milliseconds, tens of thousands of states of a
three-queue chain take seconds (an iterative solver, GMRES with an incomplete-LU preconditioner,
did not converge on these generators). The chain must be irreducible on the reachable states, which a
breadth-first enumeration from a state that every state can return to guarantees (every model here
returns to its empty or its start state by services and abandonments).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ....errors import InputError

if TYPE_CHECKING:
    import scipy.sparse as sp

State = tuple[int, ...]
Moves = Callable[[State], Iterable[tuple[float, State]]]


class TooManyStates(Exception):
    """Raised by :func:`explore` when the reachable states exceed the limit (the caller turns it
    into an :class:`~svcdesign.errors.InputError` that names its own argument)."""


def explore(start: State, moves: Moves, max_states: int) -> tuple[list[State], sp.csr_matrix]:
    """The states reachable from ``start`` and the generator matrix Q (rows sum to zero).

    Raises :class:`TooManyStates` as soon as more than ``max_states`` states are found.
    """
    index: dict[State, int] = {start: 0}
    states: list[State] = [start]
    rows: list[int] = []
    cols: list[int] = []
    rates: list[float] = []
    head = 0
    while head < len(states):
        state = states[head]
        for rate, nxt in moves(state):
            if rate <= 0.0 or nxt == state:
                continue
            j = index.get(nxt)
            if j is None:
                j = len(states)
                if j >= max_states:
                    raise TooManyStates
                index[nxt] = j
                states.append(nxt)
            rows.append(head)
            cols.append(j)
            rates.append(rate)
        head += 1
    return states, generator(rows, cols, rates, len(states))


def generator(rows: Any, cols: Any, rates: Any, size: int) -> sp.csr_matrix:
    """The generator matrix Q of ``size`` states from its off-diagonal rates (``rates[e]`` from state
    ``rows[e]`` to ``cols[e]``; repeated pairs add up): each diagonal entry minus its row's sum."""
    import scipy.sparse as sp  # on first use: the Erlang formulas beside this package do not need it

    off = sp.csr_matrix((rates, (rows, cols)), shape=(size, size))
    q = off - sp.diags(np.asarray(off.sum(axis=1)).ravel())
    return q.tocsr()


def stationary(q: sp.csr_matrix) -> np.ndarray:
    """The stationary distribution π of the irreducible generator ``q`` (πQ = 0, Σπ = 1).

    The balance equation of state 0 gives way to π_0 = 1 (which keeps the matrix as sparse as Q,
    unlike a row of ones for Σπ = 1) and the solution is then normalised; should π_0 be so small
    that the others overflow, the system is solved again with the normalisation row.
    """
    size = q.shape[0]
    if size == 1:
        return np.ones(1)
    for pin_all in (False, True):
        pi = _solve(q, size, pin_all)
        if np.all(np.isfinite(pi)) and pi.sum() > 0:
            pi = np.clip(pi, 0.0, None)  # round-off below zero on negligible states
            return pi / pi.sum()
    raise FloatingPointError("the stationary distribution could not be solved")  # pragma: no cover


def _solve(q: sp.csr_matrix, size: int, pin_all: bool) -> np.ndarray:
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    qt = q.T.tocoo()
    keep = qt.row != 0  # the balance equation of state 0 gives way
    cols = np.arange(size) if pin_all else np.zeros(1, dtype=np.int64)
    a = sp.csc_matrix(
        (
            np.concatenate([qt.data[keep], np.ones(cols.size)]),
            (np.concatenate([qt.row[keep], np.zeros(cols.size, dtype=np.int64)]), np.concatenate([qt.col[keep], cols])),
        ),
        shape=(size, size),
    )
    b = np.zeros(size)
    b[0] = 1.0
    with np.errstate(all="ignore"):
        # minimum-degree ordering on A^T + A: about twice as fast as the default COLAMD on these
        # lattice-like generators (7 s against 13 s for the 46 656 states of three queues)
        return np.asarray(spla.spsolve(a, b, permc_spec="MMD_AT_PLUS_A"), dtype=float)


def too_large(field: str, value: int, what: str) -> InputError:
    """The error for a chain larger than ``max_states``: names the limit and the size reached."""
    return InputError(
        field,
        value,
        f"a larger state limit: {what} has more than {value} reachable states (memory and time grow "
        "with it; reduce agents, contact types or queue length, or use the simulation)",
    )
