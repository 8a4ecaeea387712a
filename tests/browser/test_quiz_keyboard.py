"""Taking a question with the keyboard only: one Tab stop per radio group, arrows move inside it,
Enter submits, and no key (arrows on a source link included) leaves the quiz or edits the notebook."""

from __future__ import annotations

import time

import pytest
from labsupport import SCREENSHOTS
from quizdriver import QuizDriver

pytestmark = pytest.mark.browser

OUTLINE = r"""() => {
  const a = document.activeElement, style = getComputedStyle(a);
  return {color: style.outlineColor, style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""

LOOK = r"""(card) => {
  const feedback = card.querySelector('.quiz-feedback'), link = card.querySelector('.quiz-feedback a[href]');
  return {live: feedback.getAttribute('aria-live'), role: feedback.getAttribute('role'),
          underline: link ? getComputedStyle(link).textDecorationLine : null};
}"""


def contrast_on_white(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05)


FOCUS = r"""() => {
  const a = document.activeElement;
  const card = a && a.closest('[data-bt-card]');
  return {tag: a ? a.tagName : null, type: a ? a.type || null : null, name: a ? a.name || null : null,
          inQuiz: !!(a && a.closest('.quiz')), card: card ? card.getAttribute('data-bt-card') : null,
          submit: !!(a && a.closest('.quiz-submit')), link: a ? a.tagName === 'A' : false,
          checked: a && a.type === 'radio' ? a.checked : null, label: a && a.parentElement ? a.parentElement.innerText : null};
}"""


def test_a_radio_question_is_answered_with_the_keyboard_alone(lab_page):
    lab_page.open("quiz_01_summit_participants.ipynb")
    lab_page.run_all()
    page = lab_page.page
    driver = QuizDriver(lab_page)
    driver.start(f"Keyboard Test {time.strftime('%H%M%S')}")
    cells = lab_page.cell_count()
    card = next(c for c in driver.cards() if c["radios"] >= 3)
    first = driver.card(card["n"]).locator("input[type=radio]").first
    first.scroll_into_view_if_needed()
    first.focus()  # where Tab from the question before lands; from here on, only keys

    page.keyboard.press("ArrowDown")
    outline = page.evaluate(OUTLINE)
    assert outline["style"] != "none" and outline["width"] >= 2, outline
    assert contrast_on_white(outline["color"]) >= 3, f"the focus outline is too faint on white: {outline}"
    moved = page.evaluate(FOCUS)
    assert moved["type"] == "radio" and moved["checked"] and moved["card"] == str(card["n"]), moved
    page.keyboard.press("Tab")
    after_tab = page.evaluate(FOCUS)
    assert after_tab["submit"] and after_tab["card"] == str(card["n"]), (
        f"Tab should go to Submit, not the next option: {after_tab}"
    )
    page.keyboard.press("Shift+Tab")
    back = page.evaluate(FOCUS)
    assert back["type"] == "radio" and back["checked"], f"Shift+Tab comes back to the chosen option: {back}"
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)  # the choice reaches the kernel
    page.keyboard.press("Enter")
    feedback = driver.card(card["n"]).locator(".quiz-feedback")
    page.wait_for_function("(el) => /Attempt 1/.test(el.innerText)", arg=feedback.element_handle(), timeout=30_000)

    look = driver.card(card["n"]).evaluate(LOOK)
    assert look["role"] == "status" and look["live"] == "polite", look  # one live region, updated in place
    assert look["underline"] in (None, "underline"), look  # a source link looks like a link
    link = driver.card(card["n"]).locator(".quiz-feedback a[href]").first
    if link.count():
        link.focus()
        for key in ("ArrowDown", "ArrowUp", "Space"):
            page.keyboard.press(key)
        stay = page.evaluate(FOCUS)
        assert stay["inQuiz"], f"an arrow key on a source link left the quiz: {stay}"
    assert lab_page.cell_count() == cells, "a key press added or removed a notebook cell"
    assert page.locator(".jp-Dialog").count() == 0, "a key press opened a JupyterLab dialog"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "quiz_01_summit_participants__keyboard.png"))


NAMES = r"""() => {
  const quiz = document.querySelector('.quiz');
  return {
    groups: Array.from(quiz.querySelectorAll('.widget-radio-box')).map((b) => [b.getAttribute('role'), b.getAttribute('aria-label') || '']),
    lists: Array.from(quiz.querySelectorAll('.widget-dropdown select')).map((s) => s.getAttribute('aria-label') || ''),
    headings: quiz.querySelectorAll('[role=heading][aria-level="3"]').length,
  };
}"""


def test_screen_readers_hear_each_question_and_what_each_list_matches(lab_page):
    lab_page.open("quiz_01_summit_participants.ipynb")
    lab_page.run_all()
    driver = QuizDriver(lab_page)
    driver.start(f"Reader Test {time.strftime('%H%M%S')}")
    lab_page.page.wait_for_timeout(500)
    names = lab_page.page.evaluate(NAMES)
    assert names["headings"] == len(driver.cards())  # one heading per question
    assert names["groups"] and all(role == "radiogroup" and "Question" in label for role, label in names["groups"])
    matching = [label for label in names["lists"] if label.endswith(": matches")]
    assert matching and all(len(label) > len(": matches") for label in matching), names["lists"]
