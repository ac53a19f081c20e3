"""A lesson in a real browser (Voila, Debian's Chromium): the experiment's figure appears under sliders labelled in
words with their units, moving a slider re-draws it within a second, an overloaded option is drawn and labelled,
and the feedback marks are plain text symbols. A screenshot goes to tests/artifacts/course_q3_08.png."""

from __future__ import annotations

import time

import pytest
from browser_helpers import ARTIFACTS, ROOT, WIDGETS_READY_MS, chromium, needs_chromium, voila

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
        assert "£30,805" in figure.text_content() and "e+0" not in figure.text_content()

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
