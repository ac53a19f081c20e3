"""Refresh the README's screenshots in notebooks/img/.

- ``staffing_explorer.png``: copied from the browser test's screenshot of the dashboard under Voila
  (run ``pytest tests/test_browser_dashboard.py`` first; it writes tests/artifacts/staffing_explorer.png);
- ``blueprint.png`` and ``journey.png``: the service blueprint and the customer journey of the council
  example, rendered in headless Chromium (Debian's, through Playwright, as in the browser test).

Usage: ``python tools/update_screenshot.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "notebooks" / "img"
EXPLORER = ROOT / "tests" / "artifacts" / "staffing_explorer.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def render(figures: dict[str, object]) -> None:
    """Screenshot each plotly figure (name -> figure) into notebooks/img/NAME.png."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 640})
            for name, figure in figures.items():
                html = Path(folder) / f"{name}.html"
                figure.write_html(html, include_plotlyjs=True)
                page.goto(html.as_uri())
                page.wait_for_selector(".main-svg")
                page.screenshot(path=str(IMG / f"{name}.png"))
                print(f"wrote {(IMG / f'{name}.png').relative_to(ROOT)}")
        finally:
            browser.close()


def main() -> int:
    import svcdesign as sd

    IMG.mkdir(parents=True, exist_ok=True)
    if EXPLORER.is_file():
        shutil.copyfile(EXPLORER, IMG / EXPLORER.name)
        print(f"copied {EXPLORER.relative_to(ROOT)} -> {(IMG / EXPLORER.name).relative_to(ROOT)}")
    else:
        print(
            f"{EXPLORER.relative_to(ROOT)} is missing: run pytest tests/test_browser_dashboard.py first",
            file=sys.stderr,
        )
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    council = sd.load_example("council_adult_social_care")
    render({"blueprint": sd.blueprint(council), "journey": sd.journey(council)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
