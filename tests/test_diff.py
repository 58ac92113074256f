"""`cpkit diff` over folders and over a real git history made in the test."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from cpkit.analysis import pairing
from cpkit.analysis.changes import Change
from cpkit.analysis.diff import DiffError, diff_plans, diff_versions, whole_text
from cpkit.api import load_plan
from cpkit.publish.diff_text import excerpt, render_diff

from conftest import EXAMPLES, MINIMAL, ROOT, invoke, write_plan

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    env_args = [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", *env_args, *args], cwd=cwd, check=True, capture_output=True)


def test_hkcss_versions_renumbered_added_removed() -> None:
    d = diff_plans(load_plan(EXAMPLES / "hkcss-2023"), load_plan(EXAMPLES / "hkcss-2025"))
    renumbered = {(c.kind, c.old_id, c.id) for c in d.renumbered}
    # the 2025-26 plan drops area 2 (impact-oriented culture): areas 3, 4, 5 become 2, 3, 4
    assert {
        ("priorities", "3", "2"),
        ("priorities", "4", "3"),
        ("priorities", "5", "4"),
    } <= renumbered
    # objectives carried over under new numbers (see examples/hkcss-2025/README.md)
    assert {
        ("objectives", "3.1", "2.2"),
        ("objectives", "4.4", "3.2"),
        ("objectives", "4.5", "3.3"),
    } <= renumbered
    removed = {(c.kind, c.id) for c in d.removed}
    assert ("priorities", "5") not in removed and ("objectives", "2.1") in removed
    added = {(c.kind, c.id) for c in d.added}
    assert ("objectives", "1.6") in added  # image-based sexual abuse, new in 2025-26


def test_diff_of_folders_through_the_cli() -> None:
    result = invoke(
        "diff", str(EXAMPLES / "hkcss-2023"), str(EXAMPLES / "hkcss-2025"), "--format", "md"
    )
    assert result.returncode == 0, result.stderr
    # the examples' titles are the plans' own words: 4.4 and 4.5 are paired on their whole text
    assert "| objective | 4.4 | 3.2 | Implement a tele practice platform together" in result.stdout
    assert "| objective | 4.5 | 3.3 | Promote the adoption of Gertontech" in result.stdout
    assert result.stdout.startswith("### Plan changes:")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "plans" / "usti")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first version")
    return tmp_path


def test_diff_across_git_history(repo: Path) -> None:
    plan = repo / "plans" / "usti"
    objectives = plan / "objectives" / "1-seniors.yaml"
    text = objectives.read_text(encoding="utf-8")
    # a new cost of measure 1.2.2 (540,000 → 600,000) and its per-year split
    text = text.replace(
        "total: 540000\n              per_year: {2004: 180000, 2005: 180000, 2006: 180000}",
        "total: 600000\n              per_year: {2004: 200000, 2005: 200000, 2006: 200000}",
    )
    objectives.write_text(text, encoding="utf-8")
    (plan / "services.yaml").write_text(
        (plan / "services.yaml")
        .read_text(encoding="utf-8")
        .replace("value: 430, unit: beds", "value: 440, unit: beds"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "second version")
    # HEAD~1 against HEAD, asked from the repository's root
    result = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "* measure 1.2.2" in out
    assert "costs.total: 540,000 -> 600,000" in out
    assert "* service dd-residential" in out and "capacity.value: 430 -> 440" in out
    # money per area: seniors' costs grow by 60,000
    assert "(+60,000)" in out
    # the working tree against HEAD: nothing changed yet
    assert "No changes." in invoke("diff", "--plan", str(plan)).stdout
    # an edit in the working tree shows without a commit; the files are not touched
    (plan / "areas.yaml").write_text(
        (plan / "areas.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Senior citizens", "name: Seniors"),
        encoding="utf-8",
    )
    before = (plan / "areas.yaml").read_bytes()
    out = invoke("diff", "--plan", str(plan)).stdout
    assert "* target group senior-citizens" in out
    assert (plan / "areas.yaml").read_bytes() == before


def test_diff_errors_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans" / "usti"
    result = invoke("diff", "no-such-revision", "--plan", str(plan))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: no-such-revision: not a revision of this repository (a commit, branch or tag)\n"
    )
    outside = tmp_path / "elsewhere"  # in the repository, but not a plan
    outside.mkdir()
    result = invoke("diff", "--plan", str(outside))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {outside} is not a plan folder (no plan.yaml, no `plan` section); give the plan"
        " folder with --plan, or two plan folders\n"
    )


# --- lists, renumbered money, versions that are not plans ------------------------------------


def _edited(tmp_path: Path, name: str, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the Ústí plan with text replaced in its files (path → [(old, new)])."""
    folder = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / name)
    for rel, pairs in edits.items():
        path = folder / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def _swap(old: str, new: str) -> list[tuple[str, str]]:
    return [(f'"{old}"', '"TEMP"'), (f'"{new}"', f'"{old}"'), ('"TEMP"', f'"{new}"')]


def test_swapped_measures_show_what_differs_in_lists(repo: Path) -> None:
    plan = repo / "plans" / "usti"
    for rel in ("objectives/1-seniors.yaml", "monitoring/2005.yaml"):
        path = plan / rel
        text = path.read_text(encoding="utf-8")
        for old, new in _swap("1.4.1", "1.4.2"):
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "swap 1.4.1 and 1.4.2")
    text = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan)).stdout
    # the order changed, and the window shows where: never two identical cut reprs
    assert (
        "action_plan: order …, 1.3.3, 1.4.1, 1.4.2, 2.1.1, … -> …, 1.3.3, 1.4.2, 1.4.1, 2.1.1, …"
    ) in text
    assert (
        "measures: + 1.4.1 (spent: 120,000; status: done), − 1.4.2 (spent: 120,000; status: done)"
    ) in text
    assert "['" not in text and "{'" not in text
    md = invoke("diff", "HEAD~1", "HEAD", "--plan", str(plan), "--format", "md").stdout
    assert (
        "| monitoring year | 2005 | `measures` | − 1.4.2 (spent: 120,000; status: done)"
        " | + 1.4.1 (spent: 120,000; status: done) |"
    ) in md
    assert "| `action_plan` | order: …, 1.3.3, 1.4.1, 1.4.2, 2.1.1, … |" in md


def test_list_items_added_removed_and_changed(tmp_path: Path) -> None:
    before = load_plan(EXAMPLES / "usti-seniors")
    after = load_plan(
        _edited(
            tmp_path,
            "after",
            {
                "monitoring/2004.yaml": [
                    ('"1.3.3", "1.4.1", "2.1.1"', '"1.3.3", "1.4.2", "2.1.1"')
                ],
                "objectives/1-seniors.yaml": [
                    (
                        "- {source: state, amount: 240000, note: active employment policy}\n"
                        "              - {source: eu, amount: 240000, note: European Social Fund}",
                        "- {source: eu, amount: 270000, note: European Social Fund}\n"
                        "              - {source: municipality, amount: 30000}",
                    ),
                    ("target: {value: 85, year: 2006}", "target: {value: 90, year: 2006}"),
                ],
                "swot.yaml": [
                    ("cooperation between providers", "cooperation between all providers")
                ],
            },
        )
    )
    text = render_diff(diff_plans(before, after), "txt")
    assert "action_plan: + 1.4.2, − 1.4.1" in text
    assert (
        "funds: + municipality (amount: 30,000), − state (amount: 240,000; note: active employment"
        " policy), ~ eu (amount: 240,000 -> 270,000)"
    ) in text
    assert "indicators: ~ residents-satisfaction (target.value: 85 -> 90)" in text
    # one strength edited: the words that differ, not the same first 60 characters twice
    assert (
        "strengths: ~ …established cooperation between providers in the… -> "
        "…established cooperation between all providers in the…"
    ) in text
    md = render_diff(diff_plans(before, after), "md")
    assert "| `action_plan` | − 1.4.1 | + 1.4.2 |" in md
    assert (
        "| − state (amount: 240,000; note: active employment policy), eu (amount: 240,000) |" in md
    )


def test_long_text_keeps_the_whole_window_that_differs() -> None:
    old = " ".join(f"word{i}" for i in range(40))
    new = old.replace("word10 word11", " ".join(f"new{i}" for i in range(14)))
    change = Change("description", old, new)
    assert excerpt(change, "old") == "…word7 word8 word9 word10 word11 word12 word13 word14…"
    assert excerpt(change, "new").endswith("new12 new13 word12 word13 word14…")


def test_renumbered_measure_shows_its_money_in_markdown(tmp_path: Path) -> None:
    after = _edited(
        tmp_path,
        "after",
        {
            "objectives/1-seniors.yaml": [
                ('- id: "1.3.3"', '- id: "1.3.4"'),
                (
                    "total: 480000\n              per_year: {2004: 160000, 2005: 160000, 2006: 160000}",
                    "total: 510000\n              per_year: {2004: 170000, 2005: 170000, 2006: 170000}",
                ),
            ]
        },
    )
    d = diff_plans(load_plan(EXAMPLES / "usti-seniors"), load_plan(after))
    assert [(c.old_id, c.id) for c in d.renumbered] == [("1.3.3", "1.3.4")]
    md = render_diff(d, "md")
    rows = [line for line in md.splitlines() if line.startswith("| measure | 1.3.3 → 1.3.4 |")]
    assert rows[0] == "| measure | 1.3.3 → 1.3.4 | `costs.total` | 480,000 | 510,000 |"
    assert "| measure | 1.3.3 → 1.3.4 | `costs.per_year.2004` | 160,000 | 170,000 |" in rows
    # the text output lists the total first too
    text = render_diff(d, "txt")
    assert text.index("costs.total: 480,000 -> 510,000") < text.index("costs.per_year.2004")


def test_working_tree_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    # a folder that is neither a plan nor a repository, with YAML files of its own
    elsewhere = tmp_path / "notes"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "list.yaml").write_text("stakeholders: []\n", encoding="utf-8")
    result = invoke("diff", str(EXAMPLES / "usti-seniors"), cwd=elsewhere)
    assert result.returncode == 2
    assert "the current folder is not a plan folder" in result.stderr
    assert result.stdout == ""
    with pytest.raises(DiffError, match="is not a plan folder"):
        diff_versions(str(EXAMPLES / "usti-seniors"), str(elsewhere), elsewhere)
    # nor is a folder of plans, whose subfolders hold `plan` sections
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "usti-seniors", plans / "usti")
    shutil.copytree(EXAMPLES / "usti-seniors", plans / "copy")
    result = invoke("diff", "usti", cwd=plans)
    assert result.returncode == 2
    assert "(no plan.yaml, 2 `plan` sections in its files)" in result.stderr


def test_revisions_need_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "usti")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # git looks no higher
    result = invoke("diff", "HEAD", "--plan", str(plan))
    assert result.returncode == 2
    assert f"{plan} is not in a git repository, so 'HEAD' cannot be read" in result.stderr
    with pytest.raises(DiffError, match="no such folder"):
        diff_versions("HEAD", "", tmp_path / "missing")


# --- revisions are never options; ids that are not short ASCII numbers -----------------------


def test_a_revision_is_never_a_git_option(repo: Path) -> None:
    # `cpkit diff --plan P -- --output=victim.txt` once truncated victim.txt to 0 bytes
    plan = repo / "plans" / "usti"
    victims = [repo / "victim.txt", plan / "victim.txt"]
    for victim in victims:
        victim.write_text("keep me\n", encoding="utf-8")
    for args in (["--", "--output=victim.txt"], ["--", "HEAD", "--output=victim.txt"]):
        for cwd in (repo, plan):
            result = invoke("diff", "--plan", str(plan), *args, cwd=cwd)
            assert (result.returncode, result.stdout) == (2, "")
            assert result.stderr == (
                "Error: --output=victim.txt: not a revision of this repository"
                " (a commit, branch or tag)\n"
            )
    assert [v.read_text(encoding="utf-8") for v in victims] == ["keep me\n", "keep me\n"]


def test_ids_with_superscript_digits_or_thousands_of_digits(tmp_path: Path) -> None:
    # '²'.isdigit() is true but int('²') fails; a 4,400-digit part is more than int() takes
    long_id = "x." + "9" * 4400
    after = _edited(
        tmp_path,
        "after",
        {
            "stakeholders.yaml": [
                (
                    "  - id: ckpul\n",
                    f'  - {{id: "ngo.²", name: NGO squared}}\n  - {{id: "{long_id}", name: Long'
                    ' id}\n  - {id: "ngo.2", name: NGO two}\n  - id: ckpul\n',
                )
            ]
        },
    )
    result = invoke("diff", str(EXAMPLES / "usti-seniors"), str(after))
    assert result.returncode == 0, result.stderr
    added = [line for line in result.stdout.splitlines() if line.startswith("  + stakeholder")]
    # numbers first (ngo.2), then parts that are text, in text order ('²' after '9…' and 'x')
    assert [line.split()[2][:6] for line in added] == ["ngo.2", "ngo.²", "x.9999"]


# --- personal data -------------------------------------------------------------------------

PRIVATE_EDITS = {
    "stakeholders.yaml": [
        ("jana.novakova@example.org", "jana.nova@example.net"),
        ('phone: "+420 000 000 000"', 'phone: "+420 111 222 333"'),
        ("phone: 0042 475 201 096", "phone: 0042 475 201 097"),  # an organisation's: public
    ],
    "consultation.yaml": [
        (
            'author: {name: Marie Svobodová, contact: "Bukov, Ústí nad Labem"}',
            'author: {name: Marie Svobodová-Nová, contact: "marie@example.org"}',
        ),
        (
            "author: {name: Senior Council of Ústí nad Labem, publish: true}",
            "author: {name: Senior Council of the City, publish: true}",
        ),
    ],
}
SECRETS = (
    "jana.nova", "+420 000 000 000", "+420 111 222 333", "Svobodová", "Bukov, Ústí",
    "marie@example.org",
)  # fmt: skip


def test_diff_shows_that_personal_data_changed_never_its_value(tmp_path: Path) -> None:
    after = _edited(tmp_path, "after", PRIVATE_EDITS)
    before = str(EXAMPLES / "usti-seniors")
    text = invoke("diff", before, str(after)).stdout
    md = invoke("diff", before, str(after), "--format", "md").stdout
    for out in (text, md):
        assert [s for s in SECRETS if s in out] == []
    assert "contact.email: changed (private)" in text
    assert "contact.phone: changed (private)" in text
    assert "author.name: changed (private)" in text
    assert "author.contact: changed (private)" in text
    # what render publishes shows: an organisation's phone, a name its author let publish
    assert "contact.phone: 0042 475 201 096 -> 0042 475 201 097" in text
    assert "author.name: Senior Council of Ústí nad Labem -> Senior Council of the City" in text
    assert "| stakeholder | coordinator | `contact.email` | (private) | changed (private) |" in md
    assert "| comment | 2004-001 | `author.contact` | (private) | changed (private) |" in md
    # an internal review asks for them
    internal = invoke("diff", before, str(after), "--private").stdout
    assert "contact.email: jana.novakova@example.org -> jana.nova@example.net" in internal
    assert "author.name: Marie Svobodová -> Marie Svobodová-Nová" in internal


def test_consent_withdrawn_withholds_both_values(tmp_path: Path) -> None:
    # published before, private now: the old value is no longer the public's either
    after = _edited(
        tmp_path,
        "after",
        {
            "stakeholders.yaml": [
                (
                    "      web: www.ckpul.cz\n",
                    "      web: www.ckpul.cz\n    publish_contact: false\n",
                ),
                ("email: info@ckpul.cz", "email: office@ckpul.cz"),
            ]
        },
    )
    text = render_diff(diff_plans(load_plan(EXAMPLES / "usti-seniors"), load_plan(after)), "txt")
    assert "contact.email: changed (private)" in text and "ckpul.cz" not in text
    assert "publish_contact: — -> False" in text


# --- work followed by its whole text, and by `continues:` ---------------------------------------

SEEDS = ROOT / "tests" / "plans" / "hkcss"  # the 2023-24 and 2025-26 plans in their own words


def test_hkcss_work_carried_over_in_the_plans_own_words() -> None:
    d = diff_plans(load_plan(SEEDS / "2023-24"), load_plan(SEEDS / "2025-26"), "2023", "2025")
    carried = {(c.kind, c.old_id, c.id) for c in d.renumbered}
    # 2023 4.4 "Pilot a tele-practice project and engage NGOs and service users …" is 2025
    # 3.2 "Implement a tele practice platform together with NGOs and related service
    # providers"; 2023 4.5 "Continue to organise the Gerontech and Innovation Expo cum
    # Summit …" is 2025 3.3 "Promote the adoption of Gertontech …", whose first part is the
    # "Gerontech and Innovation Expo cum Summit"; 3.1 "Mobilize joint efforts …" is 2.2
    assert {
        ("objectives", "4.4", "3.2"),
        ("objectives", "4.5", "3.3"),
        ("objectives", "3.1", "2.2"),
        ("priorities", "3", "2"),
        ("priorities", "4", "3"),
        ("priorities", "5", "4"),
    } <= carried
    # Agenda Setting keeps its number, name and text: unchanged, so in no list at all
    listed = [*d.renumbered, *d.changed, *d.added, *d.removed]
    assert [c for c in listed if c.kind == "priorities" and "1" in (c.id, c.old_id)] == []
    assert ("priorities", "2") in {(c.kind, c.id) for c in d.removed}  # Impact-oriented culture
    # ids reused for other work are not one entity: 2025 2.1 (the S+ Summit) is new
    assert ("objectives", "2.1") in {(c.kind, c.id) for c in d.added}
    assert ("objectives", "2.1") in {(c.kind, c.id) for c in d.removed}
    text = render_diff(d, "txt").splitlines()
    assert (
        "  ~ objective 4.4 -> 3.2  Implement a tele practice platform together with NGOs and r…"
        in text
    )
    assert (
        "  ~ objective 4.5 -> 3.3  Promote the adoption of Gertontech in different services to…"
        in text
    )
    assert text[text.index("Carried over (14)") + 1] == "  ~ priority 3 -> 2  Co-creation"


def _with_continues(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    folder = shutil.copytree(SEEDS / "2025-26", tmp_path / "2025-26")
    path = folder / "objectives.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return folder


def test_continues_states_a_promotion_and_names_what_is_not_there(tmp_path: Path) -> None:
    # 2025's objective 1.3 (palliative and end of life care) continues 2023's measure 1.2.8
    # ("The development of palliative and end-of-life care policy …"); 1.4 names an id
    # that 2023-24 does not have
    after = _with_continues(
        tmp_path,
        [
            ('  - id: "1.3"\n', '  - id: "1.3"\n    continues: "1.2.8"\n'),
            ('  - id: "1.4"\n', '  - id: "1.4"\n    continues: "9.9"\n'),
            ('  - id: "1.5"\n', '  - id: "1.5"\n    continues: "1.2.8"\n'),  # taken already
        ],
    )
    assert invoke("check", str(after)).returncode == 0
    result = invoke("diff", str(SEEDS / "2023-24"), str(after))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    row = lines.index(
        "  ^ measure 1.2.8 -> objective 1.3 (promoted)  Develop policy call for palliative and"
        " end of life care and…"
    )
    assert lines[row + 1] == "      (stated: continues 1.2.8)"
    unknown = lines[lines.index("Continues not followed (2)") + 1 :][:2]
    assert unknown == [
        f"  ? objective 1.4 continues 9.9, which {SEEDS / '2023-24'} does not have  Develop and"
        " advocate a long-term action plan with the secto…",
        "  ? objective 1.5 continues 1.2.8, which objective 1.3 continues already  Enhance Carer"
        " Support Services in the Community through Col…",
    ]
    # `continues` itself is how the pair was made, not a changed field
    assert "continues:" not in result.stdout.replace("(stated: continues", "")
    md = invoke("diff", str(SEEDS / "2023-24"), str(after), "--format", "md").stdout
    assert (
        "| measure → objective | 1.2.8 | 1.3 | Develop policy call for palliative and end of life"
        " care and promote advance car… | stated (`continues`); promoted |"
    ) in md
    assert (
        f"| objective | 1.4 | 9.9 | not in `{SEEDS / '2023-24'}` | Develop and advocate a long-term"
    ) in md
    assert "| objective | 1.5 | 1.2.8 | objective 1.3 continues it already | Enhance Carer" in md


def test_a_measure_become_an_objective_by_its_text(tmp_path: Path) -> None:
    # measure 1.1.2 of the minimal plan leaves objective 1.1 and becomes objective 1.2,
    # word for word: promoted, though nothing says so
    measure = (
        '          - id: "1.1.2"\n            title: Home care in the evenings and at weekends\n'
        "            characteristics: Carers visit seniors at home until ten at night.\n"
    )
    objective = (
        '      - id: "1.2"\n        title: Home care in the evenings and at weekends\n'
        "        description: Carers visit seniors at home until ten at night.\n"
    )
    before = write_plan(tmp_path / "a", {"objectives.yaml": MINIMAL["objectives.yaml"] + measure})
    after = write_plan(tmp_path / "b", {"objectives.yaml": MINIMAL["objectives.yaml"] + objective})
    d = diff_plans(load_plan(before), load_plan(after))
    assert [(c.old_kind, c.old_id, c.kind, c.id, c.promoted) for c in d.renumbered] == [
        ("measures", "1.1.2", "objectives", "1.2", True)
    ]
    assert d.added == [] and d.removed == []


def test_one_pair_cannot_steal_another_ones_partner(monkeypatch: pytest.MonkeyPatch) -> None:
    # old A reads most like new B (0.30), but A is also like new A (0.25) and old B only
    # like new B (0.20): pairing the best first would leave old B alone (0.30 + nothing);
    # the pairing as a whole keeps both (0.25 + 0.20)
    scores = np.array([[0.25, 0.30], [0.0, 0.20]])
    monkeypatch.setattr(pairing._Scores, "block", lambda _, rows, cols: scores[np.ix_(rows, cols)])
    old = [pairing.Node("objectives", "1.1", "a"), pairing.Node("objectives", "1.2", "b")]
    new = [pairing.Node("objectives", "2.1", "a2"), pairing.Node("objectives", "2.2", "b2")]
    found = pairing.pair(old, new).matches
    assert sorted((m.old.id, m.new.id) for m in found) == [("1.1", "2.1"), ("1.2", "2.2")]


def test_three_hundred_renumbered_objectives_all_carried_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every objective of a 300-objective plan is renumbered (1.k → 1.(k+10), old numbers
    # reused), reworded by a word and shuffled; `make bench` times this very case
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = importlib.import_module("generate")
    before, after = generate.renumbered_versions(tmp_path, 300)
    d = diff_plans(load_plan(before), load_plan(after))
    moves = {(c.kind, c.old_id, c.id) for c in d.renumbered}
    assert moves == {
        *(("objectives", f"1.{k}", f"1.{k + 10}") for k in range(1, 301)),
        *(("measures", f"1.{k}.1", f"1.{k + 10}.1") for k in range(1, 301)),
    }
    assert d.added == d.removed == []


def test_why_words_are_weighted_edit_distance_misses_the_tele_practice_platform() -> None:
    # the reason cpkit.analysis.pairing weighs words by rarity: on the plans' own words,
    # rapidfuzz's edit-distance scorers put 2025's 3.2 outside 2023's 4.4's first three,
    # while the weighted words put it first
    from rapidfuzz import fuzz, process

    def objectives(folder: str) -> dict[str, str]:
        plan = load_plan(SEEDS / folder)
        return {o.id: pairing.normalise(whole_text(o)) for o in plan.objectives()}

    old, new = objectives("2023-24"), objectives("2025-26")
    ids = list(new)
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio):
        row = process.cdist([old["4.4"]], list(new.values()), scorer=scorer)[0]
        assert "3.2" not in [ids[i] for i in np.argsort(-row, kind="stable")[:3]], scorer
    row = pairing.similarity([old["4.4"]], list(new.values()), list(old.values()))[0]
    assert ids[int(np.argmax(row))] == "3.2"


def test_public_contacts_show_as_render_shows_them(tmp_path: Path) -> None:
    # a service's contact for clients and an organisation's contact are published by
    # render, so a diff shows them; an organisation that withholds its contact is withheld
    services = MINIMAL["services.yaml"].replace(
        "    name: Home care service\n",
        '    name: Home care service\n    contact: {phone: "+420 475 000 111"}\n',
    )
    stakeholders = MINIMAL["stakeholders.yaml"].replace(
        "  - {id: ngo, name: Home Care NGO, side: provider}",
        "  - {id: ngo, name: Home Care NGO, side: provider, contact: {email: care@example.org}}\n"
        "  - {id: club, name: Seniors' club, publish_contact: false,"
        " contact: {email: club@example.org}}",
    )
    before = write_plan(tmp_path / "a")
    after = write_plan(
        tmp_path / "b", {"services.yaml": services, "stakeholders.yaml": stakeholders}
    )
    text = invoke("diff", str(before), str(after)).stdout
    assert "contact.phone: — -> +420 475 000 111" in text
    assert "contact.email: — -> care@example.org" in text
    assert "club@example.org" not in text


def test_a_year_is_shown_without_a_thousands_separator() -> None:
    """The seeds' HKCSS diff printed `target.year: 2,024`; money keeps its separators."""
    from cpkit.analysis.changes import as_text
    from cpkit.publish.diff_text import excerpt

    assert as_text({"value": 10, "year": 2024}, "target") == "value: 10, year: 2024"
    assert as_text(3848250, "costs.total") == "3,848,250"
    assert as_text([2005, 2006], "network.years") == "2005, 2006"
    change = Change("indicators.target.year", 2024, 2025)
    assert (excerpt(change, "old"), excerpt(change, "new")) == ("2024", "2025")
    result = invoke("diff", str(EXAMPLES / "hkcss-2023"), str(EXAMPLES / "hkcss-2025"))
    assert "target.year: 2024" in result.stdout and "2,024" not in result.stdout


def test_the_assignment_is_scipys() -> None:
    # pairing loads scipy's solver without the rest of scipy.optimize; the same pairs,
    # ties and rectangular blocks included
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(1)
    for shape in [(1, 1), (3, 3), (4, 7), (7, 4), (12, 12)]:
        for weights in (rng.random(shape), rng.integers(0, 3, shape).astype(float)):
            ours = pairing._compiled_solver()(weights, maximize=True)
            theirs = linear_sum_assignment(weights, maximize=True)
            assert [a.tolist() for a in ours] == [a.tolist() for a in theirs]


def test_linked_groups_are_scipys_components() -> None:
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(2)
    for shape, density in [((1, 1), 1.0), ((5, 9), 0.1), ((9, 5), 0.2), ((40, 40), 0.03)]:
        links = rng.random(shape) < density
        graph = sparse.csr_matrix(links)
        both = sparse.bmat([[None, graph], [graph.T, None]], format="csr")
        _, labels = connected_components(both, directed=False)
        rows, cols = labels[: shape[0]], labels[shape[0] :]
        expected = [
            (np.flatnonzero(rows == g).tolist(), np.flatnonzero(cols == g).tolist())
            for g in np.unique(rows[graph.getnnz(axis=1) > 0])
        ]
        found = [(r.tolist(), c.tolist()) for r, c in pairing.linked_groups(links)]
        assert found == expected
