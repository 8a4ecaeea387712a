"""The controls of a question, one builder per input style: a kind names its style in `INPUT`.

A builder draws the controls and says how to read a response from them, restore one, and lock them;
checking the response is the session's (and the kind's) business, never the view's. A new kind that
asks for its answer in an existing style (a number, a choice) needs nothing here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle  # not exported at the top level in ipywidgets 8

from lesson_utils import geo
from lesson_utils.i18n import _, current
from lesson_utils.quiz.bank import QuestionBase
from lesson_utils.quiz.click_map import ClickMap
from lesson_utils.quiz.kinds import MapClick, Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from lesson_utils.quiz.map_view import map_key_html, map_picture
from lesson_utils.quiz.session import QuizSession
from lesson_utils.tables import load_rows

WIDE = widgets.Layout(width="auto")
LABEL_STYLE = {"description_width": "initial"}
PLAIN = widgets.Layout()
"""The layout of every widget that needs none of its own, shared like WIDE (and TEXT_STYLE, BUTTON_STYLE):
a quiz shows hundreds of widgets, and each model of its own is one more message to send and build
before the quiz appears."""
TEXT_STYLE = HTMLStyle()
WHOLE_TEXT = {"continuous_update": False}
"""A typed text reaches the kernel whole, when the box loses focus or Enter is pressed. Sent key by key,
the updates queue behind each other while a button's click does not, so a quick Tab and Enter
could submit '19' for '1944' (or start the quiz as 'Alex M')."""
BUTTON_STYLE = widgets.ButtonStyle()


def text_html(text: str, tag: str = "div") -> str:
    """Bank text as literal HTML-escaped text (also kept away from the maths typesetter)."""
    return f'<{tag} class="tex2jax_ignore" style="white-space: pre-wrap">{html.escape(text)}</{tag}>'


def html_widget(value: str = "") -> widgets.HTML:
    return widgets.HTML(value, layout=PLAIN, style=TEXT_STYLE)


def vbox(children: list[widgets.Widget]) -> widgets.VBox:
    return widgets.VBox(children, layout=PLAIN)


def hbox(children: list[widgets.Widget]) -> widgets.HBox:
    return widgets.HBox(children, layout=PLAIN)


def alert(message: str) -> str:
    return f'<div role="alert" class="tex2jax_ignore">⚠ {html.escape(message)}</div>'


@dataclass
class Input:
    """A question's controls: the widget to show, how to read and restore a response, what to lock."""

    widget: widgets.Widget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    controls: list[widgets.Widget]


def build_input(session: QuizSession, question: QuestionBase) -> Input:
    builders = {
        "radio": _single,
        "checkboxes": _multiple,
        "true_false": _true_false,
        "number": _numeric,
        "order": _ordering,
        "match": _matching,
        "map": _map,
    }
    return builders[question.INPUT](session, question)


def _labelled(session: QuizSession, question: QuestionBase) -> list[tuple[str, str]]:
    """(text, id) of each option in this student's order: the controls show texts and answer with ids."""
    return [(question.label(option), option) for option in session.options(question.id)]


def _single(session: QuizSession, question: SingleChoice) -> Input:
    radio = widgets.RadioButtons(options=_labelled(session, question), value=None, layout=WIDE)
    return Input(radio, lambda: radio.value, lambda value: setattr(radio, "value", value), [radio])


def _true_false(session: QuizSession, question: TrueFalse) -> Input:
    radio = widgets.RadioButtons(options=[(_("True"), True), (_("False"), False)], value=None)
    return Input(radio, lambda: radio.value, lambda value: setattr(radio, "value", value), [radio])


def _multiple(session: QuizSession, question: MultipleSelect) -> Input:
    boxes = {
        option: widgets.Checkbox(description=text, value=False, indent=False, layout=WIDE)
        for text, option in _labelled(session, question)
    }

    def restore(values: list[str]) -> None:
        for option, box in boxes.items():
            box.value = option in values

    ticked = lambda: [option for option, box in boxes.items() if box.value]  # noqa: E731
    return Input(vbox(list(boxes.values())), ticked, restore, list(boxes.values()))


def _numeric(session: QuizSession, question: Numeric) -> Input:
    box = widgets.Text(placeholder=_("Type a number"), description=_("Answer:"), style=LABEL_STYLE, **WHOLE_TEXT)
    unit_text = getattr(question, "unit", None)  # kinds that share this input need not have a unit
    unit = html_widget(text_html(unit_text, "span") if unit_text else "")

    def restore(value: float | str) -> None:
        box.value = f"{value:.15g}" if isinstance(value, float) else str(value)

    return Input(hbox([box, unit]), lambda: box.value, restore, [box])


def _ordering(session: QuizSession, question: Ordering) -> Input:
    items = _labelled(session, question)
    places = [
        widgets.Dropdown(options=items, value=item, description=f"{n}.", layout=WIDE)
        for n, (_text, item) in enumerate(items, 1)
    ]

    def restore(order: list[str]) -> None:
        for place, item in zip(places, order, strict=False):
            place.value = item

    help_text = html_widget("<small>" + _("Choose an item for each place, from first (1.) to last.") + "</small>")
    return Input(vbox([help_text, *places]), lambda: [p.value for p in places], restore, places)


def _matching(session: QuizSession, question: Matching) -> Input:
    """Each item in full above its own list (a long quote would not fit in a control's label).

    Lists start on their "— choose —" entry rather than on no entry at all: with nothing selected,
    the arrow keys cannot move through a list in Chromium."""
    options = [(_("— choose —"), None), *_labelled(session, question)]
    pickers = {
        left: widgets.Dropdown(options=options, index=0, description=_("matches:"), tooltip=text, style=LABEL_STYLE)
        for left, text in question.items.items()
    }

    def restore(pairs: dict[str, str]) -> None:
        for left, picker in pickers.items():
            picker.value = pairs.get(left)

    rows = [vbox([html_widget(text_html(question.items[left])), picker]) for left, picker in pickers.items()]
    return Input(vbox(rows), lambda: {k: p.value for k, p in pickers.items()}, restore, list(pickers.values()))


def _map(session: QuizSession, question: MapClick) -> Input:
    names = geo.country_names(question.region, current())
    options = sorted(((names.get(code, code), code) for code in question.choices), key=lambda pair: pair[0].casefold())
    picker = widgets.Dropdown(
        options=[(_("— choose a country —"), None), *options],
        index=0,
        description=_("Country (list):"),
        style=LABEL_STYLE,
    )
    picker.add_class("quiz-map-picker")
    status = html_widget()
    picture = ClickMap(map_picture(question, load_rows("timeline")))
    picture.add_class("quiz-map")

    def refused(code: str) -> None:
        status.value = alert(
            _("{country} is not one of the options on this map.").format(country=names.get(code, code))
        )

    def picked(change: dict) -> None:
        status.value = ""
        picture.value = change["new"]
        picker.value = change["new"]

    picture.on_refused(refused)
    picture.observe(picked, names="value")
    picker.observe(picked, names="value")
    picker.observe(lambda change: setattr(picture, "disabled", change["new"]), names="disabled")  # locked together
    children = [picture, html_widget(map_key_html(question, names)), picker, status]
    return Input(vbox(children), lambda: picker.value, lambda code: setattr(picker, "value", code), [picker])
