"""The library's refusals, said by the CLI in the command's language (--language, else the
plan's, else the locale's), with the exit code of the English run; `str()` of the error
stays English for logs. Every message below is the one a Czech or Hong Kong user reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpkit.core.files import OutputError
from cpkit.core.language import UnknownLanguage, language
from cpkit.interchange.spreadsheet import SheetError

from conftest import ROOT, invoke

PLAN = "examples/usti-seniors"
USER = {"CPKIT_DEBUG": ""}  # what a user sees: the error line, no traceback


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hi\n", encoding="utf-8")
    (tmp_path / "services.csv").write_text("name;provider\nA;B\n", encoding="utf-8")
    (tmp_path / "cells.csv").write_text(
        "name;provider;type;capacity\nA;dd;field;1 200\nB;dd;field;80,5\n", encoding="utf-8"
    )
    return tmp_path


# (command with {tmp} for the folder of `files`, Czech line, Chinese line); exit code 2
CASES = [
    pytest.param(
        ["check", PLAN, "--disable", "CP999"],
        "Chyba: --disable CP999: takové pravidlo neexistuje (viz docs/rules.md)",
        "錯誤：--disable CP999：沒有這條規則（請參閱 docs/rules.md）",
        id="check-no-such-rule",
    ),
    pytest.param(
        ["check", PLAN, "--disable", "yaml-syntax"],
        "Chyba: --disable yaml-syntax: kontrolu souboru, který cpkit nedokáže přečíst, nelze "
        "vypnout",
        "錯誤：--disable yaml-syntax：cpkit 無法讀取檔案的檢查不能停用",
        id="check-never-waived",
    ),
    pytest.param(
        ["rollup", PLAN, "examples/usti-seniors-cs", "--format", "document"],
        "Chyba: k zápisu souhrnu (rollup.md a rollup.html) je třeba --output SLOŽKA; --format "
        "text nebo md jen vypíše, jak plány jednotek navazují na plán okresu",
        "錯誤：寫出匯總（rollup.md 及 rollup.html）需要 --output 資料夾；--format text 或 md "
        "只會列出各單位計劃如何配合地區計劃",
        id="rollup-needs-output",
    ),
    pytest.param(
        ["import", PLAN, "{tmp}/cells.csv", "--kind", "services", "--dry-run"],
        "Chyba: řádek 2, sloupec 'capacity': '1 200' není číslo; nemysleli jste 1200? (čísla "
        "pište bez mezer a oddělovačů tisíců, s desetinnou tečkou)",
        "錯誤：第 2 行，'capacity' 欄：'1 200' 不是數字；是否指 1200？（數字請勿加空格或千位分隔符號，"
        "並用小數點）",
        id="CellError-number",
    ),
    pytest.param(
        ["gaps", "{tmp}/none"],
        "Chyba: {tmp}/none: taková složka neexistuje",
        "錯誤：{tmp}/none：沒有這個資料夾",
        id="PlanNotFound",
    ),
    pytest.param(
        ["gaps", PLAN, "funding", "--format", "csv", "-o", "{tmp}"],
        "Chyba: --output {tmp}: {tmp} je složka, ne soubor",
        "錯誤：--output {tmp}：{tmp} 是資料夾，不是檔案",
        id="OutputError",
    ),
    pytest.param(
        ["render", PLAN, "-o", PLAN],
        f"Chyba: --output {PLAN}: {PLAN} je vlastní složka plánu; pro výstup uveďte jinou složku",
        f"錯誤：--output {PLAN}：{PLAN} 是計劃本身的資料夾；請為輸出指定另一個資料夾",
        id="ClobberError-plan",
    ),
    pytest.param(
        ["render", PLAN, "-o", "{tmp}/full"],
        "Chyba: --output {tmp}/full: {tmp}/full obsahuje soubory, které nezapsal cpkit "
        "(notes.md); uveďte novou nebo prázdnou složku, nebo zápis povolte volbou --force",
        "錯誤：--output {tmp}/full：{tmp}/full 內有並非 cpkit 寫出的檔案（notes.md）；"
        "請指定新的或空的資料夾，或加上 --force 寫入其中",
        id="ClobberError-foreign",
    ),
    pytest.param(
        ["render", PLAN, "-o", "{tmp}/out", "--templates", "{tmp}/none"],
        "Chyba: --templates {tmp}/none: taková složka neexistuje",
        "錯誤：--templates {tmp}/none：沒有這個資料夾",
        id="RenderError",
    ),
    pytest.param(
        ["render", PLAN, "-o", "{tmp}/out", "--reference-doc", "{tmp}/notes.txt"],
        "Chyba: --reference-doc {tmp}/notes.txt: uveďte soubor .docx nebo .odt",
        "錯誤：--reference-doc {tmp}/notes.txt：請指定 .docx 或 .odt 檔案",
        id="OfficeError",
    ),
    pytest.param(
        ["import", PLAN, "{tmp}/notes.txt", "--kind", "services", "--dry-run"],
        "Chyba: {tmp}/notes.txt: import čte soubory .csv nebo .xlsx",
        "錯誤：{tmp}/notes.txt：匯入只讀取 .csv 或 .xlsx 檔案",
        id="SheetError",
    ),
    pytest.param(
        [
            "import",
            PLAN,
            "{tmp}/services.csv",
            "--kind",
            "services",
            "--dry-run",
            "--map",
            "jmeno=name",
        ],
        "Chyba: --map 'jmeno=name': soubor nemá sloupec 'jmeno' (jeho sloupce: 'name', 'provider')",
        "錯誤：--map 'jmeno=name'：檔案沒有 'jmeno' 欄（其欄位：'name'、'provider'）",
        id="ImportError",
    ),
    pytest.param(
        ["diff", "--plan", "{tmp}/none", "HEAD"],
        "Chyba: {tmp}/none: taková složka neexistuje (v --plan uveďte složku plánu)",
        "錯誤：{tmp}/none：沒有這個資料夾（請以 --plan 指定計劃資料夾）",
        id="DiffError",
    ),
    pytest.param(
        ["diff", "--plan", PLAN, "no-such-revision"],
        "Chyba: no-such-revision: není revizí tohoto repozitáře (commit, větev nebo značka)",
        "錯誤：no-such-revision：不是這個儲存庫的版本（提交、分支或標籤）",
        id="GitError",
    ),
]


@pytest.mark.parametrize(("command", "czech", "chinese"), CASES)
def test_library_errors_in_czech_and_chinese(
    files: Path, command: list[str], czech: str, chinese: str
) -> None:
    args = [a.format(tmp=files) for a in command]
    english = invoke(*args, "--language", "en", env=USER)
    assert english.returncode == 2
    assert english.stderr.startswith("Error: ")
    for tag, line in (("cs", czech), ("zh-Hant", chinese)):
        result = invoke(*args, "--language", tag, env=USER)
        assert result.returncode == english.returncode
        assert result.stderr == line.format(tmp=files) + "\n"


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("cs_CZ.UTF-8", "Chyba: {dest} není prázdná; nový plán se zapisuje jen do nové nebo "
                        "prázdné složky, aby se nic nepřepsalo"),
        ("zh_HK.UTF-8", "錯誤：{dest} 不是空的；新計劃只會寫入新的或空的資料夾，以免覆寫任何內容"),
    ],
)  # fmt: skip
def test_init_refuses_in_the_locale_language(files: Path, locale: str, line: str) -> None:
    """ScaffoldError: before a plan exists, the user's locale chooses the language."""
    dest = files / "full"
    result = invoke("init", str(dest), env={**USER, "LANG": locale, "LC_ALL": ""})
    assert result.returncode == 2
    assert result.stderr == "".join(line.format(dest=dest)) + "\n"


def test_import_refuses_in_the_plans_language(tmp_path: Path) -> None:
    """Without --language a Czech plan's user reads the refusal in Czech: the file import
    would merge into holds `services: 3`, neither a list nor one entity."""
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / PLAN, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("  language: en", "  language: cs"))
    (plan / "imported").mkdir(exist_ok=True)
    (plan / "imported" / "services.yaml").write_text("services: 3\n", encoding="utf-8")
    source = tmp_path / "services.csv"
    source.write_text("name;provider;type\nA;B;C\n", encoding="utf-8")
    result = invoke("import", str(plan), str(source), "--kind", "services", env=USER)
    assert result.returncode == 2
    assert result.stderr == (
        "Chyba: imported/services.yaml: services neobsahuje seznam ani jednu entitu, nový "
        "záznam services k nim proto nelze přidat; nejprve soubor opravte (místo ukáže "
        "cpkit check)\n"
    )


def test_yaml_edit_error_is_said_in_each_language(tmp_path: Path) -> None:
    """YamlEditError (check stops a plan with such a file before import or align meets it,
    so it is asked of the library here): its key and data say it in cs and zh-Hant."""
    from cpkit.interchange.yamledit import YamlEditError, YamlFile

    path = tmp_path / "services.yaml"
    path.write_bytes(b"services: []\n# \xff\n")
    with pytest.raises(YamlEditError) as info:
        YamlFile.load(path, "imported/services.yaml")
    exc = info.value
    assert str(exc) == "imported/services.yaml: cannot be read as UTF-8 text; fix it first"
    assert exc.said(language("cs")) == (
        "imported/services.yaml: nelze číst jako text v UTF-8; nejprve jej opravte"
    )
    assert (
        exc.said(language("zh-Hant")) == "imported/services.yaml：無法以 UTF-8 文字讀取；請先修正"
    )


def test_str_stays_english_and_data_is_kept() -> None:
    exc = SheetError("sheet.no_sheet", sheet="B", path="a.xlsx", names="A, C")
    assert str(exc) == "--sheet B: a.xlsx has no such sheet; it has A, C"
    assert (exc.key, exc.data) == (
        "sheet.no_sheet",
        {"sheet": "B", "path": "a.xlsx", "names": "A, C"},
    )
    assert exc.said(language("cs")) == "--sheet B: a.xlsx takový list nemá; má listy A, C"
    written = OutputError("output.cannot_write", path="out", reason="Permission denied")
    assert isinstance(written, OSError)
    assert str(written) == "out: cannot write (Permission denied)"
    with pytest.raises(UnknownLanguage) as info:
        language("xx")
    assert str(info.value) == "xx: cpkit speaks no such language (it speaks cs, en, zh-Hant)"
    assert (
        info.value.said(language("zh-Hant")) == "xx：cpkit 不支援這種語言（支援 cs、en、zh-Hant）"
    )


@pytest.mark.parametrize(
    ("tag", "lines"),
    [
        ("cs", [
            f"{PLAN}/plan.yaml:15:5: chyba CP730 annual-no-monitoring: pro výroční zprávu chybí "
            "zpráva z monitoringu za rok 2006 (roky monitoringu: 2004, 2005)",
            "  rada: doplňte monitoring/2006.yaml s `monitoring: {year: 2006, ...}` (zapíše ho "
            "cpkit collect z formulářů poskytovatelů)",
        ]),
        ("zh-Hant", [
            f"{PLAN}/plan.yaml:15:5: 錯誤 CP730 annual-no-monitoring: 年度報告所需的 2006 年監察報告"
            "不存在（已有監察報告的年份：2004、2005）",
            "  提示：加入 monitoring/2006.yaml，內容為 `monitoring: {year: 2006, ...}`（cpkit collect "
            "會根據服務提供者交回的表格寫出）",
        ]),
    ],
)  # fmt: skip
def test_annual_report_refusal_is_said_in_the_language_asked(
    tmp_path: Path, tag: str, lines: list[str]
) -> None:
    """`render --annual-report` for a year without monitoring ends with CP730, located, in
    the reader's words: severity, message and hint (no English `error`, `hint:`)."""
    result = invoke(
        "render", PLAN, "--annual-report", "2006", "-o", str(tmp_path / "o"), "--language", tag,
        env=USER,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == lines
