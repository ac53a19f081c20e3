"""The client report as a client reads it: words, not settings; a page that fits a phone and a laptop.

The report is the consultant's example of notebook 03: a front line calibrated from the bundled contact
log (its customers' value not given), the rest of the chain assumed, five options — among them hiring one
agent and covering the same hours with overtime. Unit tests read its HTML: no raw setting names, no paths,
no program names, "not given" where the client's value is unknown, the options told apart. The browser tests
open it in Debian's Chromium (Playwright) at 390×844 and 1440×900: no sideways scrolling of the page,
every heading on screen, no console errors, no serious or critical axe-core violations, the blueprint's
text inside its boxes and round ticks on the journey's axes; screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_helpers import ARTIFACTS, chromium, needs_chromium

import svcdesign as sd
from svcdesign.data import calibrate, read_contact_log
from svcdesign.datasets import example_contact_log_path
from svcdesign.present import report

VIEWPORTS = [(390, 844), (1440, 900)]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]
PLOTS_READY_MS = 60_000


def _client(interval: int = 15) -> tuple[sd.Scenario, object]:
    """The consultant's chain of notebook 03: a calibrated front line, specialists and a back office."""
    calibration = calibrate(read_contact_log(example_contact_log_path()), interval)
    front = calibration.scenario
    chain = sd.Scenario.from_dict(
        {
            **front.to_dict(),
            "name": "Client contact centre",
            # as notebook 03 writes them: the calibration's own notes name the program and say "wages unknown"
            "notes": "Front line calibrated from the client's contact log (contact_log_example.csv).",
            "sources": [
                *(s for s in front.sources if not s.startswith("Staff:")),
                "Wages (USD an hour): 13.55 front line, 16.26 specialists, 14.90 back office — placeholders.",
            ],
            "organisation": {"name": "Example client", "currency": "USD"},
            "stages": [
                {
                    **front.stages[0].model_dump(mode="json", exclude_defaults=True),
                    "hourly_wage": 13.55,
                    "routing": {"escalate": {"specialists": 0.15}, "transfer": {"back office": 0.08}, "repeat": 0.10},
                },
                {
                    "name": "specialists",
                    "role": "coordinator",
                    "hourly_wage": 16.26,
                    "staff": [{"start": "08:00", "hours": 10, "count": 1, "days": WEEKDAYS}],
                    "handle_time": {"kind": "lognormal", "mean": "7min", "cv": 1.0},
                    "patience": front.stages[0].patience.mean,
                },
                {
                    "name": "back office",
                    "role": "back_office",
                    "deferred": True,
                    "hourly_wage": 14.9,
                    "staff": [{"start": "09:00", "hours": 8, "count": 1, "days": WEEKDAYS}],
                    "handle_time": "10min",
                    "target": {"answer_within": "24h", "service_level": 0.9},
                },
            ],
        }
    )
    return chain, calibration


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    chain, calibration = _client()
    agents = chain.stage_names[0]
    hire = chain.with_staff_change({agents: 1}, unit="seats", name="hire one agent")
    hours = [sd.evaluate(s).value("staff_hours", agents) for s in (chain, hire)]
    wage = chain.stage(agents).hourly_wage * (hours[0] + 1.5 * (hours[1] - hours[0])) / hours[1]
    options = {
        "empower the front line": chain.with_overrides({f"stages.{agents}.routing.escalate.specialists": 0.075}),
        "add a self-service channel": chain.with_overrides({"demand.scale": 0.85}),
        "hire one agent": hire,
        "cover with overtime": hire.with_overrides({f"stages.{agents}.hourly_wage": wage}),
    }
    path = report(
        chain,
        tmp_path_factory.mktemp("report") / "client_report.html",
        options=options,
        title="Contact centre review",
        intro="Front line calibrated from the client's contact log.\n\nThe rest of the chain is assumed.",
        descriptions={"cover with overtime": "The current team works the same extra hours as overtime."},
        extra={"Calibration from the contact log": calibration.report},
        progress=False,
    )
    return chain, path, path.read_text(encoding="utf-8")


def _visible(page: str) -> str:
    """The page's text outside its scripts, tags stripped and entities decoded."""
    import html

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _figure_strings(page: str) -> list[str]:
    """Every string of the figures' JSON (the arguments of ``Plotly.newPlot``), not the plotly.js library."""
    out: list[str] = []
    decoder = json.JSONDecoder()

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "template":
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for at in (m.end() for m in re.finditer(r"Plotly\.newPlot\(", page)):
        rest = page[at:]
        rest = rest[rest.index(",") + 1 :].lstrip()  # after the div id
        data, end = decoder.raw_decode(rest)
        layout, _ = decoder.raw_decode(rest[end:].lstrip().lstrip(",").lstrip())
        walk(data)
        walk(layout)
    return out


def _everything_shown(page: str) -> str:
    return _visible(page) + "\n" + "\n".join(_figure_strings(page))


# ------------------------------------------------------------------------------------------ the words
def test_no_raw_setting_names(client):
    _, _, page = client
    shown = _everything_shown(page)
    assert len(_figure_strings(page)) > 100  # the figures were read
    for pattern in (r"stages\.", r"\.staff\.", r"demand\.", r"segments\.", r"targets\.", r"assumptions\."):
        assert not re.search(pattern, shown), (pattern, re.search(f".{{60}}{pattern}.{{60}}", shown))


def test_no_paths(client):
    _, _, page = client
    shown = _everything_shown(page)
    for fragment in ("/tmp", "/work", "/home", "\\", str(Path(example_contact_log_path()).parent)):
        assert fragment not in shown, fragment
    assert "contact_log_example.csv" in shown  # the client's own file, by its name


def test_no_program_names(client):
    _, _, page = client
    shown = _everything_shown(page)
    assert "ContactLog" not in shown and "svcdesign." not in shown and "Comparison." not in shown
    assert not re.search(r"\b[A-Z][a-z]+[A-Z]\w*\.\w+", shown)  # CamelCase.attribute
    rows = r"\b(?:loyalty|costs|experience|expectations|satisfaction|public|dynamics)\.[a-z_]+"
    assert not re.search(rows, shown), re.search(rows, shown)
    # snake_case words are field names; the one allowed is the client's file name
    words = {w for w in re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", shown) if not re.search(rf"{w}\.csv", shown)}
    assert words == set(), words
    assert "docs/background" not in shown and "source document" not in shown.lower()


def test_not_given_when_the_customers_value_is_unknown(client):
    chain, _, page = client
    assert all(g.annual_value == 0 for g in chain.segments)
    findings = page[page.index("<section id='findings'") : page.index("<section id='options'")]
    assert findings.count("<td>not given</td>") == 2 * 4  # range and probability of each option
    comparison = page[page.index("<section id='comparison'") : page.index("<section id='stages'")]
    revenue = re.search(r"Revenue effect[^<]*</th>((?:<td>[^<]*</td>)+)", comparison)
    assert revenue and set(re.findall(r"<td>([^<]*)</td>", revenue.group(1))) == {"not given"}
    shown = _visible(page)
    assert not re.search(r"(?<![\w.])[-−]0(?![\d.,])", shown)  # never −0 or -0
    assert "wages unknown" not in shown and "(0)" not in shown


def test_overtime_and_hiring_are_told_apart(client):
    chain, _, page = client
    comparison = page[page.index("<section id='comparison'") : page.index("<section id='stages'")]

    def row(label: str) -> list[str]:
        found = re.search(re.escape(label) + r"</th>((?:<td>[^<]*</td>)+)", comparison)
        assert found, label
        return re.findall(r"<td>([^<]*)</td>", found.group(1))

    cost, service = row("Staff cost (USD/week)"), row("Service level, all stages (%)")
    base, empower, online, hire, overtime = range(5)
    assert service[hire] == service[overtime] != service[base]  # the same hours on duty …
    assert cost[base] < cost[hire] < cost[overtime]  # … at time and a half
    assert "The current team works the same extra hours as overtime." in page
    assert "Hourly wage at agents: 13.55 →" in page


def test_header_gives_the_scenarios_interval():
    chain, _ = _client(60)
    assert chain.demand.interval_minutes == 60
    from svcdesign.explore.review import review

    done = review(chain, customers=False)
    assert done.interval_minutes == 60 and "60-minute" in done.captions["service_level"]


def test_sections_come_in_a_consultants_order(client):
    _, _, page = client
    headings = re.findall(r"<h2 id='([^']+)-h'>", page)
    assert headings == [
        "findings",
        "options",
        "comparison",
        "stages",
        "figures",
        "extra-1",
        "appendix",
    ]
    # the introduction keeps its paragraphs
    assert (
        "<p>Front line calibrated from the client&#x27;s contact log.</p><p>The rest of the chain is assumed.</p>"
        in page
    )


# ------------------------------------------------------------------------------------------ the page
_OVERFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3')].map(h => {
  const r = h.getBoundingClientRect(), s = getComputedStyle(h);
  return {text: h.textContent, left: r.left, right: r.right, width: r.width, height: r.height,
          hidden: s.visibility === 'hidden' || s.display === 'none'};
})"""
_BOXES = """() => {
  const plot = document.querySelector('#figure-blueprint .js-plotly-plot');
  const rects = [...plot.querySelectorAll('.shapelayer path')].map(p => p.getBoundingClientRect())
    .filter(r => r.width > 20 && r.height > 20);
  return [...plot.querySelectorAll('g.annotation')].map(a => {
    const t = a.querySelector('.annotation-text-g text');
    if (!t || !/wait [0-9∞]|Waits, then|Contacts by/.test(t.textContent)) return null;
    const r = t.getBoundingClientRect(), cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    const box = rects.find(b => b.left <= cx && cx <= b.right && b.top <= cy && cy <= b.bottom);
    return {text: t.textContent, inside: !!box && r.left >= box.left - 1 && r.right <= box.right + 1
            && r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
  }).filter(x => x);
}"""
_JOURNEY_TICKS = """() => [...document.querySelectorAll('#figure-journey .ytick text, #figure-journey .y2tick text')]
  .map(t => t.textContent)"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@contextmanager
def _report_page(browser, path: Path, width: int, height: int, figures: int, shot: str):
    """The report at ``path`` in a page ``width`` × ``height`` px: its ``figures`` figures drawn, checked never to
    scroll sideways, and its console errors collected (``(page, errors)``); a full-page screenshot ``shot`` is
    kept in the artefacts whatever happens."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {figures}",
            timeout=PLOTS_READY_MS,
        )
        page.wait_for_timeout(300)
        scroll, client_width = page.evaluate(_OVERFLOW)
        assert scroll <= client_width == width, (scroll, client_width)  # the page never scrolls sideways
        yield page, errors
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
        page.close()


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_report_in_the_browser(client, browser, width, height):
    from axe_playwright_python.sync_playwright import Axe

    _, path, _ = client
    with _report_page(browser, path, width, height, 4, f"report_{width}x{height}.png") as (page, errors):
        headings = page.evaluate(_HEADINGS)
        assert len(headings) >= 12
        for h in headings:  # every heading on screen, within the width
            assert not h["hidden"] and h["width"] > 0 and h["height"] > 0, h
            assert h["left"] >= 0 and h["right"] <= width, h
        boxes = page.evaluate(_BOXES)
        assert len(boxes) >= 6 and all(b["inside"] for b in boxes), boxes
        ticks = page.evaluate(_JOURNEY_TICKS)
        assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks  # 0, 2, … 10 and 0, 25, … 125
        results = Axe().run(page)
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], serious
        assert errors == []


# ------------------------------------------------------------------------------ a multi-skill service desk
_SKILLS = """() => {
  const table = [...document.querySelectorAll('#skills table')].find(t => /^Skills:/.test(t.caption.textContent));
  if (!table) return null;
  const r = table.closest('.frame').getBoundingClientRect();
  return {rows: table.tBodies[0].rows.length, columns: table.tHead.rows[0].cells.length,
          left: r.left, right: r.right, visible: r.width > 0 && r.height > 0};
}"""


@pytest.fixture(scope="module")
def desk_report(tmp_path_factory):
    """The shipped omnichannel example (three agent groups, five contact types) with one staff cut."""
    from svcdesign.model.examples import load_example

    desk = load_example("omnichannel_phone_chat_email")
    fewer = desk.with_staff_change({"phone agents": -2}, name="two fewer phone agents")
    path = tmp_path_factory.mktemp("desk_report") / "desk_report.html"
    return desk, report(desk, path, options=[fewer], progress=False)


@needs_chromium
@pytest.mark.slow
def test_desk_report_in_the_browser(desk_report, browser):
    """At 390 px: the figures render, the page never scrolls sideways, the skills table (agent groups ×
    contact types) is there, no console errors."""
    desk, path = desk_report
    width = 390
    with _report_page(browser, path, width, 844, 3, f"desk_report_{width}.png") as (page, errors):
        skills = page.evaluate(_SKILLS)
        assert skills is not None
        assert skills["rows"] == len(desk.service_desk.groups)
        assert skills["columns"] == 1 + len(desk.service_desk.contact_types)
        assert skills["visible"] and skills["left"] >= 0 and skills["right"] <= width, skills
        assert errors == []


# ------------------------------------------------------------------------------ Arabic and Persian, right to left
_DIRECTION = "() => [document.documentElement.getAttribute('dir'), getComputedStyle(document.body).direction]"
_PERCENT_CELLS = """() => [...document.querySelectorAll('td')].map(td => td.textContent).filter(t => t.includes('٪'))"""
_SERVICE_TICKS = "() => [...document.querySelectorAll('#figure-service_level .ytick text')].map(t => t.textContent)"
RTL_VIEWPORTS = [("fa", 390, 844), ("fa", 1440, 900), ("ar", 390, 844)]
BIDI_MARKS = "\u061c\u200e\u200f"
"""Arabic letter mark, left-to-right and right-to-left marks: invisible, they order a number among RTL text."""


@pytest.fixture(scope="module")
def rtl_reports(tmp_path_factory):
    """The bank example with one more agent on its front line, reported in Persian and in Arabic."""
    from svcdesign.model.examples import load_example

    bank = load_example("bank")
    more = bank.with_staff_change({bank.stage_names[0]: 1}, name="one more agent")
    folder = tmp_path_factory.mktemp("rtl_report")
    return {
        lang: report(bank, folder / f"report_{lang}.html", options=[more], progress=False, language=lang)
        for lang in ("fa", "ar")
    }


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "width", "height"), RTL_VIEWPORTS, ids=[f"{lang}-{w}" for lang, w, _ in RTL_VIEWPORTS]
)
def test_rtl_report_in_the_browser(rtl_reports, browser, language, width, height):
    """The page reads right to left, never scrolls sideways, draws its figures without console errors, and a
    percentage in a table cell is written in logical order: the language's digits, then ٪ (the browser's
    bidi algorithm then shows it as the reader expects)."""
    from svcdesign.i18n.numbers import DIGITS

    shot = f"report_{language}_{width}x{height}.png"
    with _report_page(browser, rtl_reports[language], width, height, 4, shot) as (page, errors):
        assert page.evaluate(_DIRECTION) == ["rtl", "rtl"]
        digits = DIGITS[language]
        cells = [c.strip().translate({ord(m): None for m in BIDI_MARKS}) for c in page.evaluate(_PERCENT_CELLS)]
        assert len(cells) >= 5, cells
        plain = [c for c in cells if re.fullmatch(rf"[−+]?[{digits}][{digits}٬٫]*٪", c)]  # "١٤٪", "۴۰٫۰٪"
        assert len(plain) >= 3, cells
        # in every cell (ranges "a٪ – b٪", values with a unit "١٠٫٠٪ سنويًا") each ٪ follows its number
        assert all(re.fullmatch(rf"(?:[^٪]*[{digits}]٪)*[^٪]*", c) for c in cells), cells
        assert not any(re.search(rf"٪[{digits}]|[0-9]", c) for c in cells), cells
        # the figures' numeric axes count in the language's digits too: journey (0, 2, … 10) and service level
        ticks = page.evaluate(_JOURNEY_TICKS) + page.evaluate(_SERVICE_TICKS)
        assert len(ticks) >= 12 and all(re.fullmatch(rf"[{digits}]+", t) for t in ticks), ticks
        assert errors == []
