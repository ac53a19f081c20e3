"""Sweeps: evaluate a scenario over a grid of lever values and collect the results in one table.

A *lever* is any scenario field addressed by its dotted path, exactly as
:meth:`~svcdesign.model.Scenario.with_overrides` reads it, for example

- staff at a stage: ``"stages.representative.staff_adjustment"`` (added to every interval) or
  ``"stages.coordinator.staff"`` (a flat number of staff on shift);
- handle time: ``"stages.representative.handle_time.mean"`` (seconds);
- escalation rate: ``"stages.representative.routing.escalate.coordinator"``;
- demand: ``"demand.scale"``; patience: ``"stages.representative.patience.mean"``;
- a peak's size: ``"demand.peaks.Friday peak.factor"``.

The grid is the product of the levers' values. Each combination is one scenario variant, evaluated
by the chosen engine, serially or on Dask workers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..engines.registry import ENGINES
from ..errors import InputError
from ..model import Scenario
from ..results import ALL, Results
from .runs import lever_grid, resolve_engine, run_chunked, run_many, variant
from .sweep_result import Packed, SweepResult, pack


class _LongRows:
    """Task: evaluate one variant and keep its whole-horizon rows."""

    def __init__(self, engine: Callable[[Scenario], Results], metrics: Sequence[str] | None) -> None:
        self.engine = engine
        self.metrics = None if metrics is None else list(metrics)

    def __call__(self, scenario: Scenario) -> pd.DataFrame:
        results = self.engine(scenario)
        arrays = results.arrays
        if arrays is None:
            data = results.data
            data = data[data["period"].isna()]
        else:  # those rows alone, as ``data[mask]`` gives them: the whole table is not built
            data = arrays.frame(arrays.horizon_rows())
        if self.metrics is not None:
            data = data[data["metric"].isin(self.metrics)]
        return data.reset_index(drop=True)


class _Runs:
    """Dask task: the long rows of some runs of a sweep, ``[(run, settings), ...]``, each variant built here
    from the base scenario (only the settings travel, not a validated scenario per variant)."""

    def __init__(self, scenario: Scenario, rows: _LongRows) -> None:
        self.scenario = scenario
        self.rows = rows

    def __call__(self, runs: Sequence[tuple[int, dict[str, Any]]]) -> pd.DataFrame | tuple[int, InputError]:
        parts = []
        for run, settings in runs:
            try:
                built = variant(self.scenario, settings)
            except InputError as error:  # returned, not raised: the caller raises the first in grid order
                return run, error
            parts.append(_labelled(run, settings, self.rows(built)))
        return pd.concat(parts, ignore_index=True)


def _labelled(run: int, settings: Mapping[str, Any], frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns ``run`` and one per lever in front."""
    head = pd.DataFrame({"run": run, **{k: [v] * len(frame) for k, v in settings.items()}}, index=frame.index)
    return pd.concat([head, frame], axis=1)


def _on_dask(task: _Runs, grid: list[dict[str, Any]], client: Any, progress: bool) -> pd.DataFrame:
    """The long table of the sweep from tasks on Dask workers (:func:`.runs.run_chunked`), rows in run order."""
    chunks = run_chunked(task, list(enumerate(grid)), client=client, progress=progress, description="sweep")
    refused = [result for _, result in chunks if isinstance(result, tuple)]
    if refused:  # the first in grid order, as the serial sweep reports it
        raise min(refused, key=lambda result: result[0])[1]
    long = pd.concat([frame for _, frame in chunks], ignore_index=True)
    order = np.argsort(long["run"].to_numpy(), kind="stable")  # chunks hold every k-th run
    return long.take(order).reset_index(drop=True)


class _PackedRows:
    """Task: evaluate one variant and keep its rows compact (:func:`.sweep_result.pack`)."""

    def __init__(
        self, engine: Callable[[Scenario], Results], metrics: Sequence[str] | None, folder: Path | None
    ) -> None:
        self.engine = engine
        self.metrics = None if metrics is None else list(metrics)
        self.folder = folder
        self.previous: Packed | None = None  # columns equal to the last variant's are shared

    def __call__(self, scenario: Scenario) -> Packed:
        data = self.engine(scenario).data
        if self.metrics is not None:
            data = data[data["metric"].isin(self.metrics)].reset_index(drop=True)
        spill = None if self.folder is None else self.folder / f"run-{uuid.uuid4().hex}"
        self.previous = pack(data, self.previous, spill)
        return self.previous


def sweep(
    scenario: Scenario,
    levers: Mapping[str, Iterable[Any]],
    *,
    engine: str | Callable[[Scenario], Results] = "analytic",
    client: Any = None,
    progress: bool = True,
    metrics: Sequence[str] | None = None,
    periods: bool = False,
    wide: bool = False,
    engine_options: Mapping[str, Any] | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame | SweepResult:
    """Evaluate ``scenario`` for every combination of lever values.

    Parameters
    ----------
    scenario:
        The base scenario.
    levers:
        ``{dotted path: values}``; the grid is the product of all values (see the module docstring).
    engine:
        A name in :data:`svcdesign.engines.registry.ENGINES` (``"analytic"``, ``"simulation"``,
        ``"dynamics"``; run through the memo of engine results) or any function ``scenario -> Results``.
    client:
        ``None`` runs here; ``"local"`` starts a temporary local Dask cluster; a scheduler address or a
        ``dask.distributed.Client`` uses that cluster. Results are identical either way. Simulations on
        worker processes run at the speed of this process only if the workers were started with
        :func:`~.runs.worker_environ` (``"local"`` is: :func:`~.runs.local_cluster`). Every combination
        is validated before it runs: serially all of them first; on Dask (without ``periods``) the first
        one here (a bad path fails at once), each other one by the task that runs it, an invalid one
        raised here once the tasks are done, as the serial sweep raises it (the first in grid order).
    progress:
        Show a progress bar (``tqdm.auto``).
    metrics:
        Keep only these metrics (default: all).
    periods:
        Keep the per-period rows too, in a :class:`~.sweep_result.SweepResult` (default: whole-horizon
        figures only, as a DataFrame; a week of 15-minute periods is 672 rows per metric and stage,
        about 100,000 rows per variant of the bank example).
    wide:
        Return one row per combination instead (whole-horizon, all segments): the lever columns, then one
        column per metric at stage ``"all"`` named ``metric`` and per metric and stage named
        ``"metric@stage"``.
    engine_options:
        Keyword arguments for the engine (e.g. ``{"week": 47}`` for the analytic engine); an option the
        engine does not take is an InputError before anything runs.
    path:
        With ``periods``: a folder (created if missing) for each variant's values, one ``.npy`` file
        per variant, read back memory-mapped; memory then stays flat whatever the number of variants.
        Default: kept in memory (8 bytes per row, the other columns shared between variants).
        Per-period runs of a named engine are computed, not taken from (or kept in) the memo of engine
        results.

    Returns
    -------
    DataFrame or SweepResult
        With ``periods``: a :class:`~.sweep_result.SweepResult`, whose ``frame()`` (filter by metric,
        stage, segment, run) is the long table below and ``iter_frames()`` the same one run at a time.
        Long (default): one row per combination × stage × segment × (period) × metric, with columns
        ``run`` (0, 1, … in grid order), one column per lever (named by its path), then the
        :class:`~svcdesign.results.Results` columns ``scenario, engine, stage, segment, period, metric,
        value, lower, upper``. ``scenario`` names the variant.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    grid = lever_grid(levers)
    serial = client is None or (periods and not wide)
    # validates every combination first; on Dask the first one (bad paths), the others where they run
    variants = [variant(scenario, settings) for settings in (grid if serial else grid[:1])]
    function = resolve_engine(engine, engine_options)
    if periods and not wide:
        if isinstance(engine, str):  # not through the memo: 100 variants would fill it (~4 MB each) and evict it all
            function = partial(ENGINES[engine].run, **dict(engine_options or {}))
        return _lazy(function, grid, variants, metrics, path, client=client, progress=progress)
    long = _long(scenario, grid, variants, _LongRows(function, metrics), client, progress)
    if metrics is not None:
        first = long["metric"][long["run"] == 0]
        _check_metrics(metrics, set(long["metric"]), sorted(set(first)) if len(first) else None)
    return to_wide(long, list(grid[0])) if wide else long


def _long(
    scenario: Scenario,
    grid: list[dict[str, Any]],
    variants: list[Scenario],
    rows: _LongRows,
    client: Any,
    progress: bool,
) -> pd.DataFrame:
    """The long table of a sweep: here from the validated ``variants``, on Dask from ``scenario`` and ``grid``."""
    if client is None:
        frames = run_many(rows, variants, progress=progress, description="sweep")
        return pd.concat(
            [_labelled(run, *pair) for run, pair in enumerate(zip(grid, frames, strict=True))], ignore_index=True
        )
    return _on_dask(_Runs(scenario, rows), grid, client, progress)


def _lazy(
    function: Callable[[Scenario], Results],
    grid: list[dict[str, Any]],
    variants: list[Scenario],
    metrics: Sequence[str] | None,
    path: str | Path | None,
    **run: Any,
) -> SweepResult:
    """The per-period sweep: each variant packed as it finishes, collected in a :class:`SweepResult`."""
    folder = None if path is None else Path(path)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    packed = run_many(_PackedRows(function, metrics, folder), variants, description="sweep", **run)
    result = SweepResult(grid, packed, folder)
    if metrics is not None:
        first = SweepResult(grid[:1], packed[:1], folder).metrics if packed[0].rows else None
        _check_metrics(metrics, set(result.metrics), first)
    return result


def _check_metrics(metrics: Sequence[str], seen: set[str], reported: list[str] | None) -> None:
    missing = sorted(set(metrics) - seen)
    if missing:
        raise InputError(
            "metrics",
            missing,
            f"metrics the engine reports: {reported}" if reported is not None else "metrics the engine reports",
        )


def to_wide(long: pd.DataFrame, levers: Sequence[str]) -> pd.DataFrame:
    """One row per run from a long sweep table: lever columns, then ``metric`` / ``metric@stage``."""
    rows = long[long["period"].isna() & (long["segment"] == ALL)]
    metric, stage = rows["metric"].astype(str), rows["stage"].astype(str)  # engines may store categoricals
    key = metric.where(stage == ALL, metric + "@" + stage)
    table = rows.assign(column=key).pivot_table(
        index="run", columns="column", values="value", aggfunc="first", sort=False
    )
    head = long.drop_duplicates("run").set_index("run")[list(levers)]
    return head.join(table).reset_index()
