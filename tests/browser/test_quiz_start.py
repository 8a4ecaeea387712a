"""Starting a quiz: every map draws all its countries on every start, and a quiz with maps is light.

Budgets (issue 19): what a quiz start transfers (websocket frames and HTTP responses the page
receives, from "Start the quiz" until the last map is drawn) at most 3 MB, and the time to that
point at most twice the same quiz without its map questions, started in turns with it (best of three
starts each, which a busy machine disturbs least). The figures go to
screenshots/timings.json under "quiz_start"; the screenshots show each quiz's first map.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import nbformat
import pytest
import yaml
from labpage import safe_name
from labsupport import SCREENSHOTS, lesson_notebooks
from quizdriver import QUIZ_CLASSES

from lesson_utils import i18n
from lesson_utils.quiz import load_bank

pytestmark = pytest.mark.browser

MB = 1_000_000
BYTES_BUDGET = 3 * MB
TIME_RATIO_BUDGET = 2.0
STARTS = 3
"""Starts per quiz, each in a new kernel: a map that fails now and then fails one of them."""

QUIZZES = [
    PurePosixPath(nb).name
    for nb in lesson_notebooks()
    if PurePosixPath(nb).name.startswith("quiz_") and not i18n.edition_language(Path(nb))
]
"""The English quizzes: an edition draws the same maps from the same bank (its words are tested elsewhere)."""


def bank_of(notebook: str) -> str:
    return notebook.removesuffix(".ipynb").split("_", 2)[2]  # quiz_03_ukraine_geography -> ukraine_geography


def maps_in(notebook: str) -> int:
    return sum(q.type == "map" for q in load_bank(bank_of(notebook)).questions)


# Stamp the Start click, then every frame check whether the questions and `maps` maps are all drawn:
# a map is drawn when each country one may pick has a painted outline of real size.
ARM_START = r"""([classes, maps]) => {
  const probe = {t0: null, t1: null, drawn: []};
  window.__startProbe = probe;
  document.addEventListener('click', () => { if (probe.t0 === null) probe.t0 = performance.now(); }, {capture: true, once: true});
  const check = () => {
    const pictures = Array.from(document.querySelectorAll(`.${classes.map} svg`));
    probe.drawn = pictures.map((svg) => {
      const choices = Array.from(svg.querySelectorAll('g.quiz-map-choice'));
      const painted = choices.filter((g) => {
        const box = g.getBoundingClientRect();
        return g.getAttribute('fill') && box.width > 0 && box.height > 0;
      });
      return {choices: choices.length, painted: painted.length, shapes: svg.querySelectorAll('path').length};
    });
    const ready = document.querySelectorAll('.' + classes.question).length > 0 && probe.drawn.length === maps
      && probe.drawn.every((m) => m.choices > 1 && m.painted === m.choices);
    if (ready && probe.t0 !== null) { probe.t1 = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""


PROBE = "() => window.__startProbe"


class Received:
    """Bytes the page receives, counted by Chromium (DevTools protocol): websocket frames and HTTP."""

    def __init__(self, page):
        self.bytes = 0
        self.session = page.context.new_cdp_session(page)
        self.session.on("Network.webSocketFrameReceived", lambda e: self._add(len(e["response"]["payloadData"])))
        self.session.on("Network.loadingFinished", lambda e: self._add(e["encodedDataLength"]))
        self.session.send("Network.enable")

    def _add(self, n: int) -> None:
        self.bytes += n

    def close(self) -> None:
        self.session.detach()


def start(lab_page, notebook: str, maps: int) -> dict:
    """Open the notebook in a new kernel, run it, press Start; seconds and bytes to the last map drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    lab_page.server.shutdown_kernels()
    lab_page.open(notebook)
    lab_page.run_all()
    page = lab_page.page
    received = Received(page)
    try:
        page.evaluate(ARM_START, [QUIZ_CLASSES, maps])
        page.locator(f".{QUIZ_CLASSES['name']} input").fill("Start Test")
        page.locator(f".{QUIZ_CLASSES['start']}").first.click()
        try:
            page.wait_for_function("() => window.__startProbe.t1 !== null", timeout=60_000, polling=100)
        except PlaywrightTimeout:
            lab_page.failure_screenshot(safe_name(notebook) + "__start")
            raise AssertionError(f"{notebook}: not every map was drawn a minute after Start: {page.evaluate(PROBE)}")
        probe = page.evaluate(PROBE)
        page.wait_for_timeout(500)  # messages still on their way count too
        return {
            "seconds": round((probe["t1"] - probe["t0"]) / 1000, 3),
            "bytes": received.bytes,
            "maps": probe["drawn"],
        }
    finally:
        received.close()


def without_maps(lab_server, notebook: str) -> str:
    """A copy of the quiz with its map questions left out, in a notebook of its own (removed after)."""
    bank = bank_of(notebook)
    raw = yaml.safe_load((lab_server.root / "data" / "quizzes" / f"{bank}.yaml").read_text(encoding="utf-8"))
    raw["id"] = f"{bank}_without_maps"
    raw["questions"] = [q for q in raw["questions"] if q["type"] != "map"]
    copy = lab_server.root / "lessons" / f"_without_maps_{bank}" / f"{raw['id']}.yaml"  # a bank's id is its file name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    cells = [
        nbformat.v4.new_code_cell('STUDENT = ""'),
        nbformat.v4.new_code_cell(f"from lesson_utils import quiz\n\nquiz.show({str(copy)!r}, STUDENT)"),
    ]
    name = f"_{PurePosixPath(notebook).stem}_without_maps.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), lab_server.root / "lessons" / name)
    return name


def test_quiz_starts_draw_every_map_and_stay_light(lab_page, lab_server, browser_timings):
    """Each quiz with maps against the same quiz without its map questions, started in turns, so a
    change of load on the machine hits both."""
    with_maps = {nb: maps_in(nb) for nb in QUIZZES if maps_in(nb)}
    assert with_maps, "no quiz has a map question"
    report = {}
    try:
        for notebook, maps in with_maps.items():
            plain = without_maps(lab_server, notebook)
            runs: dict[str, list[dict]] = {notebook: [], plain: []}
            for n in range(STARTS):
                runs[notebook].append(start(lab_page, notebook, maps))
                if n == 0:
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    first = lab_page.page.locator(f".{QUIZ_CLASSES['map']}").first
                    first.scroll_into_view_if_needed()
                    first.screenshot(path=str(SCREENSHOTS / f"{safe_name(notebook)}__map.png"))
                runs[plain].append(start(lab_page, plain, 0))
            best = {nb: min(r["seconds"] for r in rs) for nb, rs in runs.items()}  # the least disturbed start
            report[notebook] = {
                "maps": maps,
                "seconds": [r["seconds"] for r in runs[notebook]],
                "megabytes": [round(r["bytes"] / MB, 3) for r in runs[notebook]],
                "seconds_without_maps": [r["seconds"] for r in runs[plain]],
                "megabytes_without_maps": [round(r["bytes"] / MB, 3) for r in runs[plain]],
                "ratio_to_no_maps": round(best[notebook] / best[plain], 2),
            }
    finally:
        for path in (lab_server.root / "lessons").glob("_*without_maps*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    browser_timings["quiz_start"] = report
    print("\nquiz start (Start -> last map drawn):", report)
    for notebook, got in report.items():
        heavy = [mb for mb in got["megabytes"] if mb > BYTES_BUDGET / MB]
        assert not heavy, f"{notebook}: a start transferred {max(heavy):.1f} MB (budget 3 MB)"
        assert got["ratio_to_no_maps"] <= TIME_RATIO_BUDGET, (
            f"{notebook}: a start takes {got['ratio_to_no_maps']}x the same quiz without its maps "
            f"({got['seconds']} s against {got['seconds_without_maps']} s; budget 2x)"
        )
