"""Drive a quiz (lesson_utils.quiz.widgets) the way a student does: real clicks, real waits.

Finding things: the stable CSS classes in `QUIZ_CLASSES` are used when the quiz widgets carry
them (ipywidgets' `widget.add_class(...)`); until then the driver falls back to what the widgets
show today: a card per question whose first line reads "Question N", buttons labelled
"Submit answer" and "Start the quiz", feedback in an element with role="status" or role="alert".

Timing: a capture-phase listener stamps the click (performance.now()) and a per-frame check
stamps the first frame where the feedback is in the DOM, so the number excludes Playwright's
own round trips: it is the click-to-feedback time a student sees (browser -> kernel -> browser).
"""

from __future__ import annotations

import time

# The classes asked of lesson_utils/quiz/widgets.py; see the module docstring.
QUIZ_CLASSES = {
    "quiz": "quiz",
    "name": "quiz-name",
    "start": "quiz-start",
    "question": "quiz-question",
    "submit": "quiz-submit",
    "feedback": "quiz-feedback",
    "map": "quiz-map",
    "map_picker": "quiz-map-picker",
}

# Tags every question card with data-bt-card="<n>" and describes it.
TAG_CARDS = r"""(classes) => {
  let cards = Array.from(document.querySelectorAll('.' + classes.question));
  const stable = cards.length > 0;
  if (!stable) {
    cards = Array.from(document.querySelectorAll('.widget-html'))
      .filter((h) => /^Question \d+/.test((h.innerText || '').trim()))
      .map((h) => h.parentElement);
  }
  return {stable, cards: cards.map((card, n) => {
    card.setAttribute('data-bt-card', String(n));
    const radios = card.querySelectorAll('input[type=radio]').length;
    const checks = card.querySelectorAll('input[type=checkbox]').length;
    const mapPlot = !!card.querySelector('.' + classes.map + ' svg g.quiz-map-choice');
    return {n, title: (card.innerText || '').trim().split('\n')[0], radios, checks, map: mapPlot,
            selects: card.querySelectorAll('select').length};
  })};
}"""

# The feedback text of card `n` ('' when none): .quiz-feedback, else role=status/alert elements.
FEEDBACK_OF = r"""
  const feedbackOf = (card, classes) => {
    const stable = card.querySelector('.' + classes.feedback);
    if (stable) return (stable.innerText || '').trim();
    return Array.from(card.querySelectorAll('[role=status], [role=alert]')).map((e) => (e.innerText || '').trim()).join('\n');
  };
  const pickerOf = (card, classes) => card.querySelector('.' + classes.map_picker + ' select') || card.querySelector('select');
  const pickedOf = (card, classes) => {
    const select = pickerOf(card, classes);
    const option = select && select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
    return option ? option.text.trim() : '';
  };
"""

# Arm the stopwatch for card `n`: `what` is 'feedback' (feedback text appears or changes) or
# 'pick' (the map's country list changes its selection, or a status/alert message appears).
ARM = (
    "([n, what, classes]) => {"
    + FEEDBACK_OF
    + r"""
  const card = document.querySelector(`[data-bt-card="${n}"]`);
  const before = {feedback: feedbackOf(card, classes), picked: pickedOf(card, classes)};
  const probe = {t0: null, t1: null, result: null, before};
  window.__quizProbe = probe;
  document.addEventListener('click', () => { if (probe.t0 === null) probe.t0 = performance.now(); }, {capture: true, once: true});
  const check = () => {
    if (window.__quizProbe !== probe) return;
    const feedback = feedbackOf(card, classes);
    const picked = pickedOf(card, classes);
    let done = null;
    if (what === 'feedback' && feedback && feedback !== before.feedback) done = feedback;
    if (what === 'pick' && picked && picked !== before.picked && !/choose/i.test(picked)) done = 'picked: ' + picked;
    if (what === 'pick' && feedback && feedback !== before.feedback) done = feedback;
    if (done !== null && probe.t0 !== null) { probe.t1 = performance.now(); probe.result = done; return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  return before;
}"""
)

PROBE = "() => window.__quizProbe ? {t0: window.__quizProbe.t0, t1: window.__quizProbe.t1, result: window.__quizProbe.result} : null"

# Where to click on card `n`'s map to hit a country that is one of the choices: sample points over
# each choice's outline, ask the page what a click there would hit, and return the hit nearest the
# middle of the choice with the most hits (a bounding box's centre can lie in a neighbour).
MAP_TARGET = r"""async ([n, classes]) => {
  const card = document.querySelector(`[data-bt-card="${n}"]`);
  const svg = card.querySelector(`.${classes.map} svg`);
  if (!svg) return {found: false, reason: 'no map picture'};
  svg.scrollIntoView({block: 'center'});
  await new Promise((r) => setTimeout(r, 300));
  let best = null;
  for (const group of svg.querySelectorAll('g.quiz-map-choice')) {
    const box = group.getBoundingClientRect(), view = svg.getBoundingClientRect();
    const hits = [];
    for (let i = 1; i < 12; i++) {
      for (let j = 1; j < 12; j++) {
        const x = box.x + box.width * i / 12, y = box.y + box.height * j / 12;
        if (x < view.left || x > view.right || y < view.top || y > view.bottom) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest('g') === group) hits.push([x, y]);
      }
    }
    if (hits.length && (!best || hits.length > best.hits.length)) best = {group, hits};
  }
  if (!best) return {found: false, reason: 'no choice can be hit'};
  const mx = best.hits.reduce((s, p) => s + p[0], 0) / best.hits.length;
  const my = best.hits.reduce((s, p) => s + p[1], 0) / best.hits.length;
  const [x, y] = best.hits.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my))[0];
  return {found: true, name: best.group.querySelector('title').textContent, code: best.group.dataset.code, x, y,
          samples: best.hits.length};
}"""


class QuizDriver:
    def __init__(self, lab_page, timeout: float = 60):
        self.lab = lab_page
        self.page = lab_page.page
        self.timeout = timeout

    def start(self, student: str) -> bool:
        """Type a name and press "Start the quiz" when the quiz asks for one; wait for the questions."""
        page = self.page
        name_box = page.locator(f".{QUIZ_CLASSES['name']} input")
        if not name_box.count():
            name_box = page.locator(".jp-OutputArea .widget-text input[type=text]").first
        start = page.locator(f".{QUIZ_CLASSES['start']}")
        if not start.count():
            start = page.get_by_role("button", name="Start the quiz")
        asked = start.count() > 0
        if asked:
            name_box.fill(student)
            start.first.click()
        page.wait_for_function(
            f"(classes) => ({TAG_CARDS})(classes).cards.length > 0", arg=QUIZ_CLASSES, timeout=self.timeout * 1000
        )
        return asked

    def cards(self) -> list[dict]:
        return self.page.evaluate(TAG_CARDS, QUIZ_CLASSES)["cards"]

    def uses_stable_classes(self) -> bool:
        return self.page.evaluate(TAG_CARDS, QUIZ_CLASSES)["stable"]

    def card(self, n: int):
        return self.page.locator(f'[data-bt-card="{n}"]')

    def submit(self, n: int) -> dict:
        """Press the card's submit button; wait for its feedback. Returns the feedback and the time."""
        card = self.card(n)
        button = card.locator(f".{QUIZ_CLASSES['submit']}")
        if not button.count():
            button = card.get_by_role("button", name="Submit answer")
        button.first.scroll_into_view_if_needed()
        self.page.evaluate(ARM, [n, "feedback", QUIZ_CLASSES])
        button.first.click()
        return self._wait("feedback after Submit")

    def choose_first_option(self, n: int) -> str:
        """Click the first radio button (or checkbox) of card `n`, as a student clicks its label."""
        card = self.card(n)
        option = card.locator("label:has(input[type=radio]), label:has(input[type=checkbox])").first
        if not option.count():
            option = card.locator("input[type=radio], input[type=checkbox]").first
        option.scroll_into_view_if_needed()
        text = option.inner_text().strip()
        option.click()
        # ipywidgets sends the new value to the kernel asynchronously; let it arrive before Submit.
        self.page.wait_for_timeout(300)
        return text

    def click_map(self, n: int) -> dict:
        """Click a country on card `n`'s map; wait until the quiz reacts (the list shows it)."""
        deadline = time.perf_counter() + self.timeout
        while True:
            target = self.page.evaluate(MAP_TARGET, [n, QUIZ_CLASSES])
            if target["found"] or time.perf_counter() > deadline:
                break
            time.sleep(0.5)
        assert target["found"], f"no clickable country found on the map of question {n + 1}: {target}"
        self.page.mouse.move(target["x"], target["y"])  # a hand moves there first: the outline thickens
        self.page.evaluate(ARM, [n, "pick", QUIZ_CLASSES])
        self.page.mouse.click(target["x"], target["y"])
        result = self._wait(f"the quiz to react to a click on {target['name']}")
        result["country"] = target["name"]
        return result

    def hand_in(self) -> str:
        """Press Hand in (twice when it asks to confirm unanswered questions); the receipt's text."""
        button = self.page.locator(".quiz-hand-in button, button.quiz-hand-in").first
        for _ in range(2):
            button.scroll_into_view_if_needed()
            button.click()
            self.page.wait_for_timeout(800)
            if self.page.locator(".quiz-receipt").count():
                break
        self.page.wait_for_selector(".quiz-receipt", timeout=self.timeout * 1000)
        receipt = self.page.locator(".quiz-receipt").first
        receipt.scroll_into_view_if_needed()
        return receipt.inner_text()

    def _wait(self, what: str) -> dict:
        deadline = time.perf_counter() + self.timeout
        while True:
            probe = self.page.evaluate(PROBE)
            if probe and probe["t1"] is not None:
                return {"ms": round(probe["t1"] - probe["t0"], 1), "result": probe["result"]}
            if time.perf_counter() > deadline:
                raise AssertionError(f"waited {self.timeout:.0f}s for {what}; probe: {probe}")
            time.sleep(0.05)
