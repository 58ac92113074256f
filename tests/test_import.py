"""`cpkit import`: clear errors for input it cannot read, and edits that keep what is there."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, MINIMAL, Result, invoke, write_plan

USTI = EXAMPLES / "usti-seniors"
SERVICE = "dd-residential,Retirement homes — residential care,dd,residential-care"


@pytest.fixture
def usti_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(USTI, tmp_path / "usti"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _import(plan: Path, source: Path, *options: str) -> Result:
    return invoke("import", str(plan), str(source), *options)


def _refused(result: Result, *phrases: str) -> None:
    """Exit 2 with a one-line message, nothing else."""
    assert (result.returncode, result.stdout) == (2, ""), result.stdout + result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


def _owned(plan: Path, name: str) -> dict:
    return yaml.safe_load((plan / "imported" / f"{name}.yaml").read_text(encoding="utf-8"))


# 1. Input that cannot be read is a clear error ------------------------------------------


def test_cp1250_csv_is_an_error_naming_the_line_then_reads_with_encoding(
    tmp_path: Path, usti_copy: Path
) -> None:
    source = tmp_path / "registry.csv"
    source.write_bytes(
        "name,provider,type\nDenní stacionář,Charita Ústí,Day care\n".encode("cp1250")
    )
    before = _tree(usti_copy)
    _refused(_import(usti_copy, source), "line 2 is not UTF-8", "--encoding cp1250")
    assert _tree(usti_copy) == before
    result = _import(usti_copy, source, "--encoding", "cp1250")
    assert result.returncode == 0, result.stderr
    names = [s["name"] for s in _owned(usti_copy, "registry")["services"]]
    assert names == ["Denní stacionář"]


def test_utf8_with_bom_reads(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "bom.csv"
    source.write_bytes("\ufeffname,provider,type\nDenní stacionář,dd,field\n".encode())
    result = _import(usti_copy, source)
    assert (result.returncode, result.stdout) == (0, "added 1 services: dd-denni-stacionar\n")
    assert result.stderr == f"wrote {usti_copy / 'imported' / 'bom.yaml'}\n"
    # the first column is `name`, not `\ufeffname`: the mark is not part of the header
    assert _owned(usti_copy, "bom")["services"] == [
        {"id": "dd-denni-stacionar", "name": "Denní stacionář", "provider": "dd", "type": "field"}
    ]


def test_unknown_encoding_is_an_error(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(tmp_path / "a.csv", [["name", "provider", "type"], ["A", "dd", "field"]])
    _refused(_import(usti_copy, source, "--encoding", "klingon"), "--encoding klingon")


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("1 200", "'1 200' is not a number; did you mean 1200?"),
        ("1\u00a0200", "did you mean 1200?"),
        ("80,5", "'80,5' is not a number; did you mean 80.5?"),
        ("1,200", "ambiguous: 1200 (a thousands separator) or 1.200 (a decimal comma)"),
        ("1.200,5", "did you mean 1200.5?"),
        ("many", "'many' is not a number"),
    ],
)
def test_number_that_is_not_one_names_row_and_column(
    tmp_path: Path, usti_copy: Path, cell: str, says: str
) -> None:
    source = _csv(
        tmp_path / "a.csv",
        [
            ["name", "provider", "type", "capacity"],
            ["A", "dd", "field", "3"],
            ["B", "dd", "field", cell],
        ],
    )
    _refused(_import(usti_copy, source), "row 3, column 'capacity': ", says)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("3 848 250", "3848250"),
        ("80,5", "80.5"),
        ("1.200,5", "1200.5"),
        ("1’200", "1200"),
        ("1234,567", "1234.567"),
        ("12,", "12"),
    ],
)
def test_a_cell_and_a_yaml_value_are_read_as_the_same_number(written: str, meant: str) -> None:
    """A cell's error and CP101's hint both carry the number `meant_number` reads."""
    from cpkit.model.fields import field_type
    from cpkit.model.flatten import CellError, from_cell
    from cpkit.model.numbers import meant_number

    with pytest.raises(CellError) as caught:
        from_cell(written, field_type(float))
    assert (caught.value.key, caught.value.data["meant"]) == ("meant", meant)
    assert (meant_number(written) or pytest.fail("no number")).value == meant


def test_words_with_a_comma_are_no_number() -> None:
    from cpkit.model.fields import field_type
    from cpkit.model.flatten import CellError, from_cell
    from cpkit.model.numbers import meant_number

    with pytest.raises(CellError) as caught:
        from_cell("abc,def", field_type(float))
    assert (caught.value.key, caught.value.data) == ("not_number", {"value": "'abc,def'"})
    assert meant_number("abc,def") is None


def test_bad_json_in_an_exported_sheet_names_row_and_column(
    tmp_path: Path, usti_copy: Path
) -> None:
    folder = tmp_path / "csv"
    assert invoke("export", str(usti_copy), "-o", str(folder)).returncode == 0
    rows = list(csv.reader((folder / "services.csv").open(encoding="utf-8")))
    column = rows[0].index("Funding")
    rows[1][column] = '[{"source": "state", amount: 5}]'
    source = _csv(tmp_path / "services.csv", rows)
    _refused(_import(usti_copy, source), "row 2, column 'Funding': ", "is not valid JSON")
    rows[1][column] = '{"source": "state"}'
    _refused(_import(usti_copy, _csv(source, rows)), "is not a JSON list of objects")


def test_owned_file_with_a_yaml_error_is_named(tmp_path: Path, usti_copy: Path) -> None:
    from cpkit.api import check_plan
    from cpkit.interchange.importer import ImportError_, import_file

    source = _csv(tmp_path / "registry.csv", [["name", "provider", "type"], ["A", "dd", "field"]])
    assert _import(usti_copy, source).returncode == 0
    owned = usti_copy / "imported" / "registry.yaml"
    plan, _report = check_plan(usti_copy, run=False)  # read while the file was still valid
    owned.write_text(owned.read_text(encoding="utf-8") + "  bad: [\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"imported/registry.yaml: cannot be read .*cpkit check"):
        import_file(plan, source, kind="services")
    # through the CLI, the broken file stops the import before it reads anything
    _refused(_import(usti_copy, source), "imported/registry.yaml", "CP001")


def test_corrupt_workbook_is_an_error(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "registry.xlsx"
    source.write_bytes(b"not a zip file")
    _refused(_import(usti_copy, source), "registry.xlsx: not an Excel workbook")
    source.write_bytes(_zip_without_workbook())
    _refused(_import(usti_copy, source), "registry.xlsx: the workbook cannot be read")


def _zip_without_workbook() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


def test_more_cells_than_columns_is_an_error(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("name,provider,type,capacity\nA,dd,field,1,200\n", encoding="utf-8")
    _refused(_import(usti_copy, source), "row 2 has more cells than the header", "quoted")


# 2. A plan cpkit cannot read entirely ---------------------------------------------------


def test_plan_with_an_unreadable_file_is_refused(tmp_path: Path, usti_copy: Path) -> None:
    services = usti_copy / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace("  - id: dd-residential", "\t- id: dd-residential"), "utf-8")
    source = _csv(
        tmp_path / "services.csv", [["id", "name", "provider", "type"], SERVICE.split(",")]
    )
    before = _tree(usti_copy)
    _refused(_import(usti_copy, source), "services.yaml:22:", "CP001", "cannot see every entity")
    assert _tree(usti_copy) == before


# 3. --dry-run ---------------------------------------------------------------------------


def test_dry_run_with_conflicts_exits_1_and_writes_nothing(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(
        tmp_path / "services.csv",
        [
            ["id", "name", "provider", "type", "capacity"],
            [*SERVICE.split(","), "440"],
            ["new", "New", "dd", "field", "5"],
        ],
    )
    before = _tree(usti_copy)
    result = _import(usti_copy, source, "--dry-run")
    assert result.returncode == 1
    assert "would add 1 services: new" in result.stdout
    assert "conflict: services dd-residential" in result.stdout
    merged = _import(usti_copy, source, "--dry-run", "--merge")
    assert merged.returncode == 0, merged.stderr
    assert "would merge: services dd-residential" in merged.stdout
    assert "would write" in merged.stderr and "wrote" not in merged.stderr
    assert _tree(usti_copy) == before


def test_dry_run_says_would_add(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(tmp_path / "a.csv", [["name", "provider", "type"], ["A", "dd", "field"]])
    before = _tree(usti_copy)
    result = _import(usti_copy, source, "--dry-run")
    assert result.returncode == 0
    assert result.stdout.startswith("would add 1 services: dd-a")
    assert _tree(usti_copy) == before


# 4. --map -------------------------------------------------------------------------------


def test_map_accepts_aliases_and_headers_in_any_case(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(
        tmp_path / "sluzby.csv",
        [["Jméno", "Poskytovatel", "Druh", "Kapacita"], ["A", "dd", "field", "12"]],
    )
    result = _import(
        usti_copy, source,
        "--map", "jméno=name", "--map", "Poskytovatel=provider", "--map", "Druh=type",
        "--map", "Kapacita=capacity",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (service,) = _owned(usti_copy, "sluzby")["services"]
    assert service["name"] == "A" and service["capacity"] == {"value": 12}


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("Kapacita=capcity", "'capcity' is not a field the import can fill; did you mean capacity"),
        ("Kap=capacity", "the file has no column 'Kap'"),
    ],
)
def test_map_refuses_what_the_import_cannot_use(
    tmp_path: Path, usti_copy: Path, item: str, says: str
) -> None:
    source = _csv(
        tmp_path / "a.csv", [["name", "provider", "type", "Kapacita"], ["A", "dd", "field", "12"]]
    )
    _refused(_import(usti_copy, source, "--map", item), f"--map {item!r}", says)


def test_map_for_a_needs_matrix_knows_its_fields(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(
        tmp_path / "m.csv",
        [["Skupina", "service_type", "Housing"], ["senior-citizens", "field", "not needed"]],
    )
    _refused(
        _import(usti_copy, source, "--kind", "needs", "--map", "Skupina=target_groups"),
        "did you mean target_group",
    )
    result = _import(usti_copy, source, "--kind", "needs", "--map", "skupina=target_group")
    assert result.returncode == 0, result.stderr
    assert "unchanged: 1" in result.stdout


# 5. Rows for one service ----------------------------------------------------------------


def test_identical_duplicate_rows_are_one_service(tmp_path: Path, usti_copy: Path) -> None:
    row = ["A", "dd", "field", "3"]
    source = _csv(tmp_path / "a.csv", [["name", "provider", "type", "capacity"], row, row])
    result = _import(usti_copy, source)
    assert result.returncode == 0, result.stderr
    assert "added 1 services: dd-a" in result.stdout


def test_differing_duplicate_rows_are_an_error_naming_both(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(
        tmp_path / "a.csv",
        [
            ["name", "provider", "type", "capacity"],
            ["A", "dd", "field", "3"],
            ["B", "dd", "field", "1"],
            ["A", "dd", "field", "4"],
        ],
    )
    _refused(_import(usti_copy, source), "rows 2 and 4 both give service 'dd-a'", "capacity")


# 6. Needs-matrix rows match on target group and service type ----------------------------


def test_needs_row_without_id_is_the_existing_row(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(
        tmp_path / "matrix.csv",
        [["target_group", "service_type", "Housing"], ["Senior citizens", "field", "missing"]],
    )
    before = _tree(usti_copy)
    result = _import(usti_copy, source, "--kind", "needs")
    assert result.returncode == 1
    assert "conflict: needs_matrix seniors-field (needs.yaml:" in result.stdout
    assert "cells: {'housing': 'not-needed'} -> {'housing': 'missing'}" in result.stdout
    assert _tree(usti_copy) == before
    assert _import(usti_copy, source, "--kind", "needs", "--merge").returncode == 0
    original = before["needs.yaml"].decode().splitlines()
    merged = (usti_copy / "needs.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(original, merged, strict=True) if a != b]
    assert changed == [("      housing: not-needed", "      housing: missing")]
    assert not (usti_copy / "imported").exists()


# 7. Delimiters --------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files(tmp_path: Path, usti_copy: Path, delimiter: str) -> None:
    source = _csv(
        tmp_path / "a.csv",
        [
            ["name", "provider", "type", "target groups"],
            ["A", "dd", "field", "senior-citizens, adults-with-disabilities"],
            ["B", "dd", "field", "senior-citizens"],
        ],
        delimiter=delimiter,
    )
    result = _import(usti_copy, source)
    assert result.returncode == 0, result.stderr
    assert "added 2 services: dd-a, dd-b" in result.stdout
    first = _owned(usti_copy, "a")["services"][0]
    assert first["target_groups"] == ["senior-citizens", "adults-with-disabilities"]


# 8. --merge keeps line endings and list style --------------------------------------------


def test_merge_keeps_crlf_and_flow_lists(tmp_path: Path, usti_copy: Path) -> None:
    services = usti_copy / "services.yaml"
    services.write_bytes(services.read_bytes().replace(b"\n", b"\r\n"))
    before = services.read_bytes().split(b"\r\n")
    source = _csv(
        tmp_path / "services.csv",
        [
            ["id", "name", "provider", "type", "target groups"],
            [*SERVICE.split(","), "senior-citizens; adults-with-disabilities"],
        ],
    )
    result = _import(usti_copy, source, "--merge")
    assert result.returncode == 0, result.stderr
    after = services.read_bytes().split(b"\r\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            b"    target_groups: [senior-citizens]",
            b"    target_groups: [senior-citizens, adults-with-disabilities]",
        )
    ]


# 9. A re-import keeps the user's edits of imported/<file>.yaml ---------------------------


def test_reimport_keeps_comments_in_the_owned_file(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(tmp_path / "registry.csv", [["name", "provider", "type"], ["A", "dd", "field"]])
    assert _import(usti_copy, source).returncode == 0
    owned = usti_copy / "imported" / "registry.yaml"
    text = owned.read_text(encoding="utf-8").replace("  name: A\n", "  name: A  # checked\n")
    owned.write_text(text, encoding="utf-8")
    _csv(source, [["name", "provider", "type"], ["A", "dd", "field"], ["B", "dd", "field"]])
    result = _import(usti_copy, source)
    assert result.returncode == 0, result.stderr
    assert "added 1 services: dd-b" in result.stdout
    written = owned.read_text(encoding="utf-8")
    assert "name: A  # checked\n" in written
    assert written.startswith("# yaml-language-server")
    assert [s["id"] for s in yaml.safe_load(written)["services"]] == ["dd-a", "dd-b"]


# 10. Row numbers as the file numbers them ------------------------------------------------


def test_csv_row_numbers_count_blank_lines(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text(
        'name,provider,type,capacity\n\n"A\nin two lines",dd,field,3\n\nB,dd,field,x\n',
        encoding="utf-8",
    )
    _refused(_import(usti_copy, source), "row 6, column 'capacity'")


def test_xlsx_row_numbers_count_blank_rows(tmp_path: Path, usti_copy: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in ([], ["name", "provider", "type", "capacity"], [], ["A", "dd", "field", 3], [], ["B", "dd", "field", "1 200"]):  # fmt: skip
        ws.append(row)
    source = tmp_path / "a.xlsx"
    wb.save(source)
    _refused(_import(usti_copy, source), "row 6, column 'capacity': '1 200' is not a number")


# 11. --merge does what it says, or says what it could not do -----------------------------

CARE = MINIMAL["services.yaml"]
CARE_LINES = (
    "  - id: care\n    name: Home care service\n    provider: ngo\n    type: home-care\n"
    "    target_groups: [seniors]\n    capacity: {value: 10, unit: places}\n"
)
TWELVE = [["id", "name", "provider", "type", "capacity", "capacity unit"]]
TWELVE.append(["care", "Home care service", "ngo", "home-care", "12", "places"])


def _merge_twelve(tmp_path: Path, services: str, ident: str = "care") -> tuple[Path, Result]:
    """MINIMAL with `services.yaml`, and service `ident` given capacity 12 by --merge."""
    plan = write_plan(tmp_path / "plan", {"services.yaml": services})
    rows = [TWELVE[0], [ident, *TWELVE[1][1:]]]
    return plan, _import(plan, _csv(tmp_path / "twelve.csv", rows), "--merge")


def _capacities(plan: Path) -> dict[str, float]:
    services = yaml.safe_load((plan / "services.yaml").read_text(encoding="utf-8"))["services"]
    services = services if isinstance(services, list) else [services]
    return {str(s["id"]): s["capacity"]["value"] for s in services}


def test_merge_through_an_alias_gives_the_entity_its_own_copy(tmp_path: Path) -> None:
    """care's `capacity: &cap` is aliased by care2: care gets the imported capacity, written
    out, care2 keeps 10 (before the fix both became 12), and a note says so."""
    care2 = CARE_LINES.replace("id: care", "id: care2").replace("{value: 10, unit: places}", "*cap")
    services = CARE.replace(
        CARE_LINES, CARE_LINES.replace("capacity: {", "capacity: &cap {") + care2
    )
    plan, result = _merge_twelve(tmp_path, services)
    assert (result.returncode, result.stdout) == (
        0,
        "merged: services care (services.yaml:4:5)\n    capacity: {'value': 10} -> {'value': 12}\n",
    )
    assert result.stderr == (
        "Note: services.yaml:4: services care: capacity was shared with other entries through "
        "an alias; care now has a copy of its own with the imported values, and the other "
        f"entries keep theirs\nwrote {plan / 'services.yaml'}\n"
    )
    assert _capacities(plan) == {"care": 12, "care2": 10}
    assert invoke("check", str(plan)).returncode == 0


def test_merge_refuses_an_entity_written_through_an_alias(tmp_path: Path) -> None:
    """The same service twice, `- *care` (check: a duplicate id): editing one edits both."""
    services = CARE.replace(
        CARE_LINES,
        CARE_LINES.replace("  - id: care\n", "  - &care\n    id: care\n") + "  - *care\n",
    )
    plan = write_plan(tmp_path / "plan", {"services.yaml": services})
    before = _tree(plan)
    result = _import(plan, _csv(tmp_path / "twelve.csv", TWELVE), "--merge")
    _refused(result, "services.yaml:4: services care is written through an alias (*name)")
    assert _tree(plan) == before


def test_merge_into_a_section_holding_one_entity_as_a_mapping(tmp_path: Path) -> None:
    """`services:` holding care as a mapping, not a list of one: check reads it so, and the
    merge writes it (before the fix it said "merged", exit 0, and left the file as it was)."""
    single = CARE.replace(CARE_LINES, CARE_LINES.replace("\n    ", "\n  ").replace("  - ", "  "))
    assert "services:\n  id: care\n  name: Home care service\n" in single
    plan, result = _merge_twelve(tmp_path, single)
    assert result.returncode == 0, result.stderr
    assert _capacities(plan) == {"care": 12}


@pytest.mark.parametrize("ident", ["1.10", "0x1F"])
def test_merge_finds_an_unquoted_id_yaml_reads_as_a_number(tmp_path: Path, ident: str) -> None:
    """YAML reads `id: 1.10` as 1.1 and `id: 0x1F` as 31; the plan keeps the text, and the
    merge finds the entity where the plan read it, and changes nothing else of the line."""
    services = CARE.replace("  - id: care\n", f"  - id: {ident}\n")
    plan, result = _merge_twelve(tmp_path, services, ident)
    assert result.returncode == 0, result.stderr
    assert (plan / "services.yaml").read_text(encoding="utf-8") == services.replace(
        "value: 10", "value: 12"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "...\n# Checked by the city, March 2025\n"),
        ("# Services of 2025\n\n--- # the catalogue\n", ""),
        ("---\n", "...\n"),
    ],
    ids=["end", "start", "both"],
)
def test_merge_keeps_the_markers_and_the_comments_beside_them(
    tmp_path: Path, before: str, after: str
) -> None:
    """ruamel.yaml drops `...` and what follows it, and `---` with the comments above it."""
    services = before + CARE + after
    plan, result = _merge_twelve(tmp_path, services)
    assert result.returncode == 0, result.stderr
    assert (plan / "services.yaml").read_text(encoding="utf-8") == services.replace(
        "value: 10", "value: 12"
    )


def test_merge_that_cannot_find_its_entity_writes_nothing_and_says_so(tmp_path: Path) -> None:
    """The file changed between reading the plan and editing it: the entity is not where the
    plan read it, so the import stops (exit 2 from the command) instead of saying "merged"."""
    from cpkit.api import load_plan
    from cpkit.interchange.importer import ImportError_, import_file

    plan_dir = write_plan(tmp_path / "plan")
    plan = load_plan(plan_dir)
    moved = "# a line added above\n" + CARE
    (plan_dir / "services.yaml").write_text(moved, encoding="utf-8")
    with pytest.raises(ImportError_) as caught:
        import_file(plan, _csv(tmp_path / "twelve.csv", TWELVE), kind="services", merge=True)
    assert str(caught.value) == (
        "services.yaml:4: cannot find services care there to merge into (is the file changed "
        "since the plan was read?); nothing written"
    )
    assert (plan_dir / "services.yaml").read_text(encoding="utf-8") == moved


# 12. What cpkit export writes, cpkit import reads back -----------------------------------


def test_the_exported_workbook_imports_back_unchanged(tmp_path: Path, usti_copy: Path) -> None:
    """The workbook's first sheet is `plan`; import reads the sheet named as what it imports
    (services, needs_matrix), and the plan's own entities come back unchanged."""
    workbook = tmp_path / "usti.xlsx"
    assert invoke("export", str(usti_copy), "-o", str(workbook)).returncode == 0
    before = _tree(usti_copy)
    services = len(yaml.safe_load((usti_copy / "services.yaml").read_text())["services"])
    rows = len(yaml.safe_load((usti_copy / "needs.yaml").read_text())["needs_matrix"])
    for options, unchanged in ((), services), (("--kind", "needs"), rows):
        result = _import(usti_copy, workbook, *options)
        assert (result.returncode, result.stdout) == (0, f"unchanged: {unchanged}\n")
        assert result.stderr == "Nothing to change.\n"
    assert _tree(usti_copy) == before
    _refused(
        _import(usti_copy, workbook, "--sheet", "Services"),
        "--sheet Services: ",
        "has no such sheet; it has plan, stakeholders, ",
    )
    by_name = _import(usti_copy, workbook, "--sheet", "services", "--dry-run")
    assert (by_name.returncode, by_name.stdout) == (0, f"unchanged: {services}\n")


def test_sheet_of_a_csv_file_is_an_error(tmp_path: Path, usti_copy: Path) -> None:
    source = _csv(tmp_path / "a.csv", [["name", "provider", "type"], ["A", "dd", "field"]])
    _refused(_import(usti_copy, source, "--sheet", "services"), "is not a workbook")


@pytest.mark.parametrize("forced", ["!!bool maybe", "!!int x", "!!set x"])
def test_merge_into_a_file_with_a_value_unfit_for_its_tag_is_refused(
    tmp_path: Path, forced: str
) -> None:
    """ruamel.yaml cannot construct `registry_id: !!bool maybe` (a KeyError inside it, found
    by the property tests): the file to merge into is named as unreadable, nothing written."""
    services = CARE.replace(
        "name: Home care service\n", f"name: Home care service\n    registry_id: {forced}\n"
    )
    plan = write_plan(tmp_path / "plan", {"services.yaml": services})
    before = _tree(plan)
    result = _import(plan, _csv(tmp_path / "twelve.csv", TWELVE), "--merge")
    _refused(result, "services.yaml: cannot be read (a value unfit for its tag: ")
    assert _tree(plan) == before


def test_a_new_entity_joins_an_owned_section_holding_one_as_a_mapping(tmp_path: Path) -> None:
    """imported/reg.yaml edited to hold its one service as a mapping: the next import adds B
    beside A (before the fix B replaced A, and the file lost it)."""
    owned = "services:\n  id: ngo-a\n  name: A\n  provider: ngo\n  type: home-care\n"
    plan = write_plan(tmp_path / "plan", {"imported/reg.yaml": owned})
    rows = [["name", "provider", "type"], ["A", "ngo", "home-care"], ["B", "ngo", "home-care"]]
    result = _import(plan, _csv(tmp_path / "reg.csv", rows))
    assert (result.returncode, result.stdout) == (0, "added 1 services: ngo-b\nunchanged: 1\n")
    assert [s["id"] for s in _owned(plan, "reg")["services"]] == ["ngo-a", "ngo-b"]
