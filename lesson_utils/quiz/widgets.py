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

from lesson_utils.i18n import _, format_day, ngettext
from lesson_utils.quiz import classroom, marked, store
from lesson_utils.quiz.answers import ResponseError
from lesson_utils.quiz.bank import Bank, QuestionBase, load_bank
from lesson_utils.quiz.inputs import (
    BUTTON_STYLE,
    LABEL_STYLE,
    WHOLE_TEXT,
    WIDE,
    alert,
    build_input,
    hbox,
    html_widget,
    text_html,
)
from lesson_utils.quiz.map_view import prepare_maps
from lesson_utils.quiz.session import Feedback, QuizSession, Score
from lesson_utils.quiz.translated import localized
from lesson_utils.tables import load_rows

CARD = widgets.Layout(border="1px solid #BBBBBB", padding="8px 12px", margin="0 0 12px 0")
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
        self.shown = localized(self.bank)  # its texts in the kernel's language; ids, key and version stay the bank's
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
        box = widgets.Text(
            description=_("Your name:"), placeholder=_("e.g. Alex Martin"), style=LABEL_STYLE, **WHOLE_TEXT
        )
        start = widgets.Button(description=_("Start the quiz"), button_style="primary", layout=WIDE, style=BUTTON_STYLE)
        message = html_widget()
        box.add_class("quiz-name")
        start.add_class("quiz-start")

        def begin(_click: Any) -> None:
            try:
                self._start(store.clean_name(box.value))
            except ValueError as error:
                message.value = alert(str(error))

        start.on_click(begin)
        intro = (
            f"<h3>{html.escape(self.shown.title)}</h3><p>"
            + _(
                "Type your name and press <em>Start the quiz</em>. "
                "(Or set <code>STUDENT</code> in the cell above and run it again.)"
            )
            + "</p>"
        )
        self.widget.children = [ShortcutGuard(), html_widget(intro), hbox([box, start]), message]
        prepare_maps(self.bank.questions, load_rows("timeline"))  # ready by the time the name is typed

    def _start(self, student: str) -> None:
        self.session = QuizSession(self.bank, student, self.results_dir, user=self.place.user)
        self.cards = [
            QuestionCard(self.session, q, self.shown.question(q.id), n, self._refresh)
            for n, q in enumerate(self.session.questions, 1)
        ]
        self.summary = html_widget()
        self.hand_in_button = widgets.Button(
            description=_("Hand in"),
            tooltip=_("Save a hand-in file for your teacher"),
            layout=widgets.Layout(width="auto", align_self="flex-start"),  # as wide as its words, in any language
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
            mode = _("Practice: you see whether each answer is right straight away.")
        elif self.bank.has_key:
            mode = _("Assessment: answers are saved, and you see the results after you hand in.")
        else:
            mode = _("Assessment: answers are saved; hand in at the end, and your teacher marks it.")
        parts = [f"<h3>{html.escape(self.shown.title)}</h3>"]
        if self.shown.instructions:
            parts.append(text_html(self.shown.instructions, "p"))
        if session.user:
            who = _("Signed in as {user}").format(user=f"<strong>{html.escape(session.user)}</strong>")
            if session.student != session.user:
                who += " " + _("(shown as {student})").format(student=html.escape(session.student))
        else:
            who = _("Student: {student} (the name your teacher will see)").format(student=html.escape(session.student))
        saved = _("Answers are saved in {path}.").format(path=f"<code>{html.escape(str(session.path))}</code>")
        parts.append(f"<p><strong>{html.escape(mode)}</strong><br>{who}. {saved}</p>")
        return "".join(parts)

    def _refresh(self) -> None:
        score = self.session.score() if self.session.reveals else None
        total = len(self.bank.questions)
        progress = ngettext(
            "{answered} of {total} question answered.", "{answered} of {total} questions answered.", total
        ).format(answered=f"<strong>{self.session.answered()}</strong>", total=f"<strong>{total}</strong>")
        if score is not None:
            text = "<strong>" + _("Score:") + "</strong> " + html.escape(score_text(score)) + "."
        elif self.bank.has_key:
            text = progress + " " + _("Your score is shown after you hand in.")
        elif self.session.handed_in_at:
            text = _("Hand-in file saved: below, whether your teacher has it yet.")
        else:
            text = progress + " " + _("Hand in at the end.") + " " + _("Your teacher will mark it.")
        self.summary.value = f"<p>{text}</p>"
        if self.bank.mode == "assessment" and self.session.handed_in_at:
            for card in self.cards:
                card.lock()
            self.hand_in_button.disabled = True

    def _hand_in(self, _click: Any) -> None:
        missing = len(self.bank.questions) - self.session.answered()
        if missing and not self._confirmed:
            self._confirmed = True
            self.hand_in_button.description = _("Hand in anyway")
            unanswered = ngettext(
                "{count} question is not answered yet. Press the button again to hand in anyway.",
                "{count} questions are not answered yet. Press the button again to hand in anyway.",
                missing,
            ).format(count=missing)
            with self.hand_in_output:
                display(HTML(alert(unanswered)))
            return
        try:
            path = self.session.hand_in()
        except OSError as error:  # a read-only or full folder: say so, never pretend it was handed in
            message = _("Your hand-in could not be saved ({error}). Nothing was handed in: tell your teacher.").format(
                error=error
            )
            self.hand_in_output.append_display_data(HTML(alert(message)))
            return
        self.hand_in_button.description = _("Hand in again") if self.bank.mode == "practice" else _("Handed in")
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
                    f'<div class="{css}">{status}<p>'
                    + _("Hand-in file written {when}: {path}.").format(
                        when=when, path=f"<code>{html.escape(str(path))}</code>"
                    )
                    + f"<br>{download_link(path)}</p></div>"
                )
            )


def _when(moment: str | None) -> str:
    """'on 1 December 2026 at 05:39 UTC' from the session's ISO time, in the kernel's language (Babel)."""
    if not moment:
        return ""
    stamp = dt.datetime.fromisoformat(moment).astimezone(dt.timezone.utc)
    return _("on {date} at {time} UTC").format(date=format_day(stamp), time=f"{stamp:%H:%M}")


def score_text(score: Score) -> str:
    """The score line under a quiz, in the kernel's language."""
    return _(
        "{points} / {max_points} points; {answered} of {total} questions answered, {first} right at the first attempt"
    ).format(
        points=score.points,
        max_points=score.max_points,
        answered=score.answered,
        total=score.total,
        first=score.correct_first_time,
    )


def download_link(path: Path, folder: Path | None = None) -> str:
    """An `<a download>` to the file: relative to the notebook's folder when it is inside it,
    else the file itself as a data: URL (see the module docstring for why)."""
    folder = (folder or Path.cwd()).resolve()
    try:
        href = urllib.parse.quote(path.resolve().relative_to(folder).as_posix())
    except ValueError:
        href = "data:application/json;base64," + base64.b64encode(path.read_bytes()).decode()
    name = html.escape(path.name, quote=True)
    label = _("Download {file}").format(file=name)
    return f'<a href="{href}" download="{name}">{label}</a>'


class QuestionCard:
    """One question: prompt, controls, Submit and Hint buttons, feedback."""

    def __init__(
        self,
        session: QuizSession,
        question: QuestionBase,
        shown: QuestionBase,
        number: int,
        on_answer: Callable[[], None],
    ):
        """`question` is the bank's (its id, key and checks); `shown` the same question in the kernel's language."""
        self.session, self.question, self.shown, self.on_answer = session, question, shown, on_answer
        if session.bank.has_key:
            self.pending = _("You will see whether it is right after you hand in.")
        else:
            self.pending = _("Your teacher will mark it.")
        points = ngettext("{count} point", "{count} points", question.points).format(count=question.points)
        heading = _("Question {number}").format(number=number)
        # a heading for screen readers (role, not <h4>: JupyterLab's table of contents would list every question)
        title = f'<div role="heading" aria-level="3"><strong>{heading}</strong> · {points}</div>'
        self.input = build_input(session, shown)
        self.submit = widgets.Button(
            description=_("Submit answer"), button_style="primary", layout=WIDE, style=BUTTON_STYLE
        )
        self.submit.on_click(self._submit)
        self.submit.add_class("quiz-submit")
        buttons = [self.submit]
        self.hint_area = html_widget()
        if question.hint:
            self.hint_button = widgets.Button(
                description=_("Show hint"), tooltip=_("Show a hint for this question"), layout=WIDE, style=BUTTON_STYLE
            )
            self.hint_button.on_click(self._hint)
            self.hint_button.add_class("quiz-hint")
            buttons.append(self.hint_button)
        self.feedback = html_widget()
        self.feedback.add_class("quiz-feedback")
        self.widget = widgets.VBox(
            [
                html_widget(title + text_html(shown.prompt)),
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
                self.input.set(self._read(previous))
            except (TraitError, ValueError, KeyError, TypeError):  # the bank was edited after this answer
                said = shown.describe(previous, {})
                self.feedback.value = alert(
                    _(
                        "This question was changed after you answered it (your answer was: {answer}). "
                        "Please answer it again."
                    ).format(answer=said)
                )
            else:
                self.show_feedback()

    def _submit(self, _click: Any) -> None:
        try:
            feedback = self.session.answer(self.question.id, self._read(self.input.get()))
        except ResponseError as error:
            self.feedback.value = alert(str(error))
            return
        except OSError as error:  # the results folder is missing or read-only: say so, do not pretend
            self.feedback.value = alert(
                _("Your answer could not be saved ({error}). Tell your teacher.").format(error=error)
            )
            return
        self.feedback.value = feedback_html(feedback, self.pending, self.shown.explanation)
        self.on_answer()

    def _read(self, raw: Any) -> Any:
        """The response as the student sees the question (a unit typed in their language), else as the
        bank writes it (its English unit); the error shown is the one in the student's language."""
        try:
            return self.shown.read(raw)
        except ResponseError as in_their_language:
            if self.shown is self.question:
                raise
            try:
                return self.question.read(raw)
            except ResponseError:
                raise in_their_language from None

    def _hint(self, _click: Any) -> None:
        try:
            hint = self.session.hint(self.question.id)
        except OSError as error:  # the hint is shown all the same; only the record of asking failed
            warning = alert(
                _("That you asked for this hint could not be saved ({error}). Tell your teacher.").format(error=error)
            )
        else:
            warning = ""
        hint = self.shown.hint or hint  # the session records the bank's hint; the student reads it in their language
        self.hint_area.value = "<em>" + _("Hint:") + f"</em> {text_html(hint or '', 'span')}{warning}"

    def show_feedback(self) -> None:
        feedback = self.session.feedback(self.question.id)
        self.feedback.value = feedback_html(feedback, self.pending, self.shown.explanation) if feedback else ""

    def lock(self) -> None:
        for control in [*self.input.controls, self.submit]:
            control.disabled = True
        self.show_feedback()


def feedback_html(feedback: Feedback, pending: str | None = None, explanation: str | None = None) -> str:
    """What a student reads after answering; words and symbols, never colour alone. `pending` says
    what happens to an answer whose correctness is not shown; `explanation` replaces the bank's
    (the same explanation in the kernel's language)."""
    pending = pending or _("You will see whether it is right after you hand in.")
    attempt = _("Attempt {number}.").format(number=feedback.attempt)
    if feedback.correct is None:
        return "<div>✓ " + _("Saved.") + f" {attempt} {pending}</div>"
    verdict = (
        "✔ <strong>" + _("Right.") + "</strong>" if feedback.correct else "✘ <strong>" + _("Not right.") + "</strong>"
    )
    if feedback.tries_left:
        again = ngettext(
            "Try again: the answer is explained after {count} more wrong attempt. A hint may help.",
            "Try again: the answer is explained after {count} more wrong attempts. A hint may help.",
            feedback.tries_left,
        ).format(count=feedback.tries_left)
        return f"<div>{verdict} {attempt} {again}</div>"
    sources = "; ".join(
        f'<a href="{html.escape(c.url, quote=True)}" target="_blank" rel="noopener">{html.escape(c.title)}</a> '
        f"({html.escape(c.publisher)})"
        for c in feedback.source or ()
    )
    shown = explanation if feedback.explanation and explanation else feedback.explanation
    source = _("Source: {sources}").format(sources=sources)
    return f"<div>{verdict} {attempt}{text_html(shown or '')}<small>{source}</small></div>"
