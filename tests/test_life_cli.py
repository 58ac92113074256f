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
    assert result.returncode == 0, result.stderr
    assert "2005" in result.stdout and "off track" in result.stdout


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
    everything = invoke("comments", USTI, "--annex").stdout
    everything += invoke("comments", USTI, "--annex", "-f", "json").stdout
    assert "Svobodová" not in everything and "Dvořák" not in everything
    assert json.loads(invoke("comments", USTI, "--annex", "-f", "json").stdout)


def test_settlement_annex_in_the_terminal_is_a_block_per_comment() -> None:
    out = invoke("comments", USTI, "--annex").stdout
    assert out.startswith("Settlement of comments (2004-01-15–2004-02-29)")
    assert "2004-003  2004-02-05  1.1.2.4  substantive  rejected  settled" in out
    assert "Reasons: The flats are co-funded by the state" in out


def test_progress_markdown_and_json_say_which_year_was_judged() -> None:
    md = invoke("progress", USTI, "-f", "md").stdout
    assert md.startswith("## Progress as of 2005\n")
    data = json.loads(invoke("progress", USTI, "--year", "2004", "-f", "json").stdout)
    assert data["year"] == 2004 and data["progress"]
