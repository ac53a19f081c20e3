"""Customers and the organisation: experience, expectations, satisfaction, loyalty and staff costs.

Built on any engine's :class:`~svcdesign.results.Results` (the shared schema), so the analytic,
simulation and dynamics engines all feed the same customer models:

- :mod:`.perception` — operational figures → the six pillars (KPMG Nunwood, 0–10), effort (1–7) and the
  SERVQUAL view;
- :mod:`.expectations` — expectations as SMOOTH(ω·reference + (1 − ω)·experience, 52 weeks), steady
  state, promises and over-promising;
- :mod:`.satisfaction` — expectation–disconfirmation with asymmetric weights; shares satisfied,
  promoters, detractors;
- :mod:`.loyalty` — churn from bad experiences and effort, word of mouth, revenue at risk, CLV;
- :mod:`.costs` — wages × paid hours with shrinkage and overtime, turnover and hiring, budget check;
- :func:`assess`, :func:`experience`, :func:`loyalty_effects`, :func:`employment_costs`, :func:`budget` — entry
  points; :func:`assumptions_behind` — the assumption rows behind any result. For a slider callback,
  ``assess(scenario, results, detail="horizon")`` (whole-horizon rows only, the same numbers, ~20 ms on
  the bank example) and ``parts=("experience", "loyalty")`` to skip costs.

The dynamics engine calls these same formulas week by week (:mod:`svcdesign.engines.dynamics.customers`).

Every coefficient is a row of ``datasets/assumptions.csv`` (groups ``experience``, ``expectations``,
``satisfaction``, ``loyalty``, ``costs``) with its source and kind.
"""

from . import metrics as _metrics  # noqa: F401 - registers the customer metrics
from .assess import (COST_METRICS, EXPERIENCE_METRICS, LOYALTY_METRICS, assess, budget, employment_costs,
                     experience, loyalty_effects)
from .costs import BudgetCheck
from .metrics import CUSTOMER_METRICS, PILLARS, SERVQUAL
from .provenance import assumptions_behind

__all__ = ["BudgetCheck", "COST_METRICS", "CUSTOMER_METRICS", "EXPERIENCE_METRICS", "LOYALTY_METRICS", "PILLARS",
           "SERVQUAL", "assess", "assumptions_behind", "budget", "employment_costs", "experience", "loyalty_effects"]
