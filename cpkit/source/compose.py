"""YAML text into node trees that keep every value's source position, safely.

It guards against what PyYAML lets through silently (duplicate keys) or would choke on
(alias bombs, absurd nesting), whichever parser PyYAML brings (libyaml with or without its
own nesting limit, or pure Python); everything it finds is a diagnostic.
"""

from __future__ import annotations

import bisect
import functools
import gc
import re
import threading
from typing import Any

import yaml

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc
from cpkit.source import strict
from cpkit.source.characters import ASTRAL, BMP_FORBIDDEN, FORBIDDEN, describe, search_forbidden

try:  # libyaml is an order of magnitude faster; pure Python is the fallback
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


def tag_once(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """`base`, a safe loader, resolving tags as it does with less work per node.

    Both composers, libyaml's too, ask Python for the tag of every node: for a plain
    scalar PyYAML tries its regular expressions one after another, and on the way into and
    out of every node it looks for path resolvers, though the safe loader has none. Within
    one file the same plain words come back again and again (every key, every id referred
    to), so each one's tag is worked out once per file; a quoted scalar, a list or a
    mapping takes its default tag, as PyYAML gives it when no path resolver is registered.
    Every tag is PyYAML's own: 20% off composing a 2,000-measure plan.
    """
    if base.yaml_path_resolvers:  # pragma: no cover - registered by another library
        return base

    class Loader(base):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._plain_tags: dict[str, str] = {}

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                if not implicit[0]:
                    return self.DEFAULT_SCALAR_TAG
                tag = self._plain_tags.get(value)
                if tag is None:
                    tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
                return tag
            if kind is yaml.SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    Loader.__name__ = Loader.__qualname__ = f"TagOnce{base.__name__}"
    return Loader


_Loader = tag_once(_SafeLoader)

MAX_DEPTH = 64
_NULL = "tag:yaml.org,2002:null"
# Values aliases may repeat: shared lists, not a bomb. Building and rendering cost about as
# much per repeated value as per written one, so a 1 kB file must not become a large plan.
MAX_ALIAS_NODES = 10_000


class LineTable:
    """Line and column of any offset in a text, by bisection in the offsets where lines
    start: counting newlines from the start of the file for each finding is quadratic."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None  # made on the first question

    def loc(self, file: str, at: int) -> Loc:
        """Where the character at offset `at` is, 1-based, lines counted at each newline."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        line = bisect.bisect_right(self._starts, at)
        return Loc(file, line, at - self._starts[line - 1] + 1)


_NEWLINE = re.compile("\n")


def node_loc(file: str, node: yaml.Node) -> Loc:
    mark = node.start_mark
    return Loc(file, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, rel: str, out: list[Diagnostic]) -> yaml.Node | None:
    """The node tree of one file's text, or None: empty, or refused with a diagnostic.

    Three searches look for rare characters (YAML-only line breaks, Chinese or Japanese,
    forbidden ones); one pass for any of them (`_RARE`) rules all three out in most texts.
    """
    rare = not text.isascii() and _compiled(_RARE).search(text) is not None
    if rare and _YAML_ONLY_BREAK.search(text):
        text = _hidden_lines(text, rel, out)
        rare = not text.isascii()  # the breaks it hid may have been the only ones
    try:
        root = _compose(text)
    except _TooDeep as exc:
        out.append(_too_deep(rel, exc.mark))
        return None
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_TOO_DEEP and exc.problem_mark is not None:
            out.append(_too_deep(rel, exc.problem_mark))
        else:
            out.append(_syntax_diagnostic(exc, rel, text))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. a control code
        out.append(_reader_diagnostic(exc, rel, text))
        return None
    except yaml.YAMLError as exc:  # unmarked: rare, still the user's file
        out.append(rules.YAML_SYNTAX(Loc(rel), "message-3", problem=str(exc)))
        return None
    if root is None or (root.tag == _NULL and root.value == ""):
        # empty, only comments, or a bare `---`: nothing to load, and nothing wrong unless
        # a comment is written where YAML forbids one
        if root is not None:
            _not_yaml(root, text, LineTable(text), rel, out)
        return None
    if not _guard(root, text, rel, out):
        return None
    lines = LineTable(text)
    if _not_yaml(root, text, lines, rel, out):
        return None
    if rare and _compiled(_HAS_CJK).search(text):
        _cjk_folds(root, text, lines, rel, out)
    if "\\" in text or (rare and search_forbidden(text)):  # escapes, or raw characters
        _control_characters(root, text, lines, rel, out)
    return root


# Line breaks to YAML 1.1 (and so to PyYAML and libyaml), not to editors or git
_YAML_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("[\r\n]")


def _hidden_lines(text: str, rel: str, out: list[Diagnostic]) -> str:
    """CP010 for each YAML-only line break between tokens; the text as editors show it.

    In a comment, `# note<U+2028>publish_contact: true` ends the comment for YAML, which
    reads a consent that every editor and every review shows as part of the comment. Such a
    break is replaced by a space, so the file is read as its reviewers see it, and reported.
    Inside quoted or multi-line text the break is part of the text and is left alone. The
    tokens are found by scanning the text with the loader in use, whichever it is (every
    parser gives the same tokens); past a syntax error, which is reported anyway, nothing is
    judged.
    """
    spans, scanned = _token_spans(text)
    lines = LineTable(text)
    hidden = []
    for found in _YAML_ONLY_BREAK.finditer(text):
        at = found.start()
        if at >= scanned:
            break
        i = bisect.bisect_right(spans, (at, len(text))) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue  # inside a scalar: part of the text
        hidden.append(at)
        out.append(_comment_break(text, at, lines.loc(rel, at)))
    if not hidden:
        return text
    chars = list(text)
    for at in hidden:
        chars[at] = " "
    return "".join(chars)


def _comment_break(text: str, at: int, loc: Loc) -> Diagnostic:
    end = _EDITOR_BREAK.search(text, at)
    rest = text[at + 1 : end.start() if end else len(text)].strip()
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    in_comment = "#" in text[start:at]
    return rules.COMMENT_BREAK(
        loc,
        "ends-comment" if in_comment else "starts-line",
        codepoint=format(ord(text[at]), "04X"),
        rest=rest[:60],
    )


def _token_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """(start, end) offsets of the scalar tokens, and how far the scan got."""
    spans: list[tuple[int, int]] = []
    scanned = len(text)
    loader = _Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        scanned = mark.index if mark is not None else (spans[-1][1] if spans else 0)
    finally:
        loader.dispose()
    return spans, scanned


# a node's start mark is at its properties: a tag, or an anchor and then (maybe) a tag
_PROPERTIES = re.compile(r"&[^ \t\r\n,\[\]{}]+[ \t]*(?:#[^\r\n]*)?[\r\n \t]*!|!")


def tagged_nodes(root: yaml.Node, text: str) -> frozenset[int]:
    """The ids of the nodes on which the text writes a tag (`!!binary`, `!custom`, `!`).

    Composed nodes keep only the tag they end with, and most tags are also what YAML
    infers (`!!timestamp 2025-01-01`), so what was written is read from the text at the
    node's start, where its properties are. A text without a `!` has none.
    """
    if "!" not in text:
        return frozenset()
    found = set()
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if _PROPERTIES.match(text, node.start_mark.index):
            found.add(id(node))
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        else:
            stack.extend(node.value)
    return frozenset(found)


def _not_yaml(
    root: yaml.Node, text: str, lines: LineTable, rel: str, out: list[Diagnostic]
) -> bool:
    """CP001 for what YAML forbids and the parsers let through (`strict`); True if any."""
    refused = strict.violations(root, text)
    for found in refused:
        where = lines.loc(rel, found.at)
        out.append(rules.YAML_SYNTAX(where, f"strict-{found.kind}", **dict(found.data)))
    return bool(refused)


def _control_characters(
    root: yaml.Node, text: str, lines: LineTable, rel: str, out: list[Diagnostic]
) -> None:
    """CP108 for each value holding a control character or a noncharacter.

    Neither belongs in plan text: they are invisible in editors, XML (SVG, XLSX) forbids
    them, and a terminal obeys them. YAML refuses most of them written as they are, but its
    escapes (`"\\x01"`, `"\\uFFFE"`) let any of them through, and noncharacters outside
    the first plane are not refused at all. One finding per value, at the character when
    it is written as it is, else at the value.
    """
    for node in strict.scalars(root):
        found = FORBIDDEN.search(node.value)
        if found is None:
            continue
        char = found.group()
        start, end = node.start_mark.index, node.end_mark.index
        at = text.find(char, start, end)
        loc = lines.loc(rel, at) if at >= 0 else node_loc(rel, node)
        out.append(rules.CONTROL_CHARACTER(loc, "this-text-holds", character=describe(char)))


# Chinese and Japanese: no spaces between words (Hangul is left out: Korean has them)
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
_HAS_CJK = f"[{_CJK}]"
# Any character parse_yaml has a closer look for: a YAML-only line break, Chinese or
# Japanese, a forbidden character or one past the first plane (where the astral
# noncharacters are), in one class that the regular expression engine looks up in a table
_RARE = f"[\x85\u2028\u2029{_CJK}{BMP_FORBIDDEN}{ASTRAL}]"
_CJK_FOLD = rf"[{_CJK}][ \t]*\r?\n[ \t]*[{_CJK}]"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The classes of CJK characters above take 3-5 ms each to compile: compiled when a
    text first needs them, not by every command that imports this module (a re-check
    that finds every file in the cache parses none)."""
    return re.compile(pattern)


def _cjk_folds(
    root: yaml.Node, text: str, lines: LineTable, rel: str, out: list[Diagnostic]
) -> None:
    """Warn where YAML joins two lines of Chinese or Japanese with a space.

    Plain, quoted and folded (`>`) text turns a single line break into a space: right for
    English, a stray gap between two characters for Chinese, which editors wrap anyway.
    """
    fold_in = _compiled(_CJK_FOLD).search
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style == "|" or node.start_mark.line == node.end_mark.line:
                continue
            start = node.start_mark.index
            fold = fold_in(text, start, node.end_mark.index)
            if fold is None:
                continue
            joined = fold.group()[0] + " " + fold.group()[-1]
            out.append(
                rules.CJK_FOLD(lines.loc(rel, fold.start() + 1), "this-line-break", joined=joined)
            )
        elif id(node) not in seen:  # an alias shares its node: look at it once
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                stack.extend(v for _, v in node.value)
            else:
                stack.extend(node.value)


def _too_deep(rel: str, mark: yaml.Mark) -> Diagnostic:
    loc = Loc(rel, mark.line + 1, mark.column + 1)
    return rules.TOO_COMPLEX(loc, "nesting-deeper-than", max_depth=MAX_DEPTH)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, rel: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        problem = f"{exc.context}: {exc.problem}"
    lines = text.splitlines()
    shown = line
    if not (0 < shown <= len(lines) and lines[shown - 1].strip()) and exc.context_mark:
        shown = exc.context_mark.line + 1  # the end of the file: show where the bracket opened
    if not 0 < shown <= len(lines):
        return rules.YAML_SYNTAX(Loc(rel, line, column), "message-3", problem=problem)
    # the line shown, and what the catalogue says of it: a tab, a value holding a colon
    source = lines[shown - 1]
    message, data = "syntax", {"line": shown, "source": source.strip()[:120]}
    if "\t" in source:
        message += "-tab"
    if exc.problem and exc.problem.startswith("mapping values are not allowed"):
        message += "-colon"
        found = _KEY_VALUE.match(source)
        if found and found.group(2)[:1] not in "\"'":
            # `title: Stakeholders Engagement:` reads as a second key: quoted as it should be
            key, value = found.groups()
            message += "-quoted"
            data.update(key_=key, quoted=value.replace("\\", "\\\\").replace('"', '\\"'))
    return rules.YAML_SYNTAX(Loc(rel, line, column), message, problem=problem, **data)


_KEY_VALUE = re.compile(r"\s*(?:-\s+)?([^\s:#\[\]{}]+):\s+(.+?)\s*$")


def _reader_diagnostic(exc: yaml.reader.ReaderError, rel: str, text: str) -> Diagnostic:
    """Locate the forbidden character by itself: libyaml reports a byte offset, not a line."""
    char = exc.character if isinstance(exc.character, int) else -1
    at = text.find(chr(char)) if 0 <= char < 0x110000 else -1
    if at < 0:
        return rules.YAML_SYNTAX(
            Loc(rel), "character-x", reason=exc.reason, char=format(char, "04x")
        )
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return rules.YAML_SYNTAX(
        Loc(rel, line, column), "character-u-not", char=format(char, "04X"), reason=exc.reason
    )


class _TooDeep(Exception):
    """Nesting past MAX_DEPTH, and where it was met."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


def _compose(text: str) -> yaml.Node | None:
    """`yaml.compose`, safe from any nesting, whichever PyYAML and libyaml are installed.

    PyYAML's composers recurse once per level. libyaml 0.2.6 and newer refuse nesting past
    1,000 levels while they scan, which their composer takes on the main thread; such a
    refusal is CP008, like nesting past MAX_DEPTH (`_read_yaml`). Older libyaml has no
    limit: some 30 000 nested `[` overflow an 8 MB C stack and kill the process, so a
    bound computed from the text in C speed (`depth_bound`) decides: below FAST_DEPTH the
    C composer runs as it is, below THREAD_DEPTH it runs in a thread with a stack large
    enough for that depth, and above it (only a hostile file gets there) `_compose_events`
    builds the same nodes in a loop, three times slower. The pure-Python composer hits
    Python's recursion limit near 500 levels, so without libyaml every text goes through
    `_compose_events`. The garbage collector is paused: a tree of nodes has no cycles, and
    its passes over every new node
    cost as much as the parse.
    """
    if _LIBYAML is None:
        return _compose_events(text)
    collecting = gc.isenabled()
    gc.disable()
    try:
        if _LIBYAML == "bounded":
            try:
                return yaml.compose(text, Loader=_Loader)
            except yaml.MarkedYAMLError as exc:
                if exc.problem != _LIBYAML_TOO_DEEP:
                    raise
            # Deeper than 1,000: say where MAX_DEPTH is passed, as the other parsers do.
            # Only where a run of brackets fills libyaml's 1,024-character look-ahead does
            # its scanner refuse first, and its own position is reported.
            return _compose_events(text)
        bound = depth_bound(text)
        if bound <= FAST_DEPTH:
            return yaml.compose(text, Loader=_Loader)
        if bound <= THREAD_DEPTH:
            return _with_stack(lambda: yaml.compose(text, Loader=_Loader))
    finally:
        if collecting:
            gc.enable()
    return _compose_events(text)


# libyaml's own refusal of deep nesting (0.2.6 and newer), in its words
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _libyaml_kind() -> str | None:
    """ "bounded" for a libyaml that limits nesting itself, "unbounded" for one that does
    not, None for the pure-Python parser. Found by trying, not from version numbers: a
    PyYAML built against the system's libyaml reports the same version either way."""
    if _SafeLoader is yaml.SafeLoader:
        return None
    probe = "[" * 1001 + "]" * 1001  # 1,001 levels: safe for any C composer's stack
    try:
        yaml.compose(probe, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_TOO_DEEP:
            return "bounded"
        raise  # pragma: no cover - a parser that fails on valid YAML is a bug to see
    return "unbounded"


_LIBYAML = _libyaml_kind()

FAST_DEPTH = 2_000  # levels the C composer takes on the main thread, with room to spare
THREAD_DEPTH = 60_000  # levels it takes in a thread with THREAD_STACK (about 300 B a level)
THREAD_STACK = 128 * 1024 * 1024
_INDENT_LIMIT = 400  # columns of indentation: a plan uses a few dozen
_INDICATOR_LIMIT = 100  # `- - - ` on one line
_DEEP_INDENT = re.compile(rf"^[ \t]{{{_INDENT_LIMIT}}}", re.M)
_DEEP_INDICATORS = re.compile(rf"(?:[-?][ \t]+){{{_INDICATOR_LIMIT}}}")
_INDICATOR_RUN = re.compile(r"[-?][ \t]+[-?][ \t]+[-?]")


def depth_bound(text: str) -> int:
    """An upper bound of the nesting depth of a YAML text, never below the true depth.

    Flow nesting needs a `[` or `{` per level (`_flow_bound`); block nesting needs a
    column of indentation or a `- `/`? ` indicator per level, so the widest indentation
    plus the longest run of indicators bounds it.
    """
    flow = _flow_bound(text)
    # searching for a long run is much cheaper than measuring every run, and a cheaper
    # search first rules out most texts: no run of spaces that long, no three indicators
    spaces = " " * _INDENT_LIMIT in text or "\t" in text
    indent = THREAD_DEPTH if spaces and _DEEP_INDENT.search(text) else _INDENT_LIMIT
    run = _INDICATOR_RUN.search(text)
    compact = THREAD_DEPTH if run and _DEEP_INDICATORS.search(text) else _INDICATOR_LIMIT
    return flow + indent + compact + 1


# An innermost pair of brackets on one line, with nothing between that could hide a
# bracket: no bracket, `#` or backslash, and quotes only as whole one-line quoted scalars
# that hold no bracket and start where a flow scalar starts (after the bracket, `, ` or `: `).
_QUOTED = r"""(?:"[^"\\\n\[\]{}]*"|'(?:[^'\n\[\]{}]|'')*')"""
_INNER_PAIR = re.compile(
    rf"""[\[{{](?: *{_QUOTED})?(?:[^\[\]{{}}"'#\\\n]|, *{_QUOTED}|: +{_QUOTED})*[\]}}]"""
)
_PLAIN_PAIR = re.compile(r"""[\[{][^\[\]{}"'#\\\n]*[\]}]""")  # the same, without quotes: faster
_PAIR_PASSES = 16  # levels of one-line nesting a plan uses are a few
# a flow bound this low keeps the whole bound under FAST_DEPTH: no need to tighten it
_FLOW_ENOUGH = FAST_DEPTH - _INDENT_LIMIT - _INDICATOR_LIMIT - 1


def _flow_bound(text: str) -> int:
    """A bound of the flow nesting, from the brackets still open once the plain pairs go.

    Counting every `[` and `{` of the text (as this bound once did) sends any plan with a
    few thousand one-line `{value: 3, unit: beds}` to the large-stack thread. Here each pass
    deletes the innermost pairs whose brackets are on one line with no quote or `#` between
    them but whole quoted scalars without brackets. Such an open and its close are both
    real brackets or both inside one scalar (no quoted scalar or comment can begin or end
    between them unseen, and a plain or block scalar is outside flow nesting), so a deleted
    pair encloses nothing past its close; at any point,
    the open brackets around it are at most one deleted pair per pass plus every bracket
    left. Brackets in quotes and comments, and collections spread over lines, stay counted:
    the bound can only come out larger than the true depth. Each pass is one regular
    expression over the text, in C.
    """
    bound = text.count("[") + text.count("{")
    passes = 0
    # the cheaper counts first: most texts are decided before the slower patterns run
    for pattern in (_PLAIN_PAIR, _INNER_PAIR):
        while bound > _FLOW_ENOUGH and passes < _PAIR_PASSES:
            text, deleted = pattern.subn("", text)
            if not deleted:
                break
            passes += 1
            bound = text.count("[") + text.count("{") + passes
    return bound


def _with_stack(work: Any) -> Any:
    """Run `work` in a thread whose C stack holds THREAD_DEPTH levels of the composer."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed back to the caller as it is
            result["error"] = exc

    previous = threading.stack_size(THREAD_STACK)
    try:
        thread = threading.Thread(target=run, name="cpkit-compose")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def _compose_events(text: str) -> yaml.Node | None:
    """`yaml.compose` without recursion, refusing nesting past MAX_DEPTH while it parses."""
    loader = _Loader(text)
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None  # empty, or only comments
        loader.get_event()  # document start
        root = _compose_nodes(loader)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
        return root
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def _compose_nodes(loader: _Loader) -> yaml.Node:
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # collections being read: [node, key awaiting its value]
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            done = stack.pop()[0]
            done.end_mark = event.end_mark
            if not stack:
                return done
            continue
        if len(stack) > MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        node: yaml.Node
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            node = anchors[event.anchor]
        else:
            tag = event.tag
            if isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, style=event.style
                )
            else:
                seq = isinstance(event, yaml.SequenceStartEvent)
                kind = yaml.SequenceNode if seq else yaml.MappingNode
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)
                node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError(
                        f"found duplicate anchor {event.anchor!r}; first occurrence",
                        anchors[event.anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                anchors[event.anchor] = node
        if stack:
            parent = stack[-1]
            if isinstance(parent[0], yaml.SequenceNode):
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([node, None])
        elif not stack:
            return node  # a document that is a single value


def _guard(root: yaml.Node, text: str, rel: str, out: list[Diagnostic]) -> bool:
    """Report duplicate keys; refuse documents nested too deeply or expanding too far.

    Only a text with a `*` can have aliases: any other is a tree, each node written once,
    which `_guard_tree` walks without counting what aliases repeat.
    """
    if isinstance(root, yaml.ScalarNode):
        return True
    if "*" not in text:
        return _guard_tree(root, rel, out)
    return _guard_aliases(root, rel, out)


def _guard_tree(root: yaml.Node, rel: str, out: list[Diagnostic]) -> bool:
    """`_guard_aliases` for a tree without aliases, with the same findings in the same order.

    The collections are walked in the same order (each before what it holds, in the
    order written), each mapping's duplicate keys reported as it is met. What is too deep
    is the first node, in that order, below MAX_DEPTH levels: the first thing held by the
    first collection met at MAX_DEPTH that holds anything. Scalars need no visit of their own.
    """
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    pop, push, mapping, scalar = stack.pop, stack.extend, yaml.MappingNode, yaml.ScalarNode
    while stack:
        node, depth = pop()
        value = node.value
        if type(node) is mapping:
            if len(value) > 1:
                _duplicate_keys(node, rel, out)
            children = [n for pair in value for n in pair if type(n) is not scalar]
        else:
            children = [n for n in value if type(n) is not scalar]
        if depth == MAX_DEPTH and value:
            first = value[0][0] if type(node) is mapping else value[0]
            out.append(_too_deep(rel, first.start_mark))
            return False
        if children:
            depth += 1
            push([(n, depth) for n in reversed(children)])
    return True


def _guard_aliases(root: yaml.Node, rel: str, out: list[Diagnostic]) -> bool:
    """Report duplicate keys; refuse documents nested too deeply or expanding too far.

    Each node is walked once, in a loop (no recursion) that steps over scalars without a
    frame of their own: aliases share their node, so an alias bomb costs its written size
    here, while what the aliases add is counted without expanding it.
    """
    sizes: dict[int, int] = {}  # collections walked so far → their size
    repeated = 0  # nodes the aliases add to those written
    frames: list[list[Any]] = [[root, 0, None, 1]]  # node, depth, children, size so far

    def too_deep(node: yaml.Node) -> bool:
        out.append(_too_deep(rel, node.start_mark))
        return False

    def too_many(node: yaml.Node) -> bool:
        out.append(
            rules.TOO_COMPLEX(
                node_loc(rel, node), "aliases-repeat-more", max_alias_nodes=MAX_ALIAS_NODES
            )
        )
        return False

    while frames:
        frame = frames[-1]
        node, depth, children, size = frame
        if children is None:
            if depth > MAX_DEPTH:
                return too_deep(node)
            if isinstance(node, yaml.MappingNode):
                _duplicate_keys(node, rel, out)
                frame[2] = children = iter([n for pair in node.value for n in pair])
            else:
                frame[2] = children = iter(node.value)
        for child in children:
            known = sizes.get(id(child))
            if known is not None:  # an alias: its value once more
                repeated += known
                size += known
            elif isinstance(child, yaml.ScalarNode):
                if depth + 1 > MAX_DEPTH:
                    return too_deep(child)
                size += 1  # an aliased scalar adds one value each time: the written size
            else:
                frame[3] = size
                frames.append([child, depth + 1, None, 1])
                break
        else:
            frames.pop()
            sizes[id(node)] = size
            if frames:
                frames[-1][3] += size
            if repeated > MAX_ALIAS_NODES:
                return too_many(node)
    return True


def _duplicate_keys(node: yaml.MappingNode, rel: str, out: list[Diagnostic]) -> None:
    """CP002 for each key written again in the mapping, at the repeat.

    As many distinct values as keys settles it in C: no scalar key repeats (a collection
    as a key, whose value is a list, cannot be counted so: the loop below looks at it).
    """
    try:
        if len({key.value for key, _ in node.value}) == len(node.value):
            return
    except TypeError:  # a list or a mapping as a key
        pass
    seen: dict[str, yaml.Node] = {}
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode):
            first = seen.setdefault(key.value, key)
            if first is not key:
                out.append(
                    rules.DUPLICATE_KEY(
                        node_loc(rel, key),
                        "key-appears-twice",
                        key_=key.value,
                        first_line=first.start_mark.line + 1,
                    )
                )
