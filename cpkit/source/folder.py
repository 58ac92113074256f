"""Read a plan folder: its YAML files as node trees and its CSV tables, with positions.

This stage knows files, YAML and CSV, not the plan format: it finds the files, refuses what
must not be read (links out of the folder, pipes, binary or oversized files) and hands each
text to its parser (`compose` for YAML, `csvfile` for CSV). Nothing after this stage reads a
plan's files. Everything it finds is a diagnostic.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc
from cpkit.core.language import Explained
from cpkit.source.compose import parse_yaml, tagged_nodes
from cpkit.source.csvfile import DATA_FOLDER, Table, parse_csv

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 10 * 1024 * 1024


class PlanNotFound(Explained):
    """The path given is not a folder that can hold a plan (a usage error, not a finding)."""


@dataclass(slots=True)
class Document:
    path: str  # relative to the plan folder, with forward slashes
    root: yaml.Node
    tagged: frozenset[int] = frozenset()  # ids of the nodes written with a tag


@dataclass(slots=True)
class Source:
    """What the source stage hands on: parsed documents and tables, and the problems met
    reading them. `files` lists every plan file found, read or not; `data_files` the CSV
    files among them, and `tables` those of them under demographics/ that could be read."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # with parse=False: the YAML files' texts, in order, left for the caller to parse
    texts: list[tuple[str, str]] | None = None

    def add(self, rel: str, text: str | None) -> None:
        """One file's text (None: it could not be read) into documents or tables."""
        self.files.append(rel)
        if rel.lower().endswith(YAML_SUFFIXES):
            if self.texts is not None:
                if text is not None:
                    self.texts.append((rel, text))
                return
            root = parse_yaml(text, rel, self.diagnostics) if text is not None else None
            if root is not None and text is not None:
                self.documents.append(Document(rel, root, tagged_nodes(root, text)))
            return
        self.data_files.append(rel)
        if text is not None and _is_table(rel):
            table = parse_csv(text, rel, self.diagnostics)
            if table is not None:
                self.tables.append(table)


def _is_table(rel: str) -> bool:
    return rel.startswith(f"{DATA_FOLDER}/") and rel.lower().endswith(".csv")


def load_folder(path: str | os.PathLike[str], *, parse: bool = True) -> Source:
    """The plan folder's files, read and parsed; with `parse=False` its YAML texts are kept
    in `Source.texts` unparsed (for a caller that may have them parsed already: the cache)."""
    root = Path(path)
    if not root.is_dir():
        raise PlanNotFound(
            "plan.not_a_folder" if root.exists() else "plan.no_folder", path=str(path)
        )
    source = Source(root, texts=None if parse else [])
    real_root = root.resolve()
    for rel in _plan_files(root, real_root, source):
        wanted = rel.lower().endswith(YAML_SUFFIXES) or _is_table(rel)
        source.add(rel, read_text(root / rel, rel, source.diagnostics) if wanted else None)
    return source


def from_texts(files: Mapping[str, str], root: str | os.PathLike[str] = ".") -> Source:
    """A Source from texts in memory (path relative to the plan → text): what a folder
    would give, without touching the disk. plan.yaml comes first, as in a folder."""
    source = Source(Path(root))
    for rel in sorted(files, key=_plan_first):
        source.add(rel, files[rel])
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
            if name.startswith(".") or not name.lower().endswith((*YAML_SUFFIXES, ".csv")):
                continue
            full = here / name
            if full.is_symlink() and _refuse_link(full, root, real_root, source):
                continue
            found.append(full.relative_to(root).as_posix())
    return sorted(found, key=_plan_first)


def _plan_first(rel: str) -> tuple[bool, str]:
    """plan.yaml first: its `plan` section is the plan's, whatever other files say."""
    return (rel not in ("plan.yaml", "plan.yml"), rel)


def _refuse_link(link: Path, root: Path, real_root: Path, source: Source) -> bool:
    # realpath, not Path.resolve: a link to itself must not raise (it is reported when read)
    target = Path(os.path.realpath(link))
    if target == real_root or real_root in target.parents:
        return False
    rel = link.relative_to(root).as_posix()
    source.diagnostics.append(
        rules.OUTSIDE_PLAN(Loc(rel), "links-outside-plan", rel=rel, target=os.readlink(link))
    )
    return True


def read_text(full: Path, rel: str, out: list[Diagnostic]) -> str | None:
    """The file as text, or None with a diagnostic: not a file, too big, binary or not UTF-8."""
    try:
        info = full.stat()
        if not stat.S_ISREG(info.st_mode):  # reading a named pipe or a device never ends
            out.append(rules.UNREADABLE_FILE(Loc(rel), "not-regular-file", rel=rel))
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            out.append(
                rules.TOO_COMPLEX(
                    Loc(rel),
                    "mb-plan-files",
                    rel=rel,
                    value=format(size / 1048576, ".1f"),
                    value2=MAX_FILE_BYTES // 1048576,
                )
            )
            return None
        data = full.read_bytes()
    except OSError as exc:
        out.append(rules.UNREADABLE_FILE(Loc(rel), "cannot-be-read", rel=rel, error=exc.strerror))
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        out.append(rules.UNREADABLE_FILE(Loc(rel, 1, 1), "utf-text-not", rel=rel))
        return None
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        out.append(rules.UNREADABLE_FILE(Loc(rel, line, 1), "binary-not-text", rel=rel))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        out.append(
            rules.UNREADABLE_FILE(
                Loc(rel, line, column), "not-utf-text", rel=rel, data=format(data[exc.start], "02x")
            )
        )
        return None
