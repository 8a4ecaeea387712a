"""Counts of how each generated case ended, per target, for the table printed after the run.

Every case ends in one of: a load or answer that is right (`accepted`), a clear domain error that
names the file and the place (`clear error`), another exception (`other exception`), a value that
loaded but changed on the way in (`silently changed`), or, for the durability test, an answer the
student was told was saved but that is not in the log after a kill (`lost`). The tests fail on
the last three; the counts are what the fuzz run reports.
"""

from __future__ import annotations

from collections import Counter

OUTCOMES = ("tried", "accepted", "clear error", "other exception", "silently changed", "lost")
COUNTS: dict[str, Counter] = {}


def record(target: str, outcome: str) -> None:
    counts = COUNTS.setdefault(target, Counter())
    counts["tried"] += 1
    counts[outcome] += 1


def table() -> str:
    """The counts as a Markdown table, one row per target."""
    lines = ["| target | " + " | ".join(OUTCOMES) + " |", "|---" * (len(OUTCOMES) + 1) + "|"]
    for target, counts in sorted(COUNTS.items()):
        lines.append(f"| {target} | " + " | ".join(str(counts[o]) for o in OUTCOMES) + " |")
    return "\n".join(lines)
