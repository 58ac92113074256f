"""The network of social services: the check digit of an IČ, `cpkit gaps network`, Part B's
network table and the yearly update in `cpkit diff`, on the Ústí example's network.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cpkit.api import check_plan
from cpkit.checks.network import ic_check_digit, ic_problem

from conftest import EXAMPLES, invoke

USTI = str(EXAMPLES / "usti-seniors")

# The Ústí example's network, by hand from network.yaml; every service serves senior
# citizens (area `seniors`) in Ústí nad Labem, so the territory has one row per unit:
#   2005  beds       dd-residential 430 + dpd-bukov-housing 80                  = 510
#         staff-fte  96 + 18.5 + city-home-care 38                              = 152.5
#         clients    city-home-care 520                                         = 520
#   2006  beds       430 + 72 (Bukov gives up 8 beds)                           = 502
#         staff-fte  96 + 18.5 + 38 + personal-assistance 14                    = 166.5
#         clients    520 + personal-assistance 60                               = 580


@pytest.mark.parametrize(
    ("ic", "problem"),
    [
        # 0·8 + 0·7 + 0·6 + 8·5 + 1·4 + 5·3 + 3·2 = 65; 65 mod 11 = 10; 11 − 10 = 1
        ("00081531", None),
        # 7·8 + 0 + 0 + 1·5 + 2·4 + 3·3 + 4·2 = 86; 86 mod 11 = 9; 11 − 9 = 2
        ("70012342", None),
        ("70012343", "has the check digit 3, but its first seven digits give 2"),
        ("7001234", "is not 8 digits"),
        ("7001234a", "is not 8 digits"),
        ("７００１２３４２", "is not 8 digits"),  # fullwidth digits are not the registry's
    ],
)
def test_ic_check_digit(ic: str, problem: str | None) -> None:
    assert ic_problem(ic) == problem


def test_a_remainder_of_0_or_1_gives_check_digit_1_or_0() -> None:
    # 1·8 + 1·3 = 11 → remainder 0 → (11 − 0) mod 10 = 1
    assert ic_check_digit("1000010") == 1
    # 1·8 + 1·4 = 12 → remainder 1 → (11 − 1) mod 10 = 0
    assert ic_check_digit("1000100") == 0
    # 1·8 + 1·6 = 14 → remainder 3 → 11 − 3 = 8
    assert ic_check_digit("1010000") == 8


def test_the_example_network_passes_strict() -> None:
    result = invoke("check", "--strict", USTI)
    assert (result.returncode, result.stdout.strip()) == (0, "No problems. Files checked: 16.")


def test_gaps_network_csv_sums_by_territory_and_year() -> None:
    result = invoke("gaps", USTI, "network", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "year,scope,area,municipality,part,service,unit,capacity"
    territory = [line for line in lines if ",territory," in line]
    year = [line for line in lines if ",year," in line]
    assert territory == [
        "2005,territory,seniors,Ústí nad Labem,,,beds,510.0",
        "2005,territory,seniors,Ústí nad Labem,,,staff-fte,152.5",
        "2005,territory,seniors,Ústí nad Labem,,,clients,520.0",
        "2006,territory,seniors,Ústí nad Labem,,,beds,502.0",
        "2006,territory,seniors,Ústí nad Labem,,,staff-fte,166.5",
        "2006,territory,seniors,Ústí nad Labem,,,clients,580.0",
    ]
    assert year == [
        "2005,year,,,,,beds,510.0",
        "2005,year,,,,,staff-fte,152.5",
        "2005,year,,,,,clients,520.0",
        "2006,year,,,,,beds,502.0",
        "2006,year,,,,,staff-fte,166.5",
        "2006,year,,,,,clients,580.0",
    ]
    assert (
        "2006,service,seniors,Ústí nad Labem,development,personal-assistance,clients,60.0" in lines
    )


def test_gaps_network_json_and_markdown() -> None:
    data = json.loads(invoke("gaps", USTI, "network", "--format", "json").stdout)["network"]
    bukov = [(r["year"], r["unit"], r["capacity"]) for r in data
             if r["service"] == "dpd-bukov-housing"]  # fmt: skip
    assert bukov == [(2005, "beds", 80), (2005, "staff-fte", 18.5), (2006, "beds", 72),
                     (2006, "staff-fte", 18.5)]  # fmt: skip
    md = invoke("gaps", USTI, "network", "--format", "md").stdout
    assert md.startswith("## Network of social services\n\n| Year | Scope | Area |")
    assert "| 2006 | year |  |  |  |  | staff (FTE) | 166.5 |\n" in md  # the unit by its name


def test_gaps_network_xlsx_keeps_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "network.xlsx"
    assert invoke("gaps", USTI, "network", "-f", "xlsx", "-o", str(out)).returncode == 0
    rows = list(load_workbook(out)["network"].iter_rows(values_only=True))
    assert rows[0] == ("Year", "Scope", "Area", "Municipality", "Part", "Service", "Unit",
                       "Capacity")  # fmt: skip
    assert (2006, "year", None, None, None, None, "clients", 580) in rows


def test_gaps_network_terminal() -> None:
    result = invoke("gaps", USTI, "network")
    assert result.returncode == 0
    assert result.stdout.strip().startswith("Network of social services")
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["2006", "year", "staff", "(FTE)", "166.5"] in rows  # the unit by its name


def test_a_plan_without_a_network_shows_no_network_table() -> None:
    result = invoke("gaps", str(EXAMPLES / "hkcss-2025"))
    assert result.returncode == 0
    assert "Network of social services" not in result.stdout
    empty = invoke("gaps", str(EXAMPLES / "hkcss-2025"), "network", "-f", "md").stdout
    assert "No services in the network" in empty


def test_a_dangling_service_is_left_out_of_the_table(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    network = plan / "network.yaml"
    network.write_text(
        network.read_text(encoding="utf-8")
        + "  - service: day-care\n    years: [2006]\n    capacity: [{value: 9, unit: clients}]\n",
        encoding="utf-8",
    )
    _, report = check_plan(plan)
    assert report.flatten() == [("CP202", "network.yaml", 37)]
    csv = invoke("gaps", str(plan), "network", "-f", "csv").stdout
    assert "day-care" not in csv and "2006,year,,,,,clients,580.0" in csv


def test_part_b_shows_the_network_table_per_year(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("render", USTI, "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    part_b = md[md.index("## Part B") : md.index("## Part C")]
    assert "### B.3 Network of social services" in part_b  # after demographics, services
    head = (
        "| Service | Provider's IČ | Registry identifier | Form | Part of the network | "
        "Territory | Beds | Staff (FTE) | Clients |\n"
    )
    assert part_b.count(head) == 2  # 2005 and 2006
    assert "#### Network in 2005" in part_b and "#### Network in 2006" in part_b
    territory = "Social assistance and care for senior citizens, Ústí nad Labem"
    assert (
        f"| Personal assistance for seniors | 27111113 | 4567890 | field | development | "
        f"{territory} |  | 14 | 60 |\n"
    ) in part_b
    # the totals computed by hand at the top of this file
    assert "| Total |  |  |  |  |  | 510 | 152.5 | 520 |\n" in part_b
    assert "| Total |  |  |  |  |  | 502 | 166.5 | 580 |\n" in part_b


def test_a_plan_without_a_network_has_no_network_heading(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    (plan / "network.yaml").unlink()
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    assert "Network of social services" not in (tmp_path / "out" / "plan.md").read_text("utf-8")


def test_the_czech_part_b_names_the_network_in_czech(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    text = (plan / "plan.yaml").read_text(encoding="utf-8").replace("language: en", "language: cs")
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    md = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert "### B.3 Síť sociálních služeb" in md and "#### Síť v roce 2006" in md
    assert "| Služba | IČ poskytovatele | Identifikátor služby | Forma | Část sítě |" in md
    assert "| terénní | rozvojová |" in md


def _network_update(tmp_path: Path) -> tuple[Path, Path]:
    """The Ústí example and its network updated for 2006 as a council would: the city's
    home care leaves, the NGO's joins the development network, Bukov gives up 8 more beds
    (72 → 64) and personal assistance moves from the development to the basic network."""
    before = Path(shutil.copytree(USTI, tmp_path / "before"))
    after = Path(shutil.copytree(USTI, tmp_path / "after"))
    network = after / "network.yaml"
    text = network.read_text(encoding="utf-8")
    for old, new in (
        ("service: city-home-care\n    part: basic\n    years: [2005, 2006]",
         "service: city-home-care\n    part: basic\n    years: [2005]"),
        ("{value: 72, unit: beds}", "{value: 64, unit: beds}"),
        ("service: personal-assistance\n    part: development",
         "service: personal-assistance\n    part: basic"),
    ):  # fmt: skip
        assert old in text
        text = text.replace(old, new)
    text += (
        "  - service: ngo-home-care-service\n    part: development\n    years: [2006]\n"
        "    capacity:\n      - {value: 120, unit: clients}\n      - {value: 9.5, unit: staff-fte}\n"
    )
    network.write_text(text, encoding="utf-8")
    return before, after


def test_diff_shows_the_network_update_of_a_year(tmp_path: Path) -> None:
    before, after = _network_update(tmp_path)
    result = invoke("diff", str(before), str(after))
    assert result.returncode == 0, result.stderr
    annex = result.stdout[result.stdout.index("Network of social services") :]
    assert annex.splitlines() == [
        "Network of social services, the yearly update",
        "  2006",
        "    + ngo-home-care-service (development)  Home care and nursing at home: "
        "clients 120, staff (FTE) 9.5",
        "    - city-home-care (basic)  Home care service of the city: clients 520, staff (FTE) 38",
        "    ~ dpd-bukov-housing (basic)  Boarding house for seniors Bukov: beds 72 -> 64 (-8)",
        "    ~ personal-assistance (development -> basic)  Personal assistance for seniors",
    ]  # 2005 is unchanged, so it is not listed


def test_diff_markdown_annex_for_the_council(tmp_path: Path) -> None:
    before, after = _network_update(tmp_path)
    md = invoke("diff", str(before), str(after), "--format", "md").stdout
    assert "The network of social services changed for 2006." in md
    annex = md[md.index("##### 2006") :]
    assert annex.splitlines()[2:] == [
        "| Change | Service | Part | Unit | Before | After | Δ |",
        "| --- | --- | --- | --- | ---: | ---: | ---: |",
        "| added | Home care and nursing at home (`ngo-home-care-service`) | development | "
        "clients | — | 120 | +120 |",
        "| added | Home care and nursing at home (`ngo-home-care-service`) | development | "
        "staff (FTE) | — | 9.5 | +9.5 |",
        "| removed | Home care service of the city (`city-home-care`) | basic | clients | 520 "
        "| — | -520 |",
        "| removed | Home care service of the city (`city-home-care`) | basic | staff (FTE) | 38 "
        "| — | -38 |",
        "| capacity changed | Boarding house for seniors Bukov (`dpd-bukov-housing`) | basic | "
        "beds | 72 | 64 | -8 |",
        "| part changed | Personal assistance for seniors (`personal-assistance`) | "
        "development → basic |  |  |  |  |",
    ]


def test_a_network_change_alone_is_a_change(tmp_path: Path) -> None:
    before, after = _network_update(tmp_path)
    from cpkit.analysis.diff import diff_versions

    result = diff_versions(str(before), str(after), tmp_path)
    assert not result.empty and [y.year for y in result.network] == [2006]
    same = diff_versions(str(before), str(before), tmp_path)
    assert same.empty and same.network == []


def test_part_b_shows_each_years_update_against_the_year_before(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("render", USTI, "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    update = md[md.index("Changes to the network for 2006") : md.index("### B.4 What the plan")]
    # 2006 against 2005 (network.yaml): personal assistance joins, Bukov 80 → 72 beds
    # (with CLDR's minus sign in English, "-8")
    assert update.splitlines()[2:7] == [
        "| Change | Service | Part of the network | Unit | Before | After | Change in capacity |",
        "| --- | --- | --- | --- | ---: | ---: | ---: |",
        "| added | Personal assistance for seniors | development | clients | — | 60 | +60 |",
        "| added | Personal assistance for seniors | development | staff (FTE) | — | 14 | +14 |",
        "| capacity changed | Boarding house for seniors Bukov | basic | beds | 80 | 72 | -8 |",
    ]
    assert "Changes to the network for 2005" not in md  # the first year has none


def test_values_written_wrong_are_reported_and_count_none(tmp_path: Path) -> None:
    """A capacity without a value, a unit the format lacks, a year that is not a number:
    each is located, and the table, Part B and the diff go on without them."""
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    network = plan / "network.yaml"
    network.write_text(
        network.read_text(encoding="utf-8")
        + "  - service: ldn-follow-up-care\n    years: [2006, many]\n"
        "    capacity: [{value: lots, unit: beds}, {unit: clients}, {value: 3, unit: hours}]\n",
        encoding="utf-8",
    )
    _, report = check_plan(plan)
    assert report.flatten() == [
        ("CP903", "network.yaml", 37),  # the follow-up care lacks registry id, IČ and form
        ("CP101", "network.yaml", 38),
        ("CP101", "network.yaml", 39),
        ("CP102", "network.yaml", 39),
        ("CP104", "network.yaml", 39),
    ]
    csv = invoke("gaps", str(plan), "network", "-f", "csv")
    assert csv.returncode == 0 and "2006,year,,,,,beds,502.0" in csv.stdout
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    assert invoke("diff", USTI, str(plan)).returncode == 0


def test_an_entry_without_years_and_an_unknown_area(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    network = plan / "network.yaml"
    network.write_text(
        network.read_text(encoding="utf-8")
        + "  - service: dd-residential\n    area: senoirs\n    capacity: [{value: 1, unit: beds}]\n",
        encoding="utf-8",
    )
    _, report = check_plan(plan)
    assert report.flatten() == [("CP904", "network.yaml", 37), ("CP202", "network.yaml", 38)]
    found = {d.code: d for d in report}
    assert found["CP202"].hint == "did you mean 'seniors'?"


def test_part_b_shows_a_service_moved_between_parts(tmp_path: Path) -> None:
    plan = Path(shutil.copytree(USTI, tmp_path / "usti"))
    network = plan / "network.yaml"
    network.write_text(
        network.read_text(encoding="utf-8").replace(
            "  - service: city-home-care\n    part: basic\n    years: [2005, 2006]\n",
            "  - service: city-home-care\n    part: development\n    years: [2005]\n"
            "    capacity: [{value: 520, unit: clients}, {value: 38, unit: staff-fte}]\n"
            "  - service: city-home-care\n    part: basic\n    years: [2006]\n",
        ),
        encoding="utf-8",
    )
    assert check_plan(plan)[1].flatten() == []
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    md = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert "| moved | Home care service of the city | development → basic |  |  |  |  |\n" in md


def test_export_has_the_network_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "usti.xlsx"
    assert invoke("export", USTI, "-o", str(out)).returncode == 0
    rows = list(load_workbook(out)["gaps-network"].iter_rows(values_only=True))
    assert (2005, "year", None, None, None, None, "beds", 510) in rows
