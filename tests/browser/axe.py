"""axe-core (npm, installed by `make` into .venv/node) run inside JupyterLab's page.

Violations are split by where they are: inside a notebook's output area (what this package renders:
lessons' text, figures, quizzes) or elsewhere (JupyterLab's own interface), so the test holds the
package to zero serious or critical violations and lists JupyterLab's apart.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"

RULES = "{resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}"
"""WCAG 2.0, 2.1 and 2.2, levels A and AA."""

RUN = r"""async (index) => {
  // The notebook is windowed: only cells near the viewport are in the page. Bring cell `index` in, then check it.
  const panel = Array.from(window.jupyterapp.shell.widgets('main')).find((w) => w.content && w.content.widgets && w.isVisible);
  const cell = panel.content.widgets[index];
  await panel.content.scrollToItem(index, 'start');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const result = await axe.run(cell.node, RULES);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    ours: v.nodes.filter((n) => n.target.length && document.querySelector(n.target[0]) && document.querySelector(n.target[0]).closest('.jp-OutputArea-output')).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 200)),
    theirs: v.nodes.filter((n) => !(n.target.length && document.querySelector(n.target[0]) && document.querySelector(n.target[0]).closest('.jp-OutputArea-output'))).length,
  }));
}""".replace("RULES", RULES)

WHOLE_PAGE = r"""async () => {
  const result = await axe.run(document, RULES);
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
}""".replace("RULES", RULES)
"""axe over a whole page that is all the package's (the gradebook's report.html)."""


def axe_violations(page, cells: int) -> list[dict]:
    """Every WCAG 2.x A/AA violation axe finds in the open notebook, cell by cell, with the nodes in
    output areas apart."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = []
    for index in range(cells):
        found += page.evaluate(RUN, index)
    return found


def serious_in_outputs(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']}: {node}" for v in violations
            if v["impact"] in ("serious", "critical") for node in v["ours"]]  # fmt: skip
