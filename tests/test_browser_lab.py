"""The staffing explorer in JupyterLab, as a notebook user meets it: JupyterLab (started as ``make lab``
starts it, with a random token and, as root, ``--allow-root``) opens notebooks/02_staffing_explorer.ipynb
in headless Chromium (Debian's, through Playwright); Run All Cells from the Run menu executes it (the
explorer, then its self-check), a staff slider moved from the keyboard changes the service-level
read-out, and the page logs no console error. At 1440×900 and 390×844 (a phone).
Screenshots: tests/artifacts/lab_staffing_explorer_<width>x<height>.png.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    ARTIFACTS,
    ROOT,
    UPDATE_MS,
    WIDGETS_READY_MS,
    chromium,
    console_errors,
    jupyter_lab,
    needs_chromium,
    offline,
)

pytestmark = [pytest.mark.slow, needs_chromium]

KPI = ".kpi-service-level .kpi-value"


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_run_all_in_jupyterlab_then_move_a_slider(tmp_path, width, height):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with jupyter_lab(ROOT / "notebooks", tmp_path) as (url, token), chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        outside, errors = offline(page), console_errors(page)
        page.goto(f"{url}lab/tree/02_staffing_explorer.ipynb?token={token}", timeout=WIDGETS_READY_MS)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=WIDGETS_READY_MS)
        if width < 900:  # on a phone the file browser would take most of the screen: fold it away
            page.locator("#jp-left-stack").wait_for(timeout=WIDGETS_READY_MS)
            page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()
            page.locator("#jp-left-stack").wait_for(state="hidden", timeout=WIDGETS_READY_MS)
        # the kernel is up when the status bar says so; then Run > Run All Cells
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WIDGETS_READY_MS)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        kpi = page.locator(KPI)
        kpi.wait_for(state="attached", timeout=WIDGETS_READY_MS)
        # every cell ran (no prompt still waiting, "[*]"), the self-check included, and none failed
        page.wait_for_function(
            "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
            " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
            timeout=WIDGETS_READY_MS,
        )
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        kpi.scroll_into_view_if_needed()
        before = kpi.inner_text()
        handle = page.locator(".svcdesign-staff", has_text="representative").locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function(
            f"(old) => document.querySelector('{KPI}').textContent !== old", arg=before, timeout=UPDATE_MS
        )
        after = kpi.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"lab_staffing_explorer_{width}x{height}.png"))
        assert float(after) > float(before)  # one more representative: more calls answered within 20 s
        assert errors == [], errors
    assert all("127.0.0.1" not in address for address in outside)
