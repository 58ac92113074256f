"""A plan folder as it was at a git revision, read with `git archive`.

The working tree is never touched: each revision is extracted into a temporary folder,
which is then read like any other plan folder (source.folder.load_folder).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from types import TracebackType

from cpkit.core.language import Explained


class GitError(Explained):
    """git cannot read what was asked: git missing, no such revision, no repository."""


def _run_git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git.missing") from None


def _git(args: list[str], cwd: Path) -> bytes:
    done = _run_git(args, cwd)
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()
        raise GitError("git.said", reason=said) if said else GitError("git.failed", command=args[0])
    return done.stdout


def in_repository(folder: Path) -> bool:
    """Whether `folder` is inside a git working tree (a GitError when git is missing)."""
    return _run_git(["rev-parse", "--show-toplevel"], folder).returncode == 0


def commit_of(revision: str, folder: Path) -> str:
    """The full hash of the commit `revision` names, checked before git is asked anything
    else: a revision such as `--output=plan.yaml` is a bad revision, never an option of a
    git command (which would write where it says)."""
    done = _run_git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], folder
    )
    sha = done.stdout.decode(errors="replace").strip()
    if done.returncode != 0 or not _is_hash(sha):
        raise GitError("git.no_revision", revision=revision)
    return sha


def _is_hash(text: str) -> bool:
    """A full SHA-1 or SHA-256 object name, as rev-parse prints one."""
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def checkout(revision: str, plan_dir: Path, into: Path) -> Path:
    """The plan folder as it was at `revision`, extracted under `into`.

    git archive is given the commit's hash, never the revision as typed, and the path
    after `--`: nothing the user types reaches git as an option."""
    plan_dir = plan_dir.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], plan_dir).decode().strip())
    rel = plan_dir.relative_to(top).as_posix()
    sha = commit_of(revision, top)
    data = _git(["archive", "--format=tar", sha, "--", rel if rel != "." else "."], top)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]  # no links, no devices
        tar.extractall(into, members=members, filter="data")
    return into / rel


class Revisions:
    """Revisions of one plan folder, each extracted into a folder of its own under one
    temporary folder, which goes (with them) when the `with` block ends."""

    def __init__(self, plan_dir: Path, prefix: str = "cpkit-") -> None:
        self.plan_dir = plan_dir
        self._prefix = prefix
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Revisions:
        self._scratch = tempfile.TemporaryDirectory(prefix=self._prefix)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def folder(self, revision: str) -> Path:
        """The plan folder at `revision`; it may not exist, if the folder did not then."""
        if self._scratch is None:
            raise RuntimeError("Revisions is used in a `with` block")
        scratch = Path(self._scratch.name)
        return checkout(revision, self.plan_dir, scratch / f"rev-{len(list(scratch.iterdir()))}")
