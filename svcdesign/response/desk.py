"""What the customer models read of a multi-skill service desk that its contact types do not report.

A desk's contact types (:mod:`svcdesign.model.desk_arrays`) are where its customers wait, so experience
and loyalty are computed per contact type as per stage; but the engines report the agents, busy agents
and occupancy of the **agent groups** only (a type has no agents of its own). The **occupancy** of type q
in period t is derived from its groups, with the contacts each group answered of each type over the
horizon (the engine's ``meta["answered_by"]``, Q × G): the mean of its groups' occupancy weighted by the
contacts each answered of the type, Σ_g a_qg · occ_g,t ÷ Σ_g a_qg — the occupancy of the agent a customer
of the type met. A type nobody answered has none (the module's fallback: the reference occupancy, with
its warning). What a type leaves unserved the engines report per type (:mod:`.exposure`).

Without ``answered_by`` (results stored without their meta) nothing is derived and the fallbacks of
:mod:`.assess` apply, with their warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ..model.compiled import ScenarioArrays


class _Groups(Protocol):
    """The part of the assess frame read here: the groups' per-period rows."""

    def group_array(self, metric: str) -> np.ndarray | None: ...


def answered_by(meta: Mapping[str, Any], x: ScenarioArrays) -> np.ndarray | None:
    """[Q, G] contacts of each type answered by each group over the horizon, from ``meta["answered_by"]``
    in the order of ``x.desk``; ``None`` if the results do not hold it for these types and groups."""
    table = meta.get("answered_by")
    d = x.desk
    if d is None or not isinstance(table, pd.DataFrame):
        return None
    if set(table.index) != set(d.contact_types) or set(table.columns) != set(d.groups):
        return None
    a = table.loc[d.contact_types, d.groups].to_numpy(dtype=float)
    return np.where(np.isfinite(a) & (a > 0), a, 0.0)


def type_figures(f: _Groups, x: ScenarioArrays, meta: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Derived [S, T] ``occupancy`` of the contact types (NaN at the chain's stages and where a type has
    none; see the module docstring); empty without a desk, ``answered_by`` or the groups' occupancy."""
    d = x.desk
    a = answered_by(meta, x)
    if d is None or a is None:
        return {}
    occupancy = f.group_array("occupancy")
    if occupancy is None:
        return {}
    total = a.sum(axis=1, keepdims=True)  # [Q, 1]
    mix = np.where(total > 0, a / np.where(total > 0, total, 1.0), 0.0)
    occ = mix @ np.nan_to_num(occupancy, nan=0.0)
    return {"occupancy": _pad(np.where(total > 0, occ, np.nan), x)}


def _pad(types: np.ndarray, x: ScenarioArrays) -> np.ndarray:
    """[S, T]: the types' rows ``types`` [Q, T], NaN at the chain's stages."""
    out = np.full((len(x.stages), types.shape[1]), np.nan)
    out[: types.shape[0]] = types
    return out
