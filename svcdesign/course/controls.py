"""Sliders for the lessons' experiments: ``explore(function, lever=(low, high, step), ...)``.

A thin layer over ``ipywidgets.interact``: each lever becomes a slider (or a toggle, or a drop-down)
that starts at the function's own default and re-runs the experiment only when released, since
one run of the engines takes a tenth of a second or more. Needs the ``notebooks`` extra
(ipywidgets); the experiments themselves are plain functions that return figures or tables.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any


def _widget(name: str, spec: Any, default: Any):
    import ipywidgets as w

    label = name.replace("_", " ")
    style = {"description_width": "initial"}
    layout = w.Layout(width="480px")
    if isinstance(spec, w.Widget):
        return spec
    if isinstance(spec, bool) or (spec is bool):
        return w.Checkbox(value=bool(default), description=label, style=style)
    if (
        isinstance(spec, Sequence)
        and not isinstance(spec, str)
        and len(spec) == 3
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec)
    ):
        low, high, step = spec
        value = low if default is inspect.Parameter.empty else default
        if all(isinstance(v, int) for v in (low, high, step)) and isinstance(value, int):
            return w.IntSlider(
                value=value,
                min=low,
                max=high,
                step=step,
                description=label,
                continuous_update=False,
                style=style,
                layout=layout,
            )
        return w.FloatSlider(
            value=float(value),
            min=low,
            max=high,
            step=step,
            description=label,
            continuous_update=False,
            style=style,
            layout=layout,
            readout_format=".2f",
        )
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        options = list(spec)
        value = options[0] if default is inspect.Parameter.empty or default not in options else default
        return w.Dropdown(options=options, value=value, description=label, style=style)
    raise TypeError(f"lever '{name}': give (low, high, step), a list of options, bool or a widget; got {spec!r}")


def explore(function: Callable[..., Any], **levers: Any):
    """Run ``function`` interactively: one control per lever, starting at the function's defaults.

    ``levers`` map argument names to ``(low, high, step)`` (a slider), a list of options (a drop-down),
    ``bool`` (a check box) or any ipywidgets widget. Returns the ``interact`` object.
    """
    import ipywidgets as w

    signature = inspect.signature(function)
    unknown = sorted(set(levers) - set(signature.parameters))
    if unknown:
        raise TypeError(f"{function.__name__}() has no argument(s) {unknown}; it takes {list(signature.parameters)}")
    controls = {name: _widget(name, spec, signature.parameters[name].default) for name, spec in levers.items()}
    return w.interact(function, **controls)
