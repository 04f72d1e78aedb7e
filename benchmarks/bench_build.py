"""Benchmark report-builder on synthetic cycles of 50, 200 and 1,000 submissions.

    python benchmarks/bench_build.py                 # all sizes
    python benchmarks/bench_build.py --sizes 50 --runs 1

For each size it measures, over several runs (median, min, max):
- the whole `build-report build` as a process: wall time, CPU time (user and system, the
  process and the second process it forks together) and peak RSS;
- `build-report validate` as a process;
- the stages inside a build (load and validate, analyse, render, write), in process;
- the floor: docxtpl rendering the same contexts into the same two templates (the report,
  as condensed, and the compilation), nothing else;
- the report body's word count, which must stay within the limit of 8,500.
It prints the ratio build / floor and the growth exponent between 200 and 1,000.

The synthetic submissions are generated data for measuring speed; they describe nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from report_builder import build, coverage, load_cycle  # noqa: E402
from report_builder.analysis.condense import condense, offers  # noqa: E402
from report_builder.documents.report import build_context, compilation_context  # noqa: E402
from report_builder.inputs.reference import load_reference  # noqa: E402
from report_builder.word.render import jinja_environment  # noqa: E402

TEMPLATE = REPO / "templates" / "report_template.docx"
CONTRIBUTIONS = REPO / "templates" / "contributions_template.docx"
DAY = dt.date(2027, 3, 15)
WORDS = [
    "digital",
    "connectivity",
    "capacity",
    "policy",
    "support",
    "regional",
    "national",
    "programme",
    "data",
    "infrastructure",
    "partnership",
    "skills",
    "access",
    "inclusion",
    "development",
    "review",
    "indicator",
    "technical",
    "assistance",
    "strategy",
    "cooperation",
    "network",
    "services",
    "platform",
    "governance",
]
STATUSES = ["not_started", "planned", "in_progress", "completed", "ongoing"]
# Accountable organizations left out on purpose, so that the draft carries flags.
ABSENT = {"ECA", "ECE", "UNGA", "UNSG", "WSIS-Forum", "FAO", "ILO"}


def make_cycle(root: Path, submissions: int, seed: int = 1) -> Path:
    """A copy of the reference data plus ``submissions`` synthetic submissions for 2027."""
    rng = random.Random(seed)
    inputs = root / "inputs"
    shutil.copytree(REPO / "inputs", inputs, ignore=shutil.ignore_patterns("2027"))
    reference = load_reference(inputs)
    paragraphs = list(reference.actions)
    real = [
        e.id
        for e in reference.registry.entities.values()
        if e.kind == "organization" and e.id not in ABSENT
    ]
    submitters = real[:submissions]
    extra = submissions - len(submitters)
    with open(inputs / "entities.yaml", "a", encoding="utf-8") as registry:
        registry.write("\n  # Synthetic organizations for the benchmark.\n")
        for i in range(extra):
            registry.write(
                f"  - id: bench-{i:05d}\n    name: Benchmark organization {i:05d}\n"
                "    kind: organization\n"
            )
            submitters.append(f"bench-{i:05d}")
    folder = inputs / "2027"
    folder.mkdir()
    for entity in submitters:
        lines = [
            "# Synthetic benchmark data; describes nothing.",
            f"entity: {entity}",
            "cycle: 2027",
            "submitted: 2027-01-31",
            "reports:",
        ]
        for paragraph in sorted(rng.sample(paragraphs, 10)):
            summary = " ".join(rng.choice(WORDS) for _ in range(rng.randint(100, 200)))
            lines += [
                f"  - paragraph: {paragraph}",
                f"    status: {rng.choice(STATUSES)}",
                f"    summary: {summary}.",
                "    activities: [Workshop held, Guidance published]",
                "    indicators:",
                f"      - name: Countries supported\n        value: {rng.randint(1, 50)}\n"
                "        unit: countries\n        year: 2026",
                f"    links: [https://example.org/{entity}/{paragraph}]",
            ]
        (folder / f"{entity.lower()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return inputs


def run_process(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one run of ``build-report args``."""
    return run_command([sys.executable, "-m", "report_builder", *args], cwd)


def run_command(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one run of ``command``, counting the
    processes it waited for."""
    # As on an ordinary installation, Python may cache bytecode (some machines turn that
    # off, which would charge every run for compiling report-builder's modules).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # A file, not a pipe: warnings fill a pipe's buffer and would block the child.
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


FLOOR = """
import json, sys
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
for context, template, out in zip(sys.argv[1::3], sys.argv[2::3], sys.argv[3::3]):
    document = DocxTemplate(template)
    document.render(
        json.load(open(context, encoding="utf-8")),
        jinja_env=SandboxedEnvironment(autoescape=True),
        autoescape=True,
    )
    document.save(out)
"""


def floor(inputs: Path, work: Path, shown: int) -> tuple[float, float]:
    """docxtpl alone, as a process: the same contexts into the same templates, saved: the
    report carrying ``shown`` highlights, as the build chose, and the compilation.

    Returns (process wall seconds, in-process seconds for render and save)."""
    from docxtpl import DocxTemplate

    cycle = load_cycle(inputs, 2027)
    cov = coverage(cycle, as_of=DAY)
    offered = offers(cov)
    # The smallest budget that buys as many highlights as the build showed.
    low, high = 0, 10**7
    while low < high:
        middle = (low + high) // 2
        count = sum(len(h) for h in condense(offered, middle).shown.values())
        low, high = (middle + 1, high) if count < shown else (low, middle)
    contexts = [
        (build_context(cycle, cov, DAY, condense(offered, low)), TEMPLATE),
        (compilation_context(cycle, cov, DAY), CONTRIBUTIONS),
    ]
    command = [sys.executable, "-c", FLOOR]
    inner = 0.0
    for i, (context, template) in enumerate(contexts):
        context_file = work / f"context-{i}.json"
        context_file.write_text(json.dumps(context), encoding="utf-8")
        command += [str(context_file), str(template), str(work / f"f-{i}.docx")]
        started = time.perf_counter()
        document = DocxTemplate(template)
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
        document.save(io.BytesIO())
        inner += time.perf_counter() - started
    return run_command(command, work)[0], inner


def summarize(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} ({min(values):.2f}–{max(values):.2f})"


def measure(size: int, runs: int, work: Path) -> dict[str, list[float]]:
    root = work / f"cycle-{size}"
    root.mkdir()
    inputs = make_cycle(root, size)
    shutil.copytree(REPO / "templates", root / "templates")
    results: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        results.setdefault(key, []).append(value)

    run_process(["--help"], root)  # warm-up: caches bytecode, fills the disk cache
    for run in range(runs):
        out = root / "outputs" / f"run-{run}.docx"
        wall, rss, cpu = run_process(
            ["build", "2027", "--inputs", "inputs", "--output", str(out), "--date", "2027-03-15"],
            root,
        )
        add("build", wall)
        add("build_cpu", cpu)
        add("build_rss", rss)
        add("validate", run_process(["validate", "2027", "--inputs", "inputs"], root)[0])
        result = build(
            2027,
            inputs=inputs,
            template=TEMPLATE,
            output=root / "inproc" / "d.docx",
            date=DAY,
            force=True,
        )
        for stage, seconds in result.timings.items():
            add(stage, seconds)
        add("words", result.word_count)
        add("highlights", result.highlights[0])
        add("reports", result.highlights[1])
        process, inner = floor(inputs, root, result.highlights[0])
        add("floor", process)
        add("floor_render", inner)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    print(
        f"report-builder benchmark on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}, {args.runs} run{'s' * (args.runs != 1)} per size; "
        "median (min–max), seconds"
    )
    table: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            table[size] = measure(size, args.runs, Path(tmp))

    stages = ["load and validate", "analyse", "render", "write"]
    header = [
        "submissions",
        "build (process)",
        "CPU of build",
        "peak RSS MB",
        "validate (process)",
        *stages,
        "docxtpl floor (process)",
        "build/floor",
        "docxtpl render alone",
        "render/docxtpl",
        "report words",
        "highlights shown",
    ]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for size, r in table.items():
        ratio = statistics.median(r["build"]) / statistics.median(r["floor"])
        inner = statistics.median(r["render"]) / statistics.median(r["floor_render"])
        print(
            " | ".join(
                [
                    f"{size:,}",
                    summarize(r["build"]),
                    summarize(r["build_cpu"]),
                    f"{max(r['build_rss']):.0f}",
                    summarize(r["validate"]),
                    *(summarize(r[s]) for s in stages),
                    summarize(r["floor"]),
                    f"{ratio:.2f}",
                    summarize(r["floor_render"]),
                    f"{inner:.2f}",
                    f"{max(r['words']):,.0f}",
                    f"{statistics.median(r['highlights']):,.0f} of {max(r['reports']):,.0f}",
                ]
            )
        )
    if 200 in table and 1000 in table:
        for key, label in (
            ("build", "whole build"),
            ("validate", "validate"),
            ("floor", "docxtpl floor"),
        ):
            exponent = math.log(
                statistics.median(table[1000][key]) / statistics.median(table[200][key])
            ) / math.log(5)
            print(f"growth exponent 200 -> 1,000, {label}: {exponent:.2f}")


if __name__ == "__main__":
    main()
