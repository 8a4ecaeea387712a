"""The ipywidgets layer, driven headless: bank text stays text, every control is a keyboard-operable
widget, map clicks are forwarded as ISO codes, and the hand-in link points where it should."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import ipywidgets as widgets
import pytest
import yaml
from locations import FIXTURES

from lesson_utils import geo
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.click_map import ClickMap
from lesson_utils.quiz.inputs import BUTTON_STYLE, PLAIN, TEXT_STYLE, HTMLStyle
from lesson_utils.quiz.widgets import QuizView, download_link

BANKS = ["summit_participants", "security_guarantee", "ukraine_geography"]
KEYBOARD = (widgets.Button, widgets.RadioButtons, widgets.Checkbox, widgets.Text, widgets.Dropdown)
"""Controls a student may use: all native, focusable form elements."""


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_values(view: QuizView) -> str:
    return "\n".join(w.value for w in walk(view.widget) if isinstance(w, widgets.HTML))


@pytest.fixture
def sample():
    return load_bank(FIXTURES / "sample.yaml")


def card(view: QuizView, question_id: str):
    return next(c for c in view.cards if c.question.id == question_id)


# --- text is text ------------------------------------------------------------------------------


ALLOWED_TAGS = {
    ("h3", ()),
    ("p", ()),
    ("p", ("class", "style")),
    ("div", ("class", "style")),
    ("div", ()),
    ("div", ("role",)),
    ("div", ("class", "role")),
    ("div", ("aria-level", "role")),
    ("span", ("class", "style")),
    ("strong", ()),
    ("em", ()),
    ("small", ()),
    ("br", ()),
    ("code", ()),
    ("a", ("href", "rel", "target")),
}
"""(tag, attribute names) the widgets themselves write; anything else came from a bank."""


def tags_in(text: str) -> set[tuple[str, tuple[str, ...]]]:
    found: set[tuple[str, tuple[str, ...]]] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.add((tag, tuple(sorted(name for name, _ in attrs))))
            href = dict(attrs).get("href")
            assert href is None or href.startswith("https://"), href

    Collect().feed(text)
    return found


def test_html_in_a_bank_is_shown_literally(tmp_path):
    bank = load_bank(FIXTURES / "html_injection.yaml")
    view = QuizView(bank, "Alex Martin", tmp_path)
    for c in view.cards:  # show every hint and every explanation too
        if c.question.hint:
            c.hint_button.click()
    card(view, "script-prompt").input.set("<b>bold</b>")
    card(view, "script-prompt").submit.click()
    card(view, "html-multiple").input.set(["<u>one</u>"])
    card(view, "html-multiple").submit.click()
    shown = html_values(view)
    assert tags_in(shown) <= ALLOWED_TAGS  # no tag from the bank became a tag on the page
    for text in [
        bank.title,
        bank.instructions,
        bank.questions[0].prompt,
        bank.questions[0].explanation,
        bank.questions[0].hint,
        bank.questions[1].prompt,
    ]:
        assert html.escape(text) in shown, text
    for widget in walk(view.widget):  # labels of choices are rendered by ipywidgets as text
        if hasattr(widget, "description_allow_html"):
            assert widget.description_allow_html is False
    radio = card(view, "script-prompt").input.widget
    assert "<script>alert('choice')</script>" in [text for text, _ in radio.options]  # an option label, shown as text


# --- keyboard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BANKS)
def test_every_shipped_quiz_renders_with_keyboard_controls_only(name, tmp_path):
    view = QuizView(load_bank(name), "Alex Martin", tmp_path)
    assert len(view.cards) == len(view.bank.questions)
    for c in view.cards:
        assert c.input.controls and all(isinstance(w, KEYBOARD) for w in c.input.controls), c.question.id
        for widget in walk(c.widget):
            if isinstance(widget, ClickMap):  # mouse only, so a list of the same countries is there
                assert isinstance(c.input.controls[0], widgets.Dropdown)
            else:
                assert isinstance(widget, (*KEYBOARD, widgets.HTML, widgets.Box)), type(widget)
    assert not list(tmp_path.iterdir())  # drawing a quiz writes nothing


def test_building_quizzes_leaves_the_shared_layout_and_styles_as_they_were(tmp_path):
    """Many widgets share inputs.PLAIN, TEXT_STYLE and BUTTON_STYLE: a change to one would change them all."""
    fresh = {"layout": widgets.Layout(), "text": HTMLStyle(), "button": widgets.ButtonStyle()}
    for name in [*BANKS, "reading_the_news"]:
        QuizView(load_bank(name), "Alex Martin", tmp_path / name).hand_in_button.click()
    for key, shared in {"layout": PLAIN, "text": TEXT_STYLE, "button": BUTTON_STYLE}.items():
        assert shared.get_state() == fresh[key].get_state(), key


@pytest.mark.parametrize("name", BANKS)
def test_map_questions_have_a_dropdown_of_the_same_countries(name, tmp_path):
    view = QuizView(load_bank(name), "Alex Martin", tmp_path)
    names = geo.country_names("europe")
    for c in (c for c in view.cards if c.question.type == "map"):
        (picker,) = c.input.controls
        assert isinstance(picker, widgets.Dropdown)
        assert [code for _, code in picker.options[1:]] == sorted(c.question.choices, key=names.get)
        assert all(label == names[code] for label, code in picker.options[1:])


# --- answering through the widgets ------------------------------------------------------------


def test_answering_through_the_widgets(sample, tmp_path):
    view = QuizView(sample, "Alex Martin", tmp_path)
    c = card(view, "border")
    c.input.controls[0].value = "1 944 km"
    c.submit.click()
    assert "Right." in c.feedback.value and "factbook" in c.feedback.value.lower()
    assert "2 / 10 points" not in view.summary.value and "1 / 10 points" in view.summary.value
    c.input.controls[0].value = "nonsense"
    c.submit.click()
    assert 'role="alert"' in c.feedback.value and "not a number" in c.feedback.value
    assert view.session.attempts("border") == 1
    order = card(view, "order")
    for place, item in zip(order.input.controls, ["Russia", "Moldova", "Belarus"], strict=True):
        place.value = item
    order.submit.click()
    assert "Right." in order.feedback.value
    leaders = card(view, "leaders")
    leaders.input.controls[0].value = "Italy"
    leaders.submit.click()
    assert "still open: Donald Tusk" in leaders.feedback.value


def test_no_name_yet_asks_for_one(sample, tmp_path):
    view = QuizView(sample, "", tmp_path)
    assert view.session is None
    box = next(w for w in walk(view.widget) if isinstance(w, widgets.Text))
    start = next(w for w in walk(view.widget) if isinstance(w, widgets.Button))
    start.click()
    assert "Type your name" in html_values(view) and view.session is None
    box.value = "Alex Martin"
    start.click()
    assert view.session.student == "Alex Martin" and len(view.cards) == len(sample.questions)


def test_a_restart_restores_the_controls(sample, tmp_path):
    first = QuizView(sample, "Alex Martin", tmp_path)
    card(first, "neighbours").input.set(["Poland", "Slovakia"])
    card(first, "neighbours").submit.click()
    card(first, "capital").input.set("Lviv")
    card(first, "capital").submit.click()
    second = QuizView(sample, "Alex Martin", tmp_path)
    assert card(second, "neighbours").input.get() == ["Poland", "Slovakia"]
    assert card(second, "capital").input.get() == "Lviv" and "Not right." in card(second, "capital").feedback.value
    assert "2 / 10 points" in second.summary.value


def test_assessment_hand_in_through_the_widgets(tmp_path):
    bank = load_bank("security_guarantee")
    view = QuizView(bank, "Alex Martin", tmp_path / "results")
    c = card(view, "french-aid")
    c.input.controls[0].value = "2"
    c.submit.click()
    assert "after you hand in" in c.feedback.value and "Right." not in c.feedback.value
    assert "Score" not in view.summary.value and "<strong>1</strong> of <strong>13</strong>" in view.summary.value
    view.hand_in_button.click()  # first press: unanswered questions, asks again
    assert view.session.handed_in_at is None and view.hand_in_button.description == "Hand in anyway"
    view.hand_in_button.click()
    assert view.session.handin_path.exists()
    assert "Right." in c.feedback.value and "Score" in view.summary.value
    assert all(control.disabled for k in view.cards for control in k.input.controls)
    handin = json.loads(view.session.handin_path.read_text(encoding="utf-8"))
    assert handin["score"]["points"] == 1


def test_download_link_is_relative_to_the_notebook(tmp_path):
    path = tmp_path / "results" / "quiz--alex-1a2b3c.handin.json"
    path.parent.mkdir()
    path.write_text("{}", encoding="utf-8")
    link = download_link(path, tmp_path)
    assert link == (
        '<a href="results/quiz--alex-1a2b3c.handin.json" download="quiz--alex-1a2b3c.handin.json">'
        "Download quiz--alex-1a2b3c.handin.json</a>"
    )


def test_download_link_outside_the_notebook_folder_embeds_the_file(tmp_path):
    path = tmp_path / "elsewhere" / "x.handin.json"
    path.parent.mkdir()
    path.write_text('{"a": 1}', encoding="utf-8")
    link = download_link(path, tmp_path / "lessons")
    assert 'href="data:application/json;base64,eyJhIjogMX0="' in link and 'download="x.handin.json"' in link


def test_stable_css_classes_for_the_browser_tests(sample, tmp_path):
    """tests/browser/quizdriver.py finds the quiz's parts by these classes."""
    asking = QuizView(sample, "", tmp_path)
    classes = {c for w in walk(asking.widget) for c in w._dom_classes}
    assert {"quiz", "quiz-name", "quiz-start"} <= classes
    view = QuizView(sample, "Alex Martin", tmp_path)
    found = [c for w in walk(view.widget) for c in w._dom_classes]
    assert found.count("quiz-question") == found.count("quiz-submit") == found.count("quiz-feedback") == 8
    assert {"quiz", "quiz-map", "quiz-map-picker", "quiz-hint", "quiz-hand-in", "quiz-score"} <= set(found)


def test_an_answer_that_cannot_be_saved_says_so(sample, tmp_path, monkeypatch):
    from lesson_utils.quiz import store

    def disk_full(path, record):
        raise OSError(28, "No space left on device")

    view = QuizView(sample, "Alex Martin", tmp_path)
    monkeypatch.setattr(store, "append_record", disk_full)
    c = card(view, "capital")
    c.input.set("Kyiv")
    c.submit.click()
    assert "could not be saved" in c.feedback.value and "No space left" in c.feedback.value
    assert view.session.attempts("capital") == 0


def test_without_the_key_hand_in_says_the_teacher_marks_it(tmp_path, monkeypatch):
    """A student copy: answers are saved and handed in, and no score is ever shown."""
    from lesson_tools.teacher.student_copy import student_bank
    from lesson_utils.quiz import widgets as quiz_widgets
    from lesson_utils.quiz.bank import parse_bank

    shown = []
    monkeypatch.setattr(quiz_widgets, "display", shown.append)  # what goes into the hand-in output
    bank = parse_bank(student_bank(load_bank(FIXTURES / "sample.yaml")))
    view = QuizView(bank, "Alex Martin", tmp_path / "results")
    assert "your teacher marks it" in html_values(view)
    c = card(view, "capital")
    c.input.set("Lviv")
    c.submit.click()
    assert "Saved. Attempt 1. Your teacher will mark it." in c.feedback.value and "right" not in c.feedback.value
    assert (
        "<strong>1</strong> of <strong>8</strong> questions answered" in view.summary.value
        and "score" not in view.summary.value.lower()
    )
    view.hand_in_button.click()  # unanswered questions: asks again, as in any assessment
    view.hand_in_button.click()
    assert view.summary.value == "<p>Hand-in file saved: below, whether your teacher has it yet.</p>"
    assert "nothing has reached your teacher yet" in shown[-1].data  # no hub collects it here: say so
    assert 'download="' in shown[-1].data and view.session.handin_path.name in shown[-1].data
    assert "right" not in c.feedback.value and "score" not in html_values(view).lower()
    assert all(control.disabled for k in view.cards for control in [*k.input.controls, k.submit])
    assert json.loads(view.session.handin_path.read_text(encoding="utf-8"))["score"] is None
    again = QuizView(bank, "Alex Martin", tmp_path / "results")  # re-run the notebook: still handed in
    assert again.summary.value == view.summary.value and card(again, "capital").input.get() == "Lviv"


def test_a_hand_in_that_cannot_be_saved_says_so_and_leaves_nothing(sample, tmp_path, monkeypatch):
    view = QuizView(sample, "Alex Martin", tmp_path)
    for question in sample.questions:
        view.session.answer(question.id, question.answer if question.type != "map" else question.answer[0])

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lesson_utils.quiz.store.os.fsync", full_disk)
    view.hand_in_button.click()
    assert view.session.handed_in_at is None and not view.session.handin_path.exists()
    shown = str(view.hand_in_output.outputs)
    assert "could not be saved" in shown and "No space left on device" in shown
    assert not list(tmp_path.rglob("*.tmp")), "no temporary file is left behind"


def test_a_hint_is_shown_even_when_asking_for_it_cannot_be_saved(sample, tmp_path, monkeypatch):
    view = QuizView(sample, "Alex Martin", tmp_path)
    with_hint = next(c for c in view.cards if c.question.hint)

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr("lesson_utils.quiz.store.append_record", read_only)
    with_hint.hint_button.click()
    assert html.escape(with_hint.question.hint) in with_hint.hint_area.value
    assert "could not be saved" in with_hint.hint_area.value


def test_a_question_edited_after_it_was_answered_asks_again_instead_of_crashing(tmp_path):
    raw = yaml.safe_load((FIXTURES / "sample.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    view = QuizView(load_bank(path), "Alex Martin", tmp_path / "results")
    card(view, "capital").input.set("Lviv")
    card(view, "capital").submit.click()
    question = next(q for q in raw["questions"] if q["id"] == "capital")
    question["choices"] = [choice.replace("Lviv", "Lviv (Lvov)") for choice in question["choices"]]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    reopened = QuizView(load_bank(path), "Alex Martin", tmp_path / "results")
    assert "was changed after you answered it" in card(reopened, "capital").feedback.value


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_hand_in_button_text_meets_wcag_aa_contrast(sample, tmp_path):
    from lesson_utils.quiz.widgets import HAND_IN_COLOUR

    view = QuizView(sample, "Alex Martin", tmp_path)
    style = view.hand_in_button.style
    assert style.button_color == HAND_IN_COLOUR and style.text_color == "white"
    assert contrast("#FFFFFF", HAND_IN_COLOUR) >= 4.5
    assert contrast("#FFFFFF", "#388E3C") < 4.5  # ipywidgets' "success" green, used before
