"""Markdown → HTML by cmark-gfm, GitHub's own converter, with the memory given back.

cmarkgfm's `markdown_to_html_with_extensions` frees its parser but neither the document
tree the parser hands back nor the HTML string it renders: each call kept the tree of its
whole input, some twenty bytes for each byte of Markdown (400 MB for the plan of 10,000
measures, in a process that published it once). This makes the same calls to the same C
library, in the same order, with the same options, so the HTML is the same; and then frees
the tree (`cmark_node_free`) and the string (the `free` of cmark's default allocator, which
allocated it). Both functions are in the library cmarkgfm loads, which does not declare
them to Python: they are found there by name, with ctypes.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

#: GitHub's extensions that the document uses: tables, ~~strikethrough~~, bare addresses.
EXTENSIONS = ("table", "strikethrough", "autolink")


class _Allocator(ctypes.Structure):
    """cmark's `cmark_mem`: the functions it allocates and frees with."""

    _fields_ = (
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    )


@cache
def _library() -> tuple[Any, Any, Any]:
    """cmarkgfm's compiled module, and the two functions that free what it leaves."""
    from cmarkgfm import _cmark

    shared = ctypes.CDLL(_cmark.__file__)
    free_node = shared.cmark_node_free
    free_node.argtypes, free_node.restype = [ctypes.c_void_p], None
    default = shared.cmark_get_default_mem_allocator
    default.argtypes, default.restype = [], ctypes.POINTER(_Allocator)
    return _cmark, free_node, default().contents.free


def markdown_to_html(text: str, options: int) -> str:
    """`text` as HTML: cmarkgfm's markdown_to_html_with_extensions(text, options,
    EXTENSIONS), its tree and its string freed when done."""
    _cmark, free_node, free = _library()
    lib, ffi = _cmark.lib, _cmark.ffi
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = []
    for name in EXTENSIONS:
        extension = lib.cmark_find_syntax_extension(name.encode("utf-8"))
        if extension == ffi.NULL:
            raise ValueError(f"Unknown extension {name}")
        extensions.append(extension)
    parser = lib.cmark_parser_new(options)
    try:
        for extension in extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        encoded = text.encode("utf-8")
        lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = lib.cmark_parser_finish(parser)
        try:
            if lib.cmark_node_get_type(root) == lib.CMARK_NODE_NONE:
                raise ValueError("Error parsing markdown!")
            rendered = lib.cmark_render_html(
                root, options, lib.cmark_parser_get_syntax_extensions(parser)
            )
            try:
                return ffi.string(rendered).decode("utf-8")
            finally:
                free(int(ffi.cast("uintptr_t", rendered)))
        finally:
            if root != ffi.NULL:
                free_node(int(ffi.cast("uintptr_t", root)))
    finally:
        lib.cmark_parser_free(parser)
