"""Multi-skill agent pools for the simulation: agent groups that serve several stages, as checked arrays.

A :class:`~.spec.NetworkSpec` whose ``pools`` is an :class:`AgentPools` runs on the pools kernel
(:mod:`.pools_kernel`): each stage is served either by its own ``staff`` row, as without pools (the
single-skill stages of the chain), or by the agent groups that hold a skill for it (the contact types of
a service desk; their ``staff`` rows must be 0). Shapes use G = agent groups, S = stages of the network,
NI = intervals and :data:`MAX_CONCURRENCY` chat slots. Times are seconds. The routing rules are those of
the exact multi-skill chain (:mod:`svcdesign.formulas.queueing.markov.multiskill`), extended by overflow
delays, trunk reservation, chat concurrency, blending and callbacks; the kernel's module docstring states
them in full, and ``docs/multiskill.md`` gives the design.
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ...errors import InputError
from .kernel import KernelInputs

MAX_CONCURRENCY = 10
"""Most contacts one agent can hold at once (the model's ``CONCURRENCY`` limit)."""

# ---- columns of the packed arrays ---------------------------------------------------------------------------
GP_OFF = 0  # gpar: offset of the group's agent slots
GP_CAP = 1  # gpar: agent slots (most staff, at least 1)
GP_LIMIT = 2  # gpar: contacts an agent can hold at once (concurrency; 1 = none)
GP_BLEND = 3  # gpar: blend_idle_above (-1: none)
N_GP = 4
SG_PREF = 0  # sg_int: the groups offered each stage, in order of preference (-1 padded)
SG_RESERVE = 1  # sg_int: g serves stage s only while more than this many of its agents are idle
SG_SPEED = 0  # sg_float: handle-time multiplier of group g on stage s (0: not offered)
SG_DELAY = 1  # sg_float: seconds from arrival until group g may take a stage-s contact (inf: never)
SG_RANK_DELAY = 2  # sg_float: the same for the group of each preference rank (inf padded)
SF_CB_OFFER = 0  # s_float: expected wait (s) above which a callback is offered (inf: never)
SF_CB_ACCEPT = 1  # s_float: probability that an offered callback is accepted
SF_CONCURRENT = 2  # s_float: 1 for chat stages (held concurrently by groups with a limit above 1)
N_SF = 3

POOL_FIELDS = (
    "n_groups",  # int: G, the pools' groups; groups G.. are one per single-skill stage (its own staff)
    "g_staff",  # [Gt, NI] int: agents on duty per group and interval
    "gpar",  # [Gt, N_GP] int: the groups' GP_* figures
    "g_slow",  # [Gt, MAX_CONCURRENCY] float: slowdown while holding j + 1 chats (inf beyond the limit)
    "g_order",  # [Gt, S] int: the stages each group takes from the queues, in order (-1 padded)
    "sg_int",  # [2, S, Gt] int: SG_PREF, SG_RESERVE
    "sg_float",  # [3, S, Gt] float: SG_SPEED, SG_DELAY, SG_RANK_DELAY
    "s_float",  # [S, N_SF] float: SF_CB_OFFER, SF_CB_ACCEPT, SF_CONCURRENT
    "svc_mean",  # [S, K] float: mean of each stage's service distribution per class (s)
    "open_staff",  # [S, NI] int: agents on duty who serve each stage (delayed entries wait for them)
    "rebalance",  # bool: agents take over chats from agents holding two more (even spread)
    "margin",  # int: heap rows one event can fill at most (the loop grows the heap before it could)
)
PooledInputs: Any = cast(Any, namedtuple("PooledInputs", [*KernelInputs._fields, *POOL_FIELDS]))
"""The kernel's inputs of a network with pools: every field of :class:`~.kernel.KernelInputs` (the
stages' ``staff`` rows, 0 for stages the pools serve) followed by :data:`POOL_FIELDS`."""


@dataclass(frozen=True)
class AgentPools:
    """Agent groups with skills over the stages of a network (arrays; seconds).

    Parameters
    ----------
    names:
        The groups' names, G distinct strings.
    staff:
        Agents on duty per group and interval, whole numbers >= 0, shape (G, NI) (or length G: the same
        in every interval).
    speed:
        Handle-time multiplier of group g on stage s, shape (S, G): a service of a stage-s contact by
        group g lasts a draw from the stage's service distribution × ``service_scale[s, i]`` ×
        ``speed[s, g]``. Positive and finite where g holds the skill; NaN or 0 where it does not. A stage
        some group holds a skill for is served by the pools (its ``staff`` row must be 0).
    preference:
        Rank of group g among the groups offered stage s, shape (S, G): 0 first, −1 not offered; the
        ranks of a stage are 0, 1, ... Default: every group with the skill, in group order.
    overflow_after:
        Seconds from a contact's arrival at stage s until group g may take it, shape (S, G): 0 for the
        first group, non-decreasing along the ranks, ``inf`` for never. Default 0 for every offered group.
    stage_priority:
        Per stage, lower first among the stages a free agent could serve (the default ``group_order``'s
        tie-break), whole numbers. Default 0.
    group_order:
        Rank of stage s in the order in which group g takes waiting contacts, shape (G, S): 0 first, −1
        for the stages g is not offered; exactly the offered stages, ranked 0, 1, ... Default: live
        stages before deferred ones for a blending group, then stages for which g has the lower
        preference rank (primary work before overflow), then ``stage_priority``, then stage number —
        set it to match :func:`~svcdesign.formulas.queueing.markov.multiskill_metrics`'s
        ``group_priorities``.
    reserve:
        Agents of group g kept for stage s, shape (S, G), whole numbers >= 0 (trunk reservation): g
        takes a contact of any other stage with an idle agent only while more than the largest reserve
        of g for the other stages are idle. Default 0.
    concurrency:
        Slowdown multipliers per group, shape (G, m) with m <= :data:`MAX_CONCURRENCY`: while an agent
        holds j chats each progresses at 1 / ``concurrency[g, j − 1]`` of its speed held alone; the
        first entry is 1, entries non-decreasing, NaN beyond the group's limit. Default: one contact
        at a time, ``[1, NaN, ...]``.
    concurrent:
        Per stage, True for a chat stage: held concurrently by groups whose limit is above 1. Default
        False.
    blend_idle_above:
        Per group, a whole number >= −1: the group starts a deferred stage's contact only while more
        than this many of its agents are idle (counting the one who would take it); −1 (default): no
        such rule.
    callback_offer_above, callback_accept:
        Per stage: a contact that must wait on arrival is offered a callback when its expected wait
        exceeds ``callback_offer_above`` seconds (``inf``, the default: never) and accepts with
        probability ``callback_accept`` (default 0); an acceptor keeps its place and never abandons.
    rebalance:
        True: when a chat ends and its agent has nothing waiting for it, the agent takes over one chat
        from the group's most loaded agent if that one holds at least two more, so that chats stay
        spread evenly as in the exact chat chain
        (:func:`~svcdesign.formulas.queueing.markov.chat_metrics`). False (default): a chat stays with
        the agent who took it.
    """

    names: Sequence[str]
    staff: Any
    speed: Any
    preference: Any = None
    overflow_after: Any = None
    stage_priority: Any = None
    group_order: Any = None
    reserve: Any = None
    concurrency: Any = None
    concurrent: Any = None
    blend_idle_above: Any = None
    callback_offer_above: Any = None
    callback_accept: Any = None
    rebalance: bool = False

    def compile(
        self, stage_staff: np.ndarray, deferred: np.ndarray, svc_mean: np.ndarray, n_classes: int
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        """Check every field against the network (S stages, NI intervals) and pack :data:`POOL_FIELDS`.

        ``stage_staff`` [S, NI] are the stages' own agents, ``deferred`` [S] the deferred stages,
        ``svc_mean`` [S, K] the stages' mean service times (s). Returns the packed fields and the group
        names. Raises :class:`InputError` naming the field (``pools.<field>``) on bad input.
        """
        S, NI = stage_staff.shape
        names = _group_names(self.names)
        G = len(names)
        staff = _staff(self.staff, G, NI)
        speed = _speed(self.speed, S, G)
        skilled = speed > 0
        pooled = np.asarray(skilled.any(axis=1))
        if np.any(stage_staff[pooled] != 0):
            s = int(np.argwhere(pooled & (stage_staff != 0).any(axis=1))[0, 0])
            raise InputError(f"staff[{s}]", stage_staff[s].tolist(), "0 at a stage the pools serve (pools.speed)")
        pref = _preference(self.preference, skilled, pooled)
        offered = pref >= 0
        delay = _overflow(self.overflow_after, pref, offered)
        stage_priority = _whole("pools.stage_priority", self.stage_priority, (S,), 0)
        reserve = _whole("pools.reserve", self.reserve, (S, G), 0)
        if np.any(reserve < 0) or np.any(reserve[~offered] != 0):
            raise InputError("pools.reserve", reserve.tolist(), "whole numbers >= 0, 0 where a group is not offered")
        slow, limit = _concurrency(self.concurrency, G)
        concurrent = _flags("pools.concurrent", self.concurrent, S)
        if np.any(concurrent & deferred):
            raise InputError("pools.concurrent", concurrent.tolist(), "False at deferred stages (chats are live)")
        blend = _whole("pools.blend_idle_above", self.blend_idle_above, (G,), -1)
        if np.any(blend < -1):
            raise InputError("pools.blend_idle_above", blend.tolist(), "whole numbers >= -1 (-1: no blending)")
        order = _group_order(self.group_order, pref, stage_priority, deferred, blend)
        offer = _floats("pools.callback_offer_above", self.callback_offer_above, (S,), math.inf)
        if np.any(np.isnan(offer)) or np.any(offer < 0):
            raise InputError("pools.callback_offer_above", offer.tolist(), "seconds >= 0 or inf per stage")
        accept = _floats("pools.callback_accept", self.callback_accept, (S,), 0.0)
        if not np.all((accept >= 0) & (accept <= 1)):
            raise InputError("pools.callback_accept", accept.tolist(), "probabilities in [0, 1] per stage")
        fields = _pack(stage_staff, staff, speed * offered, pref, delay, reserve, slow, limit, blend, order, pooled)
        if not isinstance(self.rebalance, (bool, np.bool_)):
            raise InputError("pools.rebalance", self.rebalance, "True or False")
        s_float = np.ascontiguousarray(np.stack([offer, accept, concurrent.astype(float)], axis=1))
        fields.update(
            rebalance=bool(self.rebalance), s_float=s_float, svc_mean=np.ascontiguousarray(svc_mean, dtype=float)
        )
        cap, most = int(fields["gpar"][:, GP_CAP].sum()), int(limit.max())
        fields["margin"] = 16 + n_classes + cap * (2 + most * (most + 1))
        return fields, names


def _pack(stage_staff, staff, speed, pref, delay, reserve, slow, limit, blend, order, pooled) -> dict[str, Any]:
    """The groups' arrays with one extra group per single-skill stage (its own staff, speed 1)."""
    S, NI = stage_staff.shape
    G = staff.shape[0]
    own = np.flatnonzero(~pooled)
    Gt = G + len(own)
    g_staff = np.concatenate([staff, stage_staff[own]]).astype(np.int64)
    full_speed = np.zeros((S, Gt))
    full_speed[:, :G] = speed
    full_pref = np.full((S, Gt), -1, dtype=np.int64)
    full_delay = np.full((S, Gt), np.inf)
    full_pref[:, :G] = pref
    full_delay[:, :G] = np.where(pref >= 0, delay, np.inf)
    full_order = np.full((Gt, S), -1, dtype=np.int64)
    full_order[:G] = order
    for j, stage in enumerate(own):
        full_speed[stage, G + j] = 1.0
        full_pref[stage, G + j] = 0
        full_delay[stage, G + j] = 0.0
        full_order[G + j, stage] = 0
    by_rank = np.full((S, Gt), -1, dtype=np.int64)
    rank_delay = np.full((S, Gt), np.inf)
    for s in range(S):
        groups = np.flatnonzero(full_pref[s] >= 0)
        groups = groups[np.argsort(full_pref[s, groups], kind="stable")]
        by_rank[s, : len(groups)] = groups
        rank_delay[s, : len(groups)] = full_delay[s, groups]
    stages_by_rank = np.full((Gt, S), -1, dtype=np.int64)
    for g in range(Gt):
        stages = np.flatnonzero(full_order[g] >= 0)
        stages_by_rank[g, : len(stages)] = stages[np.argsort(full_order[g, stages], kind="stable")]
    res_other = np.zeros((S, Gt), dtype=np.int64)
    for s in range(S):
        others = np.delete(reserve, s, axis=0)
        res_other[s, :G] = others.max(axis=0) if others.size else 0
    g_cap = np.maximum(g_staff.max(axis=1), 1).astype(np.int64)
    g_slow = np.concatenate([slow, np.tile(np.r_[1.0, np.full(MAX_CONCURRENCY - 1, np.inf)], (len(own), 1))])
    open_staff = (g_staff[None, :, :] * (full_speed > 0)[:, :, None]).sum(axis=1).astype(np.int64)
    gpar = np.stack(
        [
            np.concatenate([[0], np.cumsum(g_cap)[:-1]]),
            g_cap,
            np.concatenate([limit, np.ones(len(own), dtype=np.int64)]),
            np.concatenate([blend, np.full(len(own), -1)]),
        ],
        axis=1,
    )
    return {
        "n_groups": G,
        "g_staff": np.ascontiguousarray(g_staff),
        "gpar": np.ascontiguousarray(gpar, dtype=np.int64),
        "g_slow": np.ascontiguousarray(g_slow),
        "g_order": stages_by_rank,
        "sg_int": np.ascontiguousarray(np.stack([by_rank, res_other])),
        "sg_float": np.ascontiguousarray(np.stack([full_speed, full_delay, rank_delay])),
        "open_staff": open_staff,
    }


# ---- checks -------------------------------------------------------------------------------------------------
def _group_names(x: Any) -> tuple[str, ...]:
    if isinstance(x, str) or not isinstance(x, Sequence) or len(x) < 1:
        raise InputError("pools.names", x, "a list of one or more group names")
    names = tuple(str(n) for n in x)
    if len(set(names)) != len(names):
        raise InputError("pools.names", names, "distinct names")
    return names


def _array(field: str, x: Any) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise InputError(field, x, "numbers") from None


def _floats(field: str, x: Any, shape: tuple[int, ...], default: float) -> np.ndarray:
    if x is None:
        return np.full(shape, default)
    a = _array(field, x)
    if a.ndim == 0:
        a = np.full(shape, float(a))
    if a.shape != shape:
        raise InputError(field, f"array of shape {a.shape}", f"an array of shape {shape}")
    return a


def _whole(field: str, x: Any, shape: tuple[int, ...], default: int) -> np.ndarray:
    a = _floats(field, x, shape, default)
    if not np.all(np.isfinite(a)) or np.any(a != np.round(a)) or np.any(np.abs(a) > 2.0**53):
        raise InputError(field, a.tolist(), "whole numbers")
    return a.astype(np.int64)


def _flags(field: str, x: Any, S: int) -> np.ndarray:
    if x is None:
        return np.zeros(S, dtype=np.bool_)
    a = np.asarray(x, dtype=object)
    if a.ndim == 0:
        a = np.full(S, a.item(), dtype=object)
    if a.shape != (S,) or not all(isinstance(v, (bool, np.bool_)) for v in a):
        raise InputError(field, x, f"True or False per stage ({S})")
    return a.astype(np.bool_)


def _staff(x: Any, G: int, NI: int) -> np.ndarray:
    a = _array("pools.staff", x)
    if a.ndim == 1 and a.shape[0] == G:
        a = np.repeat(a[:, None], NI, axis=1)
    if a.shape != (G, NI):
        raise InputError(
            "pools.staff", f"array of shape {a.shape}", f"an array of shape (groups = {G}, intervals = {NI})"
        )
    if not np.all(np.isfinite(a)) or np.any(a != np.round(a)) or np.any(a < 0) or np.any(a > 2.0**31):
        raise InputError("pools.staff", a.tolist(), "whole numbers of agents >= 0")
    return a.astype(np.int64)


def _speed(x: Any, S: int, G: int) -> np.ndarray:
    a = _array("pools.speed", x)
    if a.shape != (S, G):
        raise InputError("pools.speed", f"array of shape {a.shape}", f"an array of shape (stages = {S}, groups = {G})")
    a = np.where(np.isnan(a), 0.0, a)
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise InputError("pools.speed", a.tolist(), "finite multipliers > 0 where a group has the skill, NaN or 0 else")
    if not np.any(a > 0):
        raise InputError("pools.speed", a.tolist(), "at least one skill (a multiplier > 0)")
    return a


def _preference(x: Any, skilled: np.ndarray, pooled: np.ndarray) -> np.ndarray:
    S, G = skilled.shape
    if x is None:
        return np.where(skilled, np.cumsum(skilled, axis=1) - 1, -1).astype(np.int64)
    p = _whole("pools.preference", x, (S, G), -1)
    for s in range(S):
        ranks = np.sort(p[s][p[s] >= 0])
        ok = np.array_equal(ranks, np.arange(len(ranks))) and np.all(p[s][~skilled[s]] == -1)
        if not ok or (pooled[s] and len(ranks) == 0) or np.any(p[s] < -1):
            raise InputError(
                f"pools.preference[{s}]",
                p[s].tolist(),
                "ranks 0, 1, ... of groups with the skill (at least one at a pooled stage), -1 for the others",
            )
    return p


def _overflow(x: Any, pref: np.ndarray, offered: np.ndarray) -> np.ndarray:
    d = _floats("pools.overflow_after", x, pref.shape, 0.0)
    for s in range(pref.shape[0]):
        groups = np.flatnonzero(offered[s])
        ranked = d[s, groups[np.argsort(pref[s, groups])]]
        if len(ranked) == 0:
            continue
        if np.any(np.isnan(ranked)) or ranked[0] != 0 or np.any(np.diff(ranked) < 0) or np.any(ranked < 0):
            raise InputError(
                f"pools.overflow_after[{s}]",
                d[s].tolist(),
                "seconds: 0 for the first group, non-decreasing along the preference ranks (inf: never)",
            )
    return d


def _concurrency(x: Any, G: int) -> tuple[np.ndarray, np.ndarray]:
    """Slowdowns [G, MAX_CONCURRENCY] (inf beyond each group's limit) and the limits [G]."""
    if x is None:
        a = np.full((G, 1), 1.0)
    else:
        a = _array("pools.concurrency", x)
        if a.ndim != 2 or a.shape[0] != G or not 1 <= a.shape[1] <= MAX_CONCURRENCY:
            raise InputError(
                "pools.concurrency",
                f"array of shape {a.shape}",
                f"an array of shape (groups = {G}, 1..{MAX_CONCURRENCY})",
            )
    out = np.full((G, MAX_CONCURRENCY), np.inf)
    limit = np.zeros(G, dtype=np.int64)
    for g in range(G):
        row = a[g]
        n = int(np.argmax(np.isnan(row))) if np.any(np.isnan(row)) else len(row)
        head = row[:n]
        if n < 1 or head[0] != 1.0 or np.any(np.diff(head) < 0) or not np.all(np.isnan(row[n:])):
            raise InputError(
                f"pools.concurrency[{g}]",
                row.tolist(),
                "slowdowns starting at 1, non-decreasing and finite, then NaN beyond the group's limit",
            )
        if not np.all(np.isfinite(head)):
            raise InputError(f"pools.concurrency[{g}]", row.tolist(), "finite slowdowns >= 1")
        out[g, :n] = head
        limit[g] = n
    return out, limit


def _group_order(x: Any, pref: np.ndarray, stage_priority: np.ndarray, deferred: np.ndarray, blend: np.ndarray):
    """Ranks [G, S] of the stages in each group's order (see :class:`AgentPools`)."""
    S, G = pref.shape
    if x is None:
        out = np.full((G, S), -1, dtype=np.int64)
        for g in range(G):
            stages = [s for s in range(S) if pref[s, g] >= 0]
            keys = [(bool(deferred[s]) and blend[g] >= 0, pref[s, g], stage_priority[s], s) for s in stages]
            for rank, (*_, s) in enumerate(sorted(keys)):
                out[g, s] = rank
        return out
    order = _whole("pools.group_order", x, (G, S), -1)
    for g in range(G):
        ranks = np.sort(order[g][order[g] >= 0])
        if not np.array_equal(ranks, np.arange(len(ranks))) or np.any((order[g] >= 0) != (pref[:, g] >= 0)):
            raise InputError(
                f"pools.group_order[{g}]",
                order[g].tolist(),
                "ranks 0, 1, ... of exactly the stages the group is offered (pools.preference), -1 for the others",
            )
    return order
