"""Diagnostics are data: a code, a severity, a location, a message and a hint.

The library collects them into a :class:`Report`; reporters in :mod:`cpkit.cli.reporters`
turn a report into text, JSON or CI annotations. Nothing here prints.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A place in a plan file; line and column are 1-based, 0 means "the whole file"."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A published check: its code and name are a contract, documented in docs/rules.md."""

    code: str
    name: str
    severity: Severity
    summary: str

    def __call__(self, loc: Loc, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, loc, message, hint)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    loc: Loc
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.loc.file, self.loc.line, self.loc.column, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(slots=True)
class Report:
    """All diagnostics of one run, sorted by place; settings decide which ones count."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @classmethod
    def build(
        cls,
        found: Iterable[Diagnostic],
        *,
        files: int = 0,
        disabled: Iterable[str] = (),
    ) -> Report:
        off = set(disabled)
        kept = [d for d in found if d.code not in off and d.name not in off]
        kept = sorted(set(kept), key=Diagnostic.sort_key)
        return cls(kept, files)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)

    def counts(self) -> dict[Severity, int]:
        c = Counter(d.severity for d in self.diagnostics)
        return {s: c.get(s, 0) for s in Severity}

    def failed(self, *, strict: bool = False) -> bool:
        counts = self.counts()
        return counts[Severity.ERROR] > 0 or (strict and counts[Severity.WARNING] > 0)

    def flatten(self) -> list[tuple[str, str, int]]:
        """(code, file, line) tuples: what tests assert, independent of message wording."""
        return [(d.code, d.loc.file, d.loc.line) for d in self.diagnostics]
