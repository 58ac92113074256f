""" "Did you mean" among many names: the same answer in every process."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import random
from cpkit.model.suggest import Suggester
r = random.Random(5)
names = ["".join(r.choice("abcdefgh") for _ in range(6)) for _ in range(3000)]
words = ["".join(r.choice("abcdefgh") for _ in range(6)) for _ in range(50)]
print([Suggester(names).closest(w) for w in words])
"""


def test_did_you_mean_is_the_same_in_every_process() -> None:
    """Which names share a word's rarest trigrams must not follow a set's order, which
    PYTHONHASHSEED changes from one process to the next: the same plan, the same hint."""
    seen = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(seen) == 1, seen
