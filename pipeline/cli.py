"""Command-line entry points shared by tasks.py, pre-commit and `python -m pipeline`.

Each returns a process exit code; nothing here prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.config import CASES_DIR, OUTPUT_DIR
from pipeline.fingerprint import CaseChanges
from pipeline.i18n import LANGUAGES, UnknownLanguage, check_language, default_lang
from pipeline.problems import has_errors

# Exit code of a command asked for a language without a catalogue (argparse's code
# for a bad argument).
BAD_LANGUAGE = 2
# Exit code of `validate --changed` when git cannot say what changed (a bad --base).
BAD_ARGUMENT = 2


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
    changed: bool = False,
    base: str | None = None,
) -> int:
    """Validate every case; print the report; 0 = fine, 1 = errors (or warnings with strict).

    With `files` (as pre-commit passes them), or with `changed` (the files changed since
    the branch left `base`, see `pipeline.check.changed`), only those files' problems are
    reported: they are checked fully, the others only read for the checks that compare
    cases (`validate_library(only=...)`). Without `lang`, each file's messages are in the file's own language
    (its ``language``), the rest in the environment's.
    """
    from pipeline.check.changed import ChangedError, changed_cases
    from pipeline.check.report import FORMATS, FileLanguages, Lang, format_markdown
    from pipeline.check.validate import validate_library

    fmt = fmt or default_format()
    if lang and (message := unknown_language(lang)):
        print(message, file=sys.stderr)
        return BAD_LANGUAGE
    if changed:
        try:
            files = changed_cases(cases, base)
        except ChangedError as err:
            print(err, file=sys.stderr)
            return BAD_ARGUMENT
    reported = files if files is not None and (files or changed) else None
    result = validate_library(cases, only=reported)
    problems, count = result.problems, result.files
    languages = result.languages
    if reported is not None:
        wanted = {f.resolve() for f in reported if not f.name.startswith(("_", "."))}
        problems = [p for p in problems if Path(p.file).resolve() in wanted]
        languages = {f: code for f, code in languages.items() if Path(f).resolve() in wanted}
        count = len(wanted)
    report_lang: Lang = lang or FileLanguages(languages, default_lang())
    try:
        print(FORMATS[fmt](problems, count, report_lang))
    except BrokenPipeError:  # `... | head`: the reader has seen enough
        sys.stderr.close()
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as f:
            f.write(format_markdown(problems, count, report_lang) + "\n")
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
    if result.changes is not None:
        print(changes_line(result.changes))
    for path in result.outputs:
        print(f"  {path}")
    if only:
        return 0
    rendered, parts = result.parts
    details = [f"{result.pages} pages"] if result.pages else []
    if parts:
        again = f"{rendered} of its {parts} parts rendered again"
        details.append(again + ("" if rendered == parts else ", the rest unchanged"))
    print(f"Casebook: {out / 'casebook.pdf'}" + (f" ({'; '.join(details)})" if details else ""))
    print(f"Data package: {out / 'data' / 'datapackage.json'}")
    print(f"Site: {out / 'site' / 'index.html'}")
    return 0


def changes_line(changes: CaseChanges) -> str:
    """ "Since the last build: 1 case added (a.md), 2 changed (b.md, c.md), none removed." """

    def part(names: tuple[str, ...], what: str) -> str:
        return f"{len(names)} {what} ({', '.join(names)})" if names else f"none {what}"

    if not (changes.added or changes.changed or changes.removed):
        return "Since the last build: no case file added, changed or removed."
    return (
        f"Since the last build: {part(changes.added, 'added')}, "
        f"{part(changes.changed, 'changed')}, {part(changes.removed, 'removed')}."
    )


def run_translation_stamp(
    cases: Path = CASES_DIR, case_id: str = "", *, every: bool = False
) -> int:
    """Stamp the translations of `case_id` (or, with `every`, all translations) with their
    original's hash (see `pipeline.translation`); 0 = done, 1 = a translation or its
    original has errors (listed; nothing written for that file) or none was found."""
    from pipeline.check.report import format_text
    from pipeline.check.stamp import StampError, stamped_text
    from pipeline.check.validate import case_files, validate_library
    from pipeline.translation import original_digests, translation_name

    result = validate_library(cases)
    files = [
        p
        for p in case_files(cases)
        if (named := translation_name(p.name)) and (every or named[0] == case_id)
    ]
    if not files:
        print(f"No translation of {case_id or 'any case'} in {cases}/ (<id>.<language>.md).")
        return 1
    originals = {c.id: c for c in result.cases}
    status = 0
    for path in files:
        # The original must be valid; the translation need not be (a broken stamp is
        # mended by stamping again), and `invoke validate` reports what else is wrong.
        of = (translation_name(path.name) or ("", ""))[0]
        original = originals.get(of)
        if original is None:
            own = [
                p
                for p in result.problems
                if p.severity == "error" and Path(p.file).name == f"{of}.md"
            ]
            print(f"{path}: not stamped: its original {of}.md has errors:", file=sys.stderr)
            print(format_text(own, 1, "en"), file=sys.stderr)
            status = 1
            continue
        raw = path.read_bytes().decode("utf-8")
        crlf = "\r\n" in raw  # kept as the file has it
        text = raw.replace("\r\n", "\n")
        try:
            new = stamped_text(text, original_digests(original))
        except StampError as err:
            print(f"{path}: not stamped: {err}.", file=sys.stderr)
            status = 1
            continue
        if new == text:
            print(f"{path}: already stamped with the current original.")
        else:
            path.write_bytes((new.replace("\n", "\r\n") if crlf else new).encode("utf-8"))
            print(f"{path}: stamped with the current text of {original.file}.")
    return status


def run_translate(cases: Path = CASES_DIR, case_id: str = "", *, to: str = "nl") -> int:
    """Start cases/<id>.<to>.md from the valid case `case_id` (`pipeline.check.stamp`);
    0 = written, 1 = the case is missing or invalid, the language its own, or the file exists."""
    from pipeline.case import CASE_LANGUAGES
    from pipeline.check.stamp import translation_skeleton
    from pipeline.check.validate import validate_library

    if to not in CASE_LANGUAGES:
        print(f"“{to}” is not a case language: use one of {', '.join(CASE_LANGUAGES)}.")
        return 1
    target = cases / f"{case_id}.{to}.md"
    if target.exists():
        print(f"{target} already exists.", file=sys.stderr)
        return 1
    original = next((c for c in validate_library(cases).cases if c.id == case_id), None)
    if original is None:
        print(f"{cases}/{case_id}.md is missing or has errors: `invoke validate`.", file=sys.stderr)
        return 1
    if original.meta.language == to:
        print(f"{case_id} is already written in “{to}”.", file=sys.stderr)
        return 1
    target.write_text(translation_skeleton(original, to), "utf-8")
    print(f"Created {target}: translate each field and section, then")
    print(f"  invoke validate --cases {target}")
    print(f"  invoke translation-stamp {case_id}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check case files")
    v.add_argument("--cases", type=Path, default=CASES_DIR)
    v.add_argument("--format", choices=["text", "github", "json"], default=None)
    languages = f"one of {', '.join(LANGUAGES)}"
    v.add_argument(
        "--lang",
        default=None,
        help=f"{languages} (default: each file's own language, else from the environment)",
    )
    v.add_argument(
        "--changed",
        action="store_true",
        help="report only the case files changed since the branch left the base",
    )
    v.add_argument(
        "--base",
        default=None,
        help="the base for --changed (default: $CASES_BASE_REF, origin/main or main)",
    )
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
            args.cases,
            fmt=args.format,
            lang=args.lang,
            strict=args.strict,
            files=args.files or None,
            changed=args.changed,
            base=args.base,
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
