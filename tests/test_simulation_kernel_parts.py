"""The kernel's event heap (take and settle), its arrival slots and interval look-ups, against plain models.

The event loop takes events in order of (time, sequence number); these check the faster pieces give
exactly that order and exactly the intervals of the plain division, ties and boundaries included.
"""

from __future__ import annotations

import heapq

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.engines.simulation import kernel as K

# a few distinct times, so that many events tie and the sequence number decides
_times = st.sampled_from([0.0, 1.0, 1.5, 2.0, 7.25, 1e9])
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("push"), _times),
        st.tuples(st.just("take"), st.lists(_times, max_size=3)),
    ),
    max_size=60,
)


@settings(derandomize=True, max_examples=300)
@given(_ops)
def test_heap_gives_events_in_order_of_time_then_sequence(ops) -> None:
    """Pushes, and events taken with 0–3 pushes before the root settles, against Python's heapq."""
    heap = np.zeros((len(ops) * 4 + 8, 3))
    model: list[tuple[float, int, int]] = []
    payload = 0
    for op, arg in ops:
        if op == "push":
            seq = K.heap_push(heap, arg, payload)
            heapq.heappush(model, (arg, seq, payload))
            payload += 1
            continue
        if not model:
            continue
        expected = heapq.heappop(model)
        assert (heap[1, K.H_TIME], int(heap[1, K.H_SEQ]), int(heap[1, K.H_PAYLOAD])) == expected
        K.heap_take(heap)
        for t in arg:  # events scheduled while handling the taken one
            seq = K.heap_push(heap, t, payload)
            heapq.heappush(model, (t, seq, payload))
            payload += 1
        K.heap_settle(heap)
        assert int(heap[0, K.H_TIME]) == len(model)
    while model:
        expected = heapq.heappop(model)
        assert (heap[1, K.H_TIME], int(heap[1, K.H_SEQ]), int(heap[1, K.H_PAYLOAD])) == expected
        K.heap_take(heap)
        K.heap_settle(heap)
    assert heap[0, K.H_TIME] == 0.0


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.tuples(st.sampled_from([0.5, 3.0, 3.0, np.inf]), st.integers(0, 50)), min_size=1, max_size=6))
def test_earliest_arrival_by_time_then_sequence(slots) -> None:
    arrivals = np.array(slots, dtype=float)
    k = K._earliest(arrivals)
    pending = [(t, s, i) for i, (t, s) in enumerate(slots) if np.isfinite(t)]
    if pending:
        assert k == min(pending)[2]
    else:
        assert 0 <= k < len(slots)


@settings(derandomize=True, max_examples=400)
@given(
    st.sampled_from([900.0, 0.1, 1.0 / 3.0, 1800.0]),
    st.integers(1, 700),
    st.data(),
)
def test_interval_near_is_the_interval_of_any_hint(L: float, NI: int, data) -> None:
    """Whatever the hint, the same interval as the division (times on and next to boundaries included)."""
    i = data.draw(st.integers(0, NI + 2))
    base = i * L
    t = data.draw(st.sampled_from([base, np.nextafter(base, np.inf), np.nextafter(base, -np.inf), base + 0.5 * L]))
    t = max(t, 0.0)
    hint = data.draw(st.integers(0, NI - 1))
    assert K._interval_near(t, L, NI, hint) == K._interval_of(t, L, NI)


@given(st.integers(1, 10_000), st.data())
@settings(derandomize=True)
def test_ring_slot_is_the_remainder(n: int, data) -> None:
    j = data.draw(st.integers(0, 2 * n - 1))
    assert K._ring(j, n) == j % n
