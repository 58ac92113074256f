"""The Jinja2 environment shared by everything cpkit writes from templates.

StrictUndefined makes a missing variable an error instead of an empty string;
a folder given by the user is searched before the built-in templates, so one
template can be overridden alone.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import jinja2

from cpkit.publish.safe_text import clean_text, md_cell

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


#: "1": compiled templates are kept in the cache folder between commands. The command line
#: sets it (`--no-cache` leaves it: compiled templates are cpkit's code, as Python's own
#: compiled modules are, not what a plan built into); the library keeps them in memory only.
ENV_COMPILED = "CPKIT_COMPILED_TEMPLATES"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, shared by every environment of the process and, for the command
    line, kept on disk between processes.

    A render builds several environments (Markdown, HTML, charts); without the memory store
    each compiled the same templates again, which was a third of the time of `cpkit
    render`. Compiling them once per process still cost a 2,000-measure render 0.17 s of its
    4 s; a command of the command line reads them back as Python reads its compiled modules.

    Jinja itself checks what it reads: a file compiled by another Jinja or Python, or from
    another text of the template (a `--templates` file edited), is compiled again and
    written over. A file that cannot be read or written is compiled in memory: no error.
    Each is written to a temporary file and renamed into place, so that two commands at
    once each read a whole file or none. The folder, named by Jinja's version, holds a file
    per template path; what is not written for 30 days is pruned with the plan's entries
    (cpkit.model.cache.prune), and only compiled again.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            return
        folder = _on_disk()
        if folder is None:
            return
        try:
            code = (folder / bucket.key).read_bytes()
            bucket.bytecode_from_string(code)
        except Exception:  # none, or torn, or foreign: compiled again
            bucket.reset()
            return
        if bucket.code is not None:  # Jinja found it this template's, as it is now
            self.store[bucket.key] = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        folder = _on_disk()
        if folder is None or os.environ.get("PYTHONDONTWRITEBYTECODE"):
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(code)
                os.replace(tmp, folder / bucket.key)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass


def _on_disk() -> Path | None:
    """The folder of compiled templates, when this process keeps them on disk."""
    if os.environ.get(ENV_COMPILED) != "1":
        return None
    from cpkit.model.cache import folder_for

    return folder_for(f"templates-{jinja2.__version__}")


_BYTECODE = _CompiledTemplates()


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
