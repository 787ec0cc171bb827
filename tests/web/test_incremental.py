"""The web edition rebuilt: byte-identical, and an unchanged case's page not rewritten.

The site is built alone (`build(..., only=SITE)`, as `invoke site` does) through the
build's output transaction, twice; between the two builds one case changes.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pipeline.build import SITE, build
from pipeline.web.facets import decades
from pipeline.web.stable import SIGNATURE, decode, encode, stabilise
from tests.support import TODAY, case_text


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_an_unchanged_case_page_keeps_its_file_and_a_changed_one_is_new(cases_dir, tmp_path):
    for case_id in ("alpha-case", "beta-case"):
        (cases_dir / f"{case_id}.md").write_text(case_text(case_id), "utf-8")
    out = tmp_path / "out"
    first = build(cases_dir, out, only=SITE, today=TODAY)
    assert first.ok and first.outputs == [out / "site"]
    site = out / "site"
    before = files(site)
    alpha, beta = (site / f"en/cases/{c}/index.html" for c in ("alpha-case", "beta-case"))
    kept = {p: p.stat() for p in (alpha, beta, site / "favicon.svg")}

    # The same inputs again: every byte the same, and no file rewritten.
    again = build(cases_dir, out, only=SITE, today=TODAY, force=True)
    assert again.ok and files(site) == before
    for path, stat in kept.items():
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)

    text = case_text("beta-case").replace("Designed and led the study.", "Led the study alone.")
    (cases_dir / "beta-case.md").write_text(text, "utf-8")
    changed = build(cases_dir, out, only=SITE, today=TODAY)
    assert changed.ok and not changed.up_to_date
    assert alpha.stat().st_ino == kept[alpha].st_ino
    assert alpha.read_bytes() == before["en/cases/alpha-case/index.html"]
    assert beta.stat().st_ino != kept[beta].st_ino
    assert "Led the study alone." in beta.read_text("utf-8")
    assert not list(out.glob(".casebook-build-*"))  # nothing half-written is left


def test_the_search_index_is_sorted_into_the_same_bytes(tmp_path):
    # A filter file as Pagefind writes it, with its values in the order of a hash map.
    def filter_file(values: list[list[object]]) -> bytes:
        return gzip.compress(SIGNATURE + encode(["form", values]), mtime=0)

    folder = tmp_path / "pagefind"
    (folder / "filter").mkdir(parents=True)
    (folder / "filter" / "en_aaaaaaa.pf_filter").write_bytes(
        filter_file([["supply-chain", [1]], ["advocacy", [0, 1]]])
    )
    meta = ["1.5.2", [["en_page", 10]], [], [["form", "en_aaaaaaa"]], [], ["id", "title"]]
    (folder / "pagefind.en_0000000000.pf_meta").write_bytes(
        gzip.compress(SIGNATURE + encode(meta), mtime=0)
    )
    (folder / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"en":{"hash":"en_0000000000","wasm":"en","page_count":2}}}'
    )
    stabilise(folder)
    (name,) = [p.name for p in (folder / "filter").iterdir()]
    data = gzip.decompress((folder / "filter" / name).read_bytes())
    assert decode(data, len(SIGNATURE))[0] == [
        "form",
        [["advocacy", [0, 1]], ["supply-chain", [1]]],
    ]
    entry = (folder / "pagefind-entry.json").read_text()
    (meta_file,) = folder.glob("pagefind.en_*.pf_meta")
    assert f'"hash":"{meta_file.name.removeprefix("pagefind.").removesuffix(".pf_meta")}"' in entry
    stored = decode(gzip.decompress(meta_file.read_bytes()), len(SIGNATURE))[0]
    assert stored[3] == [["form", name.removesuffix(".pf_filter")]]


def test_the_decades_a_partnership_ran_in(write_case, cases_dir):
    from pipeline.build import load_library

    write_case("test-case")
    _result, library = load_library(cases_dir, today=TODAY, day=TODAY)
    assert library is not None
    (case,) = library.cases
    assert (case.meta.started, case.meta.ended) == (2011, 2016)
    assert decades(case, 2026) == [2010]
