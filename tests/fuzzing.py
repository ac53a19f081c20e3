"""Hostile-input fuzzing: mutate scenarios, contact logs and command lines, run them through
svcdesign and judge each outcome.

A case is one mutation of one input, and every case ends in exactly one of these outcomes:

- ``rejected`` — a clean :class:`svcdesign.InputError` (one message, bounded in length, no traceback);
- ``valid`` — every step ran and each result is sound: non-finite figures only where a stage is
  flagged overloaded or unstaffed and named in the warnings, HTML without the raw payload;
- ``unclear`` — any other exception (a traceback a user would see);
- ``unflagged`` — a NaN or infinity without the flag and warning that say why;
- ``payload`` — text from the input reached HTML unescaped;
- ``hang`` — the case took longer than :data:`CASE_SECONDS`;
- ``broken`` — a file left half-written, a temporary file left behind, or a CLI error that is not
  one line.

The test suite draws a bounded, derandomised sample (``tests/test_fuzz.py``); ``make fuzz`` runs
thousands of cases (``python tests/fuzzing.py --cases N``) in worker processes, each case under a
hard time limit, and rewrites the table of counts in ``tests/FUZZ.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import multiprocessing as mp
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script by `make fuzz`
    sys.path.insert(0, str(ROOT))

import svcdesign as sd  # noqa: E402
from svcdesign import InputError  # noqa: E402
from svcdesign.model.peak_dates import peak_weeks  # noqa: E402
from svcdesign.results.flags import unexplained  # noqa: E402

CASE_SECONDS = 30.0
"""Longest a case may take before it counts as a hang: the product's own bound on a call, with room for a
case's other steps. The size guard admits a simulation of up to
:data:`svcdesign.engines.simulation.size.MAX_EVENTS` events, 15–25 s of the kernel by its docstring
(measured here: the omnichannel example at a thousandfold demand, 2.3e7 estimated events, simulates one day
twice in 9–11 s, about 2.3 million events a second with a queue of hundreds of thousands); a case running
longer is one the product does not bound. (It was 10 s, less than a call the guard admits, so that case
counted as a hang.)"""

MESSAGE_CHARACTERS = 4000
"""Longest acceptable error message (a clear error is a few lines, not a dump)."""

EXAMPLES = ("bank", "council_adult_social_care", "telecom_shop_and_phone", "omnichannel_phone_chat_email")
"""The example scenarios mutated; the multi-skill one exercises the service desk's validation, both
engines, the customer models and the dynamics engine on it."""
LOG_EXAMPLE = ROOT / "datasets" / "examples" / "contact_log_example.csv"
LOG_ROWS = 400
"""Data rows of the example contact log used as the seed of log mutations (keeps cases quick)."""

PAYLOAD = "<img src=x onerror=alert(1)>"
"""A script payload placed in text fields; it must never reach HTML unescaped."""

OUTCOMES = ("valid", "rejected", "unclear", "unflagged", "payload", "hang", "broken")


class Finding(Exception):
    """A case broke a rule; ``kind`` is its outcome (``unflagged``, ``payload``, ``broken``)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


@dataclass(frozen=True)
class Case:
    """One mutation: ``target`` (``scenario``, ``log`` or ``cli``), the seed input and a description."""

    target: str
    base: str
    mutation: str
    detail: str


# ------------------------------------------------------------------------------- mutations
HOSTILE_NUMBERS: tuple[Any, ...] = (
    -1,
    0,
    -0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    1e300,
    2**64,
    -(2**63),
    1e-300,
    1e6,
    1e9,
    0.999999,
    1.5,
    True,
    "abc",
    "1e400",
    "nan",
    None,
    {},
    [],
)
HOSTILE_TEXTS: tuple[Any, ...] = (
    "",
    " ",
    "x" * 10_000,
    "ممثل خدمة العملاء",
    "نماینده",
    "客服代表",
    "😀 team",
    "a.b",
    "tab\there",
    "line\nbreak",
    "nul\x00byte",
    PAYLOAD,
    "<script>alert(1)</script>",
    "%{x}",
    123,
    None,
    [],
    {},
)
HOSTILE_LISTS: tuple[str, ...] = ("empty", "zeros", "nan", "huge", "long", "duplicate", "one_spike")


def leaves(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) of a nested dict/list structure, lists themselves included."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        yield path, data
        for i, value in enumerate(data):
            yield from leaves(value, path + (i,))
    else:
        yield path, data


def set_at(data: Any, path: tuple, value: Any) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _list_mutation(values: list, how: str) -> list:
    if how == "empty":
        return []
    if how == "zeros":
        return [0 if not isinstance(v, dict) else v for v in values]
    if how == "nan":
        return [float("nan")] + values[1:]
    if how == "huge":
        return [1e300 if isinstance(v, (int, float)) else v for v in values]
    if how == "long":
        return (values * (100_000 // max(len(values), 1) + 1))[:100_000] if values else [0] * 100_000
    if how == "duplicate":
        return values + values[:1]
    if how == "one_spike":  # all demand (or staff) in one interval
        return (
            [sum(v for v in values if isinstance(v, (int, float)))] + [0] * (len(values) - 1)
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
            else values
        )
    raise ValueError(how)


def scenario_data(name: str) -> dict:
    return yaml.safe_load((ROOT / "datasets" / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8"))


def scenario_cases(name: str) -> list[tuple[str, Callable[[dict], None]]]:
    """Every mutation of one example scenario as (description, function that mutates its data)."""
    data = scenario_data(name)
    out: list[tuple[str, Callable[[dict], None]]] = []
    for path, value in leaves(data):
        where = ".".join(map(str, path))
        if isinstance(value, list):
            for how in HOSTILE_LISTS:
                out.append(
                    (f"{where} list {how}", lambda d, p=path, h=how: set_at(d, p, _list_mutation(_get(d, p), h)))
                )
        elif isinstance(value, str):
            for text in HOSTILE_TEXTS:
                out.append((f"{where} = {_short(text)}", lambda d, p=path, t=text: set_at(d, p, t)))
        else:
            for number in HOSTILE_NUMBERS:
                out.append((f"{where} = {_short(number)}", lambda d, p=path, v=number: set_at(d, p, v)))
        if path and isinstance(path[-1], str):
            out.append((f"{where} deleted", lambda d, p=path: _delete(d, p)))
    out += [(f"structure: {label}", fn) for label, fn in _structural()]
    if "service_desk" in data:
        out += [(f"structure: {label}", fn) for label, fn in _desk_structural()]
    return out


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _delete(data: Any, path: tuple) -> None:
    del _get(data, path[:-1])[path[-1]]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _structural() -> list[tuple[str, Callable[[dict], None]]]:
    def each_stage(fn: Callable[[dict], None]) -> Callable[[dict], None]:
        return lambda d: [fn(s) for s in d["stages"]]

    def payload_everywhere(d: dict) -> None:
        d["name"] = d["notes"] = PAYLOAD
        d.setdefault("organisation", {})["currency"] = "<b>$</b>"
        for group in ("stages", "segments"):
            for item in d.get(group, []):
                item["name"] = PAYLOAD + item["name"]
        for c in d["demand"]["channels"]:
            c["name"] = PAYLOAD + c["name"]
            if c.get("entry_stage"):
                c["entry_stage"] = PAYLOAD + c["entry_stage"]
        for p in d["demand"].get("peaks", []):
            p["name"] = PAYLOAD + p["name"]
            if p.get("channels"):
                p["channels"] = [PAYLOAD + ch for ch in p["channels"]]
        for s in d["stages"]:
            r = s.get("routing", {})
            for kind in ("escalate", "transfer", "follow_up"):
                if kind in r:
                    r[kind] = {PAYLOAD + k: v for k, v in r[kind].items()}
            if r.get("repeat_to"):
                r["repeat_to"] = PAYLOAD + r["repeat_to"]

    def event_peak(year: Any = 2026, **fields: Any) -> Callable[[dict], None]:
        def mutate(d: dict) -> None:
            if year is not None:
                d["demand"]["year"] = year
            peak = {"name": "event peak", "factor": 1.3, "event": "nowruz", **fields}
            d["demand"].setdefault("peaks", []).append(peak)

        return mutate

    return [
        ("event peak before Nowruz", event_peak(days_before=10, event_days=False)),
        ("event peak Ramadan, year 2076, 60 days after", event_peak(2076, event="Ramadan", days_after=60)),
        ("event peak Eid al-Adha, year 1925, factor 100", event_peak(1925, event="eid al-adha", factor=100)),
        ("event peak unknown event", event_peak(event="christmas")),
        ("event peak event 1e300", event_peak(event=1e300)),
        ("event peak payload event", event_peak(event=PAYLOAD)),
        ("event peak with weeks", event_peak(weeks=[11])),
        ("event peak without year", event_peak(None)),
        ("event peak year 1900", event_peak(1900)),
        ("event peak year 2026.5", event_peak(2026.5)),
        ("event peak year text", event_peak("2026")),
        ("event peak days_before 61", event_peak(days_before=61)),
        ("event peak days_after -1", event_peak(days_after=-1)),
        ("event peak days_before nan", event_peak(days_before=float("nan"))),
        ("event peak no days at all", event_peak(event_days=False)),
        (
            "event peak days without event",
            lambda d: d["demand"].setdefault("peaks", []).append({"name": "no event", "factor": 1.2, "days_before": 3}),
        ),
        ("zero staff everywhere", each_stage(lambda s: s.__setitem__("staff", 0))),
        ("shrinkage 1", each_stage(lambda s: s.__setitem__("shrinkage", 1))),
        ("shrinkage 0.999999", each_stage(lambda s: s.__setitem__("shrinkage", 0.999999))),
        ("patience 1e-6 s", each_stage(lambda s: s.__setitem__("patience", 1e-6) if not s.get("deferred") else None)),
        ("handle time one year", each_stage(lambda s: s.__setitem__("handle_time", "52w"))),
        ("staff adjustment -1e5", each_stage(lambda s: s.__setitem__("staff_adjustment", -1e5))),
        ("staff adjustment +1e5", each_stage(lambda s: s.__setitem__("staff_adjustment", 1e5))),
        ("staff adjustment 1e15", each_stage(lambda s: s.__setitem__("staff_adjustment", 1e15))),
        (
            "route to unknown stage",
            lambda d: d["stages"][0].setdefault("routing", {}).__setitem__("escalate", {"nobody": 0.5}),
        ),
        (
            "routing shares sum to 1.5",
            lambda d: (
                d["stages"][0].setdefault("routing", {}).update(repeat=0.9, transfer={d["stages"][-1]["name"]: 0.6})
            ),
        ),
        (
            "every contact repeats",
            lambda d: d["stages"][0].setdefault("routing", {}).update(repeat=1.0, escalate={}, transfer={}),
        ),
        (
            "redial 0.999999",
            lambda d: (
                d["stages"][0].setdefault("routing", {}).update(retry=0.999999, retry_delay=1)
                if d["stages"][0].get("patience")
                else None
            ),
        ),
        ("duplicate stage", lambda d: d["stages"].append(copy.deepcopy(d["stages"][0]))),
        (
            "duplicate segment",
            lambda d: d.__setitem__("segments", (d.get("segments") or [{"name": "all", "share": 1.0}]) * 2),
        ),
        ("duplicate channel", lambda d: d["demand"]["channels"].append(copy.deepcopy(d["demand"]["channels"][0]))),
        ("interval 1 minute", lambda d: d["demand"].__setitem__("interval_minutes", 1)),
        ("interval 7 minutes", lambda d: d["demand"].__setitem__("interval_minutes", 7)),
        ("interval 1440 minutes", lambda d: d["demand"].__setitem__("interval_minutes", 1440)),
        ("interval 60 minutes", lambda d: d["demand"].__setitem__("interval_minutes", 60)),
        ("demand scale 1000", lambda d: d["demand"].__setitem__("scale", 1000)),
        ("demand scale 0", lambda d: d["demand"].__setitem__("scale", 0)),
        ("script payload in every text field", payload_everywhere),
        ("unknown top-level field", lambda d: d.__setitem__("surprise", 1)),
        ("no stages", lambda d: d.__setitem__("stages", [])),
        ("no channels", lambda d: d["demand"].__setitem__("channels", [])),
    ]


def _desk_structural() -> list[tuple[str, Callable[[dict], None]]]:
    """Mutations of a multi-skill service desk (``service_desk``): impossible set-ups and extremes."""

    def desk(fn: Callable[[dict], None]) -> Callable[[dict], None]:
        return lambda d: fn(d["service_desk"])

    def router(d: dict) -> dict:
        return d["contact_types"][0].setdefault("router", {})

    def payload_names(d: dict) -> None:
        renamed = {c["name"]: PAYLOAD + c["name"] for c in d["demand"]["channels"]}
        for c in d["demand"]["channels"]:
            c["name"] = renamed[c["name"]]
        for t in d["service_desk"]["contact_types"]:
            t["channel"] = renamed[t["channel"]]
            t["name"] = PAYLOAD + t["name"]
            t.get("router", {}).pop("reserve", None)
            t.get("router", {}).pop("groups", None)
            t.get("router", {}).pop("overflow_after", None)
        for g in d["service_desk"]["groups"]:
            g["name"] = PAYLOAD + g["name"]
            g["skills"] = [PAYLOAD + (k if isinstance(k, str) else k["contact_type"]) for k in g["skills"]]

    return [
        (
            "desk: a contact type no group serves",
            desk(
                lambda s: [
                    g.__setitem__(
                        "skills",
                        [
                            k
                            for k in g["skills"]
                            if (k if isinstance(k, str) else k["contact_type"]) != s["contact_types"][0]["name"]
                        ]
                        or g["skills"],
                    )
                    for g in s["groups"]
                ]
            ),
        ),
        (
            "desk: a group twice in a router (overflow loop)",
            desk(lambda s: router(s).__setitem__("groups", router(s).get("groups", [s["groups"][0]["name"]]) * 2)),
        ),
        ("desk: unknown group in a router", desk(lambda s: router(s).__setitem__("groups", ["nobody"]))),
        ("desk: skill of unknown contact type", desk(lambda s: s["groups"][0]["skills"].append("nothing"))),
        (
            "desk: concurrency 11",
            desk(lambda s: [g.__setitem__("concurrency", {"slowdown": [1.0] * 11}) for g in s["groups"]]),
        ),
        (
            "desk: concurrency 10",
            desk(
                lambda s: [
                    g.__setitem__("concurrency", {"slowdown": [1.0] * 10}) for g in s["groups"] if "concurrency" in g
                ]
            ),
        ),
        (
            "desk: slowdown decreasing",
            desk(lambda s: [g.__setitem__("concurrency", {"slowdown": [2.0, 1.0]}) for g in s["groups"]]),
        ),
        (
            "desk: slowdown below 1",
            desk(lambda s: [g.__setitem__("concurrency", {"slowdown": [0.5]}) for g in s["groups"]]),
        ),
        (
            "desk: skill multiplier 0",
            desk(
                lambda s: s["groups"][0].__setitem__(
                    "skills",
                    [
                        {"contact_type": (k if isinstance(k, str) else k["contact_type"]), "handle_time_multiplier": 0}
                        for k in s["groups"][0]["skills"]
                    ],
                )
            ),
        ),
        (
            "desk: callback on every contact type",
            desk(lambda s: [t.__setitem__("callback", {"offer_above": 60, "accept": 0.5}) for t in s["contact_types"]]),
        ),
        (
            "desk: reserve 1e5 agents",
            desk(lambda s: router(s).__setitem__("reserve", {g: 1e5 for g in router(s).get("groups", [])})),
        ),
        (
            "desk: blending threshold 1e5",
            desk(lambda s: [g.__setitem__("blending", {"idle_above": 1e5}) for g in s["groups"] if "blending" in g]),
        ),
        ("desk: overflow delays decreasing", desk(lambda s: router(s).__setitem__("overflow_after", [60, 30]))),
        (
            "desk: shares of a channel sum to 2",
            desk(lambda s: [t.__setitem__("share", 1.0) for t in s["contact_types"]]),
        ),
        (
            "desk: a desk channel with an entry stage",
            lambda d: d["demand"]["channels"][0].__setitem__("entry_stage", d["stages"][0]["name"]),
        ),
        ("desk: no contact types", desk(lambda s: s.__setitem__("contact_types", []))),
        ("desk: no groups", desk(lambda s: s.__setitem__("groups", []))),
        ("desk: null", lambda d: d.__setitem__("service_desk", None)),
        ("desk: script payload in every name", payload_names),
    ]


# ------------------------------------------------------------------------------- judging
def check_message(error: BaseException) -> None:
    text = str(error)
    if not text.strip():
        raise Finding("unclear", f"{type(error).__name__} with an empty message")
    if len(text) > MESSAGE_CHARACTERS or "Traceback" in text:
        raise Finding("unclear", f"{type(error).__name__} message of {len(text)} characters")


def nonfinite_problems(results: Any) -> list[str]:
    """Non-finite values of ``results`` that no flag and warning explain (empty when sound).

    The rule is the one every result is held to (:func:`svcdesign.results.flags.unexplained`): a
    non-finite value at a stage needs a positive ``overloaded`` or ``unstaffed`` flag of that stage in
    the same period (any period, for a whole-horizon row) and a warning naming the stage; an end-to-end
    value needs a flagged stage of the same scenario and engine. ``test_fuzz.py`` checks the rule on
    results with a known verdict.
    """
    return unexplained(results)[:5]


def check_results(results: Any, step: str) -> None:
    problems = nonfinite_problems(results)
    if problems:
        raise Finding("unflagged", f"{step}: " + "; ".join(problems))
    check_html(results._repr_html_(), step)


def check_html(text: str, step: str) -> None:
    for raw in (PAYLOAD, "<script>alert(1)</script>", "<b>$</b>"):
        if raw in text:
            raise Finding("payload", f"{step}: raw {raw!r} in HTML")


# ------------------------------------------------------------------------------- pipelines
def run_scenario(data: dict, workdir: Path) -> str:
    """load → save/reload (YAML and JSON) → evaluate → short simulate → assess → short dynamics."""
    try:
        scenario = sd.Scenario.from_dict(data)
    except InputError as error:
        check_message(error)
        return "rejected"
    for suffix in (".yaml", ".json"):
        path = workdir / f"scenario{suffix}"
        scenario.save(path)
        again = sd.Scenario.load(path)
        if again != scenario:
            raise Finding("broken", f"{suffix} round trip changed the scenario")
    try:
        results = sd.evaluate(scenario)
        check_results(results, "evaluate")
        check_results(sd.simulate(scenario, horizon="1d", replications=2, seed=1), "simulate")
        check_results(sd.assess(scenario, results, detail="horizon"), "assess")
        check_results(sd.run_dynamics(scenario, weeks=4), "run_dynamics")
        for week in peak_weeks(scenario)[:1]:  # the first week a seasonal or event peak changes
            check_results(sd.evaluate(scenario, week=week), f"evaluate week {week}")
    except InputError as error:
        check_message(error)
        return "rejected"
    return "valid"


def log_text(rows: int = LOG_ROWS) -> list[str]:
    lines = LOG_EXAMPLE.read_text(encoding="utf-8").splitlines()
    return lines[: rows + 1]


LOG_CELLS: tuple[str, ...] = (
    "",
    "nan",
    "inf",
    "-1",
    "1e400",
    "2024-13-45 25:61:00",
    "1500-01-01 00:00:00",
    "2262-05-01 00:00:00",
    "9999-12-31 23:59:59",
    "2024-01-01T08:00:00+05:00",
    "2024-01-01T08:00:00+00:00",
    "x" * 200_000,
    "nul\x00",
    '"quoted, comma"',
    '"line\nbreak"',
    "😀",
    PAYLOAD,
    "answered",
    "abandoned",
    "0",
    "1704096000",
)


def log_cases() -> list[tuple[str, Callable[[list[str]], bytes]]]:
    """Mutations of the example contact log, each a function from its lines to the bytes of a file."""
    out: list[tuple[str, Callable[[list[str]], bytes]]] = []
    header = log_text(0)[0].split(",")
    for col, name in enumerate(header):
        for cell in LOG_CELLS:
            for row in (1, 7):
                out.append(
                    (
                        f"line {row + 1} {name} = {_short(cell)}",
                        lambda lines, r=row, c=col, v=cell: _join(_set_cell(lines, r, c, v)),
                    )
                )
            out.append(
                (
                    f"every {name} = {_short(cell)}",
                    lambda lines, c=col, v=cell: _join([lines[0]] + [_cell(line, c, v) for line in lines[1:]]),
                )
            )
        out.append((f"header {name} duplicated", lambda lines, c=col: _join([lines[0] + "," + header[c]] + lines[1:])))
        out.append((f"header {name} emptied", lambda lines, c=col: _join([_cell(lines[0], c, "")] + lines[1:])))
        out.append((f"column {name} dropped", lambda lines, c=col: _join([_drop(line, c) for line in lines])))
    out += [
        ("empty file", lambda lines: b""),
        ("header only", lambda lines: _join(lines[:1])),
        ("latin-1 bytes", lambda lines: _join(lines).replace(b"retail", "r\xe9tail".encode("latin-1"))),
        ("utf-16", lambda lines: "\n".join(lines).encode("utf-16")),
        ("BOM and CRLF", lambda lines: b"\xef\xbb\xbf" + "\r\n".join(lines).encode()),
        ("tabs", lambda lines: _join([line.replace(",", "\t") for line in lines])),
        ("semicolons", lambda lines: _join([line.replace(",", ";") for line in lines])),
        ("truncated mid-row", lambda lines: _join(lines)[:-37]),
        ("binary garbage", lambda lines: bytes(random.Random(1).randrange(256) for _ in range(5000))),
        ("extra field", lambda lines: _join([lines[0]] + [line + ",extra" for line in lines[1:]])),
        ("missing fields", lambda lines: _join([lines[0]] + [line.rsplit(",", 3)[0] for line in lines[1:]])),
        ("rows reversed", lambda lines: _join([lines[0]] + lines[:0:-1])),
        ("one row", lambda lines: _join(lines[:2])),
        (
            "all abandoned",
            lambda lines: _join([lines[0]] + [line.replace("answered", "abandoned") for line in lines[1:]]),
        ),
        ("all other", lambda lines: _join([lines[0]] + [line.replace("answered", "other") for line in lines[1:]])),
        ("mixed offsets", lambda lines: _join([lines[0]] + [_offset(line, i) for i, line in enumerate(lines[1:])])),
        (
            "every time 50 years apart",
            lambda lines: _join(
                [lines[0]] + [line.replace("2024-", f"{1980 + i % 50}-") for i, line in enumerate(lines[1:])]
            ),
        ),
        ("10,000 columns", lambda lines: _join([line + "," * 10_000 for line in lines])),
    ]
    return out


def _join(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _split(line: str) -> list[str]:
    return line.split(",")


def _cell(line: str, col: int, value: str) -> str:
    cells = _split(line)
    if col < len(cells):
        cells[col] = value
    return ",".join(cells)


def _set_cell(lines: list[str], row: int, col: int, value: str) -> list[str]:
    out = list(lines)
    if row < len(out):
        out[row] = _cell(out[row], col, value)
    return out


def _drop(line: str, col: int) -> str:
    cells = _split(line)
    return ",".join(cells[:col] + cells[col + 1 :])


def _offset(line: str, i: int) -> str:
    cells = _split(line)
    cells[1] = cells[1].replace(" ", "T") + ("+00:00" if i % 2 else "+05:00")
    return ",".join(cells)


def run_log(content: bytes, workdir: Path, suffix: str = ".csv") -> str:
    """read_contact_log → calibrate → evaluate the calibrated scenario."""
    path = workdir / f"log{suffix}"
    path.write_bytes(content)
    rows_written = _data_rows(content)
    try:
        log = sd.read_contact_log(path)
        if rows_written is not None and log.rows_read != rows_written:
            raise Finding("broken", f"{log.rows_read} rows accounted for, {rows_written} written")
        for column in ("wait", "handle"):
            values = log.data[column].to_numpy(dtype=float)
            if np.isinf(values).any():
                raise Finding("unflagged", f"log column {column} holds infinity")
        check_html(log._repr_html_(), "ContactLog._repr_html_")
        scenario, report = sd.calibrate(log)
        scenario = sd.Scenario.from_dict(scenario.to_dict())  # what calibrate writes must load back
        check_results(sd.evaluate(scenario), "evaluate(calibrated)")
    except InputError as error:
        check_message(error)
        return "rejected"
    return "valid"


def _data_rows(content: bytes) -> int | None:
    """Non-blank data rows of a plain UTF-8 CSV (None when the file is not one)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    import csv

    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
    if "\x00" in text or not rows:
        return None
    return sum(1 for row in rows[1:] if row and any(cell.strip() for cell in row))


def hostile_files() -> list[tuple[str, str, bytes]]:
    """(description, file name, bytes) of hostile scenario files for the CLI."""
    laughs = (
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij", strict=True))
        + "name: *j\n"
    )
    bank = (ROOT / "datasets" / "scenarios" / "bank.yaml").read_text(encoding="utf-8")
    return [
        ("billion laughs", "lol.yaml", laughs.encode()),
        ("deep nesting YAML", "deep.yaml", ("[" * 100_000 + "]" * 100_000).encode()),
        ("deep nesting JSON", "deep.json", ("[" * 100_000 + "]" * 100_000).encode()),
        ("duplicate key", "dup.yaml", bank.replace("name: Bank contact centre", "name: a\nname: b", 1).encode()),
        ("duplicate key JSON", "dup.json", b'{"name": "a", "name": "b"}'),
        ("text file", "bank.txt", bank.encode()),
        ("bad UTF-8", "bad.yaml", bank.encode().replace(b"Bank", b"B\xffnk")),
        ("empty", "empty.yaml", b""),
        ("a list", "list.yaml", b"[1, 2, 3]\n"),
        ("a number", "number.json", b"42"),
        ("tabs in YAML", "tabs.yaml", b"name:\t\tx\n\tdemand: 1\n"),
        ("python tag", "tag.yaml", b"!!python/object/apply:os.system ['echo pwned']\n"),
        ("binary", "bin.yaml", bytes(range(256)) * 50),
        ("huge", "huge.yaml", b"name: '" + b"x" * (12 * 2**20) + b"'\n"),
        ("payload", "payload.yaml", bank.replace("name: Bank contact centre", f"name: '{PAYLOAD}'", 1).encode()),
    ]


def run_cli(argv: list[str], workdir: Path, outputs: list[Path]) -> str:
    """Run ``svcdesign`` in-process; judge the exit code, standard error and files left behind."""
    from svcdesign.cli import main

    before = {p: p.read_bytes() if p.exists() else None for p in outputs}
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    leftovers = [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        raise Finding("broken", f"temporary files left: {leftovers}")
    if "Traceback" in err.getvalue():
        raise Finding("unclear", f"traceback on standard error: {lines[-1] if lines else ''}")
    if code == 0:
        for p in outputs:
            if p.exists() and p.suffix == ".html":
                check_html(p.read_text(encoding="utf-8"), f"{argv[0]} output")
        return "valid"
    if code == 2:  # argparse usage error: usage line(s) and one error line
        if not lines or not lines[-1].startswith("svcdesign") or "error:" not in lines[-1]:
            raise Finding("broken", f"usage error without an error line: {lines[-3:]}")
        return "rejected"
    if code != 1:
        raise Finding("unclear", f"exit code {code}: {lines[-1] if lines else ''}")
    if len(lines) != 1 or not lines[0].startswith("svcdesign: error:"):
        raise Finding("broken", f"{len(lines)} lines on standard error: {lines[:3]}")
    if len(lines[0]) > MESSAGE_CHARACTERS:
        raise Finding("unclear", f"error line of {len(lines[0])} characters")
    for p, content in before.items():
        now = p.read_bytes() if p.exists() else None
        if now != content:
            raise Finding("broken", f"{p.name} changed although the command failed")
    return "rejected"


def cli_cases() -> list[tuple[str, Callable[[Path], tuple[list[str], list[Path]]]]]:
    """Every CLI subcommand against hostile scenario files, logs and arguments."""
    out: list[tuple[str, Callable[[Path], tuple[list[str], list[Path]]]]] = []
    log_lines = log_text()
    good_log = _join(log_lines)

    def write(workdir: Path, name: str, content: bytes) -> Path:
        path = workdir / name
        path.write_bytes(content)
        return path

    for label, name, content in hostile_files():
        out.append((f"evaluate {label}", lambda w, n=name, c=content: (["evaluate", str(write(w, n, c))], [])))
        out.append(
            (
                f"report {label}",
                lambda w, n=name, c=content: (
                    ["report", str(write(w, n, c)), "-o", str(w / "out.html")],
                    [w / "out.html"],
                ),
            )
        )
        out.append(
            (
                f"backtest {label}",
                lambda w, n=name, c=content: (
                    ["backtest", str(write(w, n, c)), str(write(w, "log.csv", good_log))],
                    [],
                ),
            )
        )
    for label, make in log_cases()[::7]:
        out.append((f"validate {label}", lambda w, m=make: (["validate", str(write(w, "log.csv", m(log_lines)))], [])))
        out.append(
            (
                f"calibrate {label}",
                lambda w, m=make: (
                    ["calibrate", str(write(w, "log.csv", m(log_lines))), "-o", str(w / "out.yaml")],
                    [w / "out.yaml"],
                ),
            )
        )
    out += [
        ("validate --show -5", lambda w: (["validate", str(write(w, "log.csv", good_log)), "--show", "-5"], [])),
        (
            "validate --show huge",
            lambda w: (["validate", str(write(w, "log.csv", good_log)), "--show", "99999999999999999999"], []),
        ),
        (
            "calibrate into a missing folder",
            lambda w: (
                ["calibrate", str(write(w, "log.csv", good_log)), "-o", str(w / "no" / "such" / "out.yaml")],
                [],
            ),
        ),
        (
            "calibrate -o a .txt",
            lambda w: (["calibrate", str(write(w, "log.csv", good_log)), "-o", str(w / "out.txt")], []),
        ),
        (
            "calibrate --interval 7",
            lambda w: (
                ["calibrate", str(write(w, "log.csv", good_log)), "-o", str(w / "o.yaml"), "--interval", "7"],
                [],
            ),
        ),
        (
            "report into a file as folder",
            lambda w: (
                [
                    "report",
                    str(ROOT / "datasets" / "scenarios" / "bank.yaml"),
                    "-o",
                    str(write(w, "f", b"x") / "out.html"),
                ],
                [],
            ),
        ),
        (
            "report over an existing file",
            lambda w: (
                ["report", str(write(w, "bad.yaml", b"name: [")), "-o", str(write(w, "out.html", b"keep me"))],
                [w / "out.html"],
            ),
        ),
        ("evaluate a folder", lambda w: (["evaluate", str(w)], [])),
        ("evaluate a missing file", lambda w: (["evaluate", str(w / "missing.yaml")], [])),
        ("unknown subcommand", lambda w: (["frobnicate"], [])),
        ("no arguments", lambda w: ([], [])),
        (
            "backtest with a bad log",
            lambda w: (
                [
                    "backtest",
                    str(ROOT / "datasets" / "scenarios" / "bank.yaml"),
                    str(write(w, "log.csv", b"\xff\xfe\x00garbage")),
                ],
                [],
            ),
        ),
    ]
    return out


# ------------------------------------------------------------------------------- running
def all_cases() -> list[Case]:
    cases = []
    for name in EXAMPLES:
        cases += [Case("scenario", name, label, label) for label, _ in scenario_cases(name)]
    cases += [Case("log", "contact_log_example", label, label) for label, _ in log_cases()]
    cases += [Case("cli", "svcdesign", label, label) for label, _ in cli_cases()]
    return cases


def run_case(case: Case) -> tuple[str, str]:
    """Run one case in this process; returns (outcome, detail)."""
    with tempfile.TemporaryDirectory(prefix="svcdesign-fuzz-") as tmp:
        workdir = Path(tmp)
        try:
            if case.target == "scenario":
                fn = dict(scenario_cases(case.base))[case.mutation]
                data = scenario_data(case.base)
                fn(data)
                return run_scenario(data, workdir), ""
            if case.target == "log":
                make = dict(log_cases())[case.mutation]
                return run_log(make(log_text()), workdir), ""
            build = dict(cli_cases())[case.mutation]
            argv, outputs = build(workdir)
            return run_cli(argv, workdir, outputs), ""
        except Finding as finding:
            return finding.kind, str(finding)
        except RecursionError as error:
            return "unclear", f"RecursionError: {error}"
        except Exception as error:  # anything else is a traceback a user would see
            frame = traceback.extract_tb(error.__traceback__)[-1]
            return "unclear", f"{type(error).__name__}: {str(error)[:200]} ({Path(frame.filename).name}:{frame.lineno})"


def _worker(queue_in: Any, queue_out: Any) -> None:
    while True:
        case = queue_in.get()
        if case is None:
            return
        start = time.perf_counter()
        outcome, detail = run_case(case)
        queue_out.put((case, outcome, detail, time.perf_counter() - start))


def run_many(
    cases: list[Case], workers: int = 2, case_seconds: float = CASE_SECONDS, report: Callable[[str], None] = print
) -> Counter:
    """Run cases in worker processes; a worker that overruns ``case_seconds`` is killed (a hang)."""
    ctx = mp.get_context("spawn")
    counts: Counter = Counter()
    pending = list(cases)
    slots: list[dict[str, Any]] = []

    def start_slot() -> dict[str, Any]:
        q_in, q_out = ctx.Queue(), ctx.Queue()
        proc = ctx.Process(target=_worker, args=(q_in, q_out), daemon=True)
        proc.start()
        return {"proc": proc, "in": q_in, "out": q_out, "case": None, "since": 0.0}

    slots = [start_slot() for _ in range(workers)]
    done = 0
    while pending or any(s["case"] is not None for s in slots):
        for i, slot in enumerate(slots):
            if slot["case"] is None and pending:
                slot["case"], slot["since"] = pending.pop(0), time.monotonic()
                slot["in"].put(slot["case"])
            if slot["case"] is None:
                continue
            try:
                case, outcome, detail, seconds = slot["out"].get(timeout=0.05)
            except Exception:
                # the first case of a fresh worker also imports svcdesign and loads compiled kernels
                if time.monotonic() - slot["since"] > case_seconds + 30.0:
                    case, outcome, detail, seconds = slot["case"], "hang", "killed", time.monotonic() - slot["since"]
                    slot["proc"].kill()
                    slots[i] = start_slot()
                else:
                    continue
            else:
                if seconds > case_seconds:
                    outcome, detail = "hang", f"{seconds:.1f} s"
                slot["case"] = None
            counts[(case.target, outcome)] += 1
            done += 1
            if outcome not in ("valid", "rejected"):
                report(f"{outcome:>9}  {case.target:<8} {case.base:<26} {case.mutation}: {detail}")
            if slots[i] is not slot:
                continue
    for slot in slots:
        slot["in"].put(None)
    for slot in slots:
        slot["proc"].join(timeout=10)
    return counts


def table(counts: Counter, seconds: float) -> str:
    targets = ("scenario", "log", "cli")
    lines = ["| input | cases | " + " | ".join(OUTCOMES) + " |", "|---|---:|" + "---:|" * len(OUTCOMES)]
    for target in targets:
        row = [counts[(target, o)] for o in OUTCOMES]
        lines.append(f"| {target} | {sum(row)} | " + " | ".join(map(str, row)) + " |")
    total = [sum(counts[(t, o)] for t in targets) for o in OUTCOMES]
    lines.append(f"| **all** | **{sum(total)}** | " + " | ".join(f"**{n}**" for n in total) + " |")
    return "\n".join(lines) + f"\n\n{sum(total)} cases in {seconds:.0f} s on {mp.cpu_count()} cores.\n"


def write_counts(text: str) -> None:
    path = ROOT / "tests" / "FUZZ.md"
    content = path.read_text(encoding="utf-8")
    start, end = "<!-- fuzz counts: start -->", "<!-- fuzz counts: end -->"
    before, rest = content.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{text}{end}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the hostile-input fuzz cases and count the outcomes.")
    parser.add_argument("--cases", type=int, default=0, help="cases to run, sampled evenly (default: every case)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="rewrite the table of counts in tests/FUZZ.md")
    args = parser.parse_args(argv)
    cases = all_cases()
    if args.cases and args.cases < len(cases):
        cases = random.Random(args.seed).sample(cases, args.cases)
    print(f"{len(cases)} cases")
    start = time.perf_counter()
    counts = run_many(cases, workers=args.workers)
    text = table(counts, time.perf_counter() - start)
    print(text)
    if args.write:
        write_counts(text)
    failures = sum(n for (_, outcome), n in counts.items() if outcome not in ("valid", "rejected"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
