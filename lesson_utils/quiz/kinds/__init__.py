"""The question kinds, one module each (model and behaviour); `base.py` says what a kind provides.

To add a kind, write its module (ending in `KIND = YourQuestion`) and add the module's name to
KIND_MODULES: that one line is the only change outside the module. Then regenerate the published
bank schema with `python -m lesson_utils.quiz schema` (a test says when it is stale).
"""

from importlib import import_module

from lesson_utils.quiz.kinds.base import KEY_FIELDS, DataRef, QuestionBase, QuizError, ResponseError
from lesson_utils.quiz.kinds.map import MapClick
from lesson_utils.quiz.kinds.matching import Matching
from lesson_utils.quiz.kinds.multiple import MultipleSelect
from lesson_utils.quiz.kinds.numeric import Numeric
from lesson_utils.quiz.kinds.ordering import Ordering
from lesson_utils.quiz.kinds.single import SingleChoice
from lesson_utils.quiz.kinds.true_false import TrueFalse

KIND_MODULES = ("single", "multiple", "true_false", "numeric", "ordering", "matching", "map")
"""The modules of this package that add a kind, in the order the published JSON Schema lists them."""

KINDS: tuple[type[QuestionBase], ...] = tuple(import_module(f"{__name__}.{name}").KIND for name in KIND_MODULES)
"""Every kind a bank may use."""

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
