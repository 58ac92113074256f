"""The text of a PDF's pages as a reader's tool extracts it, with pikepdf alone.

Each font's ToUnicode map (which WeasyPrint writes for every embedded font) turns the glyph
codes of the page's text-showing operators back into characters: if a word of the plan comes
out of this, a screen reader, a search or a copy-and-paste gets it too.
"""

from __future__ import annotations

import re

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _unicode_map(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """Glyph code (bytes) → text, from the font's ToUnicode CMap (bfchar and bfrange)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.read_bytes()
    mapping: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2], strict=False):
            mapping[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        codes = _HEX.findall(block)
        for lo, hi, dst in zip(codes[::3], codes[1::3], codes[2::3], strict=False):
            start, end = int(lo, 16), int(hi, 16)
            first = int(dst, 16)
            for offset in range(end - start + 1):
                code = (start + offset).to_bytes(len(lo) // 2, "big")
                mapping[code] = chr(first + offset)
    return mapping


def _decode(data: bytes, mapping: dict[bytes, str]) -> str:
    width = len(next(iter(mapping))) if mapping else 1
    chunks = [data[i : i + width] for i in range(0, len(data), width)]
    return "".join(mapping.get(chunk, "") for chunk in chunks)


def page_texts(pdf: pikepdf.Pdf) -> list[str]:
    """The text of each page, runs joined by spaces in the order the page draws them."""
    texts = []
    for page in pdf.pages:
        fonts = page.Resources.get("/Font") or {}
        maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
        current: dict[bytes, str] = {}
        runs: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                current = maps.get(str(operands[0]), {})
            elif op == "Tj":
                runs.append(_decode(bytes(operands[0]), current))
            elif op == "TJ":
                runs.append(
                    "".join(
                        _decode(bytes(item), current)
                        for item in operands[0]
                        if isinstance(item, pikepdf.String)
                    )
                )
        texts.append(" ".join(runs))
    return texts


def _times(m: list[float], n: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f] (m applied first, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]  # fmt: skip


def text_sizes(page: pikepdf.Page) -> list[tuple[str, float]]:
    """Each text run of the page with the size it is drawn at on paper, in points: the font
    size of its Tf scaled by the text matrix and every transformation around it (cm, and
    the matrix of each form XObject it is drawn in: WeasyPrint draws an SVG's parts so), as
    a chart's SVG drawn smaller than its own size is."""
    runs: list[tuple[str, float]] = []
    _sizes(page.obj, page.Resources, [1.0, 0, 0, 1.0, 0, 0], runs)
    return runs


def _sizes(
    stream: pikepdf.Object, resources: pikepdf.Dictionary, ctm: list[float],
    runs: list[tuple[str, float]],
) -> None:  # fmt: skip
    fonts = resources.get("/Font") or {}
    maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
    xobjects = resources.get("/XObject") or {}
    stack: list[list[float]] = []
    tm, size, current = [1.0, 0, 0, 1.0, 0, 0], 0.0, {}
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _times([float(v) for v in operands], ctm)
        elif op == "BT":
            tm = [1.0, 0, 0, 1.0, 0, 0]
        elif op == "Tm":
            tm = [float(v) for v in operands]
        elif op == "Tf":
            current, size = maps.get(str(operands[0]), {}), float(operands[1])
        elif op in ("Tj", "TJ"):
            items = [operands[0]] if op == "Tj" else operands[0]
            text = "".join(
                _decode(bytes(i), current) for i in items if isinstance(i, pikepdf.String)
            )
            a, b, c, d, _, _ = _times(tm, ctm)
            runs.append((text, size * abs(a * d - b * c) ** 0.5))
        elif op == "Do":
            form = xobjects.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == "/Form":
                matrix = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _sizes(form, form.get("/Resources") or resources, _times(matrix, ctm), runs)
