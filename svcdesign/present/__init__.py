"""Presentation: plotly figures (and, later, dashboards and reports) built from Results."""

from .figures import timeline

__all__ = ["timeline"]
