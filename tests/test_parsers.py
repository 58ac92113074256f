"""The same findings whichever YAML parser PyYAML brings: libyaml that limits nesting itself
(0.2.6 and newer), older libyaml without a limit, or the pure-Python parser.

The lock installs the first; the other two are what someone gets who installs cpkit as a
library beside another PyYAML build, and each takes a path of its own through `compose._compose`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpkit.api import check_plan
from cpkit.source import compose, strict

from conftest import ROOT, write_plan

# file name → (content, line of the CP008 finding); MAX_DEPTH is 64, so the 65th level is
# where every parser must refuse, except where noted
DEEP: dict[str, tuple[str, int]] = {
    # a run of brackets: libyaml's scanner refuses at its 1,000th level, all on line 1
    "flow-deep.yaml": ("needs: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),
    "flow-unclosed.yaml": ("needs: " + "[" * 100_000 + "\n", 1),
    "flow-mappings-deep.yaml": ("needs: " + "{a: " * 100_000 + "}" * 100_000, 1),
    # one level per line: the 65th key is on line 65, for every parser
    "block-deep.yaml": ("".join(f"{' ' * i}k:\n" for i in range(1000)), 65),
    "block-below-libyaml-limit.yaml": ("".join(f"{' ' * i}k:\n" for i in range(999)), 65),
    # 500 levels: the pure-Python composer used to die of RecursionError here
    "flow-500.yaml": ("needs: " + "[" * 500 + "]" * 500 + "\n", 1),
    # `needs:` on line 1, then one level deeper per line: the 65th level is on line 66
    "dashes-500.yaml": ("needs:\n" + "".join(" " * i + "-\n" for i in range(1, 500)), 66),
    "compact-deep.yaml": ("needs:\n  " + "- " * 5000 + "x\n", 2),
}

KINDS = ["bounded", "unbounded", "python"]


@pytest.fixture(params=KINDS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with `compose` believing it has this parser.

    "unbounded" uses the installed libyaml through the old-libyaml path (the depth bound,
    the big-stack thread, the event loop); "python" swaps in PyYAML's pure-Python loader.
    """
    kind: str = request.param
    if kind == "python":
        monkeypatch.setattr(compose, "_Loader", compose.tag_once(yaml.SafeLoader))
        monkeypatch.setattr(compose, "_LIBYAML", None)
    else:
        monkeypatch.setattr(compose, "_LIBYAML", kind)
    return kind


def test_the_locked_libyaml_limits_nesting_itself() -> None:
    """The lock pins a PyYAML wheel with libyaml 0.2.6 or newer; the other kinds are
    exercised by the `parser` fixture."""
    assert yaml.__with_libyaml__
    assert compose._libyaml_kind() == "bounded"


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_cp008_on_the_same_line(tmp_path: Path, parser: str, name: str) -> None:
    content, line = DEEP[name]
    _, report = check_plan(write_plan(tmp_path / "plan", {name: content}))
    found = [(d.code, d.loc.line) for d in report if d.loc.file == name]
    assert found == [("CP008", line)], report.diagnostics


def test_block_nesting_is_located_at_the_same_column(tmp_path: Path, parser: str) -> None:
    content, _ = DEEP["block-deep.yaml"]
    _, report = check_plan(write_plan(tmp_path / "plan", {"deep.yaml": content}))
    [found] = [d for d in report if d.loc.file == "deep.yaml"]
    # line 65 is `k:` indented by 64 spaces: the key starts in column 65
    assert (found.code, found.loc.line, found.loc.column) == ("CP008", 65, 65)


def many_braces(count: int) -> str:
    """A shallow plan file with `count` flow mappings: deep by the bound, flat in truth
    (each spread over two lines, which the bound does not try to pair)."""
    rows = "".join(f"  - {{id: n{i},\n     name: Need {i}}}\n" for i in range(count))
    return "needs:\n" + rows


@pytest.mark.parametrize("count", [10, 3_000, 70_000])
def test_shallow_files_read_the_same_by_every_path(
    tmp_path: Path, parser: str, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3,000 braces take the old-libyaml path through the big-stack thread, 70,000 through
    the event loop; every path builds the same plan. The pure-Python parser takes the event
    loop for any size, so its 70,000 case (20 s of parsing) would test nothing new."""
    if parser == "python" and count == 70_000:
        pytest.skip("the same path as the python-3000 case")
    calls: list[str] = []
    for name in ("_with_stack", "_compose_events"):
        real = getattr(compose, name)
        monkeypatch.setattr(
            compose, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a)
        )
    plan_path = write_plan(tmp_path / "plan", {"needs.yaml": many_braces(count)})
    plan, report = check_plan(plan_path)
    assert [d.code for d in report if d.loc.file == "needs.yaml"] == []
    ids = {n.id for n in plan.needs}
    assert len(ids) == count + 1  # MINIMAL's housing, and the new ones
    assert {"housing", "n0", f"n{count - 1}"} <= ids
    taken = {
        "bounded": set(),
        "unbounded": {10: set(), 3_000: {"_with_stack"}, 70_000: {"_compose_events"}}[count],
        "python": {"_compose_events"},  # every file, whatever its size
    }[parser]
    assert set(calls) == taken


# A comment a YAML-only line break ends: `publish_contact: true` hides in what editors show
# as the comment on line 5. Column 37: four spaces and `# contacts checked by the office`.
HIDDEN = (
    "stakeholders:\n  - id: jana\n    name: Jana Nováková\n    kind: person\n"
    "    # contacts checked by the office{}publish_contact: true\n"
    "    contact: {{email: jana@example.org}}\n"
)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_hidden_line_is_the_same_finding_on_every_path(
    tmp_path: Path, parser: str, char: str
) -> None:
    plan, report = check_plan(write_plan(tmp_path / "plan", {"jana.yaml": HIDDEN.format(char)}))
    found = [(d.code, d.loc.line, d.loc.column, d.message) for d in report]
    message = (
        f"U+{ord(char):04X} ends the comment for YAML, though editors show one line: YAML "
        "would read 'publish_contact: true' as part of the plan; it is read as editors show it"
    )
    assert found == [("CP010", 5, 37, message)]
    assert plan.ids("stakeholders")["jana"].publish_contact is None  # read as a comment


@pytest.mark.parametrize("text", ['"a\u2028b"', "'a\u2029b'", "|\n      a\x85b", "a\u2028      b"])
def test_yaml_only_breaks_inside_text_are_text(tmp_path: Path, parser: str, text: str) -> None:
    changes = {"t.yaml": f"target_groups:\n  - id: youth\n    name: {text}\n"}
    _, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert [d.code for d in report if d.code == "CP010"] == []


SUITE = ROOT / "tests" / "data" / "yaml-test-suite" / "cases.json"
SUITE_CASES = json.loads(SUITE.read_text(encoding="utf-8")) if SUITE.is_file() else None


def suite(group: str) -> list[Any]:
    cases = SUITE_CASES[group] if SUITE_CASES else []
    return [pytest.param(c["yaml"], id=c["id"]) for c in cases]


@pytest.mark.skipif(SUITE_CASES is None, reason="the yaml-test-suite cases are not here")
@pytest.mark.parametrize("text", suite("invalid"))
def test_invalid_yaml_libyaml_accepts_is_a_syntax_error(
    tmp_path: Path, parser: str, text: str
) -> None:
    """The 12 texts of the yaml-test-suite that are not YAML and that libyaml (and PyYAML's
    own parser) read without a word: CP001 on every path, and the file is not read."""
    _, report = check_plan(write_plan(tmp_path / "plan", {"suite.yaml": text}))
    found = {d.code for d in report if d.loc.file == "suite.yaml"}
    assert found == {"CP001"}, report.diagnostics


def test_valid_yaml_of_the_suite_is_not_refused() -> None:
    """Every text the suite marks as YAML and libyaml composes: none breaks a strict rule."""
    if SUITE_CASES is None:
        pytest.skip("the yaml-test-suite cases are not here")
    refused = []
    for case in SUITE_CASES["valid"]:
        root = compose._compose(case["yaml"])
        if root is not None and strict.violations(root, case["yaml"]):
            refused.append(case["id"])
    assert refused == []
    assert len(SUITE_CASES["valid"]) == 241


def _tree(node: yaml.Node) -> list[tuple[Any, ...]]:
    """Every node of a tree in document order: its kind, tag, value if a scalar, where."""
    out: list[tuple[Any, ...]] = []
    todo = [node]
    while todo:
        n = todo.pop()
        where = (n.start_mark.index, n.end_mark.index)
        if isinstance(n, yaml.ScalarNode):
            out.append(("scalar", n.tag, n.value, n.style, where))
        elif isinstance(n, yaml.SequenceNode):
            out.append(("sequence", n.tag, where))
            todo.extend(reversed(n.value))
        else:
            out.append(("mapping", n.tag, where))
            todo.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return out


# plain words every implicit resolver of YAML 1.1 takes, some twice in a file, and words
# that look like one and are not: the tag of each must be PyYAML's, not the one before it
TRICKY = (
    "a: [yes, Yes, no, NO, on, Off, y, n, true, True, ~, null, Null, '', '1', 1, 1, 1_000,"
    " 0x1F, 0o17, 017, 0b101, 1:30, -1, +1, .5, 1e3, 1.0e+3, .inf, -.Inf, .NaN, .nan,"
    " 2026-12-03, 2026-12-03 05:31:00, 2026-12-03T05:31:00Z, '2026-12-03', =, <<, x, id]\n"
    "b: {yes: no, 1: 2, ~: null, 1.5: x, 2026-01-01: d}\n"
    "c: !!str 1\n"
    "d: &a [1, yes]\n"
    "e: *a\n"
    "<<: {f: 1}\n"
    "g: |\n  yes\n"
    'h: "yes"\n'
)


@pytest.mark.parametrize("base", [yaml.SafeLoader, yaml.CSafeLoader], ids=["python", "libyaml"])
def test_tags_resolved_once_per_file_are_pyyamls(base: type[yaml.SafeLoader]) -> None:
    """The loader cpkit composes with (compose.tag_once) gives every node the tag, value
    and position PyYAML's safe loader gives it: on every example plan, on the valid texts
    of the yaml-test-suite and on words each of YAML 1.1's implicit types takes."""
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in ROOT.glob("examples/**/*.yaml")]
    if SUITE_CASES is not None:
        texts += [case["yaml"] for case in SUITE_CASES["valid"]]
    fast = compose.tag_once(base)
    compared = 0
    for text in texts:
        try:
            expected = yaml.compose(text, Loader=base)
        except yaml.YAMLError:
            continue  # not for this parser: the suite's cases each parser reads differently
        got = yaml.compose(text, Loader=fast)
        assert (got is None) == (expected is None)
        if expected is not None:
            assert _tree(got) == _tree(expected), text[:200]
            compared += 1
    assert compared > 200
    tags = {t[1] for t in _tree(yaml.compose(TRICKY, Loader=fast))}
    assert {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"} <= tags  # fmt: skip
