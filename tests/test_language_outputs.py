"""For a Czech plan and a Traditional Chinese (Hong Kong) plan, every word cpkit itself
writes in gaps, progress, comments, diff, rollup and export is in the plan's language.

How: run each command, take out of its output everything copied from the plan (every
string and id of its files, whole), the command lines and paths cpkit names, and look in
what is left for a word of cpkit's English vocabulary: the words of its English catalogues
that the other languages do not share (SWOT, EU stay), and the small words of English.

The plans: examples/usti-seniors-cs (the Ústí plan written in Czech) and
examples/ssp-district-zh (a Sham Shui Po district plan in Traditional Chinese). A few tests
also take the English Ústí plan with `language` set to cs (`as_language`), to show that the
language of cpkit's words follows the field, not the texts.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cpkit.core.language import catalogue_keys

from conftest import ROOT, invoke

# tag → the example that stands for a plan in that language (see the module's docstring)
PLANS = {"cs": "usti-seniors-cs", "zh-Hant": "ssp-district-zh"}
WIDE = {"COLUMNS": "400"}  # a table cell is not wrapped, so a plan's string stays whole

SMALL_WORDS = {
    "the", "of", "and", "to", "in", "no", "not", "is", "are", "by", "for", "with", "from",
    "as", "at", "or", "on", "yes", "wrote", "added", "removed", "changed", "total", "error",
    "errors", "warning", "note", "none", "plan", "plans", "files", "sheets", "received",
}  # fmt: skip


def _words(values: object) -> Iterator[str]:
    if isinstance(values, dict):
        for v in values.values():
            yield from _words(v)
    elif isinstance(values, list):
        for v in values:
            yield from _words(v)
    elif isinstance(values, str):
        yield from (w.lower() for w in re.findall(r"[A-Za-z]{3,}", values))


def english_vocabulary() -> set[str]:
    """cpkit's English words, but for those its other catalogues use too (SWOT, IČ, EU)."""
    found: set[str] = set(SMALL_WORDS)
    shared: set[str] = set()
    for domain in ("cli", ""):
        found |= set(_words(list(catalogue_keys(domain, "en").values())))
        for tag in ("cs", "zh-Hant"):
            shared |= set(_words(list(catalogue_keys(domain, tag).values())))
    return (found - shared) - {"cpkit", "docs", "md", "csv", "xlsx", "yaml", "json"}


ENGLISH = english_vocabulary()


def as_language(example: str, tag: str, folder: Path) -> Path:
    """A copy of an example with `language: tag`."""
    shutil.copytree(ROOT / "examples" / example, folder)
    plan = folder / "plan.yaml"
    text = re.sub(r"(?m)^  language: \w+$", f"  language: {tag}", plan.read_text("utf-8"))
    plan.write_text(text, encoding="utf-8")
    return folder


def plan_strings(folder: Path) -> list[str]:
    """Every string, number and mapping key of the plan's files, longest first."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                found.add(str(k))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif node is not None:
            text = " ".join(str(node).split())
            found.add(text)
            found.update(line.strip() for line in str(node).splitlines())
            # shortened as cpkit.publish.diff_text.short shortens it, to 40, 50, 60, 80
            found.update(text[: n - 1] + "…" for n in (40, 50, 60, 80) if len(text) > n)

    for path in folder.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in folder.rglob("*.csv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                found.update(c.strip() for c in row)
    return sorted((s for s in found if len(s) > 1), key=len, reverse=True)


def own_words(text: str, strings: list[str]) -> set[str]:
    """The English words left in `text` once the plan's strings, commands, paths, code
    spans and field paths are out."""
    text = " ".join(text.split())
    for s in strings:
        if s in text:
            text = text.replace(s, " ")
    text = re.sub(r"`[^`]*`", " ", text)  # a code span: a field, an id, a command
    text = re.sub(r"cpkit \w+ \S+|\S*/\S*|\S+\.(md|csv|xlsx|yaml|html)\b", " ", text)
    text = re.sub(r"\b[a-z_]+(\.[a-z_\[\]0-9]+)+:", " ", text)  # a field's path in a diff
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} & ENGLISH


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tag = request.param
    return as_language(PLANS[tag], tag, tmp_path_factory.mktemp(tag) / "plan")


COMMANDS = [
    ["gaps"],
    ["gaps", "--format", "md"],
    ["progress", "--measures"],
    ["progress", "--format", "md"],
    ["comments"],
    ["comments", "--annex"],
    ["comments", "--format", "md"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_commands_write_no_english(plan: Path, command: list[str]) -> None:
    result = invoke(command[0], str(plan), *command[1:], env=WIDE)
    assert result.returncode == 0, result.stderr
    assert own_words(result.stdout + result.stderr, plan_strings(plan)) == set()


def test_diff_writes_no_english(plan: Path, tmp_path: Path) -> None:
    """Two versions: the second has a measure's costs doubled and a stakeholder removed."""
    changed = tmp_path / "b"
    shutil.copytree(plan, changed)
    objectives = sorted((changed / "objectives").glob("*.yaml"))
    if objectives:
        text = objectives[0].read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(\s+total: )(\d+)", lambda m: m[1] + str(int(m[2]) * 2), text, count=1)
        objectives[0].write_text(text, encoding="utf-8")
    strings = plan_strings(plan) + plan_strings(changed)
    for fmt in ("text", "md"):
        result = invoke("diff", str(plan), str(changed), "--format", fmt, env=WIDE)
        assert result.returncode == 0, result.stderr
        assert own_words(result.stdout, sorted(set(strings), key=len, reverse=True)) == set()


def test_export_writes_no_english(plan: Path, tmp_path: Path) -> None:
    """Sheet and column titles and cpkit's words in cells of the exported CSV files."""
    out = tmp_path / "out"
    result = invoke("export", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    strings = plan_strings(plan)
    found = own_words(result.stderr, strings)
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f):  # cell by cell; a list is written "a; b"
                for cell in row:
                    words = own_words(cell, strings)
                    if words:
                        words = set().union(*(own_words(c, strings) for c in cell.split("; ")))
                    found |= {(path.name, w) for w in words}
    assert found == set()


def test_export_headers_ids_are_the_same_in_every_language(plan: Path, tmp_path: Path) -> None:
    english = invoke("export", str(plan), "-o", str(tmp_path / "en"), "--headers", "ids",
                     "--language", "en")  # fmt: skip
    native = invoke("export", str(plan), "-o", str(tmp_path / "xx"), "--headers", "ids")
    assert english.returncode == native.returncode == 0
    for path in sorted((tmp_path / "en").glob("*.csv")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        assert (tmp_path / "xx" / path.name).read_text(encoding="utf-8").splitlines()[:1] == first
    header = (tmp_path / "en" / "measures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "costs_total" in header.split(",")


def test_czech_tables_say_it_in_czech(tmp_path: Path) -> None:
    """What a Czech planner reads, by hand: the funding table's words and the plan's gap
    of 32 368 250 − 28 520 000 = 3 848 250 in Czech groups."""
    plan = as_language("usti-seniors", "cs", tmp_path / "plan")
    out = invoke("gaps", str(plan), "funding", "--format", "md").stdout
    assert "## Nezajištěné financování" in out
    assert "| Úroveň | ID | Název |" in out
    assert "| plán | usti-2cpp-seniors | 2nd Care Community Plan of Ústí nad Labem" in out
    assert "3\u00a0848\u00a0250" in out
    comments = invoke("comments", str(plan), "--format", "md").stdout
    assert comments.startswith("## Kniha připomínek")
    assert "Přijato 6, evidováno 5, neevidováno 1 (anonymní)." in comments


def test_language_option_overrides_the_plan(tmp_path: Path) -> None:
    plan = as_language("usti-seniors", "cs", tmp_path / "plan")
    out = invoke("gaps", str(plan), "funding", "--format", "md", "--language", "zh-Hant").stdout
    assert "## 資金缺口" in out


def test_usage_errors_follow_the_locale() -> None:
    """Before any plan is read, the user's locale decides: LANG=cs_CZ.UTF-8 → Czech."""
    result = invoke("rollup", "examples/usti-seniors", env={"LANG": "cs_CZ.UTF-8", "LC_ALL": ""})
    assert result.returncode == 2
    assert result.stderr == "Chyba: souhrn vyžaduje alespoň dvě složky plánů\n"
    english = invoke("rollup", "examples/usti-seniors", env={"LANG": "C", "LC_ALL": ""})
    assert english.stderr == "Error: a roll-up needs at least two plan folders\n"


def test_rollup_writes_no_english(plan: Path, tmp_path: Path) -> None:
    """The plan and a copy under another id, rolled up: the document and the messages."""
    other = tmp_path / "other"
    shutil.copytree(plan, other)
    text = (other / "plan.yaml").read_text(encoding="utf-8")
    (other / "plan.yaml").write_text(re.sub(r"(?m)^  id: .*$", "  id: another-plan", text, count=1))
    out = tmp_path / "out"
    result = invoke("rollup", str(plan), str(other), "-o", str(out), env=WIDE)
    assert result.returncode == 0, result.stderr
    strings = sorted({*plan_strings(plan), *plan_strings(other)}, key=len, reverse=True)
    page = (out / "rollup.md").read_text(encoding="utf-8")
    assert own_words(result.stderr + page, strings) == set()


def test_render_writes_no_english(plan: Path, tmp_path: Path) -> None:
    """The document's own words (headings, labels, table headers, formats) and render's
    closing line, in the plan's language; the plan's texts are taken out as elsewhere."""
    out = tmp_path / "out"
    result = invoke("render", str(plan), "-o", str(out), env=WIDE)
    assert result.returncode == 0, result.stderr
    # "(joint)" is the id cpkit gives the joint objectives' row, in the id column beside
    # their name (a translated "joint objectives"); ids are not words, here as elsewhere
    strings = [*plan_strings(plan), "(joint)"]
    said = result.stderr.replace(str(out), " ")  # the folder: a path, not cpkit's words
    found = {("stderr", w) for w in own_words(said, strings)}
    for page in sorted(out.glob("*.md")):
        found |= {(page.name, w) for w in own_words(page.read_text(encoding="utf-8"), strings)}
    assert found == set()


def test_render_language_option_names_the_documents_language(tmp_path: Path) -> None:
    """An English plan rendered with --language cs: Czech headings, Czech money (the funds
    of 25 310 000 + 3 210 000 = 28 520 000 CZK in Czech groups, Kč), the plan's own texts
    as written."""
    out = tmp_path / "out"
    result = invoke("render", "examples/usti-seniors", "-o", str(out), "--language", "cs")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Zapsáno {len(list(out.rglob('*.*'))) - 1} souborů do {out}\n"
    page = (out / "plan.md").read_text(encoding="utf-8")
    assert "Část A. Úvod" in page and "Part A." not in page
    assert "celkem 28\u00a0520\u00a0000\u00a0Kč" in page
    assert "Social assistance and care for senior citizens" in page  # the plan's own title
    english = invoke("render", "examples/usti-seniors", "-o", str(tmp_path / "en"))
    assert english.stderr.startswith("Wrote ") and english.stderr.endswith(
        f" files to {tmp_path / 'en'}\n"
    )


def test_rollup_warns_in_the_plans_language(tmp_path: Path) -> None:
    """Two Czech plans in different currencies: the warning, and the figures left out."""
    first = as_language("usti-seniors", "cs", tmp_path / "a")
    second = as_language("usti-seniors", "cs", tmp_path / "b")
    text = (second / "plan.yaml").read_text(encoding="utf-8")
    (second / "plan.yaml").write_text(text.replace("currency: CZK", "currency: EUR"))
    result = invoke("rollup", str(first), str(second), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "Upozornění: plány používají různé měny (CZK, EUR); součty za všechny plány jsou "
        f"vynechány\nZapsány 2 soubory do {tmp_path / 'out'}\n"
    )
    chinese = invoke("rollup", str(first), str(second), "-o", str(tmp_path / "zh"),
                     "--language", "zh-Hant")  # fmt: skip
    assert chinese.stderr.splitlines()[0] == (
        "注意：各計劃使用不同貨幣（CZK、EUR）；不列出跨計劃的總數"
    )


def test_diff_shows_numbers_as_the_language_writes_them(tmp_path: Path) -> None:
    """The first measure's costs doubled, 3 848 250 → 7 696 500: Czech groups with a
    no-break space, Chinese (Hong Kong) with a comma; the comparison is the same."""
    plan = as_language("usti-seniors", "cs", tmp_path / "a")
    changed = tmp_path / "b"
    shutil.copytree(plan, changed)
    path = changed / "objectives" / "1-seniors.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      total: 3848250\n" in text
    path.write_text(text.replace("      total: 3848250\n", "      total: 7696500\n", 1))
    czech = invoke("diff", str(plan), str(changed), env=WIDE).stdout
    assert "costs.total: 3\u00a0848\u00a0250 -> 7\u00a0696\u00a0500" in czech
    chinese = invoke("diff", str(plan), str(changed), "--language", "zh-Hant", env=WIDE).stdout
    assert "costs.total: 3,848,250 -> 7,696,500" in chinese


def test_check_findings_write_no_english(plan: Path) -> None:
    """A finding of `check` (a misspelt field, a reference to nothing) in the plan's language."""
    broken = plan.parent / "broken"
    if not broken.exists():
        shutil.copytree(plan, broken)
        info = broken / "plan.yaml"
        info.write_text(info.read_text("utf-8") + "  bogus: 1\n", encoding="utf-8")
    result = invoke("check", str(broken), env=WIDE)
    assert result.returncode == 1, result.stderr
    # the hint lists the fields the format knows, as a plan writes them (`duties:`)
    assert own_words(result.stdout + result.stderr, plan_strings(broken) + FIELDS) == set()


def _field_names(node: object) -> list[str]:
    """Every property name of the plan format's JSON Schema: the keys a plan writes."""
    if isinstance(node, dict):
        found = list(node.get("properties", {})) if isinstance(node.get("properties"), dict) else []
        return found + [n for v in node.values() for n in _field_names(v)]
    if isinstance(node, list):
        return [n for v in node for n in _field_names(v)]
    return []


FIELDS = sorted(
    set(_field_names(json.loads((ROOT / "examples/usti-seniors/plan.schema.json").read_text())))
)


def test_an_empty_chinese_table_says_so_with_a_full_width_colon() -> None:
    """The district plan records no demand: the table's title and why it is empty, joined
    by Chinese's ：, not the ASCII ": " (the punctuation rule of cpkit.core.language)."""
    result = invoke("gaps", "examples/ssp-district-zh", "capacity", env=WIDE)
    assert result.stdout.startswith("服務名額缺口：未有記錄需求"), result.stdout
