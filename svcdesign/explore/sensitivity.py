"""Sensitivity: which lever or assumption moves an outcome most.

Two methods over *factors* — scenario levers (dotted paths, as in :func:`.sweep.sweep`) and rows of
the assumptions table (:func:`svcdesign.assumptions.load_assumptions`, applied through
``Scenario.assumptions``), each with a low and a high value:

- ``"oat"``: one at a time. Each factor is set to its low and then its high value with every other
  factor at its base value; the *swing* |output(high) − output(low)| ranks the factors (a tornado
  diagram). 2k + 1 runs for k factors; blind to interactions.
- ``"sobol"``: variance-based (Sobol' 1993). Factors independent and uniform on [low, high]; first-order
  indices S_i (the share of the output's variance explained by factor i alone) and total indices
  S_Ti (including all its interactions), estimated from Saltelli's design — two quasi-random
  matrices A, B and, per factor, A with column i taken from B — with the estimators recommended by
  Saltelli, Annoni, Azzini, Campolongo, Ratto & Tarantola (2010), "Variance based sensitivity analysis
  of model output", Computer Physics Communications 181(2):259–270:
  S_i = mean(f(B)·(f(A_B^i) − f(A))) / V, S_Ti = mean((f(A) − f(A_B^i))²) / (2V) (Jansen 1999),
  V = Var([f(A), f(B)]); 95% intervals by bootstrap over the N base rows. N·(k + 2) runs.
  :func:`sobol_indices` is the estimator for any vectorised function (validated against the
  Ishigami function's known indices in the tests).

Factor ranges: give ``(low, high)`` explicitly where you know the uncertainty. Otherwise a factor
moves ±``relative`` around its base value (a modelling choice, default ±20%), clipped to the
assumption's allowed range; ``assumption_range="table"`` uses the table's min and max instead —
these are the *allowed* values, often far wider than the plausible ones.

Assumptions reach an output only through the code that reads them: the analytic engine reads none
today (the customer model and the dynamics engine do), so an operational output shows no swing for
them, and the table says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from .. import checks
from ..assumptions import load_assumptions
from ..errors import InputError
from ..model import Scenario
from ..results import ALL, Results
from .outcomes import CUSTOMER_OUTCOMES, CustomerHook, CustomerModel, customer_model, outcome
from .runs import resolve_engine, run_many

DEFAULT_RELATIVE = 0.2
"""Default half-width of a factor's range, as a share of its base value (a modelling choice)."""
BOOTSTRAP = 200
"""Bootstrap resamples for the Sobol indices' 95% intervals."""


@dataclass(frozen=True)
class Factor:
    """One uncertain input: a scenario path (``kind="lever"``) or an assumption name, with its range."""

    name: str
    kind: str
    base: float
    low: float
    high: float
    range_source: str


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """Sensitivity of one output to the factors.

    ``table``: OAT — factor, kind, low, high, base, output at low and high, swing (sorted by swing);
    Sobol — factor, S1, S1 interval, ST, ST interval. ``base_value``: the output at the base scenario.
    """

    method: str
    output: str
    base_value: float
    table: pd.DataFrame
    factors: list[Factor]
    currency: str
    notes: list[str] = field(default_factory=list)


class _Output:
    """Task: evaluate one variant and read the output."""

    def __init__(self, engine: Callable[[Scenario], Results], name: str, stage: str, hook: CustomerHook) -> None:
        self.engine, self.name, self.stage, self.hook = engine, name, stage, hook

    def __call__(self, scenario: Scenario) -> tuple[float, str | None]:
        """The output, or NaN and the reason when the model rejects this combination of values."""
        try:
            return outcome(self.engine(scenario), self.name, self.stage, scenario=scenario, customers=self.hook), None
        except InputError as error:
            return math.nan, str(error)


def sensitivity(
    scenario: Scenario,
    output: str = "service_level",
    *,
    stage: str = ALL,
    levers: Mapping[str, tuple[float, float] | None] | Sequence[str] | None = None,
    assumptions: Sequence[str] | str | Mapping[str, tuple[float, float] | None] | None = None,
    method: str = "oat",
    relative: float = DEFAULT_RELATIVE,
    assumption_range: str = "relative",
    samples: int = 64,
    seed: int = 0,
    engine: str | Callable[[Scenario], Results] = "analytic",
    customers: CustomerModel | None = None,
    client: Any = None,
    progress: bool = False,
    engine_options: Mapping[str, Any] | None = None,
) -> Sensitivity:
    """Rank levers and assumptions by their effect on one output (see the module docstring).

    Parameters
    ----------
    output, stage:
        The outcome (:mod:`.outcomes`: an engine metric, ``"service_level"`` for the whole chain,
        ``"satisfaction"`` with a customer model…) and the stage it is read at (default the chain).
    levers:
        Scenario paths: ``{path: (low, high)}`` or ``{path: None}`` / a list of paths for ±``relative``.
        Default (when neither levers nor assumptions are given): demand scale and every live stage's
        mean handle time and mean patience.
    assumptions:
        Rows of the assumptions table: names, a prefix ending in ``"."`` (``"loyalty."``), ``"all"``,
        or ``{name: (low, high) or None}``.
    method:
        ``"oat"`` or ``"sobol"``.
    relative, assumption_range:
        Default ranges (see the module docstring).
    samples:
        Sobol base sample size N (a power of two; N·(k + 2) runs).
    seed:
        Seed of the Sobol' sequence and of the bootstrap.
    engine, engine_options, customers, client, progress:
        As in :func:`.sweep.sweep` and :func:`.compare.compare`.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    relative = _checked_method(method, relative, assumption_range)
    hook = customer_model(customers)
    if output in CUSTOMER_OUTCOMES and hook.model is None:
        raise InputError("output", output, f"an operational outcome such as 'service_level': {hook.note}")
    factors = _factors(scenario, levers, assumptions, relative, assumption_range)
    task = _Output(resolve_engine(engine, _engine_options(engine, engine_options, output)), output, stage, hook)
    name = output if stage == ALL else f"{output}@{stage}"
    base, problem = task(scenario)
    if problem is not None:
        raise InputError("scenario", scenario.name, f"a scenario the model accepts ({problem})")
    notes = [hook.note] if output in CUSTOMER_OUTCOMES else []
    runs = _Runs(scenario, factors, task, name, client, progress)
    table = runs.one_at_a_time(notes) if method == "oat" else runs.sobol(samples, seed, notes)
    return Sensitivity(
        method=method,
        output=name,
        base_value=float(base),
        table=table,
        factors=factors,
        currency=scenario.organisation.currency,
        notes=notes,
    )


def _checked_method(method: str, relative: float, assumption_range: str) -> float:
    """Refuse an unknown ``method`` or ``assumption_range``; returns ``relative``, a share in (0, 1)."""
    checks.choice(
        "method", method, ("oat", "sobol"), allowed="'oat' (one at a time, tornado) or 'sobol' (variance-based)"
    )
    relative = checks.number(
        "relative",
        relative,
        low=0,
        high=1,
        low_open=True,
        high_open=True,
        allowed="a share in (0, 1), e.g. 0.2 for ±20%",
    )
    checks.choice("assumption_range", assumption_range, ("relative", "table"), allowed="'relative' or 'table'")
    return relative


def _factors(
    scenario: Scenario,
    levers: Mapping[str, tuple[float, float] | None] | Sequence[str] | None,
    assumptions: Sequence[str] | str | Mapping[str, tuple[float, float] | None] | None,
    relative: float,
    assumption_range: str,
) -> list[Factor]:
    """The levers' factors, then the assumptions'; the default levers when neither is given."""
    if levers is None and assumptions is None:
        levers = default_levers(scenario)
    factors = _lever_factors(scenario, levers, relative) + _assumption_factors(
        scenario, assumptions, relative, assumption_range
    )
    if not factors:
        raise InputError("levers, assumptions", (levers, assumptions), "at least one factor")
    return factors


def _engine_options(
    engine: str | Callable[[Scenario], Results], engine_options: Mapping[str, Any] | None, output: str
) -> dict[str, Any]:
    """The engine's options; the analytic engine computes the required staff only when it is the output."""
    options = dict(engine_options or {})
    if engine == "analytic":
        options.setdefault("staffing", output in ("required_agents", "required_staff", "required_staff_hours"))
    return options


class _Runs:
    """The runs of a sensitivity analysis: variants of ``scenario`` with the factors set, and their output."""

    def __init__(
        self, scenario: Scenario, factors: list[Factor], task: _Output, name: str, client: Any, progress: bool
    ) -> None:
        self.scenario, self.factors, self.task, self.name = scenario, factors, task, name
        self.client, self.progress = client, progress

    def one_at_a_time(self, notes: list[str]) -> pd.DataFrame:
        """The OAT table (sorted by swing); a note for each rejected setting and for silent assumptions."""
        factors = self.factors
        variants = []
        for f in factors:
            variants += [
                _variant(self.scenario, {f.name: (f.kind, f.low)}),
                _variant(self.scenario, {f.name: (f.kind, f.high)}),
            ]
        runs = run_many(self.task, variants, client=self.client, progress=self.progress, description="sensitivity")
        values = np.array([value for value, _ in runs])
        for i, (_, problem) in enumerate(runs):
            if problem is not None:
                f = factors[i // 2]
                notes.append(
                    f"{f.name} = {(f.low, f.high)[i % 2]:g} is rejected by the model, so its output is "
                    f"missing: {problem}"
                )
        table = pd.DataFrame(
            {
                "factor": [f.name for f in factors],
                "kind": [f.kind for f in factors],
                "low": [f.low for f in factors],
                "high": [f.high for f in factors],
                "base": [f.base for f in factors],
                "output_low": values[0::2],
                "output_high": values[1::2],
                "range": [f.range_source for f in factors],
            }
        )
        table["swing"] = (table["output_high"] - table["output_low"]).abs()
        table = table.sort_values("swing", ascending=False, kind="stable", na_position="last").reset_index(drop=True)
        silent = table.loc[(table["swing"] == 0) & (table["kind"] == "assumption"), "factor"].tolist()
        if silent:
            notes.append(
                f"assumptions {silent} do not change {self.name}: the evaluation path does not read them "
                "(the analytic engine reads no assumptions; the customer model and dynamics engine do)"
            )
        return table

    def sobol(self, samples: int, seed: int, notes: list[str]) -> pd.DataFrame:
        """The Sobol table (first-order and total indices with 95% intervals); a note of the runs made."""
        factors = self.factors
        bounds = np.column_stack([[f.low for f in factors], [f.high for f in factors]])
        indices = sobol_indices(self.rows, bounds, samples=samples, seed=seed)
        table = indices.assign(factor=[f.name for f in factors])[
            ["factor", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
        ]
        k = len(factors)
        notes.append(
            f"{samples * (k + 2)} runs (N = {samples}, k = {k}); factors independent and uniform on [low, high]"
        )
        return table

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """The output at each row of factor values; an InputError naming a row the model rejects or
        whose output is not finite (the variance of an infinite output is undefined)."""
        factors = self.factors
        variants = [
            _variant(self.scenario, {f.name: (f.kind, float(v)) for f, v in zip(factors, row, strict=True)})
            for row in rows
        ]
        runs = run_many(self.task, variants, client=self.client, progress=self.progress, description="sobol")
        bad = [(row, problem) for row, (_, problem) in zip(rows, runs, strict=True) if problem is not None]
        if bad:
            row, problem = bad[0]
            shown = {f.name: round(float(v), 6) for f, v in zip(factors, row, strict=True)}
            raise InputError(
                "factor ranges",
                shown,
                f"ranges in which every combination is valid; "
                f"{len(bad)} of {len(rows)} samples were rejected, e.g. this one: {problem}",
            )
        values = np.array([value for value, _ in runs])
        infinite = np.flatnonzero(~np.isfinite(values))
        if infinite.size:  # an overloaded or unstaffed variant
            shown = {f.name: round(float(v), 6) for f, v in zip(factors, rows[infinite[0]], strict=True)}
            raise InputError(
                "factor ranges",
                shown,
                f"ranges in which {self.name} stays finite; {infinite.size} of "
                f"{len(rows)} samples give {values[infinite[0]]} (a stage overloaded or unstaffed), "
                "e.g. this one",
            )
        return values


def default_levers(scenario: Scenario) -> list[str]:
    """Demand scale and every live stage's mean handle time and mean patience (paths)."""
    paths = ["demand.scale"]
    for i, stage in enumerate(scenario.stages):
        if stage.deferred:
            continue
        key = stage.name if "." not in stage.name else str(i)  # a dotted name cannot be a path part
        paths.append(f"stages.{key}.handle_time.mean")
        if stage.patience is not None:
            paths.append(f"stages.{key}.patience.mean")
    return paths


def sobol_indices(
    function: Callable[[np.ndarray], np.ndarray],
    bounds: np.ndarray | Sequence[Sequence[float]],
    *,
    samples: int = 1024,
    seed: int = 0,
    bootstrap: int = BOOTSTRAP,
) -> pd.DataFrame:
    """First-order and total Sobol indices of ``function`` over independent uniform factors.

    ``function`` maps rows of factor values ``[m, k]`` to outputs ``[m]``; ``bounds`` is ``[k, 2]``
    (low, high). Saltelli's design with a scrambled Sobol' sequence (``scipy.stats.qmc``, seeded) and the
    Saltelli et al. (2010) / Jansen (1999) estimators; 95% bootstrap percentile intervals. Returns one row
    per factor: ``S1, S1_low, S1_high, ST, ST_low, ST_high``.
    """
    bounds = np.asarray(bounds, dtype=float)
    if bounds.ndim != 2 or bounds.shape[1] != 2 or not np.all(bounds[:, 1] > bounds[:, 0]):
        raise InputError("bounds", bounds.tolist(), "[k, 2] rows (low, high) with high > low")
    allowed = "a power of two >= 2 (Sobol' sequences balance at powers of two)"
    samples = int(checks.number("samples", samples, low=2, integer=True, allowed=allowed))
    if samples & (samples - 1):
        raise InputError("samples", samples, allowed)
    k = bounds.shape[0]
    unit = qmc.Sobol(d=2 * k, scramble=True, seed=seed).random(samples)
    scale = lambda u: bounds[:, 0] + u * (bounds[:, 1] - bounds[:, 0])  # noqa: E731
    A, B = scale(unit[:, :k]), scale(unit[:, k:])
    AB = np.repeat(A[None], k, axis=0)
    for i in range(k):
        AB[i, :, i] = B[:, i]
    y = np.asarray(function(np.concatenate([A, B, AB.reshape(-1, k)])), dtype=float).ravel()
    if y.size != samples * (k + 2) or not np.all(np.isfinite(y)):
        raise InputError(
            "function",
            f"{y.size} outputs, finite: {bool(np.all(np.isfinite(y)))}",
            f"{samples * (k + 2)} finite outputs, one per row",
        )
    fA, fB, fAB = y[:samples], y[samples : 2 * samples], y[2 * samples :].reshape(k, samples)

    def estimate(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b, ab = fA[rows], fB[rows], fAB[:, rows]
        var = np.var(np.concatenate([a, b]))
        if var == 0:
            return np.zeros(k), np.zeros(k)
        return (np.mean(b * (ab - a), axis=1) / var, 0.5 * np.mean((a - ab) ** 2, axis=1) / var)

    s1, st = estimate(np.arange(samples))
    rng = np.random.default_rng(seed)
    boot = [estimate(rng.integers(0, samples, samples)) for _ in range(bootstrap)]
    b1 = np.array([b[0] for b in boot])
    bt = np.array([b[1] for b in boot])
    return pd.DataFrame(
        {
            "S1": s1,
            "S1_low": np.percentile(b1, 2.5, axis=0),
            "S1_high": np.percentile(b1, 97.5, axis=0),
            "ST": st,
            "ST_low": np.percentile(bt, 2.5, axis=0),
            "ST_high": np.percentile(bt, 97.5, axis=0),
        }
    )


# --------------------------------------------------------------------------------- factors
def _lever_factors(scenario: Scenario, levers: Any, relative: float) -> list[Factor]:
    if levers is None:
        return []
    items = levers.items() if isinstance(levers, Mapping) else ((path, None) for path in levers)
    data = scenario.model_dump(mode="python")
    out = []
    for path, given in items:
        base = checks.number(
            f"levers[{path!r}]",
            _get_path(data, str(path)),
            allowed="a path to a number in the scenario (for lists of staff use staff_adjustment; "
            "for a missing patience give the stage a patience first)",
        )
        if given is None:
            low, high, source = base * (1 - relative), base * (1 + relative), f"±{relative:.0%} of the base value"
            if base == 0:
                raise InputError(f"levers[{path!r}]", base, "an explicit (low, high) range: ± a share of 0 is no range")
        else:
            low, high = _range(f"levers[{path!r}]", given)
            source = "given"
        out.append(Factor(str(path), "lever", base, low, high, source))
    return out


def _assumption_factors(scenario: Scenario, assumptions: Any, relative: float, how: str) -> list[Factor]:
    if assumptions is None:
        return []
    table = load_assumptions()
    if isinstance(assumptions, str):
        names = (
            table.names()
            if assumptions == "all"
            else table.names(assumptions)
            if assumptions.endswith(".")
            else [assumptions]
        )
        if not names:
            raise InputError(
                "assumptions", assumptions, f"'all', a group prefix such as 'loyalty.', or names; groups {table.groups}"
            )
        items: Iterable = ((n, None) for n in names)
    elif isinstance(assumptions, Mapping):
        items = assumptions.items()
    else:
        items = ((n, None) for n in assumptions)
    out = []
    for name, given in items:
        row = table[name]  # InputError naming close matches for an unknown name
        if "@" in name:
            continue  # points of lookup tables move together with their table, not one at a time
        base = float(scenario.assumptions.get(name, row.value))
        if given is not None:
            low, high = _range(f"assumptions[{name!r}]", given)
            row.check(low), row.check(high)
            source = "given"
        elif how == "table":
            low, high, source = row.min, row.max, "allowed range of the assumptions table"
        else:
            low = max(row.min, base * (1 - relative) if base >= 0 else base * (1 + relative))
            high = min(row.max, base * (1 + relative) if base >= 0 else base * (1 - relative))
            source = f"±{relative:.0%} of the value, within the allowed range"
        if not (math.isfinite(low) and math.isfinite(high)) or low == high:
            continue  # a switch at a bound or an unbounded range: nothing to vary
        out.append(Factor(name, "assumption", base, low, high, source))
    return out


def _range(field: str, given: Any) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in given)
    except (TypeError, ValueError):
        raise InputError(field, given, "a (low, high) pair of numbers") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise InputError(field, given, "finite numbers with low < high")
    return low, high


def _variant(scenario: Scenario, settings: Mapping[str, tuple[str, float]]) -> Scenario:
    paths = {name: value for name, (kind, value) in settings.items() if kind == "lever"}
    table = {name: value for name, (kind, value) in settings.items() if kind == "assumption"}
    fields: dict[str, Any] = {}
    if table:
        fields["assumptions"] = {**scenario.assumptions, **table}
    return scenario.with_overrides(paths, **fields)


def _get_path(data: Any, path: str) -> Any:
    node = data
    for key in [k for k in path.split(".") if k]:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list):
            match = [item for item in node if isinstance(item, dict) and item.get("name") == key]
            if match:
                node = match[0]
            elif key.lstrip("-").isdigit() and -len(node) <= int(key) < len(node):
                node = node[int(key)]
            else:
                raise InputError("levers", path, f"a path into the scenario; '{key}' is not an item of the list")
        else:
            raise InputError("levers", path, f"a path into the scenario; '{key}' is not there")
    return node
