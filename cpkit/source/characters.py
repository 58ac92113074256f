"""Characters that have no place in plan text, whichever file holds it (YAML or CSV)."""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, newline and carriage return; DEL; C1 controls; the noncharacters of
# the first plane (U+FDD0-U+FDEF, U+FFFE, U+FFFF)
BMP_FORBIDDEN = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufdd0-\\ufdef\\ufffe\\uffff"
# every character past the first plane (an emoji, a rare Chinese character): in a class
ASTRAL = "\\U00010000-\\U0010ffff"


def _forbidden_class() -> str:
    """BMP_FORBIDDEN, and the last two code points of every other plane (noncharacters)."""
    planes = "".join(f"\\U{p:04x}fffe-\\U{p:04x}ffff" for p in range(1, 17))
    return f"[{BMP_FORBIDDEN}{planes}]"


FORBIDDEN = re.compile(_forbidden_class())
_FORBIDDEN_BMP = re.compile(f"[{BMP_FORBIDDEN}]")
_ASTRAL = re.compile(f"[{ASTRAL}]")


def search_forbidden(text: str) -> re.Match[str] | None:
    """`FORBIDDEN.search(text)`, ten times faster on a text without astral characters.

    The regular expression engine tests each character against FORBIDDEN's sixteen
    astral ranges one by one, which made this search cost a third as much as parsing a
    plan's YAML; the first plane's characters it looks up in a table. A text with no
    character past the first plane (as good as every plan) cannot hold an astral
    noncharacter, so only the first plane's part of the class is searched; any other text
    is searched with FORBIDDEN itself, as before.
    """
    if _ASTRAL.search(text) is None:
        return _FORBIDDEN_BMP.search(text)
    return FORBIDDEN.search(text)


def describe(char: str) -> str:
    """`U+000B, a control character`: how a message names a forbidden character."""
    kind = "a noncharacter" if unicodedata.category(char) == "Cn" else "a control character"
    return f"U+{ord(char):04X}, {kind}"
