"""Helpers the test modules share: case text to write, libraries to build, folders to compare.

Test modules import from here, never from each other; fixtures live in conftest.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.build import load_library
from pipeline.fingerprint import STAMP
from pipeline.library import Library

TODAY = dt.date(2026, 11, 29)
# The bundled cases are checked against the real date, as `invoke validate` checks them:
# a case reviewed today is valid today, whatever TODAY says.
BUNDLED_TODAY = max(TODAY, dt.date.today())

# A complete, valid case in the smallest form the contract allows. The text is
# made up for tests (it is not a bundled case) and says so.
VALID_FRONT_MATTER = """\
id: {id}
title: "Test NGO – Test Co: a joint study"
language: en
summary: >-
  A made-up case for the test suite. Test NGO and Test Co studied working
  conditions in Test Co's supply chain together and published the results.
scope: national
partners:
  - name: Test NGO
    type: ngo
    role: Designed and led the study.
  - name: Test Co
    type: company
    role: Opened its sites and data to the researchers.
    counterpart: csr
countries:
  - VN
sectors:
  - consumer-goods
forms:
  - joint-research
themes:
  - labour-rights
sdgs:
  - 8
stage: integrative
status: completed
started: 2011
ended: 2016
risks:
  - loss-of-independence
safeguards:
  - right-to-publish
sources:
  - title: "Test report"
    publisher: Test NGO
    year: 2013
    url: https://example.org/report
reviewed: "2026-01-31"
"""

SECTION_TEXT = (
    "This paragraph is placeholder text for the test suite, long enough that the "
    "additional checks do not flag the section as very short, and plain enough to "
    "find again in the outputs."
)

VALID_BODY = (
    "\n".join(
        f"## {heading}\n\n{SECTION_TEXT}\n"
        for heading in (
            "Why work together",
            "What each partner brought",
            "How the collaboration worked",
            "Time and resources",
            "Results and evaluation",
            "Independence and red lines",
            "Opportunities and risks",
            "Lessons learned",
        )
    )
    + "\n## Questions for discussion\n\n1. What would you have done?\n2. Would you do it again?\n"
)


# The sections of a valid case written in Dutch, its headings those of the Dutch template.
DUTCH_BODY = (
    "\n".join(
        f"## {heading}\n\n{SECTION_TEXT}\n"
        for heading in (
            "Waarom samenwerken",
            "Wat elke partner inbracht",
            "Hoe de samenwerking verliep",
            "Resultaten en evaluatie",
            "Onafhankelijkheid en rode lijnen",
            "Geleerde lessen",
        )
    )
    + "\n## Vragen voor de discussie\n\n1. Wat zou je doen?\n"
)


# A Dutch translation of the case of VALID_FRONT_MATTER (made up for tests, like it).
TRANSLATION_FRONT = """\
translation_of: {of}
language: nl
title: "Test NGO – Test Co: een gezamenlijk onderzoek"
summary: >-
  Een verzonnen casus voor de testsuite. Test NGO en Test Co onderzochten samen de
  arbeidsomstandigheden in de toeleveringsketen van Test Co en publiceerden de resultaten.
roles:
  Test NGO: Ontwierp en leidde het onderzoek.
  Test Co: Opende zijn vestigingen en gegevens voor de onderzoekers.
translation:
  by: The test suite
  method: machine-assisted
  reviewed: false
"""

DUTCH_SECTION_TEXT = (
    "Deze alinea is opvultekst voor de testsuite, lang genoeg om niet als heel korte "
    "sectie op te vallen, en eenvoudig genoeg om terug te vinden in de uitvoer."
)

# The sections of VALID_BODY under their Dutch headings.
TRANSLATION_BODY = (
    "\n".join(
        f"## {heading}\n\n{DUTCH_SECTION_TEXT}\n"
        for heading in (
            "Waarom samenwerken",
            "Wat elke partner inbracht",
            "Hoe de samenwerking verliep",
            "Tijd en middelen",
            "Resultaten en evaluatie",
            "Onafhankelijkheid en rode lijnen",
            "Kansen en risico's",
            "Geleerde lessen",
        )
    )
    + "\n## Vragen voor de discussie\n\n1. Wat zou je gedaan hebben?\n2. Zou je het opnieuw doen?\n"
)


# An English translation of a Dutch case written with VALID_FRONT_MATTER (language: nl)
# and DUTCH_BODY: the sections of DUTCH_BODY under their English headings.
ENGLISH_TRANSLATION_FRONT = """\
translation_of: {of}
language: en
title: "Test NGO – Test Co: a joint study, translated"
summary: >-
  A made-up translation for the test suite. Test NGO and Test Co studied working
  conditions in Test Co's supply chain together and published the results.
roles:
  Test NGO: Designed and led the study.
  Test Co: Opened its sites and data to the researchers.
translation:
  by: The test suite
  method: human
  reviewed: true
"""

ENGLISH_TRANSLATION_BODY = (
    "\n".join(
        f"## {heading}\n\nAn English sentence for the test suite, translated from the Dutch.\n"
        for heading in (
            "Why work together",
            "What each partner brought",
            "How the collaboration worked",
            "Results and evaluation",
            "Independence and red lines",
            "Lessons learned",
        )
    )
    + "\n## Questions for discussion\n\n1. What would you do?\n"
)


def translation_text(
    of: str = "test-case", front: str | None = None, body: str | None = None
) -> str:
    """The text of a translation file of case `of`: valid unless `front` or `body` replace a part."""
    front = TRANSLATION_FRONT.format(of=of) if front is None else front
    return f"---\n{front}---\n\n{TRANSLATION_BODY if body is None else body}"


def case_text(case_id: str = "test-case", front: str | None = None, body: str | None = None) -> str:
    """The text of a case file: valid unless `front` or `body` replace a part."""
    front = VALID_FRONT_MATTER.format(id=case_id) if front is None else front
    return f"---\n{front}---\n\n{VALID_BODY if body is None else body}"


# A case whose text has everything a CSV reader can get wrong: quotes, commas,
# semicolons (in sections, where they are allowed), line breaks, diacritics, emoji.
TRICKY_FRONT = """\
id: cu-chi-coffee
title: "Café “Củ Chi”, Việt Nam 🌱 – the \\"fair\\" deal"
language: en
summary: |-
  A made-up case for the test suite, in Việt Nam: "Hội Nông dân" and Café Củ Chi, Inc.
  worked together; this line has a comma, a semicolon and a line break 🌏.
scope: local
partners:
  - name: "Hội Nông dân Củ Chi 🌾"
    type: ngo
    role: 'Organised the "coffee schools", training and audits.'
  - name: "Café Củ Chi, Inc."
    type: company
    role: "Paid a premium; bought the coffee."
    counterpart: procurement
countries:
  - VN
sectors:
  - agriculture-food
forms:
  - supply-chain
  - capacity-building
status: active
started: 2019
sources:
  - title: "“Fair” coffee in Củ Chi, part 1; with a comma, too"
    publisher: "Báo Tuổi Trẻ"
    year: 2021
    url: https://example.org/cu-chi?a=1&b=2
    mirror: true
  - title: "Annual report 2022 🌱"
    publisher: "Café Củ Chi, Inc."
contributor: "Nguyễn Thị Lan"
reviewed: "2026-02-14"
"""

TRICKY_SECTION = (
    'Farmers said: "we want a fair price"; the company agreed, after a year.\n\n'
    "- Café Củ Chi paid 10 % more, 🌱 for every kilo;\n"
    "- the NGO trained 300 farmers, in Việt Nam’s south.\n\n"
    "A second paragraph, long enough for the checks, with “typographic quotes” and a tab-free line."
)
TRICKY_BODY = VALID_BODY.replace(
    "## Why work together\n\n"
    + VALID_BODY.split("## Why work together\n\n", 1)[1].split("\n", 1)[0],
    "## Why work together\n\n" + TRICKY_SECTION,
)


def build_library(folder: Path) -> Library:
    """Write the fixture cases into `folder`; return the enriched, valid library."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-case.md").write_text(case_text("test-case"), encoding="utf-8")
    (folder / "cu-chi-coffee.md").write_text(
        case_text("cu-chi-coffee", front=TRICKY_FRONT, body=TRICKY_BODY), encoding="utf-8"
    )
    result, library = load_library(folder, today=TODAY)
    assert library is not None, [p.code for p in result.problems if p.severity == "error"]
    return library


def expected_tables(library: Library) -> dict[str, list[dict[str, str]]]:
    """What every reader must find, straight from the validated case models."""
    cases, partners, sources = [], [], []
    for case in library.cases:
        meta = case.meta
        cases.append(
            {
                "id": meta.id,
                "title": meta.title,
                "summary": meta.summary,
                "contributor": meta.contributor or "",
                **{f"section_{k}": v for k, v in case.case.sections.items()},
            }
        )
        partners += [
            {"case_id": meta.id, "name": p.name, "role": p.role, "counterpart": p.counterpart or ""}
            for p in meta.partners
        ]
        sources += [
            {
                "case_id": meta.id,
                "title": s.title,
                "publisher": s.publisher or "",
                "url": s.url or "",
            }
            for s in meta.sources
        ]
    return {"cases": cases, "partners": partners, "sources": sources}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes); lock, stamp and cache excepted."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (".lock", STAMP) and ".cache" not in p.parts
    }


def restamp(package_dir: Path) -> None:
    """Write each resource's `bytes` and `hash` of the CSV files now in `package_dir` into its
    datapackage.json, for tests that edit a CSV on purpose to break something else."""
    import json

    from pipeline.data.package import with_file_facts

    path = package_dir / "datapackage.json"
    descriptor = with_file_facts(json.loads(path.read_text("utf-8")), package_dir)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
