"""Regenerate docs/cli.md from the commands' own --help, so the reference never drifts.

python scripts/gen_cli_docs.py           # rewrite docs/cli.md
python scripts/gen_cli_docs.py --check   # exit 1 if docs/cli.md is out of date
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"
INTRO = """# Command reference

Generated from each command's `--help` by `scripts/gen_cli_docs.py`; a test keeps it current.
Exit codes everywhere: 0 done (or a clean plan), 1 findings (or conflicts), 2 a usage error or
a plan that cannot be read, 70 an internal error: a bug in cpkit, whatever the plan holds. It
prints one line naming the command and the version (`Internal error: a bug in cpkit VERSION,
not a problem in the plan: ...`); run the command again with `CPKIT_DEBUG=1` for the traceback to
report.
"""


def help_text(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "90", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "cpkit", *args, "--help"],
        capture_output=True, text=True, env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    return done.stdout.rstrip() + "\n"


def commands() -> list[str]:
    lines = help_text().splitlines()
    start = lines.index("Commands:") + 1
    return [line.split()[0] for line in lines[start:] if line.startswith("  ") and line.split()]


def document() -> str:
    parts = [INTRO, "## cpkit\n", "```text\n" + help_text() + "```\n"]
    for name in commands():
        parts += [f"## cpkit {name}\n", "```text\n" + help_text(name) + "```\n"]
    return "\n".join(parts)


def main() -> int:
    text = document()
    if "--check" in sys.argv:
        if not DOC.is_file() or DOC.read_text(encoding="utf-8") != text:
            print("docs/cli.md is out of date: run python scripts/gen_cli_docs.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print("Wrote docs/cli.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
