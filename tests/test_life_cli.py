"""`cpkit progress` and `cpkit comments` on the Ústí example, run in this process (conftest.invoke)."""

from __future__ import annotations

import csv
import io
import json

from conftest import EXAMPLES, invoke

USTI = str(EXAMPLES / "usti-seniors")


def _rows(*args: str) -> list[dict[str, str]]:
    result = invoke(*args, "-f", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_progress_rolls_up_to_the_plan_as_of_the_last_monitoring_year() -> None:
    status = {(r["level"], r["id"]): r["status"] for r in _rows("progress", USTI)}
    # 2005: community clubs (1.1.1.2) got 25 % of the way with 67 % of the period gone
    assert status[("objective", "1.1")] == "off track"
    assert status[("objective", "1.2")] == "at risk"
    assert status[("area", "seniors")] == "off track"  # the worst of its objectives
    assert status[("area", "(joint)")] == "on track"
    assert status[("plan", "usti-2cpp-seniors")] == "off track"


def test_progress_of_an_earlier_year() -> None:
    status = {(r["level"], r["id"]): r["status"] for r in _rows("progress", USTI, "--year", "2004")}
    assert status[("plan", "usti-2cpp-seniors")] == "at risk"


def test_progress_in_the_terminal_names_the_year() -> None:
    result = invoke("progress", USTI, "--year", "2005")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].rstrip() == "Progress as of 2005"
    # level, id and status of each row (titles wrap in the Title column); see the test above
    rows = [
        line.split() for line in lines if line.startswith(("  plan ", "  area ", "  objective "))
    ]
    assert [(r[0], r[1], " ".join(r[-2:])) for r in rows] == [
        ("plan", "usti-2cpp-seniors", "off track"),
        ("area", "seniors", "off track"),
        ("area", "(joint)", "on track"),
        ("objective", "1.1", "off track"),
        ("objective", "1.2", "at risk"),
        ("objective", "1.3", "on track"),
        ("objective", "1.4", "on track"),
        ("objective", "2.1", "on track"),
    ]


def test_comments_per_working_group() -> None:
    by_group = {r["group"]: r for r in _rows("comments", USTI)}
    seniors, team, total = by_group["cg-seniors"], by_group["management-team"], by_group["total"]
    assert (seniors["total"], seniors["substantive"], seniors["formal"]) == ("4", "4", "0")
    assert (seniors["accepted"], seniors["partly"], seniors["rejected"]) == ("1", "2", "1")
    assert (team["total"], team["formal"], team["accepted"]) == ("1", "1", "1")
    assert (total["total"], total["open"]) == ("5", "0")


def test_settlement_annex_publishes_only_authors_who_allow_it() -> None:
    rows = {r["id"]: r for r in _rows("comments", USTI, "--annex")}
    assert len(rows) == 5
    assert rows["2004-002"]["author"] == "Senior Council of Ústí nad Labem"  # publish: true
    assert rows["2004-001"]["author"] == ""  # a citizen: recorded, never published
    annex = json.loads(invoke("comments", USTI, "--annex", "-f", "json").stdout)["settlement"]
    assert {c["id"]: c["author"] for c in annex} == {r["id"]: r["author"] for r in rows.values()}
    assert annex[1] == {
        "id": "2004-002", "received": "2004-01-28", "target": "1.2",
        "author": "Senior Council of Ústí nad Labem", "kind": "substantive",
        "text": "Home care must be available in the evenings and at weekends, not only on weekdays.",
        "decision": "accepted",
        "reasons": "Measure 1.2.1 extends the home care service to evenings and weekends.",
        "status": "settled",
    }  # fmt: skip
    # the citizens who wrote the other comments, in consultation.yaml, appear nowhere
    everything = invoke("comments", USTI, "--annex").stdout + json.dumps(annex, ensure_ascii=False)
    assert "Svobodová" not in everything and "Dvořák" not in everything


def test_settlement_annex_in_the_terminal_is_a_block_per_comment() -> None:
    out = invoke("comments", USTI, "--annex").stdout
    assert out.startswith("Settlement of comments (January 15, 2004–February 29, 2004)")
    assert "2004-003  2004-02-05  1.1.2.4  substantive  rejected  settled" in out
    assert "Reasons: The flats are co-funded by the state" in out


def test_progress_markdown_and_json_say_which_year_was_judged() -> None:
    md = invoke("progress", USTI, "-f", "md").stdout
    assert md.startswith("## Progress as of 2005\n")
    data = json.loads(invoke("progress", USTI, "--year", "2004", "-f", "json").stdout)
    assert data["year"] == 2004
    # as of 2004 the plan is at risk (test_progress_of_an_earlier_year)
    assert data["progress"][0] == {
        "level": "plan",
        "id": "usti-2cpp-seniors",
        "title": "2nd Care Community Plan of Ústí nad Labem 2004–2006 — Area No. 1: Social"
        " assistance and care for senior citizens",
        "status": "at risk",
    }
    assert [r["level"] for r in data["progress"]].count("objective") == 5
