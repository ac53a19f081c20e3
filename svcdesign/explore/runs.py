"""Running many scenario variants: engine choice, lever grids, serial or Dask execution, progress.

Every explore function that evaluates more than one variant goes through :func:`run_many`, so that
sweeps, frontiers and sensitivity analyses share one way of choosing the engine, spreading the work
over Dask workers and showing progress (``tqdm.auto``: a widget in Jupyter, text elsewhere).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np

from ..engines.registry import ENGINES, run
from ..errors import InputError
from ..model import Scenario
from ..results import Results


def resolve_engine(
    engine: str | Callable[[Scenario], Results], options: Mapping[str, Any] | None = None
) -> Callable[[Scenario], Results]:
    """A function ``scenario -> Results`` for an engine name (or a function, returned as is).

    A name runs through :func:`svcdesign.engines.registry.run` (the memo of engine results), with
    ``options`` checked against the engine's now, before any variant runs.
    """
    options = dict(options or {})
    if callable(engine):
        return _Bound(engine, options) if options else engine
    if not isinstance(engine, str) or engine not in ENGINES:
        raise InputError("engine", engine, f"one of {list(ENGINES)} or a function scenario -> Results")
    ENGINES[engine].check_options(options)
    return _Bound(partial(run, engine), options)


class _Bound:
    """``function(scenario, **options)``, picklable for Dask workers."""

    def __init__(self, function: Callable[..., Results], options: Mapping[str, Any]) -> None:
        self.function = function
        self.options = dict(options)

    def __call__(self, scenario: Scenario) -> Results:
        return self.function(scenario, **self.options)


def lever_grid(levers: Mapping[str, Iterable[Any]]) -> list[dict[str, Any]]:
    """Every combination of lever values (grid product), as ``{dotted path: value}`` dicts in order."""
    if not isinstance(levers, Mapping) or not levers:
        raise InputError(
            "levers",
            levers,
            "a mapping {dotted path: list of values}, e.g. {'stages.representative.staff_adjustment': [-2, 0, 2]}",
        )
    names, values = [], []
    for name, options in levers.items():
        if isinstance(options, (str, bytes)) or not isinstance(options, Iterable):
            raise InputError(f"levers[{name!r}]", options, "a list of values to try")
        options = list(options.tolist() if isinstance(options, np.ndarray) else options)
        if not options:
            raise InputError(f"levers[{name!r}]", options, "at least one value")
        names.append(str(name))
        values.append(options)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]


def variant(scenario: Scenario, settings: Mapping[str, Any], index: int | None = None) -> Scenario:
    """``scenario`` with ``settings`` applied, named after them (validated: bad paths raise InputError)."""
    shown = ", ".join(f"{path}={_short(v)}" for path, v in settings.items())
    name = f"{scenario.name} [{shown}]" if shown else scenario.name
    return scenario.with_overrides({k: _plain(v) for k, v in settings.items()}, name=name)


def _short(value: Any) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 24 else text[:21] + "..."


def _plain(value: Any) -> Any:
    """numpy scalars → Python numbers (pydantic and YAML want plain values)."""
    return value.item() if isinstance(value, np.generic) else value


def run_many(
    task: Callable[[Scenario], Any],
    scenarios: Sequence[Scenario],
    *,
    client: Any = None,
    progress: bool = False,
    description: str = "runs",
) -> list[Any]:
    """``[task(s) for s in scenarios]``, serially or on Dask workers, in the order given.

    ``client``: ``None`` (this process), ``"local"`` (a temporary local Dask cluster, closed
    afterwards), a scheduler address, or a ``dask.distributed.Client``. ``task`` must be picklable
    for Dask (a module-level function or a :class:`_Bound`).
    """
    if client is None:
        return [task(s) for s in _bar(scenarios, progress, len(scenarios), description)]
    try:
        from dask.distributed import Client, as_completed  # optional and heavy: loaded for a Dask run only
    except ImportError:  # pragma: no cover - dask is a declared optional dependency
        raise InputError(
            "client", client, "None: dask.distributed is not installed (pip install 'svcdesign[scale]')"
        ) from None
    own = None
    if isinstance(client, str):
        own = Client(processes=True, threads_per_worker=1) if client == "local" else Client(client)
        client = own
    elif not isinstance(client, Client):
        raise InputError("client", client, "None, 'local', a scheduler address or a dask.distributed.Client")
    try:
        futures = client.map(task, list(scenarios), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        out: list[Any] = [None] * len(futures)
        for future in _bar(as_completed(futures), progress, len(futures), description):
            out[index[future.key]] = future.result()
        return out
    finally:
        if own is not None:
            own.close()


def _bar(items: Iterable, enabled: bool, total: int, description: str) -> Iterable:
    if not enabled:
        return items
    try:
        from tqdm.auto import tqdm  # optional (the notebooks extra): loaded for a progress bar only
    except ImportError:  # tqdm comes with the notebooks extra; without it, no bar
        return items

    return tqdm(items, total=total, desc=description, leave=False)
