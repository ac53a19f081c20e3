"""How customers form expectations: a smoothed blend of an external reference and own experience.

Oliva & Sterman (2001; docs/background/customers.md, Expectations) model expectations as
``SMOOTH(ω·reference + (1 − ω)·experienced, τ)`` with τ = 52 weeks: a first-order exponential smooth
of a blend of an external reference (competitors, word of mouth, promises made, price; source
document 002, question 3.4: customers research, compare with neighbouring organisations) and the
segment's own experience. The functions here are pure and vectorised, so the dynamics engine can call
:func:`step` every week and the analytic view can use :func:`steady_state`.

Expectations are held on the pillar scale (0–10). The external reference is the perceived
performance of a *reference operation* described in operational terms by rows ``expectations.*``
(wait customers consider normal, abandonment, contacts per resolution, hand-offs, promises kept,
occupancy) — see :func:`reference_operations`; at deferred stages the expected wait is the promised
reply time, so a promise customers believe sets their expectation.

**Over-promising.** A promise shorter than the stage can meet (``expectations.promise_factor`` < 1,
or an explicit promise) does two things: it raises expectations (the expected wait is the promise,
so the expected time and expectations scores rise), and it breaks more promises (the share answered
within the promise falls), which is negative disconfirmation on integrity. :func:`promise_outcome`
states both for one promise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ... import checks
from ...assumptions import AssumptionTable
from ...errors import InputError
from .perception import Operations, share_within

REFERENCE_FIELDS = {
    "wait": ("expectations.reference_wait", "s"),
    "abandon": ("expectations.reference_abandon", "share"),
    "contacts_per_resolution": ("expectations.reference_contacts_per_resolution", "contacts"),
    "handoff": ("expectations.reference_handoff", "share"),
    "kept": ("expectations.reference_kept", "share"),
    "occupancy": ("expectations.reference_occupancy", "share"),
}
"""Fields of a segment's external reference and the assumption rows that give their defaults."""

ASSUMPTIONS = [row for row, _ in REFERENCE_FIELDS.values()] + [
    "expectations.weight_external",
    "expectations.adjust_time",
    "expectations.promise_factor",
]
"""Rows the expectations depend on."""


def blend(reference: float | np.ndarray, experienced: float | np.ndarray, omega: float) -> np.ndarray:
    """The indicated expectation ω·reference + (1 − ω)·experienced (ω in [0, 1])."""
    omega = checks.number("omega (expectations.weight_external)", omega, low=0.0, high=1.0)
    return omega * np.asarray(reference, float) + (1.0 - omega) * np.asarray(experienced, float)


def step(
    expected: float | np.ndarray,
    reference: float | np.ndarray,
    experienced: float | np.ndarray,
    *,
    omega: float,
    adjust_time: float,
    dt: float = 1.0,
    exact: bool = True,
) -> np.ndarray:
    """Expectations after one step of ``dt`` weeks of SMOOTH(ω·reference + (1 − ω)·experienced, τ).

    ``exact`` integrates the first-order smooth exactly over the step (constant inputs):
    E + (target − E)·(1 − e^(−dt/τ)); ``exact=False`` is the Euler step E + (target − E)·dt/τ that
    Vensim-style models use (requires dt ≤ τ). Times in weeks.
    """
    adjust_time = checks.number(
        "adjust_time (expectations.adjust_time)", adjust_time, low=0.0, low_open=True, allowed="a number of weeks > 0"
    )
    dt = checks.number("dt", dt, low=0.0, allowed="a step in weeks ≥ 0")
    target = blend(reference, experienced, omega)
    expected = np.asarray(expected, float)
    if exact:
        return expected + (target - expected) * (1.0 - np.exp(-dt / adjust_time))
    if dt > adjust_time:
        raise InputError("dt", dt, f"an Euler step no longer than adjust_time = {adjust_time:g} weeks")
    return expected + (target - expected) * dt / adjust_time


def path(
    reference: np.ndarray,
    experienced: np.ndarray,
    *,
    omega: float,
    adjust_time: float,
    initial: np.ndarray | None = None,
    dt: float = 1.0,
    exact: bool = True,
) -> np.ndarray:
    """Expectations over time: inputs shaped [time, ...]; returns the expectation at the start of each step.

    ``initial`` defaults to the first blended target (customers arrive in equilibrium).
    """
    reference = np.asarray(reference, float)
    experienced = np.asarray(experienced, float)
    reference, experienced = np.broadcast_arrays(reference, experienced)
    if reference.ndim == 0 or reference.shape[0] == 0:
        raise InputError("reference", reference.shape, "series shaped [time, ...] with at least one step")
    out = np.empty(reference.shape)
    e = blend(reference[0], experienced[0], omega) if initial is None else np.asarray(initial, float)
    for i in range(reference.shape[0]):
        out[i] = e
        e = step(e, reference[i], experienced[i], omega=omega, adjust_time=adjust_time, dt=dt, exact=exact)
    return out


def steady_state(reference: np.ndarray, experienced: np.ndarray, omega: float) -> np.ndarray:
    """Expectations once the smooth has settled under constant inputs: the blend itself."""
    return blend(reference, experienced, omega)


@dataclass(frozen=True)
class PromiseOutcome:
    """What one promise does: ``kept`` share answered within it; ``expected_wait`` the wait it makes
    customers expect (s); ``lateness`` mean achieved wait minus the promise (s; > 0 = late on average)."""

    promise: float
    achieved_wait: float
    kept: float
    expected_wait: float
    lateness: float

    @property
    def over_promised(self) -> bool:
        """True when the promise is shorter than the mean wait actually achieved."""
        return self.lateness > 0


def promise_outcome(
    promise: float, achieved_wait: float, p_wait: float, service_level: float, target_time: float
) -> PromiseOutcome:
    """Promised time vs achieved time at a deferred or callback stage (all times in seconds)."""
    promise = checks.number(
        "promise", promise, low=0.0, low_open=True, allow_inf=True, allowed="a promised answer time in seconds > 0"
    )
    kept = float(share_within(promise, p_wait, service_level, target_time))
    return PromiseOutcome(
        float(promise), float(achieved_wait), kept, float(promise), float(achieved_wait) - float(promise)
    )


def reference_values(
    table: AssumptionTable, segments: list[str], reference: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, np.ndarray]:
    """The external reference per segment (arrays [K]); ``reference`` overrides some segments' fields.

    ``reference`` maps segment name → {field: value} with fields :data:`REFERENCE_FIELDS`.
    """
    out = {f: np.full(len(segments), table.value(row)) for f, (row, _) in REFERENCE_FIELDS.items()}
    if reference is None:
        return out
    for k, name, value in checks.per_segment(
        "reference",
        reference,
        segments,
        REFERENCE_FIELDS,
        allowed="a mapping of segment name to {field: value}",
        item_allowed=f"a mapping of {list(REFERENCE_FIELDS)} to numbers",
        key_allowed=f"one of the fields {list(REFERENCE_FIELDS)}",
    ):
        row = table[REFERENCE_FIELDS[name][0]]
        out[name][k] = row.check(value)
    return out


def reference_operations(ops: Operations, ref: Mapping[str, np.ndarray], deferred: np.ndarray) -> Operations:
    """The reference operation customers compare with, on the grid of ``ops`` ([K, S, ...]).

    Its mean wait is the expected wait (``ops.expected_wait``: the reference wait on live stages, the
    promise where one is made), a share ``kept`` of contacts is answered within it (and within any
    promise); live stages lose the reference abandonment, deferred stages none. ``ref`` holds arrays
    [K] (:func:`reference_values`); ``deferred`` is [S].
    """
    shape = np.broadcast_shapes(*(np.shape(getattr(ops, f)) for f in ops.__dataclass_fields__))
    extra = (1,) * (len(shape) - 2)
    if len(shape) < 2:
        raise InputError("operations", shape, "arrays shaped [segment, stage, ...]")

    def seg(name: str) -> np.ndarray:
        return np.broadcast_to(np.asarray(ref[name], float).reshape((-1, 1) + extra), shape)

    live = ~np.broadcast_to(np.asarray(deferred, bool).reshape((1, -1) + extra), shape)
    expected = np.broadcast_to(ops.expected_wait, shape)
    promise = np.broadcast_to(ops.promise, shape)
    return Operations(
        wait=expected,
        p_wait=np.ones(shape),
        service_level=seg("kept"),
        target_time=np.maximum(expected, 1e-9),
        p_abandon=np.where(live, seg("abandon"), 0.0),
        tolerance=np.broadcast_to(ops.tolerance, shape),
        occupancy=seg("occupancy"),
        handoff=seg("handoff"),
        contacts_per_resolution=seg("contacts_per_resolution"),
        promise=promise,
        expected_wait=expected,
    )
