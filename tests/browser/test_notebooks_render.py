"""Every lesson notebook, run in JupyterLab in Chromium, shows what a student should see.

nbval proves a kernel runs the cells; this proves the page shows the result: no error output,
every widget rendered, every plotly figure drawn, every map painted with its country shapes,
and no request leaving 127.0.0.1.
"""

from __future__ import annotations

import time
import warnings

import pytest
from labsupport import lesson_notebooks

pytestmark = pytest.mark.browser

NOTEBOOKS = lesson_notebooks()


class StudentSeesStderr(UserWarning):
    """A cell writes to stderr without an error (a warning): students see it, so we report it."""


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_renders_in_the_browser(lab_page, browser_timings, notebook):
    started = time.perf_counter()
    try:
        open_s = lab_page.open(notebook)
        run = lab_page.run_all()
        opened = time.perf_counter()
        reports = lab_page.inspect_cells(lab_page.cell_count())
        inspect_s = time.perf_counter() - opened
        shots = lab_page.screenshots(notebook)
    except BaseException:
        lab_page.failure_screenshot(notebook)
        raise

    problems = []
    if run["notRun"]:
        problems.append(f"cells never ran (Run All stopped early?): {run['notRun']}")
    if run["error"]:
        problems.append(f"Run All failed: {run['error']}")
    for report in reports:
        problems.extend(f"cell {report['index']}: {p}" for p in report["problems"])
    problems.extend(f"uncaught error in the page: {e}" for e in lab_page.page_errors())
    problems.extend(f"request beyond 127.0.0.1 (breaks offline): {url}" for url in lab_page.offending_requests())

    plots = sum(len(r["plots"]) for r in reports)
    maps = [m for r in reports for m in r["maps"]]
    browser_timings["notebooks"][notebook] = {
        "open_s": round(open_s, 2),
        "run_all_s": round(run["seconds"], 2),
        "inspect_s": round(inspect_s, 2),
        "total_s": round(time.perf_counter() - started, 2),
        "cells": len(reports),
        "code_cells": run["code"],
        "widgets": sum(r["widgets"] for r in reports),
        "plots": plots,
        "maps": len(maps),
        "screenshots": len(shots),
    }
    print(
        f"\n{notebook}: opened in {open_s:.1f}s, ran in {run['seconds']:.1f}s, checked {len(reports)} cells "
        f"({plots} plots, {len(maps)} maps) in {inspect_s:.1f}s; {len(shots)} screenshots"
    )
    for report in reports:
        for message in report["warnings"]:
            warnings.warn(f"{notebook}, cell {report['index']}: {message}", StudentSeesStderr, stacklevel=1)
    for message in lab_page.log.console_errors[:10]:
        print(f"  console error: {message[:300]}")

    assert not problems, f"{notebook} does not show correctly in JupyterLab:\n- " + "\n- ".join(problems)
    lab_page.assert_offline()
