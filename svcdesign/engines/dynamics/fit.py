"""Estimate the dynamics engine's parameters from a centre's weekly series by least squares.

Oliva & Sterman (2001) estimated their service-quality model on a bank's weekly series of orders,
absenteeism, labour and time per order, with the observed inputs driving the model and the
parameters chosen to make its time per order track the observed one. :func:`fit_dynamics` does the
same with this engine:

- the series (:mod:`.series`: a DataFrame or CSV of one row per week) drives the run — orders,
  absenteeism and, when given, the observed effective labour or capacity in place of the model's
  workforce;
- the chosen parameters (fields of :class:`~.params.DynamicsParams`, or their rows of the assumptions
  table, e.g. ``"tpo_pressure_elasticity"`` = α) minimise the sum of squared residuals between the
  engine's weekly columns and the observed targets (``time_per_order``, ``backlog``,
  ``delivery_delay``), each target's residuals divided by the standard deviation of its observations
  so that several targets weigh alike (``scipy.optimize.least_squares``, trust-region reflective,
  within each parameter's range in the assumptions table);
- standard errors come from the Jacobian J of the residuals at the estimate (finite differences):
  covariance = s² (JᵀJ)⁻¹ with s² = Σ residual² / (n − k), n observations, k parameters — the usual
  asymptotic nonlinear least-squares result (e.g. Seber & Wild 1989, *Nonlinear Regression*, §2.1);
- R² = 1 − Σ(observed − fitted)² / Σ(observed − mean observed)² per target, over the fitted weeks and,
  when the last ``holdout`` weeks are held out, over those alone (the model driven by their observed
  inputs, parameters from the earlier weeks only; it can be negative).

The initial standard time per order (``"initial_standard_tpo"``, hours/order) can be fitted too; the
reference and minimum times per order scale with it as in
:func:`~svcdesign.engines.dynamics.integrate_weeks`. Not fitted at all: the integration step, the
response-form switch, the working week, defaults for missing inputs, the scenario-only switches and
the rows that touch only quality and customers' expectations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from ... import checks
from ...assumptions import load_assumptions
from ...errors import InputError
from ...i18n.phrases import Phrase, tr
from .inputs import Exogenous, StaffingDecisions
from .params import SCALARS, DynamicsParams
from .run import COLUMNS, Start, StepInputs, check_step, prepare_inputs, simulate, weekly_frame, with_standard
from .series import TARGETS, check_weekly_series, exogenous_of

__all__ = ["DynamicsFit", "FITTABLE", "DEFAULT_PARAMETERS", "fit_dynamics", "r_squared"]

NOT_FITTED = frozenset(
    {
        "dt",
        "pressure_form",
        "standard_workweek",
        "initial_orders",
        "default_absenteeism",
        "min_delivery_delay",
        "deferred_delay_from_target",
        "deferred_min_time_share",
        "reference_tpo",
        "expectation_time",
        "expectation_weight_external",
        "external_reference_quality",
    }
)
#: Parameters a fit may estimate (fields of DynamicsParams).
FITTABLE: tuple[str, ...] = tuple(name for name in SCALARS if name not in NOT_FITTED)
#: Oliva & Sterman's erosion parameters: corner cutting α, the erosion time, the initial standard.
DEFAULT_PARAMETERS: tuple[str, ...] = ("tpo_pressure_elasticity", "standard_adjust_time_down", "initial_standard_tpo")
PENALTY = 1e3
"""Residual (in standard deviations of the target) for a week the model cannot deliver a finite value."""
TPO_RANGE = 10.0
"""The initial standard may be fitted within this factor of its start value either way."""
COLLINEAR = 1e12
"""Condition number of JᵀJ above which the standard errors are flagged as unreliable."""
UNIT_FACTOR = 5.0
"""Hours the orders need (orders × time per order) and hours the labour gives must agree within this
factor either way, else a unit is taken to be wrong (real centres run within about ±50%)."""


def r_squared(observed: Any, predicted: Any) -> float:
    """Coefficient of determination 1 − Σ(o − p)² / Σ(o − ō)² over the weeks with an observation.

    NaN observations (weeks not observed) are skipped. Raises InputError when fewer than two weeks
    are observed, the observations do not vary (R² is undefined) or a prediction is not finite.
    """
    o = np.asarray(observed, dtype=float)
    p = np.asarray(predicted, dtype=float)
    if o.shape != p.shape or o.ndim != 1:
        raise InputError("predicted", f"shape {p.shape}", f"the shape of the observations {o.shape}")
    seen = ~np.isnan(o)
    o, p = o[seen], p[seen]
    if o.size < 2:
        raise InputError("observed", f"{o.size} observed weeks", "at least 2 for R²")
    if not np.all(np.isfinite(p)):
        raise InputError("predicted", "a non-finite value", "finite predictions in every observed week")
    total = float(np.sum((o - o.mean()) ** 2))
    if total == 0.0:
        raise InputError("observed", f"constant {o[0]:g}", "observations that vary (R² is undefined otherwise)")
    return 1.0 - float(np.sum((o - p) ** 2)) / total


@dataclass(frozen=True)
class DynamicsFit:
    """What :func:`fit_dynamics` estimated, and how well the engine then tracks the series.

    ``estimates``: one row per parameter (index: the row of the assumptions table) with ``estimate``,
    ``std_error``, ``start``, ``lower``, ``upper`` and ``unit``. ``covariance``: their covariance.
    ``r2`` / ``r2_holdout``: R² per target over the fitted weeks / the held-out weeks (empty without a
    hold-out). ``fitted``: the engine's weekly run over every week of the series with the estimates.
    ``train_weeks``: weeks used to estimate. ``warnings``: parameters the series does not inform,
    collinearity, a fit that did not converge.
    """

    estimates: pd.DataFrame
    covariance: pd.DataFrame
    r2: dict[str, float]
    r2_holdout: dict[str, float]
    fitted: pd.DataFrame
    observed: pd.DataFrame
    train_weeks: int
    evaluations: int
    converged: bool
    message: str
    warnings: tuple[str, ...]
    params: DynamicsParams
    start: Start
    step: float

    def overrides(self) -> dict[str, float]:
        """``{assumption row: estimate}`` for the table's rows (the initial standard is ``standard_tpo``)."""
        estimates = self.estimates["estimate"]
        return {str(row): float(v) for row, v in estimates.items() if row != SCALARS["initial_standard_tpo"]}

    def run(
        self,
        *,
        exogenous: Exogenous | None = None,
        decisions: StaffingDecisions | None = None,
        weeks: int | None = None,
    ) -> pd.DataFrame:
        """The engine with the fitted parameters and start: by default over the observed inputs; give
        other ``exogenous`` series or ``decisions`` (a cut, a freeze) for the centre's what-ifs."""
        exogenous = exogenous if exogenous is not None else exogenous_of(self.observed)
        n = len(self.observed) if weeks is None else int(checks.number("weeks", weeks, low=1, integer=True))
        inputs = prepare_inputs(n, exogenous, decisions, self.params, self.step)
        return weekly_frame(simulate(self.params, inputs, self.start), self.step)


@dataclass(frozen=True)
class _Problem:
    """A fit's fixed parts: inputs, start, targets' observations, the base parameters and the names."""

    fields: tuple[str, ...]
    base: DynamicsParams
    inputs: StepInputs
    start: Start
    targets: tuple[str, ...]
    observed: np.ndarray  # (train weeks, targets), NaN = not observed
    scale: np.ndarray  # per target
    train: int

    def params(self, theta: np.ndarray) -> DynamicsParams:
        values: dict[str, Any] = dict(zip(self.fields, (float(v) for v in theta), strict=True))
        standard = values.pop("initial_standard_tpo", self.base.initial_standard_tpo)
        return with_standard(replace(self.base, **values), standard)

    def predict(self, theta: np.ndarray) -> np.ndarray:
        weekly = simulate(self.params(theta), self.inputs, self.start)
        return weekly[:, [COLUMNS.index(t) for t in self.targets]]

    def residuals(self, theta: np.ndarray) -> np.ndarray:
        r = (self.predict(theta)[: self.train] - self.observed) / self.scale
        r = r[~np.isnan(self.observed)]
        return np.where(np.isfinite(r), r, PENALTY)


def fit_dynamics(
    series: pd.DataFrame,
    parameters: Sequence[str] = DEFAULT_PARAMETERS,
    *,
    targets: Sequence[str] | None = None,
    holdout: int = 0,
    start_values: Mapping[str, float] | None = None,
    overrides: Mapping[str, Any] | None = None,
    standard_tpo: float | None = None,
    initial_staff: float | None = None,
    experienced_share: float | None = None,
    dt: float | None = None,
) -> DynamicsFit:
    """Estimate ``parameters`` of the dynamics engine from a weekly ``series`` by least squares.

    Parameters
    ----------
    series:
        One row per week with the columns of :data:`~svcdesign.engines.dynamics.series.SERIES_COLUMNS`
        (read a CSV with :func:`~svcdesign.engines.dynamics.series.read_weekly_series`): orders,
        optionally absenteeism and observed labour or capacity, and at least one target.
    parameters:
        Fields of :class:`DynamicsParams` (or their rows, ``"dynamics.tpo_pressure_elasticity"``) to
        estimate, among :data:`FITTABLE`; default α, the erosion time and the initial standard.
    targets:
        Columns to match (default: every target column the series has).
    holdout:
        Weeks at the end kept out of the estimation and scored separately (0 = none).
    start_values:
        ``{parameter: value}`` to start the search from (default: the table's value; the initial
        standard starts at ``standard_tpo`` or the first observed time per order).
    overrides:
        Rows of the assumptions table held fixed at other values (validated).
    standard_tpo:
        Initial standard time per order (hours/order) when it is not fitted (default: the first
        observed time per order, else the table's).
    initial_staff, experienced_share:
        The workforce at week 0 (people; share experienced), as in ``integrate_weeks``.
    dt:
        Integration step in weeks (default the table's).

    Returns
    -------
    DynamicsFit
        Estimates with standard errors, R² in and out of sample, and the fitted run.
    """
    observed = check_weekly_series(series)
    base = _base_params(overrides, observed, standard_tpo)
    fields = _fields(parameters)
    targets = _targets(targets, observed)
    held = int(checks.number("holdout", holdout, low=0, high=len(observed) - 2, integer=True))
    step, _ = check_step(base.dt if dt is None else dt, base.min_delivery_delay)
    inputs = prepare_inputs(len(observed), exogenous_of(observed), None, base, step)
    _check_units(observed, inputs, base)
    start = Start.checked(initial_staff, experienced_share, _initial_backlog(observed))
    train = len(observed) - held
    held_out = observed[list(targets)].to_numpy()[train:]
    if held and np.min(np.count_nonzero(~np.isnan(held_out), axis=0)) < 2:
        raise InputError("holdout", held, "0, or enough weeks to hold 2 observations of each target (for R²)")
    obs = observed[list(targets)].to_numpy()[:train]
    problem = _Problem(fields, base, inputs, start, targets, obs, _scales(obs, targets), train)
    x0, lower, upper = _bounds(fields, base, start_values)
    if np.count_nonzero(~np.isnan(obs)) <= len(fields):
        raise InputError("holdout", holdout, f"few enough weeks held out to leave more than {len(fields)} observations")
    solution = least_squares(problem.residuals, x0, bounds=(lower, upper), x_scale="jac", method="trf")
    return _result(problem, solution, x0, lower, upper, observed)


def _base_params(
    overrides: Mapping[str, Any] | None, observed: pd.DataFrame, standard_tpo: float | None
) -> DynamicsParams:
    """The fixed parameters (the table with ``overrides``) at the initial standard."""
    table = load_assumptions().with_overrides(overrides)
    base = DynamicsParams.from_assumptions(table)
    if standard_tpo is not None:
        standard = checks.number("standard_tpo", standard_tpo, low=0.0, low_open=True)
    elif "time_per_order" in observed.columns and not np.isnan(observed["time_per_order"].iloc[0]):
        standard = float(observed["time_per_order"].iloc[0])
    else:
        standard = base.initial_standard_tpo
    return with_standard(base, float(standard))


def _fields(parameters: Sequence[str]) -> tuple[str, ...]:
    """Parameter names as fields of DynamicsParams, each fittable and named once."""
    if isinstance(parameters, str) or not isinstance(parameters, Sequence) or not parameters:
        raise InputError("parameters", parameters, f"a non-empty list of names among {list(FITTABLE)}")
    rows = {row: field for field, row in SCALARS.items()}
    fields = []
    for name in parameters:
        field = rows.get(name, name)
        if field not in FITTABLE:
            raise InputError("parameters", name, f"names among {list(FITTABLE)} (or their rows dynamics.…)")
        if field in fields:
            raise InputError("parameters", name, "each parameter once")
        fields.append(field)
    return tuple(fields)


def _targets(targets: Sequence[str] | None, observed: pd.DataFrame) -> tuple[str, ...]:
    """The targets to match: given ones, each a target column of the series; default all it has."""
    present = [t for t in TARGETS if t in observed.columns]
    if targets is None:
        if not present:
            raise InputError("series columns", list(observed.columns), f"at least one target among {list(TARGETS)}")
        return tuple(present)
    if isinstance(targets, str) or not targets:
        raise InputError("targets", targets, f"a non-empty list among the series' targets {present}")
    for t in targets:
        if t not in present:
            raise InputError("targets", t, f"a target column the series has, among {present}")
    return tuple(dict.fromkeys(targets))


def _scales(obs: np.ndarray, targets: tuple[str, ...]) -> np.ndarray:
    """Standard deviation of each target's observed weeks (its residuals are divided by it)."""
    scale = np.nanstd(obs, axis=0) if obs.size else np.zeros(len(targets))
    for i, target in enumerate(targets):
        if not scale[i] > 0.0:
            raise InputError(target, "no variation over the fitted weeks", "observations that vary from week to week")
    return scale


def _initial_backlog(observed: pd.DataFrame) -> float | None:
    """Week 0's observed backlog, when the series has it (the run starts there)."""
    if "backlog" in observed.columns and not np.isnan(observed["backlog"].iloc[0]):
        return float(observed["backlog"].iloc[0])
    return None


def _check_units(observed: pd.DataFrame, inputs: StepInputs, params: DynamicsParams) -> None:
    """With observed labour and time per order, the hours the orders need must be within
    :data:`UNIT_FACTOR` of the hours available (else a unit is wrong: minutes for hours, hours for people)."""
    if "time_per_order" not in observed.columns or np.isnan(inputs.labour).all():
        return
    tpo = observed["time_per_order"].to_numpy()
    seen = ~np.isnan(tpo)
    needed = float(np.sum(inputs.demand[seen] * tpo[seen]))
    available = float(np.sum(inputs.labour[seen] * params.standard_workweek * (1.0 - inputs.absent[seen])))
    ratio = needed / available if available > 0 else np.inf
    if not 1.0 / UNIT_FACTOR <= ratio <= UNIT_FACTOR:
        raise InputError(
            "time_per_order",
            f"orders x time per order = {ratio:.3g} x the hours the labour series gives",
            f"within a factor {UNIT_FACTOR:g} of them: check the units (time per order in hours/order, labour_fte in "
            f"people, labour_hours and capacity_hours in hours/week; working week {params.standard_workweek:g} h)",
        )


def _bounds(
    fields: tuple[str, ...], base: DynamicsParams, start_values: Mapping[str, float] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start values and the ranges of the assumptions table (the initial standard: a factor
    :data:`TPO_RANGE` either way of its start)."""
    table = load_assumptions()
    start_values = dict(checks.mapping("start_values", start_values or {}, "a mapping {parameter: value}"))
    row_field = {row: field for field, row in SCALARS.items()}
    for name in start_values:
        if row_field.get(name, name) not in fields:
            raise InputError("start_values", name, f"one of the fitted parameters {list(fields)}")
    x0, lower, upper = [], [], []
    for field in fields:
        given = start_values.get(field, start_values.get(SCALARS[field]))
        if field == "initial_standard_tpo":
            value = base.initial_standard_tpo if given is None else checks.number(field, given, low=0.0, low_open=True)
            lo, hi = value / TPO_RANGE, value * TPO_RANGE
        else:
            row = table[SCALARS[field]]
            value = getattr(base, field) if given is None else row.check(given)
            lo, hi = row.min, row.max
        x0.append(float(value))
        lower.append(lo)
        upper.append(hi)
    return np.array(x0), np.array(lower), np.array(upper)


def _result(problem: _Problem, solution, x0, lower, upper, observed: pd.DataFrame) -> DynamicsFit:
    """Estimates, standard errors, R² and the fitted run from the solver's ``solution``."""
    fields, theta = problem.fields, solution.x
    names = [SCALARS[f] for f in fields]
    covariance, warnings = _covariance(solution, fields)
    params = problem.params(theta)
    fitted = weekly_frame(simulate(params, problem.inputs, problem.start), problem.inputs.step)
    r2, r2_holdout = {}, {}
    for target in problem.targets:
        o, p = observed[target].to_numpy(), fitted[target].to_numpy()
        r2[target] = r_squared(o[: problem.train], p[: problem.train])
        if problem.train < len(observed):
            r2_holdout[target] = r_squared(o[problem.train :], p[problem.train :])
    if not solution.success:
        warnings.append(Phrase(tr("the solver stopped without converging: {message}"), message=str(solution.message)))
    table = load_assumptions()
    estimates = pd.DataFrame(
        {
            "estimate": theta,
            "std_error": np.sqrt(np.diag(covariance)),
            "start": x0,
            "lower": lower,
            "upper": upper,
            "unit": [table[n].unit for n in names],
        },
        index=pd.Index(names, name="parameter"),
    )
    return DynamicsFit(
        estimates=estimates,
        covariance=pd.DataFrame(covariance, index=names, columns=names),
        r2=r2,
        r2_holdout=r2_holdout,
        fitted=fitted,
        observed=observed,
        train_weeks=problem.train,
        evaluations=int(solution.nfev),
        converged=bool(solution.success),
        message=str(solution.message),
        warnings=tuple(warnings),
        params=params,
        start=problem.start,
        step=problem.inputs.step,
    )


def _covariance(solution, fields: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """s² (JᵀJ)⁻¹ at the estimate (infinite variance for a parameter the residuals do not depend on),
    with warnings for uninformed or nearly collinear parameters."""
    jac = np.asarray(solution.jac, dtype=float)
    n, k = jac.shape
    warnings: list[str] = []
    s2 = float(np.sum(solution.fun**2)) / max(n - k, 1)
    informed = np.linalg.norm(jac, axis=0) > 1e-12 * max(float(np.linalg.norm(jac)), 1e-300)
    covariance = np.full((k, k), np.inf)
    for i in np.flatnonzero(~informed):
        warnings.append(Phrase(tr("the series does not inform {name}: its standard error is infinite"), name=fields[i]))
    idx = np.flatnonzero(informed)
    if idx.size:
        jtj = jac[:, idx].T @ jac[:, idx]
        if np.linalg.cond(jtj) > COLLINEAR:
            warnings.append(
                Phrase(
                    tr("parameters {names} are nearly collinear: standard errors unreliable"),
                    names=str([fields[i] for i in idx]),
                )
            )
        covariance[np.ix_(idx, idx)] = s2 * np.linalg.pinv(jtj)
    return covariance, warnings
