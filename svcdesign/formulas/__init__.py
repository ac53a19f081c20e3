"""Formulas: pure functions of numbers, no engine and no scenario object.

- :mod:`.queueing` — Erlang B, C and A, their waiting-time distributions and the staffing searches
  (compiled numba kernels behind validating functions);
- :mod:`.customers` — what customers feel and do as functions of operational figures: the six pillars
  and effort (:mod:`.customers.perception`), expectations (:mod:`.customers.expectations`),
  satisfaction (:mod:`.customers.satisfaction`), churn, word of mouth and customer value
  (:mod:`.customers.loyalty`), their coefficients from the assumptions table
  (:mod:`.customers.params`);
- :mod:`.costs` — employment costs: wages × paid hours, shrinkage, overtime, turnover, the budget check.

Engines (the analytic engine, the simulation, the dynamics engine) and the explore layer call these;
they import nothing above the model.
"""
