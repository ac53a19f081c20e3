"""Customer-response formulas: operational figures in, experience, satisfaction and loyalty out.

Pure functions of arrays, shared by :func:`svcdesign.response.assess` (one period at a time) and the
dynamics engine (week by week, :mod:`svcdesign.engines.dynamics.customer_path`). Every coefficient is a
row of ``datasets/assumptions.csv`` (groups ``experience``, ``expectations``, ``satisfaction``,
``loyalty``) with its source and kind of evidence.
"""

from .perception import PILLARS, SERVQUAL

__all__ = ["PILLARS", "SERVQUAL"]
