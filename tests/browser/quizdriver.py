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
    const plot = card.querySelector('.' + classes.map + ' .js-plotly-plot, .js-plotly-plot');
    const mapPlot = !!(plot && plot._fullData && plot._fullData.some((t) => /map$/.test(t.type)));
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

# Where to click on card `n`'s map to hit a country that is one of the choices: sample the map
# canvas, ask MapLibre which plotly feature each point hits, keep the country that the list of
# choices names and that covers the most points, and return the hit nearest its middle.
MAP_TARGET = r"""async ([n, classes]) => {
  const card = document.querySelector(`[data-bt-card="${n}"]`);
  const gd = card.querySelector('.js-plotly-plot');
  gd.scrollIntoView({block: 'center'});
  await new Promise((r) => setTimeout(r, 300));
  const key = Object.keys(gd._fullLayout).find((k) => /^map\d*$/.test(k) && gd._fullLayout[k]._subplot);
  const map = gd._fullLayout[key]._subplot.map;
  const layers = map.getStyle().layers.filter((l) => l.type === 'fill' && l.id.startsWith('plotly-trace-layer')).map((l) => l.id);
  const select = card.querySelector('.' + classes.map_picker + ' select') || card.querySelector('select');
  const labels = new Set(select ? Array.from(select.options).map((o) => o.text.trim()) : []);
  const entries = (gd.calcdata[0] || []).filter((d) => d.ct);
  const byCentroid = new Map(entries.map((d) => [d.ct.join(','), d]));
  const canvas = map.getCanvas();
  const box = canvas.getBoundingClientRect();
  const hits = new Map();
  const margin = 12, steps = 36;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = margin + (box.width - 2 * margin) * i / steps, y = margin + (box.height - 2 * margin) * j / steps;
      // Keep clear of plotly's mode bar (top right) so the click lands on the map itself.
      if (y < 40 && x > box.width - 260) continue;
      for (const f of map.queryRenderedFeatures([x, y], {layers})) {
        const ct = f.properties && f.properties.ct;
        const d = ct && byCentroid.get((Array.isArray(ct) ? ct : JSON.parse(ct)).join(','));
        const name = d ? String(d.tx !== undefined ? d.tx : d.loc) : null;
        if (!d || (labels.size && !labels.has(name))) continue;
        if (!hits.has(name)) hits.set(name, {name, loc: d.loc, points: []});
        hits.get(name).points.push([x, y]);
      }
    }
  }
  const best = Array.from(hits.values()).sort((a, b) => b.points.length - a.points.length)[0];
  if (!best) return {found: false, labels: Array.from(labels), entries: entries.length};
  const mx = best.points.reduce((s, p) => s + p[0], 0) / best.points.length;
  const my = best.points.reduce((s, p) => s + p[1], 0) / best.points.length;
  const [x, y] = best.points.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my))[0];
  const now = canvas.getBoundingClientRect();
  return {found: true, name: best.name, loc: best.loc, x: now.x + x, y: now.y + y, samples: best.points.length};
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
        # Hover first, as a hand does: plotly decides what a click hits from the last hover.
        self.page.mouse.move(target["x"] - 3, target["y"] - 3)
        self.page.wait_for_timeout(150)
        self.page.mouse.move(target["x"], target["y"])
        self.page.wait_for_timeout(150)
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
