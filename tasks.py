"""Tasks for the Partnership Case Library. Run `invoke --list` to see them."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Context, Exit, task

ROOT = Path(__file__).resolve().parent
HELP_FLAGS = ("--help", "-h")


def _help(c: Context, name: str, value: str) -> bool:
    """Whether `value`, given for a task's positional argument, asks for help; if so the
    task's help is printed (invoke reads `invoke new --help` as the id "--help")."""
    if value not in HELP_FLAGS:
        return False
    c.run(f"{shlex.quote(sys.executable)} -m invoke --help {name}", pty=False)
    return True


@task(
    help={
        "cases": "folder with the case files (default: cases/), or one case file",
        "format": "text (default), github (annotations) or json",
        "lang": "language of the messages: one with a catalogue in pipeline/catalogues/, such as en or nl (default: each file's own language, else your environment's)",
        "strict": "fail on warnings too",
        "changed": "report only the case files your branch changed (against --base)",
        "base": "the branch or commit --changed compares with (default: $CASES_BASE_REF, else origin/main or main)",
    }
)
def validate(
    c: Context,
    cases: str = "cases",
    format: str = "",
    lang: str = "",
    strict: bool = False,
    changed: bool = False,
    base: str = "",
) -> None:
    """Check every case file and report all problems with file, line and field."""
    from pipeline.cli import run_validate

    folder, files = Path(cases), None
    if folder.is_file():  # `invoke validate cases/my-case.md`: report that file only
        folder, files = folder.parent, [folder]
    code = run_validate(
        folder,
        fmt=format or None,
        lang=lang or None,
        strict=strict,
        files=files,
        changed=changed,
        base=base or None,
    )
    if code:
        raise Exit(code=code)


@task(
    help={
        "cases": "folder with the case files (default: cases/)",
        "out": "output folder (default: output/)",
        "lang": "language of the casebook's labels: en (default), nl or any other with a catalogue in pipeline/catalogues/",
        "workshop": "only the cases that list this workshop id (named on the cover)",
        "duplex": "two-sided printing: mirrored margins, chapters open on a right-hand page",
        "handouts": "also write one PDF per case to <out>/cases/",
        "force": "rebuild everything even if no input changed since the last build",
    },
    auto_shortflags=False,
)
def build(
    c: Context,
    cases: str = "cases",
    out: str = "output",
    lang: str = "en",
    workshop: str = "",
    duplex: bool = False,
    handouts: bool = False,
    force: bool = False,
) -> None:
    """Validate, then build the data package (output/data/), the casebook PDF and the web
    edition (output/site/)."""
    from pipeline.cli import run_build

    code = run_build(
        Path(cases),
        Path(out),
        lang=lang,
        workshop=workshop or None,
        duplex=duplex,
        handouts=handouts,
        force=force,
    )
    if code:
        raise Exit(code=code)


@task(
    help={
        "cases": "folder with the case files (default: cases/)",
        "out": "output folder (default: output/); the site goes to <out>/site/",
        "force": "rebuild the site even if no input changed since the last build",
    }
)
def site(c: Context, cases: str = "cases", out: str = "output", force: bool = False) -> None:
    """Build the web edition alone into output/site/ (`invoke build` builds it too); its
    downloads page offers the files the last `invoke build` wrote into the output folder."""
    from pipeline.build import SITE
    from pipeline.cli import run_build

    code = run_build(Path(cases), Path(out), force=force, only=SITE)
    if code:
        raise Exit(code=code)
    print(
        f"Site: {Path(out) / 'site' / 'index.html'} (preview: python -m http.server -d {Path(out) / 'site'})"
    )


@task(help={"check": "only check that schema/datapackage.json is up to date (exit 1 if not)"})
def schema(c: Context, check: bool = False) -> None:
    """Write schema/datapackage.json, the published data contract, from pipeline/tableschema.py."""
    from pipeline.config import casebook_config
    from pipeline.tableschema import contract_json

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


@task(
    help={
        "id": "the new case's id, e.g. oxfam-unilever-vietnam",
        "lang": "the language you write in: en (default) or nl; starts from that language's "
        "template (cases/_template.<lang>.md, English headings and notes otherwise)",
    }
)
def new(c: Context, id: str, lang: str = "en") -> None:
    """Start a new case file from the template of your language (cases/_template.md, _template.nl.md)."""
    from pipeline.cli import unknown_language
    from pipeline.contract import ID_PATTERN

    if _help(c, "new", id):
        return
    if not re.fullmatch(ID_PATTERN, id):
        raise Exit(
            f"“{id}” is not a valid id: use lower-case letters, digits and single hyphens.",
            code=2,
        )
    if message := unknown_language(lang):
        raise Exit(message, code=2)
    target = ROOT / "cases" / f"{id}.md"
    if target.exists():
        raise Exit(f"{target.relative_to(ROOT)} already exists.", code=2)
    own = ROOT / "cases" / f"_template.{lang}.md"
    source = own if own.is_file() else ROOT / "cases" / "_template.md"
    template = source.read_text("utf-8")
    target.write_text(template.replace("id: my-case-id", f"id: {id}", 1), "utf-8")
    name = target.relative_to(ROOT)
    print(f"Created {name}. Next:")
    print(f"  1. Open {name} and replace every placeholder; docs/case-format.md lists")
    print("     each field and its allowed values. Back every statement with a source.")
    print(f"  2. invoke validate --cases {name}")
    print("     checks it and says how to fix each problem.")
    print(f"  3. invoke preview {id}")
    print(f"     makes output/preview/{id}.pdf so you can read it as printed.")
    print("  4. Open a pull request; CONTRIBUTING.md explains the checks that run on it.")


@task(
    help={
        "id": "the case's id (its file name without .md)",
        "cases": "folder with the case files (default: cases/)",
        "lang": "language of the casebook's labels: en, nl or any other with a catalogue in pipeline/catalogues/ (default: the case's own language)",
    }
)
def preview(c: Context, id: str, cases: str = "cases", lang: str = "") -> None:
    """Build a PDF of one case, in seconds, into output/preview/<id>.pdf."""
    from pipeline.cli import unknown_language

    if _help(c, "preview", id):
        return
    if lang and (message := unknown_language(lang)):
        raise Exit(message, code=2)
    source = Path(cases) / f"{id}.md"
    if not source.is_file():
        raise Exit(f"{source} does not exist; `invoke new {id}` starts it.", code=2)
    if not _preview(source, lang):
        raise Exit("No preview: fix the errors above first.", code=1)


def _preview(source: Path, lang: str) -> bool:
    """Preview one case file into output/preview/<id>.pdf, printing its problems in its own
    language (or `lang`); whether a PDF was made."""
    from pipeline.check.report import FileLanguages, format_text
    from pipeline.preview import build_preview

    target = ROOT / "output" / "preview" / f"{source.stem}.pdf"
    result = build_preview(source, target, lang=lang or None)
    words = lang or FileLanguages({}, result.language)
    if result.validation.problems:
        print(format_text(result.validation.problems, 1, words))
    if not result.ok:
        return False
    print(f"Preview: {target.relative_to(ROOT)} ({result.pages} pages)")
    return True


@task(
    help={
        "cases": "folder with the case files (default: cases/)",
        "base": "the branch or commit to compare with (default: $CASES_BASE_REF, else origin/main or main)",
        "lang": "language of the casebook's labels (default: each case's own language)",
    }
)
def preview_changed(c: Context, cases: str = "cases", base: str = "", lang: str = "") -> None:
    """Preview every case your branch changed, each into output/preview/<id>.pdf."""
    from pipeline.check.changed import ChangedError, changed_cases
    from pipeline.cli import unknown_language

    if lang and (message := unknown_language(lang)):
        raise Exit(message, code=2)
    try:
        changed = changed_cases(Path(cases), base or None)
    except ChangedError as err:
        raise Exit(str(err), code=2) from None
    if not changed:
        print("No case file changed: nothing to preview.")
        return
    failed = [path.name for path in changed if not _preview(path, lang)]
    if failed:
        raise Exit(f"No preview for {', '.join(failed)}: fix the errors above first.", code=1)


@task(help={"check": "only check that docs/case-format.md is up to date (exit 1 if not)"})
def docs(c: Context, check: bool = False) -> None:
    """Write docs/case-format.md, the field reference, from the schema and the models."""
    from pipeline.check.docs import case_format_markdown

    target = ROOT / "docs" / "case-format.md"
    text = case_format_markdown()
    current = target.read_text("utf-8") if target.exists() else ""
    if check:
        if current != text:
            raise Exit("docs/case-format.md is out of date: run `invoke docs`.", code=1)
        return
    target.write_text(text, "utf-8")
    print("Wrote docs/case-format.md" + (" (unchanged)." if current == text else "."))


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


@task(
    help={
        "sizes": "comma-separated numbers of synthetic cases to build (default: 10,200,500)",
        "validate": "comma-separated numbers of cases to validate only (default: 1000)",
        "quick": "10 cases only, no validation run and no one-document reference (CI, dev)",
        "words": "words in each synthetic case (default 1500, about five pages; 600 is two)",
        "without_hb_subset": "hide HarfBuzz's subset library from WeasyPrint, as on a fresh machine",
    }
)
def bench(
    c: Context,
    sizes: str = "10,200,500",
    validate: str = "1000",
    quick: bool = False,
    words: int = 1500,
    without_hb_subset: bool = False,
) -> None:
    """Benchmark validate and build on synthetic cases; prints Markdown tables."""
    from benchmarks.bench import bench as run_bench
    from benchmarks.bench import bench_bundled, bench_preview, bench_validate, configure

    def numbers(text: str) -> list[int]:
        return [int(s) for s in text.split(",") if s.strip()]

    configure(hide_hb_subset=without_hb_subset)
    if quick:
        print(run_bench([10], words=words, one_document=False))
        return
    print(bench_validate(numbers(validate)))
    print()
    print(bench_preview())
    print()
    print(bench_bundled())
    print()
    print(run_bench(numbers(sizes), words=words))


@task(
    help={
        "id": "the original case's id: stamps each of its translations",
        "cases": "folder with the case files (default: cases/)",
    }
)
def translation_stamp(c: Context, id: str, cases: str = "cases") -> None:
    """Record in cases/<id>.<lang>.md which version of the original it translates."""
    if _help(c, "translation-stamp", id):
        return
    from pipeline.cli import run_translation_stamp

    code = run_translation_stamp(Path(cases), id)
    if code:
        raise Exit(code=code)


@task(help={"cases": "folder with the case files (default: cases/)"})
def translation_stamp_all(c: Context, cases: str = "cases") -> None:
    """Stamp every translation in the folder (see translation-stamp)."""
    from pipeline.cli import run_translation_stamp

    code = run_translation_stamp(Path(cases), every=True)
    if code:
        raise Exit(code=code)


@task(
    help={
        "id": "the original case's id",
        "to": "the language of the translation: en or nl (default: nl)",
        "cases": "folder with the case files (default: cases/)",
    }
)
def translate(c: Context, id: str, to: str = "nl", cases: str = "cases") -> None:
    """Start cases/<id>.<to>.md: the original's sections under the headings of <to>, to fill in."""
    if _help(c, "translate", id):
        return
    from pipeline.cli import run_translate

    code = run_translate(Path(cases), id, to=to)
    if code:
        raise Exit(code=code)
