"""Compiled parts of the analytic engine's traffic iteration (:mod:`svcdesign.engines.analytic`).

:func:`segment_shares` is the first pass of :func:`svcdesign.engines.analytic._segment_abandonment`
(each segment's abandonment in proportion to its abandonment rate θ, the stage's total kept), the
pass that settles it unless some segment's share reaches 1: the same arithmetic in the same order as
the numpy expressions (the sums over segments and origins added one after another, as numpy reduces
leading axes), so its values are theirs to the last bit; where a share reaches 1 (the water-filling
that follows) or a figure is not finite it declines and the numpy path answers. It runs once per
round of the traffic iteration.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def segment_shares(p_abandon: np.ndarray, lam: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, bool]:
    """P(abandon) per segment and origin [K, O, S, T] sharing each stage's ``p_abandon`` [S, T] among the
    contacts ``lam`` [K, O, S, T] in proportion to ``theta`` [K, O, S]; False (the shares unfinished)
    where a share would reach 1 or a figure is not finite."""
    K, n_origins, S, T = lam.shape
    total = lam[0, 0].copy()  # [S, T], summed over segments and origins in order (periods innermost)
    free = np.empty((S, T))
    for s in range(S):
        for t in range(T):
            free[s, t] = lam[0, 0, s, t] * theta[0, 0, s]
    for k in range(K):
        for o in range(n_origins):
            if k > 0 or o > 0:
                for s in range(S):
                    for t in range(T):
                        total[s, t] += lam[k, o, s, t]
                        free[s, t] += lam[k, o, s, t] * theta[k, o, s]
    c = np.empty((S, T))
    for s in range(S):
        for t in range(T):
            left = p_abandon[s, t] * total[s, t] - 0.0  # nobody capped: nothing taken off
            c[s, t] = max(left, 0.0) / free[s, t] if free[s, t] > 0.0 else 0.0
            if not math.isfinite(c[s, t]):
                return np.empty(lam.shape), False
    out = np.empty(lam.shape)
    for k in range(K):
        for o in range(n_origins):
            for s in range(S):
                th = theta[k, o, s]
                for t in range(T):
                    share = c[s, t] * th
                    if share >= 1.0 and th > 0.0:
                        return out, False
                    out[k, o, s, t] = min(share, 1.0)
    return out, True


@njit(cache=True, error_model="numpy")
def _delay_into(out: np.ndarray, flow: np.ndarray, shift: int, target: np.ndarray, moved_on: bool) -> None:
    """``out`` [T] += ``flow`` [T] arriving ``shift`` periods later (wrapping round the week), each
    period's contacts then moved to period ``target`` [T] when ``moved_on`` (np.roll, then np.bincount
    in period order, then the addition: :func:`svcdesign.engines.analytic._delayed`)."""
    T = flow.size
    if moved_on:
        moved = np.zeros(T)
        for t in range(T):
            moved[target[t]] += flow[(t - shift) % T]
        for t in range(T):
            out[t] += moved[t]
    else:
        for t in range(T):
            out[t] += flow[(t - shift) % T]


@njit(cache=True, error_model="numpy")
def traffic_step(ext, flows, p_ab_seg, unserved, has_unserved, routing, shifts, targets, moved_on, entry):
    """One application of the traffic equations, :func:`svcdesign.engines.analytic._step`, in its order.

    ``routing``: ``(move [K, S, S], repeat [S], repeat_to [S], follow_up [S, S], retry [S])``;
    ``shifts`` [3, S] the repeat, follow-up and retry delays in periods; ``targets`` [S, T] the period in
    which contacts delayed to each stage arrive (where ``moved_on`` [S]), ``entry`` [C] each channel's
    entry stage. ``unserved`` [S, T] is read where ``has_unserved``.
    """
    move, repeat, repeat_to, follow_up, retry = routing
    C, K, n_origins, S, T = flows.shape
    served = np.empty(flows.shape)
    for c in range(C):
        for k in range(K):
            for o in range(n_origins):
                for s in range(S):
                    for t in range(T):
                        kept = 1.0 - p_ab_seg[k, o, s, t]
                        if has_unserved:
                            kept = kept * (1.0 - unserved[s, t])
                        served[c, k, o, s, t] = flows[c, k, o, s, t] * kept
    inflow = np.zeros(flows.shape)  # np.einsum("ckoit,kij->ckojt"): each sum over i in order, from 0
    for c in range(C):
        for k in range(K):
            for o in range(n_origins):
                for j in range(S):
                    for i in range(S):
                        m = move[k, i, j]
                        for t in range(T):
                            inflow[c, k, o, j, t] += served[c, k, o, i, t] * m
    handled = served[:, :, 0].copy()  # the sum over origins, in order
    for o in range(1, n_origins):
        handled += served[:, :, o]
    flow = np.empty(T)
    for i in range(S):
        if repeat[i] > 0:
            for c in range(C):
                dest = repeat_to[i] if repeat_to[i] >= 0 else entry[c]
                for k in range(K):
                    for t in range(T):
                        flow[t] = handled[c, k, i, t] * repeat[i]
                    _delay_into(inflow[c, k, 0, dest], flow, shifts[0, i], targets[dest], moved_on[dest])
    for i in range(S):
        for j in range(S):
            if follow_up[i, j] != 0:
                for c in range(C):
                    for k in range(K):
                        for t in range(T):
                            flow[t] = handled[c, k, i, t] * follow_up[i, j]
                        _delay_into(inflow[c, k, 1, j], flow, shifts[1, i], targets[j], moved_on[j])
    new = ext + inflow
    if np.any(retry > 0):  # abandoners who try again: added to every element (0 at other stages)
        redial = np.zeros(flows.shape)
        for s in range(S):
            if retry[s] > 0:
                for c in range(C):
                    for k in range(K):
                        for t in range(T):
                            lost = flows[c, k, 0, s, t] * p_ab_seg[k, 0, s, t]
                            for o in range(1, n_origins):
                                lost = lost + flows[c, k, o, s, t] * p_ab_seg[k, o, s, t]
                            flow[t] = lost * retry[s]
                        _delay_into(redial[c, k, 0, s], flow, shifts[2, s], targets[s], moved_on[s])
        new = new + redial
    return new


@njit(cache=True, error_model="numpy")
def stage_sums(flows: np.ndarray, handle_mean: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, ...]:
    """The sums :func:`svcdesign.engines.analytic._stage_inputs` mixes a stage's contacts with, in numpy's
    order: arrivals [S, T] (``flows`` [C, K, O, S, T] summed over channels, then segments and origins,
    one after another), and the arrival-weighted sums of the segments' handle times ``handle_mean``
    [K, S] and abandonment rates ``theta`` [K, O, S] (as np.einsum sums them: in order, from 0)."""
    C, K, n_origins, S, T = flows.shape
    by_kos = flows[0].copy()
    for c in range(1, C):
        by_kos += flows[c]
    arrivals = by_kos[0, 0].copy()
    handle = np.zeros((S, T))
    rate = np.zeros((S, T))
    for k in range(K):
        for o in range(n_origins):
            if k > 0 or o > 0:
                arrivals += by_kos[k, o]
            for s in range(S):
                h, th = handle_mean[k, s], theta[k, o, s]
                for t in range(T):
                    handle[s, t] += by_kos[k, o, s, t] * h
                    rate[s, t] += by_kos[k, o, s, t] * th
    return arrivals, handle, rate
