"""Choices, items and options have stable ids: rewording (or translating) a text changes no answer.

The shipped banks map ids to texts; the answer log and hand-ins store ids. A log or hand-in written
before the banks had ids holds texts, and still counts.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from lesson_tools.teacher import gradebook
from lesson_utils.quiz import QuizSession, load_bank, store
from lesson_utils.quiz.bank import bank_path
from lesson_utils.quiz.widgets import QuizView

LABELLED = ("choices", "items", "options")
BANKS = ["summit_participants", "security_guarantee", "ukraine_geography", "reading_the_news"]


def labelled_questions(bank):
    return [q for q in bank.questions if any(isinstance(getattr(q, f, None), dict) for f in LABELLED)]


def write(raw: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def reworded(raw: dict) -> dict:
    """Every choice, item and option text changed; every id kept."""
    for question in raw["questions"]:
        for field in LABELLED:
            if isinstance(question.get(field), dict):
                question[field] = {key: f"{text} (reworded)" for key, text in question[field].items()}
    return raw


def answer_everything(view: QuizView) -> None:
    rng = random.Random(7)
    for card in view.cards:
        card.input.set(card.question.right_response(rng))
        card.submit.click()


@pytest.mark.parametrize("name", BANKS)
def test_rewording_every_text_keeps_every_answer(name, tmp_path):
    raw = yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))
    bank = load_bank(write(raw, tmp_path / f"{name}.yaml"))
    assert labelled_questions(bank), "the shipped banks give their options ids"
    view = QuizView(bank, "Alex Martin", tmp_path / "results")
    answer_everything(view)
    before = view.session.score()
    assert before.points == bank.max_points

    edited = load_bank(write(reworded(raw), tmp_path / f"{name}.yaml"))
    reopened = QuizView(edited, "Alex Martin", tmp_path / "results")
    for card in reopened.cards:
        assert "was changed" not in card.feedback.value, card.question.id
        assert card.question.read(card.input.get()) == reopened.session.response(card.question.id), card.question.id
    assert reopened.session.score().points == before.points
    shown = next(c for c in reopened.cards if c.question.type == "single").input.widget
    assert all(text.endswith("(reworded)") for text, _ in shown.options)  # the new texts, the old answers


def test_the_log_and_the_hand_in_store_ids_not_texts(tmp_path):
    bank = load_bank("summit_participants")
    session = QuizSession(bank, "Alex Martin", tmp_path)
    session.answer("co-host", "Keir Starmer")  # typed as the text a student reads
    session.answer("leaders-countries", {"Giorgia Meloni": "Italy", "Donald Tusk": "Poland",
        "Pedro Sánchez": "Spain", "Mette Frederiksen": "Denmark", "Alexander Stubb": "Finland"})  # fmt: skip
    logged = [r["response"] for r in store.read_records(session.path) if r["kind"] == "answer"]
    assert logged[0] == "keir-starmer"
    assert logged[1]["giorgia-meloni"] == "italy"
    responses = json.loads(session.hand_in().read_text(encoding="utf-8"))["responses"]
    assert [r["response"] for r in responses] == logged


def text_response(question, value):
    """A response as the log held it before ids: the texts a student read."""
    if isinstance(value, dict):
        return {question.items[left]: question.options[right] for left, right in value.items()}
    if isinstance(value, list):
        return [question.label(v) for v in value]
    return question.label(value)


def test_a_log_written_before_ids_still_counts_and_shows(tmp_path):
    bank = load_bank("summit_participants")
    session = QuizSession(bank, "Alex Martin", tmp_path)
    rng = random.Random(3)
    for question in labelled_questions(bank):
        store.append_record(session.path, {
            "kind": "answer", "quiz_id": bank.id, "bank_version": "old", "student": "Alex Martin",
            "question_id": question.id, "attempt": 1, "time": "2026-11-01T10:00:00+00:00",
            "response": text_response(question, question.right_response(rng)),
        })  # fmt: skip
    view = QuizView(bank, "Alex Martin", tmp_path)
    for question in labelled_questions(bank):
        card = next(c for c in view.cards if c.question.id == question.id)
        assert "was changed" not in card.feedback.value and "Right" in card.feedback.value, question.id
        assert question.read(card.input.get()) == view.session.response(question.id)
    handed_in = json.loads(view.session.hand_in().read_text(encoding="utf-8"))["responses"]
    singles = [r for r in handed_in if bank.question(r["question_id"]).type == "single"]
    assert singles and all(r["response"] in bank.question(r["question_id"]).choices for r in singles)  # now ids


def test_a_hand_in_written_before_ids_is_marked_the_same(tmp_path):
    bank = load_bank("summit_participants")
    session = QuizSession(bank, "Alex Martin", tmp_path / "logs")
    rng = random.Random(5)
    for question in bank.questions:
        session.answer(question.id, question.right_response(rng))
    path = session.hand_in()
    payload = json.loads(path.read_text(encoding="utf-8"))
    for record in payload["responses"]:
        question = bank.question(record["question_id"])
        if question in labelled_questions(bank):
            record["response"] = text_response(question, record["response"])
    old = tmp_path / "old" / path.name
    old.parent.mkdir()
    old.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    book = gradebook.grade(old.parent)
    assert not book.skipped and book.table()["total"].tolist() == [bank.max_points]
