"""The per-file cache of re-checks: the same plan and the same diagnostics as reading every
file again, after any edit; entries outside the plan, written whole, ignored when broken."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpkit.api import check_plan
from cpkit.model.entities import Plan
from cpkit.model.fields import Entity

from conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "usti-seniors"


def _seen(path: Path, cache: bool) -> tuple[Plan, list[tuple[str, str, int, int, str]]]:
    plan, report = check_plan(path, cache=cache)
    found = [(d.code, d.loc.file, d.loc.line, d.loc.column, d.message) for d in report]
    return plan, found


def _positions(plan: Plan) -> list[tuple[object, ...]]:
    """Where every entity (of every section, and each part of one) and each of its fields
    was written: entities compare without it."""
    found: list[tuple[object, ...]] = []
    stack: list[object] = [plan]
    while stack:
        value = stack.pop()
        if isinstance(value, Entity):
            where = sorted((k, str(value.at(k)), type(value.at(k)).__name__) for k in value.pos)
            found.append((type(value).__name__, value.loc, type(value.loc).__name__, where))
        if isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
    return found


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CPKIT_CACHE_DIR", str(folder))
    return folder


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_a_warm_check_gives_the_same_plan_and_diagnostics(
    example: str, tmp_path: Path, cache_dir: Path
) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(EXAMPLES / example, plan_dir)
    cold = _seen(plan_dir, cache=False)
    assert not cache_dir.exists()  # cache=False writes nothing
    first, warm = _seen(plan_dir, cache=True), _seen(plan_dir, cache=True)
    entries = list(cache_dir.rglob("*"))
    assert [p for p in entries if p.is_file()]  # one entry per YAML file
    assert first == cold and warm == cold
    assert _positions(warm[0]) == _positions(cold[0])


def test_broken_entries_are_ignored(tmp_path: Path, cache_dir: Path) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan_dir)
    cold = _seen(plan_dir, cache=False)
    _seen(plan_dir, cache=True)
    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    for i, entry in enumerate(files):
        data = entry.read_bytes()
        # truncated, garbage, empty, and a valid pickle of something else
        entry.write_bytes([data[: len(data) // 2], b"not a pickle", b"", b"\x80\x04K\x01."][i % 4])
    assert _seen(plan_dir, cache=True) == cold
    assert _seen(plan_dir, cache=True) == cold  # and written again


def test_old_entries_and_other_versions_are_pruned(tmp_path: Path, cache_dir: Path) -> None:
    import os
    import time

    from cpkit.model import cache

    plan_dir = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan_dir)
    _seen(plan_dir, cache=True)
    (store,) = [d for d in cache_dir.iterdir() if d.is_dir()]
    in_use = sorted(store.iterdir())
    long_ago = time.time() - (cache.KEEP_DAYS + 1) * 24 * 3600
    # an older cpkit's whole set, an entry of a text since edited away, both unused for long
    other = cache_dir / "v3-0123456789abcdef"
    other.mkdir()
    (other / ("f" * 64)).write_bytes(b"old")
    gone = store / ("e" * 64)
    gone.write_bytes(b"old")
    templates = cache_dir / "templates-0.1"  # compiled by a Jinja since upgraded
    templates.mkdir()
    (templates / ("a" * 40)).write_bytes(b"j2")
    for path in [other / ("f" * 64), other, gone, templates / ("a" * 40), templates, *in_use]:
        os.utime(path, (long_ago, long_ago))
    (cache_dir / ".pruned").unlink()
    (plan_dir / "plan.yaml").write_text(
        (plan_dir / "plan.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    _seen(plan_dir, cache=True)  # writes plan.yaml's new entry, so it prunes
    assert not other.exists() and not gone.exists() and not templates.exists()
    # the entries this check read were renewed when read, so they stay; plan.yaml's old
    # text's entry went, its new one came
    now = set(store.iterdir())
    assert len(now & set(in_use)) == len(in_use) - 1 and len(now) == len(in_use)


def test_a_cache_folder_inside_the_plan_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan_dir)
    monkeypatch.setenv("CPKIT_CACHE_DIR", str(plan_dir / ".cache"))
    _seen(plan_dir, cache=True)
    assert not (plan_dir / ".cache").exists()


def test_the_command_line_caches_unless_told_not_to(tmp_path: Path) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(EXAMPLE, plan_dir)
    folder = tmp_path / "cache"
    env = {"CPKIT_CACHE_DIR": str(folder), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "cpkit", "check", *args, str(plan_dir)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    done = run("--no-cache").communicate()
    assert not folder.exists()
    # two processes at once, on an empty cache: each reads whole entries or none
    both = [run(), run()]
    outputs = [p.communicate() for p in both]
    assert [p.returncode for p in both] == [0, 0]
    assert outputs == [done, done]
    assert not [p for p in folder.rglob(".tmp-*")]
    assert run().communicate() == done  # warm


LINES = st.sampled_from(
    [
        "",
        "  - {id: x, name: X}",
        "services:",
        "  name: Renamed",
        "  capacity: {value: 12, unit: beds}",
        "    status: cancelled",
        "- [",
        "key: 'unclosed",
        "  id: 1.1.1.1",
        "\t tab",
        "plan:",
        "  # a comment",
    ]
)
EDIT = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from("rdi"), LINES)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(EDIT, min_size=1, max_size=4))
def test_random_edits_cached_equals_uncached(edits: list[tuple[int, int, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan_dir = Path(tmp) / "plan"
        shutil.copytree(EXAMPLE, plan_dir)
        files = sorted(plan_dir.rglob("*.yaml"))
        _seen(plan_dir, cache=True)  # the cache as the unedited plan left it
        for which, where, how, text in edits:
            path = files[which % len(files)]
            lines = path.read_text(encoding="utf-8").split("\n")
            at = where % (len(lines) + 1)
            if how == "r" and at < len(lines):
                lines[at] = text
            elif how == "d" and at < len(lines):
                del lines[at]
            else:
                lines.insert(at, text)
            path.write_text("\n".join(lines), encoding="utf-8")
            cold = _seen(plan_dir, cache=False)
            warm = _seen(plan_dir, cache=True)
            assert warm == cold
            assert _positions(warm[0]) == _positions(cold[0])


def test_plans_loaded_in_parallel_are_the_plans_loaded_one_by_one(tmp_path: Path) -> None:
    from cpkit.api import PlanNotFound, check_plans

    folders = [EXAMPLES / name for name in ("usti-seniors", "hkcss-2023", "ssp-district")]
    paths = [*folders, tmp_path / "missing", folders[0]]
    found = list(check_plans(paths, cache=False, workers=2))
    assert isinstance(found[3], PlanNotFound)
    for path, got in zip(paths, found, strict=True):
        if path.exists():
            plan, report = check_plan(path, cache=False)
            assert not isinstance(got, PlanNotFound)
            assert got[0] == plan and got[1].flatten() == report.flatten()
            assert _positions(got[0]) == _positions(plan)
