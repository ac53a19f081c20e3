"""Sliders for the lessons' experiments: ``explore(function, lever=Slider(...), ...)``.

Each lever becomes a slider (or a drop-down, or a check box) labelled in words with its unit — a
:class:`Slider` says how (``Slider(0.05, 0.30, 0.025, "Cut in staff", percent=True)`` reads "Cut in
staff (%)" and shows 12.5%, while the experiment still receives 0.125). The controls start at the
function's own defaults and re-run the experiment only when a slider is released, since one run of the
engines takes a tenth of a second or more. Needs the ``notebooks`` extra (ipywidgets); the experiments
themselves are plain functions that return figures or tables.

The results are shown in an ``ipywidgets.Output`` whose outputs the kernel sets itself (what the
experiment displays and returns, captured as one list), rather than inside ``with output:``. Inside
``with output:`` the front end captures the outputs and sends them back to the kernel. nbclient (used by
``jupyter nbconvert --execute`` and by tutors batch-running notebooks) imitates that front end: it sends
them on the shell channel while it is waiting on that same channel for the cell's reply, and the reply
can then reach it only when that wait times out: six of the ten lessons stalled so for the whole cell
timeout, depending on timing. Setting the outputs from the kernel needs no front end at
all, so the lessons execute headless without stalling, and JupyterLab and Voila draw them from the
widget's state as before.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from .language import say

LABEL_COLUMN = 48
"""Widest label column of an experiment's controls, characters (longer labels wrap or are cut by the browser)."""
CURRENCY_CODES = ("GBP", "EUR", "USD")
"""Units (money) whose slider read-out has a thousands separator."""


@dataclass(frozen=True)
class Slider:
    """A lever's slider: from ``low`` to ``high`` in steps of ``step``, labelled ``label (unit)``.

    Parameters
    ----------
    low, high, step:
        The range and step, in the units the experiment takes (a share as 0–1).
    label:
        What the lever is, in words: "Cut in staff", "Cost of a failed case".
    unit:
        Its unit, shown in brackets after the label: "GBP", "people", "s", "hours".
    percent:
        The value is a share (0–1), shown as a percentage: the label ends in "(%)", the read-out
        "12.5%"; the experiment still receives 0.125.
    signed:
        Show the sign of the value (a change: "+0.5", "−1").
    """

    low: float
    high: float
    step: float
    label: str
    unit: str = ""
    percent: bool = False
    signed: bool = False

    def __post_init__(self) -> None:
        if not (self.low < self.high and 0 < self.step <= self.high - self.low):
            raise ValueError(
                f"slider '{self.label}': needs low < high and 0 < step <= high − low; "
                f"got ({self.low}, {self.high}, {self.step})"
            )

    def in_language(self, language: str) -> Slider:
        """This slider labelled in ``language`` (its label and unit are marked English, :func:`.language.tr`;
        a unit without a translation, such as a currency code, stays as it is)."""
        return dataclasses.replace(self, label=say(self.label, language), unit=say(self.unit, language))

    @property
    def description(self) -> str:
        """The label with its unit, e.g. "Cut in staff (%)"."""
        unit = "%" if self.percent else self.unit
        return f"{self.label} ({unit})" if unit else self.label

    @property
    def whole(self) -> bool:
        """Whole numbers only (an integer slider)."""
        return not self.percent and all(isinstance(v, int) and not isinstance(v, bool) for v in self._range)

    @property
    def readout_format(self) -> str:
        """The read-out's d3 format: as many decimals as the step has, a percentage for a share, a
        thousands separator for money."""
        step = Decimal(str(self.step)) * (100 if self.percent else 1)
        decimals = max(0, -int(step.normalize().as_tuple().exponent))
        sign = "+" if self.signed else ""
        if self.whole:
            return f"{sign},d"
        if self.percent:
            return f"{sign}.{decimals}%"
        thousands = "," if self.unit in CURRENCY_CODES or max(abs(self.low), abs(self.high)) >= 10_000 else ""
        return f"{sign}{thousands}.{decimals}f"

    @property
    def _range(self) -> tuple[float, float, float]:
        return (self.low, self.high, self.step)

    def show(self, value: float) -> str:
        """``value`` as the read-out shows it: "12.5%", "+0.5", "1,758"."""
        shown = value * 100 if self.percent else value
        fmt = self._python_format
        return format(round(shown) if fmt.endswith("d") else shown, fmt) + ("%" if self.percent else "")

    @property
    def _python_format(self) -> str:
        """:attr:`readout_format` in Python's format language (d3's "%" multiplies by 100 itself)."""
        d3 = self.readout_format
        return d3.replace("%", "f") if self.percent else d3


@dataclass(frozen=True)
class Options:
    """A lever that takes one of several values (a drop-down), labelled in words."""

    values: Sequence[Any]
    label: str

    @property
    def description(self) -> str:
        """The label, as a drop-down shows it (a :class:`Slider`'s description adds its unit)."""
        return self.label

    def in_language(self, language: str) -> Options:
        """These options labelled in ``language``: the label and each value are marked English text
        (:func:`.language.tr`), and the experiment receives the value as the learner reads it."""
        return dataclasses.replace(
            self, values=tuple(say(v, language) for v in self.values), label=say(self.label, language)
        )


def _widget(name: str, spec: Any, default: Any):
    """The control for one lever, starting at ``default`` (the function's own) where it has one."""
    import ipywidgets as w

    style = {"description_width": "initial"}
    layout = w.Layout(width="min(720px, 100%)")
    if isinstance(spec, w.Widget):
        return spec
    if isinstance(spec, bool) or (spec is bool):
        return w.Checkbox(value=bool(default), description=name.replace("_", " "), style=style)
    if (
        isinstance(spec, Sequence)
        and not isinstance(spec, str)
        and len(spec) == 3
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec)
    ):
        low, high, step = spec
        spec = Slider(low, high, step, name.replace("_", " "))
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        spec = Options(list(spec), name.replace("_", " "))
    if isinstance(spec, Options):
        options = list(spec.values)
        value = options[0] if default is inspect.Parameter.empty or default not in options else default
        return w.Dropdown(options=options, value=value, description=spec.label, style=style, layout=layout)
    if isinstance(spec, Slider):
        value = spec.low if default is inspect.Parameter.empty else default
        common = dict(
            min=spec.low,
            max=spec.high,
            step=spec.step,
            description=spec.description,
            continuous_update=False,
            readout_format=spec.readout_format,
            style=style,
            layout=layout,
        )
        if spec.whole and isinstance(value, int):
            return w.IntSlider(value=value, **common)
        return w.FloatSlider(value=float(value), **common)
    raise TypeError(
        f"lever '{name}': give a Slider, Options, (low, high, step), a list of options, bool or a widget; got {spec!r}"
    )


def _outputs(function: Callable[..., Any], arguments: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """What ``function(**arguments)`` prints, displays and returns, as Jupyter outputs (the format of an
    ``ipywidgets.Output``'s ``outputs``)."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        value = function(**arguments)
    outputs: list[dict[str, Any]] = []
    for name, text in (("stdout", captured.stdout), ("stderr", captured.stderr)):
        if text:
            outputs.append({"output_type": "stream", "name": name, "text": text})
    for shown in captured.outputs:
        outputs.append({"output_type": "display_data", "data": shown.data, "metadata": shown.metadata or {}})
    if value is not None:
        outputs.append({"output_type": "display_data", "data": _bundle(value), "metadata": {}})
    return tuple(outputs)


def _bundle(value: Any) -> dict[str, Any]:
    """``value``'s representations by mime type, with a short plain-text one for views without them.

    A plotly figure gives its own bundle (``_repr_mimebundle_``): IPython's formatter would call its
    ``_ipython_display_``, which shows the figure itself instead of returning it."""
    from IPython import get_ipython

    if hasattr(value, "_repr_mimebundle_"):
        data = dict(value._repr_mimebundle_() or {})
        title = getattr(getattr(getattr(value, "layout", None), "title", None), "text", None)
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", title)).strip() if title else ""
        data.setdefault("text/plain", f"Figure: {words}" if words else type(value).__name__)
        return data
    shell = get_ipython()
    if shell is not None:
        return dict(shell.display_formatter.format(value)[0])
    data = {"text/plain": repr(value)}  # outside IPython (a script, a test): text, and HTML where the value has it
    html = value._repr_html_() if callable(getattr(value, "_repr_html_", None)) else None
    return data | ({"text/html": html} if html else {})


def _shown(spec: Any, value: Any) -> str:
    """A control's value in words for a plain-text view: as its slider's read-out where it has one."""
    return spec.show(value) if isinstance(spec, Slider) else str(value)


def _error(error: Exception) -> tuple[dict[str, Any], ...]:
    """An experiment's error, shown in place of its figure (the sliders stay usable)."""
    text = f"These settings cannot be run: {type(error).__name__}: {error}\n"
    return ({"output_type": "stream", "name": "stderr", "text": text},)


@cache
def _explorer_class():
    """The :class:`Explorer` widget class (defined when first needed: ipywidgets is an optional extra)."""
    import ipywidgets as w

    class Explorer(w.VBox):
        """An experiment's controls above its results; moving a control re-runs the experiment.

        ``controls`` maps argument names to their widgets, ``output`` holds the results. The first run
        happens here, so an experiment that fails at its defaults raises at once (a notebook run stops
        on it); later failures are shown in place of the results.
        """

        def __init__(self, function: Callable[..., Any], **levers: Any) -> None:
            signature = inspect.signature(function)
            unknown = sorted(set(levers) - set(signature.parameters))
            if unknown:
                raise TypeError(
                    f"{function.__name__}() has no argument(s) {unknown}; it takes {list(signature.parameters)}"
                )
            self.function = function
            self.levers = levers
            self.controls = {
                name: _widget(name, spec, signature.parameters[name].default) for name, spec in levers.items()
            }
            longest = max((len(getattr(c, "description", "")) for c in self.controls.values()), default=0)
            for control in self.controls.values():  # one label column, so the sliders line up
                control.style.description_width = f"{min(longest, LABEL_COLUMN)}ch"
            self.output = w.Output()
            self.output.outputs = _outputs(function, self.values)
            super().__init__([w.VBox(list(self.controls.values())), self.output])
            for control in self.controls.values():
                control.observe(self._changed, names="value")

        @property
        def values(self) -> dict[str, Any]:
            """The controls' current values, by argument name."""
            return {name: control.value for name, control in self.controls.items()}

        def _changed(self, _change: Any = None) -> None:
            try:
                self.output.outputs = _outputs(self.function, self.values)
            except Exception as error:  # any failure is shown to the learner, not raised into the widget's comm
                self.output.outputs = _error(error)

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            """The widget, and for a view without widgets (a static render) its settings in words."""
            bundle = super()._repr_mimebundle_(**kwargs) or {}
            bundle["text/plain"] = "Sliders (move them in JupyterLab): " + "; ".join(
                f"{control.description} {_shown(self.levers[name], control.value)}"
                for name, control in self.controls.items()
            )
            return bundle

    return Explorer


def explore(function: Callable[..., Any], **levers: Any) -> None:
    """Show ``function``'s results under one control per lever, starting at the function's defaults.

    ``levers`` map argument names to a :class:`Slider`, :class:`Options`, ``(low, high, step)`` (a
    slider labelled with the argument's name), a list of options (a drop-down), ``bool`` (a check box) or
    any ipywidgets widget. Displays the controls and the results and returns nothing, so the cell shows
    no echo of its value; :func:`explorer` builds the same widget without showing it.
    """
    from IPython.display import display

    display(explorer(function, **levers))


def explorer(function: Callable[..., Any], **levers: Any) -> Any:
    """The widget :func:`explore` shows (an ``ipywidgets.VBox``): ``.controls`` by argument name,
    ``.output`` with the experiment's results, ``.values`` the current settings."""
    return _explorer_class()(function, **levers)
