"""Assemble the typed plan from the loaded documents (load → model)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc, Named
from cpkit.model.convert import Builder, converter, entity_kwargs
from cpkit.model.demographics import build_demographics
from cpkit.model.entities import SECTIONS, Consultation, Measure, Plan, PlanInfo
from cpkit.source.folder import Document, Source


@dataclass(slots=True)
class Part:
    """What one YAML document builds into, before it joins the plan: its sections in the
    order written, as (section, where its key is, what it built) with the value a PlanInfo
    or None for `plan`, a Consultation for `consultation`, a list of entities otherwise;
    and the diagnostics of building it. Plain data: the per-file cache stores it."""

    path: str
    sections: list[tuple[str, Loc, object]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def build_plan(source: Source) -> tuple[Plan, list[Diagnostic]]:
    return join_parts(source, [build_part(doc) for doc in source.documents])


def build_part(doc: Document) -> Part:
    """One document's sections as entities (the part of building that needs only the file)."""
    part = Part(doc.path)
    out = part.diagnostics
    b = Builder(doc.path, doc.tagged)
    root = doc.root
    if not isinstance(root, yaml.MappingNode):
        out.append(rules.BAD_DOCUMENT(b.loc(root), "should-be-mapping", path=doc.path))
        return part
    for key, value in root.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in SECTIONS:
            close = difflib.get_close_matches(str(name), list(SECTIONS), n=1)
            if close:
                found = rules.UNKNOWN_SECTION(
                    b.loc(key), "meant", path=doc.path, name=name, meant=close[0]
                )
            else:
                found = rules.UNKNOWN_SECTION(
                    b.loc(key), "known", path=doc.path, name=name, known=list(SECTIONS)
                )
            out.append(found)
            continue
        if name == "plan":
            kwargs = entity_kwargs(PlanInfo, value, b, Named("plan"))
            part.sections.append((name, b.loc(key), None if kwargs is None else PlanInfo(**kwargs)))
            continue
        if value.tag == "tag:yaml.org,2002:null":
            continue
        if name == "consultation":
            single = converter(Consultation)(value, b, Named(path=name))
            if isinstance(single, Consultation):
                part.sections.append((name, b.loc(key), single))
            continue
        if isinstance(value, yaml.MappingNode):
            # one entity may stand alone: a file per monitoring year holds one mapping
            value = yaml.SequenceNode(
                "tag:yaml.org,2002:seq", [value], value.start_mark, value.end_mark
            )
        items = converter(list[SECTIONS[name]])(value, b, Named(path=name))  # type: ignore[name-defined]
        if isinstance(items, list):
            part.sections.append((name, b.loc(key), items))
    out.extend(b.diagnostics)
    return part


def join_parts(source: Source, parts: list[Part]) -> tuple[Plan, list[Diagnostic]]:
    """The plan from its documents' parts (in file order) and the source's CSV tables."""
    plan = Plan(root=source.root, files=list(source.files))
    out: list[Diagnostic] = []
    plan_locs: list[Loc] = []
    for part in parts:
        for name, loc, value in part.sections:
            if name == "plan":
                plan_locs.append(loc)
                if value is not None and plan.info is None:
                    plan.info = value  # type: ignore[assignment]
            elif name == "consultation":
                if plan.consultation is not None:
                    out.append(
                        rules.PLAN_SECTION(
                            loc, "second-consultation-section", loc=plan.consultation.loc
                        )
                    )
                else:
                    plan.consultation = value  # type: ignore[assignment]
            else:
                getattr(plan, name).extend(value)  # type: ignore[arg-type]
        out.extend(part.diagnostics)
    if not plan_locs:
        out.append(rules.PLAN_SECTION(Loc(_plan_file(source.files)), "plan-has-no"))
    for extra in plan_locs[1:]:
        out.append(rules.PLAN_SECTION(extra, "second-plan-section", first_at=plan_locs[0]))
    plan.demographics, found = build_demographics(source.tables)
    out.extend(found)
    _link_parents(plan)
    return plan, out


def _plan_file(files: list[str]) -> str:
    """Where a missing `plan` section is reported: plan.yaml, else a YAML file that exists."""
    yaml_files = [f for f in files if f.lower().endswith((".yaml", ".yml"))]
    if "plan.yaml" in files or not (yaml_files or files):
        return "plan.yaml"
    return (yaml_files or files)[0]


def _link_parents(plan: Plan) -> None:
    """Give each objective and measure the id of the entity it is written under."""

    def link(measures: list[Measure], parent: str) -> None:
        for m in measures:
            m.parent = parent
            link(m.measures, m.id)

    for p in plan.priorities:
        for o in p.objectives:
            o.parent = p.id
            link(o.measures, o.id)
