"""README.md of the data package, written from the descriptor (part of the export stage).

In: the datapackage.json descriptor that `export` writes. Out: Markdown that
explains each table and field, the list separator and vocabulary codes, how the
tables link, the spreadsheet-safety policy and how to cite the data. The text
lives in templates/data-readme.md.j2; this module only prepares values.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.config import DATA_TEMPLATES
from pipeline.contract import LIST_SEPARATOR
from pipeline.data.spreadsheet import SPREADSHEET_POLICY_EN, SPREADSHEET_POLICY_NL
from pipeline.reference import vocabularies

# Characters that Markdown would read as markup inside a table cell or list item.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: Any) -> str:
    """Text for a Markdown table cell or list item: markup escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def cell(text: Any) -> str:
    """Trusted Markdown (from schema/) for a table cell: on one line, `|` escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text: Any) -> str:
    """`text` as inline code."""
    return f"`{text}`"


# The READMEs written into the data folder: file name -> (template, spreadsheet policy
# without its title, the words of the citation). README.md is the full reference;
# README.nl.md the Dutch guide to it, written beside it in every build.
READMES: dict[str, tuple[str, str, dict[str, str]]] = {
    "README.md": (
        "data-readme.md.j2",
        SPREADSHEET_POLICY_EN.removeprefix("Spreadsheet safety. "),
        {"data_set": "data set", "version": "Version", "licence": "Licence"},
    ),
    "README.nl.md": (
        "data-readme.nl.md.j2",
        SPREADSHEET_POLICY_NL.removeprefix("Veilig in spreadsheets. "),
        {"data_set": "dataset", "version": "Versie", "licence": "Licentie"},
    ),
}
_CITATION_WORDS = READMES["README.md"][2]


def citation(descriptor: dict[str, Any], words: dict[str, str] | None = None) -> str:
    """How to cite this build of the data, as one line of plain text (in `words`' language)."""
    words = words or _CITATION_WORDS
    publisher = next(
        (
            c["title"]
            for c in descriptor.get("contributors", [])
            if "publisher" in c.get("roles", [])
        ),
        descriptor["title"],
    )
    year = str(descriptor.get("created", ""))[:4] or "n.d."
    parts = [f"{publisher} ({year}). {descriptor['title']} [{words['data_set']}]"]
    if descriptor.get("version"):
        parts.append(f"{words['version']} {descriptor['version']}")
    licences = descriptor.get("licenses") or []
    if licences:
        parts.append(f"{words['licence']}: {licences[0].get('title') or licences[0]['name']}")
    if descriptor.get("homepage"):
        parts.append(descriptor["homepage"])
    return ". ".join(parts) + "."


def field_vocabularies() -> dict[tuple[str, str], str]:
    """(table, field) -> vocabulary id, for every coded field (e.g. ("partners", "type"))."""
    out = {}
    for vocab in vocabularies().values():
        for path in vocab.fields:
            table, _, field = path.rpartition(".")
            out[("partners" if table == "partners" else "cases", field)] = vocab.id
    return out


def _constraints(table: str, field: dict[str, Any], foreign: dict[str, str]) -> str:
    notes = []
    constraints = field.get("constraints", {})
    if constraints.get("required"):
        notes.append("required")
    if constraints.get("unique"):
        notes.append("unique")
    vocab = field_vocabularies().get((table, field["name"]))
    if field["name"] in foreign:
        notes.append(f"key into `{foreign[field['name']]}`")
    elif vocab:
        notes.append(f"codes from `{vocab}`")
    iso = field["name"] in ("countries", "country")
    if "enum" in constraints and not vocab and field["name"] not in foreign and not iso:
        notes.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    low, high = constraints.get("minLength"), constraints.get("maxLength")
    if high is not None:
        notes.append(f"{low}–{high} characters" if low and low > 1 else f"≤ {high} characters")
    if "minimum" in constraints or "maximum" in constraints:
        bounds = (constraints.get("minimum"), constraints.get("maximum"))
        notes.append(
            f"{bounds[0]}–{bounds[1]}"
            if None not in bounds
            else f"≥ {bounds[0]}"
            if bounds[1] is None
            else f"≤ {bounds[1]}"
        )
    if iso:
        notes.append("ISO 3166-1 alpha-2 code" + ("s" if field["name"] == "countries" else ""))
    return ", ".join(notes)


def _tables(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    tables = []
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        foreign = {
            fk["fields"][0]: fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])
        }
        tables.append(
            {
                "name": resource["name"],
                "path": resource["path"],
                "title": resource.get("title", resource["name"]),
                "description": resource.get("description", ""),
                "primary_key": schema.get("primaryKey", []),
                "foreign_keys": schema.get("foreignKeys", []),
                "fields": [
                    {
                        "name": f["name"],
                        "type": f["type"],
                        "title": f.get("title", ""),
                        "description": f.get("description", ""),
                        "notes": _constraints(resource["name"], f, foreign),
                    }
                    for f in schema["fields"]
                ],
            }
        )
    return tables


@cache
def _environment() -> Environment:
    # Markdown, not HTML: autoescape off; the template escapes case-file values with `md`.
    env = Environment(
        loader=FileSystemLoader(DATA_TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, cell=cell, code=code)
    return env


def data_readme(descriptor: dict[str, Any], name: str = "README.md") -> str:
    """The data package's README `name` (a key of READMES) for `descriptor` (with or without
    build metadata)."""
    template, policy, words = READMES[name]
    tables = _tables(descriptor)
    vocab_tables = [t for t in tables if t["name"] in vocabularies()]
    return (
        _environment()
        .get_template(template)
        .render(
            package=descriptor,
            data_tables=[t for t in tables if t["name"] not in vocabularies()],
            vocab_tables=vocab_tables,
            vocabularies=[vocabularies()[t["name"]] for t in vocab_tables],
            separator=LIST_SEPARATOR,
            # The policy text starts with its own title, which is our heading here.
            policy=policy,
            citation=citation(descriptor, words),
        )
    )
