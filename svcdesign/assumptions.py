"""The assumptions table: every default number the engines use, with its unit, range and source.

The table lives in ``datasets/assumptions.csv`` (shipped in the wheel as ``svcdesign/_datasets``). Columns:

``name``
    Dotted, unique name. The first segment is the *group* (``dynamics``, ``customers``, ...). A lookup
    table is stored one point per row, named ``<table>@<x>`` with the y value in ``value``
    (e.g. ``dynamics.quality@-0.3``); :meth:`AssumptionTable.lookup` returns it sorted by x.
``value``
    The default, a number (switches are 0/1).
``unit``
    Unit of ``value`` (``week``, ``hour/order``, ``fraction``, ...).
``min``, ``max``
    Closed range an override must fall in (``inf``/``-inf`` allowed).
``low``, ``high``
    The *plausible* range the evidence supports (empty: the value is not uncertain, or its range is not
    known). Inside [min, max] and around ``value`` (low ≤ value ≤ high). :meth:`AssumptionTable.uncertain`
    lists the rows that have one; the trade-off tools propagate them (``svcdesign.explore.compare``).
``meaning``
    One sentence a user can read.
``source``
    Where the number comes from.
``kind``
    The kind of evidence, one of :data:`KINDS`: ``measured`` (the user's or a data set's own figure),
    ``revealed behaviour`` (observed churn, spending, abandonment), ``published estimate`` (a published
    figure that is not a behavioural effect: audit unit costs, conventions), ``survey intention`` (what
    people say they would do), ``practitioner claim`` or ``modelling choice``. Survey intentions and
    practitioner claims are shown to users as such and are never the default of a customer response.

Typical use::

    from svcdesign.assumptions import load_assumptions
    table = load_assumptions()
    table.value("dynamics.base_tenure")            # 400.0
    table.filter(prefix="dynamics.quality@")       # a sub-table
    xs, ys = table.lookup("dynamics.quality")      # lookup-table points
    mine = table.with_overrides({"dynamics.hiring_delay": 12})   # validated copy
"""

from __future__ import annotations

import csv
import difflib
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import checks
from ._resources import dataset_path
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "COLUMNS", "Assumption", "AssumptionTable", "load_assumptions"]

#: Allowed values of the ``kind`` column.
KINDS: tuple[str, ...] = (
    "measured",
    "revealed behaviour",
    "published estimate",
    "survey intention",
    "practitioner claim",
    "modelling choice",
)
#: Columns of the CSV file, in order.
COLUMNS: tuple[str, ...] = ("name", "value", "unit", "min", "max", "low", "high", "meaning", "source", "kind")

_LOOKUP_SEP = "@"


@dataclass(frozen=True)
class Assumption:
    """One row of the assumptions table."""

    name: str
    value: float
    unit: str
    min: float
    max: float
    meaning: str
    source: str
    kind: str
    low: float = math.nan
    high: float = math.nan

    @property
    def uncertain(self) -> bool:
        """True when the row gives a plausible range (``low`` < ``high``)."""
        return not math.isnan(self.low) and self.low < self.high

    @property
    def group(self) -> str:
        """First dotted segment of the name (``"dynamics"`` for ``"dynamics.base_tenure"``)."""
        return self.name.split(".", 1)[0]

    @property
    def allowed(self) -> str:
        """Human-readable allowed range, used in error messages."""
        unit = f" {self.unit}" if self.unit else ""
        return f"a number in [{_fmt(self.min)}, {_fmt(self.max)}]{unit}"

    def check(self, value: Any) -> float:
        """Return ``value`` as a float if it is a finite number within [min, max]; else raise InputError."""
        return checks.number(
            self.name, value, low=self.min, high=self.max, allow_inf=self.max == math.inf, allowed=self.allowed
        )


def _fmt(x: float) -> str:
    return f"{x:g}"


class AssumptionTable(Mapping[str, Assumption]):
    """Read-only mapping name → :class:`Assumption`, with filtering, lookups and validated overrides.

    ``table[name]`` raises :class:`~svcdesign.errors.InputError` (not ``KeyError``) for an unknown name,
    naming close matches.
    """

    def __init__(self, rows: Iterable[Assumption]) -> None:
        data: dict[str, Assumption] = {}
        for row in rows:
            if row.name in data:
                raise InputError("assumptions.name", row.name, "unique names (this one appears twice)")
            data[row.name] = row
        self._rows = data

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: str | Path) -> AssumptionTable:
        """Read and validate a CSV file with the columns :data:`COLUMNS`."""
        path = Path(path)
        if not path.is_file():
            raise InputError("assumptions file", str(path), "an existing CSV file")
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError("assumptions columns", reader.fieldnames, f"the columns {list(COLUMNS)}")
            rows = [_parse_row(raw, line) for line, raw in enumerate(reader, start=2)]
        return cls(rows)

    # ---- Mapping protocol ---------------------------------------------------------------------
    def __getitem__(self, name: str) -> Assumption:
        try:
            return self._rows[name]
        except KeyError:
            raise InputError(name, name, self._known_names_hint(name)) from None

    def __contains__(self, name: object) -> bool:
        return name in self._rows

    def get(self, name: str, default: Any = None) -> Any:
        """The row called ``name``, or ``default`` if there is none."""
        return self._rows.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        groups = sorted({row.group for row in self._rows.values()})
        return f"AssumptionTable({len(self)} rows; groups {groups})"

    # ---- queries ------------------------------------------------------------------------------
    def value(self, name: str) -> float:
        """The value of one row."""
        return self[name].value

    def names(self, prefix: str = "") -> list[str]:
        """Names (in file order) that start with ``prefix``."""
        return [n for n in self._rows if n.startswith(prefix)]

    @property
    def groups(self) -> list[str]:
        """The groups present, sorted."""
        return sorted({row.group for row in self._rows.values()})

    def filter(self, prefix: str = "", *, group: str | None = None, kind: str | None = None) -> AssumptionTable:
        """Sub-table of the rows whose name starts with ``prefix``, in ``group`` and of ``kind``."""
        if group is not None and group not in self.groups:
            raise InputError("group", group, f"one of {self.groups}")
        if kind is not None and kind not in KINDS:
            raise InputError("kind", kind, f"one of {list(KINDS)}")
        return AssumptionTable(
            row
            for row in self._rows.values()
            if row.name.startswith(prefix)
            and (group is None or row.group == group)
            and (kind is None or row.kind == kind)
        )

    def uncertain(self, names: Iterable[str] | None = None) -> list[str]:
        """Names of the rows (of ``names``, default all) that give a plausible range ``low``–``high``."""
        chosen = self._rows if names is None else [self[n].name for n in names]
        return [n for n in chosen if self._rows[n].uncertain]

    def lookup(self, table: str) -> tuple[np.ndarray, np.ndarray]:
        """Points (x, y) of the lookup table stored as rows ``<table>@<x>``, sorted by x."""
        prefix = table + _LOOKUP_SEP
        points = sorted(
            (float(name[len(prefix) :]), row.value) for name, row in self._rows.items() if name.startswith(prefix)
        )
        if len(points) < 2:
            raise InputError("lookup", table, "the name of a lookup table with at least two points")
        xs = np.array([p[0] for p in points], dtype=float)
        if np.any(np.diff(xs) <= 0):
            raise InputError(f"{table} x values", xs.tolist(), "distinct x values")
        return xs, np.array([p[1] for p in points], dtype=float)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> AssumptionTable:
        """A copy with some values replaced, each checked against its row's range.

        Raises :class:`~svcdesign.errors.InputError` naming the field, the value and what is allowed
        for an unknown name or a value out of range. Nothing is changed if any override is bad.
        """
        if not overrides:
            return self
        checks.mapping("overrides", overrides, "a mapping of assumption name to number")
        new = dict(self._rows)
        for name, value in overrides.items():
            row = self[name]
            new[name] = replace(row, value=row.check(value))
        return AssumptionTable(new.values())

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame indexed by name, with a ``group`` column."""
        import pandas as pd  # here only: `import svcdesign` reads this module but not pandas

        frame = pd.DataFrame(
            [{c: getattr(row, c) for c in COLUMNS} for row in self._rows.values()], columns=list(COLUMNS)
        )
        frame.insert(1, "group", [row.group for row in self._rows.values()])
        return frame.set_index("name")

    def _known_names_hint(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self._rows), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        return f"the name of a row of the assumptions table{hint}"


def _parse_row(raw: dict[str, str], line: int) -> Assumption:
    where = f"assumptions.csv line {line}"

    def number(column: str, empty: float | None = None) -> float:
        text = (raw.get(column) or "").strip()
        if not text and empty is not None:
            return empty
        try:
            return float(text)
        except ValueError:
            raise InputError(f"{where} column {column}", text, "a number") from None

    name = (raw.get("name") or "").strip()
    if not name or " " in name:
        raise InputError(f"{where} column name", name, "a dotted name without spaces")
    kind = (raw.get("kind") or "").strip()
    if kind not in KINDS:
        raise InputError(f"{where} column kind", kind, f"one of {list(KINDS)}")
    source = (raw.get("source") or "").strip()
    if not source:
        raise InputError(f"{where} column source", source, "a non-empty source")
    row = Assumption(
        name=name,
        value=number("value"),
        unit=(raw.get("unit") or "").strip(),
        min=number("min"),
        max=number("max"),
        meaning=(raw.get("meaning") or "").strip(),
        source=source,
        kind=kind,
        low=number("low", math.nan),
        high=number("high", math.nan),
    )
    if not row.min <= row.max:
        raise InputError(f"{where} columns min/max", (row.min, row.max), "min <= max")
    row.check(row.value)
    if math.isnan(row.low) != math.isnan(row.high):
        raise InputError(f"{where} columns low/high", (row.low, row.high), "both empty or both numbers")
    if not math.isnan(row.low) and not row.min <= row.low <= row.value <= row.high <= row.max:
        raise InputError(
            f"{where} columns low/high", (row.low, row.high), f"min <= low <= value ({row.value:g}) <= high <= max"
        )
    return row


@lru_cache(maxsize=1)
def _default_table() -> AssumptionTable:
    return AssumptionTable.from_csv(dataset_path("assumptions.csv"))


def load_assumptions(path: str | Path | None = None) -> AssumptionTable:
    """The shipped assumptions table (cached), or the one at ``path``."""
    return _default_table() if path is None else AssumptionTable.from_csv(path)
