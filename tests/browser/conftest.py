"""Fixtures of the browser suite: one JupyterLab server and one Chromium tab for the whole session.

Without Chromium (a teacher's laptop) every browser test skips with the reason; under CI
(`CI=true`) a missing Chromium or Playwright is a failure instead, so CI can never go green by
skipping the browser.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform

import pytest
from labpage import LabPage, PageLog, safe_name
from labsupport import CHROMIUM_ARGS, CHROMIUM_ENV, SCREENSHOTS, find_chromium, lesson_notebooks, start_lab, under_ci

VIEWPORT = {"width": 1280, "height": 900}


def _unavailable(reason: str):
    if under_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI; .ci/run installs Chromium)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed (pip install -e '.[test]')")
    path = find_chromium()
    if not path:
        _unavailable(
            f"no Chromium found: install Debian's (apt-get install chromium fonts-noto-color-emoji) "
            f"or set ${CHROMIUM_ENV} to a Chromium binary"
        )
    return path


@pytest.fixture(scope="session")
def lab_server(chromium_executable, tmp_path_factory):
    """`jupyter lab` on a free 127.0.0.1 port serving a temporary copy of the repository."""
    server = start_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser_timings(lab_server):
    """Timings the tests measure; written to screenshots/timings.json at the end of the session."""
    _drop_stale_screenshots()
    timings = {"notebooks": {}, "quiz_clicks": {}}
    yield timings
    if not any(timings.values()):
        return
    timings["server_start_s"] = lab_server.timings.get("server_start_s")
    timings["measured_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    timings["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "ci": under_ci()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "timings.json").write_text(json.dumps(timings, indent=2, sort_keys=True) + "\n")


def _drop_stale_screenshots() -> None:
    """Remove screenshots of notebooks that no longer exist, so the folder shows only today's lessons."""
    current = {safe_name(nb) for nb in lesson_notebooks()}
    for png in SCREENSHOTS.glob("*.png"):
        if png.name.split("__")[0] not in current:
            png.unlink()


@pytest.fixture(scope="session")
def _browser_tab(chromium_executable, tmp_path_factory):
    """One Chromium with a fresh profile and one tab, reused by every test (keeps the suite quick)."""
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium_executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
            device_scale_factor=1,
            locale="en-GB",
            timezone_id="Europe/Paris",
            service_workers="block",
        )
        context.set_default_timeout(60_000)
        context.on("request", lambda request: log.requests.append(request.url))
        context.on("requestfailed", lambda request: log.failed.append(f"{request.url} ({request.failure})"))
        page = context.pages[0] if context.pages else context.new_page()
        page.on("websocket", lambda ws: log.requests.append(ws.url))
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        # Leaving a notebook with unsaved outputs raises "leave page?": always leave.
        page.on("dialog", lambda dialog: dialog.accept())
        try:
            yield page, log
        finally:
            context.close()


@pytest.fixture
def lab_page(_browser_tab, lab_server, request):
    """The shared tab, its request log cleared; kernels are shut down after each test."""
    page, log = _browser_tab
    log.clear()
    lab = LabPage(page, lab_server, log)
    try:
        yield lab
    finally:
        lab_server.shutdown_kernels()
