"""Figures of a calibration: what :func:`svcdesign.data.calibrate` estimated from a contact log."""

from __future__ import annotations

import plotly.graph_objects as go

from ..data import CalibrationReport


def patience_figure(report: CalibrationReport) -> go.Figure:
    """Kaplan–Meier survival of patience against the fitted exponential.

    Parameters
    ----------
    report
        The report of :func:`svcdesign.data.calibrate`; its ``patience_curve`` table gives, per time
        waited (seconds), the share of waiting customers still willing to wait, observed (Kaplan–Meier)
        and fitted (exponential, maximum likelihood).
    """
    curve = report.patience_curve
    fig = go.Figure()
    fig.add_scatter(x=curve["time_s"], y=curve["survival"], mode="lines", line_shape="hv", name="Kaplan–Meier")
    fig.add_scatter(x=curve["time_s"], y=curve["exponential_survival"], mode="lines", name="Exponential (MLE)")
    fig.update_layout(
        title="Patience: share of waiting customers still willing to wait",
        xaxis_title="Time waited (s)",
        yaxis_title="Survival probability",
        yaxis_range=[0, 1.02],
        template="plotly_white",
    )
    return fig
