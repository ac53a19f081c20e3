"""Writing files all at once, so that a failure never leaves a half-written file behind.

One rule for every writer (``Scenario.save``, ``report``, the command line): the output's folder must
already exist — svcdesign never creates folders, so a typo in a path cannot scatter stray folders.
An existing file keeps its permissions, and a symbolic link is written through (the file it points to
is replaced, the link stays). Any failure raises :class:`~svcdesign.errors.FileError` naming the file
asked for (not the temporary file) and the reason.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import FileError, shown

PATH_CHARACTERS = 300
"""Longest path shown in a message as it is; longer paths (or ones with control characters) are shortened."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def display_path(path: str | bytes | os.PathLike) -> str:
    """A path for a one-line message: as written when short and printable, else a bounded repr."""
    text = os.fsdecode(path)
    if len(text) <= PATH_CHARACTERS and not _CONTROL.search(text):
        return text
    return shown(text, PATH_CHARACTERS)


def check_output(path: str | os.PathLike) -> Path:
    """Check, before any work, that ``path`` can be written; return the file that writing it replaces.

    That file is ``path`` itself, or the file a symbolic link at ``path`` points to. Raises
    :class:`~svcdesign.errors.FileError` naming ``path`` when its folder does not exist (svcdesign
    does not create folders), is not a folder, or ``path`` is a folder.
    """
    path = Path(path)
    name = display_path(path)
    allowed = "a file in an existing folder (svcdesign does not create folders)"
    try:
        target = path.resolve() if path.is_symlink() else path
        folder = target.parent
        info = os.stat(folder)
        is_folder = target.is_dir()
    except FileNotFoundError:
        raise FileError(
            name, f"the folder {display_path(folder)} does not exist", allowed, field="folder", value=str(folder)
        ) from None
    except (OSError, RuntimeError, ValueError) as error:  # a symlink loop, a NUL byte, a file as folder
        raise FileError(name, f"cannot be written ({_reason(error)})", allowed) from None
    if not stat.S_ISDIR(info.st_mode):
        raise FileError(name, f"{display_path(folder)} is not a folder", allowed, field="folder", value=str(folder))
    if is_folder:
        raise FileError(name, "is a folder", "a file name, not a folder's")
    return target


def write_atomic(path: str | os.PathLike, content: str | Callable[[Path], object]) -> Path:
    """Write ``content`` to ``path`` all at once, returning ``path``.

    Parameters
    ----------
    path:
        The file to write; its folder must exist. A symbolic link is written through.
    content:
        Text (written as UTF-8) or a function that writes the temporary path it is given (its return
        value is ignored).

    The content goes to a temporary file beside the target, which is then renamed onto it. The target
    keeps its permissions if it exists; a new file gets those a plainly created file would (the umask).

    Raises
    ------
    FileError
        Naming ``path`` and the reason (missing folder, read-only folder, disk full …); no temporary
        file is left behind.
    """
    target = check_output(path)
    name = display_path(path)
    mode = _mode_for(target)
    try:
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.", suffix=".tmp")
    except OSError as error:
        raise FileError(name, f"cannot be written ({_reason(error)})", "a file in a writable folder") from None
    os.close(handle)
    try:
        if callable(content):
            content(Path(tmp))
        else:
            Path(tmp).write_text(content, encoding="utf-8")
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise FileError(
            name, f"cannot be written ({_reason(error)})", "a file in a writable folder with space left"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(path)


def _mode_for(target: Path) -> int:
    """Permissions for the new file: the existing file's, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(error: BaseException) -> str:
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())[:200]
