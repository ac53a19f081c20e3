"""Exact Markov-chain models of one team beyond Erlang: chat concurrency, call blending, multi-skill.

Public API
----------
``chat_metrics(arrival_rate, handle_times, agents, patience, target_time, *, waiting_room)`` -> :class:`ChatMetrics`
    n agents each holding up to k chats, per-concurrency handle times, exponential patience, finite or
    infinite waiting room: an exact birth–death chain (chats spread evenly over agents), vectorised
    over the scalar arguments. k = 1 is Erlang A / Erlang C.
``blend_metrics(arrival_rate, handle_time, agents, threshold, deferred_handle_time, patience, target_time)``
-> :class:`BlendMetrics`
    Inbound calls with priority and an endless backlog of deferred work taken only when more than
    ``threshold`` agents would be idle (Bhulai & Koole 2003): an exact two-dimensional chain.
``multiskill_metrics(arrival_rates, handle_times, agents, routing, patience, *, group_priorities)``
-> :class:`MultiSkillMetrics`
    Several contact types and agent groups with ordered-preference routing and per-group queue
    priorities, exponential handle times per (type, group) and patience per type: the exact chain of
    a small system, truncated with the probability at each queue's cap below a tolerance. One type
    and one group is Erlang A. The oracle for the multi-skill simulation.

Conventions as in :mod:`svcdesign.formulas.queueing`: times in the caller's unit (that of the handle
times), rates per that unit, mean waits over ALL arrivals, service level the share of ALL arrivals
answered within the target time, bad input an :class:`svcdesign.errors.InputError` naming the
argument. Each module's docstring gives its model, the modelling choices and the sources; the generic
chain machinery (state enumeration, sparse stationary solve) is in :mod:`svcdesign.formulas.queueing.markov._ctmc`.
"""

from .blend import BlendMetrics, blend_metrics
from .chat import ChatMetrics, chat_metrics
from .multiskill import MultiSkillMetrics, multiskill_metrics

__all__ = ["BlendMetrics", "ChatMetrics", "MultiSkillMetrics", "blend_metrics", "chat_metrics", "multiskill_metrics"]
