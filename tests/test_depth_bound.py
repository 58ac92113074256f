"""The nesting bound that picks the composer's path is never below the true depth, and
does not send ordinary plans (thousands of one-line `{...}`) to the large-stack thread."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cpkit.source.compose import FAST_DEPTH, depth_bound

ROOT = Path(__file__).parent.parent


def _depth_reached(text: str) -> int:
    """The deepest nesting the parser's events reach, up to the first error if any."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


@pytest.mark.parametrize(
    "text",
    [
        "[" * 3000 + "]" * 3000,
        '["]", ' * 2100 + "1" + "]" * 2100,  # closes inside quotes cancel nothing
        'a: "x\n  ' + "]" * 2000 + '\n  "\nb: ' + "[" * 2500 + "]" * 2500,  # a multi-line quote
        "k: {a: 'it''s', b: [1, 2]}\n" * 3000 + "x: " + "{a: " * 2200 + "1" + "}" * 2200,
    ],
)
def test_bound_is_above_the_true_depth(text: str) -> None:
    assert depth_bound(text) >= _depth_reached(text) > FAST_DEPTH


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}\"',: #\n-ab\\", max_size=60))
def test_bound_never_below_the_depth_reached(text: str) -> None:
    assert depth_bound(text) >= _depth_reached(text)


def test_a_generated_plan_stays_on_the_main_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2,000 measures: the monitoring files hold about 1,800 one-line `{measure: "1.1", ...}`
    # each, which counting every bracket put past FAST_DEPTH
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = importlib.import_module("generate")
    generate.generate(tmp_path, generate.sizes_for(2000))
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.yaml"))]
    assert max(t.count("{") + t.count("[") for t in texts) > FAST_DEPTH // 2
    assert all(depth_bound(t) <= FAST_DEPTH for t in texts)
