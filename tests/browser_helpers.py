"""Voila and Chromium for the browser tests (import as ``from browser_helpers import ...``).

Voila serves a notebook on 127.0.0.1 and a free port, in its own process group (stopped as a whole
at the end); Debian's Chromium is driven through Playwright (Playwright cannot download a browser
here) with the flags below.
"""

from __future__ import annotations

import contextlib
import os
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
    tests/artifacts/``log_name`` when that folder exists.
    """
    pytest.importorskip("voila")
    port = free_port()
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    keep_log = ARTIFACTS.is_dir()
    with open(ARTIFACTS / log_name, "w") if keep_log else contextlib.nullcontext(subprocess.DEVNULL) as log:
        environment = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")}
        environment.update(env or {})
        process = subprocess.Popen(
            [*command, *args],
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=environment,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + SERVER_START_S
            while True:
                if process.poll() is not None:
                    pytest.fail(f"voila exited with code {process.returncode} (see tests/artifacts/{log_name})")
                try:
                    urllib.request.urlopen(url + "api", timeout=2)
                    break
                except urllib.error.HTTPError:
                    break  # the server answers; the notebook itself runs when the page is visited
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"voila did not answer on {url} within {SERVER_START_S} s")
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
