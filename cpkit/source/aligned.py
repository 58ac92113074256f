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


@dataclass(frozen=True, slots=True)
class TargetFolder:
    """The folder a plan aligns with, or why it cannot be read (`problem`, for a message)."""

    path: Path | None
    problem: str | None = None


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
        return TargetFolder(None, "it is empty")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute():
        return TargetFolder(None, "it is an absolute path; write it relative to this plan")
    real_root = plan_root.resolve()
    try:
        path = (real_root / text).resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        return TargetFolder(None, f"it cannot be followed ({type(exc).__name__})")
    if _inside(path, real_root) or _inside(real_root, path):
        return TargetFolder(None, "it is this plan's own folder, or holds it, or is inside it")
    if not any(_inside(path, root) for root in allowed_roots(real_root)):
        return TargetFolder(
            None, "it leads outside this plan's parent folder and its git work tree"
        )
    if not path.is_dir():
        return TargetFolder(None, "not a folder" if path.exists() else "there is no such folder")
    if not os.access(path, os.R_OK | os.X_OK):
        return TargetFolder(None, "the folder cannot be read")
    return TargetFolder(path)
