"""The answer parser and the shared check under any response: a ResponseError a student can act on,
or a canonical value that reads back as itself and can be checked, shown and stored."""

from __future__ import annotations

import json

from hostile import JSON_LIKE, TEXT
from hypothesis import given
from hypothesis import strategies as st
from outcomes import record

from lesson_utils.quiz import check, load_bank, parse
from lesson_utils.quiz.answers import ResponseError

QUESTIONS = [q for name in ("summit_participants", "security_guarantee", "ukraine_geography", "reading_the_news")
             for q in load_bank(name).questions]  # fmt: skip


def near(question) -> st.SearchStrategy:
    """Responses close to right: its options and texts in other cases and shapes, numbers in other spellings."""
    pieces = [*getattr(question, "choices", []), *getattr(question, "items", []), *getattr(question, "options", [])]
    labels = [question.label(p) for p in pieces]
    words = st.sampled_from(pieces + labels + [p.upper() for p in labels]) if pieces else TEXT
    numbers = st.one_of(st.integers(), st.floats(), st.text(alphabet="0123456789 ,.-+e%km€", max_size=40))
    return st.one_of(words, st.lists(words, max_size=6), st.dictionaries(words, words, max_size=6), numbers)


@given(index=st.integers(min_value=0, max_value=len(QUESTIONS) - 1), draw=st.data())
def test_any_response_is_read_or_refused_clearly(index, draw):
    question = QUESTIONS[index]
    response = draw.draw(st.one_of(JSON_LIKE, near(question)))
    try:
        value = parse(question, response)
    except ResponseError as error:
        assert str(error).strip(), "an empty message tells the student nothing"
        record("answer parser", "clear error")
        return
    except Exception as error:  # noqa: BLE001
        record("answer parser", "other exception")
        raise AssertionError(f"{question.id}: {response!r:.120} raised {type(error).__name__}: {error}") from error
    json.dumps(value, allow_nan=False)  # what the log stores
    assert parse(question, value) == value, "the canonical form reads back as itself"
    assert isinstance(check(question, response), bool) and check(question, value) == check(question, response)
    assert question.describe(value, {})
    record("answer parser", "accepted")
