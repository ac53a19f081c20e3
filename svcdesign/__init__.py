"""svcdesign — design customer-service operations from Jupyter.

Describe a service operation (:class:`Scenario`), evaluate it (:func:`evaluate`), and read the
results in one tidy schema (:class:`Results`).
"""

from .engines.analytic import evaluate
from .errors import InputError
from .model import Scenario, ScenarioError
from .results import Results

__version__ = "0.1.0"

__all__ = ["InputError", "Results", "Scenario", "ScenarioError", "evaluate", "__version__"]
