"""The web edition in a real browser: headless Chromium driven by Selenium (marked `browser`).

The bundled cases are built (the data package, then the site, as `invoke build` does
without the PDFs) and served on 127.0.0.1 from a free port; Debian's /usr/bin/chromium
and /usr/bin/chromedriver drive it. Every list the tests expect comes from the data
package's cases.csv, not from the site. Without Chromium, its driver or Selenium the
suite is skipped and says which is missing; with CASEBOOK_REQUIRE_BROWSER set (as
.ci/run sets it) it fails instead.
"""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import SITE, build
from pipeline.web.facets import FACETS, slug

pytestmark = pytest.mark.browser

# Debian's; CASEBOOK_CHROMIUM and CASEBOOK_CHROMEDRIVER name others (a Chrome and its driver).
CHROMIUM = Path(os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CASEBOOK_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LANGUAGES = ("en", "nl")
# Each facet and the column of cases.csv it must agree with (";" separates list items).
COLUMNS = {
    "form": "forms",
    "sector": "sectors",
    "country": "countries",
    "theme": "themes",
    "risk": "risks",
    "safeguard": "safeguards",
    "status": "status",
    "language": "language",
}


def _missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return 'Selenium is not installed (pip install -e ".[dev]")'
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return ""


if reason := _missing():
    message = f"The browser suite needs headless Chromium: {reason}."
    if os.environ.get("CASEBOOK_REQUIRE_BROWSER"):  # .ci/run: the suite must run there
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)


class Server:
    """The site on 127.0.0.1, a free port; remembers every request that failed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        failed: list[str] = []
        self.failed = failed

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                if int(str(code)) >= 400:
                    failed.append(f"{code} {self.path}")

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
        )
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def rows(built: Path) -> list[dict[str, str]]:
    with (built / "data" / "cases.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("browser") / "out" / "site")
    yield running
    running.close()


@pytest.fixture(scope="module")
def built(bundled_cases: Path, server: Server) -> Path:
    """The data package and the site, built for the server's address (the 404 page links
    from the site's root path, as GitHub Pages serves it for any missing address)."""
    out = server.folder.parent
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CASEBOOK_SITE_URL", server.base)
        for only in ("the data package", SITE):
            result = build(bundled_cases, out, only=only)
            assert result.ok
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def visit(browser: Any, server: Server, path: str) -> None:
    """Open `path` and wait until the index (if it is one) has applied its filters."""
    browser.get(server.base + path)
    wait_for(browser, "document.readyState === 'complete'")
    if "/cases/" in path and path.split("?")[0].endswith("/cases/"):
        wait_for(browser, "document.getElementById('status').textContent !== ''")


def wait_for(browser: Any, condition: str, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while not browser.execute_script(f"return {condition}"):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {condition}")
        time.sleep(0.05)


def shown(browser: Any) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#cases li[data-case]'))"
        ".filter(li => !li.hidden && li.offsetParent !== null).map(li => li.dataset.case)"
    )


def expected(rows: list[dict[str, str]], key: str, value: str, year: int) -> list[str]:
    """The ids of the cases whose cases.csv row has `value` for facet `key`."""
    out = []
    for row in rows:
        if key in COLUMNS:
            has = row[COLUMNS[key]].split(";")
        elif key == "region":
            has = [slug(r) for r in row["regions_en"].split(";")]
        else:  # period: the decades from started to ended, or to the build year
            last = year if row["ongoing"] == "true" or not row["ended"] else int(row["ended"])
            has = [str(d) for d in range(int(row["started"]) // 10 * 10, last + 1, 10)]
        if value in has:
            out.append(row["id"])
    return out


def test_the_index_lists_every_case(browser, server, rows, built):
    for lang in LANGUAGES:
        visit(browser, server, f"{lang}/cases/")
        assert shown(browser) == [row["id"] for row in rows]
        status = browser.find_element("id", "status").text
        assert status in (
            f"{len(rows)} of {len(rows)} cases shown",
            f"{len(rows)} van {len(rows)} cases getoond",
        )


def test_each_facet_narrows_the_list_to_the_cases_with_that_value(browser, server, rows, built):
    year = int(json.loads((built / "data" / "datapackage.json").read_text("utf-8"))["created"][:4])
    visit(browser, server, "en/cases/")
    browser.execute_script(
        "document.querySelectorAll('#finder details').forEach(d => d.open = true)"
    )
    checked = 0
    for spec in FACETS:
        boxes = browser.find_elements("css selector", f"input[name='{spec.key}']")
        assert boxes, spec.key
        for box in boxes:
            value = box.get_attribute("value")
            box.click()
            wait_for(browser, f"location.search === '?{spec.key}={value}'")
            assert shown(browser) == expected(rows, spec.key, value, year), (spec.key, value)
            box.click()
            wait_for(browser, "location.search === ''")
            checked += 1
    assert checked > 40
    # A filtered address opens the list filtered (shared links work).
    visit(browser, server, "en/cases/?status=active&form=supply-chain")
    both = set(expected(rows, "status", "active", year)) & set(
        expected(rows, "form", "supply-chain", year)
    )
    assert shown(browser) == [row["id"] for row in rows if row["id"] in both]


def unique_word(site: Path, rows: list[dict[str, str]]) -> tuple[str, str]:
    """A word of one case's English page that no other case's page has, nor its first six
    letters (Pagefind stems and completes words)."""
    texts = {}
    for row in rows:
        html = (site / "en" / "cases" / row["id"] / "index.html").read_text("utf-8")
        body = html.split("<article", 1)[1].split("</article>", 1)[0]
        texts[row["id"]] = re.sub(r"<[^>]+>", " ", body).lower()
    for case_id, text in texts.items():
        for word in sorted(set(re.findall(r"\b[a-z]{9,}\b", text))):
            if not any(word[:6] in other for cid, other in texts.items() if cid != case_id):
                return word, case_id
    raise AssertionError("no case has a word of its own")


def test_a_search_for_a_word_of_one_case_finds_only_it(browser, server, rows, built):
    word, case_id = unique_word(built / "site", rows)
    visit(browser, server, "en/cases/")
    box = browser.find_element("id", "q")
    box.send_keys(word)
    wait_for(browser, f"location.search === '?q={word}'")
    wait_for(browser, "document.getElementById('status').textContent.startsWith('1 of')")
    assert shown(browser) == [case_id]


def test_the_language_switch_keeps_the_page(browser, server, rows):
    case_id = rows[0]["id"]
    for path in (f"en/cases/{case_id}/", "en/glossary/", "en/", "en/downloads/"):
        visit(browser, server, path)
        browser.find_element("css selector", "a.lang-switch").click()
        wait_for(browser, "document.documentElement.lang === 'nl'")
        assert browser.current_url == server.base + path.replace("en/", "nl/", 1)
    # On the index, the switch carries the search and the filters along.
    visit(browser, server, "nl/cases/?language=nl")
    browser.find_element("css selector", "a.lang-switch").click()
    wait_for(browser, "document.documentElement.lang === 'en'")
    wait_for(browser, "document.getElementById('status').textContent !== ''")
    assert browser.current_url == server.base + "en/cases/?language=nl"
    assert shown(browser) == [row["id"] for row in rows if row["language"] == "nl"]


def test_no_console_error_no_failed_request_and_nothing_from_another_host(browser, server, rows):
    browser.get_log("browser")
    browser.get_log("performance")
    paths = ["", "404.html"] + [
        f"{lang}/{page}"
        for lang in LANGUAGES
        for page in (
            "",
            "cases/",
            "cases/?q=water",
            "across/",
            "organisations/",
            "glossary/",
            "downloads/",
            f"cases/{rows[0]['id']}/",
        )
    ]
    errors, outside = [], []
    for path in paths:
        visit(browser, server, path)
        errors += [
            f"{path}: {e['message']}" for e in browser.get_log("browser") if e["level"] == "SEVERE"
        ]
        for entry in browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith(
                    server.base
                ):
                    outside.append(f"{path}: {url}")
    assert errors == []
    assert outside == []
    assert server.failed == []


def test_axe_finds_no_serious_or_critical_violation(browser, server, rows):
    from axe_selenium_python import Axe

    found = []
    for lang in LANGUAGES:
        for path in (f"{lang}/", f"{lang}/cases/", f"{lang}/cases/{rows[0]['id']}/"):
            visit(browser, server, path)
            axe = Axe(browser)
            axe.inject()
            results = axe.run()
            found += [
                f"{path}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in results["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    assert found == [], "\n".join(found)


def test_without_javascript_the_index_is_the_plain_list_of_every_case(browser, server, rows):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(server.base + "en/cases/?form=joint-research")
        wait_for(browser, "document.readyState === 'complete'")
        listed = [
            li.get_attribute("data-case")
            for li in browser.find_elements("css selector", "#cases li")
        ]
        assert listed == [row["id"] for row in rows]
        assert all(li.is_displayed() for li in browser.find_elements("css selector", "#cases li"))
        assert not browser.find_element("id", "finder").is_displayed()
        note = browser.find_element("id", "no-script")
        assert note.is_displayed() and "without it, every case is listed below" in note.text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_no_page_is_wider_than_a_360_pixel_phone(browser, server, rows):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True},
    )
    wide = []
    try:
        for lang in LANGUAGES:
            for page in ("", "cases/", "across/", "organisations/", "glossary/", "downloads/"):
                visit(browser, server, f"{lang}/{page}")
                if browser.execute_script("return document.documentElement.scrollWidth") > 360:
                    wide.append(f"{lang}/{page}")
            for row in rows:
                visit(browser, server, f"{lang}/cases/{row['id']}/")
                if browser.execute_script("return document.documentElement.scrollWidth") > 360:
                    wide.append(f"{lang}/cases/{row['id']}/")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert wide == []


def test_the_readers_language_is_only_a_hint_on_the_landing_page(browser, server, built):
    agent = browser.execute_script("return navigator.userAgent")
    try:
        for accept, preferred in (("nl-BE,nl;q=0.9,en;q=0.5", "nl"), ("en-GB,en", "en")):
            browser.execute_cdp_cmd(
                "Network.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": accept}
            )
            visit(browser, server, "")
            wait_for(browser, "document.querySelector('.languages li.preferred') !== null")
            marked = browser.find_element("css selector", ".languages li.preferred")
            assert marked.get_attribute("data-lang") == preferred
            assert browser.current_url == server.base  # marked, never redirected
    finally:
        browser.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": agent})
