"""A scenario whose every text field carries script (import as ``from hostile import hostile_bank``).

The bank example with its name, notes, sources, organisation name, currency and every stage, channel,
segment and peak name replaced by payloads that would run script — or inject markup, a plotly
``%{…}`` placeholder or LaTeX — if any view put them into a page unescaped. Each payload sets
``window.__pwned`` (an inline handler's bare assignment makes a global) or calls ``alert``, so a
browser test can prove nothing ran. Payloads are short and hold no "." (names are limited in length
and characters by the model).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

import svcdesign as sd
from svcdesign import Scenario

NAME = '<img src=x onerror=alert(1)><img src=y onerror=__pwned=1>Bank "x" $1$ %{pwned}'
NOTES = (
    "Notes <script>__pwned=2</script> </script><script>alert(1)</script> "
    '<a href="javascript:__pwned=3">click</a> " onmouseover="alert(1)'
)
SOURCES = ["<img src=x onerror=__pwned=4>source one", "</script><script>__pwned=5</script>source two"]
ORGANISATION = "<svg onload=__pwned=6>Org & Co"  # no view shows it today; carried in case one does
CURRENCY = "<b onmouseover=alert(1)>$%{pwned}</b>"
STAGES = {
    "representative": "<img src=x onerror=__pwned=7>rep %{pwned}",
    "coordinator": "<script>__pwned=8</script>coord $a$",
    "supervisor": "</script><script>alert(1)</script>sup",
    "back office": '<a href="javascript:__pwned=9">back</a> " onmouseover="__pwned=10',
}
CHANNELS = {"phone": "<img src=x onerror=__pwned=11>phone %{pwned}"}
SEGMENTS = {
    "routine": "<svg onload=__pwned=12>routine",
    "anxious": '<a href="javascript:alert(1)">anxious</a>',
    "premium": '" onmouseover="__pwned=13 %{pwned} <b>premium</b>',
}
PEAKS = {"Friday peak": "<img src=x onerror=__pwned=14>Friday"}
SEASONAL_PEAK = "<script>__pwned=16</script>Christmas %{pwned}"
"""A peak added in week 51 (its name is offered in the explorer's week picker)."""
OPTION = "<img src=x onerror=__pwned=15>cut one %{pwned}"
"""Name of a what-if option built from the hostile scenario."""

TEXTS = [
    NAME,
    NOTES,
    *SOURCES,
    ORGANISATION,
    CURRENCY,
    *STAGES.values(),
    *CHANNELS.values(),
    *SEGMENTS.values(),
    *PEAKS.values(),
    SEASONAL_PEAK,
    OPTION,
]
"""Every payload."""

PLOT_RAW = re.compile(r"<\s*/?\s*(img|script|svg|a)\b|<b onmouseover|<b>premium|%\{pwned\}|\$", re.IGNORECASE)
"""What must never reach a plotly string: the payloads' tags (plotly.js draws <a href>, <b>, <span
style> …), their placeholder (read in hover templates) and "$" (two make the text LaTeX)."""


def _rename(value: Any, names: dict[str, str], keep: frozenset[str] = frozenset({"role", "kind"})) -> Any:
    """``value`` with every stage name replaced, as a dict key or a string (not in ``keep`` fields)."""
    if isinstance(value, dict):
        return {
            names.get(k, k) if isinstance(k, str) else k: (v if k in keep else _rename(v, names, keep))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rename(v, names, keep) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def hostile_bank() -> Scenario:
    """The bank example with script in every text field (see the module docstring)."""
    data = sd.load_example("bank").to_dict()
    data = _rename(data, STAGES)
    for stage in data["stages"]:
        assert stage["name"] in STAGES.values(), stage["name"]
    data.update(name=NAME, notes=NOTES, sources=list(SOURCES))
    data["organisation"].update(name=ORGANISATION, currency=CURRENCY)
    for channel in data["demand"]["channels"]:
        channel["name"] = CHANNELS[channel["name"]]
    for peak in data["demand"]["peaks"]:
        peak["name"] = PEAKS[peak["name"]]
    data["demand"]["peaks"].append({"name": SEASONAL_PEAK, "factor": 1.3, "weeks": [51]})
    for segment in data["segments"]:
        segment["name"] = SEGMENTS[segment["name"]]
    scenario = Scenario.from_dict(data)
    assert scenario.stage_names == list(STAGES.values())
    return scenario


def hostile_option(scenario: Scenario) -> Scenario:
    """A what-if of the hostile scenario (one representative fewer) named :data:`OPTION`."""
    return scenario.with_overrides({f"stages.{STAGES['representative']}.staff_adjustment": -1}, name=OPTION)


NOT_DRAWN = frozenset({"legendgroup", "offsetgroup", "alignmentgroup", "uid", "template"})
"""Figure properties plotly.js never draws (keys that group traces, the template's defaults)."""


def strings(value: Any) -> Iterator[str]:
    """Every string inside a nested structure (a figure's JSON, a widget tree's values …), but for the
    properties plotly.js never draws (:data:`NOT_DRAWN`)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in NOT_DRAWN:
                continue
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings(v)
    elif hasattr(value, "tolist"):
        yield from strings(value.tolist())


def plot_unescaped(texts: Iterable[str]) -> list[str]:
    """The plotly strings holding a payload unescaped (see :data:`PLOT_RAW`)."""
    return [t for t in texts if PLOT_RAW.search(t)]


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # a link to a place on the same page ("#findings", the report's contents) cannot run script
        in_page = tag == "a" and bool(attrs) and all(n == "href" and (v or "").startswith("#") for n, v in attrs)
        if tag in ("script", "img", "svg", "iframe", "object", "embed", "a") and not in_page:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript"):
                self.found.append(f"<{tag} {name}={value}>")


def html_unescaped(text: str, *, scripts: bool = False) -> list[str]:
    """Elements and attributes in an HTML string that could run script: ``<script>`` (unless
    ``scripts``), ``<img>``, ``<svg>``, ``<iframe>``, ``<a>``, any ``on…`` attribute, a ``javascript:``
    URL — and the payload's own ``<b>premium`` markup."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    found = [f for f in parser.found if not (scripts and f == "<script>")]
    if "<b>premium" in text:
        found.append("<b>premium")
    return found
