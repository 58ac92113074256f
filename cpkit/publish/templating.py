"""The Jinja2 environment shared by everything cpkit writes from templates.

StrictUndefined makes a missing variable an error instead of an empty string;
a folder given by the user is searched before the built-in templates, so one
template can be overridden alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from cpkit.publish.safe_text import clean_text, md_cell

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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
        # an environment lives for one command, in which no template changes: without this
        # every include (one per measure) asked the file system whether its file had
        auto_reload=False,
    )
    # plan text is made safe for its target in one place, cpkit.publish.safe_text
    env.filters["md_cell"] = md_cell
    env.filters["clean"] = clean_text
    return env
