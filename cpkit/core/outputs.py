"""An output folder that never clobbers: what a command writes replaces only what it wrote.

A folder of documents (`cpkit render -o DIR`) is written only where nothing of the user's can
be lost: a new folder, an empty one, or one this command wrote before, which it knows by the
manifest it leaves there (a list of the files it wrote). Never the plan's own folder, never
a file of the plan, and never through a symbolic link, a FIFO or a device (`-o /dev/stdout`
as root would otherwise be replaced). `force` lets a folder of other files be written into,
and nothing more. A new folder is written beside its place and moved there whole, so a
failure leaves no half-written folder; into an existing one each file is replaced atomically,
every page having been made before the first is written.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from cpkit.core.files import OutputError, check_folder, write_atomic

MANIFEST = ".cpkit-render.json"


class ClobberError(OutputError):
    """The output would replace something that is not the command's to replace."""


def _kind(path: Path) -> str | None:
    """What is at `path` if it is not an ordinary file or folder: the reason to refuse it."""
    try:
        mode = path.lstat().st_mode
    except OSError:  # nothing there, or a file in its way: check_folder says which
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def written_before(out: Path) -> list[str]:
    """The files the manifest in `out` lists: what an earlier run wrote there."""
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = doc.get("files") if isinstance(doc, dict) else None
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


#: The plan folders an output must spare: one plan's (render), or several (rollup).
Protected = Path | Sequence[Path] | None


def _plans(protect: Protected) -> list[Path]:
    """The protected plan folders, resolved."""
    if protect is None:
        return []
    return [p.resolve() for p in ([protect] if isinstance(protect, Path) else protect)]


def check_output_folder(out: Path, *, protect: Protected, force: bool = False) -> None:
    """Refuse, before any work, an output folder whose writing could destroy something.

    `protect` is the plan's folder (or the plans' folders): never written into as the output
    itself, and no file in one is ever replaced unless an earlier run wrote it.
    """
    why = _kind(out)
    if why:
        raise ClobberError(f"output.{why}_not_folder", path=str(out))
    check_folder(out)
    if out.resolve() in _plans(protect):
        raise ClobberError("output.plan_folder", path=str(out))
    if not out.is_dir() or force:
        return
    ours = set(written_before(out))
    theirs = [p.name for p in sorted(out.iterdir()) if p.name != MANIFEST]
    if not ours and theirs:
        shown = theirs[:3] + (["…"] if len(theirs) > 3 else [])
        raise ClobberError("output.foreign", path=str(out), files=shown)


def _check_targets(out: Path, names: list[str], protect: Protected) -> None:
    """No target is reached through a link or is a special file, and none is in the plan.

    An output folder inside the plan's folder (`plan/out`) is the user's choice; but when the
    plan is inside the output folder (`-o ..`, a plan called `charts`), nothing is written
    into the plan, whatever a manifest there says.
    """
    ours = set(written_before(out))
    plans = _plans(protect)
    within = {plan: _inside(plan, out.resolve()) for plan in plans}
    for name in names:
        path = out / name
        for part in [*reversed(path.relative_to(out).parents[:-1]), Path(name)]:
            why = _kind(out / part)
            if why:
                raise ClobberError(f"output.{why}_through", path=str(out / part))
        for plan in plans:
            into_plan = _inside(path.resolve(), plan)
            if into_plan and (within[plan] or (name not in ours and path.exists())):
                raise ClobberError("output.in_plan", path=str(path))


def write_folder(
    out: Path, files: Mapping[str, str | bytes], *, protect: Protected, force: bool = False
) -> list[Path]:
    """Write `files` (relative name → content) into `out` under the rules above; the paths."""
    check_output_folder(out, protect=protect, force=force)
    names = list(files)
    if not out.exists():
        _write_new(out, files)
    else:
        _check_targets(out, names, protect)
        kept = [f for f in written_before(out) if f not in files and (out / f).is_file()]
        for name, data in files.items():
            write_atomic(out / name, data)
        _write_manifest(out, sorted({*kept, *names}))
    return [out / name for name in names]


def _write_new(out: Path, files: Mapping[str, str | bytes]) -> None:
    """A new folder made whole beside its place, then moved there in one rename."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(_mkdtemp(parent, out.name))
    except OSError as exc:
        raise OutputError(
            "output.cannot_write", path=str(out), reason=str(exc.strerror or exc)
        ) from None
    try:
        for name, data in files.items():
            write_atomic(staging / name, data)
        _write_manifest(staging, sorted(files))
        os.rename(staging, out)  # fails if `out` appeared meanwhile: nothing is replaced
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(
            "output.cannot_write", path=str(out), reason=str(exc.strerror or exc)
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _mkdtemp(parent: Path, name: str) -> str:
    """A new folder beside `parent / name`, made with the mode an ordinary mkdir gives."""
    import secrets

    for _ in range(100):
        path = parent / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            path.mkdir()
            return str(path)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {parent / name}")


def _write_manifest(out: Path, names: list[str]) -> None:
    doc = {"written_by": "cpkit render", "files": names}
    write_atomic(out / MANIFEST, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
