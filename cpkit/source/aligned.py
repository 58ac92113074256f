"""Where the plan named by `plan.aligns_with` is, and whether cpkit may read it.

A unit's plan names the district plan it works toward by a folder relative to itself
(`../ssp-district`). cpkit reads that folder only where the author's own work lives: inside
the plan folder's parent folder, or inside the git work tree that holds the plan. A path
that leaves both (after following links), an absolute path, the plan itself, a folder inside
it or one holding it is refused, so that a plan from elsewhere cannot make `cpkit check`
read any folder on the machine. The folder is then read like any plan (cpkit.source.folder),
never written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from cpkit.core.diagnostics import Term


@dataclass(frozen=True, slots=True)
class TargetFolder:
    """The folder a plan aligns with, or why it cannot be read (`problem`, words of the
    rules catalogue's `align-problems`, shown in the reader's language)."""

    path: Path | None
    problem: Term | None = None


def _refused(why: str) -> TargetFolder:
    return TargetFolder(None, Term("align-problems", why))


def work_tree(folder: Path) -> Path | None:
    """The git work tree holding `folder` (the nearest parent with a `.git`), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def allowed_roots(plan_root: Path) -> list[Path]:
    """The folders a plan's alignment may reach into: its parent, and its git work tree."""
    real = plan_root.resolve()
    roots = [real.parent]
    tree = work_tree(real)
    if tree is not None and tree != real.parent:
        roots.append(tree)
    return roots


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def target_folder(plan_root: Path, written: str) -> TargetFolder:
    """The folder `written` (as in `plan.aligns_with`) names from `plan_root`, checked."""
    text = written.strip()
    if not text:
        return _refused("empty")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute():
        return _refused("absolute")
    real_root = plan_root.resolve()
    try:
        path = (real_root / text).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return _refused("loop")
    if _inside(path, real_root) or _inside(real_root, path):
        return _refused("own-folder")
    if not any(_inside(path, root) for root in allowed_roots(real_root)):
        return _refused("outside")
    if not path.is_dir():
        return _refused("not-a-folder" if path.exists() else "no-folder")
    if not os.access(path, os.R_OK | os.X_OK):
        return _refused("unreadable-folder")
    return TargetFolder(path)
