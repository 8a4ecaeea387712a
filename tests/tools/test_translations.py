"""Translations stay honest: catalogues in step with the English, nothing dropped in translation,
the built editions current, and one English key marking a hand-in from any language."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil

import pytest
from locations import REPO

from lesson_tools import translate
from lesson_tools.teacher import gradebook
from lesson_utils import i18n
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.widgets import QuizView

BANKS = ["summit_participants", "security_guarantee", "ukraine_geography", "reading_the_news"]
TRANSLATED_BANKS = {"uk": BANKS, "fr": BANKS}
NOTEBOOKS = [path.name for path in translate.lesson_notebooks()]
EDITIONS = {"uk": NOTEBOOKS, "fr": NOTEBOOKS}
"""The notebooks built in each language (all of them): every string they show must be translated and reviewed."""
LANGUAGES = ["uk", "fr"]


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.use("en")


def untranslated(language: str, domain: str, contexts: list[str] | None = None) -> list[str]:
    catalog = translate.read(language, domain)
    return [
        f"{m.context or ''} {m.id!r}"[:120]
        for m in catalog
        if m.id
        and (contexts is None or any((m.context or "").startswith(c) for c in contexts))
        and not translate.reviewed(m)
    ]


# --- the catalogues --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_hold_exactly_todays_english(language):
    """Every template entry is in the catalogue and nothing else is: run `lesson-utils translate update`."""
    for domain, template in translate.templates().items():
        catalog = translate.read(language, domain)
        expected = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
        present = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
        assert expected - present == set(), f"{language}/{domain}: new English not in the catalogue"
        assert present - expected == set(), f"{language}/{domain}: entries whose English is gone"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_package_speaks_every_language_completely(language):
    assert untranslated(language, "ui") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_texts_figures_draw_are_translated(language):
    assert untranslated(language, "data") == []


def test_every_notebook_has_an_edition_in_every_language():
    for language, names in EDITIONS.items():
        assert sorted(translate.built_editions(language)) == sorted(NOTEBOOKS), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translated_bank_and_built_notebook_is_complete_and_reviewed(language):
    banks = [f"{bank}/" for bank in TRANSLATED_BANKS[language]]
    assert untranslated(language, "quizzes", banks) == []
    assert untranslated(language, "lessons", EDITIONS[language]) == []


PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
NUMBER = re.compile(r"\d+")
CODE = re.compile(r"`[^`]+`")
TAG = re.compile(r"</?[a-z]+")


def kept(english: str, translation: str) -> list[str]:
    """What a translation must carry over unchanged: placeholders, numbers, code spans, HTML tags, source ids."""
    problems = []
    for name, pattern in (("placeholder", PLACEHOLDER), ("number", NUMBER), ("code", CODE), ("tag", TAG)):
        if sorted(pattern.findall(english)) != sorted(pattern.findall(translation)):
            problems.append(f"{name}s {sorted(pattern.findall(english))} → {sorted(pattern.findall(translation))}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_drops_a_placeholder_a_number_code_or_markup(language):
    bad = []
    for domain in i18n.DOMAINS:
        for m in translate.read(language, domain):
            if not m.id or not m.string or m.fuzzy:
                continue
            pairs = zip(m.id, m.string) if isinstance(m.id, tuple) else [(m.id, m.string)]
            if isinstance(m.id, tuple):  # every plural form against the English plural
                pairs = [(m.id[1], form) for form in m.string]
            for english, text in pairs:
                bad += [f"{domain} {m.context or ''} {english[:50]!r}: {p}" for p in kept(english, text)]
    assert bad == []


def test_kept_catches_a_dropped_number_and_placeholder():
    assert kept("Within 3 weeks, {name}.", "Dans quelques semaines.") == [
        "placeholders ['{name}'] → []",
        "numbers ['3'] → []",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_terms_are_used(language):
    """A glossary term in the English of a reviewed translation appears in it in its fixed form."""
    with (REPO / "data" / "locale" / "glossary.csv").open(encoding="utf-8") as file:
        terms = list(csv.DictReader(file))
    missing = []
    for domain in i18n.DOMAINS:
        for m in translate.read(language, domain):
            if not isinstance(m.id, str) or not m.string or m.fuzzy:
                continue
            for term in terms:
                if term["en"].lower() in m.id.lower() and not re.search(term[f"{language}_match"], m.string, re.I):
                    missing.append(f"{term['en']!r} in {m.id[:60]!r}")
    assert missing == []


def test_a_changed_english_string_is_marked_fuzzy_and_fails_until_reviewed(tmp_path, monkeypatch):
    """Babel's update marks a translation whose English changed: the edition check then names it."""
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv("LESSON_DATA_DIR", str(copy))
    bank = copy / "quizzes" / "security_guarantee.yaml"
    text = bank.read_text(encoding="utf-8")
    english = "Which pillar did Macron put first in the security guarantee?"
    bank.write_text(text.replace(english, "Which pillar did Macron name first in the security guarantee?"), "utf-8")
    monkeypatch.setattr(translate, "templates", lambda: {"quizzes": translate._quiz_template()})
    translate.update("fr")
    catalog = translate.read("fr", "quizzes")
    entry = catalog.get(
        "Which pillar did Macron name first in the security guarantee?", "security_guarantee/first-line/prompt"
    )
    assert entry.fuzzy and entry.string.startswith("Quel pilier")  # the old translation, kept for the reviewer
    assert untranslated("fr", "quizzes", ["security_guarantee/"]) == [
        "security_guarantee/first-line/prompt 'Which pillar did Macron name first in the security guarantee?'"
    ]
    i18n.use("fr")
    shown = i18n.translations("quizzes").pgettext(
        "security_guarantee/first-line/prompt", "Which pillar did Macron name first in the security guarantee?"
    )
    assert shown.startswith("Which pillar")  # a fuzzy translation is never shown


# --- the editions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_editions_are_current(language):
    """Editions are generated: `lesson-utils translate build` must leave them as committed."""
    editions = {i18n.edition(translate.LESSONS / n, language).name for n in EDITIONS[language]}
    for name in EDITIONS[language]:
        built = translate.build_notebook(translate.LESSONS / name, language, editions)
        committed = json.loads(i18n.edition(translate.LESSONS / name, language).read_text(encoding="utf-8"))
        assert built == committed, f"{name} in {language}: run lesson-utils translate build {language}"


def test_an_edition_with_an_untranslated_string_is_refused(tmp_path):
    """A paragraph added to the English that no translator has seen yet stops the build."""
    notebook = json.loads((translate.LESSONS / "00_start_here.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "id": "new", "metadata": {}, "source": ["A new paragraph."]})
    changed = tmp_path / "00_start_here.ipynb"
    changed.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(translate.MissingTranslations, match=r"00_start_here.ipynb: 1 strings have no reviewed"):
        translate.build_notebook(changed, "uk", set())


# --- one key for every language -------------------------------------------------------------------


WRONG = {"first-line": 1, "road-to-paris": 2, "legal-report": 1}
"""Questions every student answers wrongly, with their points: 16 − 4 = 12 for everyone."""


def take_quiz_2(language: str, student: str, folder) -> None:
    """Answer every question through the widgets as the student sees them, then hand in."""
    i18n.use(language)
    view = QuizView(load_bank("security_guarantee"), student, folder)
    rng = random.Random(student)
    for card in view.cards:
        question = card.question
        typed = question.wrong_response(rng) if question.id in WRONG else question.right_response(rng)
        card.input.set(typed if question.type == "numeric" else question.read(typed))
        card.submit.click()
        assert "quiz-feedback" in card.feedback._dom_classes and "⚠" not in card.feedback.value, card.feedback.value
    view.hand_in_button.click()
    assert view.session.handed_in_at, language


def test_a_ukrainian_and_a_french_hand_in_are_marked_by_one_english_key(tmp_path):
    take_quiz_2("uk", "Олена Коваленко", tmp_path / "uk")
    take_quiz_2("fr", "Camille Martin", tmp_path / "fr")
    take_quiz_2("en", "Alex Martin", tmp_path / "en")
    i18n.use("en")
    collected = tmp_path / "collected"  # what a teacher collects: the hand-in files
    collected.mkdir()
    for handin in [*tmp_path.glob("[a-z][a-z]/*.handin.json")]:
        shutil.copy(handin, collected)
    book = gradebook.grade(collected, "security_guarantee")
    table = book.table().set_index("student")
    assert sorted(table.index) == ["Alex Martin", "Camille Martin", "Олена Коваленко"]
    assert set(table["total"]) == {16 - sum(WRONG.values())}  # the same answers, the same marks
    assert (table[list(WRONG)] == 0).all().all()
    assert not book.skipped and not book.notes
    assert "Олена Коваленко" in gradebook.report_html(book)


def test_a_translated_quiz_reads_a_number_with_the_unit_in_either_language(tmp_path):
    for language, typed in [("fr", "800 milliards"), ("uk", "800 млрд"), ("uk", "800 billion €")]:
        i18n.use(language)
        view = QuizView(load_bank("security_guarantee"), "Sam Lee", tmp_path / language)
        card = next(c for c in view.cards if c.question.id == "rearm-europe")
        card.input.set(typed)
        card.submit.click()
        assert view.session.response("rearm-europe") == 800, (language, typed, card.feedback.value)


def test_map_choices_are_named_in_the_students_language(tmp_path):
    i18n.use("uk")
    view = QuizView(load_bank("security_guarantee"), "Sam Lee", tmp_path)
    card = next(c for c in view.cards if c.question.id == "map-belarus")
    (picker,) = card.input.controls
    assert ("Білорусь", "BLR") in picker.options and picker.options[0][0] == "— виберіть країну —"


def test_the_translate_command_reports_progress_and_refuses_an_incomplete_edition(capsys, tmp_path, monkeypatch):
    from lesson_tools import cli

    assert cli.main(["translate", "status", "--language", "fr"]) == 0
    assert re.search(r"Français ui: (\d+) of \1 strings translated and reviewed\.", capsys.readouterr().out)
    copy = tmp_path / "data"  # the same data, one paragraph of the start page's translation marked fuzzy
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv("LESSON_DATA_DIR", str(copy))
    catalog = translate.read("uk", "lessons")
    next(m for m in catalog if m.context == "00_start_here.ipynb").flags.add("fuzzy")
    translate.write(catalog, i18n.catalogue_path("uk", "lessons"))
    edition = REPO / "lessons" / "00_start_here.uk.ipynb"
    before = edition.read_bytes()
    assert cli.main(["translate", "build", "--language", "uk", "--notebook", "00_start_here.ipynb"]) == 1
    error = capsys.readouterr().err
    assert "00_start_here.ipynb: 1 strings" in error and "no reviewed Українська translation" in error
    assert edition.read_bytes() == before  # the published edition is left as it was


def test_a_hub_that_sets_the_language_gets_the_quiz_in_it_from_the_english_notebook(tmp_path, monkeypatch):
    """$LESSON_LANGUAGE (set in the hub's spawner environment) needs no edition: the quiz speaks it."""
    monkeypatch.setenv(i18n.ENV_VAR, "uk")
    monkeypatch.setattr(i18n, "_chosen", None)
    view = QuizView(load_bank("ukraine_geography"), "Sam Lee", tmp_path)
    assert "Тест 3: географія України" in view.widget.children[1].value
    card = next(c for c in view.cards if c.question.id == "neighbours")
    assert sorted(box.description for box in card.input.controls) == sorted(
        ["Польща", "Словаччина", "Угорщина", "Молдова", "Білорусь", "Чехія", "Литва", "Болгарія"]
    )
    assert card.submit.description == "Надіслати відповідь"


def test_no_marked_string_hides_inside_an_f_string():
    """Babel's extractor (Python 3.11) sees an f-string as one token: a `_()` inside one is never
    extracted, so it would show in English in every language."""
    hidden = []
    for folder in (REPO / "lesson_utils", REPO / "lesson_tools", REPO / "docs"):
        for path in folder.rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\{(_|N_|ngettext)\([\"']", line):  # a literal: `{_(LABELS[k])}` is fine
                    hidden.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert hidden == []
