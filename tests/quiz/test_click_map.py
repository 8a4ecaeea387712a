"""The map of a map question: drawn from shipped outlines, every choice clickable (small ones by a
dot), a click on another country explained, and the map and its list always showing the same pick."""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest
from locations import FIXTURES

from lesson_utils import data, geo
from lesson_utils.figures.mapping import borders_note
from lesson_utils.quiz import load_bank
from lesson_utils.quiz.click_map import ClickMap
from lesson_utils.quiz.map_view import MAP_HEIGHT, MAP_WIDTH, _picture, map_key_html, map_picture
from lesson_utils.quiz.widgets import QuizView

BANKS = ["summit_participants", "security_guarantee", "ukraine_geography"]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def picture_of(question) -> dict:
    return map_picture(question, data.load_timeline())


def points(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def inside(point: tuple[float, float]) -> bool:
    return 0 <= point[0] <= MAP_WIDTH and 0 <= point[1] <= MAP_HEIGHT


@pytest.fixture
def north_card(tmp_path):
    view = QuizView(load_bank(FIXTURES / "sample.yaml"), "Alex Martin", tmp_path)
    card = next(c for c in view.cards if c.question.id == "north")
    return view, card, next(w for w in walk(card.widget) if isinstance(w, ClickMap))


def test_a_click_on_a_choice_picks_it_in_the_list_too(north_card):
    view, card, picture = north_card
    picture.set_state({"value": "BLR"})  # what the browser sends when BLR is clicked
    assert card.input.get() == "BLR" and card.input.controls[0].value == "BLR"
    card.submit.click()
    assert view.session.response("north") == "BLR" and "Right." in card.feedback.value


def test_a_click_elsewhere_says_why_nothing_was_picked(north_card):
    view, card, picture = north_card
    picture._handle_custom_msg({"refused": "UKR"}, [])  # what the browser sends for Ukraine
    status = "\n".join(w.value for w in walk(card.widget) if isinstance(w, widgets.HTML))
    assert "Ukraine is not one of the options on this map." in status and card.input.get() is None
    picture.set_state({"value": "POL"})
    status = "\n".join(w.value for w in walk(card.widget) if isinstance(w, widgets.HTML))
    assert "not one of the options" not in status  # a good pick clears the message


def test_choosing_from_the_list_colours_the_map(north_card):
    _, card, picture = north_card
    card.input.controls[0].value = "MDA"
    assert picture.value == "MDA"
    card.input.set(None)
    assert picture.value is None


@pytest.mark.parametrize("name", BANKS)
def test_every_choice_is_drawn_in_the_window_and_the_borders_are_named(name):
    for question in (q for q in load_bank(name).questions if q.type == "map"):
        picture = picture_of(question)
        drawn = {shape["code"]: shape for shape in picture["shapes"]}
        assert set(question.choices) <= set(drawn), question.id
        for code in question.choices:
            seen = [p for p in points(drawn[code]["d"]) if inside(p)]
            assert seen or (drawn[code]["dot"] and inside(drawn[code]["dot"])), f"{question.id}: {code} is off the map"
        assert " ".join(picture["note"]) == borders_note(data.load_timeline())
        text = json.dumps(picture)
        assert "http" not in text and len(text) < 150_000  # no tiles, no fetches, a light payload


def test_a_country_too_small_to_click_gets_a_dot():
    picture = picture_of(load_bank("summit_participants").question("map-eu-absent"))
    dots = {shape["code"]: shape["dot"] for shape in picture["shapes"] if shape["dot"]}
    assert set(dots) == {"MLT"} and inside(dots["MLT"])


def test_roles_and_centre_of_a_map_with_a_reference_country():
    question = load_bank("ukraine_geography").question("map-north")
    names = geo.country_names("europe")
    picture = picture_of(question)
    role = {shape["code"]: shape["role"] for shape in picture["shapes"]}
    assert role["UKR"] == "reference" and role["BLR"] == "choice" and role["RUS"] == "choice"
    assert [r for r in role.values() if r == "context"]  # neighbours for orientation
    ukraine = [p for p in points(next(s["d"] for s in picture["shapes"] if s["code"] == "UKR")) if inside(p)]
    assert ukraine, "Ukraine is in view, though Russia is far bigger than the window"
    west = [
        p for s in picture["shapes"] if s["code"] in {"POL", "SVK", "HUN", "ROU", "MDA", "BLR"} for p in points(s["d"])
    ]
    xs = [x for x, y in west if inside((x, y))]
    assert max(xs) - min(xs) > MAP_WIDTH / 2, "the view centres on the choices, not on all of Russia"
    assert "Belarus" in picture["label"] and "list below" in picture["label"]
    key = map_key_html(question, names)
    assert "dark blue</b>: Ukraine" in key and "7 countries you can pick" in key


def test_a_handed_in_quiz_locks_its_map(tmp_path):
    bank = load_bank("security_guarantee")
    view = QuizView(bank, "Alex Martin", tmp_path)
    card = next(c for c in view.cards if c.question.type == "map")
    picture = next(w for w in walk(card.widget) if isinstance(w, ClickMap))
    view.hand_in_button.click()
    view.hand_in_button.click()  # "Hand in anyway"
    assert card.input.controls[0].disabled and picture.disabled  # the browser ignores clicks on it


def test_the_map_widget_carries_no_map_library():
    """Each plotly FigureWidget sent about 7 MB of JavaScript per map; this widget sends its own few lines."""
    picture = ClickMap(picture_of(load_bank("ukraine_geography").question("map-north")))
    assert len(picture._esm) < 5_000


def test_a_quiz_waiting_for_a_name_has_its_maps_ready(tmp_path):
    """The maps are built while the student types a name, so Start only has to show them."""
    _picture.cache_clear()
    view = QuizView(load_bank("summit_participants"), "", tmp_path)
    assert _picture.cache_info().misses == 2  # two map questions, two different maps
    view._start("Alex Martin")
    assert _picture.cache_info().misses == 2 and _picture.cache_info().hits == 2
