"""svcdesign — design customer-service operations from Jupyter.

Describe a service operation (:class:`Scenario`), evaluate it (:func:`evaluate`), and read the
results in one tidy schema (:class:`Results`).
"""

from .engines.analytic import evaluate
from .errors import InputError
from .examples import example_names, load_example
from .model import Scenario, ScenarioError
from .present import timeline
from .results import Results

__version__ = "0.1.0"

__all__ = ["InputError", "Results", "Scenario", "ScenarioError", "__version__", "evaluate", "example_names",
           "load_example", "timeline"]
