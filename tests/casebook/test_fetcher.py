"""The casebook's WeasyPrint fetcher: data: URLs and the package's own files, nothing else.

The whole hostile build that spies on the fetcher is in tests/e2e/test_security.py.
"""

from __future__ import annotations

import pytest

from pipeline.casebook import fetcher as sandbox
from pipeline.config import ASSETS_DIR
from pipeline.config import CASEBOOK_TEMPLATES as TEMPLATES_DIR


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        (TEMPLATES_DIR / ".." / ".." / "pyproject.toml").as_uri(),
        TEMPLATES_DIR.as_uri() + "/%2e%2e/%2e%2e/pyproject.toml",
        TEMPLATES_DIR.as_uri() + "/no-such-file.css",
        "http://127.0.0.1:1/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_outside_the_package(url):
    with pytest.raises(ValueError, match="Blocked by the casebook's fetcher"):
        sandbox.safe_fetcher().fetch(url)


def test_fetcher_serves_data_urls_and_package_files():
    fetcher = sandbox.safe_fetcher()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    css = TEMPLATES_DIR / "casebook.css"
    assert fetcher.fetch(css.as_uri()).read() == css.read_bytes()
    font = next(ASSETS_DIR.glob("fonts/*.otf"))
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()


def test_fetcher_does_not_follow_a_symlink_out_of_its_folders(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", "utf-8")
    root = tmp_path / "templates"
    root.mkdir()
    (root / "inside.css").write_text("p {}", "utf-8")
    (root / "escape.css").symlink_to(secret)
    monkeypatch.setattr(sandbox, "CASEBOOK_TEMPLATES", root)
    sandbox._fetcher_class.cache_clear()
    try:
        fetcher = sandbox.safe_fetcher()
        assert fetcher.fetch((root / "inside.css").as_uri()).read() == b"p {}"
        with pytest.raises(ValueError, match="Blocked"):
            fetcher.fetch((root / "escape.css").as_uri())
    finally:
        sandbox._fetcher_class.cache_clear()


def test_fetcher_serves_every_template_and_font_with_its_media_type():
    fetcher = sandbox.safe_fetcher()
    files = sorted([*TEMPLATES_DIR.iterdir(), *ASSETS_DIR.rglob("*")])
    served = {p: fetcher.fetch(p.as_uri()) for p in files if p.is_file()}
    assert served
    for path in files:
        if path.is_file():
            assert served[path].read() == path.read_bytes(), path
    css = fetcher.fetch((TEMPLATES_DIR / "casebook.css").as_uri())
    assert css.headers["Content-Type"] == "text/css"


def test_fetcher_refuses_a_folder_of_the_package_and_a_sibling_that_shares_its_prefix(
    tmp_path, monkeypatch
):
    root = tmp_path / "templates"
    root.mkdir()
    sibling = tmp_path / "templates-evil"
    sibling.mkdir()
    (sibling / "x.css").write_text("p {}", "utf-8")
    monkeypatch.setattr(sandbox, "CASEBOOK_TEMPLATES", root)
    sandbox._fetcher_class.cache_clear()
    try:
        fetcher = sandbox.safe_fetcher()
        for url in (root.as_uri(), (sibling / "x.css").as_uri(), "about:blank"):
            with pytest.raises(ValueError) as info:
                fetcher.fetch(url)
            assert str(info.value) == f"Blocked by the casebook's fetcher: {url}"
    finally:
        sandbox._fetcher_class.cache_clear()


def test_a_refused_url_is_quoted_in_the_message_cut_at_200_characters():
    url = "https://example.org/" + "x" * 300
    with pytest.raises(ValueError) as info:
        sandbox.safe_fetcher().fetch(url)
    assert str(info.value) == "Blocked by the casebook's fetcher: " + url[:200]
