"""The question kinds, one module each (model and behaviour); `base.py` says what a kind provides.

To add a kind, write its module, import its class here and add it to KINDS: nothing else changes (the
published bank schema is then regenerated with `python -m lesson_utils.quiz schema`).
"""

from lesson_utils.quiz.kinds.base import KEY_FIELDS, DataRef, QuestionBase, QuizError, ResponseError
from lesson_utils.quiz.kinds.map import MapClick
from lesson_utils.quiz.kinds.matching import Matching
from lesson_utils.quiz.kinds.multiple import MultipleSelect
from lesson_utils.quiz.kinds.numeric import Numeric
from lesson_utils.quiz.kinds.ordering import Ordering
from lesson_utils.quiz.kinds.single import SingleChoice
from lesson_utils.quiz.kinds.true_false import TrueFalse

KINDS: tuple[type[QuestionBase], ...] = (SingleChoice, MultipleSelect, TrueFalse, Numeric, Ordering, Matching, MapClick)
"""Every kind a bank may use, in the order the published JSON Schema lists them."""

__all__ = [
    "KEY_FIELDS",
    "KINDS",
    "DataRef",
    "MapClick",
    "Matching",
    "MultipleSelect",
    "Numeric",
    "Ordering",
    "QuestionBase",
    "QuizError",
    "ResponseError",
    "SingleChoice",
    "TrueFalse",
]
