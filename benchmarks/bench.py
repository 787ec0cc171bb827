"""Benchmark: validate and build N synthetic cases; print a table of figures.

Run with `invoke bench` (or `python -m benchmarks.bench 10 200`). Each
measurement runs in a fresh process, as a contributor or maintainer would run
it, and reports wall time and the child's peak memory (max RSS). Plain
WeasyPrint rendering the same HTML is measured in the same run as the ratio to
beat. Synthetic cases are generated text, never bundled cases.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pipeline.reference import sections

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "partnership",
    "company",
    "supply",
    "chain",
    "workers",
    "wages",
    "study",
    "access",
    "audit",
    "union",
    "farmers",
    "cooperative",
    "standard",
    "evaluation",
    "independence",
    "report",
    "buyer",
    "training",
    "premium",
    "income",
    "risk",
    "trust",
    "dialogue",
    "commitment",
    "progress",
]
# The sections a synthetic case fills (all but the questions, written separately).
HEADINGS = tuple(s.heading("en") for s in sections() if s.key != "questions")
FORMS = ["joint-research", "supply-chain", "standard-setting", "advocacy", "convening"]
COUNTRIES = ["VN", "BE", "NL", "GB", "CI", "KE", "IN", "PE"]


def _paragraphs(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(40, 90)
        sentence_words = [rng.choice(WORDS) for _ in range(n)]
        out.append(" ".join(sentence_words).capitalize() + ".")
        count += n
    return "\n\n".join(out)


def synthetic_case(i: int, words: int = 1500) -> str:
    """A valid case of about `words` words; deterministic for a given i."""
    rng = random.Random(i)
    case_id = f"synthetic-{i:05d}"
    per_section = words // len(HEADINGS)
    body = "\n".join(f"## {h}\n\n{_paragraphs(rng, per_section)}\n" for h in HEADINGS)
    return f"""---
id: {case_id}
title: "Synthetic case {i}: NGO {i % 37} and Company {i % 53}"
language: en
summary: >-
  A generated case for benchmarks only. NGO {i % 37} and Company {i % 53}
  worked together on a programme; the text below is random words.
scope: national
partners:
  - name: NGO {i % 37}
    type: ngo
    role: Led the programme.
  - name: Company {i % 53}
    type: company
    role: Funded and hosted the programme.
countries:
  - {COUNTRIES[i % len(COUNTRIES)]}
sectors:
  - agriculture-food
forms:
  - {FORMS[i % len(FORMS)]}
risks:
  - loss-of-independence
status: active
started: {2000 + i % 25}
sources:
  - title: "Synthetic source {i}"
    url: https://example.org/{case_id}
---

{body}
## Questions for discussion

1. What would you do?
"""


def write_library(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"synthetic-{i:05d}.md").write_text(synthetic_case(i), encoding="utf-8")


def _tree_rss(pid: int) -> int:
    """Resident memory (KiB) of process `pid` and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        todo.extend(int(child) for child in children)
    return total


def _run(args: list[str]) -> tuple[float, float]:
    """Run a Python child; return (wall seconds, peak MiB of the child with its workers).

    The build renders in worker processes, so the peak is the largest sum of the
    resident memory of the child and all its descendants, sampled every 20 ms
    (and never less than the child's own peak from wait4).
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}")
    child.stderr.close()
    return wall, max(peak, usage.ru_maxrss) / 1024


def _plain_weasyprint(cases: Path, out: Path) -> tuple[float, float]:
    """Render the same casebook as one document with plain WeasyPrint (default options).

    Returns the seconds of rendering and writing alone (no imports, no
    validation) and the process's peak memory in MiB.
    """
    code = (
        "import sys, time; from pathlib import Path;"
        "from pipeline.build import load_library; from pipeline.provenance import build_date;"
        "from pipeline.casebook.html import casebook_html;"
        "from pipeline.config import CASEBOOK_TEMPLATES, casebook_config;"
        "from pipeline.edition import BuildInfo, Edition;"
        "_, lib = load_library(Path(sys.argv[1]));"
        "info = BuildInfo(build_date(Path(sys.argv[1])), 'bench', casebook_config());"
        "html = casebook_html(lib, Edition(), info);"
        "from weasyprint import HTML; t = time.perf_counter();"
        "doc = HTML(string=html, base_url=CASEBOOK_TEMPLATES.as_uri() + '/').render();"
        "doc.write_pdf(sys.argv[2]); print(time.perf_counter() - t, len(doc.pages))"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(cases), str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("plain WeasyPrint failed")
    return float(output.split()[0]), usage.ru_maxrss / 1024


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def bench(sizes: list[int]) -> str:
    rows = [
        "| cases | validate (s) | build cold (s) | no change (s) | one edit (s) | edit / cold "
        "| edit adding a page (s) | pages | pages/s | plain WeasyPrint (s) | cold / plain "
        "| cold build peak (MiB) | plain peak (MiB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        try:
            cases, out = tmp / "cases", tmp / "out"
            write_library(cases, n)
            validate, _ = _run(["-m", "pipeline", "validate", "--cases", str(cases)])
            build = ["-m", "pipeline", "build", "--cases", str(cases), "--out", str(out)]
            cold, peak = _run(build)
            again, _ = _run(build)
            # One word in the middle case: the kind of fix made the night before a workshop.
            middle = cases / f"synthetic-{n // 2:05d}.md"
            middle.write_text(middle.read_text().replace("Led the programme.", "Led it."))
            edit, _ = _run(build)
            # A longer edit: a page more in the middle case moves every page after it.
            text = middle.read_text()
            added = "\n\n" + _paragraphs(random.Random(-1), 700) + "\n"
            middle.write_text(
                text.replace(
                    "\n## Questions for discussion", added + "\n## Questions for discussion"
                )
            )
            grown, _ = _run(build)
            pages = _pages(out / "casebook.pdf")
            plain, plain_peak = _plain_weasyprint(cases, tmp / "plain.pdf")
            rows.append(
                f"| {n} | {validate:.2f} | {cold:.1f} | {again:.2f} | {edit:.1f} | {edit / cold:.2f} "
                f"| {grown:.1f} | {pages} | {pages / cold:.1f} | {plain:.1f} | {cold / plain:.2f} "
                f"| {peak:.0f} | {plain_peak:.0f} |"
            )
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(rows)


def bench_validate(sizes: list[int]) -> str:
    """The pull-request check alone: `python -m pipeline validate` on N cases, whole process."""
    rows = ["| cases | validate (s) | peak RSS (MiB) |", "|---:|---:|---:|"]
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        try:
            write_library(tmp / "cases", n)
            seconds, peak = _run(["-m", "pipeline", "validate", "--cases", str(tmp / "cases")])
            rows.append(f"| {n} | {seconds:.2f} | {peak:.0f} |")
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(rows)


if __name__ == "__main__":
    print(bench([int(a) for a in sys.argv[1:]] or [10, 200]))
