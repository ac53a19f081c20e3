"""Writing files all at once, so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomic(path: str | os.PathLike, content: str | Callable[[Path], None]) -> Path:
    """Write ``content`` (text, UTF-8, or a function that writes a given temporary path) to a
    temporary file beside ``path``, then rename it into place. The folder must exist."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    try:
        if callable(content):
            content(Path(tmp))
        else:
            Path(tmp).write_text(content, encoding="utf-8")
        os.chmod(tmp, 0o666 & ~umask)  # the permissions a plainly created file would get
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
