"""One memo of engine results, keyed by the frozen scenario.

The same scenario run through the same engine with the same options gives the same numbers, so a
run is computed once and kept while it is among the :data:`MEMO_SIZE` runs used last (least recently
used ones are dropped first). :func:`svcdesign.engines.registry.run` reads and fills it.

The key (:func:`run_key`) is the engine's name, a SHA-256 digest of the scenario's canonical JSON
(``scenario.model_dump_json()``: a :class:`~svcdesign.model.Scenario` is a frozen pydantic model, but
holds lists and so has no hash of its own) without its ``language`` (no engine reads it, the results
carry only the scenario's name, and warnings are phrases translated where they are shown), and the
options with the engine's defaults filled in,
leaving out the options that change only how a run is shown or where it runs (a progress bar, a Dask
client). Options are keyed by value: numbers and text with their type (``1`` and ``1.0`` differ, and so
do ``0.0`` and ``-0.0``),
lists, tuples, mappings, numpy arrays, pandas series, dataclasses and pydantic models by their
contents. A run with an option that cannot be keyed so (any other object) is computed and not kept.

Results are shared, not copied: every caller asking for the same run gets the same
:class:`~svcdesign.results.Results`. That is safe because nothing in svcdesign changes a ``Results``
in place — it is a frozen dataclass, and with pandas' copy-on-write a frame derived from
``results.data`` is a copy — and a caller must not either (``results.data.loc[...] = ...`` would
change the memo's entry for every later caller).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel

from ..model import Scenario
from ..results import Results

MEMO_SIZE = 32
"""Most runs kept. A typical week of 15-minute periods through the analytic engine is about 100,000
rows (a few MB), so a full memo holds up to about a hundred MB."""


class Unkeyable(Exception):
    """An option value the memo cannot key by value (the run is computed, not kept)."""


def option_key(value: Any) -> Hashable:
    """A hashable key equal for equal option values (see the module docstring); raises :class:`Unkeyable`."""
    if isinstance(value, float):  # with its sign: 0.0 and -0.0 are equal numbers, and differ
        return (type(value).__name__, value, math.copysign(1.0, value))
    if value is None or isinstance(value, (bool, int, str, bytes)):
        return (type(value).__name__, value)
    if isinstance(value, np.generic):
        item = value.item()
        return (type(value).__name__, item, *((math.copysign(1.0, item),) if isinstance(item, float) else ()))
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise Unkeyable(value)
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, pd.Series):
        return ("Series", option_key(value.index.to_numpy()), option_key(value.to_numpy()))
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, value.model_dump_json())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            tuple((f.name, option_key(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted(((option_key(k), option_key(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(option_key(v) for v in value))
    raise Unkeyable(value)


def run_key(engine: str, scenario: Scenario, options: Mapping[str, Any]) -> Hashable:
    """The memo's key of one run (see the module docstring); raises :class:`Unkeyable`."""
    digest = hashlib.sha256(scenario.model_dump_json(exclude={"language"}).encode("utf-8")).hexdigest()
    return (engine, digest, option_key(dict(options)))


class ResultsMemo:
    """A bounded, thread-safe, least-recently-used map from run keys to :class:`Results`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._runs: OrderedDict[Hashable, Results] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Results | None:
        """The kept run for ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            found = self._runs.get(key)
            if found is not None:
                self._runs.move_to_end(key)
            return found

    def put(self, key: Hashable, results: Results) -> None:
        """Keep ``results`` under ``key``, dropping the least recently used run beyond :attr:`size`."""
        with self._lock:
            self._runs[key] = results
            self._runs.move_to_end(key)
            while len(self._runs) > self.size:
                self._runs.popitem(last=False)

    def clear(self) -> None:
        """Forget every kept run."""
        with self._lock:
            self._runs.clear()

    def __len__(self) -> int:
        return len(self._runs)


MEMO = ResultsMemo(MEMO_SIZE)
"""The one memo of engine results."""
