"""`make bench`: how quickly a class gets going, and how many students a small server holds.

One run on one machine measures, and checks against the budgets in benchmarks/README.md:

* every lesson notebook (lessons/*.ipynb, read at run time; `_`-templates left out) executed with
  nbclient in a fresh kernel, cwd = lessons/ as in JupyterLab, N runs each; the wall time of
  `execute()` (kernel start, every cell, shutdown). Each lesson run follows a run of
  benchmarks/baseline.ipynb (imports pandas, plotly and ipywidgets only: the floor no lesson can
  beat), so a change of load on a shared machine hits both sides of the ratio alike;
* where each notebook's time went (cell_times.py): cells that use lesson_utils, the other cells,
  round trips between cells, kernel start and stop; and its floor ratio, the ratio it would have if
  lesson_utils took no time;
* each kernel's peak memory (VmHWM, read by one extra cell appended to the in-memory copy);
* `import lesson_utils` and the modules the lessons import, with `python -X importtime`;
* click-to-feedback times of the browser suite (tests/browser/screenshots/timings.json);
* the size of everything shipped in data/, and each figure builder's JSON payload built from the
  real tables (`len(fig.to_json())`);
* quiz start in JupyterLab (bytes, seconds against a quiz without maps), from the browser suite;
* the installed size of a fresh runtime environment (binder/requirements.txt);
* a class on one JupyterHub (hub_load.py): N students at once, submit -> feedback against one
  student alone, hand-ins received, memory per student.

It prints a table and writes benchmarks/results.json with a description of the machine.
Timings are not tests: the exit status is 0 even when a budget is missed (use --strict to fail).

    .venv/bin/python benchmarks/run.py                 # everything, 5 runs per notebook
    .venv/bin/python benchmarks/run.py --runs 3 --only 03_   # quicker, while profiling
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hub_load
from cell_times import split_times

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
DATA = REPO / "data"
BASELINE = Path(__file__).resolve().parent / "baseline.ipynb"
RESULTS = Path(__file__).resolve().parent / "results.json"
TIMINGS = REPO / "tests" / "browser" / "screenshots" / "timings.json"

KB, MB = 1_000, 1_000_000
"""Decimal units throughout (1 KB = 1000 bytes, 1 MB = 10^6 bytes): the stricter reading of the budgets."""

BUDGETS = {
    "package_share": 0.35,  # (notebook time - its floor) / baseline time, every notebook
    "hub_p95_ratio": 3.0,  # p95 submit -> feedback with the class at once / one student alone
    "student_memory_mb": 400.0,  # server + lesson kernel + quiz kernel of one student
    "runtime_env_mb": 450.0,  # a fresh environment from binder/requirements.txt, installed
    "quiz_start_mb": 3.0,  # a quiz with maps, Start -> last map drawn (browser suite)
    "quiz_start_ratio": 2.0,  # ... its time against a quiz without maps
    "import_beyond_pandas_s": 0.15,
    "click_p95_ms": 150.0,
    "kernel_rss_mb": 200.0,
    "figure_payload_kb": 300.0,
    "shipped_data_mb": 5.0,
}

PACKAGES = [
    "paris-summit-lessons",
    "pandas",
    "numpy",
    "plotly",
    "ipywidgets",
    "anywidget",
    "pydantic",
    "pyyaml",
    "ipykernel",
    "jupyter_client",
    "nbclient",
    "nbformat",
    "jupyterlab",
    "psutil",
]

PROBE_MARK = "__bench_kernel_probe__"
PROBE_CELL = f"""\
def _bench_probe():
    import json, resource, sys
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = None
    try:  # VmHWM: this process's own peak. ru_maxrss is not: Linux carries it over from the
        # process that forked the kernel (here the benchmark itself) across exec.
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    print({PROBE_MARK!r}, json.dumps({{"peak_rss_bytes": peak, "cpu_s": usage.ru_utime + usage.ru_stime}}))
_bench_probe()
del _bench_probe"""
"""Appended to the in-memory copy of each notebook (never to the file): the kernel's peak RSS and
the CPU time it used (all threads, kernel start included), read when the last lesson cell is done."""

# The modules the lessons import, and the floor the baseline notebook imports.
LESSON_MODULES = [
    "lesson_utils.data",
    "lesson_utils.figures.delegations",
    "lesson_utils.figures.guarantee_plan",
    "lesson_utils.figures.geography_charts",
    "lesson_utils.figures.geography_maps",
    "lesson_utils.figures.news",
    "lesson_utils.geography",
    "lesson_utils.display",
    "lesson_utils.catalogue",
]
FLOOR_MODULES = ["pandas", "plotly.graph_objects", "ipywidgets"]


# --- helpers ------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (with few samples the 95th is the largest, as it should be)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


SCRATCH = Path(tempfile.mkdtemp(prefix="lesson-bench-"))
"""Quiz answers written during this run; removed at the end."""


def child_env() -> dict[str, str]:
    """The environment for kernels and subprocesses. Quiz answers go to a scratch folder,
    so a run never depends on what an earlier one left behind. Bytecode is
    cached as on a student's machine: some containers set PYTHONDONTWRITEBYTECODE, which would make
    every kernel compile lesson_utils from source again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["LESSON_RESULTS_DIR"] = str(SCRATCH / "results")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f}"


def status(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "MISSED")


# --- the machine --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if sys.platform == "darwin":
        cpu = (
            subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True).stdout.strip()
            or cpu
        )
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_model": cpu,
        "cores_logical": os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "os": platform.platform(),
        "packages": versions,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "ci": os.environ.get("CI", "").lower() in ("1", "true", "yes"),
    }


# --- notebooks ----------------------------------------------------------------------------------


def lesson_notebooks(only: str | None) -> list[Path]:
    found = sorted(p for p in LESSONS.glob("*.ipynb") if not p.name.startswith("_"))
    return [p for p in found if only is None or only in p.name]


def execute(path: Path, timeout: int) -> dict[str, Any]:
    """Run `path` in a fresh kernel from lessons/; wall time of execute() and the kernel's peak RSS."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE_CELL))
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}}
    )
    started = time.perf_counter()
    try:  # the kernel's own log (a warning about TCP without encryption) would bury the table
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except Exception as error:  # a notebook someone is still writing: report it, keep going
        return {"seconds": None, "error": f"{type(error).__name__}: {str(error).strip().splitlines()[-1][:200]}"}
    seconds = time.perf_counter() - started
    lesson_cells = [c for c in notebook.cells[:-1] if c.cell_type == "code"]
    probe: dict[str, Any] = {}
    for output in notebook.cells[-1].get("outputs", []):
        match = re.search(rf"{PROBE_MARK} (.*)", output.get("text", ""))
        if match:
            probe = json.loads(match.group(1))
    return {
        "seconds": seconds,
        "rss_bytes": probe.get("peak_rss_bytes"),
        "cpu_s": probe.get("cpu_s"),
        "error": None,
        "split": split_times(lesson_cells, seconds),
    }


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [r["seconds"] for r in runs]
    cpu = [r["cpu_s"] for r in runs if r.get("cpu_s") is not None]
    rss = [r["rss_bytes"] for r in runs if r.get("rss_bytes")]
    splits = [r["split"] for r in runs if r.get("split")]
    return {
        "split_median_s": {key: median([s[key] for s in splits]) for key in splits[0]} if splits else None,
        "seconds": seconds,
        "median_s": median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "cpu_s": cpu,
        "median_cpu_s": median(cpu) if cpu else None,
        "peak_rss_bytes": max(rss) if rss else None,
    }


def bench_notebooks(notebooks: list[Path], runs: int, timeout: int) -> dict[str, Any]:
    """A warm-up run of each, then `runs` rounds; in each round every notebook runs right after
    its own baseline run, so both sides of a ratio meet the same load."""
    pairs: dict[str, list[tuple[dict, dict]]] = {nb.name: [] for nb in notebooks}
    errors: dict[str, list[str]] = {nb.name: [] for nb in notebooks}
    warmup: dict[str, float | None] = {}
    print(f"Warming up: one untimed run of the baseline and of each of {len(notebooks)} notebooks...", flush=True)
    execute(BASELINE, timeout)
    for nb in notebooks:
        warm = execute(nb, timeout)
        warmup[nb.name] = warm["seconds"]
        if warm["error"]:
            errors[nb.name].append(warm["error"])
            print(f"  {nb.name} does not run, left out: {warm['error']}", flush=True)
    for round_number in range(1, runs + 1):
        print(f"Round {round_number}/{runs} (lesson s / baseline s):", end="", flush=True)
        for nb in notebooks:
            if errors[nb.name]:
                continue
            base = execute(BASELINE, timeout)
            run = execute(nb, timeout)
            if base["error"] or run["error"]:
                errors[nb.name].append(run["error"] or f"baseline: {base['error']}")
                continue
            pairs[nb.name].append((run, base))
            print(f" {nb.stem[:14]} {run['seconds']:.1f}/{base['seconds']:.1f}", end="", flush=True)
        print(flush=True)
    results: dict[str, Any] = {}
    for nb in notebooks:
        done = pairs[nb.name]
        entry: dict[str, Any] = {"errors": errors[nb.name], "warmup_s": warmup[nb.name]}
        if done:
            lesson, base = _summary([r for r, _ in done]), _summary([b for _, b in done])
            ratios = [r["seconds"] / b["seconds"] for r, b in done]
            # The floor of this notebook's ratio: the baseline run plus this notebook's cells that never
            # touch lesson_utils and the round trips between its cells. If every lesson_utils import
            # and call took no time, the notebook could not beat it; the package can only change the rest.
            floor = [
                (b["seconds"] + r["split"]["other_cells_s"] + r["split"]["between_cells_s"]) / b["seconds"]
                for r, b in done
            ]
            entry.update(lesson)
            entry.update(
                baseline_seconds=base["seconds"],
                baseline_median_s=base["median_s"],
                ratio=lesson["median_s"] / base["median_s"],
                pair_ratio_min=min(ratios),
                pair_ratio_max=max(ratios),
                floor_ratio=median(floor),
                baseline_median_cpu_s=base["median_cpu_s"],
                cpu_ratio=(lesson["median_cpu_s"] / base["median_cpu_s"])
                if lesson["median_cpu_s"] and base["median_cpu_s"]
                else None,
            )
        results[nb.name] = entry
    all_base = [b for done in pairs.values() for _, b in done]
    return {"runs": runs, "baseline": _summary(all_base) if all_base else {"seconds": []}, "notebooks": results}


# --- import time --------------------------------------------------------------------------------

_MARK = "@@bench-import-start@@"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_seconds(modules: list[str], preload: list[str]) -> float:
    """Cumulative -X importtime of `modules`, after `preload` is already imported (0 for a module
    already loaded): the top-level entries after a marker, summed."""
    code = "".join(f"import {m}\n" for m in preload)
    code += f"import sys\nsys.stderr.write({_MARK!r} + '\\n')\n" + "".join(f"import {m}\n" for m in modules)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=LESSONS, env=child_env(), capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"importing {modules} failed:\n{done.stderr[-2000:]}")
    total, seen = 0, False
    for line in done.stderr.splitlines():
        if line == _MARK:
            seen = True
            continue
        match = _LINE.match(line)
        if seen and match and len(match.group(3)) == 1:  # one space: a top-level import
            total += int(match.group(2))
    return total / 1e6


def bench_imports(repeats: int) -> dict[str, Any]:
    cases = {
        "import lesson_utils": (["lesson_utils"], []),
        "import lesson_utils, beyond pandas": (["lesson_utils"], ["pandas"]),
        "from lesson_utils import data": (["lesson_utils.data"], []),
        "from lesson_utils import data, beyond pandas": (["lesson_utils.data"], ["pandas"]),
        "lesson modules (data, figures, geography, display, catalogue)": (LESSON_MODULES, []),
        "lesson modules, beyond pandas": (LESSON_MODULES, ["pandas"]),
        "lesson modules, beyond the baseline's imports (pandas, plotly, ipywidgets)": (LESSON_MODULES, FLOOR_MODULES),
        "quiz notebooks: from lesson_utils import quiz, beyond the baseline's imports": (
            ["lesson_utils.quiz"],
            FLOOR_MODULES,
        ),
        "reference: import pandas": (["pandas"], []),
        "reference: the baseline's imports (pandas, plotly, ipywidgets)": (FLOOR_MODULES, []),
    }
    import_seconds(LESSON_MODULES + ["lesson_utils.quiz"], [])  # warm-up: bytecode caches, file cache
    out: dict[str, Any] = {}
    for label, (modules, preload) in cases.items():
        try:
            samples = [import_seconds(modules, preload) for _ in range(repeats)]
        except RuntimeError as error:
            out[label] = {"error": str(error).splitlines()[-1]}
            continue
        out[label] = {
            "modules": modules,
            "after": preload,
            "median_s": median(samples),
            "min_s": min(samples),
            "max_s": max(samples),
            "samples_s": samples,
        }
    return out


# --- browser click-to-feedback ------------------------------------------------------------------


def bench_clicks() -> dict[str, Any]:
    """Click → feedback samples from the browser suite's timings.json, if a run left one."""
    if not TIMINGS.is_file():
        return {"measured": False, "why": f"{TIMINGS.relative_to(REPO)} not found (run the browser suite: make test)"}
    try:
        timings = json.loads(TIMINGS.read_text())
    except (OSError, json.JSONDecodeError) as error:
        return {"measured": False, "why": f"{TIMINGS.relative_to(REPO)} unreadable: {error}"}
    samples = []
    for notebook, quiz in sorted((timings.get("quiz_clicks") or {}).items()):
        for part, key in (
            ("choice", "submit_to_feedback_ms"),
            ("map", "click_to_pick_ms"),
            ("map", "submit_to_feedback_ms"),
        ):
            value = (quiz.get(part) or {}).get(key)
            if isinstance(value, (int, float)):
                samples.append({"notebook": notebook, "what": f"{part} {key}", "ms": float(value)})
    if not samples:
        return {
            "measured": False,
            "why": f"{TIMINGS.relative_to(REPO)} (measured {timings.get('measured_at')}) holds no quiz clicks",
            "measured_at": timings.get("measured_at"),
        }
    ms = [s["ms"] for s in samples]
    return {
        "measured": True,
        "measured_at": timings.get("measured_at"),
        "machine": timings.get("machine"),
        "n": len(ms),
        "median_ms": median(ms),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
        "samples": samples,
    }


def package_share(entry: dict[str, Any]) -> float | None:
    """(notebook - its floor) / baseline = ratio - floor ratio: what the package could still remove."""
    return entry["ratio"] - entry["floor_ratio"] if entry.get("floor_ratio") else None


def bench_quiz_start() -> dict[str, Any]:
    """Bytes and seconds from Start to the last map drawn, from the browser suite's timings.json."""
    try:
        timings = json.loads(TIMINGS.read_text())
    except (OSError, json.JSONDecodeError) as error:
        return {"measured": False, "why": f"{TIMINGS.relative_to(REPO)}: {error} (run the browser suite: make test)"}
    starts = timings.get("quiz_start")
    if not starts:
        return {"measured": False, "why": f"{TIMINGS.relative_to(REPO)} holds no quiz starts"}
    return {"measured": True, "measured_at": timings.get("measured_at"), "quizzes": starts}


def bench_runtime_env() -> dict[str, Any]:
    """Installed size of a fresh environment from the runtime lock (what Binder and a hub image hold)."""
    folder = Path(tempfile.mkdtemp(prefix="runtime-env-"))
    try:
        venv = folder / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(REPO / "binder" / "requirements.txt")], check=True, capture_output=True)
        subprocess.run([*pip, "--no-deps", str(REPO)], check=True, capture_output=True)
        python = str(venv / "bin" / "python")
        subprocess.run([python, str(REPO / "binder" / "slim.py")], check=True, capture_output=True)  # as postBuild does
        sizes = {}
        site = next(venv.glob("lib/python*/site-packages"))
        for entry in site.iterdir():
            sizes[entry.name] = (
                sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
                if entry.is_dir()
                else entry.stat().st_size
            )
        total = sum(f.lstat().st_blocks * 512 for f in venv.rglob("*"))  # space on disk, as `du` counts it
    except (subprocess.CalledProcessError, StopIteration) as error:
        return {"measured": False, "why": f"could not build the runtime environment: {error}"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    top = dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:12])
    return {"measured": True, "total_bytes": total, "largest_bytes": top}


# --- shipped data and figure payloads -----------------------------------------------------------


def bench_data() -> dict[str, Any]:
    files = [p for p in DATA.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")]
    by_part: dict[str, int] = {}
    for path in files:
        rel = path.relative_to(DATA)
        part = rel.parts[0] + "/" if len(rel.parts) > 1 else "*" + path.suffix
        by_part[part] = by_part.get(part, 0) + path.stat().st_size
    largest = max(files, key=lambda p: p.stat().st_size)
    return {
        "total_bytes": sum(by_part.values()),
        "files": len(files),
        "by_part_bytes": dict(sorted(by_part.items())),
        "largest_file": str(largest.relative_to(REPO)),
        "largest_file_bytes": largest.stat().st_size,
    }


def figure_builders() -> list[tuple[str, Callable[[], Any]]]:
    """Every figure the lessons show, built as the lessons build it, from the real tables."""
    from lesson_utils import data
    from lesson_utils.figures import delegations, geography_charts, geography_maps, guarantee_plan, news

    timeline = data.load_timeline
    timeline_end = lambda: timeline()["date"].max()  # noqa: E731
    builders: list[tuple[str, Callable[[], Any]]] = [
        ("delegations.participants_map", lambda: delegations.participants_map(data.load_participants(), timeline())),
        ("delegations.level_counts", lambda: delegations.level_counts(data.load_participants())),
        ("guarantee_plan.guarantee_tree", lambda: guarantee_plan.guarantee_tree(data.load_guarantee())),
        (
            "guarantee_plan.timeline_chart (Feb-Mar 2025)",
            lambda: guarantee_plan.timeline_chart(timeline(), "2025-02-01", "2025-03-31"),
        ),
        (
            "guarantee_plan.timeline_chart (Feb 2025-latest)",
            lambda: guarantee_plan.timeline_chart(timeline(), "2025-02-01", timeline_end()),
        ),
        (
            "geography_maps.locator_map",
            lambda: geography_maps.locator_map(data.load_neighbours(), data.load_features(), timeline()),
        ),
        (
            "geography_maps.physical_map",
            lambda: geography_maps.physical_map(data.load_features(), data.load_cities(), timeline()),
        ),
        (
            "geography_maps.occupation_map",
            lambda: geography_maps.occupation_map(data.load_occupied_regions(), timeline()),
        ),
        ("geography_charts.border_chart", lambda: geography_charts.border_chart(data.load_neighbours())),
        ("geography_charts.climate_chart", lambda: geography_charts.climate_chart(data.load_climate())),
        ("geography_charts.land_cover_chart", lambda: geography_charts.land_cover_chart(data.load_land_cover())),
        ("news.claims_by_verdict", lambda: news.claims_by_verdict(data.load_article_claims())),
    ]
    # The quizzes' clickable maps (one per map question), while the quiz layer exists.
    try:
        from lesson_utils import data as lesson_data
        from lesson_utils.quiz import load_bank
        from lesson_utils.quiz.map_view import map_picture

        for bank_file in sorted((DATA / "quizzes").glob("*.yaml")):
            bank = load_bank(bank_file.stem)
            for question in bank.questions:
                if getattr(question, "type", None) == "map":
                    builders.append(
                        (
                            f"quiz map {bank.id}/{question.id}",
                            lambda q=question: map_picture(q, lesson_data.load_timeline()),
                        )
                    )
    except Exception as error:  # the quiz layer is still being written
        builders.append((f"quiz maps (skipped: {type(error).__name__}: {error})"[:120], None))
    return builders


def bench_figures() -> list[dict[str, Any]]:
    out = []
    for name, build in figure_builders():
        if build is None:
            out.append({"figure": name, "bytes": None, "error": "skipped"})
            continue
        try:
            started = time.perf_counter()
            figure = build()
            built = time.perf_counter() - started
            payload = json.dumps(figure) if isinstance(figure, dict) else figure.to_json()  # a quiz map is plain data
        except Exception as error:
            out.append({"figure": name, "bytes": None, "error": f"{type(error).__name__}: {error}"[:200]})
            continue
        out.append(
            {
                "figure": name,
                "bytes": len(payload.encode("utf-8")),
                "chars": len(payload),
                "traces": len(figure["shapes"])
                if isinstance(figure, dict)
                else len(figure.data),  # a quiz map: its shapes
                "build_s": built,
                "error": None,
            }
        )
    return sorted(out, key=lambda r: -(r["bytes"] or 0))


# --- budgets and the table ----------------------------------------------------------------------


def budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    nbs = {k: v for k, v in results["notebooks"]["notebooks"].items() if v.get("seconds")}
    failed = [k for k, v in results["notebooks"]["notebooks"].items() if not v.get("seconds")]
    shares = {k: share for k, v in nbs.items() if (share := package_share(v)) is not None}
    worst = max(shares.items(), key=lambda kv: kv[1], default=None)
    rows.append(
        {
            "measure": "package share of notebook time: (notebook - floor) / baseline, every notebook",
            "budget": f"<= {BUDGETS['package_share']}",
            "got": (f"worst {worst[1]:.2f} ({worst[0]})" if worst else "no notebook ran")
            + (f"; did not run: {', '.join(failed)}" if failed else ""),
            "ok": bool(worst) and worst[1] <= BUDGETS["package_share"] and not failed,
        }
    )
    imports = results["imports"]
    # `import lesson_utils` itself imports nothing (tests/data/test_data.py holds it to that), so the
    # budget is also held against what every lesson's first line imports: `from lesson_utils import data`.
    checked = {
        "import lesson_utils": "import lesson_utils, beyond pandas",
        "from lesson_utils import data": "from lesson_utils import data, beyond pandas",
    }
    got = {
        short: imports[label]["median_s"] for short, label in checked.items() if "median_s" in imports.get(label, {})
    }
    rows.append(
        {
            "measure": "import lesson_utils beyond pandas",
            "budget": f"<= {BUDGETS['import_beyond_pandas_s']} s",
            "got": "; ".join(f"{short}: {s:.3f} s" for short, s in got.items()),
            "ok": len(got) == len(checked) and all(s <= BUDGETS["import_beyond_pandas_s"] for s in got.values()),
        }
    )
    clicks = results["clicks"]
    rows.append(
        {
            "measure": "click -> feedback, 95th percentile",
            "budget": f"<= {BUDGETS['click_p95_ms']:.0f} ms",
            "got": f"{clicks['p95_ms']:.0f} ms (n = {clicks['n']}, {clicks['measured_at']})"
            if clicks["measured"]
            else "not measured",
            "ok": (clicks["p95_ms"] <= BUDGETS["click_p95_ms"]) if clicks["measured"] else None,
        }
    )
    rss = {k: v["peak_rss_bytes"] for k, v in nbs.items() if v.get("peak_rss_bytes")}
    top = max(rss.items(), key=lambda kv: kv[1], default=None)
    rows.append(
        {
            "measure": "peak kernel memory per lesson",
            "budget": f"<= {BUDGETS['kernel_rss_mb']:.0f} MB",
            "got": f"largest {top[1] / MB:.0f} MB ({top[0]})" if top else "not measured",
            "ok": bool(top) and top[1] <= BUDGETS["kernel_rss_mb"] * MB,
        }
    )
    figures = [f for f in results["figures"] if f["bytes"]]
    biggest = figures[0] if figures else None
    rows.append(
        {
            "measure": "largest figure payload",
            "budget": f"<= {BUDGETS['figure_payload_kb']:.0f} KB",
            "got": f"{biggest['bytes'] / KB:.0f} KB ({biggest['figure']})" if biggest else "not measured",
            "ok": bool(biggest) and biggest["bytes"] <= BUDGETS["figure_payload_kb"] * KB,
        }
    )
    rows += hub_budgets(results.get("hub") or {"skipped": "not run (--students 0)"})
    env = results.get("runtime_env") or {"measured": False, "why": "not run (--no-env)"}
    rows.append(
        {
            "measure": "runtime environment, installed",
            "budget": f"<= {BUDGETS['runtime_env_mb']:.0f} MB",
            "got": f"{env['total_bytes'] / MB:.0f} MB" if env["measured"] else env["why"],
            "ok": env["total_bytes"] <= BUDGETS["runtime_env_mb"] * MB if env["measured"] else None,
        }
    )
    start = results.get("quiz_start") or {"measured": False, "why": "not read"}
    if start["measured"]:
        mapped = {q: v for q, v in start["quizzes"].items() if v["maps"]}
        heaviest = max((max(v["megabytes"]) for v in mapped.values()), default=0)
        slowest = max((v["ratio_to_no_maps"] for v in mapped.values()), default=0)
        got, ok = (
            f"largest {heaviest:.2f} MB, {slowest:.2f}x a quiz without maps ({start['measured_at']})",
            (heaviest <= BUDGETS["quiz_start_mb"] and slowest <= BUDGETS["quiz_start_ratio"]),
        )
    else:
        got, ok = start["why"], None
    rows.append(
        {
            "measure": "quiz start with maps in JupyterLab (bytes; time against a quiz without maps)",
            "budget": f"<= {BUDGETS['quiz_start_mb']:.0f} MB, <= {BUDGETS['quiz_start_ratio']:.0f}x",
            "got": got,
            "ok": ok,
        }
    )
    size = results["data"]["total_bytes"]
    rows.append(
        {
            "measure": "all shipped data (data/)",
            "budget": f"<= {BUDGETS['shipped_data_mb']:.0f} MB",
            "got": f"{size / MB:.2f} MB in {results['data']['files']} files",
            "ok": size <= BUDGETS["shipped_data_mb"] * MB,
        }
    )
    return rows


def hub_report(hub: dict[str, Any]) -> str:
    if "skipped" in hub:
        return f"Class on one hub: not measured ({hub['skipped']})"
    one, load, memory = hub["single"], hub["load"], hub["memory_mb"]
    ready = load["ready_s"]
    rows = [
        ["one student alone", f"{one['p50_ms']:.0f}", f"{one['p95_ms']:.0f}", f"{one['ready_s']:.1f}", "-"],
        [
            f"{hub['students']} students at once",
            f"{load['p50_ms']:.0f}" if load["p50_ms"] else "-",
            f"{load['p95_ms']:.0f}" if load["p95_ms"] else "-",
            f"{ready[len(ready) // 2]:.1f} (slowest {ready[-1]:.1f})" if ready else "-",
            f"{load['wall_s']:.0f}",
        ],
    ]
    return "\n\n".join(
        [
            f"Class on one hub (JupyterHub, local-process spawner, quiz 2 of {hub['questions']} questions, answered "
            "and handed in through the REST API and kernel websockets; the class logs in at once and spends "
            f"{hub.get('think_s', 0):g} s or so on each question): submit -> feedback ms, login -> quiz ready s",
            table(rows, ["", "p50 ms", "p95 ms", "login -> quiz ready s", "whole class s"]),
            f"Hand-ins received: {hub['handins_received']} of {hub['students']}. {reconnects_line(load)} "
            "Memory (RSS) with the class logged in: "
            f"hub {memory['hub']:.0f} MB, proxy {memory['proxy']:.0f} MB, all {memory['total']:.0f} MB; one student's "
            f"server + quiz kernel {statistics.median(memory['per_student_quiz']):.0f} MB (median). One student with "
            f"quiz 2 and lesson 03 open: {hub['per_student_mb']['total']:.0f} MB (server "
            f"{hub['per_student_mb']['server']:.0f}, kernels {', '.join(f'{k:.0f}' for k in hub['per_student_mb']['kernels'])}).",
        ]
    )


def reconnects_line(load: dict[str, Any]) -> str:
    """How often a kernel's websocket closed under load and was opened again (the code sent again)."""
    reconnects = load.get("reconnects", {})
    if not reconnects:
        return "No kernel websocket closed."
    reasons = sorted({reason for closes in reconnects.values() for reason in closes})
    count = sum(len(closes) for closes in reconnects.values())
    return (
        f"Kernel websockets closed and were opened again {count} times, for {len(reconnects)} students "
        f"({'; '.join(reasons)}); each time the code was sent again, as a student presses Submit again."
    )


def hub_budgets(hub: dict[str, Any]) -> list[dict[str, Any]]:
    """The class-on-one-hub rows: submit -> feedback under load, hand-ins received, memory per student."""
    if "skipped" in hub:
        why = f"not measured: {hub['skipped']}"
        return [{"measure": m, "budget": b, "got": why, "ok": None} for m, b in HUB_MEASURES]
    ratio = hub["load"]["p95_ms"] / hub["single"]["p95_ms"] if hub["load"]["p95_ms"] else None
    n = hub["students"]
    return [
        {
            "measure": HUB_MEASURES[0][0],
            "budget": HUB_MEASURES[0][1],
            "got": f"{ratio:.2f}x ({hub['load']['p95_ms']:.0f} ms with {n} students, {hub['single']['p95_ms']:.0f} ms alone)"
            if ratio
            else "no submit finished under load",
            "ok": ratio is not None and ratio <= BUDGETS["hub_p95_ratio"],
        },
        {
            "measure": HUB_MEASURES[1][0],
            "budget": HUB_MEASURES[1][1],
            "got": f"{hub['handins_received']} of {n}"
            + (f"; failed: {hub['load']['failed']}" if hub["load"]["failed"] else "")
            + f" ({sum(map(len, hub['load'].get('reconnects', {}).values()))} websocket reconnects)",
            "ok": hub["handins_received"] == n and not hub["load"]["failed"],
        },
        {
            "measure": HUB_MEASURES[2][0],
            "budget": HUB_MEASURES[2][1],
            "got": f"{hub['per_student_mb']['total']:.0f} MB (server {hub['per_student_mb']['server']:.0f}, kernels "
            + " + ".join(f"{k:.0f}" for k in hub["per_student_mb"]["kernels"])
            + ")",
            "ok": hub["per_student_mb"]["total"] <= BUDGETS["student_memory_mb"],
        },
    ]


HUB_MEASURES = [
    ("class on one hub: p95 submit -> feedback, all at once / one student", f"<= {BUDGETS['hub_p95_ratio']:.0f}x"),
    ("class on one hub: hand-ins received", "N of N, none lost"),
    ("memory per active student (server + lesson + quiz kernel, RSS)", f"<= {BUDGETS['student_memory_mb']:.0f} MB"),
]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A Markdown table (readable in a terminal, pasteable into the README)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])


def split_rows(nb: dict[str, Any]) -> list[list[str]]:
    """One row per notebook (baseline first) of the time split made by `cell_times.split_times`."""
    entries = [("baseline.ipynb", nb["baseline"], None, None)] + [
        (name, e, e.get("ratio"), e.get("floor_ratio")) for name, e in nb["notebooks"].items()
    ]
    rows = []
    for name, entry, ratio, floor in entries:
        split = entry.get("split_median_s")
        if not split:
            continue
        rows.append(
            [
                name,
                f"{split['code_cells']:.0f}",
                fmt_s(split["outside_cells_s"]),
                fmt_s(split["package_s"]),
                fmt_s(split["other_cells_s"]),
                fmt_s(split["between_cells_s"]),
                f"{ratio:.2f}" if ratio else "1.00",
                f"{floor:.2f}" if floor else "-",
            ]
        )
    return rows


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    parts = [
        f"Machine: {m['cpu_model']}, {m['cores_logical']} logical cores, {m['ram_gb']} GB RAM; Python {m['python']}; "
        f"{m['os']}; load average {m['load_average_at_start']} at start, {m.get('load_average_at_end')} at end",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v),
    ]
    nb = results["notebooks"]
    base = nb["baseline"]
    mb = lambda b: f"{b / MB:.0f}" if b else "-"  # noqa: E731
    cpu = lambda c: f"{c:.2f}" if c is not None else "-"  # noqa: E731
    rows = []
    if base["seconds"]:
        rows.append(
            [
                "baseline.ipynb (imports pandas, plotly, ipywidgets)",
                fmt_s(base["median_s"]),
                f"{fmt_s(base['min_s'])}-{fmt_s(base['max_s'])}",
                "1.00",
                "-",
                cpu(base["median_cpu_s"]),
                "1.00",
                mb(base["peak_rss_bytes"]),
                "",
            ]
        )
    for name, e in nb["notebooks"].items():
        if not e.get("seconds"):
            rows.append([name, "-", "-", "-", "-", "-", "-", "-", "did not run: " + "; ".join(e["errors"])[:90]])
            continue
        share = package_share(e)
        ok = (
            share is not None
            and share <= BUDGETS["package_share"]
            and (e["peak_rss_bytes"] or 0) <= BUDGETS["kernel_rss_mb"] * MB
        )
        rows.append(
            [
                name,
                fmt_s(e["median_s"]),
                f"{fmt_s(e['min_s'])}-{fmt_s(e['max_s'])}",
                f"{e['ratio']:.2f}",
                f"{e['pair_ratio_min']:.2f}-{e['pair_ratio_max']:.2f}",
                cpu(e["median_cpu_s"]),
                f"{e['cpu_ratio']:.2f}" if e.get("cpu_ratio") else "-",
                mb(e["peak_rss_bytes"]),
                "ok" if ok else "OVER BUDGET",
            ]
        )
    parts.append(
        f"Notebooks: nbclient execute() in a fresh kernel, cwd lessons/, wall time, median of {nb['runs']} runs, "
        "each run right after a baseline run; ratio = median / median of those baseline runs; "
        "pair ratios = spread of run / its baseline run; kernel CPU = user+sys of the kernel process"
    )
    parts.append(
        table(
            rows,
            [
                "notebook",
                "median s",
                "spread s",
                "ratio",
                "pair ratios",
                "kernel CPU s",
                "CPU ratio",
                "peak RSS MB",
                "",
            ],
        )
    )
    parts.append(
        "Where the notebook time went (median s): kernel start and shutdown, cells that import or call "
        "lesson_utils, the other code cells, and the round trips between cells. Floor ratio = (baseline run "
        "+ this notebook's other cells + its round trips) / baseline run: the ratio if lesson_utils took no "
        "time at all"
    )
    parts.append(
        table(
            split_rows(nb),
            [
                "notebook",
                "code cells",
                "start+stop",
                "lesson_utils cells",
                "other cells",
                "between cells",
                "ratio",
                "floor ratio",
            ],
        )
    )
    rows = [
        [label, f"{r['median_s'] * 1000:.0f}", f"{r['min_s'] * 1000:.0f}-{r['max_s'] * 1000:.0f}"]
        if "median_s" in r
        else [label, "-", r.get("error", "")]
        for label, r in results["imports"].items()
    ]
    parts.append("Import time (python -X importtime, cumulative, median of repeats)")
    parts.append(table(rows, ["import", "median ms", "spread ms"]))
    c = results["clicks"]
    if c["measured"]:
        rows = [[s["notebook"], s["what"], f"{s['ms']:.0f}"] for s in c["samples"]]
        parts.append(
            f"Click -> feedback in JupyterLab (browser suite, measured {c['measured_at']}): "
            f"median {c['median_ms']:.0f} ms, 95th percentile {c['p95_ms']:.0f} ms, n = {c['n']}"
        )
        parts.append(table(rows, ["quiz", "what", "ms"]))
    else:
        parts.append(f"Click -> feedback: not measured ({c['why']})")
    d = results["data"]
    parts.append(
        f"Shipped data: {d['total_bytes'] / KB:.0f} KB in {d['files']} files ("
        + ", ".join(f"{k} {v / KB:.0f} KB" for k, v in d["by_part_bytes"].items())
        + f"); largest file {d['largest_file']} {d['largest_file_bytes'] / KB:.0f} KB"
    )
    rows = [
        [
            f["figure"],
            f"{f['bytes'] / KB:.1f}" if f["bytes"] else "-",
            f.get("traces", "-"),
            f"{f['build_s'] * 1000:.0f}" if f.get("build_s") is not None else "-",
            f.get("error") or "",
        ]
        for f in results["figures"]
    ]
    parts.append("Figure payloads (len(fig.to_json()) in bytes, real tables)")
    parts.append(table(rows, ["figure", "KB", "traces", "build ms", ""]))
    parts.append(hub_report(results.get("hub") or {"skipped": "not run"}))
    env = results.get("runtime_env") or {}
    if env.get("measured"):
        parts.append(
            f"Runtime environment (fresh venv from binder/requirements.txt): {env['total_bytes'] / MB:.0f} MB; largest: "
            + ", ".join(f"{k} {v / MB:.0f}" for k, v in env["largest_bytes"].items())
        )
    rows = [[b["measure"], b["budget"], b["got"], status(b["ok"])] for b in results["budgets"]]
    parts.append("Budgets")
    parts.append(table(rows, ["measure", "budget", "got", ""]))
    return "\n\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per notebook (default 5)")
    parser.add_argument("--import-repeats", type=int, default=7, help="runs per import measurement (default 7)")
    parser.add_argument("--only", help="bench only notebooks whose name contains this")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may take")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument(
        "--students", type=int, default=30, help="students in the hub load test (default 30; 0 leaves it out)"
    )
    parser.add_argument("--no-env", action="store_true", help="do not build the runtime environment to weigh it")
    args = parser.parse_args()

    sys.dont_write_bytecode = False
    env = child_env()
    os.environ.clear()
    os.environ.update(env)  # kernels inherit it
    started = time.perf_counter()
    results: dict[str, Any] = {
        "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "budgets_set": BUDGETS,
    }
    print("Measuring import times...", flush=True)
    results["imports"] = bench_imports(args.import_repeats)
    print("Building figures...", flush=True)
    results["figures"] = bench_figures()
    results["data"] = bench_data()
    results["clicks"] = bench_clicks()
    results["quiz_start"] = bench_quiz_start()
    if not args.no_env:
        print("Installing the runtime environment to weigh it...", flush=True)
        results["runtime_env"] = bench_runtime_env()
    if args.students:
        print(f"A class of {args.students} on one hub...", flush=True)
        results["hub"] = hub_load.measure(args.students)
    notebooks = lesson_notebooks(args.only)
    results["notebooks"] = bench_notebooks(notebooks, args.runs, args.timeout)
    results["machine"]["load_average_at_end"] = (
        [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    )
    results["budgets"] = budgets(results)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(report(results))
    print(
        f"\nWrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output} "
        f"in {results['bench_seconds']:.0f} s."
    )
    shutil.rmtree(SCRATCH, ignore_errors=True)
    missed = [b["measure"] for b in results["budgets"] if b["ok"] is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
