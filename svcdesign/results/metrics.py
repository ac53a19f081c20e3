"""The metric catalogue: every metric an engine or the response layer reports, declared once.

The catalogue is the table ``metrics.csv`` beside this module (shipped in the package), read once on
import. Its columns:

``name``
    The metric's name in the ``metric`` column of :class:`~.schema.Results`; unique, one meaning.
``unit``
    Unit of the stored value (``share`` is a fraction 0–1; ``currency`` is the scenario's currency).
``label``
    Short readable name for tables and figures.
``meaning``
    One sentence a user can read.
``weight``
    How whole-horizon figures weight each period (:func:`~.schema.aggregate_periods`): ``"sum"``
    adds up (counts, money), ``"arrivals"`` weights by arrivals (shares of contacts, waits),
    ``"answered"`` by answered contacts, ``"agents"`` by agents available (occupancy), ``"time"`` is
    a plain time average (staff, queue length, stocks), ``"max"`` takes the largest (flags).
``empty``
    Value where the metric's weight is zero (nothing to measure: no arrivals, no agent time). 0 for
    shares, waits and counts; 1 for the service level (no contact missed the target), as an idle
    queue in the Erlang formulas.
``reported_by``
    Which of ``analytic``, ``simulation``, ``dynamics`` (the engines) and ``response`` (the customer
    and cost formulas of :func:`svcdesign.response.assess`) report it, separated by spaces.

A new metric is a new row of the table (and a test that some engine reports it).
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal, cast, get_args

from ..errors import InputError

Weight = Literal["sum", "arrivals", "answered", "agents", "time", "max"]
Reporter = Literal["analytic", "simulation", "dynamics", "response"]

CATALOGUE = "svcdesign/results/metrics.csv"
"""Where the catalogue lives in the package (named in errors)."""

COLUMNS: tuple[str, ...] = ("name", "unit", "label", "meaning", "weight", "empty", "reported_by")
"""Columns of the catalogue, in order."""


@dataclass(frozen=True)
class Metric:
    """One reported quantity: a row of the catalogue (see the module docstring for each field)."""

    name: str
    unit: str
    label: str
    meaning: str
    weight: Weight
    empty: float
    reported_by: tuple[Reporter, ...]


def _read_catalogue(text: str) -> dict[str, Metric]:
    """The catalogue's rows by name, checked: columns, unique names, known weights and reporters."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{CATALOGUE}: columns {reader.fieldnames}, expected {list(COLUMNS)}")
    out: dict[str, Metric] = {}
    for line, row in enumerate(reader, start=2):
        reporters = tuple(row["reported_by"].split())
        if (
            row["name"] in out
            or row["weight"] not in get_args(Weight)
            or not reporters
            or not set(reporters) <= set(get_args(Reporter))
        ):
            raise ValueError(
                f"{CATALOGUE}, line {line}: {row} needs a new name, a weight in {get_args(Weight)} "
                f"and reporters among {get_args(Reporter)}"
            )
        out[row["name"]] = Metric(
            row["name"],
            row["unit"],
            row["label"],
            row["meaning"],
            cast(Weight, row["weight"]),
            float(row["empty"]),
            cast(tuple[Reporter, ...], reporters),
        )
    return out


METRICS: dict[str, Metric] = _read_catalogue(files(__package__).joinpath("metrics.csv").read_text(encoding="utf-8"))
"""Every metric by name, in catalogue order (read from :data:`CATALOGUE`)."""

CUSTOMER_METRICS: tuple[str, ...] = tuple(name for name, m in METRICS.items() if "response" in m.reported_by)
"""Names of the metrics the response layer (:func:`svcdesign.response.assess`) reports."""


def metric_info(name: str) -> Metric:
    """The catalogue's row for the metric called ``name``.

    Raises
    ------
    InputError
        When ``name`` is not in the catalogue (naming the closest names).
    """
    found = METRICS.get(name) if isinstance(name, str) else None
    if found is None:
        close = difflib.get_close_matches(str(name), METRICS, n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise InputError("metric", name, f"a metric of the catalogue {CATALOGUE}{hint}")
    return found
