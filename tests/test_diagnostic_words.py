"""A finding names the plan's things, types and advice in the reader's language.

The kind of an entity ("measure" → "opatření"), the type a value should have ("a list" →
"seznam") and "did you mean" advice are catalogue words, not English phrases built in Python;
the JSON `data` of a finding is the same whatever the language.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_language_outputs import FIELDS, WIDE, own_words, plan_strings

from conftest import ROOT, invoke


def _broken(folder: Path, *, unknown_section: bool) -> Path:
    """The Czech Ústí plan with measure 1.1.1's `end` a list (`[2006]`, CP101 at line 31),
    its implementer an id no stakeholder has (CP202 at line 29), the baseline of indicator
    residents-satisfaction `7 2` (CP101 at line 23: write 72) or, with `unknown_section`,
    `servics:` at the end of swot.yaml (CP006; whole-plan checks such as CP202 then wait,
    CP009)."""
    shutil.copytree(ROOT / "examples" / "usti-seniors-cs", folder)
    measures = folder / "objectives" / "1-seniors.yaml"
    text = measures.read_text("utf-8")
    assert text.splitlines()[28:31] == [
        "            implementer: dd",
        "            start: 2004",
        "            end: 2006",
    ]
    assert text.splitlines()[22] == "            baseline: {value: 72, year: 2003}"
    text = text.replace("{value: 72, year: 2003}", "{value: 7 2, year: 2003}", 1)
    text = text.replace("            end: 2006\n", "            end: [2006]\n", 1)
    text = text.replace("            implementer: dd\n", "            implementer: dd-zadny\n", 1)
    measures.write_text(text, encoding="utf-8")
    if unknown_section:
        swot = folder / "swot.yaml"
        swot.write_text(swot.read_text("utf-8") + "servics: []\n", encoding="utf-8")
    return folder


def _findings(folder: Path, tag: str) -> list[dict[str, object]]:
    result = invoke("check", str(folder), "--format", "json", "--language", tag, env=WIDE)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)["diagnostics"]


@pytest.mark.parametrize("unknown_section", [False, True])
def test_czech_findings_have_no_english_and_the_same_data(
    tmp_path: Path, unknown_section: bool
) -> None:
    plan = _broken(tmp_path / "plan", unknown_section=unknown_section)
    swot_line = len((plan / "swot.yaml").read_text("utf-8").splitlines())
    expected = (
        [
            ("CP101", "objectives/1-seniors.yaml", 23),
            ("CP101", "objectives/1-seniors.yaml", 31),
            ("CP006", "swot.yaml", swot_line),
            ("CP009", "swot.yaml", swot_line),  # the checks of the whole plan wait
        ]
        if unknown_section
        else [
            ("CP101", "objectives/1-seniors.yaml", 23),
            ("CP202", "objectives/1-seniors.yaml", 29),
            ("CP101", "objectives/1-seniors.yaml", 31),
        ]
    )
    czech = invoke("check", str(plan), "--language", "cs", env=WIDE)
    assert czech.returncode == 1, czech.stderr
    assert own_words(czech.stdout + czech.stderr, plan_strings(plan) + FIELDS) == set()
    if unknown_section:
        assert "nemysleli jste „services“?" in czech.stdout
    else:
        assert "opatření 1.1.1 uvádí „dd-zadny“ v implementer, ale aktér „dd-zadny“" in czech.stdout
    assert "rada: napište číslo bez mezer a oddělovačů: 72" in czech.stdout
    assert "opatření 1.1.1.end má být datum (RRRR, RRRR-MM nebo RRRR-MM-DD), ne seznam" in (
        czech.stdout
    )

    english, cs, zh = (_findings(plan, tag) for tag in ("en", "cs", "zh-Hant"))
    found = [(d["code"], Path(d["file"]).relative_to(plan).as_posix(), d["line"]) for d in english]
    assert sorted(found) == sorted(expected)
    assert [d["data"] for d in cs] == [d["data"] for d in english] == [d["data"] for d in zh]
    wrong = next(d for d in english if d["code"] == "CP101" and d["line"] == 31)
    assert wrong["data"]["what"] == {"kind": "measure", "id": "1.1.1", "field": "end"}
    assert wrong["data"]["found"] == "list"
    assert "measure 1.1.1.end should be a date" in wrong["message"]
    spaced = next(d for d in cs if d["code"] == "CP101" and d["line"] == 23)
    assert spaced["data"]["meant"] == "72"
    assert spaced["message"] == (
        "ukazatel residents-satisfaction.baseline.value má být číslo, ne '7 2'"
    )
