"""Which entity of the new version carries on which of the old, whatever its number now.

Yearly business plans renumber their work and reword it (HKCSS 2023-24 objective 4.4,
"Pilot a tele-practice project …", is 2025-26's 3.2, "Implement a tele practice platform …").
Titles alone do not tell them apart, so each entity is known by its whole text: its title,
description or characteristics, and those of all its measures, normalised (case, hyphens,
punctuation, spacing). Texts are compared by the words they share, each word weighted by
how rare it is among the plan's entities (TF-IDF cosine): "tele practice" says more than
"NGOs". (Edit-distance scorers, rapidfuzz's included, leave 2025's 3.2 out of the first
three for 2023's 4.4 on these texts: the common words they share outweigh the rare ones.)
The pairs are then chosen all at once (scipy's linear_sum_assignment), so a strong match
is never stolen by an earlier, weaker one. An author's `continues:` settles a pair
outright. cpkit.analysis.diff reports what this module pairs.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scipy is imported where a matrix is solved: most diffs need none
    from scipy import sparse

#: Similarity (see _scores) above which two objectives are one, carried over. Of the
#: HKCSS 2023-24 and 2025-26 objectives in the plans' own words (tests/plans/hkcss), the
#: pairs their text supports score 0.077 to 0.52 (4.4 → 3.2: 0.094); once those are
#: paired, the best pair left scores 0.065, and an objective keeping its id 0.043.
CARRIED = 0.075
#: A measure's text is short, and a chance word or two weighs much: a measure pairs with
#: one of another number only on a closer text, or as close a text under its own objective
#: carried over (PARENT is added then).
CARRIED_MEASURE = 0.2
PARENT = 0.1
#: A measure become an objective, or the reverse, is claimed on a close text only.
PROMOTED = 0.25
#: Added to the score of an entity keeping its kind and id: between two look-alikes, the
#: one under its old number wins. Only that: business plans reuse numbers for new work
#: (the HKCSS objectives keeping an id score 0.043 at most), so it never makes a pair alone.
SAME_ID = 0.02
#: Each stage's pairs are solved as one matrix up to this many cells (old × new entities
#: left after the unchanged ones); beyond it, what is left pairs only by id. 4 M cells
#: are 32 MB a matrix, and a few are held at once.
MAX_CELLS = 4_000_000
#: Who may pair with whom, in turn, and how close their texts must be: objectives first,
#: then measures (helped by their objectives' pairs), then promotions in either direction.
STAGES = (
    (("priorities",), ("priorities",), CARRIED),
    (("objectives",), ("objectives",), CARRIED),
    (("measures",), ("measures",), CARRIED_MEASURE),
    (("measures",), ("objectives",), PROMOTED),
    (("objectives",), ("measures",), PROMOTED),
)
WORD = re.compile(r"[^\W_]+")
#: Words that join, and tell no two pieces of work apart.
STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "our", "the", "their", "this", "that", "to", "will", "with", "such",
))  # fmt: skip


def normalise(text: str) -> str:
    """Text as the matcher reads it: case folded, hyphens, punctuation and spacing gone."""
    return " ".join(WORD.findall(text.casefold()))


@dataclass(frozen=True, slots=True)
class Node:
    """An entity that may have been renumbered: objective, measure or priority."""

    kind: str
    id: str
    text: str  # normalised whole text: its own and its measures'
    continues: str | None = None
    parent: str = ""  # the id it is written under
    own: str = ""  # normalised text of its own (title, description …), without its measures


@dataclass(frozen=True, slots=True)
class Match:
    """An old and a new entity found to be the same work, and how they were found."""

    old: Node
    new: Node
    #: "id" (same id, same text), "continues" (the author said so), "same text" (under
    #: another id), "text" (texts alike)
    how: str
    score: float = 1.0


@dataclass(slots=True)
class Pairing:
    """What pair() found: the pairs, and the `continues:` it could not follow."""

    matches: list[Match] = field(default_factory=list)
    #: new entities whose `continues:` cannot be followed, each with the entity that
    #: continues that id already (None: the old version has no such id)
    unknown: list[tuple[Node, Node | None]] = field(default_factory=list)


def pair(old: list[Node], new: list[Node]) -> Pairing:
    """The pairs of old and new entities that are the same work."""
    result = Pairing()
    old_left, new_left = _by_continues(old, new, result)
    old_left, new_left = _by_same_text(old_left, new_left, result)
    if not (old_left and new_left):
        return result
    scores = _Scores(old, new, old_left, new_left)
    free_old, free_new = set(range(len(old_left))), set(range(len(new_left)))
    for old_kinds, new_kinds, threshold in STAGES:
        rows = [i for i in sorted(free_old) if old_left[i].kind in old_kinds]
        cols = [j for j in sorted(free_new) if new_left[j].kind in new_kinds]
        if not (rows and cols):
            continue
        if len(rows) * len(cols) > MAX_CELLS:
            found = _by_id(old_left, new_left, rows, cols)
        else:
            moved = {m.old.id: m.new.id for m in result.matches}
            block = scores.block(rows, cols)
            found = _assign(block, old_left, new_left, rows, cols, moved, threshold)
        for r, c, score in found:
            how = "same text" if old_left[r].text == new_left[c].text else "text"
            result.matches.append(Match(old_left[r], new_left[c], how, score))
            free_old.discard(r)
            free_new.discard(c)
    return result


def _by_id(
    old: list[Node], new: list[Node], rows: list[int], cols: list[int]
) -> list[tuple[int, int, float]]:
    """Too many entities left to compare each with each: those keeping kind and id pair."""
    at = {(new[c].kind, new[c].id): c for c in cols}
    return [(r, at[(old[r].kind, old[r].id)], 0.0) for r in rows if (old[r].kind, old[r].id) in at]


class _Scores:
    """How alike each old entity left is to each new one: the mean of their whole texts'
    similarity and their own texts'. The whole text follows the work into its measures;
    its own text keeps an objective that lost a measure (promoted, say) from looking like
    that measure more than like itself. Rows are weighed once; blocks are multiplied on
    demand, one stage at a time."""

    def __init__(
        self, old: list[Node], new: list[Node], old_left: list[Node], new_left: list[Node]
    ) -> None:
        left = {id(n) for n in [*old_left, *new_left]}
        others = [n for n in [*old, *new] if id(n) not in left]
        self.whole = vectors(
            [o.text for o in old_left], [n.text for n in new_left], [n.text for n in others]
        )
        self.own = vectors(
            [o.own or o.text for o in old_left],
            [n.own or n.text for n in new_left],
            [n.own or n.text for n in others],
        )

    def block(self, rows: list[int], cols: list[int]) -> np.ndarray:
        """Scores of the old entities `rows` (indices) against the new ones `cols`."""
        total = sum(a[rows] @ b[cols].T for a, b in (self.whole, self.own))
        return np.asarray(total.todense()) / 2


def _assign(
    block: np.ndarray,
    old: list[Node],
    new: list[Node],
    rows: list[int],
    cols: list[int],
    moved: dict[str, str],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """The best pairing of `rows` with `cols` as a whole, each pair scoring `threshold` or
    more; an entity keeping its id, or a measure whose parent is paired with the other's
    parent, scores more."""
    codes: dict[object, int] = {}  # each key as a small number, compared as whole arrays

    def coded(keys: Iterable[object]) -> np.ndarray:
        return np.fromiter((codes.setdefault(k, len(codes)) for k in keys), dtype=np.int64)

    old_keys = coded((old[r].kind, old[r].id) for r in rows)
    new_keys = coded((new[c].kind, new[c].id) for c in cols)
    # the parent each old row's parent became (None: it did not pair), and each column's
    moved_parents = coded(moved.get(old[r].parent) for r in rows)
    new_parents = coded(new[c].parent or None for c in cols)
    none = codes.get(None, -1)
    bonus = SAME_ID * (old_keys[:, None] == new_keys[None, :]) + PARENT * (
        (moved_parents[:, None] == new_parents[None, :]) & (moved_parents[:, None] != none)
    )
    weighted = block + bonus
    weighted[weighted < threshold] = 0.0  # a pair too weak to keep must not sway the others
    return [
        (rows[i], cols[j], float(block[i, j]))
        for i, j in _best_pairs(weighted)
        if weighted[i, j] > 0.0
    ]


def _best_pairs(weighted: np.ndarray) -> Iterator[tuple[int, int]]:
    """(row, column) of the pairing of greatest total weight, solved per group of rows and
    columns that some nonzero weight links: the assignment costs the cube of its size, and
    renumbered plans fall into many small groups."""
    linear_sum_assignment = _solver()
    for group_rows, group_cols in linked_groups(weighted > 0.0):
        found_rows, found_cols = linear_sum_assignment(
            weighted[np.ix_(group_rows, group_cols)], maximize=True
        )
        yield from zip(
            group_rows[found_rows].tolist(), group_cols[found_cols].tolist(), strict=True
        )


def linked_groups(links: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The rows and columns of each connected group of a bipartite graph (`links[i, j]`:
    row i and column j are linked) that has a link, in order of its first row, each in
    ascending order: the components scipy's connected_components finds, in its order,
    without importing scipy.sparse.csgraph (a fifth of a diff's time)."""
    n_rows, n_cols = links.shape
    parent = list(range(n_rows + n_cols))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in zip(*(a.tolist() for a in np.nonzero(links)), strict=True):
        a, b = find(i), find(n_rows + j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    rows: dict[int, list[int]] = {}
    cols: dict[int, list[int]] = {}
    linked = links.any(axis=1).tolist()
    for i in range(n_rows):
        if linked[i]:
            rows.setdefault(find(i), []).append(i)
    for j in range(n_cols):
        root = find(n_rows + j)
        if root in rows:
            cols.setdefault(root, []).append(j)
    for root, found in rows.items():
        yield np.array(found, dtype=np.intp), np.array(cols[root], dtype=np.intp)


def _solver() -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """scipy's linear_sum_assignment. Importing scipy.optimize rewrites the docstrings of
    its hundreds of functions, a third of a second of a diff's one second; the solver is a
    compiled module of its own (scipy.optimize._lsap), so it is loaded alone where scipy
    has it there, else by the ordinary import: the same function either way."""
    import sys

    known = sys.modules.get("scipy.optimize")
    if known is not None:
        return known.linear_sum_assignment  # type: ignore[no-any-return]
    try:
        return _compiled_solver()
    except Exception:  # another layout of scipy: its ordinary import
        from scipy.optimize import linear_sum_assignment

        return linear_sum_assignment


def _compiled_solver() -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    import importlib.machinery
    import importlib.util
    import os

    import scipy

    folder = os.path.join(os.path.dirname(scipy.__file__), "optimize")
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = os.path.join(folder, f"_lsap{suffix}")
        if os.path.isfile(path):
            break
    else:
        raise ImportError("scipy.optimize._lsap is not a compiled module here")
    loader = importlib.machinery.ExtensionFileLoader("scipy.optimize._lsap", path)
    spec = importlib.util.spec_from_file_location(loader.name, path, loader=loader)
    if spec is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module.linear_sum_assignment  # type: ignore[no-any-return]


def _by_continues(
    old: list[Node], new: list[Node], result: Pairing
) -> tuple[list[Node], list[Node]]:
    """Pairs the author stated; the same kind first when an id is both a measure's and an
    objective's."""
    by_id: dict[str, list[Node]] = {}
    for node in old:
        by_id.setdefault(node.id, []).append(node)
    taken: dict[int, Node] = {}  # old entity → the new one continuing it
    stated: set[int] = set()
    for node in new:
        if node.continues is None:
            continue
        candidates = sorted(by_id.get(node.continues, []), key=lambda o: o.kind != node.kind)
        free = [o for o in candidates if id(o) not in taken]
        if not free:
            result.unknown.append((node, taken[id(candidates[0])] if candidates else None))
            continue
        result.matches.append(Match(free[0], node, "continues"))
        taken[id(free[0])] = node
        stated.add(id(node))
    return [o for o in old if id(o) not in taken], [n for n in new if id(n) not in stated]


def _by_same_text(
    old: list[Node], new: list[Node], result: Pairing
) -> tuple[list[Node], list[Node]]:
    """Entities keeping kind, id and text: the common case, settled before any matrix."""
    new_by_key = {(n.kind, n.id): n for n in new}
    same = [
        (o, new_by_key[(o.kind, o.id)])
        for o in old
        if (o.kind, o.id) in new_by_key and new_by_key[(o.kind, o.id)].text == o.text
    ]
    result.matches += [Match(o, n, "id") for o, n in same]
    done_old = {id(o) for o, _ in same}
    done_new = {id(n) for _, n in same}
    return [o for o in old if id(o) not in done_old], [n for n in new if id(n) not in done_new]


def similarity(old: list[str], new: list[str], corpus: Iterable[str] = ()) -> np.ndarray:
    """Cosine similarity (0 to 1) of every old text with every new one (see vectors)."""
    a, b = vectors(old, new, corpus)
    return np.asarray((a @ b.T).todense())


def vectors(
    old: list[str], new: list[str], corpus: Iterable[str] = ()
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """The old and the new texts as rows of TF-IDF weights, each of length 1, so that a
    sparse matrix product gives their cosine similarity with no Python loop over pairs.
    Rarity is counted over `corpus` (the entities of both versions not being compared,
    so that two texts left alone still weigh their words) and the texts themselves."""
    counts = [_terms(t) for t in [*old, *new]]
    frequency: Counter[str] = Counter()
    documents = 0
    for c in [*counts, *(_terms(t) for t in corpus)]:
        frequency.update(c.keys())
        documents += 1
    vocabulary = {word: i for i, word in enumerate(frequency)}
    matrix = _weighted(counts, vocabulary, frequency, documents)
    return matrix[: len(old)], matrix[len(old) :]


def _terms(text: str) -> Counter[str]:
    """The words of a text and its pairs of neighbouring words ("tele practice"), which
    tell two pieces of work apart better than words alone."""
    words = [w for w in text.split() if w not in STOP]
    return Counter([*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))])


def _weighted(
    counts: list[Counter[str]], vocabulary: dict[str, int], frequency: Counter[str], n: int
) -> sparse.csr_matrix:
    """Rows of (1 + log tf) × log((n + 1) / df), each scaled to length 1: a word in every
    text still counts a little. Weighed as whole arrays, not term by term."""
    from scipy import sparse

    rows = np.repeat(np.arange(len(counts)), [len(c) for c in counts])
    cols = np.fromiter((vocabulary[w] for c in counts for w in c), dtype=np.int64, count=len(rows))
    tf = np.fromiter((k for c in counts for k in c.values()), dtype=float, count=len(rows))
    df = np.fromiter(frequency.values(), dtype=float, count=len(frequency))  # vocabulary order
    values = (1 + np.log(tf)) * np.log((n + 1) / df)[cols]
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(counts), len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)
