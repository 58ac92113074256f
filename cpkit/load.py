"""Read a plan folder into YAML node trees that keep every value's source position.

This stage knows files and YAML, not the plan format: it finds the files, refuses what
must not be read (links out of the folder, binary or oversized files), parses each file
into a node tree and guards against what PyYAML lets through silently (duplicate keys)
or would choke on (alias bombs, absurd nesting). Everything it finds is a diagnostic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cpkit import rules
from cpkit.diagnostics import Diagnostic, Loc

try:  # libyaml is an order of magnitude faster; pure Python is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 2_000_000


class PlanNotFound(Exception):
    """The path given is not a folder that can hold a plan (a usage error, not a finding)."""


@dataclass(slots=True)
class Document:
    path: str  # relative to the plan folder, with forward slashes
    root: yaml.Node


@dataclass(slots=True)
class Source:
    """What the load stage hands on: parsed documents and the problems met reading them."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)


def node_loc(file: str, node: yaml.Node) -> Loc:
    mark = node.start_mark
    return Loc(file, mark.line + 1, mark.column + 1)


def load_folder(path: str | os.PathLike[str]) -> Source:
    root = Path(path)
    if not root.is_dir():
        raise PlanNotFound(f"{path}: not a folder" if root.exists() else f"{path}: no such folder")
    source = Source(root)
    real_root = root.resolve()
    for rel in _plan_files(root, real_root, source):
        source.files.append(rel)
        if rel.endswith(YAML_SUFFIXES):
            doc = _read_yaml(root / rel, rel, source.diagnostics)
            if doc is not None:
                source.documents.append(doc)
        else:
            source.data_files.append(rel)
    return source


def _plan_files(root: Path, real_root: Path, source: Source) -> list[str]:
    """Every YAML and CSV file under root, hidden ones skipped, links out refused."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                _refuse_link(here / name, root, real_root, source)
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith((*YAML_SUFFIXES, ".csv")):
                continue
            full = here / name
            if full.is_symlink() and _refuse_link(full, root, real_root, source):
                continue
            found.append(full.relative_to(root).as_posix())
    # plan.yaml first: its `plan` section is the plan's, whatever other files say
    return sorted(found, key=lambda rel: (rel not in ("plan.yaml", "plan.yml"), rel))


def _refuse_link(link: Path, root: Path, real_root: Path, source: Source) -> bool:
    target = link.resolve()
    if target == real_root or real_root in target.parents:
        return False
    rel = link.relative_to(root).as_posix()
    source.diagnostics.append(
        rules.OUTSIDE_PLAN(
            Loc(rel),
            f"{rel} links to {os.readlink(link)}, outside the plan folder; it is not read",
            "copy the file into the plan folder instead of linking to it",
        )
    )
    return True


def _read_yaml(full: Path, rel: str, out: list[Diagnostic]) -> Document | None:
    text = read_text(full, rel, out)
    if text is None:
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        out.append(_syntax_diagnostic(exc, rel, text))
        return None
    except yaml.YAMLError as exc:  # unmarked: rare, still the user's file
        out.append(rules.YAML_SYNTAX(Loc(rel), str(exc)))
        return None
    except RecursionError:
        out.append(rules.TOO_COMPLEX(Loc(rel), f"{rel} nests too deeply to be read"))
        return None
    if root is None:  # an empty file, or only comments: nothing to load, nothing wrong
        return None
    if not _guard(root, rel, out):
        return None
    return Document(rel, root)


def read_text(full: Path, rel: str, out: list[Diagnostic]) -> str | None:
    """The file as text, or None with a diagnostic: too big, binary or not UTF-8."""
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            out.append(
                rules.TOO_COMPLEX(
                    Loc(rel),
                    f"{rel} is {size / 1048576:.1f} MB; plan files are limited to "
                    f"{MAX_FILE_BYTES // 1048576} MB",
                    "split the entities over several files in a folder",
                )
            )
            return None
        data = full.read_bytes()
    except OSError as exc:
        out.append(rules.UNREADABLE_FILE(Loc(rel), f"{rel} cannot be read: {exc.strerror}"))
        return None
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        out.append(rules.UNREADABLE_FILE(Loc(rel, line, 1), f"{rel} is binary, not text"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        out.append(
            rules.UNREADABLE_FILE(
                Loc(rel, line, column),
                f"{rel} is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                "save the file as UTF-8",
            )
        )
        return None


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, rel: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        problem = f"{exc.context}: {exc.problem}"
    lines = text.splitlines()
    hint = None
    if 0 < line <= len(lines):
        hint = f"line {line}: {lines[line - 1].strip()[:120]}"
        if "\t" in lines[line - 1]:
            hint += " (YAML indents with spaces; this line has a tab)"
    return rules.YAML_SYNTAX(Loc(rel, line, column), problem, hint)


def _guard(root: yaml.Node, rel: str, out: list[Diagnostic]) -> bool:
    """Report duplicate keys; refuse documents nested too deeply or expanding too far.

    Each node is walked once: aliases share their node, so an alias bomb costs its
    written size here, while its expanded size is counted without expanding it.
    """
    sizes: dict[int, int] = {}
    ok = True

    def walk(node: yaml.Node, depth: int) -> int:
        nonlocal ok
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            ok = False
            out.append(
                rules.TOO_COMPLEX(
                    node_loc(rel, node), f"nesting deeper than {MAX_DEPTH} levels is refused"
                )
            )
            raise _Stop
        size = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    first = seen.setdefault(key.value, key)
                    if first is not key:
                        mark = first.start_mark
                        out.append(
                            rules.DUPLICATE_KEY(
                                node_loc(rel, key),
                                f"key {key.value!r} appears twice in one mapping",
                                f"the first is at line {mark.line + 1}; YAML keeps only one "
                                "of them, so merge the two or rename one",
                            )
                        )
                size += walk(key, depth + 1) + walk(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                size += walk(item, depth + 1)
        sizes[id(node)] = size
        if size > MAX_EXPANDED_NODES:
            ok = False
            out.append(
                rules.TOO_COMPLEX(
                    node_loc(rel, node),
                    f"aliases expand this value to more than {MAX_EXPANDED_NODES:,} nodes",
                    "a plan has no need of nested aliases; write the values out",
                )
            )
            raise _Stop
        return size

    try:
        walk(root, 0)
    except _Stop:
        return False
    return ok


class _Stop(Exception):
    pass
