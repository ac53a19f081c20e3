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
    :data:`CHUNKS_PER_THREAD` tasks per worker thread (see :func:`run_chunked`); each result is the
    same whichever chunk or worker computes it.
    """
    if client is None:
        return [task(s) for s in _bar(scenarios, progress, len(scenarios), description)]
    out: list[Any] = [None] * len(scenarios)
    for chunk, results in run_chunked(
        _Chunk(task), scenarios, client=client, progress=progress, description=description
    ):
        for i, result in zip(chunk, results, strict=True):
            out[i] = result
    return out


def run_chunked(
    task: Callable[[list[Any]], Any],
    items: Sequence[Any],
    *,
    client: Any,
    progress: bool = False,
    description: str = "runs",
) -> list[tuple[list[int], Any]]:
    """``task`` over chunks of ``items`` on Dask workers: ``[(indices of a chunk, task(its items)), ...]``.

    The items are dealt into :data:`CHUNKS_PER_THREAD` chunks per worker thread (:func:`_chunks`), one
    Dask task each (the progress bar counts tasks); the pairs come back in chunk order. ``client`` as
    in :func:`run_many` (not ``None``); ``task`` and the items must be picklable.
    """
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
        chunks = _chunks(len(items), sum(client.nthreads().values()))
        futures = client.map(task, [[items[i] for i in chunk] for chunk in chunks], pure=False)
        if progress:  # as each task finishes, for the bar
            for _ in _bar(as_completed(futures), progress, len(futures), description):
                pass
        return list(zip(chunks, client.gather(futures), strict=True))
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()


CHUNKS_PER_THREAD = 4
"""Dask tasks per worker thread in :func:`run_chunked`: each task runs several variants, so the scheduler
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

QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.scheduler.work-stealing": False,
}
"""Dask settings of a cluster started inside :func:`worker_environ` (Dask's defaults in brackets): no
statistical profile of running tasks (every 10 ms), the event loop's responsiveness checked every second
(20 ms), the system monitor read every 5 s (0.5 s) and each worker's memory every 0.5 s (0.1 s), no work
stealing (its balance every 0.1 s; the tasks of :func:`run_chunked` are few and alike). The scheduler runs
in the process that starts a ``LocalCluster``, beside the workers on the same cores: these periodic jobs
took about 40 ms of CPU a second with 2 idle workers, about 10 ms with these settings."""


@contextmanager
def worker_environ() -> Iterator[None]:
    """Start local Dask worker processes inside this to leave glibc's memory allocator at its defaults
    and Dask's periodic bookkeeping sparse (:data:`QUIET`).

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (its setting
    ``distributed.nanny.pre-spawn-environ``) and leaves that variable in the environment of the process
    that starts them, so every later cluster inherits it. Setting it also fixes the size above which glibc
    maps fresh pages for each allocation, and each simulation of the bank example then takes about 1.5
    times the CPU time it takes in this process (its figures are the same: only the time differs).
    Inside this context the setting is off and the variable is out of the environment (put back
    afterwards); workers started here return freed memory to the system less eagerly. The settings of
    :data:`QUIET` apply to the scheduler, nannies and workers started inside this context.
    """
    import dask  # optional and heavy, as in run_many

    saved = os.environ.pop(TRIM, None)
    try:
        with dask.config.set({f"distributed.nanny.pre-spawn-environ.{TRIM}": None, **QUIET}):
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
