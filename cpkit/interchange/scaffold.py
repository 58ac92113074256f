"""`cpkit init`: start a plan folder that passes `cpkit check --strict` and is ready to edit.

Each plan shape has its own templates in templates/init/<shape>/; every human word they
write comes from the message catalogue of the plan's language (cpkit/i18n/<language>.yaml,
key `init`), so one set of templates serves every language. A new plan is written only into
a new or empty folder: init never overwrites anything.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import typing
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from cpkit.core.language import Explained
from cpkit.model.entities import Language, Shape

INIT = Path(__file__).parent.parent / "templates" / "init"
I18N = Path(__file__).parent.parent / "i18n"
#: The shapes `init` can start: those with templates (a service unit's plan has none yet).
SHAPES: tuple[str, ...] = tuple(s for s in typing.get_args(Shape) if (INIT / s).is_dir())
LANGUAGES: tuple[str, ...] = typing.get_args(Language)
SCHEMA_FILE = "plan.schema.json"
#: The currency a new plan starts in: by its shape (district plans are Hong Kong's), else
#: by its language. A planner changes it in plan.yaml; it is a default, not a rule.
SHAPE_CURRENCY = {"district": "HKD"}
LANGUAGE_CURRENCY = {"en": "EUR", "cs": "CZK", "zh-Hant": "HKD"}
WIDTH = 92  # columns the written YAML aims to keep within


class ScaffoldError(Explained):
    """A plan cannot be started as asked; the message says why and what to do instead."""


def init_plan(
    dest: Path,
    *,
    shape: str = "community",
    language: str = "en",
    title: str | None = None,
    year: int | None = None,
) -> list[Path]:
    """Write a new plan into `dest`, which must be missing or an empty folder.

    The period runs from `year` (default: this year) for three years, one for an NGO's
    business plan. Returns the files written, plan.yaml first.
    """
    _choose("shape", shape, SHAPES)
    _choose("language", language, LANGUAGES)
    start = dt.date.today().year if year is None else year
    if not 1000 <= start <= 9997:
        raise ScaffoldError("init.year", year=str(start))
    if title is not None and not title.strip():
        raise ScaffoldError("init.empty_title")
    end = start if shape == "ngo" else start + 2
    files = render_files(shape, language, title=title, start=start, end=end)
    dest = Path(dest)
    _refuse_existing(dest)
    return _write(dest, files)


def render_files(
    shape: str, language: str, *, title: str | None, start: int, end: int
) -> dict[str, str]:
    """Relative path → text of every file of a new plan, rendered before anything is written."""
    from cpkit.interchange.jsonschema import schema_text
    from cpkit.publish.templating import environment

    env = environment()  # StrictUndefined: a key missing from a catalogue fails loudly
    env.filters.update(text=yaml_text, comment=comment, heading=heading)
    words = catalogue(language)
    shaped = words[shape]
    context: dict[str, Any] = {
        "c": words["common"],
        "s": shaped,
        "language": language,
        "start": start,
        "end": end,
        "title": title or shaped["title"].format(start=start, end=end),
        "currency": SHAPE_CURRENCY.get(shape, LANGUAGE_CURRENCY[language]),
    }
    root = INIT / shape
    out: dict[str, str] = {}
    for template in sorted(root.rglob("*.j2")):
        rel = template.relative_to(root).as_posix().removesuffix(".j2")
        schema = "../" * rel.count("/") + SCHEMA_FILE
        text = env.get_template(f"init/{shape}/{rel}.j2").render(context, schema=schema)
        out[rel] = text
    out[SCHEMA_FILE] = schema_text()
    # plan.yaml first: it is what a planner opens first, and what the loader reads first
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != "plan.yaml", kv[0])))


def catalogue(language: str) -> dict[str, Any]:
    """The `init` messages of one language."""
    path = I18N / f"{language}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["init"]


def _choose(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ScaffoldError(f"init.unknown_{what}", value=repr(value), allowed=list(allowed))


def _refuse_existing(dest: Path) -> None:
    if not (dest.exists() or dest.is_symlink()):
        return
    if not dest.is_dir():
        raise ScaffoldError("init.not_a_folder", path=str(dest))
    # A fresh repository (`git init plans && cpkit init plans`) holds only .git: init writes
    # no hidden file, so nothing there can be overwritten.
    if any(p.name != ".git" for p in dest.iterdir()):
        raise ScaffoldError("init.not_empty", path=str(dest))


def _write(dest: Path, files: dict[str, str]) -> list[Path]:
    """Create each file exclusively; on failure remove what this call wrote, nothing else."""
    written: list[Path] = []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            path = dest / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as f:  # never overwrites
                written.append(path)
                f.write(text)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = exc.filename or dest
        raise ScaffoldError("init.cannot_write", path=str(where), reason=str(exc.strerror)) from exc
    return written


# --- filters: catalogue text into YAML ----------------------------------------------------


def yaml_text(value: object, indent: int = 0) -> str:
    """`value` as a YAML scalar after `key: ` or `- ` at column `indent`.

    Plain where it reads back unchanged, folded (or literal, for several lines) when long,
    double-quoted otherwise: catalogue text never breaks the file it lands in.
    """
    text = str(value)
    room = WIDTH - indent - 2
    if "\n" in text or display_width(text) > room - 16:
        if "\n" in text:
            style, lines = "|-", text.split("\n")
        else:
            style = ">-"
            lines = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False)
        block = "\n".join(f"  {line}" if line else "" for line in lines)
        if len(lines) > 1 and _reads_back(f"{style}\n{block}", text):
            pad = " " * indent
            return style + "\n" + "\n".join(f"{pad}  {ln}" if ln else "" for ln in lines)
    if _reads_back(text, text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(written: str, text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {written}\n") == {"k": text}
    except yaml.YAMLError:
        return False


def comment(value: object, indent: int = 0) -> str:
    """Text as comment lines at column `indent` (the template puts the filter at column 0)."""
    pad = " " * indent
    lines = str(value).strip().split("\n")
    return "\n".join(f"{pad}# {line}".rstrip() for line in lines)


def heading(value: object, indent: int = 0) -> str:
    """A heading comment, `# --- Providers -----`, ruled to the same width in any script."""
    start = f"{' ' * indent}# --- {value} "
    return start + "-" * max(3, WIDTH - display_width(start))


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
