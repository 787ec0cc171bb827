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
