"""Plan text made safe for each kind of output: the one place that says how.

Plan text is written by many hands (citizens' comments, pasted Word text, a contributor to
the plan's repository), and every output reads it in its own way: a Markdown viewer follows
links and shows images, a browser runs script, an XML parser stops at a control character,
a terminal obeys escape sequences, a spreadsheet evaluates a formula. Each function below
turns plan text into text that the one target shows as text and nothing else; docs/outputs.md
lists which output uses which.
"""

from __future__ import annotations

import re

# Characters no output may hold: C0 controls but tab, newline and carriage return (XML 1.0
# forbids them, openpyxl refuses them), DEL and C1 controls (invisible, and a C1 CSI is an
# escape sequence to some terminals), lone surrogates, and the noncharacters (U+FFFE, U+FFFF
# and the like are not XML characters; cmark-gfm crashes on their references). A vertical
# tab or form feed is Word's manual line break: it becomes a space, so words stay apart.
_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
# What may need removing, in a class of ranges that the regular expression engine scans fast
# (a class listing the 34 astral noncharacters one by one is several times slower)
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U00010000-\U0010ffff]"
)


def clean_text(value: object) -> str:
    """`value` as text with nothing an XML, HTML or spreadsheet writer refuses, the same way
    for every output: controls and noncharacters removed, a vertical tab or form feed a space."""
    text = "" if value is None else str(value)
    if _SUSPECT.search(text) is None:
        return text  # the common case, found in one pass
    return _UNWANTED.sub("", text.replace("\x0b", " ").replace("\x0c", " "))


# --- Markdown ------------------------------------------------------------------------------

# "&" that begins a character reference: CommonMark decodes `javascript&#58;` back into a
# working link and `&#65534;` into a noncharacter; as `&amp;` it shows as written.
_REFERENCE = re.compile(r"&(?=#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,7};|[A-Za-z][A-Za-z0-9]{0,31};)")
# The `!` of an image, the `]` of a link to anything but http, https, mailto or tel, and the
# `]` of a link reference definition: each is taken away or escaped unless already escaped.
_SAFE_DESTINATION = r"[ \t]*(?:\n[ \t]*)?(?i:https?://|mailto:|tel:)"
_LINK_MARKUP = re.compile(r"!(?=\[)|\](?=\()(?!\(" + _SAFE_DESTINATION + r")|\](?=:)")
# The block quote and list markers that may stand before a heading at the start of a line,
# taken whole (a lookahead and its backreference: an atomic group before Python 3.11), so
# that a long line of markers costs one pass, not a pass per marker.
_CONTAINERS = r"(?=(?P<c>(?:[ \t]*(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]+\S)))*[ \t]*))(?P=c)"
_HEADING = re.compile(r"^" + _CONTAINERS + r"(?=#{1,6}(?:[ \t]|$))", re.MULTILINE)
_RULE = re.compile(r"^" + _CONTAINERS + r"(?=[-=*_][-=*_ \t]*$)", re.MULTILINE)
_LINE_ENDING = re.compile(r"\r\n?")
# What any rule below acts on: without one of these, text is Markdown-safe as it is (most
# table cells and names), and md_text returns it after one search. A heading, rule or
# underline starts a line with a container marker, a digit (`1.`) or the character itself.
_ANY_MARKUP = re.compile(r"[\r&<!\]#`~]|^[ \t]*(?:[>\-+*=_]|[0-9]{1,9}[.)])", re.MULTILINE)
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")
# A code fence at the start of a line (a fence inside a quote or list item ends with it)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)


def md_text(value: object) -> str:
    """Plan text as Markdown that stays text in any viewer, even one that does not sanitise.

    Its own emphasis, lists, tables and code are kept; what it may not do is shown as
    written instead: raw HTML and character references; links other than http, https,
    mailto and tel (the bracket that would close the link text is escaped); images (a
    remote image is a tracking pixel: `![a](u)` becomes the link `[a](u)`); link reference
    definitions; and headings, thematic breaks and setext underlines, which would add to
    the document's own structure and contents list.
    """
    text = clean_text(value)
    if _ANY_MARKUP.search(text) is None:
        return text
    if "\r" in text:
        text = _LINE_ENDING.sub("\n", text)
    if "&" in text:
        text = _REFERENCE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    if "![" in text or "](" in text or "]:" in text:
        text = _LINK_MARKUP.sub(_unlinked, text)
    if "#" in text:
        text = _HEADING.sub(r"\g<c>\\", text)
    text = _RULE.sub(r"\g<c>\\", text)
    if "```" in text or "~~~" in text:
        text = _fences_closed(text)
    return text


def _fences_closed(text: str) -> str:
    """The text with every code block it opens closed within it.

    An open block would make the rest of the document, its later Parts and headings, one
    block of code. A fence opened at the top level is closed by a fence of its own after
    the text; a fence inside a list item or a quote belongs to that container, and a closing
    line at the top level would only end the container and open a new block. So the result
    is asked of cmark-gfm itself, the converter that publishes it: whether a paragraph
    after the text is a paragraph of its own. If not, the text's fences are shown as
    written (each escaped), which leaves nothing open: the planner's words are all there,
    as text rather than as a code block.
    """
    closed = text + _closing_fence(text)
    if _ends_in_the_open(closed):
        return closed
    escaped = _ANY_FENCE.sub(r"\g<before>\\\g<fence>", text)
    return escaped if _ends_in_the_open(escaped) else closed


#: A run of three backticks or tildes after what may open a line: indentation, list
#: markers and quote markers. Escaping its first character makes it text.
_ANY_FENCE = re.compile(r"^(?P<before>[ \t>*+\-\d.)]*)(?P<fence>`{3,}|~{3,})", re.MULTILINE)
_END = "cpkit-end-of-text"


def _ends_in_the_open(text: str) -> bool:
    """Whether a paragraph written after `text` (after a blank line) is one of its own."""
    from cpkit.publish.markdown_html import markdown_to_html

    return markdown_to_html(f"{text}\n\n{_END}\n", 0).endswith(f"<p>{_END}</p>\n")


def _closing_fence(text: str) -> str:
    """The fence that closes a code block plan text leaves open, else nothing: an open block
    would make the rest of the document, its later Parts and headings, one block of code."""
    open_fence = ""
    for match in _FENCE.finditer(text):
        fence, rest = match[1], match[2]
        if not open_fence:
            if not (fence[0] == "`" and "`" in rest):  # a backtick fence's info has none
                open_fence = fence
        elif fence[0] == open_fence[0] and len(fence) >= len(open_fence) and not rest.strip():
            open_fence = ""
    return f"\n{open_fence}" if open_fence else ""


def _unlinked(match: re.Match[str]) -> str:
    """An image's `!` taken away, a link's `]` escaped; unless a backslash escapes it already
    (an odd run of backslashes before it: an even run is only backslashes shown)."""
    start = match.start()
    before = start
    while before and match.string[before - 1] == "\\":
        before -= 1
    if (start - before) % 2:
        return match[0]
    return "" if match[0] == "!" else "\\]"


def md_cell(value: object) -> str:
    """A value fit for one GitHub-flavoured Markdown table cell (as text: see md_text)."""
    return md_text(str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))


def md_inline(value: object) -> str:
    """Plan text for one table cell, list item or heading: one line, pipes escaped, and a
    closing `#` kept (a heading would take it for the end of its line's markup)."""
    text = md_text(value).replace("\n", " ").replace("|", "\\|").strip()
    if text.endswith("#"):
        text = _CLOSING_HASHES.sub(r"\1\\\2", text)
    return text


# --- terminal ------------------------------------------------------------------------------

# C0 controls as `\x1b`; DEL, C1 and bidi controls as `\u009b`, which is also what JSON
# means by it (JSON never holds a C0 control unescaped, but may hold the others).
_TERMINAL = {c: f"\\x{c:02x}" for c in range(0x20)} | {
    c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F),
                               *range(0x2066, 0x206A)]
}  # fmt: skip
_TERMINAL_LINES = {k: v for k, v in _TERMINAL.items() if k not in (0x09, 0x0A)}
_SHOWN = re.compile("[" + "".join(re.escape(chr(c)) for c in _TERMINAL) + "]")
_SHOWN_LINES = re.compile("[" + "".join(re.escape(chr(c)) for c in _TERMINAL_LINES) + "]")


def terminal_text(text: str, *, lines: bool = True) -> str:
    """Text from a plan, safe to print on a terminal: escape sequences, control and bidi
    characters shown as `\\x1b`, `\\u202e`, so that plan text cannot erase or overwrite a
    line, retitle the window or reorder what is shown. With `lines`, tab and newline are
    kept (a table, a CSV file); without, one line (a value in a message)."""
    if (_SHOWN_LINES if lines else _SHOWN).search(text) is None:
        return text  # the common case: translate looks each character up, search does not
    return text.translate(_TERMINAL_LINES if lines else _TERMINAL)


# --- spreadsheets --------------------------------------------------------------------------

# OWASP's CSV injection guidance: a cell beginning with one of these is a formula to a
# spreadsheet program. A cell that already begins with quotes before one gets one more, so
# that the import can take exactly one away and give back what was written.
FORMULA = re.compile(r"'*[=+\-@\t\r]")


def spreadsheet_text(value: str) -> str:
    """A text cell for CSV: cleaned, and a leading formula character behind a single quote."""
    text = clean_text(value)
    return "'" + text if FORMULA.match(text) else text


def from_spreadsheet(value: str) -> str:
    """The text a cell written by `spreadsheet_text` holds: the single quote taken away."""
    return value[1:] if value.startswith("'") and FORMULA.match(value, 1) else value
