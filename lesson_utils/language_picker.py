"""The start page's language choice: a thin view over `i18n.choose` and `catalogue.list_lessons`.

One row of buttons, one per language, each named in itself; a click saves the choice for the
student (every notebook started afterwards speaks it) and shows the lessons to open in it.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from lesson_utils import i18n
from lesson_utils.catalogue import list_lessons
from lesson_utils.i18n import _


class LanguagePicker:
    """Buttons for English, Українська, Français, and the list of lessons in the chosen language."""

    def __init__(self, folder: str | Path = "."):
        self.folder = folder
        self.buttons = widgets.ToggleButtons(
            options=[(name, code) for code, name in i18n.LANGUAGES.items()],
            value=i18n.current(),
            description=_("Language:"),
            style={"description_width": "initial"},
        ).add_class("language-picker")
        self.status = widgets.HTML().add_class("language-status")
        self.table = widgets.HTML().add_class("language-lessons")
        self.buttons.observe(lambda change: self.choose(change["new"]), names="value")
        self._show(saved=False)
        self.widget = widgets.VBox([self.buttons, self.status, self.table])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def choose(self, language: str) -> None:
        """Save `language` for this student and show the lessons in it."""
        i18n.choose(language)
        self._show(saved=True)

    def _show(self, saved: bool) -> None:
        language = i18n.current()
        self.buttons.description = _("Language:")
        if saved:
            self.status.value = "<p>{}</p>".format(
                _(
                    "Saved ({language}): every notebook you open from now on uses this language. A notebook "
                    "that is already open uses it after <strong>Kernel → Restart Kernel</strong>."
                ).format(language=i18n.LANGUAGES[language])
            )
        else:
            self.status.value = "<p>{}</p>".format(_("Click your language: the choice is saved for every notebook."))
        lessons = list_lessons(self.folder, language=language)
        self.table.value = lessons.to_html(index=False, na_rep="", border=0, classes="language-lessons-table")
