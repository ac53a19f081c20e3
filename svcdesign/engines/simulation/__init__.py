"""The simulation engine: a numba discrete-event kernel for networks of service stages.

Public API
----------
- :class:`NetworkSpec` — a network as plain arrays (seconds, contacts per second).
- :class:`AgentPools` — multi-skill agent groups serving stages of a network (its ``pools``), run by the
  pools kernel (:mod:`.pools_kernel`).
- :func:`run_replications` — replications with confidence intervals; :class:`SimulationOutput`.
- distributions: :func:`exponential`, :func:`lognormal`, :func:`empirical`, :func:`deterministic`,
  :func:`never`.
- :func:`simulate` — a :class:`svcdesign.model.Scenario` in, the shared ``Results`` out (engine
  ``"simulation"``, 95 % intervals); :func:`simulate_variants` for several variants (common random
  numbers); both run serially or on Dask.
- :func:`warm_up` — compile the kernel ahead of first use (numba caches it on disk).
"""

from .adapter import network_from_scenario, simulate, simulate_variants
from .distributions import Dist, deterministic, empirical, exponential, lognormal, never
from .pools import AgentPools
from .replication import Replication, run_replication
from .run import SimulationOutput, run_replications, warm_up
from .spec import NetworkSpec

__all__ = [
    "AgentPools",
    "Dist",
    "NetworkSpec",
    "Replication",
    "SimulationOutput",
    "deterministic",
    "empirical",
    "exponential",
    "lognormal",
    "network_from_scenario",
    "never",
    "run_replication",
    "run_replications",
    "simulate",
    "simulate_variants",
    "warm_up",
]
