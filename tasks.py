"""Tasks for the Partnership Case Library. Run `invoke --list` to see them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from invoke import Context, Exit, task

ROOT = Path(__file__).resolve().parent


@task(
    help={
        "cases": "folder with the case files (default: cases/)",
        "format": "text (default), github (annotations) or json",
        "lang": "language of the messages: en or nl (default: from your environment)",
        "strict": "fail on warnings too",
    }
)
def validate(
    c: Context,
    cases: str = "cases",
    format: str = "",
    lang: str = "",
    strict: bool = False,
) -> None:
    """Check every case file and report all problems with file, line and field."""
    from pipeline.cli import run_validate

    code = run_validate(Path(cases), fmt=format or None, lang=lang or None, strict=strict)
    if code:
        raise Exit(code=code)


@task(
    help={
        "cases": "folder with the case files (default: cases/)",
        "out": "output folder (default: output/)",
        "lang": "language of the casebook's labels: en (default) or nl",
    }
)
def build(c: Context, cases: str = "cases", out: str = "output", lang: str = "en") -> None:
    """Validate, then build the data package (output/data/) and the casebook PDF."""
    from pipeline.cli import run_build

    code = run_build(Path(cases), Path(out), lang=lang)
    if code:
        raise Exit(code=code)


@task(help={"check": "only check that schema/datapackage.json is up to date (exit 1 if not)"})
def schema(c: Context, check: bool = False) -> None:
    """Write schema/datapackage.json, the published data contract, from pipeline/tables.py."""
    from pipeline.config import casebook_config
    from pipeline.tables import contract_json

    target = ROOT / "schema" / "datapackage.json"
    text = contract_json(casebook_config())
    current = target.read_text("utf-8") if target.exists() else ""
    if check:
        if current != text:
            raise Exit("schema/datapackage.json is out of date: run `invoke schema`.", code=1)
        print("schema/datapackage.json is up to date.")
        return
    target.write_text(text, encoding="utf-8")
    print("Wrote schema/datapackage.json" + (" (unchanged)." if current == text else "."))


@task(help={"id": "the new case's id, e.g. oxfam-unilever-vietnam"})
def new(c: Context, id: str) -> None:
    """Start a new case file from cases/_template.md."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id):
        raise Exit(
            f"“{id}” is not a valid id: use lower-case letters, digits and single hyphens.",
            code=2,
        )
    target = ROOT / "cases" / f"{id}.md"
    if target.exists():
        raise Exit(f"{target.relative_to(ROOT)} already exists.", code=2)
    template = (ROOT / "cases" / "_template.md").read_text("utf-8")
    target.write_text(template.replace("id: my-case-id", f"id: {id}", 1), "utf-8")
    print(f"Created {target.relative_to(ROOT)}.")
    print("Next: fill in the fields and sections, then run `invoke validate` to check it.")


@task(help={"out": "output folder to empty (default: output/)"})
def clean(c: Context, out: str = "output") -> None:
    """Remove build outputs (keeps output/README.md)."""
    folder = Path(out)
    if not folder.exists():
        return
    for item in folder.iterdir():
        if item.name == "README.md":
            continue
        if item.is_dir():
            shutil.rmtree(item)
        else:
            item.unlink()
    print(f"Cleaned {folder}.")


@task(help={"sizes": "comma-separated numbers of synthetic cases (default: 10,200)"})
def bench(c: Context, sizes: str = "10,200") -> None:
    """Benchmark validate and build on synthetic cases; prints a Markdown table."""
    from benchmarks.bench import bench as run_bench

    print(run_bench([int(s) for s in sizes.split(",") if s.strip()]))
