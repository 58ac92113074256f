"""Alignment across plans: a unit plan's `aligns_with` checked against the district plan it
names, `cpkit align` listing and confirming the links, and where cpkit refuses to read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from align_plans import ALIGNS_LINE, DISTRICT_OBJECTIVES, unit_objectives, write_pair
from test_layers import no_disk  # noqa: F401  (a fixture)

from cpkit.api import check_plan
from cpkit.checks.alignment import Target, check_alignment, fingerprint
from cpkit.model.build import build_plan
from cpkit.source.folder import from_texts

from conftest import EXAMPLES, MINIMAL, ROOT, invoke


def findings(unit: Path) -> list[tuple[str, str, int, int]]:
    _, report = check_plan(unit)
    return [(d.code, d.loc.file, d.loc.line, d.loc.column) for d in report]


def renumber(district: Path) -> None:
    """The district's 1.2 becomes 1.3, and a new 1.2 appears before it."""
    text = DISTRICT_OBJECTIVES.replace(
        '      - id: "1.2"\n',
        '      - id: "1.2"\n        title: Day care places\n      - id: "1.3"\n',
    )
    (district / "objectives.yaml").write_text(text, encoding="utf-8")


def test_an_id_the_district_lacks_is_one_error_naming_it(tmp_path: Path) -> None:
    unit, _ = write_pair(tmp_path, '["9.9"]')
    _, report = check_plan(unit)
    assert report.flatten() == [("CP205", "objectives.yaml", ALIGNS_LINE)]
    (d,) = report.diagnostics
    assert d.loc.column == 23  # `        aligns_with: [` is 22 characters
    assert d.message == "objective 1.1 aligns with '9.9', which ../district does not have"


def test_confirmed_links_are_clean_and_the_file_keeps_its_comments(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path, '["1.2", "1.1.1"]')
    result = invoke("align", str(unit), "--confirm")
    assert (result.returncode, result.stdout) == (
        0, "Confirmed 2 alignments; wrote objectives.yaml.\n"
    )  # fmt: skip
    plan, _ = check_plan(district, run=False)
    stamps = {e.id: fingerprint(e) for e in [*plan.objectives(), *plan.measures()]}
    expected = unit_objectives(
        '["1.2", "1.1.1"]', f'{{"1.2": "{stamps["1.2"]}", "1.1.1": "{stamps["1.1.1"]}"}}'
    )
    assert (unit / "objectives.yaml").read_text(encoding="utf-8") == expected
    assert "# the district's objectives" in expected
    assert findings(unit) == []
    again = invoke("align", str(unit), "--confirm")
    assert again.stdout == "Confirmed 2 alignments; wrote no file (nothing changed).\n"


def test_a_changed_title_makes_the_link_suspect(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path)
    invoke("align", str(unit), "--confirm")
    text = DISTRICT_OBJECTIVES.replace("Support for carers", "Support for family carers")
    (district / "objectives.yaml").write_text(text, encoding="utf-8")
    _, report = check_plan(unit)
    assert report.flatten() == [("CP206", "objectives.yaml", ALIGNS_LINE)]
    assert report.diagnostics[0].message == (
        "objective 1.1 aligns with objective 1.2 of ../district (objectives.yaml:15:9), which "
        "has changed since the link was confirmed: it now reads 'Support for family carers'"
    )
    listed = invoke("align", str(unit))
    assert listed.returncode == 1
    assert listed.stdout.splitlines() == [
        f"{unit}/objectives.yaml:8:23: suspect objective 1.1 → objective 1.2 of ../district: "
        "Support for family carers",
        "1 alignment: 0 ok, 1 suspect, 0 missing, 0 unconfirmed.",
    ]


def test_reflowed_text_is_not_a_change(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path)
    invoke("align", str(unit), "--confirm")
    text = DISTRICT_OBJECTIVES.replace(
        "description: Respite and training for family carers.",
        "description: >-\n          Respite and training\n          for family carers.",
    )
    (district / "objectives.yaml").write_text(text, encoding="utf-8")
    assert findings(unit) == []


def test_renumbering_the_district_reports_the_units_link(tmp_path: Path) -> None:
    """The case of the issue: the district's 2.2 became 2.3 and a new 2.2 appeared."""
    unit, district = write_pair(tmp_path)
    invoke("align", str(unit), "--confirm")
    renumber(district)
    _, report = check_plan(unit)
    assert report.flatten() == [("CP206", "objectives.yaml", ALIGNS_LINE)]
    assert report.diagnostics[0].hint == (
        "objective 1.3 now reads as 1.2 did when confirmed: if the work moved, write '1.3', "
        "then confirm"
    )


def test_a_removed_target_names_where_its_text_went(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path)
    invoke("align", str(unit), "--confirm")
    text = DISTRICT_OBJECTIVES.replace('- id: "1.2"', '- id: "1.3"')
    (district / "objectives.yaml").write_text(text, encoding="utf-8")
    _, report = check_plan(unit)
    assert report.flatten() == [("CP205", "objectives.yaml", ALIGNS_LINE)]
    assert report.diagnostics[0].hint == "its confirmed text is now objective 1.3: write '1.3'"
    result = invoke("align", str(unit), "--confirm")  # cannot confirm 1.2; keeps its stamp
    assert result.returncode == 1
    assert "aligned: {" in (unit / "objectives.yaml").read_text(encoding="utf-8")


def test_unconfirmed_links_are_listed_and_warned(tmp_path: Path) -> None:
    unit, _ = write_pair(tmp_path, '["1.2", "9.9"]')
    assert findings(unit) == [
        ("CP207", "objectives.yaml", 8, 23),
        ("CP205", "objectives.yaml", 8, 30),
    ]
    listed = invoke("align", str(unit))
    assert listed.stdout.splitlines()[-1] == (
        "2 alignments: 0 ok, 0 suspect, 1 missing, 1 unconfirmed."
    )


def test_objectives_that_align_while_the_plan_names_no_plan(tmp_path: Path) -> None:
    unit, _ = write_pair(tmp_path, aligns_with=None)
    _, report = check_plan(unit)
    assert report.flatten() == [("CP204", "objectives.yaml", ALIGNS_LINE)]
    result = invoke("align", str(unit))
    assert (result.returncode, result.stderr) == (
        2, f"Error: {unit}: `plan.aligns_with` names no plan to align with\n"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("../../elsewhere", "it leads outside this plan's parent folder and its git work tree"),
        ("/etc", "it is an absolute path; write it relative to this plan"),
        (".", "it is this plan's own folder, or holds it, or is inside it"),
        ("..", "it is this plan's own folder, or holds it, or is inside it"),
        ("../nowhere", "there is no such folder"),
    ],
)
def test_folders_cpkit_does_not_read(tmp_path: Path, written: str, problem: str) -> None:
    unit, _ = write_pair(tmp_path / "work", aligns_with=written)
    _, report = check_plan(unit)
    assert report.flatten() == [("CP204", "plan.yaml", 5)]
    assert report.diagnostics[0].message.endswith(f"cannot be read: {problem}")


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_a_link_out_of_the_parent_folder_is_not_followed(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path / "work" / "plans")
    outside = tmp_path / "work" / "district"
    district.rename(outside)
    district.symlink_to(outside, target_is_directory=True)
    assert [c for c, *_ in findings(unit)] == ["CP204"]


def test_inside_the_git_work_tree_a_plan_may_reach_further(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    unit, _ = write_pair(tmp_path / "repo" / "units", aligns_with="../../district")
    district = tmp_path / "repo" / "district"
    (tmp_path / "repo" / "units" / "district").rename(district)
    assert [c for c, *_ in findings(unit)] == ["CP207"]


def test_a_district_plan_that_cannot_be_read_is_one_error(tmp_path: Path) -> None:
    broken = {"objectives.yaml": DISTRICT_OBJECTIVES + "  - id: [unclosed\n"}
    unit, _ = write_pair(tmp_path, '["9.9"]', district=broken)
    _, report = check_plan(unit)
    assert report.flatten() == [("CP204", "plan.yaml", 5)]
    assert "cannot be read: ../district/objectives.yaml:19:" in report.diagnostics[0].message


def test_why_the_plan_aligned_with_cannot_be_read_is_said_in_the_readers_language(
    tmp_path: Path,
) -> None:
    """CP204's reason is a word of the catalogue (`align-problems`), and another plan's
    finding is quoted in the reader's words too; the data names the reason, not a phrase."""
    unit, _ = write_pair(tmp_path / "work", aligns_with="../nowhere")
    (d,) = check_plan(unit)[1].diagnostics
    assert (d.code, d.loc.file, d.loc.line) == ("CP204", "plan.yaml", 5)
    assert (
        d.message_in("cs")
        == "plán, na který se navazuje, „../nowhere“, nelze přečíst: taková složka neexistuje"
    )
    assert d.message_in("zh-Hant") == "要對應的計劃「../nowhere」無法讀取：沒有這個資料夾"
    assert d.data["problem"] == "no-folder"
    broken = {"objectives.yaml": DISTRICT_OBJECTIVES + "  - id: [unclosed\n"}
    unit, _ = write_pair(tmp_path / "broken", '["9.9"]', district=broken)
    (d,) = check_plan(unit)[1].diagnostics
    czech = d.message_in("cs")
    assert czech.startswith("plán, na který se navazuje, „../district“, nelze přečíst: "
                            "../district/objectives.yaml:19:")  # fmt: skip
    assert czech.endswith("(zkontrolujte ho příkazem `cpkit check`)")
    assert d.data["problem"]["finding"]["code"] == "CP001"  # type: ignore[index]
    said = invoke("align", str(unit), "--language", "cs")
    assert said.returncode == 2
    assert (
        said.stderr.startswith("Chyba: ")
        and "(zkontrolujte ho příkazem `cpkit check`)" in said.stderr
    )


def test_alignment_can_be_switched_off_like_any_rule(tmp_path: Path) -> None:
    unit, _ = write_pair(tmp_path)
    assert check_plan(unit, disable=["align-unconfirmed"])[1].flatten() == []


@pytest.mark.usefixtures("no_disk")
def test_the_alignment_check_reads_no_file() -> None:
    unit_files = {
        **MINIMAL,
        "plan.yaml": MINIMAL["plan.yaml"] + "  aligns_with: ../district\n",
        "objectives.yaml": unit_objectives('["1.2", "9.9"]'),
    }
    unit, _ = build_plan(from_texts(unit_files, root="unit"))
    district, _ = build_plan(
        from_texts({**MINIMAL, "objectives.yaml": DISTRICT_OBJECTIVES}, root="district")
    )
    found = list(check_alignment(unit, Target("../district", district)))
    assert [(d.code, d.loc.line, d.loc.column) for d in found] == [
        ("CP207", 8, 23),
        ("CP205", 8, 30),
    ]


# --- the roll-up of a district plan and its units' plans ----------------------------------

SSP = [str(EXAMPLES / name) for name in ("ssp-district", "ssp-unit-elderly", "ssp-unit-youth")]
# the units' plans by their titles (examples/ssp-unit-*/plan.yaml)
ELDERLY = "Neighbourhood Elderly Centre, Sham Shui Po — Annual Plan 2026–27"
YOUTH = "Integrated Children and Youth Services Centre, Sham Shui Po — Annual Plan 2026–27"


def test_the_examples_pass_strict_and_their_links_are_confirmed() -> None:
    for folder in SSP:
        assert invoke("check", folder, "--strict").returncode == 0, folder
    for folder in SSP[1:]:
        listed = invoke("align", folder)
        assert listed.returncode == 0
        assert listed.stdout.splitlines()[-1] == (
            "4 alignments: 4 ok, 0 suspect, 0 missing, 0 unconfirmed."
        )


def test_rollup_per_district_objective() -> None:
    from cpkit.analysis.rollup import build_rollup, plan_names
    from cpkit.api import load_plan

    plans = [load_plan(folder) for folder in SSP]
    (toward,) = build_rollup(plans, plan_names(plans)).alignment
    # a unit's plan by its title, as a person knows it, not by its folder
    assert (toward.plan, toward.units) == ("Sham Shui Po", [ELDERLY, YOUTH])
    # elderly: 1.1 → 2.2; 1.2 → 2.1 and its measure 2.1.1 (one link to 2.1); 1.3 → 5.1
    # youth: 1.1 → 4.1 and its measure 4.1.1; 1.2 → 5.1 and 2.1
    counts = dict(zip(toward.objectives["objective"], toward.objectives["count"], strict=True))
    assert counts == {"1.1": 0, "2.1": 2, "2.2": 1, "3.1": 0, "4.1": 1, "5.1": 2}
    assert toward.unserved == ["1.1", "3.1"]
    via = dict(zip(toward.objectives["objective"], toward.objectives["via"], strict=True))
    assert via["2.1"] == f"{ELDERLY}: 1.2; {YOUTH}: 1.2"


def test_rollup_text_and_markdown() -> None:
    text = invoke("rollup", *SSP, "--format", "text")
    assert (text.returncode, text.stderr) == (0, "")
    lines = text.stdout.splitlines()
    assert lines[0] == "Work toward the plan of Sham Shui Po"
    assert lines[3:7] == [
        "  1.1  Child care for parents who work",
        "      no plan",
        "  2.1  Reaching hidden elders living alone",
        f"      {ELDERLY}: 1.2; {YOUTH}: 1.2",
    ]
    assert lines[-1] == "Objectives no plan works toward: 1.1, 3.1."
    md = invoke("rollup", *SSP, "--format", "md", "--language", "cs")
    assert f"| 2.2 | Support for carers of elderly people | {ELDERLY}: 1.1 | 1 |" in md.stdout
    assert "ssp-unit-elderly" not in md.stdout
    assert "Cíle, na které nenavazuje žádný plán: 1.1, 3.1." in md.stdout


def test_rollup_document_has_the_alignment_section(tmp_path: Path) -> None:
    result = invoke("rollup", *SSP, "-o", str(tmp_path))
    assert result.returncode == 0
    text = (tmp_path / "rollup.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [  # only the tables with rows; no vocabulary of the municipal plans
        "# Overview of a plan and the plans that work toward it",
        "## Plans rolled up",
        "## Work toward the plan of Sham Shui Po",
        "## Needs matrix",
        "## Service gaps",
        "## Funding gaps",
        "## Costs and funds by area",
        "## Expected funds by source",
    ]
    assert result.stderr == f"Wrote 2 files to {tmp_path}\n"
    assert "| 3.1 | Employment of people with disabilities | no plan | 0 |" in text


def test_rollup_counts_no_link_to_an_id_the_district_lacks(tmp_path: Path) -> None:
    unit, district = write_pair(tmp_path, '["1.2", "9.9"]')
    result = invoke("rollup", str(district), str(unit), "--format", "text")
    assert result.stderr == (
        "Warning: the plan of centre aligns 1.1 with 9.9, which the plan of district does not have\n"
    )
    assert "  1.2  Support for carers\n      centre: 1.1\n" in result.stdout


def test_rollup_of_plans_that_align_with_none_of_them(tmp_path: Path) -> None:
    result = invoke("rollup", *SSP[1:], "--format", "text")
    assert (result.returncode, result.stderr) == (
        2, "Error: none of these plans aligns with another of them (`plan.aligns_with`)\n"
    )  # fmt: skip
    result = invoke("rollup", *SSP)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: --output FOLDER is needed")


def test_the_rollup_documentation_shows_what_the_command_prints() -> None:
    doc = (ROOT / "docs" / "rollup.md").read_text(encoding="utf-8")
    shown = doc.split("```text\n")[-1].split("```")[0]
    assert invoke("rollup", *SSP, "--format", "text").stdout == shown


def test_a_wrong_type_of_plan_aligns_with_is_one_finding(tmp_path: Path) -> None:
    unit, _ = write_pair(tmp_path, aligns_with="[../district]")
    assert findings(unit) == [("CP101", "plan.yaml", 5, 16)]


TITLE = "        title: Provision of residential services\n"


@pytest.mark.parametrize(
    ("written", "confirmed"),
    [
        (  # a block list, a comment on an item and one before the next key
            '        aligns_with:\n          - "1.2"   # carers\n          - "1.1.1"\n'
            "        # the measures of the unit\n",
            '        aligns_with:\n          - "1.2"   # carers\n          - "1.1.1"\n'
            '        aligned: {"1.2": "STAMP", "1.1.1": "SUB"}\n'
            "        # the measures of the unit\n",
        ),
        (  # a flow list with a comment at its end and comment lines after it
            '        aligns_with: ["1.2"]   # eol\n        # before measures\n\n        # two\n',
            '        aligns_with: ["1.2"]   # eol\n        aligned: {"1.2": "STAMP"}\n'
            "        # before measures\n\n        # two\n",
        ),
    ],
    ids=["block", "flow"],
)
def test_confirm_keeps_comments_where_they_were(
    tmp_path: Path, written: str, confirmed: str
) -> None:
    unit, district = write_pair(tmp_path)
    objectives = unit / "objectives.yaml"
    objectives.write_text(MINIMAL["objectives.yaml"].replace(TITLE, TITLE + written))
    assert invoke("align", str(unit), "--confirm").returncode == 0
    plan, _ = check_plan(district, run=False)
    stamps = {e.id: fingerprint(e) for e in [*plan.objectives(), *plan.measures()]}
    expected = confirmed.replace("STAMP", stamps["1.2"]).replace("SUB", stamps["1.1.1"])
    assert objectives.read_text() == MINIMAL["objectives.yaml"].replace(TITLE, TITLE + expected)


def test_the_unit_document_names_the_district_objectives(tmp_path: Path) -> None:
    """The last column of a unit plan's table names the district objective each of its
    objectives works toward by number and title, as the district plan writes it; the
    sentence above names the district plan by its title, not its folder."""
    out = tmp_path / "out"
    result = invoke("render", str(EXAMPLES / "ssp-unit-elderly"), "-o", str(out), "-f", "md")
    assert result.returncode == 0, result.stderr
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert "This plan works toward Sham Shui Po District Plan of Welfare Services 2026–2028;" in md
    row = next(line for line in md.splitlines() if line.startswith("| 1.1 Carers' support"))
    assert row.endswith("| 2.2 Support for carers of elderly people |")
    assert "../ssp-district" not in md
