"""The multi-skill chain's states and moves, enumerated by a compiled kernel.

:func:`enumerate_states` is :func:`._ctmc.explore` run with the moves of
:meth:`.multiskill._Chain.moves_with`, compiled: the same states in the same (breadth-first) order, and
the same moves out of each state in the same order with the same rates (the same floating-point
products), so the generator — and the stationary distribution solved from it — is the same bit for bit.

A state (busy agents of each (type, group) pair of the routing, then each type's queue) is numbered by
its code in the mixed radix (n_g + 1 for a pair of group g, K_i + 1 for the queue of type i, capped at
K_i), and the states found so far by an open-addressing hash table of codes (linear probing, doubled when
half full). The Python enumeration spent most of its time building a tuple and a list per move; this one
takes under half a microsecond a state (``benchmarks/bench_markov.py``: 16 times faster). Where a code
would not fit in 62 bits, :meth:`.multiskill._Chain.explore` runs the Python enumeration instead.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_MIX = 0x5851F42D4C957F2D
"""Odd multiplier that spreads a state's code over the hash table (Knuth's MMIX LCG multiplier)."""


@njit(cache=True)
def _slot(keys, code):
    """The hash table's slot holding ``code``, or the empty slot (key −1) where it would go."""
    mask = keys.size - 1
    h = ((code ^ (code >> 29)) * _MIX) & mask
    while keys[h] != -1 and keys[h] != code:
        h = (h + 1) & mask
    return h


@njit(cache=True)
def _grown(keys, values):
    """The hash table doubled, every code moved to its slot in the new one."""
    new_keys = np.full(2 * keys.size, -1, dtype=np.int64)
    new_values = np.empty(2 * keys.size, dtype=np.int64)
    for s in range(keys.size):
        if keys[s] != -1:
            t = _slot(new_keys, keys[s])
            new_keys[t] = keys[s]
            new_values[t] = values[s]
    return new_keys, new_values


@njit(cache=True)
def enumerate_states(
    lam,
    theta,
    rates,
    agents,
    pair_group,
    pair_of,
    route_start,
    route_groups,
    prio_start,
    prio_types,
    caps,
    radix,
    limit,
):
    """The states reachable from the empty system, breadth first (one row each), the generator's
    off-diagonal entries in the order of :func:`._ctmc.explore` (rows, columns, rates) and the number of
    states; −1 (and nothing) when more than ``limit`` states are reachable.

    Per type i: arrival rate ``lam[i]`` and abandonment rate ``theta[i]`` (0: nobody abandons), its
    routing ``route_groups[route_start[i]:route_start[i + 1]]`` and queue cap ``caps[i]``; per pair k of
    the routing: its group ``pair_group[k]`` and service rate ``rates[k]``; ``pair_of[i, g]`` the pair of
    type i and group g; per group g: ``agents[g]`` and the types it takes from the queues in the order
    ``prio_types[prio_start[g]:prio_start[g + 1]]``; ``radix`` the states' mixed radix (see the module)."""
    n_pairs = pair_group.size
    n_types = lam.size
    width = n_pairs + n_types
    stride = np.ones(width, dtype=np.int64)
    for d in range(1, width):
        stride[d] = stride[d - 1] * radix[d - 1]
    states = np.zeros((min(limit, 1024), width), dtype=np.int64)
    keys = np.full(4096, -1, dtype=np.int64)
    values = np.empty(4096, dtype=np.int64)
    start = _slot(keys, 0)  # the empty system, state 0
    keys[start] = 0
    values[start] = 0
    n = 1
    per_state = 2 * n_types + n_pairs
    rows = np.empty(per_state * states.shape[0], dtype=np.int64)
    cols = np.empty_like(rows)
    vals = np.empty(rows.size)
    m = 0
    idle = np.empty(agents.size, dtype=np.int64)
    nxt = np.empty(width, dtype=np.int64)
    move_rates = np.empty(per_state)
    move_codes = np.empty(per_state, dtype=np.int64)
    head = 0
    while head < n:
        state = states[head]
        code = 0
        for d in range(width):
            code += state[d] * stride[d]
        for g in range(agents.size):
            idle[g] = agents[g]
        for k in range(n_pairs):
            idle[pair_group[k]] -= state[k]
        moves = 0
        for i in range(n_types):  # the moves of _Chain.moves_with, in its order
            if lam[i] > 0.0:
                to = -1
                for r in range(route_start[i], route_start[i + 1]):
                    if idle[route_groups[r]] > 0:
                        to = pair_of[i, route_groups[r]]
                        break
                if to >= 0:
                    move_rates[moves] = lam[i]
                    move_codes[moves] = code + stride[to]
                    moves += 1
                elif state[n_pairs + i] + 1 <= caps[i]:  # an arrival finding its queue at the cap is dropped
                    move_rates[moves] = lam[i]
                    move_codes[moves] = code + stride[n_pairs + i]
                    moves += 1
            waiting = state[n_pairs + i]
            if waiting and theta[i] > 0.0:
                move_rates[moves] = waiting * theta[i]
                move_codes[moves] = code - stride[n_pairs + i]
                moves += 1
        for k in range(n_pairs):
            busy = state[k]
            if not busy:
                continue
            g = pair_group[k]
            to_code = code - stride[k]
            for p in range(prio_start[g], prio_start[g + 1]):
                j = prio_types[p]
                if state[n_pairs + j]:
                    to_code += stride[pair_of[j, g]] - stride[n_pairs + j]
                    break
            move_rates[moves] = busy * rates[k]
            move_codes[moves] = to_code
            moves += 1
        for e in range(moves):  # the loop of _ctmc.explore
            rate = move_rates[e]
            to_code = move_codes[e]
            if rate <= 0.0 or to_code == code:
                continue
            s = _slot(keys, to_code)
            if keys[s] == -1:
                if n >= limit:
                    return states[:0], rows[:0], cols[:0], vals[:0], -1
                if n == states.shape[0]:
                    bigger = np.zeros((min(limit, 2 * n), width), dtype=np.int64)
                    bigger[:n] = states
                    states = bigger
                rest = to_code
                for d in range(width - 1, -1, -1):
                    nxt[d] = rest // stride[d]
                    rest -= nxt[d] * stride[d]
                states[n] = nxt
                keys[s] = to_code
                values[s] = n
                n += 1
                if 2 * n > keys.size:
                    keys, values = _grown(keys, values)
                    s = _slot(keys, to_code)
            if m == rows.size:
                rows = np.concatenate((rows, np.empty_like(rows)))
                cols = np.concatenate((cols, np.empty_like(cols)))
                vals = np.concatenate((vals, np.empty_like(vals)))
            rows[m] = head
            cols[m] = values[s]
            vals[m] = rate
            m += 1
        head += 1
    return states[:n], rows[:m], cols[:m], vals[:m], n
