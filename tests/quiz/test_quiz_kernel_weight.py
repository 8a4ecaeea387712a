"""A quiz kernel stays light. On a hub every student keeps one open beside a lesson, and pandas is
about 35 MB of a kernel: drawing a quiz, answering every question (feedback, sources) and handing
in read sources.csv and the timeline as rows (`tables.py`), never as DataFrames."""

from __future__ import annotations

import subprocess
import sys

from locations import REPO

TAKE_EVERY_QUIZ = """
import random, sys, tempfile
from pathlib import Path
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.widgets import QuizView

folder = Path(tempfile.mkdtemp())
for name in ["summit_participants", "security_guarantee", "ukraine_geography", "reading_the_news"]:
    bank = load_bank(name)
    view = QuizView(bank, "Alex Martin", folder / name)
    rng = random.Random(0)
    for card in view.cards:
        card.input.set(card.question.read(card.question.right_response(rng)))
        card.submit.click()
        assert "Saved" in card.feedback.value or "Right" in card.feedback.value, card.feedback.value
    view.hand_in_button.click()
    assert view.session.handed_in_at is not None, name
    assert "Right" in str(view.widget.children), name  # an assessment shows its marked result after hand-in
print("imported:", *sorted(m for m in ("pandas", "plotly", "babel") if m in sys.modules))
"""


def test_taking_and_handing_in_every_quiz_imports_neither_pandas_nor_plotly_nor_babel():
    run = subprocess.run(
        [sys.executable, "-c", TAKE_EVERY_QUIZ], cwd=REPO / "lessons", capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    imported = run.stdout.splitlines()[-1]  # the lines before are what the widgets display outside a kernel
    assert imported == "imported:", f"a quiz kernel {imported}"
