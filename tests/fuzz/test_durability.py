"""Kill and restart: a student's kernel is SIGKILLed at random moments while answering and handing in.

Every answer the student was told was saved must be in the log after the kill, the log must still
open, and the hand-in file is the old one or the new one, never half of one. FUZZ_KILLS sets how
many kills (default 12; the large run uses 200).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from outcomes import record

from lesson_tools.teacher.gradebook import read_handin
from lesson_utils.quiz import QuizSession, load_bank, store

KILLS = int(os.environ.get("FUZZ_KILLS", "12"))

STUDENT = textwrap.dedent("""
    import random, sys
    from lesson_utils.quiz import QuizSession, load_bank
    bank = load_bank("summit_participants")
    session = QuizSession(bank, "Kill Test", sys.argv[1])
    rng, n = random.Random(int(sys.argv[2])), 0
    print("ready", flush=True)
    while True:
        question = bank.questions[n % len(bank.questions)]
        session.answer(question.id, question.right_response(rng))  # returns once the answer is on disk
        n += 1
        print(n, flush=True)  # what the student sees: "Saved"
        if n % 4 == 0:
            session.hand_in()
            print("handed in", flush=True)
""")


def test_no_saved_answer_is_lost_when_the_kernel_is_killed(tmp_path):
    rng = random.Random(20261201)
    confirmed = 0
    for round_number in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", STUDENT, str(tmp_path), str(round_number)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        said = [line for line in out.splitlines() if line.isdigit()]
        confirmed += int(said[-1]) if said else 0

        session = QuizSession(load_bank("summit_participants"), "Kill Test", tmp_path)  # the restart
        in_log = sum(1 for r in store.read_records(session.path) if r.get("kind") == "answer")
        lost = max(0, confirmed - in_log)
        record("kill and restart", "lost" if lost else "accepted")
        assert not lost, f"round {round_number}: {lost} answers confirmed to the student are not in the log"
        confirmed = in_log  # an answer written but not yet confirmed when killed counts from now on
        if session.handin_path.exists():
            read_handin(session.handin_path)  # whole and valid: old or new, never half
            json.loads(session.handin_path.read_text(encoding="utf-8"))
    assert confirmed > 0, "no answer was ever saved: the kills came too early to test anything"


def test_a_torn_last_line_is_skipped_and_answering_goes_on(tmp_path):
    bank = load_bank("summit_participants")
    session = QuizSession(bank, "Torn Test", tmp_path)
    question = bank.questions[0]
    session.answer(question.id, question.right_response(random.Random(1)))
    with session.path.open("ab") as handle:
        handle.write(b'{"kind": "answer", "quiz_id": "summit_part')  # the power went mid-write
    with pytest.warns(RuntimeWarning, match="skipped unreadable line 2"):
        reopened = QuizSession(bank, "Torn Test", tmp_path)
    assert reopened.attempts(question.id) == 1
    reopened.answer(question.id, question.right_response(random.Random(2)))
    with pytest.warns(RuntimeWarning, match="skipped unreadable line 2"):
        again = QuizSession(bank, "Torn Test", tmp_path)
    assert again.attempts(question.id) == 2  # the new answer did not glue onto the torn line
    record("torn log line", "accepted")
