"""A student chooses the language once, on the start page: every notebook started afterwards speaks it.

The order: a notebook's edition (`i18n.use`) > the student's own choice (`i18n.choose`, a file in their
home) > the hub's or site's default ($LESSON_LANGUAGE) > English.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lesson_utils import i18n
from lesson_utils.language_picker import LanguagePicker
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.widgets import QuizView

CHILD = "from lesson_utils import i18n; from lesson_utils.i18n import _; print(i18n.current(), _('Hand in'))"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A student with no choice yet, in a kernel that has not read one."""
    path = tmp_path / "home" / "language.json"
    monkeypatch.setenv(i18n.CHOICE_ENV_VAR, str(path))
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setattr(i18n, "_remembered", None)
    monkeypatch.setattr(i18n, "_unread", True)
    return path


def kernel(env_path, **env) -> list[str]:
    """What a new kernel (a new Python process) says its language is, and how it names the hand-in button."""
    import os

    run = subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**os.environ, i18n.CHOICE_ENV_VAR: str(env_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.split(maxsplit=1)


def test_a_choice_is_saved_and_every_new_kernel_speaks_it(fresh):
    assert i18n.current() == "en"
    i18n.choose("uk")
    assert json.loads(fresh.read_text(encoding="utf-8")) == {"language": "uk"}
    assert i18n.current() == "uk"  # this kernel too
    assert kernel(fresh) == ["uk", i18n.translations("ui", "uk").gettext("Hand in") + "\n"]


def test_the_students_choice_beats_the_hubs_default_and_an_edition_beats_both(fresh):
    assert kernel(fresh, LESSON_LANGUAGE="fr")[0] == "fr"  # no choice yet: the hub's default
    i18n.choose("uk")
    assert kernel(fresh, LESSON_LANGUAGE="fr")[0] == "uk"
    i18n.use("fr")  # what an edition's first cell does
    assert i18n.current() == "fr"


@pytest.mark.parametrize("content", ["{not json", '{"language": "klingon"}', "[1, 2]", ""])
def test_a_damaged_choice_file_means_no_choice(fresh, content):
    fresh.parent.mkdir(parents=True)
    fresh.write_text(content, encoding="utf-8")
    assert i18n.current() == "en"
    assert kernel(fresh)[0] == "en"


def test_an_unknown_language_is_refused_and_nothing_is_written(fresh):
    with pytest.raises(ValueError, match="Choose one of"):
        i18n.choose("de")
    assert not fresh.exists()


def test_the_start_page_picker_saves_the_click_and_lists_the_lessons_in_it(fresh):
    picker = LanguagePicker("lessons")
    assert picker.buttons.value == "en" and not fresh.exists()
    picker.buttons.value = "fr"  # a click
    assert json.loads(fresh.read_text(encoding="utf-8")) == {"language": "fr"}
    assert "quiz_02_security_guarantee.fr.ipynb" in picker.table.value
    assert "01_summit_participants.fr.ipynb" in picker.table.value
    assert "Enregistré (Français)" in picker.status.value and picker.buttons.description == "Langue :"


def test_an_english_quiz_opened_after_the_choice_speaks_it(fresh, tmp_path):
    i18n.choose("uk")
    view = QuizView(load_bank("ukraine_geography"), "Sam Lee", tmp_path)
    assert "Тест 3: географія України" in view.widget.children[1].value
    assert view.cards[0].submit.description == "Надіслати відповідь"
