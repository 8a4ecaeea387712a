"""Sorting the news article's claims: the student's verdicts, scored against the record.

Plain Python on purpose: the widget in `claims_widget.py` only draws this state and forwards
clicks, so everything that decides "right or wrong" is tested here without a browser. Nothing is
written to disk: a student's sorting lives as long as the kernel does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lesson_utils import data
from lesson_utils.i18n import N_, _, ngettext

VERDICTS = ("supported", "partly", "unsupported", "wrong")
"""The four-value scale of `article_claims.verdict`, from best to worst."""

VERDICT_LABELS = {
    "supported": N_("Supported"),
    "partly": N_("Partly"),
    "unsupported": N_("Unsupported"),
    "wrong": N_("Wrong"),
}
"""How each verdict code is written for people (`verdict_label` translates)."""


def verdict_label(verdict: str) -> str:
    """A verdict code as a reader says it, in the kernel's language (quiz 4 uses the same words)."""
    return _(VERDICT_LABELS[verdict])


ARTICLE_FILE = Path("article") / "paris-summit-article.txt"


def article_path() -> Path:
    """Where the shipped copy of the news article lives (follows LESSON_DATA_DIR like the tables)."""
    return data.data_dir() / ARTICLE_FILE


def read_article() -> str:
    """The article exactly as shipped: a document to check, never a source of facts."""
    return article_path().read_text(encoding="utf-8")


def quoted_passages(text: str) -> list[str]:
    """Every passage the text sets in curly single quotes ‘…’, i.e. what it presents as quoted.

    Only an opening ‘ starts a passage, so apostrophes (’ in "Ukraine’s") are not mistaken for quotes.
    """
    return [match.strip(" ,.") for match in re.findall(r"‘([^’]+)’", text)]


@dataclass(frozen=True)
class SortingScore:
    """How a sorting compares with the record."""

    correct: int
    answered: int
    total: int

    def __str__(self) -> str:
        return ngettext(
            "You sorted {answered} of {total} claim; {correct} of them match the record's verdict.",
            "You sorted {answered} of {total} claims; {correct} of them match the record's verdict.",
            self.total,
        ).format(answered=self.answered, total=self.total, correct=self.correct)


@dataclass
class ClaimSorting:
    """One student's verdict per claim, next to the record's verdict for the same claim.

    `record` maps claim id → the record's verdict; `choices` holds only the claims the student has
    sorted so far, so "not yet sorted" is never confused with a verdict.
    """

    record: dict[str, str]
    choices: dict[str, str] = field(default_factory=dict)
    revealed: bool = False
    """True once the student has asked to see the record: until then nothing shows its verdicts."""

    @classmethod
    def from_claims(cls, claims: pd.DataFrame) -> ClaimSorting:
        """Start an empty sorting of the rows of `article_claims`, in the table's order."""
        return cls(record=dict(zip(claims["id"], claims["verdict"].astype(str))))

    @property
    def claim_ids(self) -> list[str]:
        return list(self.record)

    def choose(self, claim_id: str, verdict: str | None) -> None:
        """Record the student's verdict for one claim; None clears it."""
        if claim_id not in self.record:
            raise KeyError(f"no claim with id {claim_id!r}; known ids: {', '.join(self.record)}")
        if verdict is None:
            self.choices.pop(claim_id, None)
            return
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        self.choices[claim_id] = verdict

    def is_correct(self, claim_id: str) -> bool | None:
        """True or False once the claim is sorted; None while it is not."""
        choice = self.choices.get(claim_id)
        return None if choice is None else choice == self.record[claim_id]

    def reveal(self) -> None:
        """The student asks to see the record (the sorter's "Reveal the record" button)."""
        self.revealed = True

    def unsorted(self) -> list[str]:
        return [claim_id for claim_id in self.record if claim_id not in self.choices]

    def score(self) -> SortingScore:
        correct = sum(self.is_correct(claim_id) is True for claim_id in self.record)
        return SortingScore(correct=correct, answered=len(self.choices), total=len(self.record))

    def differences(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The sorted claims where the student and the record disagree, with the record's correction."""
        differ = [claim_id for claim_id in self.choices if not self.is_correct(claim_id)]
        rows = claims[claims["id"].isin(differ)]
        return pd.DataFrame(
            {
                "id": rows["id"],
                "article_text": rows["article_text"],
                "your_verdict": rows["id"].map(self.choices),
                "record_verdict": rows["verdict"].astype(str),
                "correction": rows["correction"],
            }
        ).reset_index(drop=True)
