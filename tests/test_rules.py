"""One minimal plan per rule code: each fires exactly where it should, and nothing else does."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cpkit.api import check_plan
from cpkit.core import rules

from conftest import ROOT, write_plan

# A service of the network with all it needs there: registry id, an IČ whose check digit is
# right (7·0+… see test_network.py), and its form; entries for it start on line 8.
NETWORK_SERVICE = (
    "services:\n  - id: dd\n    name: Retirement home\n    provider: ngo\n    type: home-care\n"
    '    registry_id: "1234567"\n    provider_ic: "70012342"\n    form: residential\nnetwork:\n'
)

# code → (files added to or replacing the minimal plan, expected (code, file, line) findings)
CASES: dict[str, tuple[dict[str, str | bytes | None], list[tuple[str, str, int]]]] = {
    "CP001": (
        {"xtra.yaml": "services:\n  - id: x\n    name: [unclosed\n"},
        [("CP001", "xtra.yaml", 4)],
    ),
    "CP002": (
        {"xtra.yaml": "target_groups:\n  - id: youth\n    name: Youth\n    name: Young people\n"},
        [("CP002", "xtra.yaml", 4)],
    ),
    "CP003": (
        {"xtra.yaml": "needs:\n  - {id: caf\xe9, name: x}\n".encode("latin-1")},
        [("CP003", "xtra.yaml", 2)],
    ),
    "CP005": ({"xtra.yaml": "- id: x\n  name: a list at the top\n"}, [("CP005", "xtra.yaml", 1)]),
    "CP006": ({"xtra.yaml": "servises:\n  - id: x\n"}, [("CP006", "xtra.yaml", 1)]),
    "CP007": (
        {"xtra.yaml": "plan:\n  title: Another\n  period: {start: 2025, end: 2027}\n"},
        [("CP007", "xtra.yaml", 1)],
    ),
    "CP008": (
        {"xtra.yaml": "needs:\n" + "".join(f"{'  ' * i}- \n" for i in range(1, 80))},
        [("CP008", "xtra.yaml", 66)],
    ),
    "CP009": (  # the services cannot be read: no "no service 'care'" where they are named
        {"services.yaml": "service_types:\n\t- {id: home-care, name: Home care}\n"},
        [("CP001", "services.yaml", 2), ("CP009", "services.yaml", 2)],
    ),
    "CP010": (  # what follows the U+2028 is comment to editors, and so to cpkit
        {
            "xtra.yaml": "target_groups:\n  - id: youth\n    name: Youth\n"
            "    # checked\u2028name: Hidden\n"
        },
        [("CP010", "xtra.yaml", 4)],
    ),
    "CP101": (
        {"xtra.yaml": "target_groups:\n  - id: youth\n    name: [Youth]\n"},
        [("CP101", "xtra.yaml", 3)],
    ),
    "CP102": ({"xtra.yaml": "target_groups:\n  - id: youth\n"}, [("CP102", "xtra.yaml", 2)]),
    "CP103": (
        {"xtra.yaml": "target_groups:\n  - id: youth\n    nmae: Youth\n    name: Youth\n"},
        [("CP103", "xtra.yaml", 3)],
    ),
    "CP104": (
        {"xtra.yaml": "stakeholders:\n  - id: jc\n    name: Job centre\n    side: providr\n"},
        [("CP104", "xtra.yaml", 4)],
    ),
    "CP105": (
        {"xtra.yaml": "target_groups:\n  - id: young people\n    name: Youth\n"},
        [("CP105", "xtra.yaml", 2)],
    ),
    "CP106": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: adopted\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n"
        },
        [("CP106", "plan.yaml", 5)],
    ),
    "CP107": (
        {
            "plan.yaml": 'plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  vision: >\n    長者能夠在社區\n    安享晚年\n  purpose: "長者\\\n    安享晚年"\n'
        },
        [("CP107", "plan.yaml", 6)],
    ),
    "CP108": (
        {"xtra.yaml": 'target_groups:\n  - id: youth\n    name: "Youth\\vclub"\n'},
        [("CP108", "xtra.yaml", 3)],
    ),
    "CP112": (
        {
            "objectives.yaml": 'priorities:\n  - id: "1"\n    title: Care\n    area: seniors\n    objectives:\n      - id: "1.1"\n        title: Residential\n        measures:\n          - id: "1.1.1"\n            number: "1"\n            title: Development\n            answers: [seniors-care/housing]\n            costs: {total: 10}\n            measures:\n              - {id: "1.1.1.1", number: "1.1", title: Quality}\n              - {id: "1.1.1.2", number: "1.1", title: Clubs}\n'
        },
        [("CP112", "objectives.yaml", 16)],
    ),
    "CP109": (
        {"xtra.yaml": "target_groups:\n  - id: youth\n    name: !!binary WW91dGg=\n"},
        [("CP109", "xtra.yaml", 3)],
    ),
    "CP201": (
        {"xtra.yaml": "stakeholders:\n  - id: ngo\n    name: Another NGO\n"},
        [("CP201", "xtra.yaml", 2)],
    ),
    "CP202": (
        {
            "xtra.yaml": "services:\n  - id: club\n    name: Seniors' club\n    provider: ngoo\n    type: home-care\n"
        },
        [("CP202", "xtra.yaml", 4)],
    ),
    "CP203": (
        {
            "xtra.yaml": 'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "3.1"\n        title: Monitoring\n'
        },
        [("CP203", "xtra.yaml", 5)],
    ),
    "CP301": (
        {
            "xtra.yaml": 'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "2.1"\n        title: Monitoring\n        measures:\n          - id: "2.1.1"\n            title: Evaluation\n            end: 2029-06\n'
        },
        [("CP301", "xtra.yaml", 10)],
    ),
    "CP302": (
        {
            "xtra.yaml": 'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "2.1"\n        title: Monitoring\n        measures:\n          - id: "2.1.1"\n            title: Evaluation\n            start: 2026-06\n            end: 2025-01\n'
        },
        [("CP302", "xtra.yaml", 11)],
    ),
    "CP303": (
        {
            "xtra.yaml": "services:\n  - id: club\n    name: Club\n    provider: ngo\n    type: home-care\n    funding:\n      - {source: municipality, amount: -500}\n"
        },
        [("CP303", "xtra.yaml", 7)],
    ),
    "CP304": (
        {
            "xtra.yaml": "services:\n  - id: club\n    name: Club\n    provider: ngo\n    type: home-care\n    funding:\n      - source: eu\n        amount: 500\n        currency: EUR\n"
        },
        [("CP304", "xtra.yaml", 9)],
    ),
    "CP305": (
        {
            "xtra.yaml": "services:\n  - id: club\n    name: Club\n    provider: ngo\n    type: home-care\n    funding:\n      - source: eu\n        amount: 500\n        year: 2030\n"
        },
        [("CP305", "xtra.yaml", 9)],
    ),
    "CP306": (
        {
            "xtra.yaml": 'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "2.1"\n        title: Monitoring\n        measures:\n          - id: "2.1.1"\n            title: Evaluation\n            costs:\n              total: 1000\n              per_year: {2025: 500, 2026: 400}\n'
        },
        [("CP306", "xtra.yaml", 11)],
    ),
    "CP307": (
        {
            "xtra.yaml": 'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "2.1"\n        title: Monitoring\n        measures:\n          - id: "2.1.1"\n            title: Evaluation\n            costs: {total: 1000}\n            measures:\n              - id: "2.1.1.1"\n                title: Survey of users\n                costs: {total: 400}\n'
        },
        [("CP307", "xtra.yaml", 10)],
    ),
    "CP401": (
        {"xtra.yaml": "areas:\n  - id: youth\n    name: Youth\n"},
        [("CP401", "xtra.yaml", 2)],
    ),
    "CP402": (
        {
            "xtra.yaml": "areas:\n  - id: youth\n    name: Youth\nswot:\n  - area: youth\n    strengths: [Clubs]\n    weaknesses: [Few workers]\n    opportunities: [School]\n"
        },
        [("CP402", "xtra.yaml", 5)],
    ),
    "CP403": (
        {
            "xtra.yaml": "groups:\n  - id: cg-youth\n    name: Youth group\n    members: [city, ngo]\n"
        },
        [("CP403", "xtra.yaml", 4)],
    ),
    "CP404": (
        {
            "xtra.yaml": "swot:\n  - area: seniors\n    strengths: [a]\n    weaknesses: [b]\n    opportunities: [c]\n    threats: [d]\n"
        },
        [("CP404", "xtra.yaml", 2)],
    ),
    "CP501": (
        {
            "xtra.yaml": "needs:\n  - {id: catering, name: Catering}\nneeds_matrix:\n  - id: seniors-only\n    target_group: seniors\n    cells:\n      catering: missing\n"
        },
        [("CP501", "xtra.yaml", 7)],
    ),
    "CP502": (
        {
            "xtra.yaml": "needs_matrix:\n  - id: seniors-only\n    target_group: seniors\n    cells: {housing: [care]}\n"
            'priorities:\n  - id: "2"\n    title: Joint\n    objectives:\n      - id: "2.1"\n        title: Housing\n        measures:\n          - id: "2.1.1"\n            title: Flats\n            answers: [seniors-only/housing]\n'
        },
        [("CP502", "xtra.yaml", 14)],
    ),
    "CP503": (
        {
            "xtra.yaml": "needs_matrix:\n  - id: again\n    target_group: seniors\n    service_type: home-care\n"
        },
        [("CP503", "xtra.yaml", 2)],
    ),
    "CP601": (
        {"demographics/population.csv": "year,target_group,count\n2025,seniors,100,extra\n"},
        [("CP601", "demographics/population.csv", 2)],
    ),
    "CP602": (
        {"demographics/population.csv": "year,target_group,count\n2025,seniors,many\n"},
        [("CP602", "demographics/population.csv", 2)],
    ),
    "CP603": (
        {"demographics/age.csv": "year,0-14,15-64,65+\n2025,100,-5,30\n"},
        [("CP603", "demographics/age.csv", 2)],
    ),
    "CP604": (
        {
            "demographics/population.csv": "year,target_group,count\n2025,seniors,100\n2027,seniors,120\n"
        },
        [("CP604", "demographics/population.csv", 1)],
    ),
    "CP605": (
        {
            "demographics/population.csv": "year,target_group,count\n2025,seniors,100\n2025,seniors,120\n"
        },
        [("CP605", "demographics/population.csv", 3)],
    ),
    "CP606": (
        {
            "xtra.yaml": "demand:\n  - target_group: seniors\n    service_type: home-care\n    share: 3\n    unit: places\n"
        },
        [("CP606", "xtra.yaml", 4)],
    ),
    "CP701": (
        {
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c1\n    received: 2025-01-10\n    text: More home care, please.\n"
        },
        [("CP701", "xtra.yaml", 5)],
    ),
    "CP702": (
        {
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c1\n    author: {name: Marie Svobodová}\n    received: 2025-03-05\n    text: Late.\n"
        },
        [("CP702", "xtra.yaml", 7)],
    ),
    "CP703": (
        {
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c1\n    author: {name: Marie Svobodová}\n    received: 2025-01-05\n    target: 9.9.9\n    text: About nothing.\n"
        },
        [("CP703", "xtra.yaml", 8)],
    ),
    "CP704": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: final\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n",
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c1\n    author: {name: Marie Svobodová}\n    received: 2025-01-05\n    text: Open.\n",
        },
        [("CP704", "plan.yaml", 5)],
    ),
    "CP705": (
        {
            "xtra.yaml": "comments:\n  - id: c1\n    author: {name: Marie Svobodová}\n    received: 2025-01-05\n    text: Hello.\n"
        },
        [("CP705", "xtra.yaml", 2)],
    ),
    "CP706": (
        {
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c1\n    author: {name: Marie Svobodová}\n    received: 2025-01-05\n    text: No.\n    decision: rejected\n    status: settled\n"
        },
        [("CP706", "xtra.yaml", 10)],
    ),
    "CP708": (
        {
            "xtra.yaml": "consultation:\n  start: 2025-01-01\n  end: 2025-02-28\ncomments:\n  - id: c2\n    received: 2025-01-12\n    text: An unsigned questionnaire.\n    filed: false\n    status: settled\n    decision: rejected\n"
        },
        [("CP708", "xtra.yaml", 8), ("CP708", "xtra.yaml", 9)],
    ),
    "CP711": ({"xtra.yaml": "monitoring:\n  year: 2030\n"}, [("CP711", "xtra.yaml", 2)]),
    "CP712": (
        {
            "xtra.yaml": 'monitoring:\n  year: 2025\n  indicators:\n    - {owner: "1.1.1", indicator: clients, value: 5}\n'
        },
        [("CP712", "xtra.yaml", 4)],
    ),
    "CP801": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n",
            "stakeholders.yaml": "stakeholders:\n  - {id: city, name: City Hall, side: commissioner}\n  - {id: ngo, name: Home Care NGO, side: provider}\n",
            "areas.yaml": "target_groups:\n  - {id: seniors, name: Senior citizens}\nareas:\n  - {id: seniors, name: Care for senior citizens, target_groups: [seniors]}\nswot:\n  - area: seniors\n    strengths: [a]\n    weaknesses: [b]\n    opportunities: [c]\n    threats: [d]\n",
        },
        [("CP801", "plan.yaml", 2)],
    ),
    "CP802": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n",
            "objectives.yaml": 'priorities:\n  - id: "1"\n    title: Care\n    area: seniors\n    objectives:\n      - id: "1.1"\n        title: Residential services\n        measures:\n          - {id: "1.1.1", title: Sheltered flats, answers: [seniors-care/housing]}\n',
        },
        [("CP802", "plan.yaml", 2)],
    ),
    "CP803": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n",
            "services.yaml": None,
            "objectives.yaml": 'priorities:\n  - {id: "1", title: Care, area: seniors}\n',
        },
        [("CP802", "plan.yaml", 2), ("CP803", "plan.yaml", 2)],
    ),
    "CP804": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  evaluation: Evaluated each year.\n  changes: The council adopts changes.\n"
        },
        [("CP804", "plan.yaml", 2)],
    ),
    "CP805": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  duties: Providers carry out the measures.\n  changes: The council adopts changes.\n"
        },
        [("CP805", "plan.yaml", 2)],
    ),
    "CP806": (
        {
            "plan.yaml": "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n  status: consultation\n  duties: Providers carry out the measures.\n  evaluation: Evaluated each year.\n"
        },
        [("CP806", "plan.yaml", 2)],
    ),
    "CP901": (
        {
            "xtra.yaml": 'services:\n  - id: dd\n    name: Retirement home\n    provider: ngo\n    type: home-care\n    registry_id: "12345"\n'
        },
        [("CP901", "xtra.yaml", 6)],
    ),
    "CP902": (
        {
            "xtra.yaml": "services:\n  - id: dd\n    name: Retirement home\n    provider: ngo\n    type: home-care\n    provider_ic: 70012343\n"
        },
        [("CP902", "xtra.yaml", 6)],
    ),
    "CP903": (
        {
            "xtra.yaml": "network:\n  - service: care\n    years: [2025]\n    capacity: [{value: 10, unit: clients}]\n"
        },
        [("CP903", "xtra.yaml", 2)],
    ),
    "CP904": (
        {
            "xtra.yaml": NETWORK_SERVICE
            + "  - service: dd\n    years: [2025, 2028]\n    capacity: [{value: 40, unit: beds}]\n"
        },
        [("CP904", "xtra.yaml", 11)],
    ),
    "CP905": (
        {
            "xtra.yaml": NETWORK_SERVICE
            + "  - service: dd\n    years: [2025, 2026]\n    capacity: [{value: 40, unit: beds}]\n"
            "  - service: dd\n    years: [2026]\n    capacity: [{value: 38, unit: beds}]\n"
        },
        [("CP905", "xtra.yaml", 14)],
    ),
    "CP906": (
        {
            "xtra.yaml": NETWORK_SERVICE
            + "  - service: dd\n    years: [2025]\n    capacity:\n      - {value: 40, unit: beds}\n      - {value: -2, unit: staff-fte}\n      - {value: 4, unit: beds}\n"
        },
        [("CP906", "xtra.yaml", 14), ("CP906", "xtra.yaml", 15)],
    ),
}


def test_data_cell_positions(tmp_path: Path) -> None:
    changes, _ = CASES["CP602"]
    _, report = check_plan(write_plan(tmp_path, changes))
    (d,) = report.diagnostics
    assert (d.loc.line, d.loc.column) == (2, 14)


def test_population_of_unknown_target_group(tmp_path: Path) -> None:
    csv = "year,target_group,count\n2025,senoirs,100\n"
    _, report = check_plan(write_plan(tmp_path, {"demographics/population.csv": csv}))
    assert report.flatten() == [("CP202", "demographics/population.csv", 2)]
    assert report.diagnostics[0].hint == "did you mean 'seniors'?"


def test_misspelt_reference_field_is_one_finding_not_two(tmp_path: Path) -> None:
    """`provder:` is reported as a typo of `provider`: not also as a missing provider, nor
    as "there is no stakeholder ''"."""
    from conftest import MINIMAL

    services = MINIMAL["services.yaml"].replace("    provider: ngo", "    provder: ngo")
    _, report = check_plan(write_plan(tmp_path, {"services.yaml": services}))
    assert [d.code for d in report] == ["CP103"]


def test_nested_part_is_named_by_its_owner(tmp_path: Path) -> None:
    from conftest import MINIMAL

    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:",
        "            adds_capacity:\n"
        "              - {service_type: home-cre, target_groups: [seniors], value: 5, unit: places}\n"
        "            answers:",
    )
    _, report = check_plan(write_plan(tmp_path, {"objectives.yaml": objectives}))
    (d,) = report.diagnostics
    assert d.message.startswith("measure 1.1.1 adds_capacity names 'home-cre' in service_type")


@pytest.mark.parametrize(
    "written,hint",
    [
        ("80,5", "write a decimal point, not a comma: 80.5"),
        ("1,200", "write 1200 without the separator, or 1.2 if the comma marks decimals"),
        ("3 848 250", "write the number without spaces or separators: 3848250"),
    ],
)
def test_number_hints(tmp_path: Path, written: str, hint: str) -> None:
    from conftest import MINIMAL

    services = MINIMAL["services.yaml"].replace("{value: 10,", f"{{value: '{written}',")
    _, report = check_plan(write_plan(tmp_path, {"services.yaml": services}))
    (d,) = report.diagnostics
    assert (d.code, d.hint) == ("CP101", hint)


def test_number_split_by_commas_in_braces(tmp_path: Path) -> None:
    from conftest import MINIMAL

    services = MINIMAL["services.yaml"].replace("{value: 10,", "{value: 2,400,")
    _, report = check_plan(write_plan(tmp_path, {"services.yaml": services}))
    assert any(d.code == "CP103" and "without commas" in (d.hint or "") for d in report)


def test_monitoring_of_an_unknown_owner(tmp_path: Path) -> None:
    monitoring = (
        "monitoring:\n  - year: 2025\n    indicators:\n"
        "      - {owner: '7.1', indicator: x, value: 1}\n"
    )
    _, report = check_plan(write_plan(tmp_path, {"monitoring.yaml": monitoring}))
    (d,) = report.diagnostics
    assert d.code == "CP712" and "there is no objective or measure 7.1" in d.message


def test_blank_required_text_has_no_value(tmp_path: Path) -> None:
    from conftest import MINIMAL

    plan_yaml = MINIMAL["plan.yaml"].replace("title: Minimal plan", 'title: "   "')
    _, report = check_plan(write_plan(tmp_path, {"plan.yaml": plan_yaml}))
    (d,) = report.diagnostics
    assert (d.code, d.message) == ("CP102", "plan.title has no value")


def test_minimal_plan_is_clean(tmp_path: Path) -> None:
    _, report = check_plan(write_plan(tmp_path))
    assert report.flatten() == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_where_expected(tmp_path: Path, code: str) -> None:
    changes, expected = CASES[code]
    _, report = check_plan(write_plan(tmp_path, changes))
    assert report.flatten() == expected


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_cp004_link_out_of_the_plan(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("needs: []\n")
    plan = write_plan(tmp_path / "plan")
    (plan / "linked.yaml").symlink_to(outside)
    (plan / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    _, report = check_plan(plan)
    assert report.flatten() == [("CP004", "linked-dir", 0), ("CP004", "linked.yaml", 0)]


def test_cp007_plan_section_missing(tmp_path: Path) -> None:
    _, report = check_plan(write_plan(tmp_path, {"plan.yaml": None}))
    assert [d.code for d in report] == ["CP007"]


# The codes of returned provider forms fire in `cpkit collect`, not in check: each is proven
# on a wrong form of the Ústí example (tests/forms_cases.py), by (code, file, sheet, cell).
FORM_CODES = [f"CP72{n}" for n in range(1, 10)]


@pytest.mark.parametrize("code", FORM_CODES)
def test_form_rule_fires_where_expected(tmp_path: Path, code: str) -> None:
    from forms_cases import case

    expected, found = case(tmp_path, code)
    assert found == expected


def test_every_rule_has_a_test() -> None:
    # CP730, CP731 come from `render --annual-report`, not check: tests/test_annual.py
    tested = set(CASES) | set(ALIGN_CASES) | set(FORM_CODES) | {"CP004", "CP007", "CP730", "CP731"}
    assert {r.code for r in rules.ALL} == tested


def test_every_rule_is_documented_with_example_and_fix() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", doc, flags=re.M)[1:]
    documented = {s.split()[0]: s for s in sections}
    for rule in rules.ALL:
        assert rule.code in documented, f"{rule.code} is not in docs/rules.md"
        body = documented[rule.code]
        assert rule.name in body.splitlines()[0]
        assert "```yaml" in body or "```text" in body, f"{rule.code}: no example"
        assert "**Fix**" in body, f"{rule.code}: no fix"


def test_disable_in_plan_and_on_command_line(tmp_path: Path) -> None:
    changes, _ = CASES["CP403"]
    plan = write_plan(tmp_path, changes)
    assert check_plan(plan, disable=["triad-side"])[1].flatten() == []
    text = (plan / "plan.yaml").read_text() + "  check:\n    disable: [CP403]\n"
    (plan / "plan.yaml").write_text(text)
    assert check_plan(plan)[1].flatten() == []


def test_unknown_rule_in_settings(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    (plan / "plan.yaml").write_text(MINIMAL_PLAN + "  check:\n    disable: [CP999]\n")
    assert check_plan(plan)[1].flatten() == [("CP104", "plan.yaml", 6)]


MINIMAL_PLAN = "plan:\n  title: Minimal plan\n  period: {start: 2025, end: 2027}\n  currency: CZK\n"


def test_indicator_ids_unique_per_owner(tmp_path: Path) -> None:
    objectives = MINIMAL_OBJECTIVES.replace(
        "            answers: [seniors-care/housing]\n",
        "            answers: [seniors-care/housing]\n            indicators:\n"
        "              - {id: clients, name: Clients}\n              - {id: clients, name: Again}\n"
        "              - {id: two words, name: Bad}\n",
    )
    _, report = check_plan(write_plan(tmp_path, {"objectives.yaml": objectives}))
    assert report.flatten() == [("CP201", "objectives.yaml", 17), ("CP105", "objectives.yaml", 18)]


MINIMAL_OBJECTIVES = __import__("conftest").MINIMAL["objectives.yaml"]


def test_currency_is_an_iso_code(tmp_path: Path) -> None:
    plan = MINIMAL_PLAN.replace("currency: CZK", "currency: Kč")
    _, report = check_plan(write_plan(tmp_path, {"plan.yaml": plan}))
    assert report.flatten() == [("CP104", "plan.yaml", 4)]


def test_reading_rules_cannot_be_switched_off(tmp_path: Path) -> None:
    """A plan cpkit cannot read never passes, whatever the settings say."""
    from conftest import invoke

    changes, _ = CASES["CP001"]
    plan = write_plan(tmp_path, changes)
    assert [d.code for d in check_plan(plan, disable=["CP001"])[1]] == ["CP001"]
    (plan / "plan.yaml").write_text(MINIMAL_PLAN + "  check:\n    disable: [yaml-syntax]\n")
    assert sorted(d.code for d in check_plan(plan)[1]) == ["CP001", "CP104"]
    result = invoke("check", str(plan), "--disable", "CP001")
    assert result.returncode == 2 and "never waived" in result.stderr


def test_a_late_comment_settled_with_reasons_is_not_flagged(tmp_path: Path) -> None:
    """CP702's documented fix clears it; blank reasons or a blank name count as none."""
    changes, _ = CASES["CP702"]
    book = changes["xtra.yaml"]
    assert isinstance(book, str)
    settled = book + "    decision: rejected\n    reasons: Late; considered anyway.\n"
    settled += "    status: settled\n"
    assert check_plan(write_plan(tmp_path / "a", {"xtra.yaml": settled}))[1].flatten() == []
    blank = settled.replace("Late; considered anyway.", '"   "')
    codes = sorted(d.code for d in check_plan(write_plan(tmp_path / "b", {"xtra.yaml": blank}))[1])
    assert codes == ["CP702", "CP706"]
    nameless = book.replace("Marie Svobodová", '"  "')
    codes = [d.code for d in check_plan(write_plan(tmp_path / "c", {"xtra.yaml": nameless}))[1]]
    assert "CP701" in codes


def test_a_typo_in_a_required_field_is_one_finding(tmp_path: Path) -> None:
    from conftest import MINIMAL

    services = MINIMAL["services.yaml"].replace(
        "    name: Home care service", "    nmae: Home care"
    )
    _, report = check_plan(write_plan(tmp_path, {"services.yaml": services}))
    (d,) = report.diagnostics
    assert (d.code, d.hint) == ("CP103", "did you mean 'name'?")


def test_a_reversed_period_is_reported_once(tmp_path: Path) -> None:
    plan_yaml = MINIMAL_PLAN.replace("{start: 2025, end: 2027}", "{start: 2027, end: 2025}")
    _, report = check_plan(write_plan(tmp_path, {"plan.yaml": plan_yaml}))
    assert [d.code for d in report] == ["CP302"]


def test_syntax_error_at_the_end_shows_where_the_bracket_opened(tmp_path: Path) -> None:
    changes, _ = CASES["CP001"]
    (d,) = check_plan(write_plan(tmp_path, changes))[1].diagnostics
    assert d.hint == "line 3: name: [unclosed"


# --- alignment across plans: a unit plan (tmp/unit) and the district plan it names ----------

# code → (write_pair's arguments, expected findings in the unit plan)
ALIGN_CASES: dict[str, tuple[dict[str, str | None], list[tuple[str, str, int]]]] = {
    "CP204": ({"aligns_with": "../../elsewhere"}, [("CP204", "plan.yaml", 5)]),
    "CP205": ({"ids": '["9.9"]'}, [("CP205", "objectives.yaml", 8)]),
    "CP206": (
        {"aligned": '{"1.2": "00000000"}'},
        [("CP206", "objectives.yaml", 8)],
    ),
    "CP207": ({}, [("CP207", "objectives.yaml", 8)]),
}


@pytest.mark.parametrize("code", sorted(ALIGN_CASES))
def test_alignment_rule_fires_where_expected(tmp_path: Path, code: str) -> None:
    from align_plans import write_pair

    arguments, expected = ALIGN_CASES[code]
    unit, _ = write_pair(tmp_path, **arguments)  # type: ignore[arg-type]
    _, report = check_plan(unit)
    assert report.flatten() == expected


# -- messages in the plan's language ------------------------------------------------------

# cg2 hears only the city (a commissioner): CP403 at more.yaml line 2, column 45 (the
# members' list), as in test_cli.py; the minimal plan has 5 files, with more.yaml 6.
TRIAD_GAP = {"more.yaml": "groups:\n  - {id: cg2, name: Another group, members: [city]}\n"}
CZECH = "plan:\n  title: Minimální plán\n  period: {start: 2025, end: 2027}\n  currency: CZK\n"


def test_json_has_the_same_code_and_data_in_every_language(tmp_path: Path) -> None:
    import json

    from conftest import invoke

    plan = write_plan(tmp_path / "p", {**TRIAD_GAP, "plan.yaml": CZECH + "  language: cs\n"})
    czech = json.loads(invoke("check", str(plan), "--format", "json").stdout)
    english = json.loads(invoke("check", str(plan), "--format", "json", "--language", "en").stdout)
    keys = ("code", "name", "severity", "file", "line", "column", "data")
    assert [{k: d[k] for k in keys} for d in czech["diagnostics"]] == [
        {k: d[k] for k in keys} for d in english["diagnostics"]
    ]
    (cs,), (en,) = czech["diagnostics"], english["diagnostics"]
    assert (cs["code"], cs["line"], cs["data"]) == (
        "CP403",
        2,
        {"id": "cg2", "missing": ["provider", "user"]},
    )
    assert cs["message"] == "koordinační skupina cg2 neslyší tuto stranu: provider a\u00a0user"
    assert cs["hint"].startswith("pozvěte člena z této strany")
    assert en["message"] == "coordination group cg2 does not hear the provider and user side"


def test_text_and_github_output_in_the_plans_language(tmp_path: Path) -> None:
    from conftest import invoke

    plan = write_plan(tmp_path / "p", {**TRIAD_GAP, "plan.yaml": CZECH + "  language: cs\n"})
    text = invoke("check", str(plan)).stdout.splitlines()
    assert text[0].endswith(
        ": varování CP403 koordinační skupina cg2 neslyší tuto stranu: provider a\u00a0user"
    )
    assert text[1].startswith("    rada: pozvěte člena")
    assert text[2] == "Kontrola našla 1 varování (soubory s nálezy: 1 z 6)."
    chinese = invoke("check", str(plan), "--language", "zh-Hant").stdout.splitlines()
    assert chinese[0].endswith(": 警告 CP403 協調小組 cg2 沒有聽取provider及user一方的意見")
    assert chinese[2] == "在6個檔案中的1個發現1個警告。"
    github = invoke("check", str(plan), "--format", "github").stdout
    assert github.startswith("::warning file=")
    assert "::koordinační skupina cg2 neslyší" in github


def test_summary_line_uses_plural_forms() -> None:
    from cpkit.cli.check import _summary_line
    from cpkit.core.diagnostics import Loc, Report
    from cpkit.core.language import language

    def report(errors: int, warnings: int, files: int) -> Report:
        found = [rules.MISSING_SWOT(Loc("areas.yaml", i + 1, 1), "area-has-no", id=f"a{i}")
                 for i in range(errors)]  # fmt: skip
        found += [rules.TRIAD_SIDE(Loc("more.yaml", i + 1, 1), "coordination-group-does",
                                   id="g", missing=["user"]) for i in range(warnings)]  # fmt: skip
        return Report.build(found, files=files)

    cs, en, zh = language("cs"), language("en"), language("zh-Hant")
    # 5 errors in areas.yaml and 1 warning in more.yaml: 2 of the 6 files have findings
    assert _summary_line(report(5, 1, 6), en) == "Found 5 errors, 1 warning in 2 of 6 files."
    assert _summary_line(report(5, 1, 6), cs) == (
        "Kontrola našla 5 chyb, 1 varování (soubory s nálezy: 2 z 6)."
    )
    assert _summary_line(report(5, 1, 6), zh) == "在6個檔案中的2個發現5個錯誤、1個警告。"
    # Czech "few" (2–4) and English "one": 1 error in the only file
    assert _summary_line(report(3, 0, 1), cs) == "Kontrola našla 3 chyby (soubory: 1)."
    assert _summary_line(report(1, 0, 1), en) == "Found 1 error in 1 file."
    assert _summary_line(report(0, 0, 6), cs) == "Žádné problémy. Zkontrolované soubory: 6."


def test_plural_message_of_a_rule() -> None:
    from cpkit.core.diagnostics import Loc

    one = rules.NO_WINDOW(Loc("consultation.yaml", 3, 5), "comments-are-filed", count=1)
    few = rules.NO_WINDOW(Loc("consultation.yaml", 3, 5), "comments-are-filed", count=3)
    assert one.message == "1 comment is filed, but the plan has no `consultation` window"
    assert few.message_in("cs").startswith("3 připomínky jsou evidovány")
    assert (
        rules.NO_WINDOW(Loc("c.yaml"), "comments-are-filed", count=5)
        .message_in("cs")
        .startswith("5 připomínek je evidováno")
    )


def test_unreadable_plan_speaks_the_users_language(tmp_path: Path) -> None:
    from conftest import invoke

    plan = write_plan(tmp_path / "p", {"plan.yaml": "plan: [unclosed\n"})
    result = invoke("check", str(plan), env={"LC_ALL": "cs_CZ.UTF-8"})
    assert "chyba CP001" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Kontrola našla ")


def test_every_rule_has_its_words_in_every_language() -> None:
    from cpkit.core.language import PLURAL_CATEGORIES, catalogue_keys, placeholders

    english = catalogue_keys("rules", "en")
    for rule in rules.ALL:
        assert f"{rule.code}.summary" in english, rule.code
    for tag in ("cs", "zh-Hant"):
        other = catalogue_keys("rules", tag)
        assert set(other) == set(english), tag
        for key, value in english.items():
            if isinstance(value, dict) and not value.keys() <= PLURAL_CATEGORIES:
                continue
            assert placeholders(other[key]) == placeholders(value), (tag, key)
            assert other[key] != value or not re.search(r"[a-z]{4,} [a-z]{4,}", str(value)), (
                f"{tag} {key} is English"
            )


def test_a_clean_check_does_not_import_babel() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cpkit.cli.main import cli\n"
        "result = CliRunner().invoke(cli, ['check', 'examples/usti-seniors'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('babel' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_rules_doc_is_what_the_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_rules_docs", ROOT / "scripts" / "gen_rules_docs.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert script.document(text) == text, (
        "docs/rules.md is out of date: run scripts/gen_rules_docs.py"
    )
    # the summary a reader sees is the catalogue's, under each rule's heading
    assert "## CP403 triad-side\n\n*warning* — A coordination group does not hear all three" in text
