"""Numbers as people write them (`3 848 250`, `80,5`, `1.200,5`) and the number they meant.

One reading (:func:`meant_number`) serves both ways into a plan, as data that each
catalogue words: a YAML value that should be a number has a diagnostic's hint (CP101, by
:mod:`cpkit.model.convert`), a spreadsheet cell the import's error message (by
:mod:`cpkit.model.flatten`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# A number as Python and YAML write it: no spaces, no thousands separators, a decimal point.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3},\d{3}")  # 1,200: a thousands separator, or 1.2?


@dataclass(frozen=True, slots=True)
class MeantNumber:
    """The number a planner most likely meant by text that is not one (`1 200`, `80,5`).

    `how` says what was wrong: "decimal-comma" (80,5), "separators" (spaces, apostrophes
    or separators grouping thousands: 3 848 250, 1.200,5), or "ambiguous" (1,200: `value`
    reads the comma as a thousands separator, `decimal` as a decimal comma).
    """

    value: str
    how: Literal["decimal-comma", "separators", "ambiguous"]
    decimal: str = ""


def meant_number(text: str) -> MeantNumber | None:
    """What number `text` stands for, read the way people write numbers; None if none.

    Spaces and apostrophes group thousands. With both a comma and a point, the one written
    last is the decimal separator. A lone comma before exactly three digits, after one to
    three, may be either; another lone comma before digits is a decimal comma; several
    commas group thousands.
    """
    compact = re.sub(r"[\s'’]", "", text)
    how: Literal["decimal-comma", "separators"] = "separators"
    if "," in compact and "." in compact:
        if compact.rindex(",") > compact.rindex("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif _GROUPED.fullmatch(compact):
        whole, fraction = compact.split(",")
        return MeantNumber(whole + fraction, "ambiguous", f"{whole}.{fraction}")
    elif compact.count(",") == 1 and re.search(r",\d", compact):
        compact, how = compact.replace(",", "."), "decimal-comma"
    else:
        compact = compact.replace(",", "")
    if compact == text or not PLAIN_NUMBER.fullmatch(compact):
        return None
    return MeantNumber(compact, how)
