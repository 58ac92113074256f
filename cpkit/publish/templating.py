"""The Jinja2 environment shared by everything cpkit writes from templates.

StrictUndefined makes a missing variable an error instead of an empty string;
a folder given by the user is searched before the built-in templates, so one
template can be overridden alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


_SCRIPT_URL = re.compile(r"(?i)\b(java|vb)script:")


def md_text(value: object) -> str:
    """Plan text as Markdown: its own Markdown kept, any raw HTML shown as text, not run,
    and no script link, even for a Markdown viewer that does not sanitise."""
    text = "" if value is None else str(value)
    if ":" in text:  # most text has none: skip the regular expression
        text = _SCRIPT_URL.sub(r"\1script&#58;", text)
    return text.replace("<", "&lt;")


def md_cell(value: object) -> str:
    """A value fit for one GitHub-flavoured Markdown table cell (as text: see md_text)."""
    return md_text(str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by every environment of the process.

    A render builds several environments (Markdown, HTML, charts); without this each one
    compiled the same templates again, which was a third of the time of `cpkit render`.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def environment(
    extra: Sequence[Path] = (), *, autoescape: bool = False, trim: bool = False
) -> jinja2.Environment:
    """`trim` drops the newline after a block tag and the indent before it (document templates)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, extra), str(TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=autoescape,
        trim_blocks=trim,
        lstrip_blocks=trim,
        bytecode_cache=_BYTECODE,
    )
    env.filters["md_cell"] = md_cell
    return env
