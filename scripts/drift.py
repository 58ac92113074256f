"""What the installed packages differ from the lock: run by `make test-latest`.

python scripts/drift.py requirements/lock.txt

Prints one line per package whose installed version is not the locked one (for this
Python and platform), so a failure of the newest versions can be traced to a release.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name
from packaging.version import Version

# `name==1.2.3 ; marker \` — the first line of each entry of a hashed lock
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def entries(lock: Path) -> list[tuple[str, Version, Marker | None, int]]:
    """Every entry of the lock: canonical name, version, marker and how many hashes."""
    found: list[tuple[str, Version, Marker | None, int]] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith("    --hash=") and found:
            name, version, marker, hashes = found[-1]
            found[-1] = (name, version, marker, hashes + 1)
            continue
        match = _PIN.match(line)
        if match is not None:
            name, version, marker = match.groups()
            found.append(
                (canonicalize_name(name), Version(version), Marker(marker) if marker else None, 0)
            )
    return found


def pins(lock: Path) -> dict[str, Version]:
    """The lock's exact versions that apply to this Python and platform, by canonical name."""
    return {
        name: version
        for name, version, marker, _ in entries(lock)
        if marker is None or marker.evaluate()
    }


def drift(lock: Path) -> list[str]:
    lines = []
    for name, locked in sorted(pins(lock).items()):
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            lines.append(f"{name}: locked {locked}, not installed")
            continue
        if installed != locked:
            lines.append(f"{name}: locked {locked}, installed {installed}")
    return lines


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements/lock.txt")
    changes = drift(lock)
    print(f"{len(changes)} packages differ from {lock}:" if changes else f"as in {lock}")
    for line in changes:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
