"""Charts of the published plan: accessible, safe with hostile text, deterministic, and
showing the same figures as the gap tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import get_args

import pytest

from cpkit.analysis.gaps import funding_gaps, funding_rows, progress_rows, service_gaps
from cpkit.api import load_plan
from cpkit.model.entities import FundSource, Plan
from cpkit.publish.charts import Chart, funds_chart, needs_chart, progress_chart
from cpkit.publish.charts.funds import SOURCE_COLOURS
from cpkit.publish.charts.layout import AXIS, INK, MUTED, WHITE
from cpkit.publish.charts.needs import CELL_STYLES
from cpkit.publish.charts.progress import PROGRESS_STYLES
from cpkit.publish.messages import Messages

from conftest import EXAMPLES, MINIMAL, write_plan

SVG = "{http://www.w3.org/2000/svg}"
t = Messages("en").t  # the English catalogue: a key missing from it fails the test
HOSTILE = "<script>alert(1)</script>"
HOSTILE_AREA = '"><img src=x onerror=alert(1)> & Co'

# (objective or measure id, indicator id) → (year, value) for the Ústí example
ACTUALS = {
    ("1.1", "residents-satisfaction"): (2005, 80.0),  # 8 of 13 = 62 %, 67 % expected: on track
    ("1.2", "home-care-evenings"): (2005, 30.0),  # 20 %, 67 % expected: off track
    ("2.1", "annual-evaluations"): (2006, 3.0),  # 100 %: done
    ("1.1.1.2", "community-clubs"): (2005, 6.0),  # 2 of 4 = 50 %, 67 % expected: at risk
}


@pytest.fixture(scope="module")
def usti() -> Plan:
    return load_plan(EXAMPLES / "usti-seniors")


def czk(text: str) -> float:
    """ "CZK\u00a015,587,500" → 15587500.0: an amount as the chart writes it in English."""
    return float(text.removeprefix("CZK\u00a0").replace(",", ""))


def funds_of(plan: Plan, **kw: object) -> Chart | None:
    """The funds chart as the document draws it: from the plan's funding table."""
    currency = (plan.info.currency if plan.info else None) or ""
    return funds_chart(funding_rows(plan), t, currency=currency, **kw)  # type: ignore[arg-type]


def progress_of(plan: Plan, actuals: dict | None = None, **kw: object) -> Chart | None:
    """The progress chart of the plan's progress table, with these actual values."""
    return progress_chart(progress_rows(plan, actuals), t, **kw)  # type: ignore[arg-type]


def all_charts(plan: Plan, **kw: object) -> list[Chart | None]:
    return [
        funds_of(plan, **kw),
        needs_chart(plan, t, **kw),  # type: ignore[arg-type]
        progress_of(plan, ACTUALS, **kw),
    ]


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def texts(root: ET.Element, css: str | None = None) -> list[str]:
    """The text of each <text>, its wrapped lines joined by a space."""
    out = []
    for e in root.iter(f"{SVG}text"):
        if css is None or e.get("class") == css:
            lines = [s.text or "" for s in e.iter(f"{SVG}tspan")] or [e.text or ""]
            out.append(" ".join(lines))
    return out


def hostile_plan(tmp_path: Path) -> Plan:
    """MINIMAL with markup in the names of a need, an area, a service type and an indicator."""
    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:",
        f"""            funds:
              - {{source: state, amount: 60}}
              - {{source: eu, amount: 40}}
            indicators:
              - id: hostile
                name: '{HOSTILE}'
                unit: '<b>'
                baseline: {{value: 0}}
                target: {{value: 10}}
            answers:""",
    )
    changes = {
        "areas.yaml": MINIMAL["areas.yaml"].replace(
            "name: Care for senior citizens", f"name: '{HOSTILE_AREA}'"
        ),
        "services.yaml": MINIMAL["services.yaml"]
        .replace("name: Housing", f"name: '{HOSTILE}'")
        .replace("name: Home care}", "name: 'Home <care> & \"more\"'}"),
        "objectives.yaml": objectives,
    }
    return load_plan(write_plan(tmp_path / "hostile", changes))


def test_usti_has_three_charts(usti: Plan) -> None:
    made = all_charts(usti)
    assert [c.name for c in made if c] == ["funds", "needs", "progress"]
    for chart in made:
        assert chart is not None
        assert chart.title and chart.description


@pytest.mark.parametrize("index", [0, 1, 2])
def test_svg_is_an_accessible_image(usti: Plan, index: int) -> None:
    chart = all_charts(usti)[index]
    assert chart is not None
    root = parse(chart)
    name = chart.name
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{name}-chart-title {name}-chart-desc"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    assert root.get("width") == "100%"
    assert "max-width" in root.get("style", "")
    assert root.get("font-family", "").endswith("sans-serif")
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (f"{SVG}title", chart.title_id, chart.title)
    assert (desc.tag, desc.get("id"), desc.text) == (f"{SVG}desc", chart.desc_id, chart.description)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids == [f"{name}-chart-title", f"{name}-chart-desc"]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_svg_runs_nothing_and_loads_nothing(usti: Plan, index: int) -> None:
    chart = all_charts(usti)[index]
    assert chart is not None
    tags = {e.tag.removeprefix(SVG) for e in parse(chart).iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "line", "text", "tspan"}
    for e in parse(chart).iter():
        for attr in e.attrib:
            assert not attr.lower().startswith("on"), (e.tag, attr)
            assert "href" not in attr, (e.tag, attr)
    assert "url(" not in chart.svg
    assert "<script" not in chart.svg.lower()


@pytest.mark.parametrize("index", [0, 1, 2])
def test_coordinates_are_rounded(usti: Plan, index: int) -> None:
    chart = all_charts(usti)[index]
    assert chart is not None
    geometry = {"x", "y", "x1", "x2", "y1", "y2", "width", "height"}
    for e in parse(chart).iter():
        for attr in geometry & set(e.attrib):
            if e.get(attr) != "100%":
                assert re.fullmatch(r"-?\d+(\.\d)?", e.get(attr, "")), (e.tag, attr, e.get(attr))


def test_same_plan_same_bytes(usti: Plan) -> None:
    again = load_plan(EXAMPLES / "usti-seniors")
    first = [c.svg for c in all_charts(usti) if c]
    assert first == [c.svg for c in all_charts(usti) if c]
    assert first == [c.svg for c in all_charts(again) if c]


def test_funds_chart_figures_are_funding_gaps(usti: Plan) -> None:
    chart = funds_of(usti, fmt_number="{:.2f}".format)
    assert chart is not None
    frame = funding_gaps(usti)
    areas = frame[(frame["scope"] == "area") & (frame["year"] == "total")]
    sources = list(frame.columns[7:])
    root = parse(chart)
    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert len(bars) == len(areas) == 2  # the seniors area and the joint objectives
    for bar, (_, row) in zip(bars, areas.iterrows(), strict=True):
        # each segment's tooltip ends with "source: CZK amount" (CLDR's English form, whole
        # amounts grouped); the total follows the bar
        segments = [
            e.findtext(f"{SVG}title", "")
            for e in bar.iter(f"{SVG}rect")
            if e.get("class") == "segment"
        ]
        amounts = [czk(s.rsplit(": ", 1)[1]) for s in segments]
        assert amounts == [row[s] for s in get_args(FundSource) if s in sources and row[s] > 0]
        (total,) = texts(bar, "total")
        assert czk(total) == pytest.approx(sum(row[s] for s in sources))
        assert total.startswith("CZK\u00a0")
    # the seniors area: 15,587,500 municipality + 300,000 city districts + 7,400,000 state
    # + 502,500 EU + 270,000 sponsors + 200,000 foundations + 1,050,000 clients
    assert czk(texts(bars[0], "total")[0]) == 25_310_000
    assert texts(bars[1])[0] == t("chart.joint")
    plan_total = frame[(frame["scope"] == "plan") & (frame["year"] == "total")]["funds"].item()
    assert f"CZK\u00a0{plan_total:,.0f}" in chart.description
    assert t("chart.with_unit").format(label=t("chart.funds.axis"), unit="CZK") in texts(root)


def test_funds_chart_legend_numbers_the_segments(usti: Plan) -> None:
    chart = funds_of(usti)
    assert chart is not None
    legend = next(g for g in parse(chart).iter(f"{SVG}g") if g.get("class") == "legend")
    items = texts(legend)
    assert items[:2] == ["1", "municipality: CZK\u00a017,522,500"]
    assert len(items) == 2 * 7  # the seven sources the example's measures name


def test_needs_chart_cells(usti: Plan) -> None:
    chart = needs_chart(usti, t)
    assert chart is not None
    root = parse(chart)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "row"]
    assert len(rows) == len(usti.needs_matrix)
    cells = [r for g in rows for r in g.iter(f"{SVG}rect")]
    assert len(cells) == len(usti.needs_matrix) * len(usti.needs)
    # every cell says its status in a symbol, not only in colour
    marks = [s for g in rows for s in texts(g)[1:]]
    assert all(m[0] in "✓→!–?" for m in marks)
    assert "✓ 2" in marks  # field services: two home-care services give help in the home
    answered = int(service_gaps(usti)["answered"].sum())
    assert marks.count("→") == answered == 8
    assert f"missing but answered by a measure: {answered};" in chart.description
    head = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "head")
    assert "Information on provision" in texts(head)


def test_progress_chart_bars_and_status(usti: Plan) -> None:
    chart = progress_of(usti, ACTUALS)
    assert chart is not None
    root = parse(chart)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "indicator"]
    assert len(groups) == 6  # seven indicators, one qualitative
    assert "Client satisfaction surveys" not in chart.svg
    status = [texts(g, "status")[0] for g in groups]
    assert status[:3] == ["62% · on track", "20% · off track", "100% · done"]
    assert status[3:] == ["no actual yet", "50% · at risk", "no actual yet"]
    done = next(r for r in groups[2].iter(f"{SVG}rect") if r.get("class") == "bar")
    track = next(iter(groups[2].iter(f"{SVG}rect")))
    assert done.get("width") == track.get("width")
    assert not [r for r in groups[3].iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert "Done: 1; on track: 1; at risk: 1; off track: 1; no actual value yet: 2." in (
        chart.description
    )


def test_progress_chart_past_its_limit_shows_the_indicators_furthest_behind(
    tmp_path: Path,
) -> None:
    """50 indicators: the chart keeps 40, worst first; its text still counts all 50."""
    rows = "".join(
        f"              - {{id: i{i:02d}, name: Indicator {i:02d}, "
        "baseline: {value: 0}, target: {value: 100}}\n"
        for i in range(50)
    )
    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:", "            indicators:\n" + rows + "            answers:"
    )
    plan = load_plan(write_plan(tmp_path / "many", {"objectives.yaml": objectives}))
    measure = "1.1.1"
    actuals = {(measure, "i07"): (2025, 5.0), (measure, "i03"): (2025, 100.0)}
    chart = progress_of(plan, actuals)
    assert chart is not None
    assert chart.title == "The 40 indicators furthest behind, of 50"
    assert "Quantitative indicators: 50." in chart.description
    groups = [g for g in parse(chart).iter(f"{SVG}g") if g.get("class") == "indicator"]
    assert len(groups) == 40
    names = [texts(g)[0] for g in groups]
    assert "Indicator 03" not in names  # done: the first to go
    assert names[0] == "Indicator 07"  # 5 % of the way, the furthest behind
    assert names[1:3] == ["Indicator 00", "Indicator 01"]  # then no actual yet, in plan order


def test_hostile_names_come_out_as_text(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path)
    made = all_charts(plan)
    assert all(made)
    for chart in made:
        assert chart is not None
        assert "<script" not in chart.svg and "<img" not in chart.svg and "<b>" not in chart.svg
        root = parse(chart)
        assert {e.tag for e in root.iter()} <= {
            f"{SVG}{tag}" for tag in ("svg", "title", "desc", "g", "rect", "line", "text", "tspan")
        }
        assert not [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]
    funds, needs, progress = made
    assert funds is not None and needs is not None and progress is not None
    assert HOSTILE_AREA in parse(funds).findtext(f"{SVG}desc", "")
    assert "&lt;script&gt;" in needs.svg
    # the need's name is a column header, wrapped at the long word
    assert HOSTILE in [s.replace(" ", "") for s in texts(parse(needs))]
    assert HOSTILE in texts(parse(progress))
    assert 'Senior citizens / Home <care> & "more"' in texts(parse(needs))


def test_no_data_no_chart(plan_dir: Path, tmp_path: Path) -> None:
    plan = load_plan(plan_dir)  # no funds, no indicators
    assert funds_of(plan) is None
    assert progress_of(plan) is None
    assert needs_chart(plan, t) is not None
    bare = MINIMAL["services.yaml"].split("needs:")[0]
    assert needs_chart(load_plan(write_plan(tmp_path / "bare", {"services.yaml": bare})), t) is None


def test_qualitative_indicators_alone_give_no_chart(tmp_path: Path) -> None:
    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:",
        "            indicators:\n"
        "              - {id: q, name: Users say so, qualitative: true}\n"
        "            answers:",
    )
    plan = load_plan(write_plan(tmp_path / "q", {"objectives.yaml": objectives}))
    assert progress_of(plan) is None


def _luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_contrast() -> None:
    for ink in (INK, MUTED):
        assert contrast(ink, WHITE) >= 4.5  # text
    assert contrast(AXIS, WHITE) >= 3  # axes, outlines of the unknown cell and tracks
    for colour in SOURCE_COLOURS:
        assert contrast(colour, WHITE) >= 4.5  # white numbers on the segments
    for status, (fill, ink, _) in CELL_STYLES.items():
        assert contrast(ink, fill) >= 4.5, status
        if status != "unknown":  # drawn white, with an AXIS outline
            assert contrast(fill, WHITE) >= 3, status
    for status, (_, fill) in PROGRESS_STYLES.items():
        assert contrast(fill, WHITE) >= 3 and contrast(fill, "#f2f2f2") >= 3, status


def test_the_catalogue_names_every_fund_source() -> None:
    """The funds chart names a source cpkit knows by its label; the other catalogues
    have the same keys (test_render.test_catalogues_have_the_same_keys)."""
    for source in get_args(FundSource):
        assert isinstance(t(f"chart.source.{source}"), str), source
