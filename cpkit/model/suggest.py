""" "Did you mean …?": the closest known name to a misspelt one, in near-linear time.

A plan with thousands of dangling references (a file pasted twice, a renamed section) must
be checked as fast as a clean one. Comparing each missing id with every known id is
quadratic: difflib took 25 s for 1,000 dangling references to 1,000 ids. So the known names
are indexed by their trigrams, each missing id is compared (with rapidfuzz, in C++) only with
the few names that share its rarest trigrams, and each distinct missing id is looked up once.
rapidfuzz's ratio is difflib's on the longest common subsequence, so a small plan, whose
every id is a candidate, gets the suggestions difflib gave it.
"""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 60  # rapidfuzz's ratio (0-100) a suggestion needs, as difflib's 0.6 was
SMALL = 300  # up to this many names, every name is a candidate
POSTINGS = 120  # names read from the trigram index per lookup: the bound on the work


class Suggester:
    """Suggestions from one set of known names (the ids of one kind, the fields of one
    entity); memoised per word, with the index built on the first lookup that needs it."""

    def __init__(self, names: Iterable[object]) -> None:
        self.names: list[str] = list(dict.fromkeys(str(n) for n in names))
        self._memo: dict[str, str | None] = {}
        self._index: dict[str, list[str]] | None = None

    def closest(self, word: str) -> str | None:
        """The known name most like `word`, or None when none is alike enough."""
        if word not in self._memo:
            self._memo[word] = self._closest(word)
        return self._memo[word]

    def _closest(self, word: str) -> str | None:
        pool = self.names if len(self.names) <= SMALL else self._candidates(word)
        from rapidfuzz import fuzz, process  # only once a name is missing: 10 ms to import

        found = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        return found[0] if found else None

    def _candidates(self, word: str) -> list[str]:
        """The names that share `word`'s rarest trigrams, POSTINGS of them at most."""
        index = self._index if self._index is not None else self._build()
        postings = sorted((index[g] for g in dict.fromkeys(_trigrams(word)) if g in index), key=len)
        pool: list[str] = []
        for posting in postings:
            pool.extend(posting[: POSTINGS - len(pool)])
            if len(pool) >= POSTINGS:
                break
        return pool

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name in self.names:
            for gram in dict.fromkeys(_trigrams(name)):
                index.setdefault(gram, []).append(name)
        self._index = index
        return index


def _trigrams(word: str) -> list[str]:
    """Trigrams of the word between boundary marks, so that a short word has some too."""
    padded = f"\x02{word.casefold()}\x03"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]
