"""Edits of hand-written YAML that keep it as its author wrote it: comments, quoting,
indentation, flow lists, line endings and a byte-order mark (ruamel.yaml round-trip)."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.core.language import Explained

if TYPE_CHECKING:
    from ruamel.yaml import YAML


class YamlEditError(Explained):
    """A file that cannot be edited safely; the message says why."""


def new_seq() -> list[Any]:
    """An empty list that ruamel.yaml writes in the file's own style."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def update(target: Any, fields: dict[str, Any], shared: frozenset[int] = frozenset()) -> list[str]:
    """Set leaves only, so that a nested mapping keeps its style (`{value: 1, unit: beds}`).

    A mapping or list in `shared` (see :func:`shared_containers`) is written once and reached
    again through an alias: editing it would change every entry that aliases it. The edited
    entry gets a copy of its own instead, and the others keep what they had. Returns the
    fields so copied (`capacity`, `location.address`), for the import to say so.
    """
    copied: list[str] = []
    for key, value in fields.items():
        old = target.get(key)
        if isinstance(old, (dict, list)) and id(old) in shared:
            old = target[key] = own_copy(old)
            copied.append(str(key))
        if isinstance(value, dict) and isinstance(old, dict):
            copied.extend(f"{key}.{inner}" for inner in update(old, value, shared))
        elif isinstance(value, list) and isinstance(old, list):
            replace_items(old, value)
        else:
            target[key] = value
    return copied


def shared_containers(doc: Any) -> frozenset[int]:
    """The ids of the mappings and lists reached more than once from `doc`: written once with
    an anchor (`&cap`) and again through an alias (`*cap`) or a merge key (`<<: *base`)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        stack.extend(node.values() if isinstance(node, dict) else node)
    return frozenset(shared)


def own_copy(node: Any) -> Any:
    """A deep copy of an aliased mapping or list with no anchors in it: it is written out in
    full where it stands, and an anchor name defined twice would redirect later aliases."""
    import copy

    new = copy.deepcopy(node)
    stack = [new]
    while stack:
        item = stack.pop()
        anchor = getattr(item, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None) is not None:
            anchor.value = None
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return new


def position(node: Any, lines_before: int = 0) -> tuple[int, int] | None:
    """Where a mapping or list loaded round-trip starts: (line, column), both from 1, as
    cpkit's own locations count them; None for one made in memory. `lines_before`: the
    lines of the file above the text that was loaded (YamlFile.head)."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None
    return lc.line + 1 + lines_before, lc.col + 1


def replace_items(old: list[Any], new: list[Any]) -> None:
    """Replace a list's items in place: a flow list (`[a, b]`) stays one, comments stay put."""
    like = old[0] if old else None
    comments = getattr(getattr(old, "ca", None), "items", {})
    last = comments.pop(len(old) - 1, None) if old else None
    for index in [i for i in comments if i >= len(new)]:
        del comments[index]
    old.clear()
    old.extend(styled(v, like) for v in new)
    if last is not None and new:
        comments[len(new) - 1] = last


def styled(value: Any, like: Any) -> Any:
    """A new mapping in a list of flow mappings (`- {source: state}`) written as one too."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, dict) and isinstance(like, CommentedMap) and like.fa.flow_style():
        styled = CommentedMap(value)
        styled.fa.set_flow_style()
        return styled
    return value


@dataclass(slots=True)
class YamlFile:
    """A plan file loaded round-trip; dumped with its indentation, line endings and BOM."""

    rt: YAML
    doc: Any
    newline: str
    bom: bool
    tail: str = ""  # the end marker `...` and the comments after it, which ruamel.yaml drops
    head: str = ""  # comments and a start marker `---` above the document, dropped too

    @property
    def lines_before(self) -> int:
        """Lines of the file above what ruamel.yaml read: add them to its line numbers."""
        return self.head.count("\n")

    @classmethod
    def load(cls, path: Path, rel: str) -> YamlFile:
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.error import YAMLError

        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise YamlEditError("yaml.not_utf8", file=rel) from None
        newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        head, text = split_start(text.replace("\r\n", "\n"))
        text, tail = split_end(text)
        rt = round_trip(text)
        try:
            doc = rt.load(text)
        except YAMLError as exc:
            problem = getattr(exc, "problem", None) or type(exc).__name__
            raise YamlEditError("yaml.unreadable", file=rel, problem=problem) from None
        except Exception as exc:  # ruamel.yaml's constructors, on a forced tag on text unfit
            # for it: `!!bool maybe` a KeyError, `!!int x` a ValueError, `!!set x` an
            # AttributeError
            raise YamlEditError("yaml.bad_tag", file=rel, kind=type(exc).__name__) from None
        doc = CommentedMap() if doc is None else doc
        if not isinstance(doc, dict):
            raise YamlEditError("yaml.not_mapping", file=rel)
        return cls(rt, doc, newline, data.startswith(codecs.BOM_UTF8), tail, head)

    def dump(self) -> str:
        buf = io.StringIO()
        self.rt.dump(self.doc, buf)
        text = (self.head + buf.getvalue() + self.tail).replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + text


_END_MARKER = re.compile(r"^\.\.\.[ \t]*(?:#.*)?$", re.M)


_START_MARKER = re.compile(r"\A(?:[ \t]*(?:#.*)?\n)*---[ \t]*(?:#.*)?\n")


def split_start(text: str) -> tuple[str, str]:
    """The comments above a start marker `---`, with the marker; and the document.

    ruamel.yaml drops both (`# Services of 2025` then `---`). A file with directives
    (`%YAML 1.2`) keeps them, and its marker, through ruamel.yaml itself.
    """
    start = _START_MARKER.match(text)
    if start is None:
        return "", text
    return text[: start.end()], text[start.end() :]


def split_end(text: str) -> tuple[str, str]:
    """The document, and its end marker `...` with the comments and blank lines after it.

    ruamel.yaml reads the marker and drops it and what follows; the edit puts them back.
    A marker followed by more than comments (another document) is left to the loader.
    """
    for marker in _END_MARKER.finditer(text):
        after = text[marker.end() :].split("\n")
        if all(not line.strip() or line.lstrip().startswith("#") for line in after):
            return text[: marker.start()], text[marker.start() :]
    return text, ""


def round_trip(text: str) -> YAML:
    """ruamel.yaml set up to write `text` back as its author laid it out."""
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line the author wrote on one
    # the first list under a key says the file's style: its dashes indented under the key
    # (`key:\n  - a`) or not (`key:\n- a`), at the top level or deeper (`monitoring:` →
    # `  measures:\n    - …`)
    first = re.search(r"^( *)[A-Za-z_][\w-]*:[ \t]*\n( *)- ", text, re.M)
    indented = first is not None and len(first.group(2)) > len(first.group(1))
    rt.indent(mapping=2, sequence=4 if indented else 2, offset=2 if indented else 0)
    return rt
