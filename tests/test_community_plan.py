"""A Czech community plan as a newcomer encodes it from the Ústí 2004–2006 method: each case
below is a stumble met that way, reproduced from the plan as written, not from the example."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import invoke, write_plan

# Seed 004's needs matrix: eight needs, the last two (Catering, Education and retraining)
# with no filled cell in any row.
EIGHT_NEEDS = """\
service_types:
  - {id: assistance, name: Assistance services}
  - {id: sheltered, name: Sheltered housing}
services:
  - id: care
    name: Home care service
    provider: ngo
    type: assistance
    target_groups: [seniors]
    capacity: {value: 10, unit: places}
needs:
  - {id: information, name: Information on provision}
  - {id: finance, name: Financial management}
  - {id: leisure, name: Active leisure activities}
  - {id: personal-care, name: Personal care}
  - {id: home-help, name: Help in the home}
  - {id: housing, name: Housing}
  - {id: catering, name: Catering}
  - {id: education, name: Education and retraining}
needs_matrix:
  - id: seniors-assistance
    target_group: seniors
    service_type: assistance
    cells: {information: [care], finance: missing, leisure: not needed, personal-care: [care]}
  - id: seniors-sheltered
    target_group: seniors
    service_type: sheltered
    cells: {home-help: missing, housing: missing}
"""
OBJECTIVES_ANSWERING = """\
priorities:
  - id: "1"
    title: Care for senior citizens
    area: seniors
    objectives:
      - id: "1.1"
        title: Provision of residential services
        measures:
          - id: "1.1.1"
            title: Sheltered flats
            start: 2025-01
            end: 2026-12
            costs: {total: 100, per_year: {2025: 60, 2026: 40}}
            answers: [seniors-sheltered/housing, seniors-sheltered/home-help,
                      seniors-assistance/finance]
"""


def eight_needs_plan(tmp_path: Path) -> Path:
    return write_plan(
        tmp_path / "plan",
        {"services.yaml": EIGHT_NEEDS, "objectives.yaml": OBJECTIVES_ANSWERING},
    )


def test_a_need_no_row_fills_is_still_a_column_of_the_rendered_matrix(tmp_path: Path) -> None:
    plan = eight_needs_plan(tmp_path)
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    header = next(line for line in md.splitlines() if "Information on provision" in line)
    # the row label, then all eight needs in the plan's order
    assert header.count("|") == 1 + 1 + 8
    assert header.rstrip(" |").endswith("Catering | Education and retraining")
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert "<th>Education and retraining</th>" in html


def test_a_need_no_row_fills_is_still_a_column_of_the_exported_matrix(tmp_path: Path) -> None:
    plan = eight_needs_plan(tmp_path)
    out = tmp_path / "csv"
    assert invoke("export", str(plan), "-o", str(out)).returncode == 0
    with (out / "needs_matrix.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][4:] == [
        "information", "finance", "leisure", "personal-care",
        "home-help", "housing", "catering", "education",
    ]  # fmt: skip
    assert rows[1][-2:] == ["", ""]
    assert rows[2][4:] == ["", "", "", "", "missing", "missing", "", ""]


# Seed 004's measure 1.1: CZK 3,848,250, 650 clients a day; Part B with a population table
# that names its source and a second table, the age structure.
MEASURE_1_1 = """\
priorities:
  - id: "1"
    title: Care for senior citizens
    area: seniors
    objectives:
      - id: "1.1"
        title: Provision of residential services
        measures:
          - id: "1.1.1"
            title: Increasing the quality of existing services
            start: 2025-01
            end: 2026-12
            costs: {total: 3848250, per_year: {2025: 1924125, 2026: 1924125}}
            clients: {per_day: 650}
            answers: [seniors-care/housing]
"""
POPULATION = """\
year,target_group,count,source
2025,seniors,13120,Czech Statistical Office
2026,seniors,13290,forecast
"""
AGE_STRUCTURE = """\
year,0-14,15-64,65+
2025,15320,66410,13020
2026,15010,66290,13120
"""


def test_export_keeps_whole_numbers_the_source_column_and_every_table(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path / "plan",
        {
            "objectives.yaml": MEASURE_1_1,
            "demographics/population.csv": POPULATION,
            "demographics/age-structure.csv": AGE_STRUCTURE,
        },
    )
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "csv"
    assert invoke("export", str(plan), "-o", str(out)).returncode == 0
    with (out / "measures.csv").open(encoding="utf-8") as f:
        measure = next(csv.DictReader(f))
    assert (measure["Costs total"], measure["Clients per day"]) == ("3848250", "650")
    assert (out / "population.csv").read_text(encoding="utf-8") == (
        "Year,Target group,Count,Source\n"
        "2025,seniors,13120,Czech Statistical Office\n"
        "2026,seniors,13290,forecast\n"
    )
    assert (out / "age-structure.csv").read_text(encoding="utf-8") == (
        "Year,0-14,15-64,65+\n2025,15320,66410,13020\n2026,15010,66290,13120\n"
    )


# Seed 004, step 6: "Anonymous comments are not filed. A book of comments is kept."
CZECH_PLAN = """\
plan:
  title: 2. komunitní plán péče
  period: {start: 2025, end: 2027}
  currency: CZK
  language: cs
"""
BOOK = """\
consultation:
  start: 2025-01-01
  end: 2025-02-28
comments:
  - id: "1"
    received: 2025-01-10
    author: {name: Marie Svobodová}
    text: Více pečovatelské služby o víkendech.
    group: cg
    kind: substantive
    decision: accepted
    status: settled
  - id: "2"
    received: 2025-01-12
    text: Nepodepsaný dotazník ponechaný na podatelně.
    filed: false
    reason: anonymous
"""


def test_a_not_filed_anonymous_comment_is_counted_apart_and_never_published(
    tmp_path: Path,
) -> None:
    plan = write_plan(tmp_path / "plan", {"plan.yaml": CZECH_PLAN, "comments.yaml": BOOK})
    result = invoke("check", str(plan), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = invoke("comments", str(plan)).stdout
    assert "Přijato 2, evidováno 1, neevidováno 1 (anonymní)." in shown  # the plan is Czech
    total = next(line for line in shown.splitlines() if line.lstrip("│ ").startswith("celkem"))
    assert total.split()[:3] == ["celkem", "1", "1"]  # one comment, one substantive
    annex = invoke("comments", str(plan), "--annex", "--format", "csv").stdout
    assert annex.splitlines()[1:] and all("Nepodepsaný" not in x for x in annex.splitlines())
    assert len(annex.splitlines()) == 2  # the header and comment 1
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    for page in ("plan.md", "plan.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "Přijatých připomínek: 2, zaevidovaných: 1, nezaevidovaných: 1 (anonymní)." in text
        assert "Nepodepsaný" not in text


def test_a_comment_without_an_author_is_told_how_to_record_it_as_not_filed(
    tmp_path: Path,
) -> None:
    book = BOOK.replace("    filed: false\n    reason: anonymous\n", "")
    plan = write_plan(tmp_path / "plan", {"comments.yaml": book})
    result = invoke("check", str(plan))
    assert result.returncode == 1
    assert "comments.yaml:13:" in result.stdout and "CP701" in result.stdout
    assert "`filed: false` and `reason: anonymous`" in result.stdout


# Seed 004, Part C.1: "Information about funds allocated for the social sphere in 2002", for
# the 2nd Care Community Plan 2004–2006.
PLAN_2004_2006 = """\
plan:
  title: 2nd Care Community Plan
  period: {start: 2004, end: 2006}
  currency: CZK
"""
ALLOCATED_2002 = """\
service_types:
  - {id: home-care, name: Home care}
services:
  - id: care
    name: Home care service
    provider: ngo
    type: home-care
    target_groups: [seniors]
    capacity: {value: 10, unit: places}
    funding:
      - {source: municipality, amount: 1200000, year: 2002}
      - {source: state, amount: 800000, year: 2002}
      - {source: clients, amount: 150000, year: 2002}
needs:
  - {id: housing, name: Housing}
needs_matrix:
  - id: seniors-care
    target_group: seniors
    service_type: home-care
    cells: {housing: missing}
"""
MEASURE_2004 = """\
priorities:
  - id: "1"
    title: Care for senior citizens
    area: seniors
    objectives:
      - id: "1.1"
        title: Provision of residential services
        measures:
          - id: "1.1.1"
            title: Sheltered flats
            start: 2004-01
            end: 2006-12
            costs: {total: 100, per_year: {2002: 60, 2004: 40}}
            answers: [seniors-care/housing]
"""


def test_funds_allocated_before_the_period_are_no_warning(tmp_path: Path) -> None:
    from cpkit.api import check_plan

    plan = write_plan(
        tmp_path / "plan",
        {
            "plan.yaml": PLAN_2004_2006,
            "services.yaml": ALLOCATED_2002,
            "objectives.yaml": MEASURE_2004,
        },
    )
    _, report = check_plan(plan)
    # the measure's costs of 2002 are still outside its period; the services' funds are not
    assert [(d.code, d.loc.file, d.loc.line) for d in report.diagnostics] == [
        ("CP305", "objectives.yaml", 13)
    ]
    fixed = MEASURE_2004.replace("{2002: 60, 2004: 40}", "{2004: 60, 2005: 40}")
    (plan / "objectives.yaml").write_text(fixed, encoding="utf-8")
    assert invoke("check", str(plan), "--strict").returncode == 0


# Seed 004's card: "It is the establishment of a new service or programme: Yes and No", which a
# Czech planner writes as "Ano i ne".
def test_yes_and_no_for_a_new_service_is_told_to_write_partly_and_a_note(tmp_path: Path) -> None:
    objectives = OBJECTIVES_ANSWERING.replace(
        "            answers:", "            new_service: Ano i ne\n            answers:"
    )
    plan = write_plan(tmp_path / "plan", {"objectives.yaml": objectives})
    result = invoke("check", str(plan))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{plan / 'objectives.yaml'}:14:26: error CP104 measure 1.1.1.new_service is 'Ano i ne';"
        " allowed: yes, no, partly",
        '    hint: for yes in one sense and no in another ("Yes and No"), write `partly` and say'
        " how in `new_service_note`",
    ]


def test_an_unquoted_title_with_a_colon_is_told_to_quote_it(tmp_path: Path) -> None:
    groups = "groups:\n  - id: se\n    title: Stakeholders Engagement:\n"
    write_plan(tmp_path / "p", {"engagement.yaml": groups})
    result = invoke("check", "p", cwd=tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "p/engagement.yaml:3:35: error CP001 mapping values are not allowed in this context",
        "    hint: line 3: title: Stakeholders Engagement: — a value that holds a colon must be"
        ' in quotes: title: "Stakeholders Engagement:"',
    ]


def test_the_summary_counts_the_files_with_findings(tmp_path: Path) -> None:
    from conftest import MINIMAL

    # three errors, all in services.yaml (a provider, a type and a group that do not exist),
    # of the five files read
    services = (
        MINIMAL["services.yaml"]
        .replace("provider: ngo", "provider: charity")
        .replace("type: home-care\n    target", "type: day-care\n    target")
        .replace("target_groups: [seniors]", "target_groups: [elderly]")
    )
    plan = write_plan(tmp_path / "plan", {"services.yaml": services})
    lines = invoke("check", str(plan)).stdout.splitlines()
    assert [line.split(" ")[1:3] for line in lines if not line.startswith(" ")][:-1] == [
        ["error", "CP202"]
    ] * 3
    assert lines[-1] == "Found 3 errors in 1 of 5 files."


def test_a_location_in_a_hint_is_shown_as_the_main_path_is(tmp_path: Path) -> None:
    window = "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\n"
    write_plan(tmp_path / "p", {"a.yaml": window, "b.yaml": window})
    result = invoke("check", "p", cwd=tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "p/b.yaml:1:1: error CP007 a second `consultation` section",
        "    hint: the first is at p/a.yaml:2:3; keep one",
    ]
    found = invoke("check", "p", "--format", "json", cwd=tmp_path).stdout
    assert '"hint": "the first is at p/a.yaml:2:3; keep one"' in found


# The 2005 monitoring year reports measure 1.1.1 done, with a note; the SWOT is the seed's
# "SWOT analysis of the Coordination Group ... - December 2003".
MONITORING_2025 = """\
monitoring:
  year: 2025
  measures:
    - {measure: "1.1.1", status: postponed, note: Stavební povolení přišlo pozdě.}
"""
MONITORING_2026 = """\
monitoring:
  year: 2026
  measures:
    - {measure: "1.1.1", status: done, note: Byty jsou obsazeny.}
"""


def test_a_measure_card_shows_what_monitoring_reports_and_the_swot_who_and_when(
    tmp_path: Path,
) -> None:
    from conftest import MINIMAL

    areas = MINIMAL["areas.yaml"].replace(
        "  - area: seniors\n", "  - area: seniors\n    group: cg\n    date: 2024-12\n"
    )
    plan = write_plan(
        tmp_path / "plan",
        {
            "plan.yaml": CZECH_PLAN,
            "areas.yaml": areas,
            "monitoring/2025.yaml": MONITORING_2025,
            "monitoring/2026.yaml": MONITORING_2026,
        },
    )
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert "| Stav | plánováno |" not in md
    assert "| Stav | splněno (monitorování 2026) |" in md
    assert (
        "| Monitorování | 2025: Stavební povolení přišlo pozdě.; 2026: Byty jsou obsazeny. |" in md
    )
    assert "Zpracovala: Coordination group for seniors, prosinec 2024." in md


# Seed 004's objective 1 with its own numbering: measures 1, 1.1, 1.2, 2, 2.1 … under it.
LOCAL_NUMBERS = """\
priorities:
  - id: "1"
    title: Social assistance and care for senior citizens
    area: seniors
    objectives:
      - id: "1.1"
        title: Provision of residential services
        measures:
          - id: "1.1.1"
            number: "1"
            title: Development of the existing residential services in retirement homes
            measures:
              - id: "1.1.1.1"
                number: "1.1"
                title: Increasing the quality of existing services
                start: 2025-01
                end: 2026-12
                costs: {total: 100, per_year: {2025: 60, 2026: 40}}
                answers: [seniors-care/housing]
          - id: "1.1.2"
            number: "2"
            title: Transformation of boarding houses for seniors
            measures:
              - id: "1.1.2.1"
                number: "2.1"
                title: Gradual transformation to extend services also for other groups
"""


def test_measures_carry_their_local_numbers_and_parts_their_section_numbers(
    tmp_path: Path,
) -> None:
    plan = write_plan(tmp_path / "plan", {"objectives.yaml": LOCAL_NUMBERS})
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    titles = [line.split(" ", 1)[1] for line in md.splitlines() if " Measure " in line]
    assert titles == [
        "Measure 1. Development of the existing residential services in retirement homes",
        "Measure 1.1. Increasing the quality of existing services",
        "Measure 2. Transformation of boarding houses for seniors",
        "Measure 2.1. Gradual transformation to extend services also for other groups",
    ]
    sections = [line for line in md.splitlines() if line.startswith("### ") and "." in line[4:7]]
    # the sections this plan has, numbered in each Part as they are shown
    assert [s.split()[1] for s in sections] == ["A.1", "B.1", "C.1", "D.1", "F.1"]


def test_part_g_asks_the_plans_own_questions(tmp_path: Path) -> None:
    book = BOOK.replace(
        "  end: 2025-02-28\n",
        "  end: 2025-02-28\n  contact_points:\n    - name: Podatelna magistrátu\n"
        "  questionnaire_text: Pomozte nám plán zlepšit.\n"
        "  questions:\n    - Která služba vám chybí?\n    - Kde byste ji *chtěli*?\n",
    )
    plan = write_plan(tmp_path / "plan", {"plan.yaml": CZECH_PLAN, "comments.yaml": book})
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    part_g = md[md.index("G.1 ") :]
    assert "Pomozte nám plán zlepšit.\n\n1. Která služba vám chybí?\n2. Kde byste ji *chtěli*?" in (
        part_g
    )
    # without them, the built-in questions in the plan's language
    plain = write_plan(
        tmp_path / "plain",
        {
            "plan.yaml": CZECH_PLAN,
            "comments.yaml": BOOK.replace(
                "  end: 2025-02-28\n",
                "  end: 2025-02-28\n  contact_points:\n    - name: Podatelna\n",
            ),
        },
    )
    assert invoke("render", str(plain), "-o", str(tmp_path / "o2")).returncode == 0
    assert "Která služba vám chybí?" not in (tmp_path / "o2" / "plan.md").read_text("utf-8")


def test_an_adopted_community_plan_is_told_which_statutory_item_it_lacks(tmp_path: Path) -> None:
    adopted = (
        CZECH_PLAN + "  status: adopted\n  adopted_by: {body: Zastupitelstvo, number: 1/2025}\n"
    )
    plan = write_plan(tmp_path / "plan", {"plan.yaml": adopted})
    lines = invoke("check", str(plan), "--language", "en").stdout.splitlines()
    # the minimal plan has its groups, services, needs, costs and measures; it lacks the
    # duties of the parties, the monitoring and evaluation, and how the plan is changed
    assert [line.split(" ", 3)[2] for line in lines if "§ 3(h)" in line] == [
        "CP804", "CP805", "CP806",
    ]  # fmt: skip
    assert (
        f"{plan / 'plan.yaml'}:2:3: warning CP806 the plan does not state how it is changed"
        " (Act 108/2006 Coll., § 3(h))" in lines
    )
    stated = adopted + (
        "  duties: Poskytovatelé plní opatření; město je financuje.\n"
        "  evaluation: Pracovní skupiny plán každý rok vyhodnotí.\n"
        "  changes: Změnu navrhuje řídící skupina a schvaluje zastupitelstvo.\n"
    )
    (plan / "plan.yaml").write_text(stated, encoding="utf-8")
    assert invoke("check", str(plan), "--strict").returncode == 0


def test_part_a_lists_where_each_statutory_item_is_found(tmp_path: Path) -> None:
    adopted = CZECH_PLAN + (
        "  status: adopted\n  adopted_by: {body: Zastupitelstvo, number: 1/2025}\n"
        "  changes: Změnu navrhuje řídící skupina a schvaluje zastupitelstvo.\n"
    )
    plan = write_plan(tmp_path / "plan", {"plan.yaml": adopted})
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    table = md[md.index("Obsah podle § 3 písm. h)") :].split("\n\n")[2].splitlines()
    assert table[2:] == [
        "| Způsob zpracování plánu | Část D: Struktura plánovacího procesu |",
        "| Stávající zdroje a potřeby včetně ekonomického vyhodnocení | Část B: Katalog služeb;"
        " Část B: Matice potřeb; Část C: Prostředky potřebné pro plán |",
        "| Strategie zajištění a rozvoje služeb | Část E: Cíle a opatření |",
        "| Povinnosti zúčastněných subjektů | neuvedeno |",
        "| Způsob sledování a vyhodnocování plnění plánu | neuvedeno |",
        "| Způsob provádění změn plánu | Část F: Způsob provádění změn plánu |",
    ]
    assert "#### Způsob provádění změn plánu\n\nZměnu navrhuje řídící skupina" in md
