"""A report as JSON or as GitHub Actions annotations (the text form lives in the CLI, with rich).

Paths are shown as the user named the plan: `cpkit check plans/usti` reports
`plans/usti/services.yaml:12:5`, which is what an editor, a terminal and a CI
annotation all need.
"""

from __future__ import annotations

import json
import posixpath
import re

from cpkit import __version__
from cpkit.core.diagnostics import Diagnostic, Loc, Report, Severity
from cpkit.publish.safe_text import terminal_text

# A file name that is not UTF-8 reaches Python with its bytes as lone surrogates
# (surrogateescape): printed as they are, they stop a strict UTF-8 stdout with an error.
_SURROGATES = {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)} | {
    c: f"\\u{c:04x}" for c in [*range(0xD800, 0xDC80), *range(0xDD00, 0xE000)]
}


def printable(text: str) -> str:
    """Text from a plan as one line on a terminal: control and bidi characters escaped, so
    that an id cannot clear the screen, retitle the window or reorder a line (the rule is
    cpkit.publish.safe_text.terminal_text, for every command), and the bytes of a file name
    that is not UTF-8 shown as `\\xe9`."""
    return encodable(terminal_text(text, lines=False))


def encodable(text: str) -> str:
    """Text any UTF-8 stream takes: the bytes of a non-UTF-8 file name shown as `\\xe9`."""
    return text.translate(_SURROGATES)


def display_path(loc: Loc, base: str) -> str:
    base = base.replace("\\", "/").rstrip("/") or "."
    if not loc.file:
        return base
    return loc.file if base == "." else posixpath.join(base, loc.file)


# A location a hint names, `objectives.yaml:12:5`, relative to the plan folder
_HINT_LOCATION = re.compile(r"(?<![\w/.\\-])((?:[\w.-]+/)*[\w.-]+\.(?:ya?ml|csv)):(?=\d)")


def display_hint(hint: str, base: str) -> str:
    """A hint with the locations it names shown as the main path is (`plans/usti/x.yaml:3:1`,
    not `x.yaml:3:1`), so that an editor opens each from the same working directory."""
    if (base.replace("\\", "/").rstrip("/") or ".") == ".":
        return hint
    return _HINT_LOCATION.sub(lambda m: display_path(Loc(m.group(1)), base) + ":", hint)


def summary(report: Report) -> dict[str, int]:
    counts = report.counts()
    return {
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "files": report.files,
    }


def to_json(report: Report, base: str, tag: str = "en") -> str:
    """The report as JSON: per diagnostic its `code`, `name`, `severity`, place and `data`,
    the same in every language, and its `message` and `hint` in language `tag`."""
    items = []
    for d in report:
        item = d.to_dict(tag)
        item["file"] = display_path(d.loc, base)
        if item["hint"]:
            item["hint"] = display_hint(str(item["hint"]), base)
        items.append({k: encodable(v) if isinstance(v, str) else v for k, v in item.items()})
    doc = {"cpkit": __version__, "summary": summary(report), "diagnostics": items}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(d: Diagnostic, base: str, tag: str = "en") -> str:
    props = [f"file={_escape_property(display_path(d.loc, base))}"]
    if d.loc.line:
        props += [f"line={d.loc.line}", f"col={d.loc.column}"]
    props.append(f"title={_escape_property(f'{d.code} {d.name}')}")
    hint = d.hint_in(tag)
    message = d.message_in(tag) + (f"\n{display_hint(hint, base)}" if hint else "")
    return encodable(f"::{_LEVEL[d.severity]} {','.join(props)}::{_escape_data(message)}")


def to_github(report: Report, base: str, tag: str = "en") -> str:
    return "".join(github_line(d, base, tag) + "\n" for d in report)
