"""What customers and the organisation make of an engine's results: experience, satisfaction,
loyalty and costs.

:func:`assess` applies the formulas of :mod:`svcdesign.formulas` (the six pillars and effort,
expectations, satisfaction, churn and word of mouth, employment costs) to any engine's
:class:`~svcdesign.results.Results` — analytic, simulation or dynamics — and returns them as more rows
of the same schema. :func:`experience`, :func:`loyalty_effects`, :func:`employment_costs` and
:func:`budget` are its parts; :func:`customer_exposure` gives the exposure the trade-off tools apply
sampled customer responses to; :func:`assumptions_behind` lists the assumption rows (value, source,
kind of evidence) behind any result. For a slider callback, ``assess(scenario, results,
detail="horizon")`` writes only whole-horizon rows (the same numbers, a fraction of the time). A scenario
with a multi-skill service desk is read per contact type and chain stage for experience and loyalty, and
per agent group and chain stage for costs (a contact type has no staff of its own).

This layer sits below the engines: the dynamics engine anchors its customer side on :func:`assess` of
the scenario as described.
"""

from .assess import (
    COST_METRICS,
    EXPERIENCE_METRICS,
    LOYALTY_METRICS,
    PARTS,
    CustomerExposure,
    assess,
    budget,
    customer_exposure,
    employment_costs,
    experience,
    loyalty_effects,
)
from .provenance import assumptions_behind

__all__ = [
    "COST_METRICS",
    "EXPERIENCE_METRICS",
    "LOYALTY_METRICS",
    "PARTS",
    "CustomerExposure",
    "assess",
    "assumptions_behind",
    "budget",
    "customer_exposure",
    "employment_costs",
    "experience",
    "loyalty_effects",
]
