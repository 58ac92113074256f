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


# Hints that name a number, a suggestion or another plan's entity: the name or number is
# data, the words around it the reader's catalogue's (no "write …" or "did you mean" built in
# Python). Each case: what the reader sees in cs and zh-Hant, English kept as it was.
ENGLISH = ("write ", "did you mean", "confirmed", " of ../", "now reads", "see `")


def _json(plan: Path, tag: str) -> list[dict[str, object]]:
    result = invoke("check", str(plan), "--no-cache", "--format", "json", "--language", tag)
    return json.loads(result.stdout)["diagnostics"]


def _said(d: dict[str, object]) -> str:
    return f"{d['message']} {d['hint']}"


def test_a_share_written_as_a_percent_is_hinted_in_each_language(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "examples" / "usti-seniors", plan)
    demand = plan / "demand.yaml"
    text = demand.read_text("utf-8")
    assert text.splitlines()[6].endswith("share: 0.035")
    demand.write_text(text.replace("share: 0.035", "share: 3.5", 1), encoding="utf-8")
    said = {}
    for tag in ("en", "cs", "zh-Hant"):
        (d,) = _json(plan, tag)
        assert (d["code"], Path(str(d["file"])).name, d["line"]) == ("CP606", "demand.yaml", 7)
        assert d["data"]["meant"] == "0.035" and d["data"]["share"] == 3.5
        said[tag] = d["hint"]
    assert said == {
        "en": "write 0.035 for 3.5 %",
        "cs": "pro 3,5 % napište 0.035 (s desetinnou tečkou)",
        "zh-Hant": "3.5% 請寫成 0.035",
    }


def test_a_missing_field_points_to_its_documentation_in_each_language(tmp_path: Path) -> None:
    """CP102: English quotes the field's description from the model; Czech and Chinese
    name the field and where it is described, pasting no English prose."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "examples" / "usti-seniors", plan)
    services = plan / "services.yaml"
    text = services.read_text("utf-8")
    assert text.splitlines()[3:5] == ["  - id: assistance", "    name: Assistance services"]
    services.write_text(text.replace("    name: Assistance services\n", "    name:\n", 1))
    english, czech, chinese = (_json(plan, tag) for tag in ("en", "cs", "zh-Hant"))
    for found in (english, czech, chinese):
        assert [(d["code"], Path(str(d["file"])).name, d["line"]) for d in found] == [
            ("CP102", "services.yaml", 4)
        ]
        assert found[0]["data"]["doc"] == {"entity": "ServiceType", "field": "name"}
    assert english[0]["hint"] == "Name, e.g. field services."
    assert czech[0]["message"] == "druh služby assistance.name nemá hodnotu"
    assert czech[0]["hint"] == (
        "co do pole „name“ patří, popisují tabulky polí v docs/format.md (anglicky)"
    )
    assert chinese[0]["hint"] == "欄位「name」應填寫甚麼，請參閱 docs/format.md 的欄位表（英文）"
    for d in czech + chinese:
        assert not any(word in _said(d) for word in (*ENGLISH, "Name, e.g."))


def _czech_plan(unit: Path) -> None:
    plan = unit / "plan.yaml"
    text = plan.read_text("utf-8")
    assert "  currency: CZK\n" in text and "language:" not in text
    plan.write_text(text.replace("  currency: CZK\n", "  currency: CZK\n  language: cs\n"))


@pytest.mark.parametrize(
    ("case", "code", "czech", "chinese"),
    [
        pytest.param(
            "suggested", "CP205", "nemysleli jste „1.2“?", "是否指「1.2」？", id="CP205-meant"
        ),
        pytest.param(
            "removed",
            "CP205",
            "potvrzený text má nyní cíl 1.3: napište „1.3“",
            "已確認的內容現在位於目標 1.3：請寫「1.3」",
            id="CP205-moved",
        ),
        pytest.param(
            "renumbered",
            "CP206",
            "cíl 1.3 nyní zní tak jako 1.2 v době potvrzení: pokud se práce přesunula, "
            "napište „1.3“ a vazbu potvrďte",
            "目標 1.3 現在的內容與確認時的 1.2 相同：如果工作已移到那裡，請寫「1.3」，然後確認",
            id="CP206-moved",
        ),
        pytest.param(
            "retitled",
            "CP206",
            "přečtěte si je znovu; pokud vazba stále platí, spusťte na tomto plánu "
            "`cpkit align --confirm`",
            "請再讀一遍；如果對應仍然成立，請在本計劃執行 `cpkit align --confirm`",
            id="CP206-changed",
        ),
    ],
)
def test_alignment_hints_in_czech_and_chinese(
    tmp_path: Path, case: str, code: str, czech: str, chinese: str
) -> None:
    from align_plans import ALIGNS_LINE, DISTRICT_OBJECTIVES, write_pair

    unit, district = write_pair(tmp_path, '["1.22"]' if case == "suggested" else '["1.2"]')
    if case != "suggested":
        assert invoke("align", str(unit), "--confirm").returncode == 0
    changed = {
        "removed": DISTRICT_OBJECTIVES.replace('- id: "1.2"', '- id: "1.3"'),
        "renumbered": DISTRICT_OBJECTIVES.replace(
            '      - id: "1.2"\n',
            '      - id: "1.2"\n        title: Day care places\n      - id: "1.3"\n',
        ),
        "retitled": DISTRICT_OBJECTIVES.replace("Support for carers", "Support for all carers"),
    }
    if case in changed:
        (district / "objectives.yaml").write_text(changed[case], encoding="utf-8")
    english = _json(unit, "en")
    for tag, hint in (("cs", czech), ("zh-Hant", chinese)):
        (d,) = _json(unit, tag)
        assert (d["code"], Path(str(d["file"])).name, d["line"]) == (code, "objectives.yaml", 8)
        assert d["hint"] == hint
        assert d["data"] == english[0]["data"]
        assert not any(word in _said(d) for word in ENGLISH), _said(d)
    _czech_plan(unit)  # without --language, a Czech plan's reader reads Czech
    result = invoke("check", str(unit), "--no-cache")
    assert f"objectives.yaml:{ALIGNS_LINE}:23: " in result.stdout
    assert f"rada: {czech}" in result.stdout


def test_an_aligned_entity_is_named_in_the_readers_words(tmp_path: Path) -> None:
    """CP207 names what the link points to, its plan and place: 'objective 1.2 of
    ../district (objectives.yaml:15:9)' is a catalogue phrase, the parts are data."""
    from align_plans import write_pair

    unit, _ = write_pair(tmp_path)
    (english,) = _json(unit, "en")
    (czech,) = _json(unit, "cs")
    (chinese,) = _json(unit, "zh-Hant")
    assert english["message"] == (
        "objective 1.1 aligns with objective 1.2 of ../district (objectives.yaml:15:9), "
        "'Support for carers', and the link was never confirmed"
    )
    assert czech["message"] == (
        "cíl 1.1 navazuje na cíl 1.2 plánu ../district (objectives.yaml:15:9), "
        "„Support for carers“, a vazba nebyla nikdy potvrzena"
    )
    assert chinese["message"] == (
        "目標 1.1 對應 ../district 的目標 1.2（objectives.yaml:15:9）「Support for carers」，"
        "但這個對應從未確認"
    )
    assert czech["data"]["target"] == {"kind": "objective", "id": "1.2"}
    assert czech["data"]["at"] == "objectives.yaml:15:9"


def _yaml_findings(tmp_path: Path, content: str) -> dict[str, list[dict[str, object]]]:
    """The CP001 findings in swot.yaml of the Ústí plan with that file's text `content`,
    in each language (CP009 follows each: the plan is checked in part)."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "examples" / "usti-seniors", plan)
    (plan / "swot.yaml").write_text(content, encoding="utf-8")
    return {
        tag: [
            d
            for d in _json(plan, tag)
            if Path(str(d["file"])).name == "swot.yaml" and d["code"] == "CP001"
        ]
        for tag in ("en", "cs", "zh-Hant")
    }


def test_a_value_holding_a_colon_is_hinted_in_each_language(tmp_path: Path) -> None:
    """CP001 for a syntax error: the parser's own words stay as they are (they are
    PyYAML's), but the line, the tab and the way to quote the value are the catalogue's."""
    found = _yaml_findings(tmp_path, "swot:\n  - area: seniors\n    note: Care: at home\n")
    hints = {}
    for tag, (d,) in found.items():
        assert (d["code"], d["line"]) == ("CP001", 3)
        assert d["data"]["key_"] == "note" and d["data"]["quoted"] == "Care: at home"
        hints[tag] = d["hint"]
    assert hints == {
        "en": "line 3: note: Care: at home — a value that holds a colon must be in quotes: "
        'note: "Care: at home"',
        "cs": "řádek 3: note: Care: at home — hodnota, která obsahuje dvojtečku, musí být "
        'v uvozovkách: note: "Care: at home"',
        "zh-Hant": '第 3 行：note: Care: at home——含有冒號的值必須加上引號：note: "Care: at home"',
    }


def test_a_tab_in_the_line_shown_is_said_in_each_language(tmp_path: Path) -> None:
    found = _yaml_findings(tmp_path, "swot:\n  - area: seniors\n\tnote: x\n")
    hints = {}
    for tag, (d,) in found.items():
        assert (d["code"], d["line"]) == ("CP001", 3)
        hints[tag] = d["hint"]
    assert hints == {
        "en": "line 3: note: x (YAML indents with spaces; this line has a tab)",
        "cs": "řádek 3: note: x (YAML odsazuje mezerami; na tomto řádku je tabulátor)",
        "zh-Hant": "第 3 行：note: x（YAML 以空格縮排；這一行有定位字元）",
    }


def test_what_yaml_forbids_and_parsers_let_through_is_said_in_each_language(
    tmp_path: Path,
) -> None:
    """CP001 for the strict rules (cpkit.source.strict): a quoted text's second line (5)
    indented by one space where five are needed (its key `note` is at column 5: 4 + 1),
    the count in its plural form; a comment glued to a quoted value on line 3."""
    quoted = _yaml_findings(
        tmp_path, 'swot:\n  - area: seniors\n    note: a #b\n  - note: "one\n two"\n'
    )
    said = {tag: [(d["line"], d["message"]) for d in ds] for tag, ds in quoted.items()}
    assert said == {
        "en": [(5, "this line of a quoted text must be indented by at least 5 spaces")],
        "cs": [(5, "tento řádek textu v uvozovkách musí být odsazen aspoň o 5 mezer")],
        "zh-Hant": [(5, "引號內文字的這一行必須至少縮排 5 個空格")],
    }
    for ds in quoted.values():
        assert [d["data"] for d in ds] == [{"what": "quoted-text", "count": 5}]
    glued = _yaml_findings(tmp_path / "glued", "swot:\n  - area: seniors\n    note: 'a'#b\n")
    words = {tag: [(d["line"], d["message"], d["hint"]) for d in ds] for tag, ds in glued.items()}
    assert words == {
        "en": [(3, "a comment needs a space before its `#`",
                "YAML forbids this, though some YAML readers let it pass")],
        "cs": [(3, "komentář potřebuje před `#` mezeru",
                "YAML to zakazuje, i když to některé programy čtoucí YAML propustí")],
        "zh-Hant": [(3, "註解的 `#` 前面必須有空格",
                     "YAML 不容許這樣寫，雖然有些讀取 YAML 的程式會放行")],
    }  # fmt: skip
