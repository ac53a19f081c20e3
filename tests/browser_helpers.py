"""Voila, JupyterLab and Chromium for the browser tests (import as ``from browser_helpers import ...``).

Voila serves a notebook (JupyterLab a folder) on 127.0.0.1 and a free port, in its own process group
(stopped as a whole at the end); Debian's Chromium is driven through Playwright (Playwright cannot
download a browser here) with the flags below. The page helpers keep a page offline (Voila's template
links a web font from a CDN that this machine cannot reach), collect console errors, run axe-core
(bundled by the PyPI package ``axe-playwright-python``) and measure horizontal overflow.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_S = 60
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"
DASHBOARD_ARGS = ("--preheat_kernel=True",)
"""Voila's options for the dashboard, as ``make dashboard`` passes them: a kernel runs the notebook before
the page is asked for, so the first figure appears within seconds."""
SERIOUS = ("serious", "critical")
"""axe-core impacts a page must not have."""
WIDGETS_READY_MS = 120_000  # the first kernel start imports numpy, scipy, pandas, plotly and numba
UPDATE_MS = 60_000

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        "/usr/bin/chromium is absent: install Debian's chromium (make browser) to drive the dashboard in a real browser"
    ),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _server(
    command: Sequence[str], url: str, probe: str, *, cwd: Path, env: Mapping[str, str] | None, log_name: str, name: str
) -> Iterator[str]:
    """Run ``command`` in its own process group until ``probe`` answers; yield ``url``; stop the group."""
    keep_log = ARTIFACTS.is_dir()
    with open(ARTIFACTS / log_name, "w") if keep_log else contextlib.nullcontext(subprocess.DEVNULL) as log:
        environment = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")}
        environment.update(env or {})
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=environment
        )
        try:
            deadline = time.monotonic() + SERVER_START_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"{name} exited with code {process.returncode} (see tests/artifacts/{log_name})")
                try:
                    urllib.request.urlopen(probe, timeout=2)
                    break
                except urllib.error.HTTPError:
                    break  # the server answers
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"{name} did not answer on {url} within {SERVER_START_S} s")
                    time.sleep(0.5)
            yield url
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


@contextlib.contextmanager
def voila(
    notebook: Path,
    *,
    cwd: Path = ROOT,
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    log_name: str = "voila.log",
) -> Iterator[str]:
    """Voila serving ``notebook`` on 127.0.0.1 and a free port; yields the base URL.

    ``args`` are extra command-line options, ``env`` extra environment variables. The server log goes to
    tests/artifacts/``log_name`` when that folder exists. The notebook itself runs when the page is
    visited (or at start, with ``--preheat_kernel=True``).
    """
    pytest.importorskip("voila")
    port = free_port()
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    url = f"http://127.0.0.1:{port}/"
    with _server([*command, *args], url, url + "api", cwd=cwd, env=env, log_name=log_name, name="voila") as served:
        yield served


@contextlib.contextmanager
def jupyter_lab(root: Path, settings: Path, *, log_name: str = "jupyterlab.log") -> Iterator[tuple[str, str]]:
    """JupyterLab serving ``root`` on 127.0.0.1 and a free port with a random token; yields (base URL, token).

    ``settings`` (an empty folder) holds the user settings and workspaces, so the test sees a fresh Lab.
    ``--allow-root`` is added when running as root (containers, CI).
    """
    pytest.importorskip("jupyterlab")
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        "JUPYTER_TOKEN": token,
        "JUPYTERLAB_SETTINGS_DIR": str(settings / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(settings / "workspaces"),
    }
    url = f"http://127.0.0.1:{port}/"
    with _server(command, url, url + "api", cwd=root, env=env, log_name=log_name, name="jupyter lab") as served:
        yield served, token


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Debian's) driven by Playwright; closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def notebook(path: Path, *sources: str) -> Path:
    """Write a notebook of code cells (``sources``) to ``path`` (a Python 3 kernel)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, str(path))
    return path


# ------------------------------------------------------------------------------------ pages
def offline(page) -> list[str]:
    """Answer every request that leaves 127.0.0.1 with an empty response (this machine has no internet;
    Voila's template links Font Awesome from a CDN, though its own bundle carries the font); returns the
    list the addresses are added to."""
    outside: list[str] = []

    def answer(route) -> None:
        outside.append(route.request.url)
        kind = "text/css" if route.request.resource_type == "stylesheet" else "text/plain"
        route.fulfill(status=200, content_type=kind, body="")

    page.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")), answer)
    return outside


def console_errors(page) -> list[str]:
    """A list that collects the page's console errors and uncaught exceptions from now on."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def axe_violations(page, impacts: Sequence[str] = SERIOUS) -> list[dict]:
    """axe-core's violations on the page of the given impacts (each: id, impact, help, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [v for v in found if v["impact"] in impacts]


def overflow(page, selector: str) -> dict:
    """How wide the page scrolls, the window's width, and the elements under ``selector`` (and it) that
    stick out of the window sideways (``[description, left, right]``, pixels)."""
    return page.evaluate(
        """(selector) => {
            const out = [];
            for (const root of document.querySelectorAll(selector)) {
                for (const el of [root, ...root.querySelectorAll('*')]) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0 || r.height === 0) continue;
                    if (r.left < -1 || r.right > window.innerWidth + 1) {
                        out.push([el.tagName.toLowerCase() + '.' + [...el.classList].join('.'), r.left, r.right]);
                    }
                }
            }
            const scroll = document.scrollingElement.scrollWidth;
            return {scroll: scroll, window: window.innerWidth, outside: out.slice(0, 10)};
        }""",
        selector,
    )


def hidden(page, selector: str) -> list[str]:
    """The elements matching ``selector`` that a reader cannot see: no size, outside the window sideways,
    or covered where they are (each scrolled into view first); their text, or their classes."""
    return page.evaluate(
        """(selector) => {
            const out = [];
            for (const el of document.querySelectorAll(selector)) {
                el.scrollIntoView({block: 'center', inline: 'nearest'});
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 12);
                const top = document.elementFromPoint(x, y);
                const seen = r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= window.innerWidth + 1
                    && top !== null && (el === top || el.contains(top));
                if (!seen) out.push((el.textContent || el.className).trim().slice(0, 80));
            }
            window.scrollTo(0, 0);
            return out;
        }""",
        selector,
    )
