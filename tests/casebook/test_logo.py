"""The publisher's logo: `[tool.casebook] logo` read relative to pyproject.toml, embedded as a
data: URL on the cover and colophon, and a clear error for a file that cannot be a logo."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pipeline.build import load_library
from pipeline.casebook.html import casebook_html
from pipeline.casebook.logo import logo_data_url
from pipeline.config import CasebookConfig, casebook_config
from pipeline.edition import BuildInfo, Edition
from pipeline.outputs import BuildError
from tests.support import case_text

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>'
)


def test_the_logo_setting_is_relative_to_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.casebook]\nlogo = "art/logo.svg"\n', "utf-8")
    assert casebook_config(tmp_path / "pyproject.toml").logo == str(tmp_path / "art" / "logo.svg")
    assert casebook_config(tmp_path / "missing.toml").logo == ""


def test_the_logo_is_embedded_on_cover_and_colophon(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes(SVG)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "test-case.md").write_text(case_text(), "utf-8")
    _, library = load_library(cases)
    assert library is not None
    url = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode("ascii")
    config = dataclasses.replace(CasebookConfig(), logo=str(tmp_path / "logo.svg"))
    html = casebook_html(library, Edition(lang="en"), BuildInfo(dt.date(2026, 12, 1), "v", config))
    assert f'<img class="cover-logo" src="{url}" alt="Partnership Case Library">' in html
    assert f'<img class="colophon-logo" src="{url}" alt="">' in html
    plain = casebook_html(
        library, Edition(lang="en"), BuildInfo(dt.date(2026, 12, 1), "v", CasebookConfig())
    )
    assert 'class="cover-logo"' not in plain and 'class="colophon-logo"' not in plain


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.gif",
            b"GIF89a",
            "[tool.casebook] logo: logo.gif is not an SVG, PNG or JPEG file;"
            " use one of: .svg, .png, .jpg, .jpeg",
        ),
        (
            "big.png",
            b"\x89PNG" + b"0" * 1_000_000,
            "[tool.casebook] logo: big.png has 1,000,004 bytes; at most 1,000,000 are allowed.",
        ),
    ],
)
def test_a_file_that_cannot_be_a_logo_is_a_clear_error(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(BuildError) as error:
        logo_data_url(str(tmp_path / name))
    assert str(error.value) == message


def test_a_missing_logo_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        logo_data_url(str(tmp_path / "nowhere.svg"))
    assert str(error.value) == (
        f"[tool.casebook] logo: cannot read {tmp_path / 'nowhere.svg'} (No such file or directory)."
    )
