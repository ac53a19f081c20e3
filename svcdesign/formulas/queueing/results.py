"""Result containers of the queueing functions: small frozen dataclasses of numpy arrays.

Each field holds a numpy array of the broadcast shape of the inputs (a plain Python float or bool
when every input was a scalar, so that results print nicely). ``to_frame()`` gives a pandas
DataFrame with one row per element and ``_repr_html_`` renders that frame in a notebook.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

Number = float | np.ndarray
Flag = bool | np.ndarray


def finish(values: np.ndarray, *, kind: type = float) -> Any:
    """A 0-d array as a Python scalar (``kind``), any other array unchanged."""
    values = np.asarray(values)
    if values.ndim == 0:
        return kind(values)
    return values


def _columns(obj: Any, prefix: str = "") -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            cols.update(_columns(value))
        else:
            cols[prefix + f.name] = np.asarray(value)
    return cols


class _Tabular:
    """``to_frame`` and the notebook view shared by the result classes."""

    @classmethod
    def _from_fields(cls, **fields: Any) -> Any:
        """An instance from already-checked fields, without the frozen dataclass's per-field
        ``object.__setattr__`` (the compiled staffing path returns in microseconds)."""
        obj = object.__new__(cls)
        obj.__dict__.update(fields)
        return obj

    def to_frame(self) -> pd.DataFrame:
        """One row per element of the (broadcast) inputs, one column per field."""
        cols = _columns(self)
        shape = np.broadcast_shapes(*(c.shape for c in cols.values()))
        return pd.DataFrame({k: np.broadcast_to(v, shape).ravel() for k, v in cols.items()})

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        caption = f"<b>{type(self).__name__}</b> ({len(frame)} row{'s' if len(frame) != 1 else ''})"
        return caption + frame.to_html(max_rows=60, float_format=lambda v: f"{v:.6g}")


@dataclasses.dataclass(frozen=True, repr=True)
class QueueMetrics(_Tabular):
    """Steady-state performance of one stage with ``agents`` agents (per element of the inputs).

    Times are in the caller's time unit (the unit of ``handle_time``).

    Attributes
    ----------
    offered_load: arrival rate × mean handle time, in Erlangs.
    agents: agents on the phones (real-valued for the continuous extension).
    p_wait: probability that an arriving contact has to wait (all agents busy).
    asa: mean wait over ALL arriving contacts (answered, abandoned and unwaited alike).
    service_level: share of ALL arriving contacts answered within ``target_time``
        (abandoners count as not answered).
    target_time: the service-level target time used.
    occupancy: share of agent time spent handling contacts.
    queue_length: mean number of contacts waiting.
    p_abandon: probability that an arriving contact abandons (0 for Erlang C).
    overloaded: True where there is no steady state (Erlang C with load >= agents); then
        p_wait = 1, asa = queue_length = inf, service_level = 0, occupancy = 1.
    """

    offered_load: Number
    agents: Number
    p_wait: Number
    asa: Number
    service_level: Number
    target_time: Number
    occupancy: Number
    queue_length: Number
    p_abandon: Number
    overloaded: Flag


@dataclasses.dataclass(frozen=True, repr=True)
class StaffingResult(_Tabular):
    """Fewest agents meeting every target, the paid staff it needs, and the metrics at that staffing.

    Attributes
    ----------
    agents: agents needed on the phones (integer-valued unless ``continuous=True``).
    staff: paid heads, ``agents / (1 - shrinkage)`` (rounded up unless ``continuous=True``).
    metrics: :class:`QueueMetrics` at ``agents``.
    """

    agents: Number
    staff: Number
    metrics: QueueMetrics
