"""Parameters of the dynamics engine, read from the assumptions table (group ``dynamics``).

Every number the equations use comes from a row of ``datasets/assumptions.csv``; overrides go through
:meth:`svcdesign.assumptions.AssumptionTable.with_overrides`, which checks names and ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...assumptions import AssumptionTable, load_assumptions
from . import model as m

__all__ = ["DynamicsParams", "SCALARS", "LOOKUPS"]

#: Field of :class:`DynamicsParams` → row of the assumptions table (group ``dynamics``, and the rows it
#: shares with the customer models: the working week ``costs.contract_hours`` and expectations).
SCALARS: dict[str, str] = {
    "dt": "dynamics.dt",
    "initial_orders": "dynamics.initial_orders",
    "default_absenteeism": "dynamics.default_absenteeism",
    "standard_workweek": "costs.contract_hours",
    "desired_delivery_delay": "dynamics.desired_delivery_delay",
    "min_delivery_delay": "dynamics.min_delivery_delay",
    "initial_standard_tpo": "dynamics.initial_standard_tpo",
    "reference_tpo": "dynamics.reference_tpo",
    "min_tpo": "dynamics.min_tpo",
    "max_tpo_ratio": "dynamics.max_tpo_ratio",
    "tpo_pressure_elasticity": "dynamics.tpo_pressure_elasticity",
    "intensity_pressure_elasticity": "dynamics.intensity_pressure_elasticity",
    "min_intensity": "dynamics.min_intensity",
    "max_intensity": "dynamics.max_intensity",
    "pressure_form": "dynamics.pressure_form",
    "standard_adjust_time_down": "dynamics.standard_adjust_time_down",
    "standard_adjust_time_up": "dynamics.standard_adjust_time_up",
    "fatigue_time_productivity": "dynamics.fatigue_time_productivity",
    "fatigue_time_turnover": "dynamics.fatigue_time_turnover",
    "rookie_assimilation_time": "dynamics.rookie_assimilation_time",
    "rookie_effectiveness": "dynamics.rookie_effectiveness",
    "trainer_time_per_rookie": "dynamics.trainer_time_per_rookie",
    "base_tenure": "dynamics.base_tenure",
    "hiring_delay": "dynamics.hiring_delay",
    "labour_adjustment_time": "dynamics.labour_adjustment_time",
    "order_forecast_time": "dynamics.order_forecast_time",
    "expectation_time": "expectations.adjust_time",
    "expectation_weight_external": "expectations.weight_external",
    "external_reference_quality": "dynamics.external_reference_quality",
    "deferred_delay_from_target": "dynamics.deferred.desired_delay_from_target",
    "deferred_min_time_share": "dynamics.deferred.min_time_share",
}
#: Field → lookup table (rows ``<table>@<x>``).
LOOKUPS: dict[str, str] = {
    "fatigue_productivity": "dynamics.fatigue_productivity",
    "fatigue_turnover": "dynamics.fatigue_turnover",
    "quality": "dynamics.quality",
}


@dataclass(frozen=True)
class DynamicsParams:
    """All constants and lookup tables of the Oliva & Sterman (2001) model (units as in the table)."""

    dt: float
    initial_orders: float
    default_absenteeism: float
    standard_workweek: float
    desired_delivery_delay: float
    min_delivery_delay: float
    initial_standard_tpo: float
    reference_tpo: float
    min_tpo: float
    max_tpo_ratio: float
    tpo_pressure_elasticity: float
    intensity_pressure_elasticity: float
    min_intensity: float
    max_intensity: float
    pressure_form: float
    standard_adjust_time_down: float
    standard_adjust_time_up: float
    fatigue_time_productivity: float
    fatigue_time_turnover: float
    rookie_assimilation_time: float
    rookie_effectiveness: float
    trainer_time_per_rookie: float
    base_tenure: float
    hiring_delay: float
    labour_adjustment_time: float
    order_forecast_time: float
    expectation_time: float
    expectation_weight_external: float
    external_reference_quality: float
    deferred_delay_from_target: float
    deferred_min_time_share: float
    fatigue_productivity: tuple[np.ndarray, np.ndarray]
    fatigue_turnover: tuple[np.ndarray, np.ndarray]
    quality: tuple[np.ndarray, np.ndarray]

    @classmethod
    def from_assumptions(
        cls, table: AssumptionTable | None = None, overrides: Mapping[str, Any] | None = None
    ) -> DynamicsParams:
        """Parameters from ``table`` (default: the shipped one) with validated ``overrides``.

        ``overrides`` maps full row names (``"dynamics.hiring_delay"``) to numbers; an unknown name or
        a value out of the row's range raises :class:`~svcdesign.errors.InputError`.
        """
        table = (table if table is not None else load_assumptions()).with_overrides(overrides)
        values: dict[str, Any] = {field: table.value(name) for field, name in SCALARS.items()}
        for field, name in LOOKUPS.items():
            values[field] = table.lookup(name)
        return cls(**values)

    def vector(self, hold_cuts: bool) -> np.ndarray:
        """The parameter vector in the layout the kernel expects (see :mod:`.model`)."""
        p = np.empty(m.N_PARAMS)
        p[m.P_WORKWEEK] = self.standard_workweek
        p[m.P_DESIRED_DELAY] = self.desired_delivery_delay
        p[m.P_MIN_DELAY] = self.min_delivery_delay
        p[m.P_REFERENCE_TPO] = self.reference_tpo
        p[m.P_MIN_TPO] = self.min_tpo
        p[m.P_MAX_TPO_RATIO] = self.max_tpo_ratio
        p[m.P_ALPHA] = self.tpo_pressure_elasticity
        p[m.P_BETA] = self.intensity_pressure_elasticity
        p[m.P_MIN_INTENSITY] = self.min_intensity
        p[m.P_MAX_INTENSITY] = self.max_intensity
        p[m.P_FORM] = self.pressure_form
        p[m.P_TAU_DOWN] = self.standard_adjust_time_down
        p[m.P_TAU_UP] = self.standard_adjust_time_up
        p[m.P_FATIGUE_TIME] = self.fatigue_time_productivity
        p[m.P_BURNOUT_TIME] = self.fatigue_time_turnover
        p[m.P_ASSIMILATION] = self.rookie_assimilation_time
        p[m.P_ROOKIE_EFF] = self.rookie_effectiveness
        p[m.P_TRAINER] = self.trainer_time_per_rookie
        p[m.P_TENURE] = self.base_tenure
        p[m.P_HIRING_DELAY] = self.hiring_delay
        p[m.P_LABOUR_ADJ] = self.labour_adjustment_time
        p[m.P_FORECAST] = self.order_forecast_time
        p[m.P_EXPECT_TIME] = self.expectation_time
        p[m.P_OMEGA] = self.expectation_weight_external
        p[m.P_REF_QUALITY] = self.external_reference_quality
        p[m.P_HOLD_CUTS] = 1.0 if hold_cuts else 0.0
        return p
