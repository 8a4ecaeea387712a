"""Lesson 04's claim sorter keeps the verdicts back until the student asks for them.

"Run all" must show the waiting text where the record's verdicts go; a click on "Reveal the record"
must then draw the verdict chart (a plotly figure inside an ipywidgets Output) and the table.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from colours import contrast
from labpage import safe_name
from labsupport import SCREENSHOTS, notebooks_source
from notebook_js import FIND_PANEL, INSPECT_CELL

from lesson_utils import i18n
from lesson_utils.claims_widget import waiting_html

CHOSEN_LOOK = r"""(chosen) => {
  const other = Array.from(chosen.parentElement.querySelectorAll('button')).find((b) => b !== chosen);
  const look = (b) => ({color: getComputedStyle(b).color, background: getComputedStyle(b).backgroundColor,
                        text: getComputedStyle(b, '::before').content.replace(/"/g, '') + b.innerText});
  return {chosen: look(chosen), other: look(other)};
}"""
CELL_TEXT = "([path, index]) => {" + FIND_PANEL + "return findPanel(path).content.widgets[index].node.innerText; }"

pytestmark = pytest.mark.browser

NOTEBOOKS = {"04_reading_the_news.ipynb": "en", "04_reading_the_news.uk.ipynb": "uk"}
"""The English lesson and an edition: the sorter, its waiting text and the verdicts speak the notebook's language."""


def cell_index(notebook: str, needle: str) -> int:
    cells = json.loads((notebooks_source() / notebook).read_text(encoding="utf-8"))["cells"]
    return next(i for i, cell in enumerate(cells) if needle in "".join(cell["source"]))


def panel_text(lab_page, index: int) -> str:
    lab_page.page.evaluate(INSPECT_CELL, [lab_page.path, index])  # scrolls the cell into view
    return lab_page.page.evaluate(CELL_TEXT, [lab_page.path, index])


@pytest.mark.parametrize(("notebook", "language"), NOTEBOOKS.items())
def test_verdicts_wait_for_the_reveal_button(lab_page, notebook, language):
    if not (notebooks_source() / notebook).exists():
        pytest.skip(f"{notebook} is not among the notebooks")
    with i18n.speaking(language):
        waiting = re.sub(r"<[^>]+>", "", waiting_html())[:30]
        described = i18n._("Figure description.")
    lab_page.open(notebook)
    run = lab_page.run_all()
    assert not run["notRun"], f"cells {run['notRun']} did not run"
    sorter, panel = cell_index(notebook, "sorter = ClaimSorter("), cell_index(notebook, "sorter.after_reveal(")
    try:
        assert waiting in panel_text(lab_page, panel), "Run all showed the verdicts"

        lab_page.page.evaluate(INSPECT_CELL, [lab_page.path, sorter])
        toggles = lab_page.page.locator(".claim-choice").first.locator("button")
        toggles.nth(1).click()
        lab_page.page.wait_for_timeout(300)
        look = toggles.nth(1).evaluate(CHOSEN_LOOK)
        assert contrast(look["chosen"]["color"], look["chosen"]["background"]) >= 4.5, look
        assert contrast(look["chosen"]["background"], look["other"]["background"]) >= 3, (
            f"the chosen verdict is hard to tell from the others: {look}"
        )
        assert look["chosen"]["text"].startswith("✓"), look  # not by colour alone
        button = lab_page.page.locator("button.claim-reveal")
        button.scroll_into_view_if_needed()
        button.click()

        deadline = time.perf_counter() + 30
        while waiting in panel_text(lab_page, panel) and time.perf_counter() < deadline:
            time.sleep(0.25)
        report = lab_page.page.evaluate(INSPECT_CELL, [lab_page.path, panel])
        for _ in range(40):  # the figure draws after the output arrives
            if report["plots"] and not report["pending"]:
                break
            time.sleep(0.25)
            report = lab_page.page.evaluate(INSPECT_CELL, [lab_page.path, panel])
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab_page.page.screenshot(path=str(SCREENSHOTS / f"{safe_name(notebook)}__revealed.png"))
    except BaseException:
        lab_page.failure_screenshot(safe_name(notebook) + "__reveal")
        raise
    assert not report["problems"], report["problems"]
    assert len(report["plots"]) == 1, f"expected the verdict chart after the reveal: {report}"
    shown = panel_text(lab_page, panel)
    assert described in shown and "army-chiefs-to-kyiv" in shown
