"""ipywidgets views over a QuizSession: they draw questions and forward events, nothing more.

Text from a bank is shown as text: prompts, explanations and hints go through `html.escape`
into HTML widgets, and choices become option labels, which ipywidgets renders as plain text.
Every control is an ordinary focusable widget, so the quiz works from the keyboard (with
`ShortcutGuard` keeping JupyterLab from taking those keys as notebook commands); a map
question's clickable map has a dropdown of the same countries beside it. Stable CSS classes
(`quiz`, `quiz-question`, `quiz-submit`, `quiz-feedback`, `quiz-map`, ...) let the browser tests
find the parts without depending on wording.

The hand-in link is a relative `<a href="results/..." download>` shown through the notebook's
output renderer: JupyterLab (and so Binder, which serves JupyterLab under a prefix) rewrites a
relative link into the file's `/files/...` URL, and the `download` attribute makes the browser
save it instead of opening it. A file outside the notebook's folder (LESSON_RESULTS_DIR set
elsewhere) cannot be reached that way, so it is embedded as a `data:` URL instead.

A bank without its answer key (a student copy) is never scored here: the words change to say
that the teacher marks it, and what may be shown is, as always, the session's to decide.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
from IPython.display import HTML, display
from traitlets import TraitError

from lesson_utils.quiz import classroom, marked, store
from lesson_utils.quiz.answers import ResponseError
from lesson_utils.quiz.bank import Bank, QuestionBase, load_bank
from lesson_utils.quiz.inputs import (
    BUTTON_STYLE,
    LABEL_STYLE,
    PLAIN,
    WHOLE_TEXT,
    alert,
    build_input,
    hbox,
    html_widget,
    text_html,
)
from lesson_utils.quiz.map_view import prepare_maps
from lesson_utils.quiz.session import Feedback, QuizSession
from lesson_utils.tables import load_rows

CARD = widgets.Layout(border="1px solid #BBBBBB", padding="8px 12px", margin="0 0 12px 0")
SHOWN_AT_HAND_IN = "You will see whether it is right after you hand in."
TEACHER_MARKS = "Your teacher will mark it."
HAND_IN_COLOUR = "#1B6E30"
"""A green white text reads on at 6.4:1 (WCAG AA asks 4.5:1); ipywidgets' own "success" green gives 4.1:1."""


class ShortcutGuard(anywidget.AnyWidget):
    """Keeps JupyterLab's notebook shortcuts away from the quiz's controls, so keys reach them.

    JupyterLab reads keys pressed on a focused list or radio button as notebook commands ('b' adds
    a cell, the arrows move between cells; ipywidgets issue #3912), so a list could not be used
    from the keyboard. Lumino ignores shortcuts for a key pressed on an element marked
    `data-lm-suppress-shortcuts`: this invisible widget marks every control of its `.quiz`.
    """

    _esm = Path(__file__).with_name("shortcut_guard.js")


class QuizView:
    """The whole quiz: header, one card per question, score and hand-in."""

    def __init__(
        self,
        quiz: str | Path | Bank,
        student: str | None,
        results_dir: str | Path | None = None,
        place: classroom.Place | None = None,
    ):
        self.bank = quiz if isinstance(quiz, Bank) else load_bank(quiz)
        self.results_dir = results_dir
        self.place = place or classroom.current_place()
        self.session: QuizSession | None = None
        self.cards: list[QuestionCard] = []
        self.widget = widgets.VBox(layout=widgets.Layout(max_width="900px"))
        self.widget.add_class("quiz")
        try:
            name = store.clean_name(student)
        except ValueError:
            if self.place.user is None:
                self._ask_name()
                return
            name = self.place.user  # on a hub the student is known: no name to type
        self._start(name)

    def _ask_name(self) -> None:
        box = widgets.Text(description="Your name:", placeholder="e.g. Alex Martin", style=LABEL_STYLE, **WHOLE_TEXT)
        start = widgets.Button(description="Start the quiz", button_style="primary", layout=PLAIN, style=BUTTON_STYLE)
        message = html_widget()
        box.add_class("quiz-name")
        start.add_class("quiz-start")

        def begin(_: Any) -> None:
            try:
                self._start(store.clean_name(box.value))
            except ValueError as error:
                message.value = alert(str(error))

        start.on_click(begin)
        intro = (
            f"<h3>{html.escape(self.bank.title)}</h3><p>Type your name and press <em>Start the quiz</em>. "
            "(Or set <code>STUDENT</code> in the cell above and run it again.)</p>"
        )
        self.widget.children = [ShortcutGuard(), html_widget(intro), hbox([box, start]), message]
        prepare_maps(self.bank.questions, load_rows("timeline"))  # ready by the time the name is typed

    def _start(self, student: str) -> None:
        self.session = QuizSession(self.bank, student, self.results_dir, user=self.place.user)
        self.cards = [QuestionCard(self.session, q, n, self._refresh) for n, q in enumerate(self.session.questions, 1)]
        self.summary = html_widget()
        self.hand_in_button = widgets.Button(
            description="Hand in",
            tooltip="Save a hand-in file for your teacher",
            style=widgets.ButtonStyle(button_color=HAND_IN_COLOUR, text_color="white"),
        )
        self.hand_in_button.on_click(self._hand_in)
        self.hand_in_button.add_class("quiz-hand-in")
        self.summary.add_class("quiz-score")
        self.hand_in_output = widgets.Output()
        self._confirmed = False
        result = marked.find_marked(self.session.handin_path, self.place)  # released by the teacher
        self.widget.children = [
            ShortcutGuard(),
            html_widget(self._header()),
            *([html_widget(marked.as_html(result))] if result else []),
            *(card.widget for card in self.cards),
            self.summary,
            self.hand_in_button,
            self.hand_in_output,
        ]
        self._refresh()
        if self.session.handed_in_at and self.session.handin_path.exists():
            self._deliver(self.session.handin_path)

    def _header(self) -> str:
        session = self.session
        if self.bank.mode == "practice":
            mode = "Practice: you see whether each answer is right straight away."
        elif self.bank.has_key:
            mode = "Assessment: answers are saved, and you see the results after you hand in."
        else:
            mode = "Assessment: answers are saved; hand in at the end, and your teacher marks it."
        parts = [f"<h3>{html.escape(self.bank.title)}</h3>"]
        if self.bank.instructions:
            parts.append(text_html(self.bank.instructions, "p"))
        if session.user:
            who = f"Signed in as <strong>{html.escape(session.user)}</strong>"
            if session.student != session.user:
                who += f" (shown as {html.escape(session.student)})"
        else:
            who = f"Student: {html.escape(session.student)} (the name your teacher will see)"
        parts.append(
            f"<p><strong>{html.escape(mode)}</strong><br>{who}. "
            f"Answers are saved in <code>{html.escape(str(session.path))}</code>.</p>"
        )
        return "".join(parts)

    def _refresh(self) -> None:
        score = self.session.score() if self.session.reveals else None
        progress = f"<strong>{self.session.answered()} of {len(self.bank.questions)}</strong> questions answered."
        if score is not None:
            self.summary.value = f"<p><strong>Score:</strong> {html.escape(str(score))}.</p>"
        elif self.bank.has_key:
            self.summary.value = f"<p>{progress} Your score is shown after you hand in.</p>"
        elif self.session.handed_in_at:
            self.summary.value = "<p>Hand-in file saved: below, whether your teacher has it yet.</p>"
        else:
            self.summary.value = f"<p>{progress} Hand in at the end. {TEACHER_MARKS}</p>"
        if self.bank.mode == "assessment" and self.session.handed_in_at:
            for card in self.cards:
                card.lock()
            self.hand_in_button.disabled = True

    def _hand_in(self, _: Any) -> None:
        missing = len(self.bank.questions) - self.session.answered()
        if missing and not self._confirmed:
            self._confirmed = True
            self.hand_in_button.description = "Hand in anyway"
            with self.hand_in_output:
                display(
                    HTML(
                        alert(f"{missing} question(s) are not answered yet. Press the button again to hand in anyway.")
                    )
                )
            return
        try:
            path = self.session.hand_in()
        except OSError as error:  # a read-only or full folder: say so, never pretend it was handed in
            message = f"Your hand-in could not be saved ({error}). Nothing was handed in: tell your teacher."
            self.hand_in_output.append_display_data(HTML(alert(message)))
            return
        self.hand_in_button.description = "Hand in again" if self.bank.mode == "practice" else "Handed in"
        for card in self.cards:
            card.show_feedback()
        self._refresh()
        self._deliver(path)

    def _deliver(self, path: Path) -> None:
        """Send the hand-in as far as this place allows, and say how far that was (classroom.py)."""
        try:
            receipt = classroom.collect(path, self.place)
        except classroom.CollectionError as error:
            status, received = alert(str(error)), False
        else:
            status, received = f"<p>{'✓ ' if receipt.collected else ''}{html.escape(receipt.message)}</p>", True
        self.hand_in_output.clear_output()
        when = html.escape(_when(self.session.handed_in_at))
        css = "quiz-receipt" if received else "quiz-receipt quiz-not-received"
        with self.hand_in_output:
            display(
                HTML(
                    f'<div class="{css}">{status}<p>Hand-in file written {when}: '
                    f"<code>{html.escape(str(path))}</code>.<br>{download_link(path)}</p></div>"
                )
            )


def _when(moment: str | None) -> str:
    """'on 1 December 2026 at 05:39 UTC' from the session's ISO time."""
    if not moment:
        return ""
    stamp = dt.datetime.fromisoformat(moment).astimezone(dt.timezone.utc)
    return f"on {stamp.day} {stamp:%B %Y} at {stamp:%H:%M} UTC"


def download_link(path: Path, folder: Path | None = None) -> str:
    """An `<a download>` to the file: relative to the notebook's folder when it is inside it,
    else the file itself as a data: URL (see the module docstring for why)."""
    folder = (folder or Path.cwd()).resolve()
    try:
        href = urllib.parse.quote(path.resolve().relative_to(folder).as_posix())
    except ValueError:
        href = "data:application/json;base64," + base64.b64encode(path.read_bytes()).decode()
    name = html.escape(path.name, quote=True)
    return f'<a href="{href}" download="{name}">Download {name}</a>'


class QuestionCard:
    """One question: prompt, controls, Submit and Hint buttons, feedback."""

    def __init__(self, session: QuizSession, question: QuestionBase, number: int, on_answer: Callable[[], None]):
        self.session, self.question, self.on_answer = session, question, on_answer
        self.pending = SHOWN_AT_HAND_IN if session.bank.has_key else TEACHER_MARKS
        points = f"{question.points} point{'s' if question.points != 1 else ''}"
        # a heading for screen readers (role, not <h4>: JupyterLab's table of contents would list every question)
        title = f'<div role="heading" aria-level="3"><strong>Question {number}</strong> · {points}</div>'
        self.input = build_input(session, question)
        self.submit = widgets.Button(
            description="Submit answer", button_style="primary", layout=PLAIN, style=BUTTON_STYLE
        )
        self.submit.on_click(self._submit)
        self.submit.add_class("quiz-submit")
        buttons = [self.submit]
        self.hint_area = html_widget()
        if question.hint:
            self.hint_button = widgets.Button(
                description="Show hint", tooltip="Show a hint for this question", layout=PLAIN, style=BUTTON_STYLE
            )
            self.hint_button.on_click(self._hint)
            self.hint_button.add_class("quiz-hint")
            buttons.append(self.hint_button)
        self.feedback = html_widget()
        self.feedback.add_class("quiz-feedback")
        self.widget = widgets.VBox(
            [
                html_widget(title + text_html(question.prompt)),
                self.input.widget,
                hbox(buttons),
                self.hint_area,
                self.feedback,
            ],
            layout=CARD,
        )
        self.widget.add_class("quiz-question")
        previous = session.response(question.id)
        if previous is not None:
            try:  # read again: a log written before choices had ids holds texts, which map to ids
                self.input.set(question.read(previous))
            except (TraitError, ValueError, KeyError, TypeError):  # the bank was edited after this answer
                said = question.describe(previous, {})
                self.feedback.value = alert(
                    f"This question was changed after you answered it (your answer was: {said}). "
                    "Please answer it again."
                )
            else:
                self.show_feedback()

    def _submit(self, _: Any) -> None:
        try:
            feedback = self.session.answer(self.question.id, self.input.get())
        except ResponseError as error:
            self.feedback.value = alert(str(error))
            return
        except OSError as error:  # the results folder is missing or read-only: say so, do not pretend
            self.feedback.value = alert(f"Your answer could not be saved ({error}). Tell your teacher.")
            return
        self.feedback.value = feedback_html(feedback, self.pending)
        self.on_answer()

    def _hint(self, _: Any) -> None:
        try:
            hint = self.session.hint(self.question.id)
        except OSError as error:  # the hint is shown all the same; only the record of asking failed
            hint = self.question.hint
            warning = alert(f"That you asked for this hint could not be saved ({error}). Tell your teacher.")
        else:
            warning = ""
        self.hint_area.value = f"<em>Hint:</em> {text_html(hint or '', 'span')}{warning}"

    def show_feedback(self) -> None:
        feedback = self.session.feedback(self.question.id)
        self.feedback.value = feedback_html(feedback, self.pending) if feedback else ""

    def lock(self) -> None:
        for control in [*self.input.controls, self.submit]:
            control.disabled = True
        self.show_feedback()


def feedback_html(feedback: Feedback, pending: str = SHOWN_AT_HAND_IN) -> str:
    """What a student reads after answering; words and symbols, never colour alone. `pending` says
    what happens to an answer whose correctness is not shown."""
    attempt = f"Attempt {feedback.attempt}."
    if feedback.correct is None:
        return f"<div>✓ Saved. {attempt} {pending}</div>"
    verdict = "✔ <strong>Right.</strong>" if feedback.correct else "✘ <strong>Not right.</strong>"
    if feedback.tries_left:
        more = f"{feedback.tries_left} more wrong attempt{'s' if feedback.tries_left > 1 else ''}"
        return f"<div>{verdict} {attempt} Try again: the answer is explained after {more}. A hint may help.</div>"
    sources = "; ".join(
        f'<a href="{html.escape(c.url, quote=True)}" target="_blank" rel="noopener">{html.escape(c.title)}</a> '
        f"({html.escape(c.publisher)})"
        for c in feedback.source or ()
    )
    return f"<div>{verdict} {attempt}{text_html(feedback.explanation or '')}<small>Source: {sources}</small></div>"
