"""The site's downloads after a whole build: the build's own files, and the card a case
page links to is a named destination of cards.pdf (a full build with PDFs: slow)."""

from __future__ import annotations

import re

import pikepdf
import pytest

from pipeline.build import build
from tests.support import TODAY, case_text

pytestmark = pytest.mark.slow


def named_destinations(pdf: pikepdf.Pdf) -> list[str]:
    found: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        if "/Names" in node:
            names = node.Names
            found.extend(str(names[i]) for i in range(0, len(names), 2))
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.Names.Dests)
    return found


def test_the_downloads_are_the_builds_files_and_the_card_link_finds_its_card(cases_dir, tmp_path):
    (cases_dir / "test-case.md").write_text(case_text("test-case"), "utf-8")
    out = tmp_path / "out"
    result = build(cases_dir, out, today=TODAY)
    assert result.ok and out / "site" in result.outputs
    downloads = out / "site" / "downloads"
    for name in (
        "casebook.pdf",
        "cards.pdf",
        "facilitator.pdf",
        "casebook.xlsx",
        "casebook.sqlite",
    ):
        assert (downloads / name).read_bytes() == (out / name).read_bytes(), name
    assert (downloads / "data" / "cases.csv").read_bytes() == (
        out / "data" / "cases.csv"
    ).read_bytes()
    page = (out / "site" / "en" / "cases" / "test-case" / "index.html").read_text("utf-8")
    (link,) = re.findall(r'href="\.\./\.\./\.\./downloads/cards\.pdf#nameddest=([^"]+)"', page)
    with pikepdf.open(downloads / "cards.pdf") as pdf:
        assert link in named_destinations(pdf)
