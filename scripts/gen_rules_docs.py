"""Regenerate the rule blocks of docs/rules.md from cpkit/core/rules.py and the English
rules catalogue (cpkit/i18n/rules/en.yaml), so that the code, name, severity, summary and
the messages a reader sees are written once.

Each rule's block sits between `<!-- rule:CODE -->` and `<!-- /rule -->`: its heading, its
severity and summary, and each of its message templates with its hint (the `{fields}` are
the `data` of `cpkit check --format json`). The prose after a block (what the rule means,
a failing example, the fix) is written by hand and left alone. A section written by hand as
`## CODE name` and `*error.* ...` gets its block in place of those two lines; a rule with no
section gets a block at the end, to be completed with its example and fix.

    python scripts/gen_rules_docs.py           # rewrite the blocks
    python scripts/gen_rules_docs.py --check   # exit 1 if docs/rules.md is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cpkit.core import rules
from cpkit.core.language import catalogue_keys

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
BLOCK = re.compile(r"<!-- rule:(?P<code>CP\d+) -->\n.*?<!-- /rule -->", re.S)


def _code(template: object) -> str:
    """A template as Markdown code, its `{{` shown as the `{` a reader sees."""
    if isinstance(template, dict):  # a plural message: its "other" form
        template = template.get("other", next(iter(template.values())))
    text = str(template).replace("{{", "{").replace("}}", "}")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def block(rule: rules.Rule) -> str:
    words = catalogue_keys("rules", "en")
    lines = [
        f"<!-- rule:{rule.code} -->",
        f"## {rule.code} {rule.name}",
        "",
        f"*{rule.severity.value}* — {words[f'{rule.code}.summary']}",
        "",
        "Messages:",
        "",
    ]
    prefix = f"{rule.code}."
    keys = sorted({k[len(prefix) :].split(".")[0] for k in words if k.startswith(prefix)})
    for key in keys:
        if key == "summary":
            continue
        line = f"- {_code(words[f'{prefix}{key}.text'])}"
        if f"{prefix}{key}.hint" in words:
            line += f" — hint: {_code(words[f'{prefix}{key}.hint'])}"
        if line not in lines:
            lines.append(line)
    lines.append("<!-- /rule -->")
    return "\n".join(lines)


def document(text: str) -> str:
    by_code = {r.code: r for r in rules.ALL}
    done: set[str] = set()

    def replace(m: re.Match[str]) -> str:
        done.add(m.group("code"))
        return block(by_code[m.group("code")])

    # a section written by hand (`## CODE name`, then `*error.* ...`) takes a block
    text = re.sub(
        r"^## (CP\d+) [\w-]+\n\n\*(?:error|warning|info)\.\* ",
        lambda m: f"<!-- rule:{m.group(1)} -->\n<!-- /rule -->\n\n",
        text,
        flags=re.M,
    )
    out = BLOCK.sub(replace, text)
    for rule in rules.ALL:
        if rule.code not in done:
            out = out.rstrip("\n") + "\n\n" + block(rule) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    new = document(text)
    if args.check:
        if new != text:
            print("docs/rules.md is out of date: run scripts/gen_rules_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print("Wrote docs/rules.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
