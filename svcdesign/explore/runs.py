"""Running many scenario variants: engine choice, lever grids, serial or Dask execution, progress.

Every explore function that evaluates more than one variant goes through :func:`run_many`, so that
sweeps, frontiers and sensitivity analyses share one way of choosing the engine, spreading the work
over Dask workers and showing progress (``tqdm.auto``: a widget in Jupyter, text elsewhere).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
    for Dask (a module-level function or a :class:`_Bound`). On Dask the scenarios go out in
    :data:`CHUNKS_PER_THREAD` tasks per worker thread (the progress bar counts tasks); each result is
    the same whichever chunk or worker computes it.
    """
    if client is None:
        return [task(s) for s in _bar(scenarios, progress, len(scenarios), description)]
    try:
        from dask.distributed import Client, as_completed  # optional and heavy: loaded for a Dask run only
    except ImportError:  # pragma: no cover - dask is a declared optional dependency
        raise InputError(
            "client", client, "None: dask.distributed is not installed (pip install 'svcdesign[scale]')"
        ) from None
    own, cluster = None, None
    if isinstance(client, str):
        cluster = local_cluster() if client == "local" else None
        own = Client(client) if cluster is None else Client(cluster)
        client = own
    elif not isinstance(client, Client):
        raise InputError("client", client, "None, 'local', a scheduler address or a dask.distributed.Client")
    try:
        chunks = _chunks(len(scenarios), sum(client.nthreads().values()))
        futures = client.map(_Chunk(task), [[scenarios[i] for i in chunk] for chunk in chunks], pure=False)
        index = {f.key: chunk for f, chunk in zip(futures, chunks, strict=True)}
        out: list[Any] = [None] * len(scenarios)
        for future in _bar(as_completed(futures), progress, len(futures), description):
            for i, result in zip(index[future.key], future.result(), strict=True):
                out[i] = result
        return out
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()


CHUNKS_PER_THREAD = 4
"""Dask tasks per worker thread in :func:`run_many`: each task runs several variants, so the scheduler
handles a few tasks instead of one per variant (a few milliseconds of this process's time each), and
the last tasks still leave little idle time at the end."""


def _chunks(n: int, threads: int) -> list[list[int]]:
    """Indices ``0..n-1`` dealt round-robin into ``CHUNKS_PER_THREAD`` chunks per thread (at most ``n``):
    neighbouring variants, often alike in cost, go to different chunks."""
    count = max(1, min(n, CHUNKS_PER_THREAD * max(threads, 1)))
    return [list(range(first, n, count)) for first in range(count)]


class _Chunk:
    """Task: ``task`` over a list of scenarios, results in order (one Dask task for several variants)."""

    def __init__(self, task: Callable[[Scenario], Any]) -> None:
        self.task = task

    def __call__(self, scenarios: Sequence[Scenario]) -> list[Any]:
        return [self.task(scenario) for scenario in scenarios]


TRIM = "MALLOC_TRIM_THRESHOLD_"
"""The glibc setting Dask's nanny gives its worker processes (65536 bytes by default)."""


@contextmanager
def worker_environ() -> Iterator[None]:
    """Start local Dask worker processes inside this to leave glibc's memory allocator at its defaults.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (its setting
    ``distributed.nanny.pre-spawn-environ``) and leaves that variable in the environment of the process
    that starts them, so every later cluster inherits it. Setting it also fixes the size above which glibc
    maps fresh pages for each allocation, and each simulation of the bank example then takes about 1.5
    times the CPU time it takes in this process (its figures are the same: only the time differs).
    Inside this context the setting is off and the variable is out of the environment (put back
    afterwards); workers started here return freed memory to the system less eagerly.
    """
    import dask  # optional and heavy, as in run_many

    saved = os.environ.pop(TRIM, None)
    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{TRIM}": None}):
            yield
    finally:
        if saved is not None:
            os.environ[TRIM] = saved


def local_cluster(**options: Any) -> Any:
    """A new ``dask.distributed.LocalCluster`` of worker processes, one thread each, started inside
    :func:`worker_environ` (``LocalCluster(processes=True, threads_per_worker=1, **options)``: one worker
    per core unless ``n_workers`` says otherwise). Connect with ``Client(cluster)``; close both when done."""
    from dask.distributed import LocalCluster  # optional and heavy, as in run_many

    with worker_environ():  # read when the workers start, inside LocalCluster(...)
        return LocalCluster(**{"processes": True, "threads_per_worker": 1, **options})


def _bar(items: Iterable, enabled: bool, total: int, description: str) -> Iterable:
    if not enabled:
        return items
    try:
        from tqdm.auto import tqdm  # optional (the notebooks extra): loaded for a progress bar only
    except ImportError:  # tqdm comes with the notebooks extra; without it, no bar
        return items

    return tqdm(items, total=total, desc=description, leave=False)
