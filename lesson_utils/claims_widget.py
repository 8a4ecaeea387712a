"""The claim sorter as ipywidgets: a thin view over `claims.ClaimSorting`.

It draws one claim per row with four keyboard-operable verdict buttons, forwards each choice to
the sorting, and on "Reveal the record" shows the record's verdict, correction and sources, and
fills every `after_reveal` panel, so "Run all" never shows a verdict before the student asks for it.
Every text from the data is escaped, so it shows literally. Stable CSS classes (`claim-sorter`,
`claim-choice`, `claim-reveal`, `claim-record`, `claim-score`) let a browser test find the parts.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from lesson_utils.claims import VERDICT_LABELS, VERDICTS, ClaimSorting, verdict_label
from lesson_utils.i18n import _
from lesson_utils.sources import source_titles

ARTICLE_STYLE = (
    "white-space: pre-wrap; max-width: 46em; padding: 1em 1.25em; border: 1px solid #999; "
    "border-left: 6px solid #999; background: #FAFAFA; color: #222; font-family: Georgia, serif; "
    "font-size: 1.05em; line-height: 1.55"
)

CHOSEN_STYLE = (
    "<style>.claim-choice .widget-toggle-button.mod-active "
    "{ background: #0072B2; color: #FFFFFF; font-weight: bold; box-shadow: none; }"
    ".claim-choice .widget-toggle-button.mod-active::before { content: '✓ '; }</style>"
)
"""The chosen verdict in blue with white text (5.2:1) and a tick, not only a slightly darker grey."""


def waiting_html() -> str:
    """What an `after_reveal` panel says until the student reveals the record."""
    return "<p class='claim-waiting'><em>{}</em></p>".format(
        _("The record's verdicts appear here once you click <strong>{button}</strong> under the claims above.").format(
            button=_("Reveal the record")
        )
    )


def article_html(text: str, caption: str) -> str:
    """The article in a bordered box, escaped so it reads as a document, not as markup."""
    return (
        f'<figure class="news-article" style="margin: 0 0 1em 0">'
        f'<figcaption style="font-style: italic; margin-bottom: .4em">{html.escape(caption)}</figcaption>'
        f'<blockquote style="{ARTICLE_STYLE}; margin: 0">{html.escape(text)}</blockquote></figure>'
    )


class ClaimSorter:
    """The widget tree for one `ClaimSorting`; keeps references so tests can click it headless."""

    def __init__(self, sorting: ClaimSorting, claims: pd.DataFrame, sources: pd.DataFrame):
        self.sorting = sorting
        self.claims = claims.set_index("id", drop=False)
        self.titles = source_titles(claims, sources).set_axis(claims["id"])
        self.waiting: list[tuple[widgets.Output, Callable[[], object]]] = []
        self.choices = {claim_id: self._choice(claim_id) for claim_id in sorting.claim_ids}
        self.records = {claim_id: widgets.HTML().add_class("claim-record") for claim_id in sorting.claim_ids}
        self.button = widgets.Button(description=_("Reveal the record"), button_style="primary", icon="eye")
        self.button.add_class("claim-reveal")
        self.button.on_click(lambda _: self.reveal())
        self.score = widgets.HTML().add_class("claim-score")
        rows = [self._row(claim_id) for claim_id in sorting.claim_ids]
        style = widgets.HTML(CHOSEN_STYLE)
        self.widget = widgets.VBox([*rows, self.button, self.score, style]).add_class("claim-sorter")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _choice(self, claim_id: str) -> widgets.ToggleButtons:
        toggle = widgets.ToggleButtons(
            options=[(verdict_label(v), v) for v in VERDICTS],
            value=self.sorting.choices.get(claim_id),
            description=_("Your verdict:"),
            tooltips=[_("I think this claim is {verdict}").format(verdict=verdict_label(v).lower()) for v in VERDICTS],
            style={"description_width": "initial", "button_width": "11em"},  # "Не підтверджено" whole
        ).add_class("claim-choice")
        toggle.observe(lambda change: self._chosen(claim_id, change["new"]), names="value")
        return toggle

    def _row(self, claim_id: str) -> widgets.VBox:
        claim = self.claims.loc[claim_id]
        heading = _("Claim {n}").format(n=claim["order"])
        text = widgets.HTML(
            f"<p style='margin: .2em 0'><strong>{heading}</strong> "
            f"<span style='color: #555'>({html.escape(str(claim['topic']))})</span><br>"
            f"“{html.escape(str(claim['article_text']))}”</p>",
            layout=widgets.Layout(width="auto"),
        ).add_class("claim-text")
        return widgets.VBox(
            [text, self.choices[claim_id], self.records[claim_id]],
            layout=widgets.Layout(border_bottom="1px solid #DDD", padding="0 0 .5em 0"),
        ).add_class("claim-item")

    def _chosen(self, claim_id: str, verdict: str | None) -> None:
        self.sorting.choose(claim_id, verdict)
        if self.sorting.revealed:
            self.reveal()

    @property
    def revealed(self) -> bool:
        return self.sorting.revealed

    def after_reveal(self, render: Callable[[], object]) -> widgets.Output:
        """A panel that runs `render` (which displays things) once the record is revealed.

        Until then it says where the answers will appear, so a lesson can place the record's
        verdicts anywhere below the sorter without giving them away on "Run all".
        """
        panel = widgets.Output().add_class("claim-after-reveal")
        if self.revealed:
            with panel:
                render()
        else:
            panel.append_display_data(HTML(waiting_html()))
            self.waiting.append((panel, render))
        return panel

    def reveal(self) -> None:
        """Show the record under every claim, the score and the waiting panels; later changes
        keep the record and score up to date."""
        self.sorting.reveal()
        for panel, render in self.waiting:
            panel.clear_output()
            with panel:
                render()
        self.waiting.clear()
        for claim_id, box in self.records.items():
            box.value = self._record_html(claim_id)
        self.score.value = f"<p style='font-size: 1.1em'><strong>{html.escape(str(self.sorting.score()))}</strong></p>"

    def _record_html(self, claim_id: str) -> str:
        claim = self.claims.loc[claim_id]
        code = str(claim["verdict"])
        verdict = verdict_label(code)
        wording = str(claim["fact_sheet_verdict"])  # the fact sheet's own words, quoted as they are
        shown = _("({wording})").format(
            wording=html.escape(wording)
        )  # in another language: said to be the fact sheet's
        detail = "" if wording.lower() == VERDICT_LABELS[code].lower() else f" {shown}"
        mark = {
            True: _("✔ You agree with the record."),
            False: _("✘ Your verdict differs."),
            None: _("Not sorted yet."),
        }
        record = _("Record: {verdict}").format(verdict=html.escape(verdict))
        correction, sources = _("Correction:"), _("Sources:")
        return (
            "<div style='margin: .3em 0 0 1em; padding-left: .6em; border-left: 3px solid #0072B2'>"
            f"<strong>{record}</strong>{detail}. {mark[self.sorting.is_correct(claim_id)]}<br>"
            f"<strong>{correction}</strong> {html.escape(str(claim['correction']))}<br>"
            f"<strong>{sources}</strong> {html.escape(self.titles[claim_id])}</div>"
        )
