"""The arguments of :func:`svcdesign.formulas.queueing.desk.desk_metrics`, checked and gathered.

Every check raises :class:`svcdesign.errors.InputError` naming the argument (with the element index),
the value and what is allowed. Q is the number of contact types, G the number of agent groups.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import InputError
from .validation import as_float_array


@dataclasses.dataclass(frozen=True)
class Desk:
    """One interval of a service desk, checked (seconds, per-second rates).

    A group with concurrency k is counted in chat slots: ``servers[g]`` = agents × k, and ``work[i, g]``
    is the server time one type-i contact takes at group g, s: the handle time × the skill multiplier,
    for a chat at a group with concurrency × ``slowdown[k−1]`` (a slot of an agent at full concurrency),
    for any other type there × k (it holds its agent's every slot); NaN where g does not serve i.
    ``work0`` is ``work`` with 0 and ``speed`` its inverse (contacts per server-second) with 0 where g does
    not serve i. ``route[i]`` lists the groups of type i by preference, ``delay[i]`` their overflow delays
    (the first 0).
    """

    rate: np.ndarray
    handle: np.ndarray
    multiplier: np.ndarray
    agents: np.ndarray
    rank: np.ndarray
    route: tuple[tuple[int, ...], ...]
    delay: tuple[tuple[float, ...], ...]
    priority: np.ndarray
    reserve: np.ndarray
    patience: np.ndarray
    deferred: np.ndarray
    chat: np.ndarray
    slowdown: tuple[tuple[float, ...], ...]
    idle_above: np.ndarray
    offer_above: np.ndarray
    accept: np.ndarray
    target: np.ndarray
    backlog: np.ndarray
    work: np.ndarray
    work0: np.ndarray
    speed: np.ndarray
    slots: np.ndarray
    servers: np.ndarray

    @property
    def types(self) -> int:
        return int(self.rate.size)

    @property
    def groups(self) -> int:
        return int(self.agents.size)

    def callback(self, i: int) -> bool:
        """Whether type i is offered callbacks at all."""
        return bool(self.accept[i] > 0 and np.isfinite(self.offer_above[i]))


def _vector(name: str, value: Any, size: int, what: str, **bounds: Any) -> np.ndarray:
    arr = as_float_array(name, value, **bounds)
    if arr.ndim == 0:
        arr = np.full(size, float(arr))
    if arr.shape != (size,):
        raise InputError(name, value, f"{size} numbers, one per {what}")
    return arr


def _flags(name: str, value: Any, size: int) -> np.ndarray:
    if value is None:
        return np.zeros(size, bool)
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(size, arr.item())
    if arr.shape != (size,) or arr.dtype != bool:
        raise InputError(name, value, f"{size} booleans, one per contact type")
    return arr


def _table(name: str, value: Any, shape: tuple[int, int], **bounds: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, value, f"a {shape[0]} × {shape[1]} table of numbers (types × groups)") from None
    if arr.ndim == 0:
        arr = np.full(shape, float(arr))
    if arr.shape != shape:
        raise InputError(name, value, f"a {shape[0]} × {shape[1]} table (types × groups)")
    return as_float_array(name, arr, **bounds)


def _routes(desk: dict[str, Any], rank_in: Any) -> None:
    """``rank``, ``route`` and the multiplier checks: skills and offers must agree."""
    q, g = desk["rate"].size, desk["agents"].size
    mult = desk["multiplier"]
    rank = _table("preference", rank_in, (q, g), low=-1.0)
    if np.any(rank != np.floor(rank)):
        i, k = np.argwhere(rank != np.floor(rank))[0]
        raise InputError(f"preference[{i}, {k}]", rank[i, k].item(), "a whole number >= -1 (-1: not offered)")
    routes = []
    for i in range(q):
        offered = np.flatnonzero(rank[i] >= 0)
        if offered.size == 0:
            raise InputError(f"preference[{i}]", rank[i].tolist(), "at least one group offered the type (rank >= 0)")
        if len(set(rank[i, offered].tolist())) != offered.size:
            raise InputError(f"preference[{i}]", rank[i].tolist(), "distinct ranks for the groups offered the type")
        for k in offered:
            if not np.isfinite(mult[i, k]):
                raise InputError(f"multiplier[{i}, {k}]", mult[i, k].item(), "a skill (a number) where offered")
        routes.append(tuple(int(k) for k in offered[np.argsort(rank[i, offered])]))
    desk["rank"], desk["route"] = rank, tuple(routes)


def _delays(desk: dict[str, Any], value: Any) -> None:
    q, g = desk["rate"].size, desk["agents"].size
    after = np.zeros((q, g)) if value is None else _table("overflow_after", np.nan_to_num(value, nan=0.0), (q, g))
    delays = []
    for i, route in enumerate(desk["route"]):
        d = tuple(float(after[i, k]) for k in route)
        if d[0] != 0.0 or any(b < a for a, b in zip(d, d[1:], strict=False)):
            raise InputError(
                f"overflow_after[{i}]", list(d), "delays non-decreasing by preference, the first group's 0 (seconds)"
            )
        delays.append(d)
    desk["delay"] = tuple(delays)


def _concurrency(desk: dict[str, Any], slowdown: Any, idle_above: Any) -> None:
    g = desk["agents"].size
    if slowdown is None:
        slowdown = [()] * g
    if isinstance(slowdown, str) or not isinstance(slowdown, Sequence) or len(slowdown) != g:
        raise InputError("slowdown", slowdown, f"{g} sequences (one per group; empty: no concurrency)")
    rows = []
    for k, row in enumerate(slowdown):
        arr = as_float_array(f"slowdown[{k}]", row, low=1.0)
        if arr.ndim != 1 or np.any(np.diff(arr) < 0):
            raise InputError(f"slowdown[{k}]", row, "non-decreasing handle-time multipliers >= 1, one per chat held")
        rows.append(tuple(arr.tolist()))
    desk["slowdown"] = tuple(rows)
    above = _vector("idle_above", -1.0 if idle_above is None else idle_above, g, "agent group", low=-1.0)
    bad = (above < 0) & (above != -1.0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(f"idle_above[{k}]", above[k].item(), "-1 (no blending) or a number of agents >= 0")
    desk["idle_above"] = above


def _work(desk: dict[str, Any]) -> np.ndarray:
    work = desk["handle"][:, None] * desk["multiplier"]
    for g, row in enumerate(desk["slowdown"]):
        if row:
            work[desk["chat"], g] *= row[-1]
            work[~desk["chat"], g] *= len(row)
    return np.where(desk["rank"] >= 0, work, np.nan)


def checked(args: dict[str, Any]) -> Desk:
    """:func:`desk_metrics`'s arguments (by name) checked and gathered into a :class:`Desk`."""
    rate = as_float_array("arrival_rate", args["arrival_rate"])
    if rate.ndim != 1 or rate.size == 0:
        raise InputError("arrival_rate", args["arrival_rate"], "a non-empty sequence, one rate per contact type (1/s)")
    q = rate.size
    agents = as_float_array("agents", args["agents"])
    if agents.ndim != 1 or agents.size == 0:
        raise InputError("agents", args["agents"], "a non-empty sequence, agents per group")
    g = agents.size
    desk: dict[str, Any] = {"rate": rate, "agents": agents}
    desk["handle"] = _vector("handle_time", args["handle_time"], q, "contact type", low_open=True)
    desk["multiplier"] = np.asarray(args["multiplier"], dtype=float) if np.ndim(args["multiplier"]) else None
    if desk["multiplier"] is None or desk["multiplier"].shape != (q, g):
        raise InputError("multiplier", args["multiplier"], f"a {q} × {g} table (types × groups; NaN: no skill)")
    finite = np.isfinite(desk["multiplier"])
    as_float_array("multiplier", np.where(finite, desk["multiplier"], 1.0), low_open=True)
    _routes(desk, args["preference"])
    _delays(desk, args["overflow_after"])
    prio = _vector("priority", 0.0 if args["priority"] is None else args["priority"], q, "contact type", low=-np.inf)
    desk["priority"] = prio
    desk["reserve"] = _table("reserve", 0.0 if args["reserve"] is None else args["reserve"], (q, g))
    desk["patience"] = _vector("patience", args["patience"], q, "contact type", low_open=True, allow_inf=True)
    desk["deferred"] = _flags("deferred", args["deferred"], q)
    desk["chat"] = _flags("chat", args["chat"], q)
    desk["backlog"] = _flags("backlog", args["backlog"], q)
    _concurrency(desk, args["slowdown"], args["idle_above"])
    offer = args["callback_offer_above"]
    desk["offer_above"] = _vector("callback_offer_above", offer, q, "contact type", allow_inf=True)
    desk["accept"] = _vector("callback_accept", args["callback_accept"], q, "contact type", high=1.0)
    desk["target"] = _vector("target_time", args["target_time"], q, "contact type", allow_inf=True)
    for i in np.flatnonzero(desk["deferred"]):
        if np.isfinite(desk["patience"][i]) or desk["accept"][i] > 0:
            raise InputError(f"patience[{i}]", desk["patience"][i].item(), "inf and no callback for deferred work")
    desk["work"] = _work(desk)
    desk["work0"] = np.nan_to_num(desk["work"])  # 0 where not offered
    desk["speed"] = 1.0 / np.nan_to_num(desk["work"], nan=np.inf)  # contacts per server-second, 0 where not offered
    desk["slots"] = np.array([max(len(row), 1) for row in desk["slowdown"]], dtype=float)
    desk["servers"] = agents * desk["slots"]
    return Desk(**desk)


def checked_interval(desk: Desk, args: dict[str, Any]) -> Desk:
    """:func:`checked` of ``args``, which differ from the arguments ``desk`` was checked from only in the
    arrival rates, handle times, agents and patience (the caller's promise: another interval of the same
    desk): only those are checked — as :func:`checked` checks them, and by it, which names the argument,
    where any check fails — and ``work``, ``work0``, ``speed`` and ``servers`` derived from them again."""
    names = ("arrival_rate", "handle_time", "agents", "patience")
    try:
        rate, handle, agents, patience = (np.asarray(args[name], dtype=float) for name in names)
    except (TypeError, ValueError):
        return checked(args)
    with np.errstate(invalid="ignore"):
        good = (
            rate.shape == handle.shape == patience.shape == (desk.types,)
            and agents.shape == (desk.groups,)
            and bool(np.all(np.isfinite(rate) & (rate >= 0.0) & np.isfinite(handle) & (handle > 0.0)))
            and bool(np.all(np.isfinite(agents) & (agents >= 0.0)))
            and bool(np.all((patience > 0.0) & ~(desk.deferred & np.isfinite(patience))))
        )
    if not good:
        return checked(args)
    fields = {"handle": handle, "multiplier": desk.multiplier, "slowdown": desk.slowdown, "chat": desk.chat}
    work = _work(fields | {"rank": desk.rank})
    return dataclasses.replace(
        desk,
        rate=rate,
        handle=handle,
        agents=agents,
        patience=patience,
        work=work,
        work0=np.nan_to_num(work),
        speed=1.0 / np.nan_to_num(work, nan=np.inf),
        servers=agents * desk.slots,
    )
