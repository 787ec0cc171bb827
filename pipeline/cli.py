"""Command-line entry points shared by tasks.py, pre-commit and `python -m pipeline`.

Each returns a process exit code; nothing here prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.config import CASES_DIR, OUTPUT_DIR
from pipeline.i18n import LANGUAGES, UnknownLanguage, check_language, default_lang
from pipeline.problems import has_errors

# Exit code of a command asked for a language without a catalogue (argparse's code
# for a bad argument).
BAD_LANGUAGE = 2


def unknown_language(lang: str) -> str | None:
    """None if `lang` has a catalogue; else the one-line message that says which have one."""
    try:
        check_language(lang)
    except UnknownLanguage as err:
        return str(err)
    return None


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run_validate(
    cases: Path = CASES_DIR,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    strict: bool = False,
    files: list[Path] | None = None,
) -> int:
    """Validate every case; print the report; 0 = fine, 1 = errors (or warnings with strict).

    With `files` (as pre-commit passes them), the whole folder is still checked,
    since some checks compare cases, but only those files' problems are reported.
    """
    from pipeline.check.report import FORMATS, format_markdown
    from pipeline.check.validate import validate_library

    fmt = fmt or default_format()
    lang = lang or default_lang()
    if message := unknown_language(lang):
        print(message, file=sys.stderr)
        return BAD_LANGUAGE
    result = validate_library(cases)
    problems, count = result.problems, result.files
    if files:
        wanted = {f.resolve() for f in files if not f.name.startswith(("_", "."))}
        problems = [p for p in problems if Path(p.file).resolve() in wanted]
        count = len(wanted)
    try:
        print(FORMATS[fmt](problems, count, lang))
    except BrokenPipeError:  # `... | head`: the reader has seen enough
        sys.stderr.close()
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as f:
            f.write(format_markdown(problems, count, lang) + "\n")
    failed = has_errors(problems) or (strict and bool(problems))
    return 1 if failed else 0


def run_build(
    cases: Path = CASES_DIR,
    out: Path = OUTPUT_DIR,
    *,
    lang: str = "en",
    workshop: str | None = None,
    duplex: bool = False,
    handouts: bool = False,
    force: bool = False,
    only: str | None = None,
) -> int:
    """Build the data package, the casebook and the site (options: see `build.build`;
    `only` one of them); print where they went."""
    from pipeline.build import BuildError, build
    from pipeline.check.report import format_text
    from pipeline.edition import Edition

    if message := unknown_language(lang):
        print(message, file=sys.stderr)
        return BAD_LANGUAGE
    edition = Edition(lang=lang, workshop=workshop, duplex=duplex, handouts=handouts)
    try:
        if sys.stderr.isatty():
            # A live line on long work (a 200-case casebook takes minutes); none in logs.
            from rich.console import Console

            with Console(stderr=True).status("Building…") as status:
                result = build(cases, out, edition, force=force, progress=status.update, only=only)
        else:
            result = build(cases, out, edition, force=force, only=only)
    except BuildError as err:
        print(f"{err} The previous outputs are unchanged.", file=sys.stderr)
        return 1
    errors = [p for p in result.validation.problems if p.severity == "error"]
    if errors:
        print(
            format_text(result.validation.problems, result.validation.files, lang),
            file=sys.stderr,
        )
        print("Nothing was built; the previous outputs are unchanged.", file=sys.stderr)
        return 1
    for notice in result.notices:
        print(notice, file=sys.stderr)
    if result.up_to_date:
        print(f"Up to date: no input changed since the last build into {out} (--force rebuilds).")
    else:
        warnings = sum(p.severity == "warning" for p in result.validation.problems)
        note = f"; {warnings} warning(s): `invoke validate` lists them" if warnings else ""
        print(f"Validated {len(result.validation.cases)} case(s){note}.")
    for path in result.outputs:
        print(f"  {path}")
    if only:
        return 0
    rendered, parts = result.parts
    details = [f"{result.pages} pages"] if result.pages else []
    if parts and rendered < parts:
        details.append(f"{parts - rendered} of its {parts} parts unchanged, not rendered")
    print(f"Casebook: {out / 'casebook.pdf'}" + (f" ({'; '.join(details)})" if details else ""))
    print(f"Data package: {out / 'data' / 'datapackage.json'}")
    print(f"Site: {out / 'site' / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check case files")
    v.add_argument("--cases", type=Path, default=CASES_DIR)
    v.add_argument("--format", choices=["text", "github", "json"], default=None)
    languages = f"one of {', '.join(LANGUAGES)}"
    v.add_argument("--lang", default=None, help=f"{languages} (default: from the environment)")
    v.add_argument("--strict", action="store_true", help="fail on warnings too")
    v.add_argument("files", nargs="*", type=Path, help="report only these case files")
    b = sub.add_parser("build", help="build the data package and the casebook")
    b.add_argument("--cases", type=Path, default=CASES_DIR)
    b.add_argument("--out", type=Path, default=OUTPUT_DIR)
    b.add_argument("--lang", default="en", help=f"{languages} (default: en)")
    b.add_argument("--workshop", default=None, help="only the cases of this workshop id")
    b.add_argument("--duplex", action="store_true", help="two-sided printing layout")
    b.add_argument("--handouts", action="store_true", help="also one PDF per case")
    b.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return run_validate(
            args.cases, fmt=args.format, lang=args.lang, strict=args.strict, files=args.files
        )
    return run_build(
        args.cases,
        args.out,
        lang=args.lang,
        workshop=args.workshop,
        duplex=args.duplex,
        handouts=args.handouts,
        force=args.force,
    )
