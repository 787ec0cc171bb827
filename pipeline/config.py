"""Where things are, and the casebook settings from ``[tool.casebook]`` in pyproject.toml.

In a source checkout the reference data is the repository's ``schema/`` folder;
an installed package (``pip install .``) carries the same files as package data
in ``pipeline/schema/``. Templates, fonts and catalogues always live inside
the package. Case and output folders are never found here: callers pass them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pipeline.i18n import FALLBACK

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout the package runs from, if it is one (it has the project's pyproject.toml).
ROOT = PACKAGE_DIR.parent
SCHEMA_DIR = PACKAGE_DIR / "schema" if (PACKAGE_DIR / "schema").is_dir() else ROOT / "schema"
ASSETS_DIR = PACKAGE_DIR / "assets"  # fonts, shared by every product that prints text
CASEBOOK_TEMPLATES = PACKAGE_DIR / "casebook" / "templates"
DATA_TEMPLATES = PACKAGE_DIR / "data" / "templates"
WEB_TEMPLATES = PACKAGE_DIR / "web" / "templates"
WEB_ASSETS = PACKAGE_DIR / "web" / "assets"  # the site's stylesheet, script and icon
# The defaults of the command line: relative to where it is run.
CASES_DIR = Path("cases")
OUTPUT_DIR = Path("output")


@dataclass(frozen=True)
class CasebookConfig:
    """Publication settings; every field has a default so the file is optional."""

    title: str = "Partnership Case Library"
    subtitle: str = "Cases of NGOs working with companies"
    publisher: str = "Partnership Case Library"
    # The publisher's block on the colophon: postal address and contact (mail or phone).
    address: str = ""
    contact: str = ""
    # The publisher's logo on the cover and colophon: an SVG, PNG or JPEG file, relative to
    # the folder of pyproject.toml ("" for none).
    logo: str = ""
    # What this build is, when it should say something else than the line the build
    # writes itself ("Full edition", "Workshop edition", "… for two-sided printing").
    edition: str = ""
    licence: str = "CC-BY-4.0"
    data_licence: str = "CC-BY-4.0"
    url: str = ""
    # The title, subtitle and publisher per language, where the settings give them:
    # ((language, text), ...). `title`, `subtitle` and `publisher` are the FALLBACK language's.
    titles: tuple[tuple[str, str], ...] = ()
    subtitles: tuple[tuple[str, str], ...] = ()
    publishers: tuple[tuple[str, str], ...] = ()
    # The web edition's public address ("https://owner.github.io/partnership-case-library/"),
    # for its canonical, hreflang and Open Graph links and sitemap.xml; the environment
    # variable CASEBOOK_SITE_URL (set by the Pages workflow) takes its place. "" leaves
    # those absolute links out.
    site_url: str = ""

    def for_language(self, lang: str) -> CasebookConfig:
        """These settings with the title, subtitle and publisher of `lang`, where they give one."""
        return replace(
            self,
            title=dict(self.titles).get(lang, self.title),
            subtitle=dict(self.subtitles).get(lang, self.subtitle),
            publisher=dict(self.publishers).get(lang, self.publisher),
        )


# Settings that may be given per language: `title = {en = "…", nl = "…"}` or `title_nl = "…"`.
PER_LANGUAGE = {"title": "titles", "subtitle": "subtitles", "publisher": "publishers"}


def project_file() -> Path | None:
    """The pyproject.toml with the ``[tool.casebook]`` settings: the working folder's, else the
    checkout's the package runs from; None when neither has one."""
    for folder in (Path.cwd(), ROOT):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.casebook]" in candidate.read_text("utf-8"):
            return candidate
    return None


def casebook_config(pyproject: Path | None = None) -> CasebookConfig:
    """Read ``[tool.casebook]`` from `pyproject` (default: `project_file()`); unknown keys are
    ignored, missing ones default. `title`, `subtitle` and `publisher` may be a string or a table per
    language (``title = {en = "…", nl = "…"}``), or be given per language as ``title_nl``;
    CASEBOOK_SITE_URL, when set, is the `site_url`."""
    path = pyproject or project_file()
    if path is None or not path.exists():
        data: dict[str, Any] = {}
    else:
        data = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("casebook", {})
    known = {f.name for f in fields(CasebookConfig)} - set(PER_LANGUAGE.values())
    settings: dict[str, Any] = {}
    for key, target in PER_LANGUAGE.items():
        value = data.get(key)
        words = {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
        words.update(
            {k.split("_", 1)[1]: str(v) for k, v in data.items() if k.startswith(f"{key}_")}
        )
        if isinstance(value, dict):
            fallback = words.get(FALLBACK) or next(iter(words.values()), None)
            if fallback is not None:
                settings[key] = fallback
        settings[target] = tuple(sorted(words.items()))
    plain = {k: str(v) for k, v in data.items() if k in known and not isinstance(v, dict)}
    if plain.get("logo") and path is not None:
        plain["logo"] = str(path.parent / plain["logo"])
    if site_url := os.environ.get("CASEBOOK_SITE_URL", "").strip():
        plain["site_url"] = site_url
    return CasebookConfig(**{**plain, **settings})
