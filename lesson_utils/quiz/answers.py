"""Read a student's response and decide whether it is right: the one check, per question type.

`parse` turns what a widget (or a person at the keyboard) gives into a canonical, JSON-ready
value, or raises `ResponseError` with a message a student can act on. `check` says whether a
response earns the points. Both are pure, so the session and the teacher's gradebook (which
re-scores hand-ins) agree by construction. `parse` needs only what a student sees, so it works
in a student copy too; `check` needs the answer key, which a student copy does not have.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from lesson_utils.quiz.bank import (
    MapClick,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    QuestionBase,
    QuizError,
    SingleChoice,
    TrueFalse,
)


class ResponseError(ValueError):
    """A response that cannot be read; the message tells the student what to type instead."""


UNIT_ALIASES = {
    "km": {"km", "kilometre", "kilometres", "kilometer", "kilometers"},
    "km²": {"km²", "km2", "km^2", "sq km", "square kilometres", "square kilometers"},
    "m": {"m", "metre", "metres", "meter", "meters"},
    "%": {"%", "percent", "per cent"},
    "billion €": {"billion", "bn", "billion euros", "billion euro", "billion eur", "€ billion", "€bn", "bn €"},
    "weeks": {"week", "weeks"},
}
"""Other ways of writing a question's unit that a student may type after the number."""
_NUMBER = re.compile(r"([+-]?)\s*(\d[\d ,.']*\d|\d|[.,]\d+)\s*(.*)")
_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}


def parse(question: QuestionBase, response: Any) -> Any:
    """The canonical form of `response` for `question`; raises ResponseError if unreadable."""
    if isinstance(question, SingleChoice):
        return _one_of(response, question.choices, "Choose one of the options.")
    if isinstance(question, MultipleSelect):
        return _subset(response, question.choices)
    if isinstance(question, TrueFalse):
        return _boolean(response)
    if isinstance(question, Numeric):
        return parse_number(response, question.unit)
    if isinstance(question, Ordering):
        return _permutation(response, question.items)
    if isinstance(question, Matching):
        return _pairs(response, question)
    if isinstance(question, MapClick):
        code = str(response).strip().upper() if isinstance(response, str) else response
        return _one_of(code, question.choices, "Pick one of the highlighted countries (click it, or use the list).")
    raise TypeError(f"no parser for question type {type(question).__name__}")


def check(question: QuestionBase, response: Any) -> bool:
    """Whether `response` (raw or parsed) is right. An unreadable response is simply not right.

    A question without its answer (a student copy) raises QuizError: "not right" would be a lie, and
    callers ask `Bank.has_key` first, so reaching this is a bug to surface, not a score of zero.
    """
    if not question.has_answer:
        raise QuizError("has no answer key here, so it cannot be checked; the teacher's gradebook marks it",
                        question_id=question.id, field="answer")
    try:
        value = parse(question, response)
    except ResponseError:
        return False
    if isinstance(question, Numeric):
        return math.isclose(value, question.answer, rel_tol=0, abs_tol=question.tolerance + 1e-9)
    if isinstance(question, MultipleSelect):
        return set(value) == set(question.answer)
    if isinstance(question, MapClick):
        return value in question.answer
    return value == question.answer


def parse_number(response: Any, unit: str | None = None) -> float:
    """A number typed the way people type them: '1944', '1 944', '1,944', '1944 km', '2,5'.

    A single comma before exactly three digits groups thousands ('1,944' is 1944); otherwise a
    lone comma is a decimal comma ('2,5', '1944,5'). A dot before exactly three digits ('1.944')
    could be either, so it is refused with a hint rather than guessed.
    """
    if isinstance(response, bool):
        raise ResponseError("Type a number.")
    if isinstance(response, int | float):
        value = float(response)
    else:
        text = str(response).replace("\u2212", "-").replace("’", "'")
        text = re.sub(r"[\u00a0\u2009\u202f]", " ", text).strip()
        if not text:
            raise ResponseError("Type a number in the box.")
        match = _NUMBER.fullmatch(text)
        if not match:
            raise ResponseError(f"'{text}' is not a number. Type digits only, for example 1944{_in(unit)}.")
        sign, digits, rest = match.groups()
        _check_unit(rest, unit, text)
        value = _to_float(digits.replace("'", " "), text)
        value = -value if sign == "-" else value
    if not math.isfinite(value):
        raise ResponseError("Type an ordinary number.")
    return value


def _in(unit: str | None) -> str:
    return f" (in {unit})" if unit else ""


def _check_unit(rest: str, unit: str | None, text: str) -> None:
    said = rest.strip().rstrip(".").lower()
    if not said:
        return
    allowed = UNIT_ALIASES.get(unit or "", set()) | ({unit.lower()} if unit else set())
    if said not in allowed:
        expected = f"a number in {unit}, for example 1944 or 1944 {unit}" if unit else "just the number"
        raise ResponseError(f"I could not read '{text}': '{rest}' is not understood. Type {expected}.")


def _to_float(digits: str, text: str) -> float:
    """Digits with separators → float, following the rules in `parse_number`."""
    commas, dots, spaced = digits.count(","), digits.count("."), " " in digits
    group = decimal = None
    if spaced:
        if commas + dots > 1:
            raise ResponseError(f"I could not read '{text}': use spaces between thousands and one decimal mark.")
        group, decimal = " ", ("," if commas else "." if dots else None)
    elif commas and dots:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal == "," else ","
        if digits.count(decimal) > 1:
            raise ResponseError(f"I could not read '{text}': a number has at most one decimal mark.")
    elif commas > 1 or dots > 1:
        group = "," if commas else "."
    elif commas or dots:
        mark = "," if commas else "."
        whole, fraction = digits.split(mark)
        looks_grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
        if looks_grouped and mark == ".":
            raise ResponseError(f"'{text}' could mean {whole}{fraction} or {whole}.{fraction}. Type "
                                f"{whole}{fraction} (or {whole} {fraction}) for the whole number; for the decimal, "
                                f"type {whole}.{fraction}0.")
        group, decimal = (",", None) if looks_grouped else (None, mark)
    whole, _, fraction = digits.partition(decimal) if decimal else (digits, "", "")
    if group:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            raise ResponseError(f"I could not read '{text}': digits between thousands separators come in threes, "
                                f"as in 1 944 or 1,944.")
        whole = "".join(parts)
    if not (whole + fraction).isdigit():
        raise ResponseError(f"I could not read '{text}' as a number.")
    return float(f"{whole or 0}.{fraction or 0}")


def _one_of(response: Any, options: list[str], hint: str) -> str:
    if isinstance(response, str):
        wanted = response.strip()
        for option in options:
            if wanted == option or wanted.casefold() == option.casefold():
                return option
    raise ResponseError(hint if response in (None, "") else f"'{response}' is not one of the options. {hint}")


def _boolean(response: Any) -> bool:
    if isinstance(response, bool):
        return response
    if isinstance(response, str) and response.strip().lower() in _TRUE | _FALSE:
        return response.strip().lower() in _TRUE
    raise ResponseError("Choose True or False.")


def _as_list(response: Any, what: str) -> list:
    if isinstance(response, str | bytes | Mapping) or not hasattr(response, "__iter__"):
        raise ResponseError(f"Give {what} as a list.")
    return list(response)


def _subset(response: Any, choices: list[str]) -> list[str]:
    picked = {_one_of(item, choices, "Tick only the listed options.") for item in _as_list(response, "your choices")}
    if not picked:
        raise ResponseError("Tick at least one option.")
    return [choice for choice in choices if choice in picked]


def _permutation(response: Any, items: list[str]) -> list[str]:
    order = [_one_of(item, items, "Use only the listed items.") for item in _as_list(response, "the order")]
    missing = [item for item in items if item not in order]
    repeated = sorted({item for item in order if order.count(item) > 1})
    if missing or repeated or len(order) != len(items):
        problems = [f"used twice: {', '.join(repeated)}" if repeated else "",
                    f"missing: {', '.join(missing)}" if missing else ""]
        raise ResponseError("Put every item in exactly one place (" + "; ".join(p for p in problems if p) + ").")
    return order


def _pairs(response: Any, question: Matching) -> dict[str, str]:
    if not isinstance(response, Mapping):
        raise ResponseError("Give your matches as pairs (item → match).")
    lefts = question.items
    unknown = [str(left) for left in response if left not in lefts]
    if unknown:
        raise ResponseError(f"Not an item in this question: {', '.join(unknown)}.")
    missing = [left for left in lefts if response.get(left) in (None, "")]
    if missing:
        raise ResponseError(f"Choose a match for every item (still open: {', '.join(missing)}).")
    return {left: _one_of(response[left], question.options, "Choose matches from the list.") for left in lefts}
