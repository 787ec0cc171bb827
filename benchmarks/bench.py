"""Benchmark: validate and build N synthetic cases; print a table of figures.

Run with `invoke bench` (or `python -m benchmarks.bench 10 200`). Each
measurement runs in a fresh process, as a contributor or maintainer would run
it, and reports wall time, the child's peak memory (with its workers) and, for a
cold build, the CPU time it took. Plain
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
from typing import NamedTuple

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


def write_library(folder: Path, n: int, words: int = 1500) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"synthetic-{i:05d}.md").write_text(synthetic_case(i, words), encoding="utf-8")


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


HIDE_HB_SUBSET = Path(__file__).resolve().parent / "without_hb_subset"


def _environment(hide_hb_subset: bool) -> dict[str, str]:
    """The children's environment: this checkout first on PYTHONPATH and, with
    `hide_hb_subset`, HarfBuzz's subset library hidden from WeasyPrint (see
    benchmarks/without_hb_subset/sitecustomize.py), as on a fresh machine."""
    env = dict(os.environ)
    path = [str(ROOT), env.get("PYTHONPATH", "")]
    if hide_hb_subset:
        path.insert(0, str(HIDE_HB_SUBSET))
    env["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
    return env


ENV: dict[str, str] = _environment(False)


def hb_subset_present() -> bool:
    """Whether WeasyPrint, started as the benchmark's children are, finds HarfBuzz's subset
    library."""
    code = "from weasyprint.text.ffi import harfbuzz_subset; print(harfbuzz_subset is not None)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().endswith("True")


class Run(NamedTuple):
    wall: float  # seconds
    peak: float  # MiB, the child with its workers
    cpu: float  # seconds of CPU (user and system) of the child and its workers


def _run(args: list[str]) -> Run:
    """Run a Python child; its wall time, peak memory and CPU time.

    The build renders in worker processes, so the peak is the largest sum of the
    resident memory of the child and all its descendants, sampled every 20 ms
    (and never less than the child's own peak from wait4). The CPU time is wait4's,
    which counts the workers the child waited for.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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
    return Run(wall, max(peak, usage.ru_maxrss) / 1024, usage.ru_utime + usage.ru_stime)


# The project's own casebook HTML (all of it, as `casebook_html` writes it) as one plain
# WeasyPrint document with default options.
_PROJECT_HTML = (
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
# The same case texts with a minimal stylesheet (A4, a serif body, a page counter): what
# a plain WeasyPrint script gets, the pages per second to match.
_MINIMAL = (
    "import sys, time, html as h; from pathlib import Path;"
    "from pipeline.build import load_library; from pipeline.markup import markdown_to_html;"
    "_, lib = load_library(Path(sys.argv[1]));"
    "css = '@page { size: A4; margin: 22mm; @bottom-right { content: counter(page) } }"
    " body { font: 10pt/1.45 serif } article { break-before: page }';"
    "body = ''.join('<article><h1>' + h.escape(c.meta.title) + '</h1>' + ''.join("
    "str(markdown_to_html(t)) for t in c.case.sections.values()) + '</article>'"
    " for c in lib.cases);"
    "doc_html = '<html lang=en><style>' + css + '</style><body>' + body + '</body></html>';"
    "from weasyprint import HTML; t = time.perf_counter();"
    "doc = HTML(string=doc_html).render();"
    "doc.write_pdf(sys.argv[2]); print(time.perf_counter() - t, len(doc.pages))"
)


def _weasyprint(code: str, cases: Path, out: Path) -> tuple[float, int, float]:
    """Run one of the plain WeasyPrint scripts; (seconds of rendering and writing alone,
    pages, the process's peak MiB)."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(cases), str(out)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("plain WeasyPrint failed")
    seconds, pages = output.split()[-2:]
    return float(seconds), int(pages), usage.ru_maxrss / 1024


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


COLUMNS = (
    "cases",
    "validate (s)",
    "build cold (s)",
    "no change (s)",
    "one-word edit (s)",
    "edit / cold",
    "edit adding a page (s)",
    "adding / cold",
    "pages",
    "pages/s",
    "minimal plain WeasyPrint (s)",
    "its pages/s",
    "pages/s ratio",
    "cold at 0.8 would be (s)",
    "cold CPU (s)",
    "CPU / cores (s)",
    "project HTML as one document (s)",
    "cold / one document",
    "cold peak (MiB)",
    "PDF (KB)",
)


def bench(sizes: list[int], *, words: int = 1500, one_document: bool = True) -> str:
    """The build figures for each number of synthetic cases, as a Markdown table.

    `words`: of each synthetic case (1,500 are about five pages; 600 about two);
    `one_document`: also time the project's own HTML as one plain WeasyPrint document
    (slow: the long step of a big run).
    """
    rows = [
        f"HarfBuzz's subset library: {'present' if hb_subset_present() else 'absent'}"
        f" (as WeasyPrint finds it in the children); {words} words a case; "
        f"{os.cpu_count()} cores.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---:|" * len(COLUMNS),
    ]
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        try:
            cases, out = tmp / "cases", tmp / "out"
            write_library(cases, n, words)
            validate = _run(["-m", "pipeline", "validate", "--cases", str(cases)]).wall
            build = ["-m", "pipeline", "build", "--cases", str(cases), "--out", str(out)]
            cold, peak, cpu = _run(build)
            pages = _pages(out / "casebook.pdf")
            size = (out / "casebook.pdf").stat().st_size / 1000
            again = _run(build).wall
            # One word in the middle case: the kind of fix made the night before a workshop.
            middle = cases / f"synthetic-{n // 2:05d}.md"
            middle.write_text(middle.read_text().replace("Led the programme.", "Led it."))
            edit = _run(build).wall
            # A longer edit: a page more in the middle case moves every page after it.
            text = middle.read_text()
            added = "\n\n" + _paragraphs(random.Random(-1), 700) + "\n"
            middle.write_text(
                text.replace(
                    "\n## Questions for discussion", added + "\n## Questions for discussion"
                )
            )
            grown = _run(build).wall
            minimal, minimal_pages, _ = _weasyprint(_MINIMAL, cases, tmp / "minimal.pdf")
            whole = (
                _weasyprint(_PROJECT_HTML, cases, tmp / "whole.pdf")[0] if one_document else None
            )
            rate, minimal_rate = pages / cold, minimal_pages / minimal
            cells = [
                f"{n}",
                f"{validate:.2f}",
                f"{cold:.1f}",
                f"{again:.2f}",
                f"{edit:.1f}",
                f"{edit / cold:.2f}",
                f"{grown:.1f}",
                f"{grown / cold:.2f}",
                f"{pages}",
                f"{rate:.1f}",
                f"{minimal:.1f}",
                f"{minimal_rate:.1f}",
                f"{rate / minimal_rate:.2f}",
                f"{pages / (0.8 * minimal_rate):.1f}",
                f"{cpu:.0f}",
                f"{cpu / (os.cpu_count() or 1):.1f}",
                f"{whole:.1f}" if whole is not None else "–",
                f"{cold / whole:.2f}" if whole is not None else "–",
                f"{peak:.0f}",
                f"{size:.0f}",
            ]
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(rows)


def bench_bundled() -> str:
    """The bundled library: a cold `python -m pipeline build` (every product, whole process)
    against the same casebook HTML as one plain WeasyPrint document (rendering alone)."""
    tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    try:
        cases = ROOT / "cases"
        out = tmp / "out"
        cold, peak, _cpu = _run(
            ["-m", "pipeline", "build", "--cases", str(cases), "--out", str(out)]
        )
        pages = _pages(out / "casebook.pdf")
        size = (out / "casebook.pdf").stat().st_size / 1000
        whole, whole_pages, _ = _weasyprint(_PROJECT_HTML, cases, tmp / "whole.pdf")
        whole_size = (tmp / "whole.pdf").stat().st_size / 1000
        return "\n".join(
            [
                "| bundled library | build cold (s) | pages | PDF (KB) | peak (MiB) "
                "| its HTML as one plain WeasyPrint document (s) | pages | PDF (KB) | cold / one document |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
                f"| {len(list(cases.glob('[!_]*.md')))} case files | {cold:.1f} | {pages} | {size:.0f} "
                f"| {peak:.0f} | {whole:.1f} | {whole_pages} | {whole_size:.0f} | {cold / whole:.2f} |",
            ]
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_validate(sizes: list[int]) -> str:
    """The pull-request check alone: `python -m pipeline validate` on N cases, whole process;
    then `--changed` with one file changed on a branch of a git repository of them."""
    rows = [
        "| cases | validate (s) | validate --changed, one file changed (s) | peak RSS (MiB) |",
        "|---:|---:|---:|---:|",
    ]
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        try:
            cases = tmp / "cases"
            write_library(cases, n)
            seconds, peak, _cpu = _run(["-m", "pipeline", "validate", "--cases", str(cases)])
            for args in (
                ("init", "-q", "-b", "main"),
                ("add", "-A"),
                (
                    "-c",
                    "user.name=bench",
                    "-c",
                    "user.email=bench@example.org",
                    "commit",
                    "-qm",
                    "cases",
                ),
                ("checkout", "-qb", "a-pull-request"),
            ):
                subprocess.run(["git", *args], cwd=tmp, check=True, capture_output=True)
            middle = cases / f"synthetic-{n // 2:05d}.md"
            middle.write_text(middle.read_text().replace("Led the programme.", "Led it."))
            changed = _run(
                ["-m", "pipeline", "validate", "--cases", str(cases), "--changed", "--base", "main"]
            ).wall
            rows.append(f"| {n} | {seconds:.2f} | {changed:.2f} | {peak:.0f} |")
            print(rows[-1], flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(rows)


def bench_preview(case_id: str = "oxfam-unilever-vietnam") -> str:
    """`invoke preview` of one bundled case, whole process (a PDF into output/preview/)."""
    seconds, peak, _cpu = _run(["-m", "invoke", "preview", case_id])
    return "\n".join(
        [
            "| `invoke preview` | wall (s) | peak (MiB) |",
            "|---|---:|---:|",
            f"| {case_id} | {seconds:.2f} | {peak:.0f} |",
        ]
    )


def configure(*, hide_hb_subset: bool) -> None:
    """Start the children with (False) or without (True) HarfBuzz's subset library."""
    global ENV
    ENV = _environment(hide_hb_subset)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    configure(hide_hb_subset="--without-hb-subset" in arguments)
    print(bench([int(a) for a in arguments if a.isdigit()] or [10, 200]))
