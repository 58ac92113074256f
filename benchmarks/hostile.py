"""Write plans that used to take cpkit check quadratic time, for benchmarks.

    python benchmarks/hostile.py OUT [--references 10000] [--cjk-mb 10]

OUT/dangling-references: N stakeholders and N services, each service naming a provider
that is its stakeholder's id misspelt, so that every one of the N dangling references is
looked up among N ids for a "did you mean". OUT/cjk-folds: one file of about the given size
whose Chinese paragraphs are folded over lines, each fold a CP107 warning. Both must be
checked in under 2 s (`make bench`); the same arguments always write the same files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PLAN = """\
plan:
  title: {title}
  period: {{start: 2025, end: 2027}}
  currency: CZK
  language: {language}
"""

# about 3 bytes a character in UTF-8; 20 characters a line
CJK_LINE = "長者能夠在社區安享晚年並獲得適切的照顧服務"


def dangling_references(out: Path, count: int) -> Path:
    """N stakeholders `org-<i>-<word>` and N services naming `org-<i>-<word>x` as provider."""
    plan = out / "dangling-references"
    plan.mkdir(parents=True, exist_ok=True)
    (plan / "plan.yaml").write_text(PLAN.format(title="Dangling references", language="en"))
    words = ("care", "home", "club", "help", "meal", "flat", "ride", "talk")
    people = ["stakeholders:"]
    services = ["service_types:", "  - {id: home-care, name: Home care}", "services:"]
    for i in range(count):
        org = f"org-{i}-{words[i % len(words)]}"
        people.append(f"  - {{id: {org}, name: Organisation {i}, side: provider}}")
        services.append(f"  - {{id: s{i}, name: Service {i}, provider: {org}x, type: home-care}}")
    (plan / "stakeholders.yaml").write_text("\n".join(people) + "\n", encoding="utf-8")
    (plan / "services.yaml").write_text("\n".join(services) + "\n", encoding="utf-8")
    return plan


def cjk_folds(out: Path, megabytes: float) -> Path:
    """One file of needs whose descriptions fold Chinese over lines: a fold per line."""
    plan = out / "cjk-folds"
    plan.mkdir(parents=True, exist_ok=True)
    (plan / "plan.yaml").write_text(
        PLAN.format(title="CJK folds", language="zh-Hant"), encoding="utf-8"
    )
    target = int(megabytes * 1_000_000)
    parts, size, i = ["needs:\n"], 0, 0
    body = "".join(f"      {CJK_LINE}\n" for _ in range(10))
    while size < target:
        entry = f"  - id: n{i}\n    name: 需要 {i}\n    description: >\n{body}"
        parts.append(entry)
        size += len(entry.encode("utf-8"))
        i += 1
    (plan / "needs.yaml").write_text("".join(parts), encoding="utf-8")
    return plan


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--references", type=int, default=10_000)
    p.add_argument("--cjk-mb", type=float, default=10.0)
    args = p.parse_args(argv)
    print(dangling_references(args.out, args.references))
    print(cjk_folds(args.out, args.cjk_mb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
