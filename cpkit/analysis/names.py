"""The gap tables for people: names where the tables for scripts keep ids.

The tables of cpkit.analysis.gaps and cpkit.analysis.network carry ids, so that a CSV or
JSON export is stable for scripts. A person reading `cpkit gaps`, `cpkit comments` or a
Markdown table wants names: "Senior citizens", not `senior-citizens`; "1.1 Provision of
residential services", not `1.1` alone; the plan's title, not `usti-2cpp-seniors`.
`for_people` gives each table the same columns with the names in them (an id the plan does
not define stays as written, so nothing is lost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.core.language import language

if TYPE_CHECKING:
    import pandas as pd

    from cpkit.model.entities import Plan


def entity_names(plan: Plan) -> dict[str, dict[str, str]]:
    """Kind → id → name, for the kinds the tables name."""
    objectives = {o.id: f"{o.id} {o.title}" for o in plan.objectives()}
    measures = {m.id: f"{m.id} {m.title}" for m in plan.measures()}
    return {
        "target_group": {g.id: g.name for g in plan.target_groups},
        "service_type": {t.id: t.name for t in plan.service_types},
        "service": {s.id: s.name for s in plan.services},
        "area": {a.id: a.name for a in plan.areas},
        "group": {g.id: g.name for g in plan.groups},
        "stakeholder": {s.id: s.name for s in plan.stakeholders},
        "objective": objectives,
        "measure": measures,
    }


def joint_label(plan: Plan) -> str:
    """What the tables call the priorities without an area, in the plan's language."""
    tag = plan.info.language if plan.info else "en"
    return language(tag).t("render.chart.joint")


def for_people(name: str, frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Table `name` (a key of cpkit.analysis.gaps.TABLES, "network" or "comments") with
    names in place of ids; the columns stay those of the table for scripts."""
    from cpkit.analysis.gaps import JOINT

    names = entity_names(plan)
    out = frame.copy()

    def by(kind: str, column: str) -> None:
        if column in out.columns:
            out[column] = [names[kind].get(v, v) if isinstance(v, str) else v for v in out[column]]

    if name == "capacity":
        by("target_group", "target_group")
        by("service_type", "service_type")
    elif name == "network":
        by("service", "service")
        by("area", "area")
    elif name == "progress" and "name" in out.columns:
        out["indicator"] = [n or i for n, i in zip(out["name"], out["indicator"], strict=True)]
    elif name == "comments" and "name" in out.columns:
        out["group"] = [n or g for n, g in zip(out["name"], out["group"], strict=True)]
    elif name == "funding":
        joint = joint_label(plan)
        title = (plan.info.title if plan.info else "") or ""
        shown = []
        for scope, ident in zip(out["scope"], out["id"], strict=True):
            if ident == JOINT:
                shown.append(joint)
            elif scope == "plan":
                shown.append(title or ident)
            else:
                shown.append(names.get(scope, {}).get(ident, ident))
        if "title" in out.columns:  # the id stays for a reviewer to find the line
            out["title"] = shown
        else:
            out["id"] = shown
        # a column per funding source: the source's name from the catalogue
        words = language(plan.info.language if plan.info else "en")
        base = {"scope", "id", "title", "year", "costs", "funds", "gap"}
        out = out.rename(
            columns={
                c: words.t(f"render.sources.{c}")
                for c in out.columns
                if c not in base and words.has(f"render.sources.{c}")
            }
        )
    return out
