"""A lesson in a real browser (Voila, Debian's Chromium): the experiment's figure appears under sliders labelled in
words with their units, moving a slider re-draws it within a second, an overloaded option is drawn and labelled,
and the feedback marks are plain text symbols. A screenshot goes to tests/artifacts/course_q3_08.png."""

from __future__ import annotations

import re
import time

import pytest
from browser_helpers import ARTIFACTS, ROOT, WIDGETS_READY_MS, chromium, needs_chromium, overflow, voila

LESSON = ROOT / "notebooks" / "course" / "q3_08_restricting_service.ipynb"
TITLE = "document.querySelector('.js-plotly-plot .gtitle')"


@pytest.mark.slow
@needs_chromium
def test_lesson_sliders_redraw_the_figure_in_a_browser():
    pytest.importorskip("playwright")
    with voila(LESSON, log_name="voila_course.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, timeout=WIDGETS_READY_MS)
        page.wait_for_selector(".js-plotly-plot .gtitle", timeout=WIDGETS_READY_MS)

        labels = page.locator(".widget-slider .widget-label").all_text_contents()
        assert labels == [
            "Care referrals restricted (%)",
            "Of those, moved to health funding (%)",
            "Care-provision staff added (people)",
        ]
        assert page.locator(".widget-slider .widget-readout").all_text_contents()[:2] == ["0%", "0%"]
        figure = page.locator(".js-plotly-plot").first
        assert "your policy (overloaded)" in figure.text_content() and "∞ overloaded" in figure.text_content()
        # the council's own staff cost today (its stages, not the partners'), as lesson 3.8 draws it
        assert "£27,992" in figure.text_content() and "e+0" not in figure.text_content()

        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        start = time.monotonic()
        handle.press("ArrowRight")
        page.wait_for_function(f"() => {TITLE}.textContent.includes('1% of care referrals restricted')", timeout=5000)
        assert time.monotonic() - start < 1.0, "the figure re-draws within a second of the slider moving"
        assert page.locator(".widget-slider .widget-readout").first.text_content() == "1%"

        marks = page.locator("strong").all_text_contents()
        assert "✎ 3.8 (a) — Not answered yet" in marks
        assert not any(mark in "".join(marks) for mark in ("✅", "❌", "✏️"))
        assert "<function" not in page.content()
        if ARTIFACTS.is_dir():
            page.screenshot(path=str(ARTIFACTS / "course_q3_08.png"), full_page=True)
        assert not errors, errors


SHOWN = """() => {
    const copy = document.body.cloneNode(true);
    const code = 'style, script, code, pre, .jp-InputArea, .CodeMirror, .modebar';
    for (const el of copy.querySelectorAll(code)) el.remove();
    const svg = [...document.querySelectorAll('.js-plotly-plot svg text')].map(t => t.textContent);
    return copy.innerText + '\\n' + svg.join('\\n');
}"""
"""The text a learner reads: the page but for code (what they type in Python) and the figures' own text."""
KEPT = {"NVQ", "F3", "GBP"}
"""Latin words the Arabic and Persian lessons keep on purpose: the qualification's and the unit's names, and
currency codes (as tests/test_course_languages.py)."""


def _platform_fonts(page, selector: str) -> set[str]:
    """The fonts Chromium drew the first element under ``selector`` with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("language", ["fa", "ar"])
def test_a_lesson_in_persian_and_arabic_reads_right_to_left(language):
    """Lesson 3.8 in Persian and Arabic at 390 and 1440 px: the lesson's text laid out right to left and drawn in
    Noto Naskh Arabic (the shipped font), nothing sideways, no English word a learner reads (code aside), sliders
    and the figure's title in the language, the feedback marks plain text symbols. Screenshots go to
    tests/artifacts/course_q3_08_<language>_<width>.png."""
    pytest.importorskip("playwright")
    lesson = ROOT / "notebooks" / "course" / language / "q3_08_restricting_service.ipynb"
    with voila(lesson, log_name=f"voila_course_{language}.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, timeout=WIDGETS_READY_MS)
        page.wait_for_selector(".js-plotly-plot .gtitle", timeout=WIDGETS_READY_MS)
        text = "div[dir=rtl] p"
        assert page.evaluate(f"() => getComputedStyle(document.querySelector('{text}')).direction") == "rtl"
        assert "Noto Naskh Arabic" in _platform_fonts(page, text)
        for width, height in ((390, 844), (1440, 900)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            sizes = overflow(page, "div[dir=rtl]")
            assert sizes["scroll"] <= sizes["window"] and sizes["outside"] == [], (language, width, sizes)
            shown = page.evaluate(SHOWN).replace("\xa0", " ")
            assert set(re.findall(r"[A-Za-z][A-Za-z'’-]+", shown)) - KEPT == set(), (language, width, shown[-3000:])
            labels = page.locator(".widget-slider .widget-label").all_text_contents()
            assert len(labels) == 3 and not any(re.search("[A-Za-z]", label) for label in labels), labels
            title = page.locator(".js-plotly-plot .gtitle").first.text_content() or ""
            assert title and not re.search("[A-Za-z]", title), title
            marks = "".join(page.locator("strong").all_text_contents())
            assert "✎" in marks and not any(mark in marks for mark in ("✅", "❌", "✏️"))
            if ARTIFACTS.is_dir():
                page.screenshot(path=str(ARTIFACTS / f"course_q3_08_{language}_{width}.png"), full_page=True)
        assert not errors, errors
