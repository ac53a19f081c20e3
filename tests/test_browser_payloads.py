"""No page runs script taken from a file — proved in a real browser (Chromium through Playwright).

(a) Voila serves a notebook, written at test time, that shows the staffing explorer on the hostile
scenario of tests/hostile.py (script in every text field); a slider is moved, every tab opened and the
pointer passed over the figures. (b) The HTML report written from that scenario is opened from disk.
In both, no dialog may open (``alert``) and ``window.__pwned`` (set by every other payload) must stay
undefined — while the scenario's name is on the page as plain text.
(c) The dashboard's token: Voila started as ``make dashboard DASHBOARD_TOKEN=…`` starts it refuses a
request without the token and serves one with it.
"""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.request

import pytest
from browser_helpers import ARTIFACTS, ROOT, UPDATE_MS, WIDGETS_READY_MS, chromium, needs_chromium, notebook, voila
from hostile import NAME, NOTES, STAGES, hostile_bank, hostile_option

pytestmark = [pytest.mark.slow]

PWNED = "() => typeof window.__pwned !== 'undefined'"


def _guard(page) -> list[str]:
    """Record (and dismiss) every dialog the page opens."""
    dialogs: list[str] = []

    def seen(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", seen)
    return dialogs


def _hover_plots(page) -> None:
    """Pass the pointer over every visible plotly figure (hover labels are drawn from the same text)."""
    for plot in page.locator(".js-plotly-plot").all():
        if not plot.is_visible():
            continue
        box = plot.bounding_box()
        if not box:
            continue
        for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
            page.mouse.move(box["x"] + fx * box["width"], box["y"] + 0.45 * box["height"])
            page.wait_for_timeout(60)


def _drive_explorer(page, url: str, shown: dict) -> None:
    """Load the explorer, read what it shows of the names, move a slider, open every tab and pick
    the seasonal peak's week, passing the pointer over the figures on the way."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, timeout=WIDGETS_READY_MS)
    kpi = page.locator(".kpi-service-level .kpi-value")
    kpi.wait_for(timeout=WIDGETS_READY_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.data && p.data.length)",
        timeout=WIDGETS_READY_MS,
    )
    shown["header"] = page.locator(".svcdesign-explorer h3").first.inner_text()
    shown["page"] = page.locator(".svcdesign-explorer").first.inner_text()
    shown["staff"] = page.evaluate(
        "() => [...document.querySelectorAll('.svcdesign-staff')].map(e => e.innerText.trim())"
    )
    shown["legend"] = page.evaluate("() => [...document.querySelectorAll('.legendtext')].map(t => t.textContent)")
    before = kpi.inner_text()
    handle = page.locator(".svcdesign-staff").first.locator(".noUi-handle").first  # the representatives
    for attempt in range(3):  # the widget's comm can lag the first render under load: press again
        handle.focus()
        handle.press("ArrowRight")
        try:
            page.wait_for_function(
                "(old) => document.querySelector('.kpi-service-level .kpi-value').textContent !== old",
                arg=before,
                timeout=UPDATE_MS // 3,
            )
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    _hover_plots(page)
    for title in ("Satisfaction & churn", "Cost & savings", "Next 12 months"):
        page.locator(".lm-TabBar-tab", has_text=title).first.click()
        page.wait_for_timeout(400)
        _hover_plots(page)
    # the 12-month view computes on opening its tab; its note names the currency
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-html-content')]"
        ".some(e => e.textContent.includes('Net saving after 12 months'))",
        timeout=UPDATE_MS,
    )
    page.locator(".widget-dropdown select").nth(1).select_option(index=1)  # the seasonal peak's week
    page.wait_for_timeout(1500)


@needs_chromium
def test_hostile_scenario_in_the_explorer_runs_no_script(tmp_path):
    scenario_file = tmp_path / "hostile.yaml"
    hostile_bank().save(scenario_file)
    page_notebook = notebook(
        tmp_path / "hostile_explorer.ipynb",
        "import svcdesign as sd\nfrom svcdesign.present import StaffingExplorer\n"
        f"explorer = StaffingExplorer(sd.Scenario.load({str(scenario_file)!r}))\nexplorer",
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shown: dict = {}
    with voila(page_notebook, cwd=tmp_path, log_name="voila_payloads.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        dialogs = _guard(page)
        try:
            _drive_explorer(page, url, shown)
        finally:
            page.screenshot(path=str(ARTIFACTS / "payloads_explorer.png"), full_page=True)
            ran = page.evaluate(PWNED)
            # the proof first: a payload that ran fails the test even if it also broke the page
            assert dialogs == [] and not ran, (dialogs, page.evaluate("() => window.__pwned"))
    # the names are on the page as text: header, notes, staff labels, legend entries ("$a$" in a
    # stage's name stays "$a$": the label beside its slider is not typeset as LaTeX)
    assert NAME in shown["header"] and NOTES in shown["page"]
    assert any(label.startswith(STAGES["coordinator"]) for label in shown["staff"]), shown["staff"]
    assert STAGES["representative"] in shown["legend"]


@needs_chromium
def test_report_of_hostile_scenario_runs_no_script(tmp_path):
    from svcdesign.present import report

    scenario = hostile_bank()
    path = report(scenario, tmp_path / "report.html", options={"one fewer": hostile_option(scenario)}, progress=False)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = _guard(page)
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=60_000
        )
        for plot in page.locator(".js-plotly-plot").all():
            plot.scroll_into_view_if_needed()
        _hover_plots(page)
        page.wait_for_timeout(300)
        assert dialogs == []
        assert not page.evaluate(PWNED)
        # … and the names are on the page as text: heading, notes, the Sankey diagram's nodes
        assert NAME in page.locator("h1").inner_text()
        assert NOTES in page.locator("body").inner_text()
        node_labels = page.evaluate(
            "() => [...document.querySelectorAll('.sankey .node-label')].map(t => t.textContent)"
        )
        assert STAGES["supervisor"] in node_labels


# --------------------------------------------------------------------------------- token
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str) -> tuple[int, str, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), ""


def test_makefile_passes_the_token_to_voila_through_the_environment():
    out = subprocess.run(
        ["make", "-n", "dashboard", "DASHBOARD_TOKEN=s3cret-token"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--Voila.ip=127.0.0.1" in out  # loopback unless asked
    assert 'JUPYTER_TOKEN="$DASHBOARD_TOKEN"' in out and "--token" in out
    assert "s3cret-token" not in out  # never on a command line (ps shows those to every user)
    # beyond this machine only with a token: make refuses before it runs anything
    environment = {k: v for k, v in os.environ.items() if k != "DASHBOARD_TOKEN"}
    refused = subprocess.run(
        ["make", "-n", "dashboard", "DASHBOARD_IP=0.0.0.0"], cwd=ROOT, capture_output=True, text=True, env=environment
    )
    assert refused.returncode != 0 and "set DASHBOARD_TOKEN" in refused.stderr
    shared = subprocess.run(
        ["make", "-n", "dashboard", "DASHBOARD_IP=0.0.0.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**environment, "DASHBOARD_TOKEN": "s3cret-token"},
        check=True,
    ).stdout
    assert "--Voila.ip=0.0.0.0 --token" in shared and "s3cret-token" not in shared


def test_voila_with_a_token_refuses_requests_without_it(tmp_path):
    token = "a-long-random-token-for-this-test"
    page = notebook(tmp_path / "tiny.ipynb", "print('served' + ' with the token')")
    # what `make dashboard DASHBOARD_TOKEN=…` runs: the token in JUPYTER_TOKEN, Voila's --token flag
    with voila(page, cwd=tmp_path, args=["--token"], env={"JUPYTER_TOKEN": token}, log_name="voila_token.log") as url:
        for refused in ("", "?token=wrong", "api/kernels", "api/kernelspecs"):
            status, location, body = _status(url + refused)
            # refused: 403, or a redirect to the login form; never the page or the kernels
            assert status == 403 or (status in (301, 302, 303, 307) and "/login" in location), (
                refused,
                status,
                location,
            )
            assert "served with the token" not in body
        status, _, body = _status(url + f"?token={token}")
        assert status == 200 and "served with the token" in body
