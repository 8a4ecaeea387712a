"""`LabPage`: one Chromium tab on the test JupyterLab, with the steps a student takes.

Open a notebook, run every cell, scroll through it checking what each cell shows, take
screenshots, and list every request the page made that did not go to the local server.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from labsupport import SCREENSHOTS, LabServer
from notebook_js import (
    INSPECT_CELL,
    MAP_PAINT_MATCH,
    MAP_PAINT_SAMPLES,
    NOTEBOOK_STATE,
    PNG_STATS,
    RUN_STATE,
    SCROLL_INFO,
    SCROLL_TO,
    START_RUN_ALL,
)  # fmt: skip

ALLOWED_SCHEMES = {"data", "blob", "about"}
ALLOWED_HOSTS = {"127.0.0.1"}
# Messages of uncaught page errors that say nothing about the lessons.
BENIGN_PAGE_ERRORS = re.compile(r"ResizeObserver loop")

# A map must look like a map: at least this share of its pixels unlike the background colour
# and at least two colours (background plus country fills or outlines).
MAP_MIN_SHARE = 0.005
MAP_MIN_COLOURS = 2
# ...and where MapLibre says a country is, the screenshot must mostly show its colour.
MAP_MIN_PAINT_SAMPLES = 10
MAP_MIN_PAINT_MATCH = 0.6


@dataclass
class PageLog:
    """Everything the tab did that a test may want to assert on; `clear()` between notebooks."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.requests.clear()
        self.failed.clear()
        self.page_errors.clear()
        self.console_errors.clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ALLOWED_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in ALLOWED_HOSTS


def safe_name(notebook: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", notebook.removesuffix(".ipynb"))


class NotebookProblem(AssertionError):
    pass


class LabPage:
    def __init__(self, page, server: LabServer, log: PageLog):
        self.page = page
        self.server = server
        self.log = log
        self.path: str | None = None

    # ── opening and running ─────────────────────────────────────────────────────────────

    def open(self, notebook: str, timeout: float = 120) -> float:
        """Open `lessons/<notebook>` in a fresh workspace and wait for its kernel to be idle."""
        self.path = f"lessons/{notebook}"
        workspace = "t-" + re.sub(r"[^a-z0-9]+", "-", notebook.lower()).strip("-")
        started = time.perf_counter()
        self.page.goto(
            self.server.workspace_url(workspace, notebook), wait_until="domcontentloaded", timeout=timeout * 1000
        )
        self._poll(
            lambda: self.page.evaluate(NOTEBOOK_STATE, self.path),
            lambda s: s["open"] and s["ready"] and s["kernel"] and s["status"] == "idle",
            timeout,
            f"open {self.path} with an idle kernel",
        )
        return time.perf_counter() - started

    def run_all(self, timeout: float = 300) -> dict:
        """Run All Cells and wait until every non-empty code cell has run and the kernel is idle."""
        started = time.perf_counter()
        self.page.evaluate(START_RUN_ALL, self.path)
        state = self._poll(
            lambda: self.page.evaluate(RUN_STATE, self.path),
            lambda s: s["done"] and s["status"] == "idle",
            timeout,
            f"run every cell of {self.path}",
        )
        state["seconds"] = time.perf_counter() - started
        return state

    def cell_count(self) -> int:
        return self.page.evaluate(
            "(path) => Array.from(window.jupyterapp.shell.widgets('main'))"
            ".find((w) => w.context && w.context.path === path).content.widgets.length",
            self.path,
        )

    def _poll(self, probe, ready, timeout: float, what: str, interval: float = 0.25) -> dict:
        deadline = time.perf_counter() + timeout
        state: dict = {}
        while True:
            self._check_server()
            state = probe()
            if ready(state):
                return state
            if state.get("dialog") and "Select Kernel" in state["dialog"]:
                raise NotebookProblem(f"JupyterLab asks for a kernel while trying to {what}: {state['dialog']!r}")
            if time.perf_counter() > deadline:
                raise NotebookProblem(f"timed out after {timeout:.0f}s trying to {what}; last state: {state}")
            time.sleep(interval)

    def _check_server(self) -> None:
        if self.server.process.poll() is not None:
            raise NotebookProblem(
                f"jupyter lab died (exit {self.server.process.returncode}):\n{self.server.log_tail()}"
            )

    # ── looking at every cell ───────────────────────────────────────────────────────────

    def inspect_cells(self, cells: int, settle_timeout: float = 45) -> list[dict]:
        """Scroll to each cell in turn, wait for its outputs to settle, check maps' pixels."""
        reports = []
        for index in range(cells):
            deadline = time.perf_counter() + settle_timeout
            while True:
                report = self.page.evaluate(INSPECT_CELL, [self.path, index])
                # Stop waiting once nothing is pending, or once the cell is already known to be broken.
                if not report["pending"] or report["problems"] or time.perf_counter() > deadline:
                    break
                time.sleep(0.25)
            # Whatever is still pending after the timeout is something the student never sees.
            waited = "" if report["problems"] else f" (after {settle_timeout:.0f}s)"
            if report["pending"] and not report["problems"]:
                settle_timeout = min(settle_timeout, 5)  # one cell timed out: don't wait as long for every other
            report["problems"].extend(f"{p}{waited}" for p in report.pop("pending"))
            for map_report in report["maps"]:
                self._check_map_pixels(index, map_report, report["problems"])
            reports.append(report)
        return reports

    def _check_map_pixels(self, index: int, map_report: dict, problems: list[str], retries: int = 1) -> None:
        """Screenshot the map's canvas: it must not be blank, and where MapLibre says a country is
        painted, the screenshot must show that country's colour (catches stale or misplaced tiles).

        A map still settling gets one more look after a pause; a map that stays wrong is what a
        student would see, so it fails.
        """
        found: list[str] = []
        for attempt in range(retries + 1):
            found = []
            try:
                self._look_at_map(index, map_report, found)
            except Exception as error:  # a map too broken to measure is a finding, not a crash
                found.append(
                    f"plot {map_report['plot']}: its {map_report['subplot']} subplot cannot be checked: {error}"
                )
            if not found:
                break
            if attempt < retries:
                time.sleep(2)
        problems.extend(found)

    def _look_at_map(self, index: int, map_report: dict, problems: list[str]) -> None:
        where = [self.path, index, map_report["plot"], map_report["subplot"]]
        label = f"plot {map_report['plot']}: its {map_report['subplot']} subplot"
        plan = self.page.evaluate(MAP_PAINT_SAMPLES, where)
        rect, vw, vh = plan["canvas"], plan["vw"], plan["vh"]
        x0, y0 = max(rect["x"], 0), max(rect["y"], 0)
        x1, y1 = min(rect["x"] + rect["width"], vw), min(rect["y"] + rect["height"], vh)
        if x1 - x0 < 20 or y1 - y0 < 20:
            problems.append(f"{label} cannot be brought into view: {rect}")
            return
        png = self.page.screenshot(clip={"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0})
        b64 = base64.b64encode(png).decode()
        stats = self.page.evaluate(PNG_STATS, b64)
        # Sample points are relative to the canvas; the clip starts at (x0 - rect.x, y0 - rect.y) in it.
        offset = [round(x0 - rect["x"]), round(y0 - rect["y"])]
        paint = self.page.evaluate(MAP_PAINT_MATCH, [b64, plan["samples"], offset, stats["background"]])
        map_report["pixels"] = stats
        map_report["paint"] = {"checked": paint["checked"], "matched": paint["matched"]}
        if stats["share"] < MAP_MIN_SHARE or stats["colours"] < MAP_MIN_COLOURS:
            problems.append(
                f"{label} looks blank: {stats['share']:.2%} of pixels unlike the background, {stats['colours']} colours"
            )
        elif paint["checked"] >= MAP_MIN_PAINT_SAMPLES and paint["matched"] / paint["checked"] < MAP_MIN_PAINT_MATCH:
            problems.append(
                f"{label} is painted wrong: at only {paint['matched']} of {paint['checked']} points inside countries "
                f"does the screen show the colour MapLibre put there (e.g. {paint['misses'][:3]})"
            )

    # ── screenshots ─────────────────────────────────────────────────────────────────────

    def screenshots(self, notebook: str, limit: int = 60) -> list[Path]:
        """Screenshots of the whole notebook, one viewport at a time from the top."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        stem = safe_name(notebook)
        for old in SCREENSHOTS.glob(f"{stem}__p*.png"):
            old.unlink()
        taken = []
        info = self.page.evaluate(SCROLL_TO, [self.path, 0])
        step = max(info["client"] - 60, 200)
        top = 0
        while len(taken) < limit:
            info = self.page.evaluate(SCROLL_TO, [self.path, top])
            time.sleep(0.3)  # let plots and maps that just entered the view paint
            path = SCREENSHOTS / f"{stem}__p{len(taken) + 1:02d}.png"
            self.page.screenshot(path=str(path))
            taken.append(path)
            # The windowed notebook can grow as it paints: ask its height again every time.
            info = self.page.evaluate(SCROLL_INFO, self.path)
            if info["top"] + info["client"] >= info["height"] - 2:
                break
            top = info["top"] + step
        return taken

    def failure_screenshot(self, notebook: str) -> Path | None:
        try:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            path = SCREENSHOTS / f"{safe_name(notebook)}__failure.png"
            self.page.screenshot(path=str(path))
            return path
        except Exception:  # the page may be gone; the failure itself is what matters
            return None

    # ── the network ─────────────────────────────────────────────────────────────────────

    def offending_requests(self) -> list[str]:
        return sorted({url for url in self.log.requests if not is_local(url)})

    def assert_offline(self) -> None:
        offending = self.offending_requests()
        assert not offending, (
            f"the page made {len(offending)} request(s) beyond 127.0.0.1, so it would break offline:\n  "
            + "\n  ".join(offending[:20])
        )

    def page_errors(self) -> list[str]:
        return [e for e in self.log.page_errors if not BENIGN_PAGE_ERRORS.search(e)]
