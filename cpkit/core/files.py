"""Writing files so that nothing is lost: a reader never sees half a file."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from cpkit.core.language import Explained


class OutputError(Explained, OSError):
    """An output that cannot be written, said plainly: a file where a folder must be, or
    the reverse, or a folder the user may not write to. An OSError, so callers that already
    catch those keep working."""


def check_folder(path: Path) -> None:
    """Refuse, before any work, a folder that cannot be made: it or a folder above it is a file."""
    for p in (path, *path.parents):
        if p.is_dir():
            return
        if p.exists() or p.is_symlink():
            raise OutputError("output.file_not_folder", path=str(p))


def check_file(path: Path) -> None:
    """Refuse, before any work, a file that cannot be written: a folder in its place or way."""
    if path.is_dir():
        raise OutputError("output.folder_not_file", path=str(path))
    check_folder(path.parent)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8 with LF) to `path` through a temporary file and a rename.

    A new file gets the mode an ordinary write would (0666 less the umask); an existing
    file keeps its own, so that rewriting a hand-made 0644 file does not hide it from others.
    """
    check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _kept_mode(path)
        fd, tmp = _create_temporary(path)
    except OSError as exc:
        raise _plain(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _plain(exc, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _kept_mode(path: Path) -> int | None:
    """The permission bits of the file being replaced, or None for a new file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, created with mode 0666 so that the kernel applies the umask.

    tempfile.mkstemp creates 0600; reading the umask in Python means setting it (os.umask),
    which races with other threads. Letting open(2) apply it is what any ordinary write does.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _plain(exc: OSError, path: Path) -> OutputError:
    return OutputError("output.cannot_write", path=str(path), reason=str(exc.strerror or exc))
