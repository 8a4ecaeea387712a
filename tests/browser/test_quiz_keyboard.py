"""Taking a question with the keyboard only: one Tab stop per radio group, arrows move inside it,
Enter submits, and no key (arrows on a source link included) leaves the quiz or edits the notebook."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

import pytest
from colours import contrast
from labpage import safe_name
from labsupport import SCREENSHOTS, lesson_notebooks
from quizdriver import QuizDriver

from lesson_utils import i18n
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.handin import read_handin

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
    assert contrast(outline["color"], "rgb(255, 255, 255)") >= 3, f"the focus outline is too faint on white: {outline}"
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


# What has focus, in the terms the keyboard run acts on; each element gets an id on first visit.
WHERE = r"""() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {inQuiz: false, kind: 'page', id: null};
  window.__kbIds = window.__kbIds || 0;
  if (!a.dataset.kb) a.dataset.kb = String(++window.__kbIds);
  const within = (cls) => !!a.closest('.' + cls);
  let kind = a.tagName.toLowerCase();
  if (a.type === 'radio' || a.type === 'checkbox') kind = a.type;
  else if (kind === 'input') kind = within('quiz-name') ? 'name' : 'text';
  else if (kind === 'button') kind = within('quiz-start') ? 'start' : within('quiz-submit') ? 'submit'
    : within('quiz-hint') ? 'hint' : within('quiz-hand-in') ? 'hand-in' : 'button';
  const card = a.closest('[data-bt-card]');
  const placeholder = kind === 'select' && a.selectedIndex >= 0 && /^—/.test(a.options[a.selectedIndex].text);
  return {inQuiz: !!a.closest('.quiz'), kind, placeholder, id: a.dataset.kb, disabled: !!a.disabled, text: (a.innerText || a.value || '').slice(0, 60),
          card: card ? card.getAttribute('data-bt-card') : null, receipt: !!a.closest('.quiz-receipt')};
}"""

QUIZZES = sorted(nb for nb in lesson_notebooks() if PurePosixPath(nb).name.startswith("quiz_"))


@pytest.mark.parametrize("notebook", QUIZZES)
def test_every_quiz_is_taken_and_handed_in_with_the_keyboard_alone(lab_page, notebook):
    """Tab, Shift+Tab, arrows, Space, Enter and typing only: every question answered and submitted,
    map questions included (through their list), the quiz handed in; focus never leaves the quiz."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    lab_page.open(notebook)
    lab_page.run_all()
    page = lab_page.page
    cells = lab_page.cell_count()
    student = f"Keys Only {time.strftime('%H%M%S')}"
    say = i18n.translations("ui", i18n.edition_language(Path(notebook)) or "en").gettext  # the quiz's own words
    page.locator(".quiz-name input").focus()  # where Tab from the cell above lands; from here on, only keys
    driver = QuizDriver(lab_page)
    done: set[str] = set()
    swaps: dict[str, int] = {}
    path: list[str] = []

    def stay(after: str) -> dict:
        where = page.evaluate(WHERE)
        assert where["inQuiz"], f"{notebook}: after {after}, focus left the quiz: {where} (path: {path[-12:]})"
        assert lab_page.cell_count() == cells, f"{notebook}: {after} added or removed a notebook cell"
        assert page.locator(".jp-Dialog").count() == 0, f"{notebook}: {after} opened a JupyterLab dialog"
        return where

    def press(key: str, after: str | None = None) -> dict:
        page.keyboard.press(key)
        path.append(key)
        return stay(after or key)

    where = stay("focusing the name box")
    for _ in range(400):
        if where["id"] not in done:
            done.add(where["id"])
            kind = where["kind"]
            if kind == "name":
                page.keyboard.type(student)
            elif kind == "start":
                press("Enter", "Start")
                page.wait_for_selector(".quiz-question")
                try:  # the guard moves focus once the questions are drawn: a loaded machine takes longer
                    page.wait_for_function("() => !!document.activeElement?.closest('.quiz')", timeout=5000)
                except PlaywrightTimeout:
                    pass  # reported by `stay` below, with where the focus went
                where = stay("Start")
                driver.cards()  # tag the cards, so feedback can be found by card
                assert where["kind"] == "h3", f"{notebook}: after Start, focus should be on the quiz title: {where}"
                continue
            elif kind in ("radio", "checkbox"):
                press("Space")
            elif kind == "text":
                page.keyboard.type("100")
            elif kind == "select" and where["placeholder"]:  # a matching or map list: pick the next entry
                press("ArrowDown")
            elif kind == "select":  # an ordering: swap the first two places, as a student would
                swaps[where["card"]] = swaps.get(where["card"], 0) + 1
                if swaps[where["card"]] <= 2:
                    press("ArrowDown" if swaps[where["card"]] == 1 else "ArrowUp")
            elif kind == "submit":
                page.wait_for_timeout(100)  # a quick hand: Space, Tab, Enter
                feedback = page.locator(f'[data-bt-card="{where["card"]}"] .quiz-feedback')
                before = feedback.inner_text()
                press("Enter", "Submit")
                page.wait_for_function("([el, was]) => el.innerText !== was", arg=[feedback.element_handle(), before])
                said = feedback.inner_text()
                assert said.strip()[:1] in "✓✔✘", f"{notebook}: question {int(where['card']) + 1} refused: {said}"
            elif kind == "hint":
                press("Enter", "Show hint")
                page.wait_for_function(
                    '([card, hint]) => document.querySelector(`[data-bt-card="${card}"]`).innerText.includes(hint)',
                    arg=[where["card"], say("Hint:")],
                )
            elif kind == "hand-in":
                press("Enter", "Hand in")
                page.wait_for_selector(f".quiz-receipt, .quiz-hand-in:has-text('{say('Hand in anyway')}')")
                if not page.locator(".quiz-receipt").count():
                    press("Enter", "Hand in anyway")
                page.wait_for_selector(".quiz-receipt")
                page.wait_for_timeout(500)
                where = stay("handing in")
                locked = page.locator(".quiz-hand-in button, button.quiz-hand-in").first.is_disabled()
                expected = "the receipt" if locked else "Hand in again"
                assert where["receipt"] if locked else where["kind"] == "hand-in", (
                    f"{notebook}: after handing in, focus should be on {expected}: {where}"
                )
                break
        where = press("Tab")
    else:
        raise AssertionError(f"{notebook}: 400 Tab presses did not reach Hand in (path: {path[-20:]})")

    press("Shift+Tab", "Shift+Tab after handing in")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{safe_name(notebook)}__keyboard_handed_in.png"))
    written = page.locator(".quiz-receipt code").first.inner_text()
    handin = read_handin(Path(written))
    bank = load_bank(handin.quiz_id)
    answered = {answer.question_id for answer in handin.responses}
    assert handin.student == student
    assert answered == {q.id for q in bank.questions}, (
        f"{notebook}: not answered by keyboard: {set(q.id for q in bank.questions) - answered}"
    )
    numbers = [a.response for a in handin.responses if bank.question(a.question_id).type == "numeric"]
    assert all(float(n) == 100 for n in numbers), f"{notebook}: a typed number did not arrive whole: {numbers}"
    maps = [q.id for q in bank.questions if q.type == "map"]
    assert all(
        any(a.question_id == m and a.response in bank.question(m).choices for a in handin.responses) for m in maps
    )
