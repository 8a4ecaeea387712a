"""A bank's texts in another language, ids untouched, so one answer key marks every language.

The session always holds the bank as written (English): its answers, checks and version. The view
shows `localized(bank)`: the same questions with their prompt, explanation, hint, unit, section and
option labels looked up in the `quizzes` catalogue (`data/locale/<language>/LC_MESSAGES/quizzes.po`),
each keyed `<bank>/<question>/<field>[/<option id>]`. A text without a reviewed translation stays
English. A map question's countries are named by `geo.country_names` in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping

from lesson_utils import i18n
from lesson_utils.quiz.bank import Bank

TEXT_FIELDS = ("prompt", "explanation", "hint", "unit", "section")
LABEL_FIELDS = ("choices", "items", "options")
"""Option labels: id → text (a map question's `choices` are ISO codes, named by geo instead)."""


def localized(bank: Bank, language: str | None = None) -> Bank:
    """The bank with every text a student reads in `language` (the kernel's by default)."""
    language = i18n.check(language or i18n.current())
    if language == i18n.SOURCE:
        return bank
    catalogue = i18n.translations("quizzes", language)

    package = i18n.translations("ui", language)

    def translated(where: str, text: str | None) -> str | None:
        if not text:
            return text
        found = catalogue.pgettext(f"{bank.id}/{where}", text)
        return found if found != text else package.gettext(text)  # a student copy's instructions are the package's

    questions = []
    for question in bank.questions:
        update = {field: translated(f"{question.id}/{field}", getattr(question, field, None)) for field in TEXT_FIELDS}
        update = {field: text for field, text in update.items() if text is not None}
        for field in LABEL_FIELDS:
            labels = getattr(question, field, None)
            if isinstance(labels, Mapping):
                update[field] = {key: translated(f"{question.id}/{field}/{key}", text) for key, text in labels.items()}
        questions.append(question.model_copy(update=update))
    return bank.model_copy(
        update={
            "title": translated("title", bank.title),
            "instructions": translated("instructions", bank.instructions),
            "questions": questions,
        }
    )
