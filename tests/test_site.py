"""The documentation site as a reader sees it: built strictly, served on localhost, opened in headless Chromium.

The browser is Debian's chromium driven through its chromedriver (`.ci/run`
installs both); nothing here downloads a browser. A screenshot of a law page
is kept in build/artifacts/law-page.png.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "build" / "artifacts"
# Flags that let Debian's chromium run headless as root in a container, with no network of its own.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000")
LAW_PAGE = "laws/carbon_emissions_trading/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
                           "--site-dir", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = f"{' and '.join(missing)} missing: apt-get install chromium chromium-driver (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs the browser, so a skip there would hide a broken setup
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="fatiao-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_the_site_builds_strictly(site: Path) -> None:
    """Every page of docs/ is in the site, including every page `fatiao build` wrote."""
    docs = ROOT / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) >= 8
    for md in pages:
        rel = md.relative_to(docs).with_suffix("")
        html = site / rel.parent / "index.html" if rel.name == "index" else site / rel / "index.html"
        assert html.is_file(), md


def test_a_law_page_shows_its_tier_table_and_the_law(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(urllib.parse.urljoin(base_url, LAW_PAGE) + "#art-22-1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "碳排放权交易管理暂行条例"
    heading = browser.find_element(By.ID, "art-22-1")
    assert heading.tag_name == "h3" and "重点排放单位排放数据弄虚作假" in heading.text
    # The rule's section: everything between its heading and the next one.
    section = browser.execute_script("""
        const out = [];
        for (let el = arguments[0].nextElementSibling; el && !/^H[1-3]$/.test(el.tagName); el = el.nextElementSibling)
            out.push(el);
        return out;""", heading)
    quotes = [el.text for el in section if el.tag_name == "blockquote"]
    assert any("没有违法所得或者违法所得不足50万元的，处50万元以上200万元以下的罚款" in q for q in quotes), quotes
    # Material wraps each table in a scrolling div.
    tables = [t for el in section for t in ([el] if el.tag_name == "table" else el.find_elements(By.TAG_NAME, "table"))]
    tier_table = next(t for t in tables if "档次 Tier" in t.text)
    assert tier_table.is_displayed()
    rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in tier_table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert rows == [["", "违法所得 = 0元，或者违法所得 不足50万元（<）", "50万元..200万元"],
                    ["", "其他情形", "违法所得的5倍至10倍"]]
    # The table of contents links the article by its ASCII anchor, not by a slug of its Chinese title.
    toc = browser.find_elements(By.CSS_SELECTOR, "nav.md-nav--secondary a[href$='#art-22']")
    assert toc, "the table of contents does not link #art-22"
    # Tall enough that the picture holds the article's sentences, its sanctions and its tier table.
    browser.set_window_size(1400, 2000)
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "art-22"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "law-page.png"))
    browser.set_window_size(1400, 1000)


def test_fatiao_code_is_highlighted_by_the_projects_lexer(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(urllib.parse.urljoin(base_url, "language/"))
    blocks = browser.find_elements(By.CSS_SELECTOR, "div.language-fatiao.highlight")
    assert len(blocks) > 10
    def token(css_class: str, text: str | None = None) -> Any:
        where = f"[.='{text}']" if text else ""
        return browser.find_element(By.XPATH, f"//div[contains(@class, 'language-fatiao')]//span[@class='{css_class}']{where}")

    # Pygments classes our lexer gives: a keyword, the quote of the law, an amount with its unit, a name.
    spans = [token("k", "penalty"), token("s2"), token("m", "50万元"), token("n", "违法所得")]
    colours = [el.value_of_css_property("color") for el in spans]
    assert len(set(colours)) == len(colours), f"keywords, quotes, amounts and names should look different: {colours}"


def test_search_finds_a_chinese_term_of_the_law(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url)
    box = WebDriverWait(browser, 30).until(expected_conditions.element_to_be_clickable(
        (By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys("重点排放单位")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.md-search-result__item"))
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "li.md-search-result__item a")]
    assert any(LAW_PAGE in (href or "") for href in links), links
    marked = browser.find_elements(By.CSS_SELECTOR, "li.md-search-result__item mark")
    assert any(m.text == "重点排放单位" for m in marked), [m.text for m in marked][:10]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for attr in ("href", "src"):
            if values.get(attr):
                self.links.append(values[attr] or "")


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        return err.code, b"", ""


def test_no_link_in_the_site_is_broken(site: Path, base_url: str) -> None:
    """Crawl from the home page: every page is reached, and every page, asset and #anchor linked to exists."""
    seen: dict[str, set[str]] = {}  # page URL → its ids
    wanted: list[tuple[str, str]] = []  # (page that links, target URL with fragment)
    queue = [base_url]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, body, kind = _fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            seen[url] = set()
            continue
        parser = _Links()
        if kind == "text/html":
            parser.feed(body.decode("utf-8"))
        seen[url] = parser.ids
        for link in parser.links:
            target = urllib.parse.urljoin(url, link)
            if not target.startswith(base_url):
                continue  # the footer's link to Material's site, for one: not ours, and not reachable here
            wanted.append((url, target))
            page = urllib.parse.urldefrag(target).url
            if page not in seen and urllib.parse.urlsplit(page).path.endswith(("/", ".html")):
                queue.append(page)
    for source, target in wanted:
        page, fragment = urllib.parse.urldefrag(target)
        if page not in seen:
            status, _, _ = _fetch(page)
            seen[page] = set()
            if status != 200:
                broken.append(f"{source} → {target}: HTTP {status}")
        elif fragment and urllib.parse.unquote(fragment) not in seen[page]:
            broken.append(f"{source} → {target}: no such anchor")
    pages = {base_url + p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("index.html")}
    pages = {p if p.endswith("/") else p + "/" for p in pages}
    assert pages - set(seen) == set(), "pages no link leads to"
    assert not broken, "\n".join(sorted(set(broken)))
