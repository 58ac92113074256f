"""Hostile plan files: refused with a coded diagnostic that points into the plan, in bounded
time and memory, and never with a traceback from the real command.

A plan folder may come from anyone (a pull request, a downloaded archive), so what cpkit reads
must not be able to hang it, exhaust memory, crash the interpreter, run code or read files
outside the folder. Each case is checked alone through the library (timed, memory traced), and
all of them together in one folder through `cpkit check` (and through a real process in
tests/test_entry_point.py).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml

from cpkit.api import check_plan
from cpkit.core.diagnostics import Report

from conftest import MINIMAL, invoke, write_plan

# how long each case takes is timed by the benchmark (benchmarks/run.py, hostile_corpus)
MEMORY = 300 * 2**20


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each level lists `width` aliases of the level below."""
    lines = ["needs:", '  - &l0 {id: lol, name: "lol"}']
    for i in range(1, levels + 1):
        lines.append(f"  - &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def service(capacity: str) -> str:
    return (
        "services:\n  - {id: odd, name: Odd, provider: ngo, type: home-care,\n"
        f"     capacity: {{value: {capacity}, unit: places}}}}\n"
    )


# file name → (content, the code it must be refused with, the line it must point to)
CASES: dict[str, tuple[str | bytes, str, int]] = {
    "alias-bomb.yaml": (alias_bomb(), "CP008", 6),
    "recursive-alias.yaml": ("needs: &a [*a]\n", "CP008", 1),
    "flow-deep.yaml": ("needs: " + "[" * 100_000 + "]" * 100_000 + "\n", "CP008", 1),
    "flow-unclosed.yaml": ("needs: " + "[" * 100_000 + "\n", "CP008", 1),
    "flow-mappings-deep.yaml": ("needs: " + "{a: " * 100_000 + "}" * 100_000, "CP008", 1),
    # 5 000 levels by indentation take 12.5 MB: refused for its size before it is read
    "block-deep.yaml": ("".join(f"{' ' * i}k{i}:\n" for i in range(5000)), "CP008", 0),
    "block-deep-small.yaml": ("".join(f"{' ' * i}k:\n" for i in range(1000)), "CP008", 65),
    "block-deep-compact.yaml": ("needs:\n  " + "- " * 5000 + "x\n", "CP008", 2),
    "binary.yaml": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), "CP003", 3),
    "latin-1.yaml": ("needs:\n  - {id: cafe, name: Kavárna}\n".encode("latin-1"), "CP003", 2),
    "utf-16.yaml": ("needs: []\n".encode("utf-16"), "CP003", 1),
    "utf-16-no-bom.yaml": ("needs: []\n".encode("utf-16-le"), "CP003", 1),
    "control-character.yaml": ("needs:\n  - {id: a\x01b, name: x}\n", "CP001", 2),
    "escape-character.yaml": ("needs:\n  - {id: a, name: \x1b[2J}\n", "CP001", 2),
    "tabs.yaml": ("needs:\n\t- {id: x, name: y}\n", "CP001", 2),
    "two-documents.yaml": ("needs: []\n---\nservices: []\n", "CP001", 2),
    "undefined-alias.yaml": ("needs: *nowhere\n", "CP001", 1),
    "huge-integer.yaml": (service("9" * 5000), "CP101", 3),
    "huge-hex.yaml": (service("0x" + "f" * 5000), "CP101", 3),
    "long-sexagesimal.yaml": (service("1" + ":59" * 100_000), "CP101", 3),
    "forced-int.yaml": (service("!!int abc"), "CP101", 3),
    "forced-float.yaml": (service("!!float abc"), "CP101", 3),
    "forced-empty-int.yaml": (service("!!int ''"), "CP101", 3),
    "forced-empty-float.yaml": (service("!!float -"), "CP101", 3),
    "forced-bool.yaml": (
        "stakeholders:\n  - {id: odd, name: Odd, side: user, publish_contact: !!bool maybe}\n",
        "CP101",
        2,
    ),
}


def traced_check(folder: Path) -> tuple[Report, int]:
    """The report and the peak of memory traced meanwhile."""
    tracemalloc.start()
    try:
        _, report = check_plan(folder)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return report, peak


def refusals(report: Report, file: str) -> list[tuple[str, int]]:
    return [(d.code, d.loc.line) for d in report if d.loc.file == file]


@pytest.mark.parametrize("name", CASES)
def test_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    content, code, line = CASES[name]
    report, peak = traced_check(write_plan(tmp_path / "plan", {name: content}))
    assert refusals(report, name) == [(code, line)], report.diagnostics
    assert peak < MEMORY, f"{peak / 2**20:.0f} MB"


def test_tab_hint_names_the_tab(tmp_path: Path) -> None:
    _, report = check_plan(write_plan(tmp_path / "plan", {"tabs.yaml": CASES["tabs.yaml"][0]}))
    (found,) = report.diagnostics
    assert "tab" in (found.hint or "")


def test_too_big_file_is_not_read(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan")
    with (plan / "big.yaml").open("wb") as f:  # 50 MB, sparse: cheap to make
        f.write(b"needs:\n")
        f.truncate(50 * 2**20)
    report, peak = traced_check(plan)
    assert refusals(report, "big.yaml") == [("CP008", 0)]
    assert peak < 5 * 2**20, f"{peak / 2**20:.0f} MB: the file was read"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    """Reading a pipe no one writes to never ends: it is refused before it is opened."""
    plan = write_plan(tmp_path / "plan")
    os.mkfifo(plan / "pipe.yaml")
    report, _ = traced_check(plan)
    assert refusals(report, "pipe.yaml") == [("CP003", 0)]


def test_links_out_of_the_plan_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("needs: [{id: secret, name: Secret}]\n")
    plan = write_plan(tmp_path / "plan")
    (plan / "linked.yaml").symlink_to(outside / "secret.yaml")
    (plan / "linked-dir").symlink_to(outside, target_is_directory=True)
    (plan / "etc.yaml").symlink_to("/etc/passwd")
    (plan / "dangling.yaml").symlink_to(outside / "nothing.yaml")
    (plan / "loop.yaml").symlink_to("loop.yaml")  # points at itself
    report, _ = traced_check(plan)
    assert "secret" not in check_plan(plan, run=False)[0].ids("needs")
    assert refusals(report, "linked.yaml") == [("CP004", 0)]
    assert refusals(report, "linked-dir") == [("CP004", 0)]
    assert refusals(report, "etc.yaml") == [("CP004", 0)]
    assert refusals(report, "dangling.yaml") == [("CP004", 0)]
    assert refusals(report, "loop.yaml") == [("CP003", 0)]


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n   \n", b"# only a comment\n# and another\r\n", b"---\n# nothing yet\n"],
    ids=["empty", "blank", "comments", "bare-document"],
)
def test_empty_files_are_accepted(tmp_path: Path, content: bytes) -> None:
    _, report = check_plan(write_plan(tmp_path / "plan", {"later.yaml": content}))
    assert report.diagnostics == []


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    changes = {"plan.yaml": b"\xef\xbb\xbf" + MINIMAL["plan.yaml"].encode()}
    plan, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert report.diagnostics == []
    assert plan.info is not None and plan.info.title == "Minimal plan"


def test_python_tags_run_nothing(tmp_path: Path) -> None:
    """Tags are never constructed, and a tag that would give a value another meaning is
    refused (CP109) where it is written; the value under it is not used."""
    sentinel = tmp_path / "ran"
    command = f"['touch {sentinel}']"
    changes = {
        "apply.yaml": f"needs: !!python/object/apply:os.system {command}\n",
        "new.yaml": f"services: !!python/object/new:os.system {command}\n",
        "stakeholders.yaml": MINIMAL["stakeholders.yaml"].replace(
            "name: City Hall", "name: !!python/name:os.system City Hall"
        ),
        "areas.yaml": MINIMAL["areas.yaml"].replace("name: Senior citizens", "name: !x Seniors"),
    }
    plan, report = check_plan(write_plan(tmp_path / "plan", changes))
    result = invoke("check", str(tmp_path / "plan"))
    assert not sentinel.exists()
    assert (result.returncode, result.stderr) == (1, "")
    # The tagged lists: refused, and their items are text where mappings belong (CP101).
    assert report.flatten() == [
        ("CP109", "apply.yaml", 1),
        ("CP101", "apply.yaml", 1),
        ("CP109", "areas.yaml", 2),
        ("CP109", "new.yaml", 1),
        ("CP101", "new.yaml", 1),
        ("CP109", "stakeholders.yaml", 2),
    ]
    assert plan.ids("stakeholders")["city"].name == ""
    assert plan.target_groups[0].name == ""


ODD = {
    "zero-width-space": "a\u200bb",
    "right-to-left-override": "abc\u202egpj",
    "combining-mark": "cafe\u0301",
    "leading-combining-mark": "\u0301cafe",
    "nul": "a\0b",
    "control": "a\x01b",
    "escape": "a\x1b[31mb",
    "delete": "a\x7fb",
    "next-line": "a\x85b",
    "line-separator": "a\u2028b",
    "byte-order-mark": "a\ufeffb",
    "bidi-isolate": "\u2066a\u2069",
    "trailing-newline": "ab\n",
}


@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "raw"])
@pytest.mark.parametrize("name", ODD)
def test_odd_unicode_is_never_a_valid_id(tmp_path: Path, name: str, escaped: bool) -> None:
    ident = ODD[name]
    if escaped:  # written as YAML escapes: the id reaches the checks with the character in it
        text = yaml.safe_dump({"target_groups": [{"id": ident, "name": "Odd"}]}, width=1000)
    else:  # written as it is: YAML itself may refuse the character first
        text = f'target_groups:\n  - {{id: "{ident}", name: Odd}}\n'
    _, report = check_plan(write_plan(tmp_path / "plan", {"odd.yaml": text}))
    refused = {code for code, _ in refusals(report, "odd.yaml")}
    assert refused & {"CP001", "CP003", "CP101", "CP105"}, report.diagnostics
    assert all(line >= 1 for _, line in refusals(report, "odd.yaml"))


def test_odd_unicode_is_never_a_valid_number(tmp_path: Path) -> None:
    """The numbered ids of priorities, objectives and measures are checked the same way."""
    objectives = MINIMAL["objectives.yaml"]
    for i, ident in enumerate(["1\u200b", "\u0661", "1\u0301", "1\u202e"]):
        changes = {"objectives.yaml": objectives.replace('id: "1"', f"id: {json.dumps(ident)}")}
        _, report = check_plan(write_plan(tmp_path / str(i), changes))
        assert ("CP105", "objectives.yaml", 2) in report.flatten(), (ident, report.diagnostics)


def hostile_plan(folder: Path) -> Path:
    """Every hostile file of this module in one plan folder, `folder`/plan."""
    plan = write_plan(folder / "plan", {name: content for name, (content, _, _) in CASES.items()})
    (folder / "secret.yaml").write_text("needs: []\n")
    (plan / "linked.yaml").symlink_to(folder / "secret.yaml")
    (plan / "loop.yaml").symlink_to("loop.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(plan / "pipe.yaml")
    with (plan / "big.yaml").open("wb") as f:
        f.truncate(50 * 2**20)
    (plan / "odd.yaml").write_text(
        'target_groups:\n  - {id: "a\\e]0;title\\a\\e[2Jb", name: "\\u202eevil\\e[31m"}\n'
    )
    return plan


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_plan(tmp_path_factory.mktemp("hostile"))


def expected_refusals() -> set[tuple[str, str]]:
    """(code, file name) of every refusal in hostile_plan's folder."""
    expected = {(code, name) for name, (_, code, _) in CASES.items()}
    expected |= {("CP004", "linked.yaml"), ("CP003", "loop.yaml"), ("CP008", "big.yaml")}
    expected |= {("CP105", "odd.yaml")}
    return expected | ({("CP003", "pipe.yaml")} if hasattr(os, "mkfifo") else set())


def refusals_shown(output: str, format: str) -> set[tuple[str, str]]:
    """(code, file name) of every finding `cpkit check --format format` printed."""
    if format == "json":
        return {(d["code"], Path(d["file"]).name) for d in json.loads(output)["diagnostics"]}
    pattern = {
        "text": r"^(?P<file>[^:\n]+)(?::\d+:\d+)?: (?:error|warning|info) (?P<code>CP\d{3}) ",
        "github": r"^::(?:error|warning|notice) file=(?P<file>[^,:]+).*?,title=(?P<code>CP\d{3}) ",
    }[format]
    return {
        (m["code"], Path(m["file"]).name) for m in re.finditer(pattern, output, flags=re.MULTILINE)
    }


@pytest.mark.parametrize("format", ["text", "json", "github"])
def test_cli_reports_every_refusal_without_a_traceback(everything: Path, format: str) -> None:
    """In this process an exception would fail the test (invoke lets it through); a real
    process's stderr is checked in tests/test_entry_point.py."""
    result = invoke("check", str(everything), "--format", format)
    assert (result.returncode, result.stderr) == (1, "")
    assert "Traceback" not in result.stdout
    expected = expected_refusals()
    found = refusals_shown(result.stdout, format)
    assert expected <= found, expected - found


def test_cli_text_keeps_terminal_controls_out(everything: Path) -> None:
    """An id may hold escape sequences (YAML escapes let it); printed raw, they drive the
    reader's terminal: clear the screen, retitle the window, forge lines."""
    result = invoke("check", str(everything))
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout


# --- issue: hostile plans and careless hands ---------------------------------------------


def located(report: Report, file: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.loc.line, d.loc.column) for d in report if d.loc.file == file]


TARGET_GROUP = "target_groups:\n  - id: youth\n    name: {}\n"
STAKEHOLDER = "stakeholders:\n  - id: jc\n    name: Job centre\n    side: {}\n"


@pytest.mark.parametrize(
    "tagged",
    ["!!binary WW91dGg=", "!!timestamp 2025-01-01", "!!python/name:os.system Youth",
     "!custom Youth", "!!int Youth", "&a !!binary WW91dGg=", "!!null Youth"],
)  # fmt: skip
def test_forced_tags_on_text_are_refused_at_the_tag(tmp_path: Path, tagged: str) -> None:
    """They passed with "No problems": cpkit read the text under the tag, another YAML
    reader the tag's meaning. Line 3, `    name: ` is 10 columns: the tag starts in 11."""
    changes = {"tagged.yaml": TARGET_GROUP.format(tagged)}
    plan, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert located(report, "tagged.yaml") == [("CP109", 3, 11)]
    assert plan.ids("target_groups")["youth"].name == ""  # refused: not used


@pytest.mark.parametrize("tagged", ["!!binary cHJvdmlkZXI=", "!custom provider", "!!str 1"])
def test_forced_tags_on_choices_are_refused(tmp_path: Path, tagged: str) -> None:
    _, report = check_plan(write_plan(tmp_path / "plan", {"t.yaml": STAKEHOLDER.format(tagged)}))
    # `!!str 1` is text, as a tag that changes nothing: read, and not one of the sides
    code = "CP104" if tagged.startswith("!!str") else "CP109"
    assert located(report, "t.yaml") == [(code, 4, 11)]


def test_tags_that_change_nothing_are_let_be(tmp_path: Path) -> None:
    changes = {"t.yaml": TARGET_GROUP.format("!!str Youth") + "    description: !!str 2.10\n"}
    plan, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert located(report, "t.yaml") == []
    assert plan.ids("target_groups")["youth"].description == "2.10"


def test_forced_tags_on_keys_and_entities(tmp_path: Path) -> None:
    text = "target_groups:\n  - !custom {id: youth, name: Youth}\n  - {id: kids, !x name: Kids}\n"
    _, report = check_plan(write_plan(tmp_path / "plan", {"t.yaml": text}))
    # the tagged entity is still read (nothing else lost); the tagged key is not, so the
    # entity on line 3 lacks its name
    assert located(report, "t.yaml") == [("CP109", 2, 5), ("CP102", 3, 5), ("CP109", 3, 16)]


# (the text between the quotes, as YAML writes it; the character, as a user names it)
FORBIDDEN = [
    ("\\x01", "U+0001"), ("\\v", "U+000B"), ("\\e", "U+001B"), ("\\x7f", "U+007F"),
    ("\\N", "U+0085"), ("\\x9f", "U+009F"), ("\\uFFFE", "U+FFFE"), ("\\uFFFF", "U+FFFF"),
    ("\\uFDD0", "U+FDD0"), ("\\uFDEF", "U+FDEF"), ("\\U0001FFFE", "U+1FFFE"),
    ("\\U0010FFFF", "U+10FFFF"),
]  # fmt: skip


@pytest.mark.parametrize(("escape", "named"), FORBIDDEN, ids=[n for _, n in FORBIDDEN])
def test_control_characters_and_noncharacters_are_refused(
    tmp_path: Path, escape: str, named: str
) -> None:
    """Pasted Word text (U+000B) made charts/needs.svg not well-formed XML, and check was
    clean. Written as an escape, the character is located at its value (column 11)."""
    changes = {"odd.yaml": TARGET_GROUP.format(f'"Youth{escape}club"')}
    _, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert located(report, "odd.yaml") == [("CP108", 3, 11)]
    [found] = [d for d in report if d.loc.file == "odd.yaml"]
    assert named in found.message


@pytest.mark.parametrize("char", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_raw_noncharacters_are_located_at_the_character(tmp_path: Path, char: str) -> None:
    """YAML refuses U+FFFE and U+FFFF written as they are, not these: `    name: Youth`
    puts the character in column 16, in a key too."""
    text = TARGET_GROUP.format(f"Youth{char}") + f"    x{char}: 1\n"
    _, report = check_plan(write_plan(tmp_path / "plan", {"odd.yaml": text}))
    assert ("CP108", 3, 16) in located(report, "odd.yaml")
    assert ("CP108", 4, 6) in located(report, "odd.yaml")


def test_tab_newline_and_carriage_return_are_text(tmp_path: Path) -> None:
    changes = {"ok.yaml": TARGET_GROUP.format('"Youth\\tclub\\r\\nfor all"')}
    _, report = check_plan(write_plan(tmp_path / "plan", changes))
    assert located(report, "ok.yaml") == []


def test_superscript_year_in_demographics_is_a_located_error(tmp_path: Path) -> None:
    """`²⁰²⁴` is digits to str.isdigit, not to int(): check crashed."""
    table = "year,target_group,count\n²⁰²⁴,seniors,100\n2025,seniors,١٢٣\n"
    _, report = check_plan(write_plan(tmp_path / "plan", {"demographics/population.csv": table}))
    assert located(report, "demographics/population.csv") == [("CP602", 2, 1), ("CP602", 3, 14)]


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="bytes in file names")
@pytest.mark.parametrize("format", ["text", "json", "github"])
def test_file_name_not_utf8_is_printed_escaped(tmp_path: Path, format: str) -> None:
    """A file name with a Latin-1 é reaches Python as a lone surrogate; printed to a strict
    UTF-8 stdout (as click's runner's is) it crashed the reporter."""
    plan = write_plan(tmp_path / "plan")
    with open(os.path.join(os.fsencode(plan), b"caf\xe9.yaml"), "wb") as f:
        f.write(b"needs:\n  - {id: x, name: [y]}\n")
    result = invoke("check", str(plan), "--format", format)
    assert (result.returncode, result.stderr) == (1, "")
    shown = "caf\\\\xe9.yaml" if format == "json" else "caf\\xe9.yaml"
    assert shown in result.stdout


def dangling_plan(count: int) -> dict[str, str]:
    """`count` stakeholders and `count` services each naming its stakeholder misspelt."""
    people = "".join(f"  - {{id: org-{i}, name: Org {i}, side: provider}}\n" for i in range(count))
    services = "".join(
        f"  - {{id: s{i}, name: S {i}, provider: org-{i}x, type: home-care}}\n"
        for i in range(count)
    )
    return {"many.yaml": f"stakeholders:\n{people}services:\n{services}"}


def test_dangling_references_are_each_suggested(tmp_path: Path) -> None:
    """3,000 dangling references took 176 s (difflib against every id, for each); the time
    is `make bench`'s to measure (10,000 references), this test holds the suggestions."""
    _, report = check_plan(write_plan(tmp_path / "plan", dangling_plan(3000)))
    found = [d for d in report if d.code == "CP202"]
    assert len(found) == 3000
    # each points at its own stakeholder: line 3 + 3,000 + i holds service i
    assert (found[1234].loc.line, found[1234].hint) == (4237, "did you mean 'org-1234'?")


def test_cjk_folds_are_each_located(tmp_path: Path) -> None:
    """80,000 folds (2.3 MB) took 46 s: newlines counted from the start for each. The time
    is `make bench`'s to measure (a 10 MB file); this test holds the line of every fold."""
    lines = "".join(
        f"  - id: n{i}\n    name: >\n      長者能夠\n      安享晚年\n" for i in range(20_000)
    )
    _, report = check_plan(write_plan(tmp_path / "plan", {"cjk.yaml": "needs:\n" + lines}))
    folds = [(d.loc.line, d.loc.column) for d in report if d.code == "CP107"]
    assert len(folds) == 20_000
    # need i starts on line 2 + 4i; its fold is the line break that ends line 4 + 4i, after
    # the four characters in columns 7-10
    assert folds[19_999] == (4 + 4 * 19_999, 11)
    assert folds[:2] == [(4, 11), (8, 11)]


def stakeholder_with_contact(lines: str) -> dict[str, str]:
    """MINIMAL's users' council as a record with contacts and `lines` (at 4 spaces)."""
    council = (
        "  - id: council\n    name: Seniors' Council\n    side: user\n"
        f"{lines}    contact: {{email: jana@example.org, phone: '+420 777 123 456'}}\n"
    )
    text = MINIMAL["stakeholders.yaml"].replace(
        "  - {id: council, name: Seniors' Council, side: user}\n", council
    )
    return {"stakeholders.yaml": text}


# the record's lines → the finding each makes (None: none), and whether its contact is public
CONSENTS: dict[str, tuple[tuple[str, int] | None, bool]] = {
    "unknown-kind": ("    kind: Person\n", ("CP104", 7), False),
    "misspelt-consent": ("    kind: person\n    publish_contacts: true\n", ("CP103", 8), False),
    "hyphenated-no": ("    publish-contact: false\n", ("CP103", 7), False),
    "unreadable-no": ('    publish_contact: "no!"\n', ("CP101", 7), False),
    "hidden-consent": (
        "    kind: person\n    # ok\u2028publish_contact: true\n",
        ("CP010", 8),
        False,
    ),
    "person": ("    kind: person\n", None, False),
    "person-consents": ("    kind: person\n    publish_contact: true\n", None, True),
    "organisation": ("", None, True),
}


@pytest.mark.parametrize("case", CONSENTS)
def test_contacts_not_known_to_be_public_are_withheld(tmp_path: Path, case: str) -> None:
    """`kind: Person` fell back to organisation and render published the person's phone
    with exit 0; a consent that cannot be read may have said no. Render still writes the
    plan (a warning names the errors), without the contact."""
    lines, finding, public = CONSENTS[case]
    plan = write_plan(tmp_path / "plan", stakeholder_with_contact(lines))
    _, report = check_plan(plan)
    assert [(d.code, d.loc.line) for d in report] == ([finding] if finding else [])
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    written = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.*")]
    assert len(written) >= 4  # plan.md, plan.html, services.md, services.html
    # the council's record is on lines 4-8 (`stakeholders:`, city and ngo above it)
    assert any("jana@example.org" in t for t in written) == public
    assert any("777 123 456" in t for t in written) == public


def test_data_tables_count_lines_as_editors_do(tmp_path: Path) -> None:
    """U+2028 and U+000B end a line for str.splitlines(), not for an editor: the error on
    line 3 was reported on line 4. In `2026,seniors,x<U+000B>y,` the count starts in
    column 14 and U+000B stands in column 15."""
    table = "year,target_group,count,note\n2025,seniors,100,a\u2028b\n2026,seniors,x\u000by,\n"
    _, report = check_plan(write_plan(tmp_path / "plan", {"demographics/population.csv": table}))
    assert located(report, "demographics/population.csv") == [("CP602", 3, 14), ("CP108", 3, 15)]
