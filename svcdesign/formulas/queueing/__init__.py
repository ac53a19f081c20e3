"""Steady-state queueing at one service stage: Erlang B, C and A metrics and staffing.

Public API
----------
``erlang_b(load, agents)``
    Blocking probability (M/M/n/n), real-valued agents allowed.
``erlang_c(arrival_rate, handle_time, agents, target_time=0.0)`` -> :class:`QueueMetrics`
    M/M/n; an overloaded queue (load >= agents) is flagged, not raised.
``erlang_a(arrival_rate, handle_time, agents, patience, target_time=0.0)`` -> :class:`QueueMetrics`
    M/M/n+M with exponential patience of mean ``patience`` (``inf`` gives Erlang C).
``required_agents(arrival_rate, handle_time, *, target_time, service_level, max_asa, max_abandon,
max_occupancy, patience, shrinkage, continuous)`` -> :class:`StaffingResult`
    Fewest agents meeting every target, and the paid staff after shrinkage.
``chat_metrics``, ``blend_metrics``, ``multiskill_metrics`` -> :class:`ChatMetrics`, :class:`BlendMetrics`,
:class:`MultiSkillMetrics`
    Exact Markov chains beyond Erlang (subpackage :mod:`svcdesign.formulas.queueing.markov`): chat with
    concurrency, inbound calls blended with deferred work under a threshold policy, and small
    multi-skill systems with ordered-preference routing.
``desk_metrics(arrival_rate, handle_time, multiplier, agents, preference, ...)`` -> :class:`DeskMetrics`
    One interval of a multi-skill service desk: the exact chains above where they apply, else a
    pooled Erlang A approximation (:mod:`svcdesign.formulas.queueing.desk`), per type a method label.

Conventions: every function is vectorised (scalars or numpy arrays that broadcast); times are in
whatever unit the caller uses for ``handle_time`` and rates are per that unit; service level is
the share of ALL arriving contacts answered within ``target_time``. Bad input raises
:class:`svcdesign.errors.InputError` naming the argument, the value and what is allowed.

Why small frozen dataclasses of numpy arrays for results: they keep the per-element arrays that
vectorised callers (sliders, sweeps, a week of intervals) need without copying them into a
DataFrame on every call, stay immutable so that a result cannot drift from the inputs that made it,
print as plain floats for scalar inputs, and turn into a tidy table on demand with ``to_frame()``
(one row per element; ``_repr_html_`` shows that table in a notebook).

Formulas and sources are in :mod:`svcdesign.formulas.queueing.erlang` (Erlang C; Erlang A after Garnett,
Mandelbaum & Reiman 2002 and Mandelbaum & Zeltyn 2005) and the search in
:mod:`svcdesign.formulas.queueing.staffing` (integer Erlang C staffing through the numba scan of
:mod:`svcdesign.formulas.queueing.kernels`); log-space special functions in :mod:`svcdesign.formulas.queueing.special`.
"""

from .desk import DeskMetrics, desk_metrics
from .erlang import erlang_a, erlang_b, erlang_c
from .markov import BlendMetrics, ChatMetrics, MultiSkillMetrics, blend_metrics, chat_metrics, multiskill_metrics
from .results import QueueMetrics, StaffingResult
from .staffing import required_agents

__all__ = [
    "BlendMetrics",
    "ChatMetrics",
    "DeskMetrics",
    "MultiSkillMetrics",
    "QueueMetrics",
    "StaffingResult",
    "blend_metrics",
    "chat_metrics",
    "desk_metrics",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "multiskill_metrics",
    "required_agents",
]
