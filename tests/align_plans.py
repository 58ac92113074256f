"""A district plan and a unit plan side by side, for the tests of alignment across plans.

The district plan is the minimal plan with a second objective (1.2, on line 15 of its
objectives.yaml); the unit plan (folder `centre`) is the minimal plan that names `../district` and whose
objective 1.1 aligns with the ids given, on line 8 of its objectives.yaml.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL, write_plan

DISTRICT_OBJECTIVES = MINIMAL["objectives.yaml"] + (
    '      - id: "1.2"\n'
    "        title: Support for carers\n"
    "        description: Respite and training for family carers.\n"
)
ALIGNS_LINE = 8  # of the unit's objectives.yaml


def unit_objectives(ids: str, aligned: str | None = None) -> str:
    """The minimal objectives with `aligns_with: IDS` (and `aligned: ALIGNED`) on 1.1."""
    lines = f"        aligns_with: {ids}   # the district's objectives\n"
    if aligned is not None:
        lines += f"        aligned: {aligned}\n"
    title = "        title: Provision of residential services\n"
    return MINIMAL["objectives.yaml"].replace(title, title + lines)


def write_pair(
    root: Path,
    ids: str = '["1.2"]',
    *,
    aligned: str | None = None,
    aligns_with: str | None = "../district",
    district: dict[str, str | bytes | None] | None = None,
) -> tuple[Path, Path]:
    """root/district and root/centre (the unit); returns (unit, district)."""
    plan = MINIMAL["plan.yaml"]
    if aligns_with is not None:
        plan += f"  aligns_with: {aligns_with}\n"
    unit = write_plan(
        root / "centre", {"plan.yaml": plan, "objectives.yaml": unit_objectives(ids, aligned)}
    )
    folder = write_plan(
        root / "district", {"objectives.yaml": DISTRICT_OBJECTIVES, **(district or {})}
    )
    return unit, folder
