"""The casebook's back matter as data: the index of organisations and the glossary.

In:  the enriched library, the ids of the cases in this edition, the vocabularies and
the edition's language. Out: plain lists the template prints, in alphabetical order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.library import Library
from pipeline.reference import Vocabulary
from pipeline.typography import mentioned, page_list

# The vocabularies whose terms the at-a-glance panels print, so the glossary defines them.
GLOSSARY_VOCABULARIES = ("forms", "stages", "themes", "risks", "safeguards", "counterparts")


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order as a reader expects it: accents and case aside, "The" ignored."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return (plain.removeprefix("the ").strip() or plain, name)


def initial(name: str) -> str:
    """The index letter of a name: its first letter without accents, upper case; "#" else."""
    for ch in sort_key(name)[0]:
        if ch.isalnum():
            return ch.upper() if ch.isalpha() else "#"
    return "#"


@dataclass(frozen=True)
class IndexEntry:
    """One line of the index: an organisation and its cases, or a spelling that points to
    the name it is listed under ("Vredeseilanden, see Rikolto")."""

    name: str
    initial: str
    case_ids: tuple[str, ...] = ()
    see: str = ""
    pages: tuple[str, ...] = ()  # every page it is named on ("7", "9–11"), once laid out
    see_also: tuple[str, ...] = ()  # names of related organisations listed in this index


def index_entries(
    library: Library, in_book: Iterable[str], pages: Mapping[str, int] | None = None
) -> list[IndexEntry]:
    """Every organisation of the edition's cases (groups named as one partner left out),
    and a "see" line for each other spelling the cases use, in alphabetical order.

    `pages` maps anchors to book pages; the mentions among them
    (`pipeline.typography.mention_id`) give each organisation the pages it is
    named on. Without them an entry keeps its cases, for links to their first pages.
    """
    wanted = set(in_book)
    named: dict[str, list[int]] = {}
    for anchor, page in (pages or {}).items():
        if org_id := mentioned(anchor):
            named.setdefault(org_id, []).append(page)
    entries: list[IndexEntry] = []
    listed: set[str] = set()
    indexed = {
        org.id: org.name
        for org in library.organisations.values()
        if not org.collective and any(cid in wanted for cid in org.case_ids)
    }
    for org in library.organisations.values():
        case_ids = tuple(cid for cid in org.case_ids if cid in wanted)
        if org.id not in indexed:
            continue
        on = page_list(named.get(org.id, ()))
        also = tuple(sorted((indexed[i] for i in org.see_also if i in indexed), key=sort_key))
        entries.append(IndexEntry(org.name, initial(org.name), case_ids, pages=on, see_also=also))
        listed.add(sort_key(org.name)[0])
    for org in library.organisations.values():
        if org.collective or not any(cid in wanted for cid in org.case_ids):
            continue
        for spelling in org.spellings:
            if sort_key(spelling)[0] not in listed:
                listed.add(sort_key(spelling)[0])
                entries.append(IndexEntry(spelling, initial(spelling), see=org.name))
    return sorted(entries, key=lambda e: sort_key(e.name))


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    kind: str  # the vocabulary's title, singular use: "Forms of collaboration"


def glossary_entries(vocabularies: Mapping[str, Vocabulary], lang: str) -> list[GlossaryEntry]:
    """The terms of `GLOSSARY_VOCABULARIES`, one alphabetical list in the edition's language."""
    entries = [
        GlossaryEntry(term.label(lang), term.definition(lang), vocabularies[vid].title(lang))
        for vid in GLOSSARY_VOCABULARIES
        if vid in vocabularies
        for term in vocabularies[vid].terms
        if term.id != "unknown"
    ]
    return sorted(entries, key=lambda e: sort_key(e.term))
