"""`cpkit diff` over folders and over a real git history made in the test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cpkit.api import load_plan
from cpkit.diff import diff_plans

from conftest import EXAMPLES, run_cpkit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    env_args = [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", *env_args, *args], cwd=cwd, check=True, capture_output=True)


def test_hkcss_versions_renumbered_added_removed() -> None:
    d = diff_plans(load_plan(EXAMPLES / "hkcss-2023"), load_plan(EXAMPLES / "hkcss-2025"))
    renumbered = {(c.kind, c.old_id, c.id) for c in d.renumbered}
    # the 2025-26 plan drops area 2 (impact-oriented culture): areas 3, 4, 5 become 2, 3, 4
    assert {
        ("priorities", "3", "2"),
        ("priorities", "4", "3"),
        ("priorities", "5", "4"),
    } <= renumbered
    # objectives carried over under new numbers (see examples/hkcss-2025/README.md)
    assert {
        ("objectives", "3.1", "2.2"),
        ("objectives", "4.4", "3.2"),
        ("objectives", "4.5", "3.3"),
    } <= renumbered
    removed = {(c.kind, c.id) for c in d.removed}
    assert ("priorities", "5") not in removed and ("objectives", "2.1") in removed
    added = {(c.kind, c.id) for c in d.added}
    assert ("objectives", "1.6") in added  # image-based sexual abuse, new in 2025-26


def test_diff_of_folders_through_the_cli() -> None:
    result = run_cpkit(
        "diff", str(EXAMPLES / "hkcss-2023"), str(EXAMPLES / "hkcss-2025"), "--format", "md"
    )
    assert result.returncode == 0, result.stderr
    assert "| objective | 3.1 | 2.2 | Co-create solutions for underserved issues |" in result.stdout
    assert result.stdout.startswith("### Plan changes:")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "plans" / "usti")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first version")
    return tmp_path


def test_diff_across_git_history(repo: Path) -> None:
    plan = repo / "plans" / "usti"
    objectives = plan / "objectives" / "1-seniors.yaml"
    text = objectives.read_text(encoding="utf-8")
    # a new cost of measure 1.2.2 (540,000 → 600,000) and its per-year split
    text = text.replace(
        "total: 540000\n              per_year: {2004: 180000, 2005: 180000, 2006: 180000}",
        "total: 600000\n              per_year: {2004: 200000, 2005: 200000, 2006: 200000}",
    )
    objectives.write_text(text, encoding="utf-8")
    (plan / "services.yaml").write_text(
        (plan / "services.yaml")
        .read_text(encoding="utf-8")
        .replace("value: 430, unit: beds", "value: 440, unit: beds"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "second version")
    # HEAD~1 against HEAD, asked from the repository's root
    result = run_cpkit("diff", "HEAD~1", "HEAD", "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "* measure 1.2.2" in out
    assert "costs.total: 540,000 -> 600,000" in out
    assert "* service dd-residential" in out and "capacity.value: 430 -> 440" in out
    # money per area: seniors' costs grow by 60,000
    assert "(+60,000)" in out
    # the working tree against HEAD: nothing changed yet
    assert "No changes." in run_cpkit("diff", "--plan", str(plan)).stdout
    # an edit in the working tree shows without a commit; the files are not touched
    (plan / "areas.yaml").write_text(
        (plan / "areas.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Senior citizens", "name: Seniors"),
        encoding="utf-8",
    )
    before = (plan / "areas.yaml").read_bytes()
    out = run_cpkit("diff", "--plan", str(plan)).stdout
    assert "* target group senior-citizens" in out
    assert (plan / "areas.yaml").read_bytes() == before


def test_diff_errors_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans" / "usti"
    result = run_cpkit("diff", "no-such-revision", "--plan", str(plan))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert run_cpkit("diff", "--plan", str(outside)).returncode == 2
