"""What-ifs that last: the staffing explorer's settings, named, saved as small YAML files, reloaded and compared.

A :class:`WhatIf` is a name, the scenario it starts from (``base``: a shipped example's name, a scenario
file, or the name of a scenario the caller supplies) and the explorer's settings — the levers
(:class:`~svcdesign.explore.levers.Levers`: staff per stage in people, demand growth, peak size, handle
time, escalations, patience, weekly budget) and the ISO week whose seasonal peaks apply. They are the
controls of :class:`svcdesign.present.StaffingExplorer`, so a saved what-if shows there as it was saved.

- :func:`save_what_if` writes one file per what-if, ``<name as a slug>.whatif.yaml``: keys in a fixed
  order, every lever written out, a comment saying what each means — a file a consultant can read, edit
  and keep in version control;
- :func:`load_what_if` / :func:`load_what_ifs` read them back (one file, or every ``*.whatif.yaml`` of a
  folder), refusing a malformed file, an unknown key or lever, a value of the wrong type or outside the
  explorer's range with an :class:`~svcdesign.errors.InputError` naming the file and the field (the
  file is read by :func:`svcdesign.model.files.read_scenario_file`: YAML's safe loader, bounded);
- :meth:`WhatIf.scenario` is the base with the levers applied
  (:func:`~svcdesign.explore.levers.lever_overrides`, the function the explorer uses);
- :func:`compare_what_ifs` puts what-ifs side by side: the explorer's read-outs for each, computed as it
  computes them (:mod:`svcdesign.explore.staff_change`: the analytic engine, the customer models and
  :func:`svcdesign.compare` over a year for the net effect and its range).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .._files import display_path, write_atomic
from ..errors import FileError, InputError
from ..i18n.phrases import Figure, Phrase, tr
from ..model import Scenario
from ..model.examples import example_names, load_example
from ..model.files import SUFFIXES, read_scenario_file
from ..model.peak_dates import peak_weeks
from .levers import Levers, check_levers, lever_overrides
from .staff_change import customer_effects, net_effect, operations
from .wording import Wording

SUFFIX = ".whatif.yaml"
"""The ending of a saved what-if's file name (:func:`load_what_ifs` reads every file so named)."""

NAME_CHARACTERS = 200
"""Longest what-if name, characters."""

SLUG_CHARACTERS = 80
"""Longest file name stem made from a what-if's name, characters."""

_KEYS = ("name", "base", "week", "notes", "levers")
"""A what-if file's keys, in the order they are written."""

_LEVERS = tuple(f.name for f in dataclasses.fields(Levers))
"""The levers' names, in the order they are written."""

_HEADER = """\
# A what-if of the svcdesign staffing explorer (svcdesign.explore.save_what_if).
# base: a shipped example's name, or a scenario file (relative to this file's folder).
# week: ISO week whose seasonal peaks apply (null: a typical week).
# levers, relative to the base scenario (in brackets: the setting that changes nothing):
#   staff: people (full-time equivalents) added (+) or removed (-) per stage;
#   growth: % more contacts (0); peak: times each peak's extra demand (1);
#   handle: % of mean handle times (100); escalation: % of the front line's escalation shares (100);
#   patience: % of mean patience (100); budget: weekly staff budget, currency per week (0 = none).
"""

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class WhatIf:
    """A named what-if: a base scenario and the staffing explorer's settings on it.

    Parameters
    ----------
    name:
        The what-if's name (one line, at most 200 characters); the saved file's name is made from it.
    base:
        The scenario it starts from: a shipped example's name (:func:`svcdesign.example_names`), a
        scenario file (``.yaml``, ``.yml``, ``.json``; relative to ``source``'s folder), or the name of a
        scenario given to :meth:`scenario` / :func:`compare_what_ifs` (the explorer's scenario picker
        holds these names).
    levers:
        The settings, relative to ``base`` (:class:`~svcdesign.explore.levers.Levers`; within
        :data:`~svcdesign.explore.levers.LEVER_RANGES`, staff in whole people). Staff changes of 0 are
        dropped.
    week:
        ISO week (1–53) whose seasonal and event peaks apply to the operational read-outs; ``None``: a
        typical week. Must be one of the base's peak weeks (:func:`svcdesign.model.peak_dates.peak_weeks`).
    notes:
        Free text kept with the what-if.
    source:
        The file it was read from (set by :func:`load_what_if`): a relative scenario file named by
        ``base`` is looked for beside it (else in the working folder), and errors name it. Not saved,
        not compared.

    Raises
    ------
    InputError
        Naming the field, for a value of the wrong type or out of range.
    """

    name: str
    base: str
    levers: Levers = field(default_factory=Levers)
    week: int | None = None
    notes: str = ""
    source: Path | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > NAME_CHARACTERS:
            allowed = Phrase(tr("a name of 1 to {n} characters"), n=Figure(str(NAME_CHARACTERS)))
            raise InputError("name", self.name, allowed)
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in self.name):
            raise InputError("name", self.name, "one line of text (no line breaks or control characters)")
        if not isinstance(self.base, str) or not self.base.strip():
            raise InputError("base", self.base, "a shipped example's name, a scenario file or a scenario's name")
        if not isinstance(self.levers, Levers):
            raise InputError("levers", type(self.levers).__name__, "svcdesign.explore.levers.Levers")
        if self.week is not None and (
            isinstance(self.week, bool) or not isinstance(self.week, int) or not 1 <= self.week <= 53
        ):
            raise InputError("week", self.week, "an ISO week from 1 to 53, or None (a typical week)")
        if not isinstance(self.notes, str):
            raise InputError("notes", self.notes, "text")
        if not isinstance(self.levers.staff, Mapping):
            raise InputError("levers.staff", self.levers.staff, "a mapping of stage name to people added")
        check_levers(self.levers)
        staff = {stage: people for stage, people in self.levers.staff.items() if people}
        object.__setattr__(self, "levers", dataclasses.replace(self.levers, staff=staff))

    def base_scenario(self) -> Scenario:
        """The base scenario: the shipped example or the scenario file ``base`` names.

        Raises
        ------
        InputError
            When ``base`` is neither (a scenario supplied by the caller: pass it to :meth:`scenario`).
        """
        if self.base in example_names():
            return load_example(self.base)
        if Path(self.base).suffix.lower() in SUFFIXES:
            file = Path(self.base)
            if not file.is_absolute():
                file = (self.source.parent if self.source else Path.cwd()) / file
            return Scenario.load(file)
        raise InputError(
            "base",
            self.base,
            f"a shipped example ({', '.join(example_names())}) or a scenario file (.yaml, .yml, .json); "
            "for another scenario, pass it: what_if.scenario(base=...)",
            source=display_path(self.source) if self.source else None,
        )

    def scenario(self, base: Scenario | None = None) -> Scenario:
        """The base with the levers applied (:func:`~svcdesign.explore.levers.lever_overrides`), named as the
        what-if; the base itself when no lever moves it.

        Parameters
        ----------
        base:
            The base scenario, when ``base`` names one supplied by the caller (default:
            :meth:`base_scenario`).

        Raises
        ------
        InputError
            For a staff change at a stage the base does not have or beyond what it has, or a week that is
            not one of its peak weeks.
        """
        scenario = self._base(base)
        overrides = lever_overrides(scenario, self.levers)
        return scenario.with_overrides(overrides, name=self.name) if overrides else scenario

    def _base(self, base: Scenario | None) -> Scenario:
        """``base`` (or :meth:`base_scenario`), with the what-if's settings checked against it."""
        if base is not None and not isinstance(base, Scenario):
            raise InputError("base", type(base).__name__, "a svcdesign Scenario")
        scenario = self.base_scenario() if base is None else base
        where = display_path(self.source) if self.source else None
        check_levers(self.levers, scenario, source=where)
        weeks = peak_weeks(scenario)
        if self.week is not None and self.week not in weeks:
            raise InputError(
                "week", self.week, f"None (a typical week) or a peak week of the base: {weeks}", source=where
            )
        return scenario


# ---------------------------------------------------------------------------------- files
def slug(name: str) -> str:
    """The file name stem made from a what-if's name: lower case, letters and digits joined by "-"."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    stem = re.sub(r"[\W_]+", "-", text).strip("-")[:SLUG_CHARACTERS].strip("-")
    if not stem:
        raise InputError("name", name, "a name with at least one letter or digit (it names the file)")
    return f"{stem}-what-if" if stem in _WINDOWS_RESERVED else stem


def what_if_path(name: str, folder: str | Path) -> Path:
    """The file :func:`save_what_if` writes a what-if named ``name`` to, in ``folder``."""
    return Path(folder) / f"{slug(name)}{SUFFIX}"


def save_what_if(what_if: WhatIf, folder: str | Path, *, overwrite: bool = False) -> Path:
    """Save ``what_if`` in ``folder`` as ``<name as a slug>.whatif.yaml``; the file written.

    Parameters
    ----------
    what_if:
        The what-if.
    folder:
        An existing folder (svcdesign does not create folders).
    overwrite:
        Replace a file of that name; by default an existing file is an error.

    Returns
    -------
    Path
        The file, written all at once (a failure leaves nothing half-written).

    Raises
    ------
    FileError
        When the folder does not exist or cannot be written, or the file exists and ``overwrite`` is
        false.
    """
    if not isinstance(what_if, WhatIf):
        raise InputError("what_if", type(what_if).__name__, "a svcdesign.explore.WhatIf")
    if not Path(folder).is_dir():
        raise FileError(display_path(folder), "is not an existing folder", "an existing folder", field="folder")
    path = what_if_path(what_if.name, folder)
    if path.exists() and not overwrite:
        raise FileError(
            display_path(path),
            "already exists",
            "a what-if name not saved in this folder yet, or overwrite=True to replace it",
        )
    levers = what_if.levers
    data = {
        "name": what_if.name,
        "base": what_if.base,
        "week": what_if.week,
        "notes": what_if.notes,
        "levers": {
            "staff": {str(stage): _plain(people) for stage, people in levers.staff.items()},
            **{name: _plain(getattr(levers, name)) for name in _LEVERS if name != "staff"},
        },
    }
    text = _HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return write_atomic(path, text)


def _plain(value: float) -> int | float:
    """A number as YAML shows it plainly: whole numbers without a decimal point."""
    number = float(value)
    return int(number) if number.is_integer() else number


def load_what_if(path: str | Path) -> WhatIf:
    """The what-if saved in ``path`` (written by :func:`save_what_if`, or by hand).

    Raises
    ------
    InputError
        Naming the file and the field: a malformed file, a missing or unknown key, an unknown lever, a
        value of the wrong type or outside the explorer's range
        (:data:`~svcdesign.explore.levers.LEVER_RANGES`), or — when ``base`` is a shipped example or a
        scenario file — a stage or week the base does not have.
    """
    path = Path(path)
    source = display_path(path)
    data = read_scenario_file(path)
    try:
        what_if = _from_data(data, path)
        if what_if.base in example_names() or Path(what_if.base).suffix.lower() in SUFFIXES:
            what_if._base(None)  # stages and week against the base, while the file can be named
    except FileError:
        raise
    except InputError as error:
        raise InputError(error.field, error.value, error.allowed, source=source) from None
    return what_if


def _from_data(data: Any, source: Path) -> WhatIf:
    if not isinstance(data, Mapping):
        raise InputError("file", type(data).__name__, f"a mapping with the keys {list(_KEYS)}")
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        raise InputError(str(unknown[0]), data[unknown[0]], f"one of the keys {list(_KEYS)}")
    for key in ("name", "base"):
        if key not in data:
            raise InputError(key, None, f"a {key}: the {key} key is missing")
    levers = data.get("levers") or {}
    if not isinstance(levers, Mapping):
        raise InputError("levers", levers, f"a mapping of levers: {list(_LEVERS)}")
    for key in levers:
        if key not in _LEVERS:
            raise InputError(f"levers.{key}", levers[key], f"one of the levers {list(_LEVERS)}")
    staff = levers.get("staff") or {}
    if not isinstance(staff, Mapping):
        raise InputError("levers.staff", staff, "a mapping of stage name to people added (+) or removed (-)")
    settings = {key: value for key, value in levers.items() if key != "staff"}  # checked by WhatIf
    notes = data.get("notes")
    return WhatIf(
        name=data["name"],
        base=data["base"],
        levers=Levers(staff=dict(staff), **settings),
        week=data.get("week"),
        notes="" if notes is None else notes,
        source=source,
    )


def load_what_ifs(folder: str | Path) -> list[WhatIf]:
    """Every what-if saved in ``folder`` (its ``*.whatif.yaml`` files, by file name); empty when none.

    Raises
    ------
    InputError
        As :func:`load_what_if` for a bad file; for a folder that does not exist; for two files holding
        what-ifs of the same name.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileError(display_path(folder), "is not an existing folder", "a folder of saved what-ifs", field="folder")
    out: list[WhatIf] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        what_if = load_what_if(path)
        if what_if.name in seen:
            raise InputError(
                "name",
                what_if.name,
                f"a name no other what-if in the folder has ({seen[what_if.name].name} has it too)",
                source=display_path(path),
            )
        seen[what_if.name] = path
        out.append(what_if)
    return out


# ------------------------------------------------------------------------------ comparison
CHANGE_ONLY = ("net_effect", "net_effect_low", "net_effect_high", "p_pays", "staff_saving", "customer_cost")
"""Read-outs of a change against the base: empty for a column that changes nothing."""


def _read_outs(
    currency: str, period: str, churn: bool, public: bool, say: Wording
) -> list[tuple[str, str, str, float]]:
    """The rows of :func:`compare_what_ifs`: ``(reading, label, unit, factor to the unit)``, in ``say``'s language."""
    tr = say.tr
    week = tr("{currency}/week", currency=currency)
    per = tr("{currency}/year", currency=currency) if period == "year" else f"{currency}/{period}"
    share = say.local("%")
    rows = [
        ("service_level", tr("Service level at the front stage"), share, 100.0),
        ("asa", tr("Mean wait of all contacts at the front stage (ASA)"), tr("s"), 1.0),
        ("p_abandon_any", tr("Customers abandoning (any stage)"), share, 100.0),
        ("fcr", tr("First-contact resolution"), share, 100.0),
        ("staff_cost", tr("Staff wages"), week, 1.0),
        ("employment_cost", tr("Employment cost (wages, overtime, turnover)"), week, 1.0),
        ("budget_gap", tr("Budget slack (budget − employment cost)"), week, 1.0),
        ("satisfaction", tr("Customer satisfaction"), tr("points (0–10)"), 1.0),
    ]
    if churn:
        rows.append(("churn", tr("Customer churn"), tr("%/year") if period == "year" else f"%/{period}", 100.0))
    if public:
        rows.append(("cost_of_failure", tr("Cost of failure (failed cases and bed-days)"), per, 1.0))
    rows += [
        ("net_effect", tr("Net effect against the base as described"), per, 1.0),
        ("net_effect_low", tr("Net effect, low (5th percentile)"), per, 1.0),
        ("net_effect_high", tr("Net effect, high (95th percentile)"), per, 1.0),
        ("p_pays", tr("Probability the change pays"), share, 100.0),
        ("staff_saving", tr("Staff cost saved"), per, 1.0),
        ("customer_cost", tr("Customer cost added (customers lost, or cost of failure)"), per, 1.0),
    ]
    return rows


def compare_what_ifs(
    what_ifs: Sequence[WhatIf],
    *,
    bases: Mapping[str, Scenario] | None = None,
    baseline: bool = True,
    language: str = "en",
) -> pd.DataFrame:
    """What-ifs side by side: the staffing explorer's read-outs for each, one column per what-if.

    Each what-if is computed as the explorer computes its read-outs (:mod:`svcdesign.explore.staff_change`):
    the analytic engine on its scenario (:meth:`WhatIf.scenario`) in its week for the operational
    figures, the customer models for satisfaction and employment cost, and :func:`svcdesign.compare` of
    the what-if against its base over a year of the base's calendar for churn (or the cost of failure)
    and the net effect with its range (5th–95th percentile), the probability it pays, the staff cost
    saved and the customer cost added.

    Parameters
    ----------
    what_ifs:
        The what-ifs, in the order of the columns.
    bases:
        Scenarios by the name a what-if's ``base`` gives, for bases that are neither shipped examples
        nor scenario files (e.g. the explorer's own scenario).
    baseline:
        Also show each base as described (first, one column per base and week), named
        ``"<base> as described"``.
    language:
        The language of the rows' labels and units and of the bases' column names (one of
        :data:`svcdesign.i18n.LANGUAGES`; the numbers are the same in every language).

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``(read-out, unit)`` — shares in %, money in the bases' currency per week or per
        year —, columns named by the what-ifs (numbered where names repeat). A read-out that does not
        apply is NaN: the net-effect rows of a column that changes nothing, churn for a public service,
        the cost of failure for a business, the budget slack without a budget.

    Raises
    ------
    InputError
        For no what-ifs, a base that cannot be found, settings the base does not allow, or bases in
        different currencies (money side by side must be in one).
    """
    if isinstance(what_ifs, WhatIf) or not isinstance(what_ifs, Sequence) or not what_ifs:
        raise InputError("what_ifs", what_ifs, "a non-empty list of WhatIf")
    for i, item in enumerate(what_ifs):
        if not isinstance(item, WhatIf):
            raise InputError(f"what_ifs[{i}]", type(item).__name__, "a svcdesign.explore.WhatIf")
    say = Wording(language)
    scenarios = _bases(what_ifs, dict(bases or {}))
    currencies = sorted({s.organisation.currency for s in scenarios.values()})
    if len(currencies) > 1:
        raise InputError("what_ifs", currencies, "what-ifs whose base scenarios share one currency")
    variants = [item.scenario(scenarios[item.base]) for item in what_ifs]  # settings checked before any work
    columns: dict[str, dict[str, float]] = {}
    period = "year"
    if baseline:
        for base_name, week in dict.fromkeys((w.base, w.week) for w in what_ifs):
            base = scenarios[base_name]
            readings, period = _readings(base, base, week)
            label = _as_described(base_name, week, say)
            columns[_unique(label, columns)] = readings
    for item, variant in zip(what_ifs, variants, strict=True):
        readings, period = _readings(variant, scenarios[item.base], item.week)
        columns[_unique(item.name, columns)] = readings
    kinds = [s.organisation.kind == "public" for s in scenarios.values()]
    rows = _read_outs(currencies[0], period, churn=not all(kinds), public=any(kinds), say=say)
    index = pd.MultiIndex.from_tuples([(label, unit) for _, label, unit, _ in rows], names=["read-out", "unit"])
    table = pd.DataFrame(
        {
            name: [factor * readings.get(key, np.nan) for key, _, _, factor in rows]
            for name, readings in columns.items()
        },
        index=index,
    )
    table.columns.name = "what-if"
    return table


def _readings(scenario: Scenario, base: Scenario, week: int | None) -> tuple[dict[str, float], str]:
    """The explorer's read-outs of ``scenario`` against ``base`` (the read-outs the explorer merges, in its
    order: operations, customers, money), and the money's period."""
    done = operations(scenario, week=week)
    effects = customer_effects(done)
    money = net_effect(scenario, base)
    readings = {**done.readings, **effects.readings, **money.readings}
    if not money.changed:
        readings.update(dict.fromkeys(CHANGE_ONLY, np.nan))
    return readings, money.comparison.period


def _bases(what_ifs: Sequence[WhatIf], given: Mapping[str, Scenario]) -> dict[str, Scenario]:
    """Each what-if's base scenario by name: one of ``given``, else a shipped example or a scenario file."""
    scenarios: dict[str, Scenario] = {}
    for item in what_ifs:
        if item.base not in scenarios:
            scenarios[item.base] = item._base(given.get(item.base)) if item.base in given else item.base_scenario()
    return scenarios


def _as_described(base: str, week: int | None, say: Wording) -> str:
    """The name of a base's column as described: ``"bank as described"``, ``"…, week 12"``."""
    if week is None:
        return say.tr("{base} as described", base=base)
    return say.tr("{base} as described, week {week}", base=base, week=say.local(str(week)))


def _unique(name: str, taken: Mapping[str, Any]) -> str:
    out, number = name, 1
    while out in taken:
        number += 1
        out = f"{name} ({number})"
    return out


__all__ = [
    "SUFFIX",
    "WhatIf",
    "compare_what_ifs",
    "load_what_if",
    "load_what_ifs",
    "save_what_if",
    "slug",
    "what_if_path",
]
