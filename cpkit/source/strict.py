"""What YAML forbids and libyaml (and PyYAML's own parser) still accept: found in the tree.

The yaml-test-suite has 94 texts that are not YAML; libyaml reads 12 of them without a word
(tests/data/yaml-test-suite/ holds them, tests/test_parsers.py runs them). Another reader of
the plan, an editor's or a git host's, refuses them or reads them differently, so cpkit
reports them as syntax errors (CP001). Each is found from the composed nodes and the text,
in one walk over the tree, at little cost:

- a comment must be parted from what comes before it by a space (`key: "value"# note`,
  `[a, b]#note`, `>#note`, `%YAML 1.1#...`);
- the lines of a flow collection or a quoted text that goes over several lines must be
  indented more than the block mapping or list it is in, and by spaces (a tab is not
  indentation);
- `-` alone is not a value in a flow list (`[-]`);
- the empty lines that start a block text (`>`, `|`) may not be indented more than its first
  line of text.

docs/format.md says what libyaml still accepts (none of it can hide anything in a plan).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from cpkit.core.diagnostics import Term

_BLOCK_HEADER_HASH = re.compile(r"[|>][0-9+-]{0,2}#")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_EXPLICIT_INDENT = re.compile(r"[|>][+-]?[1-9]")


@dataclass(frozen=True, slots=True)
class Violation:
    """Where the text breaks a rule of YAML (an offset into it), and what it breaks: the
    CP001 message `strict-<kind>` of the rules catalogue, with its fields in `data`."""

    at: int
    kind: str
    data: tuple[tuple[str, object], ...] = ()


def violations(root: yaml.Node, text: str) -> list[Violation]:
    """Every place the composed tree shows a text that is not YAML, in the text's order."""
    dashes = any(s in text for s in _FLOW_DASHES)
    found = list(_walk(root, text, dashes=dashes))
    if "#" in text and any(_tight(text, at) for at in _hashes(text)):
        found.extend(_tight_comments(text, sorted(_scalar_spans(root))))
    return sorted(found, key=lambda v: v.at)


# where a flow list may hold a bare `-`: searched as strings, far faster than a pattern
_FLOW_DASHES = ("[-", "[ -", ",-", ", -")


def _hashes(text: str) -> Iterator[int]:
    at = text.find("#")
    while at >= 0:
        yield at
        at = text.find("#", at + 1)


def _tight(text: str, at: int) -> bool:
    """Whether the `#` at `at` follows something other than a space or a line start."""
    return at > 0 and text[at - 1] not in " \t\r\n"


def _walk(root: yaml.Node, text: str, *, dashes: bool) -> Iterator[Violation]:
    """One loop over the collections, with the indentation of the block collection each
    is in (-1: none) and whether it is inside a flow collection. Scalars are looked at
    only by their style: a plain one, nearly every one, costs a comparison (in a list
    comprehension, which picks the children worth a look at a fraction of a loop's cost)."""
    stack: list[tuple[yaml.Node, int, bool]] = [(root, -1, False)]
    seen: set[int] = set()
    scalar = yaml.ScalarNode
    while stack:
        node, indent, in_flow = stack.pop()
        if type(node) is scalar:
            yield from _scalar_violations(node, text, indent, in_flow)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        flow = in_flow or bool(node.flow_style)
        if flow and not in_flow and node.start_mark.line != node.end_mark.line:
            yield from _under_indented(node, text, indent, "flow-collection")
        if flow and not dashes:
            continue  # nothing more to find inside a flow collection
        inner = indent if flow else node.start_mark.column
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
        )
        dash = flow and dashes
        stack.extend(
            [
                (child, inner, flow)
                for child in children
                if (
                    # a flow collection on one line has nothing to find but dashes
                    (dashes or not child.flow_style or child.start_mark.line != child.end_mark.line)
                    if type(child) is not scalar
                    # quoted or block: only a block one, or over lines, can break
                    else (child.style in "|>" or child.start_mark.line != child.end_mark.line)
                    if child.style
                    else (dash and child.value[:1] == "-")
                )
            ]
        )


def scalars(root: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every scalar of the tree, keys too, each once: an alias shares its node."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif id(node) not in seen:
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            else:
                stack.extend(node.value)


def _scalar_spans(root: yaml.Node) -> Iterator[tuple[int, int]]:
    for node in scalars(root):
        yield node.start_mark.index, node.end_mark.index


def _scalar_violations(
    node: yaml.ScalarNode, text: str, indent: int, in_flow: bool
) -> Iterator[Violation]:
    start = node.start_mark.index
    if node.style in ("|", ">"):
        header = _BLOCK_HEADER_HASH.match(text, start)
        if header:
            yield Violation(header.end() - 1, "comment-space")
        yield from _blank_lines_too_deep(node, text, indent)
    elif node.style in ('"', "'") and not in_flow and node.start_mark.line != node.end_mark.line:
        yield from _under_indented(node, text, indent, "quoted-text")
    elif in_flow and not node.style and (node.value == "-" or node.value[:2] in ("- ", "-\t")):
        yield Violation(start, "dash-in-flow")


def _under_indented(node: yaml.Node, text: str, indent: int, what: str) -> Iterator[Violation]:
    """Lines after the first of `node` indented by fewer than indent + 1 spaces (`what`:
    the kind of node, a word of the rules catalogue's `yaml-parts`)."""
    need = indent + 1
    for line in _LINE.finditer(text, node.start_mark.index, node.end_mark.index):
        if line.start() == node.start_mark.index or line.start() == line.end():
            continue
        body = line.group()
        if not body.strip() or _line_start(text, line.start()) != line.start():
            continue
        spaces = len(body) - len(body.lstrip(" "))
        if spaces < need:
            tab = body[spaces : spaces + 1] == "\t"  # a tab is not indentation: say so
            where = (("what", Term("yaml-parts", what)), ("count", need))
            yield Violation(line.start() + spaces, "indent-tab" if tab else "indent", where)
            return


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _blank_lines_too_deep(node: yaml.ScalarNode, text: str, indent: int) -> Iterator[Violation]:
    """A block text's leading empty lines indented more than its first line of text."""
    header = _LINE.match(text, node.start_mark.index)
    if header is None or _EXPLICIT_INDENT.match(header.group()):
        return  # an explicit indentation: nothing is guessed
    deepest, at = 0, header.end()
    for line in _LINE.finditer(text, header.end()):
        body = line.group().rstrip("\r\n")
        if body.strip(" "):
            spaces = len(body) - len(body.lstrip(" "))
            if spaces > indent and deepest > spaces:
                yield Violation(at, "blank-too-deep")
            return
        if len(body) > deepest:
            deepest, at = len(body), line.start()
        if line.end() >= len(text):
            return


def _tight_comments(text: str, scalars: list[tuple[int, int]]) -> Iterator[Violation]:
    """`#` right after something, outside any text and any comment: a comment YAML forbids."""
    starts = [s for s, _ in scalars]
    for at in _hashes(text):
        if not _tight(text, at):
            continue
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and scalars[i][0] <= at < scalars[i][1]:
            continue  # part of a text: `C#`, `issue#3`
        if _in_comment(text, at, scalars, starts):
            continue
        yield Violation(at, "comment-space")


def _in_comment(text: str, at: int, scalars: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a `#` before `at` on its line, outside any text, already began a comment."""
    line = _line_start(text, at)
    hash_at = text.find("#", line, at)
    while hash_at >= 0:
        i = bisect.bisect_right(starts, hash_at) - 1
        inside = i >= 0 and scalars[i][0] <= hash_at < scalars[i][1]
        if not inside and (hash_at == line or text[hash_at - 1] in " \t"):
            return True
        hash_at = text.find("#", hash_at + 1, at)
    return False
