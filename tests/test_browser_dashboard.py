"""The staffing explorer driven in a real browser: Voila serves notebooks/02_staffing_explorer.ipynb,
headless Chromium (Debian's package, through Playwright) moves a staff slider, and the KPI read-out
and the service-level figure must change. A screenshot is saved to tests/artifacts/ (git-ignored);
``python tools/update_screenshot.py`` copies it to notebooks/img/ for the README.
"""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, ROOT, UPDATE_MS, WIDGETS_READY_MS, chromium, needs_chromium, voila

NOTEBOOK = ROOT / "notebooks" / "02_staffing_explorer.ipynb"

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture
def voila_url():
    """Voila serving the explorer on 127.0.0.1 and a free port; stopped (process group) at the end."""
    with voila(NOTEBOOK) as url:
        yield url


def _figure_sum(page) -> float:
    """Sum of the service-level figure's first trace as the browser holds it (plotly's graph div)."""
    return page.evaluate("""() => {
        const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.data && p.data.length);
        if (!plots.length) return null;
        const y = plots[0].data[0].y;
        if (!y) return null;
        let total = 0; for (let i = 0; i < y.length; i++) total += Number(y[i]);
        return total;
    }""")


def test_slider_moves_kpi_and_figure(voila_url):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(voila_url, timeout=WIDGETS_READY_MS)
        page.wait_for_selector(".widget-slider", timeout=WIDGETS_READY_MS)
        kpi = page.locator(".kpi-service-level .kpi-value")
        kpi.wait_for(timeout=WIDGETS_READY_MS)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.data && p.data.length)",
            timeout=WIDGETS_READY_MS,
        )
        page.wait_for_function(
            "() => { const p = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data && p.data.length);"
            " return p && p.data[0].y && Array.from(p.data[0].y).some(v => Number(v) > 0); }",
            timeout=WIDGETS_READY_MS,
        )
        before_kpi = kpi.inner_text()
        cost = page.locator(".kpi-staff-cost .kpi-value")
        satisfaction = page.locator(".kpi-satisfaction .kpi-value")
        before_cost, before_satisfaction = cost.inner_text(), satisfaction.inner_text()
        before_fig = _figure_sum(page)
        page.screenshot(path=str(ARTIFACTS / "staffing_explorer_before.png"), full_page=True)

        slider = page.locator(".svcdesign-staff", has_text="representative").first
        handle = slider.locator(".noUi-handle").first
        # the widget's comm can lag the first render under load: press again if nothing moved
        for attempt in range(3):
            handle.focus()
            handle.press("ArrowRight")
            try:
                page.wait_for_function(
                    "(old) => { const el = document.querySelector('.kpi-service-level .kpi-value');"
                    " return el && el.textContent !== old; }",
                    arg=before_kpi,
                    timeout=UPDATE_MS // 3,
                )
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    page.screenshot(path=str(ARTIFACTS / "staffing_explorer_failed.png"), full_page=True)
                    raise
        page.wait_for_function(
            "(old) => { const p = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.data && p.data.length);"
            " if (!p) return false; let t = 0; const y = p.data[0].y;"
            " for (let i = 0; i < y.length; i++) t += Number(y[i]);"
            " return Math.abs(t - old) > 1e-6; }",
            arg=before_fig,
            timeout=UPDATE_MS,
        )
        # the later phases (staff cost read-outs, then the customer models) follow within the same callback
        page.wait_for_function(
            "(old) => document.querySelector('.kpi-satisfaction .kpi-value').textContent !== old",
            arg=before_satisfaction,
            timeout=UPDATE_MS,
        )
        after_kpi = kpi.inner_text()
        after_cost, after_satisfaction = cost.inner_text(), satisfaction.inner_text()
        after_fig = _figure_sum(page)
        page.screenshot(path=str(ARTIFACTS / "staffing_explorer.png"), full_page=True)
    # one more representative in every interval: the front line answers more calls within 20 s
    assert float(after_kpi) > float(before_kpi)
    assert after_fig > before_fig
    # … costs a representative's wages for every interval, and customers are better served
    assert float(after_cost.replace(",", "")) > float(before_cost.replace(",", ""))
    assert float(after_satisfaction) > float(before_satisfaction)
