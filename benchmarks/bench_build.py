"""Benchmark report-builder on synthetic cycles of 40, 200 and 1,000 submissions.

    python benchmarks/bench_build.py                 # all sizes
    python benchmarks/bench_build.py --sizes 40 --runs 1

For each size it measures, over several runs (median, min, max):
- the whole `build-report build` (the report and the compilation) as a process: wall time,
  CPU time (user and system) and peak RSS;
- `build-report validate` as a process, of the whole cycle and of one file;
- the stages inside a build (load and validate, analyse, render, write), in process;
- pandoc, when it is on PATH: `pandoc -f markdown -t docx` as a process, on one Markdown
  file of the same content as the two documents (the report as condensed and the
  compilation: headings, numbered paragraphs, highlights, summaries, tables), generated
  from the same data, with about the same number of words;
- with --floor, also docxtpl alone rendering the same contexts into the same two
  templates, as a process and in process;
- the report body's word count, which must stay within the limit of 8,500.
It prints a Markdown table of the figures, the growth exponents between 200 and 1,000,
and which performance targets are met.

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
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from report_builder import build, coverage, load_cycle  # noqa: E402
from report_builder.analysis.condense import condense, offers  # noqa: E402
from report_builder.documents.compilation import compilation_context  # noqa: E402
from report_builder.documents.report import build_context  # noqa: E402
from report_builder.inputs.reference import load_reference  # noqa: E402
from report_builder.inputs.words import word_count  # noqa: E402
from report_builder.word.render import jinja_environment  # noqa: E402
from report_builder.wording.report import credit  # noqa: E402

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


# Performance targets, judged on medians.
BUILD_AT_40 = 1.0  # seconds, whole build of 40 submissions
BUILD_AT_200 = 4.0  # seconds, whole build of 200 submissions
PANDOC_SHARE = 0.5  # the build at 200 takes at most this share of pandoc's time
VALIDATE_ONE = 0.5  # seconds, `validate` of one file, at every size
LINEAR = 1.1  # largest growth exponent between 200 and 1,000 that counts as linear
WORD_LIMIT = 8500


def run_process(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one run of ``build-report args``."""
    return run_command([sys.executable, "-m", "report_builder", *args], cwd)


def run_command(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user and system) of one run of
    ``command``."""
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


def contexts(inputs: Path, shown: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The build's two contexts: the report carrying ``shown`` highlights, as the build
    chose, and the compilation."""
    cycle = load_cycle(inputs, 2027)
    cov = coverage(cycle, as_of=DAY)
    offered = offers(cov, credit)
    reserved = cycle.settings.reserved_words.model_dump()
    # The smallest budget that buys as many highlights as the build showed.
    low, high = 0, 10**7
    while low < high:
        middle = (low + high) // 2
        count = sum(len(h) for h in condense(offered, middle).shown.values())
        low, high = (middle + 1, high) if count < shown else (low, middle)
    return (
        build_context(cycle, cov, DAY, condense(offered, low), reserved),
        compilation_context(cycle, DAY),
    )


def floor_command(report: dict[str, Any], compilation: dict[str, Any], work: Path) -> list[str]:
    """docxtpl alone, as a process: the two contexts into the two templates, saved."""
    command = [sys.executable, "-c", FLOOR]
    for i, (context, template) in enumerate(((report, TEMPLATE), (compilation, CONTRIBUTIONS))):
        context_file = work / f"context-{i}.json"
        context_file.write_text(json.dumps(context), encoding="utf-8")
        command += [str(context_file), str(template), str(work / f"f-{i}.docx")]
    return command


def floor_in_process(report: dict[str, Any], compilation: dict[str, Any]) -> float:
    """Seconds for docxtpl to render and save the two contexts, in this process."""
    from docxtpl import DocxTemplate

    started = time.perf_counter()
    for context, template in ((report, TEMPLATE), (compilation, CONTRIBUTIONS)):
        document = DocxTemplate(template)
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
        document.save(io.BytesIO())
    return time.perf_counter() - started


MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md(text: object) -> str:
    """``text`` as literal Markdown text on one line."""
    return " ".join(str(text).split()).translate(MARKDOWN_SPECIAL)


def md_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(md(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def markdown(report: dict[str, Any], compilation: dict[str, Any]) -> str:
    """The report as condensed and the compilation, as one Markdown file, from the same
    contexts the build renders: pandoc's equivalent of the build's two documents."""
    counts = report["counts"]
    out = [
        f"{md(report['symbol'])}  ",
        "Distr.: General  ",
        f"{md(report['date_text'])}",
        "",
        "# Progress made in the implementation of and follow-up to the outcomes of the World "
        "Summit on the Information Society at the regional and international levels",
        "",
        "**Report of the Secretary-General**",
        "",
        "## Summary",
        "",
        f"The present report responds to the request of the General Assembly in paragraph "
        f"{report['reporting_paragraph']} of its resolution {md(report['resolution'])} of "
        f"{md(report['adopted_text'])}. It was prepared on the basis of contributions from "
        f"{counts['contributors']} entities. Of the {counts['accountable']} entities asked by "
        f"the resolution to act, {counts['accountable_submitted']} submitted a contribution; "
        f"progress was reported on {counts['paragraphs_reported']} of the "
        f"{counts['paragraphs']} paragraphs that call for action.",
        "",
        f"# Progress on the recommendations of resolution {md(report['resolution'])}",
        "",
    ]
    number = 0

    def numbered(text: str) -> None:
        nonlocal number
        number += 1
        out.extend([f"{number}. {text}", ""])

    for theme in report["themes"]:
        out += [f"## {md(theme['title'])}", ""]
        for para in theme["paragraphs"]:
            out += [f"### {md(para['heading'])}", ""]
            if para["state"]:
                numbered(md(para["state"]))
            for group in para["groups"]:
                numbered(" ".join(md(text) for text in group["credits"]))
            out += [f"**\\[{md(flag['note'])}\\]**\n" for flag in para["flags"]]
    out += ["## Milestones", ""]
    out += md_table(
        ["Paragraph", "Milestone", "When", "Reported", "State"],
        (
            [str(m["paragraph"]), m["event"], m["when"], m["status"], m["state"]]
            for m in report["milestones"]
        ),
    )
    for chapter in ("challenges", "conclusions"):
        out += [f"## {chapter.capitalize()}", ""]
        numbered(md(report["placeholders"][chapter]))
    out += ["# Annex I: Actions requested", ""]
    out += md_table(
        ["Paragraph", "Action", "Asked to act"],
        ([str(a["paragraph"]), a["action"], a["asked"]] for a in report["actions"]),
    )
    matrix = report["matrix"]
    out += ["# Annex II: Implementation matrix", ""]
    out += md_table(
        ["Entity", *(str(p) for p in matrix["paragraphs"])],
        ([row["name"], *(c["label"] for c in row["cells"])] for row in matrix["rows"]),
    )
    out += ["# Annex III: Contributing entities", ""]
    out += md_table(
        ["Entity", "Submitted on", "Paragraphs"],
        ([c["name"], c["submitted_on"], c["paragraphs"]] for c in report["contributors"]),
    )
    for title, rows in (("action lines", "action_lines"), ("SDG targets", "sdg_targets")):
        if report[rows]:
            out += [f"## Contributions by {title}", ""]
            out += md_table(
                ["Tag", "Title", "Entities", "Paragraphs"],
                ([r["tag"], r["title"], r["entities"], r["paragraphs"]] for r in report[rows]),
            )
    out += ["# Annex IV: Outstanding reports", ""]
    out += md_table(
        ["Entity", "Outstanding"],
        ([o["name"], o["outstanding"]] for o in report["outstanding"]),
    )

    out += [
        f"# Contributions to the report of the Secretary-General, {compilation['year']} cycle",
        "",
        f"This document compiles the {compilation['count']} contributions received, as at "
        f"{md(compilation['date_text'])}, for the report of the Secretary-General "
        f"{md(compilation['symbol'])} on the implementation of resolution "
        f"{md(compilation['resolution'])}. They are reproduced as submitted.",
        "",
    ]
    for entity in compilation["entities"]:
        out += [f"## {md(entity['name'])} ({md(entity['short'])})", ""]
        out += [f"Submitted on {md(entity['submitted_on'])}.", ""]
        for r in entity["reports"]:
            out += [f"### Paragraph {r['paragraph']}: {md(r['title'])}", "", md(r["action"]), ""]
            out += [f"**Status:** {md(r['status'])}", ""]
            if r["highlight"]:
                out += [f"*Highlight:* {md(r['highlight'])}", ""]
            out += [md(r["summary"]), ""]
            if r["activities"]:
                out += ["Activities", "", *(f"- {md(a)}" for a in r["activities"]), ""]
            if r["indicators"]:
                out += ["Indicators", ""]
                out += md_table(
                    ["Indicator", "Value", "Unit", "Year"],
                    ([i["name"], i["value"], i["unit"], i["year"]] for i in r["indicators"]),
                )
            for label, key in (
                ("Action lines", "action_lines"),
                ("SDG targets", "sdg_targets"),
                ("Challenges", "challenges"),
                ("Next steps", "next_steps"),
            ):
                if r[key]:
                    out += [f"*{label}:* {md(r[key])}", ""]
            if r["links"]:
                out += ["Links", "", *(f"- <{link}>" for link in r["links"]), ""]
    return "\n".join(out) + "\n"


def words(text: str) -> int:
    """Words as the build counts them, in the parts of ``text`` with a letter or digit in
    them: table rules and list markers do not count."""
    return sum(word_count(part) for part in text.split() if any(c.isalnum() for c in part))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_words(path: Path) -> int:
    """Words in the body of a .docx, paragraph by paragraph (headers, footers, notes and
    comments aside)."""
    total = 0
    with zipfile.ZipFile(path) as docx, docx.open("word/document.xml") as xml:
        for _, element in ElementTree.iterparse(xml):
            if element.tag == W + "p":
                text = []
                for node in element.iter():
                    if node.tag == W + "t":
                        text.append(node.text or "")
                    elif node.tag in (W + "tab", W + "br", W + "cr"):
                        text.append(" ")
                total += words("".join(text))
                element.clear()
    return total


def summarize(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def measure(
    size: int, runs: int, work: Path, pandoc: str | None, with_floor: bool
) -> dict[str, list[float]]:
    root = work / f"cycle-{size}"
    root.mkdir()
    inputs = make_cycle(root, size)
    shutil.copytree(REPO / "templates", root / "templates")
    one_file = sorted((inputs / "2027").glob("*.yaml"))[0].relative_to(root)
    results: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        results.setdefault(key, []).append(value)

    floor: list[str] = []
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
        add(
            "validate_one",
            run_process(["validate", "2027", str(one_file), "--inputs", "inputs"], root)[0],
        )
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
        if run == 0:
            # The same content every run: the contexts, the Markdown and the word counts
            # are made once.
            report, compilation = contexts(inputs, result.highlights[0])
            text = markdown(report, compilation)
            (root / "same.md").write_text(text, encoding="utf-8")
            add("md_words", words(text))
            add(
                "docx_words",
                docx_words(out) + docx_words(out.with_name(f"{out.stem}-contributions.docx")),
            )
            if with_floor:
                floor = floor_command(report, compilation, root)
        if pandoc is not None:
            wall, rss, cpu = run_command(
                [pandoc, "-f", "markdown", "-t", "docx", "-o", "pandoc.docx", "same.md"], root
            )
            add("pandoc", wall)
            add("pandoc_cpu", cpu)
            add("pandoc_rss", rss)
        if with_floor:
            add("floor", run_command(floor, root)[0])
            add("floor_render", floor_in_process(report, compilation))
    return results


def median(r: dict[str, list[float]], key: str) -> float | None:
    return statistics.median(r[key]) if key in r else None


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def targets(table: dict[int, dict[str, list[float]]]) -> list[str]:
    """One phrase per target that the sizes measured can judge."""
    said = []
    if 40 in table:
        build40 = statistics.median(table[40]["build"])
        said.append(
            f"build at 40 ≤ {BUILD_AT_40:g} s ({build40:.2f}): {verdict(build40 <= BUILD_AT_40)}"
        )
    if 200 in table:
        build200 = statistics.median(table[200]["build"])
        said.append(
            f"build at 200 ≤ {BUILD_AT_200:g} s ({build200:.2f}): "
            f"{verdict(build200 <= BUILD_AT_200)}"
        )
        pandoc200 = median(table[200], "pandoc")
        if pandoc200 is None:
            said.append("build at 200 ≤ half of pandoc's time: not measured (no pandoc)")
        else:
            share = build200 / pandoc200
            said.append(
                f"build/pandoc at 200 ≤ {PANDOC_SHARE:g} ({share:.2f}): "
                f"{verdict(share <= PANDOC_SHARE)}"
            )
    slowest = max(statistics.median(r["validate_one"]) for r in table.values())
    said.append(
        f"validate of one file ≤ {VALIDATE_ONE:g} s at every size (at most {slowest:.2f}): "
        f"{verdict(slowest <= VALIDATE_ONE)}"
    )
    if 200 in table and 1000 in table:
        exponent = growth(table, "build")
        said.append(
            f"growth exponent 200 → 1,000 ≤ {LINEAR:g} ({exponent:.2f}): "
            f"{verdict(exponent <= LINEAR)}"
        )
    longest = max(max(r["words"]) for r in table.values())
    said.append(
        f"report body ≤ {WORD_LIMIT:,} words at every size (at most {longest:,.0f}): "
        f"{verdict(longest <= WORD_LIMIT)}"
    )
    return said


def growth(table: dict[int, dict[str, list[float]]], key: str) -> float:
    return math.log(
        statistics.median(table[1000][key]) / statistics.median(table[200][key])
    ) / math.log(5)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time docxtpl alone on the same contexts and templates (about a third more time)",
    )
    args = parser.parse_args()

    pandoc = shutil.which("pandoc")
    version = ""
    if pandoc is not None:
        output = subprocess.run([pandoc, "--version"], capture_output=True, text=True)
        version = (output.stdout.splitlines() or ["pandoc"])[0] + ", "
    print(
        f"report-builder benchmark on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}, {version}{args.runs} run{'s' * (args.runs != 1)} per size; "
        "median (min–max), seconds. The synthetic submissions are generated data for "
        "measuring speed; they describe nothing."
    )
    if pandoc is None:
        print("pandoc is not on PATH: the comparison with pandoc is skipped.")
    table: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            table[size] = measure(size, args.runs, Path(tmp), pandoc, args.floor)

    print("\nInside a build (in process), and the content pandoc is given:\n")
    stages = ["load and validate", "analyse", "render", "write"]
    detail = ["submissions", *stages, "highlights shown", "words, both .docx", "words, Markdown"]
    if pandoc is not None:
        detail += ["pandoc CPU", "pandoc peak RSS MB"]
    if args.floor:
        detail += ["docxtpl floor (process)", "build/floor", "docxtpl alone", "render/docxtpl"]
    rows = []
    for size, r in table.items():
        row = [
            f"{size:,}",
            *(summarize(r[s]) for s in stages),
            f"{statistics.median(r['highlights']):,.0f} of {max(r['reports']):,.0f}",
            f"{max(r['docx_words']):,.0f}",
            f"{max(r['md_words']):,.0f}",
        ]
        if pandoc is not None:
            row += [summarize(r["pandoc_cpu"]), f"{max(r['pandoc_rss']):.0f}"]
        if args.floor:
            row += [
                summarize(r["floor"]),
                f"{statistics.median(r['build']) / statistics.median(r['floor']):.2f}",
                summarize(r["floor_render"]),
                f"{statistics.median(r['render']) / statistics.median(r['floor_render']):.2f}",
            ]
        rows.append(row)
    print_table(detail, rows)

    print("\nThe whole build (the report and the compilation) and validate, as processes:\n")
    header = [
        "submissions",
        "build, wall",
        "build, CPU",
        "build, peak RSS MB",
        "validate (cycle)",
        "validate (one file)",
        "pandoc, wall",
        "build/pandoc",
        "report body words",
    ]
    rows = []
    for size, r in table.items():
        pandoc_time = median(r, "pandoc")
        rows.append(
            [
                f"{size:,}",
                summarize(r["build"]),
                summarize(r["build_cpu"]),
                f"{max(r['build_rss']):.0f}",
                summarize(r["validate"]),
                summarize(r["validate_one"]),
                "–" if pandoc_time is None else summarize(r["pandoc"]),
                "–"
                if pandoc_time is None
                else f"{statistics.median(r['build']) / pandoc_time:.2f}",
                f"{max(r['words']):,.0f}",
            ]
        )
    print_table(header, rows)
    print()
    if 200 in table and 1000 in table:
        keys: list[tuple[str, str]] = [("build", "whole build"), ("validate", "validate (cycle)")]
        if pandoc is not None:
            keys.append(("pandoc", "pandoc"))
        if args.floor:
            keys.append(("floor", "docxtpl floor"))
        print(
            "Growth exponent 200 → 1,000: "
            + "; ".join(f"{label} {growth(table, key):.2f}" for key, label in keys)
            + "."
        )
    print("Targets: " + "; ".join(targets(table)) + ".")


if __name__ == "__main__":
    main()
