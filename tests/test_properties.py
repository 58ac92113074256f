"""Properties over mutated plans: whatever a plan folder holds, cpkit reports, it does not crash.

Every example starts from MINIMAL (tests/conftest.py) and applies a few mutations of the kinds
people (and attackers) make: a field dropped, a value of another type, a reference to nothing,
odd Unicode in values and keys, an entry twice, a file deleted, and raw bytes spliced into the
YAML. Through the library: check_plan never raises, a report fails exactly when it holds an
error, and every diagnostic has a published code, its rule's severity and a place in a file of
the plan. Through the command (run in this process, where an exception fails the test): the
exit code is the report's verdict, and what it prints is the report. And a plan that check
accepts without errors always renders.

Every other command too, on mutants of a plan with every section (RICH) and of the examples:
gaps (every table, every format), render (md, html), export (xlsx, csv), import --dry-run
(a CSV file, and the exported workbook back), diff and rollup (beside the plan before its
mutations), progress and comments end with exit 0, 1 or 2, never an exception, and leave the
plan folder as it was. CPKIT_PROPERTY_EXAMPLES=500 runs more examples than the suite's 30.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from cpkit.api import check_plan
from cpkit.cli.common import GAP_TABLES, IMPORT_KINDS
from cpkit.core import rules
from cpkit.core.diagnostics import Report, Severity
from cpkit.publish.render import render_plan

from conftest import EXAMPLES, MINIMAL, invoke, write_plan

CODES = {r.code for r in rules.ALL}
BASE: dict[str, Any] = {name: yaml.safe_load(text) for name, text in MINIMAL.items()}
# Deterministic, no example database: CI runs the same examples every time.
PROFILE = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

# Characters that have fooled text handling before: invisible, bidi, combining, controls.
ODD = "\u200b\u200d\u202e\u202d\u2066\u2069\u0301\x00\x01\x1b\x7f\x85\u2028\u2029\ufeff\t\r\n"
texts = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(ODD)), max_size=12)
YAML_BITS = [
    "&a ", "*a", "!!int ", "!!python/object:os.system ", "[", "]", "{", "}", ": ", "- ",
    "? ", "|", ">", "'", '"', "#", "\t", "\n", "---\n", "...\n", "%YAML 1.1\n", "<<: *a\n",
    "\ufeff", "\r",
]  # fmt: skip


class Tagged(str):
    """A scalar written with its tag: YAML lets any text claim a type, `!!int abc`."""

    tag = ""


def tagged(tag: str, text: str) -> Tagged:
    value = Tagged(text)
    value.tag = (
        tag if tag.startswith("!") and not tag.startswith("!!") else f"tag:yaml.org,2002:{tag}"
    )
    return value


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """safe_dump's dumper, writing Tagged values with their tag (left out where implied).

    libyaml's emitter where PyYAML has it: writing the files was most of each example's time.
    """


Dumper.add_representer(Tagged, lambda dumper, v: dumper.represent_scalar(v.tag, str(v)))
TAGS = ["int", "float", "bool", "str", "null", "timestamp", "python/object:os.system", "!x"]
numbers = st.builds(
    tagged,
    st.sampled_from(TAGS),
    st.one_of(
        st.integers().map(str),
        st.integers(300, 5000).map(lambda n: "9" * n),  # past float range, past int() limits
        st.sampled_from(
            ["0x" + "f" * 400, "1" + ":59" * 200, ".inf", "-.nan", "1.0e+400", "0b_", "", "-"]
        ),
        st.dates().map(str),
    ),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), texts, st.dates(), st.just(""),
    numbers,
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=6,
)
PROSE = {"title", "name", "description", "strengths", "weaknesses", "opportunities", "threats"}
IDS = ["city", "ngo", "council", "cg", "seniors", "home-care", "care", "housing", "1", "1.1"]
ids = st.one_of(st.sampled_from(IDS), st.from_regex(r"[a-z0-9][a-z0-9.-]{0,8}", fullmatch=True))


def places(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value under `node` (a key of a mapping, an index of a list)."""
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return []
    found = []
    for key, value in items:
        found.append((*here, key))
        found.extend(places(value, (*here, key)))
    return found


def parent(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        root = root[key]
    return root


@st.composite
def mutated_plans(
    draw: st.DrawFn, *, kinds: tuple[str, ...] | None = None, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """MINIMAL's files (or `base`'s) after a few mutations: name → bytes, None for a deleted
    file.

    `kinds` narrows the mutations; "prose" is "text" only where text is free (names, titles,
    SWOT items), so that the plan stays valid more often.
    """
    data = copy.deepcopy(BASE if base is None else base)
    all_kinds = (
        "drop", "retype", "number", "reference", "text", "key", "duplicate", "delete", "raw"
    )  # fmt: skip
    raw: list[tuple[str, int, bytes]] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(kinds or all_kinds))
        alive = sorted(n for n, d in data.items() if d is not None)
        name = draw(st.sampled_from(alive))
        if kind == "delete":
            if len(alive) > 1:  # a folder with no file at all is a usage error, not a finding
                data[name] = None
            continue
        if kind == "raw":
            bits = draw(st.lists(st.one_of(texts, st.sampled_from(YAML_BITS)), min_size=1))
            extra = "".join(bits).encode()
            if draw(st.booleans()):
                extra += draw(st.binary(min_size=1, max_size=3))  # maybe not UTF-8 at all
            raw.append((name, draw(st.integers(0, 10_000)), extra))
            continue
        paths = places(data[name])
        if kind == "number":  # a number or date written another way, or claiming a type
            paths = [
                p for p in paths if isinstance(parent(data[name], p)[p[-1]], (int, float, dt.date))
            ]
        if kind in ("reference", "text", "prose"):
            paths = [p for p in paths if isinstance(parent(data[name], p)[p[-1]], str)]
        if kind == "prose":
            paths = [p for p in paths if PROSE & {p[-1], p[-2] if len(p) > 1 else None}]
        elif kind == "key":
            paths = [p for p in paths if isinstance(parent(data[name], p), dict)]
        elif kind == "duplicate":
            paths = [p for p in paths if isinstance(parent(data[name], p), list)]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        holder, key = parent(data[name], path), path[-1]
        if kind == "drop":
            del holder[key]
        elif kind == "retype":
            holder[key] = draw(values)
        elif kind == "number":
            holder[key] = draw(st.one_of(numbers, st.builds(tagged, st.sampled_from(TAGS), texts)))
        elif kind == "reference":
            holder[key] = draw(ids)
        elif kind in ("text", "prose"):
            holder[key] = draw(st.sampled_from(["", holder[key]])) + draw(texts)
        elif kind == "key":
            holder[draw(texts)] = holder.pop(key)
        elif kind == "duplicate":
            holder.append(copy.deepcopy(holder[key]))
    files: dict[str, Any] = {}
    for name, tree in data.items():
        if tree is None:
            files[name] = None
            continue
        text = yaml.dump(tree, Dumper=Dumper, allow_unicode=draw(st.booleans()), sort_keys=False)
        files[name] = text.encode()
    for name, at, extra in raw:
        if files[name] is not None:
            at = min(at, len(files[name]))
            files[name] = files[name][:at] + extra + files[name][at:]
    return files


def assert_sound(folder: Path, report: Report) -> None:
    """The verdict follows from the findings, and every finding has a published code, its
    rule's severity and a place that exists in the plan."""
    severities = {d.severity for d in report}
    # what `cpkit check` turns into exit 1 or 0, and with --strict
    assert report.failed() is (Severity.ERROR in severities), report.diagnostics
    assert report.failed(strict=True) is bool({Severity.ERROR, Severity.WARNING} & severities)
    assert report.diagnostics == sorted(set(report.diagnostics), key=lambda d: d.sort_key())
    for d in report:
        assert d.code in CODES, d
        rule = rules.BY_KEY[d.code]
        assert (d.name, d.severity) == (rule.name, rule.severity), d
        assert d.loc.file and (folder / d.loc.file).exists(), d
        assert d.loc.line >= 0 and d.loc.column >= 0, d
        assert isinstance(d.message, str) and d.message, d


@settings(max_examples=400, **PROFILE)
@given(mutated_plans())
def test_check_never_raises(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_plan(Path(tmp) / "plan", files)
        _, report = check_plan(folder)
        assert_sound(folder, report)
        event("errors" if report.failed() else "clean")


@settings(max_examples=40, **PROFILE)
@given(mutated_plans())
def test_cli_check_says_what_the_report_says(files: dict[str, Any]) -> None:
    """An exception would fail the test (invoke lets it through) where a process would show
    a traceback; tests/test_entry_point.py checks a real process on hostile files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_plan(Path(tmp) / "plan", files)
        _, report = check_plan(folder)
        result = invoke("check", str(folder), "--format", "json")
        assert (result.returncode, result.stderr) == (int(report.failed()), "")
        shown = json.loads(result.stdout)["diagnostics"]
        assert [(d["code"], d["severity"], d["line"]) for d in shown] == [
            (d.code, d.severity.value, d.loc.line) for d in report
        ]
        text = invoke("check", str(folder))
        assert (text.returncode, text.stderr) == (result.returncode, "")
        last = text.stdout.splitlines()[-1]
        errors = sum(d.severity is Severity.ERROR for d in report)
        if not len(report):
            assert last.startswith("No problems. Files checked: ")
        elif errors:
            assert last.startswith(f"Found {errors} error{'' if errors == 1 else 's'}"), last
        else:
            assert last.startswith("Found ") and " error" not in last, last


# Mutations that keep a plan valid more often than not: odd prose, optional things dropped.
friendly_plans = mutated_plans(kinds=("prose", "prose", "prose", "drop", "duplicate"))


@settings(max_examples=60, **PROFILE)
@given(friendly_plans)
def test_render_never_raises_for_a_plan_check_accepts(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_plan(Path(tmp) / "plan", files)
        plan, report = check_plan(folder)
        if report.counts()[Severity.ERROR]:
            event("refused by check")
            return  # only plans check accepts have to render
        event("rendered")
        written = render_plan(plan, Path(tmp) / "out")
        assert {p.name for p in written} >= {"plan.md", "plan.html", "services.md", "services.html"}


# --- every command, not only check ----------------------------------------------------------
#
# MINIMAL has no demand, population, funds, added capacity, indicators, monitoring year or
# comments, where most crashes of the other commands were (a wrong-typed `demand.share`, an
# unknown fund source, a monitoring `year` in words). RICH is MINIMAL with one of each; the
# mutations then reach them.

RICH_TEXT: dict[str, str] = {
    **MINIMAL,
    "services.yaml": MINIMAL["services.yaml"].replace(
        "    capacity: {value: 10, unit: places}\n",
        "    capacity: {value: 10, unit: places}\n"
        "    funding:\n      - {source: municipality, amount: 50, year: 2025, secured: true}\n",
    ),
    "objectives.yaml": MINIMAL["objectives.yaml"]
    .replace(
        "        measures:\n",
        "        indicators:\n"
        "          - {id: places, name: Places, unit: places, baseline: {value: 10, year: 2024},"
        " target: {value: 20, year: 2027}}\n"
        "        measures:\n",
    )
    .replace(
        "            answers: [seniors-care/housing]\n",
        "            answers: [seniors-care/housing]\n"
        "            funds:\n              - {source: eu, amount: 70, year: 2025}\n"
        "            adds_capacity:\n"
        "              - {service_type: home-care, target_groups: [seniors], value: 5,"
        " unit: places}\n",
    ),
    "demand.yaml": """\
demand:
  - {target_group: seniors, service_type: home-care, share: 0.02, unit: places}
""",
    "monitoring/2025.yaml": """\
monitoring:
  year: 2025
  measures:
    - {measure: "1.1.1", status: in-progress, spent: 30}
  indicators:
    - {owner: "1.1", indicator: places, value: 14}
""",
    "consultation.yaml": """\
consultation:
  start: 2024-10-01
  end: 2024-10-31
  channels: [email]
comments:
  - id: "1"
    received: 2024-10-02
    author: {name: Jana Nováková, contact: jana@example.org}
    target: "1.1.1"
    text: More flats, please.
    kind: substantive
    group: cg
    decision: accepted
    reasons: Agreed.
    status: settled
""",
}
RICH: dict[str, Any] = {name: yaml.safe_load(text) for name, text in RICH_TEXT.items()}
# CSV, not mutated: the demand above needs a population to become a number.
POPULATION = "year,target_group,count,source\n2025,seniors,1000,census\n"
SERVICES_CSV = (
    "id,name,provider,type,capacity,capacity unit\n"
    "care,Home care service,ngo,home-care,12,places\n"  # a conflict: capacity 10 in the plan
    "new,New day care,ngo,home-care,3,places\n"
)
OUTPUTS = ("gaps-csv", "gaps.xlsx", "md", "html", "plan.xlsx", "csv", "rollup")


def every_command(plan: Path, pristine: Path, out: Path, table: str, fmt: str) -> list[list[str]]:
    """Each command in each of its outputs, on `plan`; diff and rollup set it beside
    `pristine`, the plan before its mutations."""
    p, o = str(plan), str(out)
    runs = [["check", p], ["check", p, "--format", "json", "--strict"]]
    runs += [["gaps", p, "--format", f] for f in ("table", "json", "md")]
    runs += [["gaps", p, "-f", "csv", "-o", f"{o}/gaps-csv"], ["gaps", p, table, "-f", fmt]]
    runs += [["gaps", p, "-f", "xlsx", "-o", f"{o}/gaps.xlsx"]]
    runs += [["render", p, "-f", f, "-o", f"{o}/{f}"] for f in ("md", "html")]
    runs += [["export", p, "-o", f"{o}/plan.xlsx"], ["export", p, "-o", f"{o}/csv"]]
    runs += [["import", p, f"{o}/services.csv", "--dry-run", *m] for m in ((), ("--merge",))]
    runs += [["import", p, f"{o}/plan.xlsx", "--dry-run", "--kind", k] for k in IMPORT_KINDS]
    runs += [["diff", str(pristine), p], ["diff", p, str(pristine), "--format", "md"]]
    runs += [["rollup", str(pristine), p, "-o", f"{o}/rollup"]]
    runs += [["progress", p, "--measures"], ["progress", p, "-f", "json", "--year", "2026"]]
    runs += [["comments", p], ["comments", p, "--annex", "-f", "md"]]
    return runs


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}


def assert_every_command_ends_well(
    plan: Path, pristine: Path, out: Path, table: str, fmt: str
) -> None:
    """Exit 0, 1 or 2 and no traceback (an exception fails the test: invoke raises it), and
    the plan folder as it was: outputs go to `out`, and the imports are dry runs."""
    out.mkdir()
    (out / "services.csv").write_text(SERVICES_CSV, encoding="utf-8")
    before = _tree(plan)
    for args in every_command(plan, pristine, out, table, fmt):
        result = invoke(*args)
        assert result.returncode in (0, 1, 2), (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr, args
        event(f"{args[0]} exit {result.returncode}")
    assert _tree(plan) == before


# Each example runs some twenty commands: shrinking a failure would take many minutes, so
# the failing plan is shown as generated (each file's bytes), not shrunk.
EVERY_COMMAND = {
    **PROFILE,
    "max_examples": int(os.environ.get("CPKIT_PROPERTY_EXAMPLES", "30")),
    "phases": [Phase.explicit, Phase.generate],
}


def _write_rich(folder: Path, files: dict[str, Any]) -> Path:
    """RICH's files (every one of MINIMAL's among them, None where deleted) and the CSV."""
    return write_plan(folder, {**files, "demographics/population.csv": POPULATION})


@settings(**EVERY_COMMAND)
@given(
    mutated_plans(base=RICH),
    st.sampled_from(GAP_TABLES),
    st.sampled_from(["table", "csv", "json", "md"]),
)
def test_every_command_ends_with_0_1_or_2(files: dict[str, Any], table: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pristine = _write_rich(Path(tmp) / "pristine", RICH_TEXT)
        plan = _write_rich(Path(tmp) / "plan", files)
        assert_every_command_ends_well(plan, pristine, Path(tmp) / "out", table, fmt)


# Mutations of values only (no raw bytes, no deleted files): the plan is still read, so each
# command gets to compute from the broken values rather than refusing an unreadable file.
value_mutations = mutated_plans(
    kinds=("retype", "number", "drop", "reference", "key", "duplicate", "text"), base=RICH
)


@settings(**EVERY_COMMAND)
@given(value_mutations, st.sampled_from(GAP_TABLES), st.sampled_from(["csv", "json", "md"]))
def test_every_command_survives_broken_values(files: dict[str, Any], table: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pristine = _write_rich(Path(tmp) / "pristine", RICH_TEXT)
        plan = _write_rich(Path(tmp) / "plan", files)
        assert_every_command_ends_well(plan, pristine, Path(tmp) / "out", table, fmt)


def test_rich_is_a_clean_plan(tmp_path: Path) -> None:
    """The base of the mutations passes `check --strict`: every finding in a mutant comes
    from its mutations, and every command has every part of the plan to work on."""
    plan = _write_rich(tmp_path / "rich", RICH_TEXT)
    result = invoke("check", str(plan), "--strict")
    assert (result.returncode, result.stdout) == (0, "No problems. Files checked: 9.\n"), (
        result.stdout
    )


# The examples themselves, a value or two broken: larger plans, every Part of the document
# filled in, and what MINIMAL and RICH lack (districts' shapes, many years, many sources).
EXAMPLE_NAMES = ("usti-seniors", "hkcss-2023")
EXAMPLE_TREES: dict[str, dict[str, Any]] = {
    name: {
        p.relative_to(EXAMPLES / name).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((EXAMPLES / name).rglob("*.yaml"))
    }
    for name in EXAMPLE_NAMES
}


@st.composite
def mutated_examples(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(EXAMPLE_NAMES))
    kinds = ("retype", "number", "drop", "reference", "key", "duplicate")
    return name, draw(mutated_plans(kinds=kinds, base=EXAMPLE_TREES[name]))


@settings(**{**EVERY_COMMAND, "max_examples": EVERY_COMMAND["max_examples"] // 5})
@given(mutated_examples())
def test_every_command_on_a_broken_example(example: tuple[str, dict[str, Any]]) -> None:
    name, files = example
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(shutil.copytree(EXAMPLES / name, Path(tmp) / "plan"))
        for rel, content in files.items():
            if content is None:
                (plan / rel).unlink()
            else:
                (plan / rel).write_bytes(content)
        assert_every_command_ends_well(plan, EXAMPLES / name, Path(tmp) / "out", "funding", "md")
