"""Characters that have no place in plan text, whichever file holds it (YAML or CSV)."""

from __future__ import annotations

import re
import unicodedata


def _forbidden_class() -> str:
    """C0 controls but tab, newline and carriage return; DEL; C1 controls; noncharacters
    (U+FDD0-U+FDEF, and the last two code points of every plane)."""
    planes = "".join(f"\\U{p:04x}fffe-\\U{p:04x}ffff" for p in range(1, 17))
    return f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufdd0-\\ufdef\\ufffe\\uffff{planes}]"


FORBIDDEN = re.compile(_forbidden_class())


def describe(char: str) -> str:
    """`U+000B, a control character`: how a message names a forbidden character."""
    kind = "a noncharacter" if unicodedata.category(char) == "Cn" else "a control character"
    return f"U+{ord(char):04X}, {kind}"
