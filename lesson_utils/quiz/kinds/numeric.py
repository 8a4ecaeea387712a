"""Numeric: a number typed the way people type them, right within a tolerance."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import DataRef, QuestionBase, ResponseError
from lesson_utils.schemas import Text

UNIT_ALIASES = {
    "km": {"km", "kilometre", "kilometres", "kilometer", "kilometers"},
    "km²": {"km²", "km2", "km^2", "sq km", "square kilometres", "square kilometers"},
    "m": {"m", "metre", "metres", "meter", "meters"},
    "%": {"%", "percent", "per cent"},
    "billion €": {"billion", "bn", "billion euros", "billion euro", "billion eur", "€ billion", "€bn", "bn €"},
    "weeks": {"week", "weeks"},
    # the same units as the translated quizzes show them (data/locale), so a student may type them too
    "milliards d’€": {"milliards", "milliard", "milliards d'euros", "milliards d’euros", "md€", "mds €", "mrd €"},
    "млрд €": {"млрд", "млрд євро", "мільярдів", "мільярди", "мільярдів євро", "мільярди євро"},
    "semaines": {"semaine", "semaines"},
    "тижнів": {"тиждень", "тижні", "тижнів"},
}
"""Other ways of writing a question's unit that a student may type after the number."""
_NUMBER = re.compile(r"([+-]?)\s*(\d[\d ,.']*\d|\d|[.,]\d+)\s*(.*)")


class Numeric(QuestionBase):
    INPUT = "number"

    type: Literal["numeric"]
    answer: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: Text | None = Field(None, description="Shown beside the box; the student may also type it.")

    def read(self, response: Any) -> float:
        return parse_number(response, self.unit)

    def is_right(self, value: Any) -> bool:
        return math.isclose(value, self.answer, rel_tol=0, abs_tol=self.tolerance + 1e-9)

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        unit = f" {self.unit}" if self.unit else ""
        within = f" (accepted: ± {self.tolerance:g})" if self.tolerance else ""
        return [f"{self.answer:g}{unit}{within}"]

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:g}" + (f" {self.unit}" if self.unit else "")
        return str(value)

    def right_response(self, rng: random.Random) -> str:
        return typed(self.answer, self.unit, rng)

    def wrong_response(self, rng: random.Random) -> str:
        off = max(self.tolerance * 2, abs(self.answer) * 0.1, 1)
        candidates = [self.answer + 1, self.answer - 1, self.answer + off, self.answer - off]
        wrong = [v for v in candidates if abs(v - self.answer) > self.tolerance and (v >= 0 or self.answer < 0)]
        return typed(round(rng.choice(wrong), 1), self.unit, rng)

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        number = tables.number(tables.one(ref))
        ok = math.isclose(number, self.answer, rel_tol=0, abs_tol=self.tolerance + 1e-9)
        return None if ok else f"answer {self.answer:g}, data {number:g}"


def typed(value: float, unit: str | None, rng: random.Random) -> str:
    """'1944', '1 944' or '1944 km': the spellings the quiz accepts."""
    text = f"{value:.15g}"
    if rng.random() < 0.3 and value >= 1000 and value == int(value):
        text = f"{int(value):,}".replace(",", " ")
    if unit and rng.random() < 0.3:
        text += f" {unit}"
    return text


def parse_number(response: Any, unit: str | None = None) -> float:
    """A number typed the way people type them: '1944', '1 944', '1,944', '1944 km', '2,5'.

    A single comma before exactly three digits groups thousands ('1,944' is 1944); otherwise a
    lone comma is a decimal comma ('2,5', '1944,5'). A dot before exactly three digits ('1.944')
    could be either, so it is refused with a hint rather than guessed.
    """
    if isinstance(response, bool):
        raise ResponseError(_("Type a number."))
    if isinstance(response, int | float):
        try:
            value = float(response)
        except OverflowError:  # an integer too big for a float
            raise ResponseError(_("Type an ordinary number.")) from None
    else:
        text = str(response).replace("\u2212", "-").replace("’", "'")
        text = re.sub(r"[\u00a0\u2009\u202f]", " ", text).strip()
        if not text:
            raise ResponseError(_("Type a number in the box."))
        match = _NUMBER.fullmatch(text)
        if not match:
            if unit:
                message = _(
                    "'{text}' is not a number. Type it in digits, such as 27 or 2.5; the unit ({unit}) may follow."
                )
            else:
                message = _("'{text}' is not a number. Type it in digits, such as 27 or 2.5.")
            raise ResponseError(message.format(text=text, unit=unit))
        sign, digits, rest = match.groups()
        _check_unit(rest, unit, text)
        value = _to_float(digits.replace("'", " "), text)
        value = -value if sign == "-" else value
    if not math.isfinite(value):
        raise ResponseError(_("Type an ordinary number."))
    return value


def _check_unit(rest: str, unit: str | None, text: str) -> None:
    said = rest.strip().rstrip(".").lower()
    if not said:
        return
    allowed = UNIT_ALIASES.get(unit or "", set()) | ({unit.lower()} if unit else set())
    if said not in allowed:
        if unit:
            message = _(
                "I could not read '{text}': '{rest}' is not understood. Type the number alone, or followed by {unit}."
            )
        else:
            message = _("I could not read '{text}': '{rest}' is not understood. Type just the number.")
        raise ResponseError(message.format(text=text, rest=rest, unit=unit))


def _to_float(digits: str, text: str) -> float:
    """Digits with separators → float, following the rules in `parse_number`."""
    commas, dots, spaced = digits.count(","), digits.count("."), " " in digits
    group = decimal = None
    if spaced:
        if commas + dots > 1:
            raise ResponseError(
                _("I could not read '{text}': use spaces between thousands and one decimal mark.").format(text=text)
            )
        group, decimal = " ", ("," if commas else "." if dots else None)
    elif commas and dots:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal == "," else ","
        if digits.count(decimal) > 1:
            raise ResponseError(
                _("I could not read '{text}': a number has at most one decimal mark.").format(text=text)
            )
    elif commas > 1 or dots > 1:
        group = "," if commas else "."
    elif commas or dots:
        mark = "," if commas else "."
        whole, fraction = digits.split(mark)
        looks_grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
        if looks_grouped and mark == ".":
            raise ResponseError(
                _(
                    "'{text}' could mean {grouped} or {decimal}. Type {grouped} (or {spaced}) for the whole number; "
                    "for the decimal, type {decimal}0."
                ).format(
                    text=text, grouped=whole + fraction, decimal=f"{whole}.{fraction}", spaced=f"{whole} {fraction}"
                )
            )
        group, decimal = (",", None) if looks_grouped else (None, mark)
    whole, _mark, fraction = digits.partition(decimal) if decimal else (digits, "", "")
    if group:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            raise ResponseError(
                _(
                    "I could not read '{text}': digits between thousands separators come in threes, as in 1 944 or 1,944."
                ).format(text=text)
            )
        whole = "".join(parts)
    if not (whole + fraction).isdigit():
        raise ResponseError(_("I could not read '{text}' as a number.").format(text=text))
    return float(f"{whole or 0}.{fraction or 0}")


KIND = Numeric
"""The kind this module adds (read by `kinds/__init__.py`)."""
