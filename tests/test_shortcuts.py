"""The shortcuts of reading a plan decide as the full path would.

Reading YAML skips work when the text or the tree proves it cannot find anything: a text
without astral characters is searched without the astral noncharacters, one search for
rare characters rules out three, a text without a `*` has no aliases to count, a mapping
whose keys are all distinct has no duplicate to report, a one-line flow collection has no
indentation to get wrong. Building entities names values for messages only when a message
is written, and keeps positions as packed numbers. Each test below compares a shortcut with
the full path it stands for, on texts and trees made to have, and not to have, the feature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpkit.core.diagnostics import Diagnostic, Loc, Named
from cpkit.model import convert
from cpkit.model.fields import Entity, position
from cpkit.source import compose, strict
from cpkit.source.characters import FORBIDDEN, search_forbidden

PROFILE: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

# characters on either side of each shortcut's line: forbidden and not, astral and not
EDGES = (
    "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x85\x9f\xa0\u2028\u2029\ufdcf\ufdd0\ufdef"
    "\ufdf0\ufeff\ufffd\ufffe\uffff\U00010000\U0001fffd\U0001fffe\U0001ffff\U00020000"
    "\U0010fffe\U0010ffff\u4e00\u3000\uff01\u00e1a #*-[]{}:'\""
)
# each edge character alone, after an astral one, before a forbidden one, between letters
CONTEXTS = ["{}", "\U0001f600{}", "{}\x01", "a{}b", "\U0001fffe{}", "{}\U0001fffe"]
edged = [c.format(e) for e in EDGES for c in CONTEXTS]
texts = st.one_of(
    st.text(st.sampled_from(EDGES), max_size=12),
    st.text(st.characters(), max_size=40),
    st.lists(st.sampled_from(edged), max_size=4).map("".join),
)


def first(found: re.Match[str] | None) -> tuple[int, str] | None:
    return None if found is None else (found.start(), found.group())


@pytest.mark.parametrize("text", edged)
def test_forbidden_search_finds_what_the_whole_class_finds(text: str) -> None:
    assert first(search_forbidden(text)) == first(FORBIDDEN.search(text))


@settings(max_examples=600, **PROFILE)
@given(texts)
def test_forbidden_search_finds_what_the_whole_class_finds_anywhere(text: str) -> None:
    assert first(search_forbidden(text)) == first(FORBIDDEN.search(text))


def rare_shortcut_holds(text: str) -> None:
    if compose._compiled(compose._RARE).search(text) is None:
        assert compose._YAML_ONLY_BREAK.search(text) is None
        assert compose._compiled(compose._HAS_CJK).search(text) is None
        assert FORBIDDEN.search(text) is None


@pytest.mark.parametrize("text", edged)
def test_no_rare_character_means_none_of_the_three_searches_finds_one(text: str) -> None:
    rare_shortcut_holds(text)


@settings(max_examples=600, **PROFILE)
@given(texts)
def test_no_rare_character_means_none_of_the_three_searches_finds_one_anywhere(
    text: str,
) -> None:
    rare_shortcut_holds(text)


def test_every_rare_character_is_found_by_the_one_search() -> None:
    """Each character any of the three searches finds, in the first plane and past it."""
    every = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for char in every:
        if (
            compose._YAML_ONLY_BREAK.match(char)
            or compose._compiled(compose._HAS_CJK).match(char)
            or FORBIDDEN.match(char)
        ):
            assert compose._compiled(compose._RARE).match(char), hex(ord(char))


# --- the guard: trees without aliases --------------------------------------------------

KEYS = st.sampled_from(["a", "b", "id", "a "])  # few keys: mappings repeat them


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> yaml.Node:
    """A node tree, each node with a distinct mark: mappings (keys may repeat, a key may be
    a list), lists and scalars, sometimes nested past MAX_DEPTH in a chain."""
    counter = draw(st.shared(st.builds(lambda: [0]), key="marks"))

    def mark() -> yaml.Mark:
        counter[0] += 1
        return yaml.Mark("t", counter[0], counter[0], counter[0] % 7, None, None)

    deep = depth < compose.MAX_DEPTH + 3 and draw(st.integers(0, 9)) < (8 if depth > 3 else 5)
    kind = draw(st.sampled_from(["map", "seq", "scalar"])) if deep else "scalar"
    if kind == "scalar":
        return yaml.ScalarNode("tag:yaml.org,2002:str", draw(KEYS), mark(), mark())
    width = draw(st.integers(0, 3))
    start = mark()
    if kind == "seq":
        items = [draw(trees(depth + 1)) for _ in range(width)]
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, start, mark())
    pairs = []
    for _ in range(width):
        if draw(st.integers(0, 9)) == 0:
            key: yaml.Node = yaml.SequenceNode("tag:yaml.org,2002:seq", [], mark(), mark())
        else:
            key = yaml.ScalarNode("tag:yaml.org,2002:str", draw(KEYS), mark(), mark())
        pairs.append((key, draw(trees(depth + 1))))
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, start, mark())


def chain(depth: int, last: yaml.Node | None) -> yaml.Node:
    """`depth` lists, each holding the next; the innermost holds `last` (or nothing)."""
    node = yaml.SequenceNode("tag:yaml.org,2002:seq", [] if last is None else [last], None, None)
    for _ in range(depth - 1):
        node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node], None, None)
    for i, n in enumerate(_walk(node)):
        n.start_mark = n.end_mark = yaml.Mark("t", i, i, 0, None, None)
    return node


def _walk(node: yaml.Node) -> Iterator[yaml.Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def guards(root: yaml.Node) -> tuple[tuple[bool, list[Diagnostic]], tuple[bool, list[Diagnostic]]]:
    tree: list[Diagnostic] = []
    full: list[Diagnostic] = []
    return (
        (compose._guard_tree(root, "f.yaml", tree), tree),
        (compose._guard_aliases(root, "f.yaml", full), full),
    )


@settings(max_examples=400, **PROFILE)
@given(trees())
def test_guard_of_a_tree_finds_what_the_alias_guard_finds(root: yaml.Node) -> None:
    if isinstance(root, yaml.ScalarNode):
        return
    tree, full = guards(root)
    assert tree == full


@pytest.mark.parametrize("depth", [compose.MAX_DEPTH, compose.MAX_DEPTH + 1, 200])
@pytest.mark.parametrize("last", ["scalar", "empty", "none"])
def test_guard_of_a_tree_refuses_the_same_depth(depth: int, last: str) -> None:
    inner = {
        "scalar": yaml.ScalarNode("tag:yaml.org,2002:str", "x", None, None),
        "empty": yaml.MappingNode("tag:yaml.org,2002:map", [], None, None),
        "none": None,
    }[last]
    tree, full = guards(chain(depth, inner))
    assert tree == full


def test_guard_of_a_text_with_aliases_still_counts_them() -> None:
    text = "a: &x [1, 2]\nb: [" + ", ".join(["*x"] * 6000) + "]\n"
    root = compose._compose(text)
    out: list[Diagnostic] = []
    assert compose._guard(root, text, "f.yaml", out) is False
    assert [d.code for d in out] == ["CP008"]


def duplicates_one_by_one(node: yaml.MappingNode) -> list[tuple[int, str, int]]:
    """Duplicate keys as `_duplicate_keys` reported them before its shortcut: key by key."""
    seen: dict[str, yaml.Node] = {}
    found = []
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            first = seen.setdefault(key.value, key)
            if first is not key:
                found.append((key.start_mark.line + 1, key.value, first.start_mark.line + 1))
    return found


@settings(max_examples=400, **PROFILE)
@given(trees())
def test_duplicate_keys_are_those_found_one_by_one(root: yaml.Node) -> None:
    for node in _walk(root):
        if isinstance(node, yaml.MappingNode):
            out: list[Diagnostic] = []
            compose._duplicate_keys(node, "f.yaml", out)
            assert [(d.loc.line, dict(d.fields)["key_"]) for d in out] == [
                (line, key) for line, key, _ in duplicates_one_by_one(node)
            ]


# --- the strict walk: against the walk it was before its shortcuts ----------------------


def walk_as_it_was(root: yaml.Node, text: str, *, dashes: bool) -> Iterator[strict.Violation]:
    """strict._walk before it skipped one-line flow collections: every child looked at."""
    stack: list[tuple[yaml.Node, int, bool]] = [(root, -1, False)]
    seen: set[int] = set()
    while stack:
        node, indent, in_flow = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield from strict._scalar_violations(node, text, indent, in_flow)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        flow = in_flow or bool(node.flow_style)
        if flow and not in_flow and node.start_mark.line != node.end_mark.line:
            yield from strict._under_indented(node, text, indent, "flow-collection")
        if flow and not dashes:
            continue
        inner = indent if flow else node.start_mark.column
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
        )
        for child in children:
            if not isinstance(child, yaml.ScalarNode):
                stack.append((child, inner, flow))
            elif child.style:
                if child.style in "|>" or child.start_mark.line != child.end_mark.line:
                    stack.append((child, inner, flow))
            elif flow and dashes and child.value[:1] == "-":
                stack.append((child, inner, flow))


PIECES = [
    "a: ", "- ", "[", "]", "{", "}", ", ", "-", "\n", "\n  ", "\n ", "\t", "x", '"q\n r"',
    "'s'", ">\n", "|\n", "\n\n   ", "#c", " #c", "b: ", "&a ", "*a", "? ",
]  # fmt: skip


# texts that break each rule strict finds, and texts that come close
BROKEN = [
    "a: [x,\ny]\n", "a:\n  b: [x,\n  y]\n", "a:\n  b: [x,\n   y]\n", "a: {x: 1,\ny: 2}\n",
    "a:\n  - [x, {y: 1,\n z: 2}]\n", "a: [x,\n-]\n", "[-]\n", "a: [b, -]\n", "a: [x, [-, y]]\n",
    'a: "q\nr"\n', 'a:\n  b: "q\n  r"\n', "a: 'q\n\tr'\n",
    "a: |#c\n  x\n", "a: >-#c\n  x\n", "a: |2\n\n     x\n", "- {a: [1,\n2], b: [3, 4]}\n",
    "a: &x [1,\n2]\nb: *x\n", "a: [1, 2]\nb: {c: [3,\n 4]}\n",
]  # fmt: skip
EXAMPLE_TEXTS = sorted(
    str(p) for p in (Path(__file__).resolve().parent.parent / "examples").rglob("*.yaml")
)


def assert_walks_agree(text: str) -> None:
    try:
        root = compose._compose(text)
    except yaml.YAMLError:
        return
    if root is None:
        return
    for dashes in (True, False):
        new = [(v.at, v.kind, v.data) for v in strict._walk(root, text, dashes=dashes)]
        old = [(v.at, v.kind, v.data) for v in walk_as_it_was(root, text, dashes=dashes)]
        assert new == old


@pytest.mark.parametrize("text", BROKEN)
def test_strict_walk_finds_what_it_found_before_in_broken_texts(text: str) -> None:
    assert_walks_agree(text)


def test_the_broken_texts_are_broken() -> None:
    """Nearly all of BROKEN breaks a rule (else the comparison above would prove little)."""
    found = [t for t in BROKEN if strict.violations(compose._compose(t), t)]
    assert len(found) == len(BROKEN) - 3


@pytest.mark.parametrize("path", EXAMPLE_TEXTS, ids=lambda p: Path(p).name)
def test_strict_walk_finds_what_it_found_before_in_the_examples(path: str) -> None:
    assert_walks_agree(Path(path).read_text(encoding="utf-8"))


@settings(max_examples=800, **PROFILE)
@given(st.lists(st.sampled_from(PIECES + BROKEN), max_size=24).map("".join))
def test_strict_walk_finds_what_it_found_before(text: str) -> None:
    assert_walks_agree(text)


# --- building ---------------------------------------------------------------------------


def test_a_named_step_is_the_named_it_stands_for() -> None:
    owner = Named("measure", "1.2")
    step = (((owner, "funds", convert._DOT), 2, convert._ITEM), None, convert._key_of)
    assert convert.named(step) == owner.dot("funds").item(2).key()
    assert convert.named(owner) is owner
    assert convert.named(((Named(path="needs"), 1, convert._ITEM), 2025, convert._DOT)) == (
        Named(path="needs").item(1).dot(2025)
    )


NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.from_regex(re.compile(r"[-+]?[0-9][0-9_]{0,20}", re.ASCII), fullmatch=True),
    st.sampled_from(["0", "00", "010", "0x1f", "0b101", "1:20", "+5", "-0", "1_000", "٣"]),
)


@settings(max_examples=400, **PROFILE)
@given(NUMBERS)
def test_whole_numbers_read_as_yaml_reads_them(text: str) -> None:
    node = yaml.ScalarNode("tag:yaml.org,2002:int", text, yaml.Mark("t", 0, 0, 0, None, None), None)
    b = convert.Builder("f.yaml")
    value = convert._whole(node, b, convert.WHOLE, Named("x"))
    try:
        expected = yaml.constructor.SafeConstructor().construct_yaml_int(node)
    except (ValueError, KeyError, IndexError, OverflowError):
        expected = None
    if expected is None or abs(expected) > convert.MAX_WHOLE:
        assert value is convert.invalid() and b.diagnostics
    else:
        assert value == expected and not b.diagnostics


@pytest.mark.parametrize(("line", "column"), [(0, 0), (0, 7), (41, 2), (9_999_999, 10_000_000)])
def test_a_packed_position_is_the_place_a_mark_gives(line: int, column: int) -> None:
    mark = yaml.Mark("t", 0, line, column, None, None)
    node = yaml.ScalarNode("tag:yaml.org,2002:str", "x", mark, mark)
    packed = Entity(loc=Loc("f.yaml", 1, 1), pos={"a": position(line, column)})
    # where a finding on the value points, and where one on its node itself would
    at_node = convert.Builder("f.yaml").loc(node)
    assert packed.at("a") == at_node == Loc("f.yaml", line + 1, column + 1)
    assert packed.at("a.3") == packed.at("a")
