"""Organisation names: one id per organisation, whatever the spelling.

Two layers, both pure:

- ``organisation_key`` normalises a name: "Unilever", "Unilever plc" and
  "UNILEVER N.V." share the key ``unilever``. It catches spelling variants
  but cannot know that "WWF (World Wildlife Fund)" is "WWF".
- the registry ``schema/organisations.yaml`` says which spellings are one
  organisation (canonical name + aliases) and adds its type, country and
  website. ``Registry.organisation_id`` gives the registry id for a listed
  spelling (or one with the same key), and the key otherwise.

The id is the organisation id of partners.csv and of the casebook's index.
Both ``validate`` (spelling warnings) and ``enrich`` (organisation index) use
this module; it reads the registry file only in ``organisation_registry``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import SCHEMA_DIR
from pipeline.reference import load_yaml

# Legal-form words that do not distinguish one organisation from another.
_LEGAL_FORMS = {
    "plc",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "nv",
    "bv",
    "sa",
    "ag",
    "gmbh",
    "llc",
    "vzw",
    "asbl",
    "cv",
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_ENTRY_KEYS = {"id", "name", "aliases", "type", "country", "website", "collective", "see_also"}


def organisation_key(name: str) -> str:
    """A stable kebab-case key: accents folded, apostrophes dropped, other punctuation
    separating words, a leading "The" and trailing legal forms (plc, N.V.) dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    # Drop accents (combining marks) and apostrophes ("Sainsbury's" -> sainsburys); any
    # other character that is not a letter or digit separates words ("Justice–International").
    folded = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and ch not in "'\u2019"
    )
    folded = folded.replace("&", " and ").replace(".", "").lower()
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "replace").decode())
    kept = words[1:] if words[:1] == ["the"] else list(words)
    while kept and kept[-1] in _LEGAL_FORMS:
        kept.pop()
    if not words:  # nothing in Latin letters or digits: a stable id from the name itself
        return "organisation-" + hashlib.sha256(name.strip().encode()).hexdigest()[:8]
    return "-".join(kept or words)


class RegistryError(ValueError):
    """schema/organisations.yaml is malformed; the message says where and how."""


@dataclass(frozen=True)
class RegisteredOrganisation:
    """One entry of the registry: the canonical name and the other spellings cases use."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""
    country: str = ""
    website: str = ""
    # A group named as one partner ("Signatory brands and retailers"): not an
    # organisation, so the casebook's index leaves it out.
    collective: bool = False
    # Ids of related but separate organisations the index points to ("see also"),
    # such as the affiliates of one confederation.
    see_also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Registry:
    """The organisation registry, indexed by the key of every listed spelling."""

    entries: tuple[RegisteredOrganisation, ...] = ()
    _by_key: dict[str, RegisteredOrganisation] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index = {organisation_key(s): e for e in self.entries for s in e.spellings}
        object.__setattr__(self, "_by_key", index)

    def entry(self, name: str) -> RegisteredOrganisation | None:
        """The entry whose name or an alias has the same key as `name`, if any."""
        return self._by_key.get(organisation_key(name))

    def get(self, entry_id: str) -> RegisteredOrganisation | None:
        """The entry with this id, if any."""
        return next((e for e in self.entries if e.id == entry_id), None)

    def organisation_id(self, name: str) -> str:
        """Registry id for a registered spelling (or one with its key), else the key."""
        found = self.entry(name)
        return found.id if found else organisation_key(name)

    def lists(self, name: str) -> bool:
        """True when `name` is written exactly as a canonical name or alias of an entry."""
        found = self.entry(name)
        return found is not None and name in found.spellings


def parse_registry(data: Any, *, source: str = "organisations.yaml") -> Registry:
    """Check and build a Registry from the loaded YAML (``{"organisations": [...]}``).

    Raises RegistryError naming the entry and the problem: missing or malformed
    fields, unknown keys, duplicate ids, or one spelling claimed by two entries.
    """
    if data is None:
        return Registry()
    if not isinstance(data, Mapping) or not isinstance(data.get("organisations", []), list):
        raise RegistryError(f"{source}: expected “organisations:” followed by a list of entries")
    entries: list[RegisteredOrganisation] = []
    claimed: dict[str, str] = {}  # spelling key -> entry id
    for n, raw in enumerate(data.get("organisations") or [], start=1):
        where = f"{source}: entry {n}"
        if not isinstance(raw, Mapping):
            raise RegistryError(f"{where}: expected fields written as “name: value”")
        unknown = sorted(set(map(str, raw)) - _ENTRY_KEYS)
        if unknown:
            raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}")
        entry_id, name = raw.get("id"), raw.get("name")
        if not isinstance(entry_id, str) or not _ID.match(entry_id):
            raise RegistryError(f"{where}: “id” must be lower-case words joined by hyphens")
        where = f"{source}: {entry_id}"
        if not isinstance(name, str) or not name.strip():
            raise RegistryError(f"{where}: “name” is required")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise RegistryError(f"{where}: “aliases” must be a list of names")
        texts = {k: raw.get(k) or "" for k in ("type", "country", "website")}
        if not all(isinstance(v, str) for v in texts.values()):
            raise RegistryError(f"{where}: “type”, “country” and “website” must be text")
        if texts["country"] and not _COUNTRY.match(texts["country"]):
            raise RegistryError(f"{where}: “country” must be an ISO 3166-1 alpha-2 code")
        if texts["website"] and not _WEBSITE.match(texts["website"]):
            raise RegistryError(f"{where}: “website” must start with http:// or https://")
        if any(e.id == entry_id for e in entries):
            raise RegistryError(f"{where}: the id is used twice")
        collective = raw.get("collective", False)
        if not isinstance(collective, bool):
            raise RegistryError(f"{where}: “collective” must be true or false")
        see_also = raw.get("see_also") or []
        if not isinstance(see_also, list) or not all(isinstance(i, str) for i in see_also):
            raise RegistryError(f"{where}: “see_also” must be a list of ids")
        entry = RegisteredOrganisation(
            entry_id, name, tuple(aliases), **texts, collective=collective, see_also=tuple(see_also)
        )
        for spelling in entry.spellings:
            owner = claimed.setdefault(organisation_key(spelling), entry_id)
            if owner != entry_id:
                raise RegistryError(f"{where}: “{spelling}” is already a spelling of {owner}")
        entries.append(entry)
    ids = {e.id for e in entries}
    for e in entries:
        for other in e.see_also:
            if other not in ids or other == e.id:
                raise RegistryError(
                    f"{source}: {e.id}: “see_also” names {other}, which is not another entry's id"
                )
    return Registry(tuple(entries))


def load_registry(path: Path) -> Registry:
    """Read a registry file; an absent file is an empty registry."""
    if not path.exists():
        return Registry()
    try:
        data = load_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path.name}: not valid YAML ({exc})") from None
    return parse_registry(data, source=path.name)


@cache
def organisation_registry(schema_dir: Path = SCHEMA_DIR) -> Registry:
    """The bundled registry, schema/organisations.yaml (read once)."""
    return load_registry(schema_dir / "organisations.yaml")
