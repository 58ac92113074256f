"""The lock and pyproject.toml agree: every pinned version lies in its declared range.

make demo, make test and CI install only from requirements/lock.txt; pyproject.toml keeps
the ranges for people who install cpkit as a library. If the two drift apart, a library
user gets versions the suite never ran on, or the lock pins one the project says it refuses.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib  # type: ignore[no-redef]

LOCK = ROOT / "requirements" / "lock.txt"


def _drift() -> ModuleType:
    spec = importlib.util.spec_from_file_location("drift", ROOT / "scripts" / "drift.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


drift = _drift()


def declared() -> list[Requirement]:
    """Runtime, test and build requirements, as pyproject.toml states them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    return [Requirement(line) for line in lines]


def test_the_parser_reads_a_lock(tmp_path: Path) -> None:
    """The entries the other tests rely on, from a lock written by hand."""
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "# comment\n"
        "numpy==2.2.6 ; python_full_version < '3.11' \\\n"
        "    --hash=sha256:aa \\\n"
        "    --hash=sha256:bb\n"
        "    # via pandas\n"
        "PyYAML==6.0.4 \\\n"
        "    --hash=sha256:cc\n",
        encoding="utf-8",
    )
    found = [(n, str(v), str(m) if m else None, h) for n, v, m, h in drift.entries(lock)]
    assert found == [
        ("numpy", "2.2.6", 'python_full_version < "3.11"', 2),
        ("pyyaml", "6.0.4", None, 1),
    ]


def test_every_pin_lies_in_its_declared_range() -> None:
    entries = drift.entries(LOCK)
    by_name: dict[str, list[Version]] = {}
    for name, version, _marker, _hashes in entries:
        by_name.setdefault(name, []).append(version)
    outside = []
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in by_name, f"{requirement} is not in the lock: run make lock"
        outside += [
            f"{name}=={v} is outside {requirement}"
            for v in by_name[name]
            if not requirement.specifier.contains(v, prereleases=True)
        ]
    assert outside == []


def test_every_pin_has_a_hash() -> None:
    entries = drift.entries(LOCK)
    assert len(entries) > 20  # the runtime and test dependencies with theirs
    assert [name for name, _v, _m, hashes in entries if hashes == 0] == []


@pytest.mark.skipif(
    os.environ.get("CPKIT_UNLOCKED") == "1", reason="make test-latest runs unlocked on purpose"
)
def test_the_installed_versions_are_the_locked_ones() -> None:
    """make test installs from the lock alone: any other version came from elsewhere."""
    assert drift.drift(LOCK) == []
