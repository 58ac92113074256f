"""Refusals a person reads, as data: a message key and the fields of its message.

A library error that the CLI shows (a plan folder that is not there, an output it cannot
write, a spreadsheet it cannot read) carries ``key``, which names its message under
``errors`` in the cli catalogue (``cpkit/i18n/cli/<tag>.yaml``), and ``data``, the named
fields of that message. ``str(exc)`` is the English message, for logs and tracebacks; the
CLI says it in the reader's language with :meth:`Explained.said`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cpkit.core.language import Language

E = TypeVar("E", bound="Explained")

DOMAIN = "cli"
SECTION = "errors"


def _english(key: str, data: dict[str, Any]) -> str:
    from cpkit.core.language import language

    try:
        return language("en").t(f"{SECTION}.{key}", DOMAIN, **data)
    except Exception:  # a missing key must not hide the error it describes
        fields = ", ".join(f"{k}={v!r}" for k, v in data.items())
        return f"{key} ({fields})" if fields else key


class Explained(Exception):
    """An error whose message is ``errors.<key>`` of the cli catalogue, filled with ``data``.

    Numbers in ``data`` are formatted for the reader's language; pass line numbers and
    years as text so that they are not grouped ("row 1234", not "row 1,234").
    """

    def __init__(self, key: str, /, **data: Any) -> None:
        self.key = key
        self.data = data
        super().__init__(_english(key, data))

    @classmethod
    def of(cls: type[E], other: Explained) -> E:
        """This kind of error with the message of another (a git error met by diff)."""
        return cls(other.key, **other.data)

    def said(self, words: Language) -> str:
        """The message in ``words``' language; English when that catalogue lacks it."""
        key = f"{SECTION}.{self.key}"
        if words.has(key, DOMAIN):
            return words.t(key, DOMAIN, **self.data)
        return str(self)
