"""The reference site as a reader uses it, in headless Chromium.

* every page type at 390 px wide: no horizontal page scroll (code scrolls inside its block),
  and the copy button does not cover the code;
* `?lang=go` opens a page with Go selected; the coverage matrix links there; the choice
  persists across pages and reloads;
* a spec with hostile text (backslash at the end, `*`, `_`, `<script>`, `{{ }}`, `|`, `*/ /*`)
  renders literally, and no <script> element comes from spec text;
* every badge links to an entry of the verification page that exists; the page shows how
  long ago the examples were verified;
* each tab shows its own language's install line and its own program's output;
* a crawl of every page and asset of the built site finds no broken internal link (and
  anchors that exist), and no internal file is published.
"""

from __future__ import annotations

import html.parser
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import ROOT, build, serve

pytestmark = pytest.mark.browser

SPEC = "kms-key-policies"
PAGE_TYPES = {
    "home": "/",
    "spec overview": f"/{SPEC}/",
    "client": f"/{SPEC}/create-client/",
    "operation": f"/{SPEC}/put-key-policy/",
    "paginated operation": f"/{SPEC}/list-key-policies/",
    "scenario": f"/{SPEC}/modify-key-policy/",
    "verification report": f"/{SPEC}/verification/",
    "tool page": "/spec-format/",
    "benchmarks": "/benchmarks/",
}
HOSTILE_TITLE = "Hostile *bold* _it_ </title><script>window.__pwned=1</script> {{ 7*7 }} | */ /* ends \\"
HOSTILE_DESCRIPTION = '<img src=x onerror="window.__pwned=2"> [link](javascript:alert(1)) --8<-- "x" ???'
HOSTILE_STEP = '=== "tab"\n!!! note\n<script>window.__pwned=3</script>'


def _until(driver: object, script: str, expected: object, seconds: float = 4.0) -> object:
    """The value of script once it equals expected (or the last value after seconds)."""
    deadline = time.monotonic() + seconds
    while True:
        value = driver.execute_script(script)  # type: ignore[attr-defined]
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def _fresh(driver: object) -> None:
    """Forget the language a previous test chose (Material keeps it in localStorage)."""
    driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")  # type: ignore[attr-defined]


def _mobile(driver: object, on: bool) -> None:
    if on:
        metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # type: ignore[attr-defined]


def _selected(driver: object, group: int = 0) -> str:
    """The label of the selected tab of a group, once the page's script has had its say (a
    ?lang= parameter is applied after Material mounts the tabs, then removed)."""
    _until(driver, "return window.location.search.includes('lang=')", False)
    return str(driver.execute_script(  # type: ignore[attr-defined]
        """const set = document.querySelectorAll('.tabbed-set')[arguments[0]];
           const input = set.querySelector(':scope > input:checked');
           return set.querySelector(`label[for="${input.id}"]`).textContent.trim();""", group))


def _visible_block(driver: object) -> object:
    from selenium.webdriver.common.by import By

    tab_set = driver.find_elements(By.CSS_SELECTOR, ".tabbed-set")[0]  # type: ignore[attr-defined]
    blocks = [b for b in tab_set.find_elements(By.CSS_SELECTOR, ":scope > .tabbed-content > .tabbed-block")
              if b.is_displayed()]
    assert len(blocks) == 1
    return blocks[0]


@pytest.fixture()
def mobile(browser: object) -> Iterator[object]:
    _mobile(browser, True)
    yield browser
    _mobile(browser, False)


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_horizontal_scroll_at_390_px(site_url: str, mobile: object, kind: str) -> None:
    driver = mobile
    driver.get(site_url + PAGE_TYPES[kind])  # type: ignore[attr-defined]
    width = driver.execute_script("return window.innerWidth")  # type: ignore[attr-defined]
    assert width == 390
    overflow = driver.execute_script(  # type: ignore[attr-defined]
        """const w = document.documentElement.clientWidth;
           const wide = [];
           for (const el of document.querySelectorAll('body *')) {
             if (el.closest('pre, .md-typeset__scrollwrap, .md-sidebar, .md-search, .tabbed-labels')) continue;
             const r = el.getBoundingClientRect();
             if (r.width && r.right > w + 1 && getComputedStyle(el).visibility !== 'hidden') wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
           }
           return {scroll: document.documentElement.scrollWidth, client: w, wide: wide.slice(0, 5)};""")
    assert overflow["scroll"] <= overflow["client"], f"{kind}: the page scrolls sideways: {overflow}"
    assert not overflow["wide"], f"{kind}: elements reach past the right edge: {overflow['wide']}"


def test_coverage_matrix_shows_every_language_at_1400_px(site_url: str, browser: object) -> None:
    driver = browser
    driver.set_window_size(1400, 1000)  # type: ignore[attr-defined]
    driver.get(f"{site_url}/{SPEC}/")  # type: ignore[attr-defined]
    cut = driver.execute_script(  # type: ignore[attr-defined]
        """const table = document.querySelector('article table');
           const box = (table.closest('.md-typeset__scrollwrap') || table).getBoundingClientRect();
           return [...table.querySelectorAll('th')].filter(th => th.getBoundingClientRect().right > box.right + 1)
                  .map(th => th.textContent);""")
    driver.set_window_size(1280, 1000)  # type: ignore[attr-defined]
    assert cut == [], f"columns cut off at 1400 px: {cut}"


def test_copy_button_does_not_cover_code_on_mobile(site_url: str, mobile: object) -> None:
    driver = mobile
    driver.get(f"{site_url}/{SPEC}/put-key-policy/")  # type: ignore[attr-defined]
    overlaps = driver.execute_script(  # type: ignore[attr-defined]
        """const found = [];
           for (const code of document.querySelectorAll('.ps-snippet pre > code')) {
             if (!code.offsetParent) continue;
             const pre = code.parentElement;
             const button = pre.querySelector('.md-clipboard, .md-code__button');
             if (!button || !button.offsetParent) continue;
             const b = button.getBoundingClientRect(), c = code.getBoundingClientRect();
             const text = document.createRange(); text.selectNodeContents(code);
             for (const line of text.getClientRects()) {
               const hit = line.left < b.right && b.left < line.right && line.top < b.bottom && b.top < line.bottom;
               if (hit) { found.push(code.textContent.slice(0, 40)); break; }
             }
           }
           return found;""")
    assert overlaps == [], f"the copy button covers code text: {overlaps}"


def test_deep_link_selects_the_tab_and_the_choice_persists(site_url: str, browser: object) -> None:
    driver = browser
    driver.get(f"{site_url}/{SPEC}/")  # type: ignore[attr-defined]
    _fresh(driver)
    driver.get(f"{site_url}/{SPEC}/put-key-policy/?lang=go")  # type: ignore[attr-defined]
    assert _selected(driver) == "Go"
    assert "PutKeyPolicy(" in _visible_block(driver).text  # type: ignore[attr-defined]
    groups = driver.execute_script("return document.querySelectorAll('.tabbed-set').length")  # type: ignore[attr-defined]
    assert all(_selected(driver, g) == "Go" for g in range(groups)), "every tab group (errors too) shows Go"
    assert "lang=" not in driver.current_url, "the parameter is dropped once applied"  # type: ignore[attr-defined]
    driver.refresh()  # type: ignore[attr-defined]
    assert _selected(driver) == "Go", "a reload keeps the choice"
    driver.get(f"{site_url}/{SPEC}/get-key-policy/")  # type: ignore[attr-defined]
    assert _selected(driver) == "Go", "the next page keeps the choice"
    driver.get(f"{site_url}/{SPEC}/get-key-policy/?lang=cli")  # type: ignore[attr-defined]
    assert _selected(driver) == "AWS CLI"
    driver.get(f"{site_url}/{SPEC}/get-key-policy/?lang=java")  # type: ignore[attr-defined]
    assert _selected(driver) == "Java", "a deep link to the tab shown first still stores the choice"
    driver.get(f"{site_url}/{SPEC}/list-key-policies/")  # type: ignore[attr-defined]
    assert _selected(driver) == "Java"


def test_coverage_matrix_cells_open_the_language(site_url: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(f"{site_url}/{SPEC}/")  # type: ignore[attr-defined]
    _fresh(driver)
    driver.get(f"{site_url}/{SPEC}/")  # type: ignore[attr-defined]
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "table th")]  # type: ignore[attr-defined]
    assert headers[1:] == ["Java", "C#", "Python", "Ruby", "AWS CLI", "JavaScript", "Go"]
    age = _until(driver, "return document.querySelector('.ps-age').textContent.includes('verified')", True)
    assert age is True, "the overview says how long ago the examples were verified"
    cell = driver.find_element(By.CSS_SELECTOR, "a[href$='put-key-policy/?lang=ruby']")  # type: ignore[attr-defined]
    driver.execute_script("arguments[0].click()", cell)  # type: ignore[attr-defined]
    assert _selected(driver) == "Ruby"
    assert driver.current_url.rstrip("/").endswith("put-key-policy")  # type: ignore[attr-defined]


def test_each_tab_shows_its_install_line_and_its_own_output(site_url: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    seen = {}
    for lang, install in (("go", "go get github.com/aws/aws-sdk-go-v2"), ("python", "pip install boto3"),
                          ("javascript", "npm install @aws-sdk/client-kms"), ("cli", "pip install awscli")):
        driver.get(f"{site_url}/{SPEC}/get-key-policy/?lang={lang}")  # type: ignore[attr-defined]
        block = _visible_block(driver)
        installs = [e.text for e in block.find_elements(By.CSS_SELECTOR, ".ps-install code")]  # type: ignore[attr-defined]
        assert len(installs) == 1 and install in installs[0], (lang, installs)
        outputs = [e.text for e in block.find_elements(By.CSS_SELECTOR, ".ps-output code")]  # type: ignore[attr-defined]
        assert len(outputs) == 1, f"{lang}: one output block in the tab"
        assert len(outputs[0].splitlines()) > 5, f"{lang}: the policy is pretty-printed over several lines"
        assert '"Version": "2012-10-17"' in outputs[0]
        seen[lang] = outputs[0]
    assert len(block.find_elements(By.CSS_SELECTOR, "details .ps-prelude")) >= 1, "the prelude is in a fold"  # type: ignore[attr-defined]


def test_badges_link_to_existing_report_entries(site_url: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    targets: set[str] = set()
    for page in ("create-client", "list-key-policies", "get-key-policy", "put-key-policy", "modify-key-policy"):
        driver.get(f"{site_url}/{SPEC}/{page}/")  # type: ignore[attr-defined]
        links = driver.find_elements(By.CSS_SELECTOR, ".tabbed-block a:has(> .ps-badge)")  # type: ignore[attr-defined]
        assert len(links) == 7, f"{page}: one badge per language"
        for link in links:
            targets.add(str(link.get_attribute("href")))
            text = str(link.get_attribute("textContent"))
            if page == "create-client":
                assert "same requests" not in text, f"a program that sends no request claims request equality: {text}"
            if link.find_element(By.CSS_SELECTOR, ".ps-badge").get_attribute("data-ps-lang") == "csharp":
                assert "tree-sitter-c-sharp" in text and "AWSSDK." in text, text
    for target in sorted(targets):
        page, _, anchor = target.partition("#")
        driver.get(target)  # type: ignore[attr-defined]
        assert driver.find_elements(By.ID, anchor), f"{target}: no entry with id {anchor}"  # type: ignore[attr-defined]
    age = driver.find_element(By.CSS_SELECTOR, ".ps-age").text  # type: ignore[attr-defined]
    assert "verified" in age and ("ago" in age or "today" in age), age
    driver.get(f"{site_url}/{SPEC}/put-key-policy/")  # type: ignore[attr-defined]
    badge_age = driver.execute_script(  # type: ignore[attr-defined]
        "return new Promise(r => setTimeout(() => r(document.querySelector('.ps-badge .ps-age').textContent), 1500))")
    assert "verified" in badge_age, "the badge shows the verification's age, read from the report page"


def test_errors_name_each_languages_exception(site_url: str, browser: object) -> None:
    driver = browser
    expected = {
        "java": "software.amazon.awssdk.services.kms.model.NotFoundException",
        "python": "client.exceptions.NotFoundException",
        "go": "*types.NotFoundException",
        "ruby": "Aws::KMS::Errors::NotFoundException",
        "csharp": "Amazon.KeyManagementService.Model.NotFoundException",
    }
    for lang, name in expected.items():
        driver.get(f"{site_url}/{SPEC}/put-key-policy/?lang={lang}")  # type: ignore[attr-defined]
        shown = driver.execute_script(  # type: ignore[attr-defined]
            """const sets = document.querySelectorAll('.tabbed-set');
               const errors = sets[sets.length - 1];
               const input = errors.querySelector(':scope > input:checked');
               const index = [...errors.querySelectorAll(':scope > input')].indexOf(input);
               return errors.querySelectorAll(':scope > .tabbed-content > .tabbed-block')[index].innerText;""")
        assert name in shown, (lang, shown[:300])
    body = driver.find_element("css selector", "article").text  # type: ignore[attr-defined]
    assert "retried automatically" in body and "not retried" in body
    assert "Truncated" not in body or "Response" in body


# --- a spec with hostile text ------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    spec = yaml.safe_load((ROOT / "specs" / f"{SPEC}.yaml").read_text(encoding="utf-8"))
    spec["title"] = HOSTILE_TITLE
    spec["description"] = HOSTILE_DESCRIPTION
    spec["operations"][0]["title"] = HOSTILE_TITLE
    spec["operations"][0]["description"] = HOSTILE_STEP
    spec["placeholders"]["key_id"]["description"] = "the *key* <b>id</b> |x| \\"
    path = folder / "hostile-title.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# A foreign site\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run([sys.executable, "-m", "generator", "generate", str(path), "--out", str(docs)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    config = {
        "site_name": "Foreign",
        "docs_dir": "docs",
        "theme": {"name": "material", "features": ["content.tabs.link"]},
        "plugins": [{"polysnip": {"specs": [str(path)]}}],
        "exclude_docs": "nav.json\n",
        "extra_javascript": ["polysnip.js"],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details",
                                "pymdownx.superfences", {"pymdownx.tabbed": {"alternate_style": True}}],
    }
    (docs / "polysnip.js").write_bytes((ROOT / "site" / "javascripts" / "polysnip.js").read_bytes())
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    html = folder / "html"
    build(folder / "mkdocs.yml", html, cwd=folder)
    server, url = serve(html)
    yield url
    server.shutdown()
    server.server_close()


def test_hostile_text_renders_literally(hostile_site: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    for page in ("hostile-title/", "hostile-title/list-key-policies/"):
        driver.get(f"{hostile_site}/{page}")  # type: ignore[attr-defined]
        heading = driver.find_element(By.CSS_SELECTOR, "article h1").get_attribute("textContent")  # type: ignore[attr-defined]
        assert heading.replace("¶", "").strip() == HOSTILE_TITLE.strip(), heading
        assert driver.execute_script("return window.__pwned === undefined"), "spec text ran as script"  # type: ignore[attr-defined]
        scripts = driver.execute_script(  # type: ignore[attr-defined]
            "return [...document.querySelectorAll('article script, article img, article iframe')].length")
        assert scripts == 0, "an element from spec text reached the page"
        article = driver.find_element(By.CSS_SELECTOR, "article").get_attribute("textContent")  # type: ignore[attr-defined]
        assert "{{ 7*7 }}" in article, "template syntax is shown as written, never evaluated"
        nav = driver.execute_script(  # type: ignore[attr-defined]
            "return [...document.querySelectorAll('.md-nav__link')].map(a => a.textContent.trim())")
        assert HOSTILE_TITLE.strip() in [n.replace("\u2060", "") for n in nav], nav
        title = driver.execute_script("return document.title")  # type: ignore[attr-defined]
        assert title.replace("\u2060", "").startswith(HOSTILE_TITLE.strip()[:20]), title
    driver.get(f"{hostile_site}/hostile-title/list-key-policies/")  # type: ignore[attr-defined]
    article = driver.find_element(By.CSS_SELECTOR, "article").get_attribute("textContent")  # type: ignore[attr-defined]
    assert '=== "tab" !!! note <script>window.__pwned=3</script>' in article
    assert "the *key* <b>id</b> |x| \\" in article
    assert not driver.find_elements(By.CSS_SELECTOR, "article .admonition")  # type: ignore[attr-defined]
    driver.get(f"{hostile_site}/hostile-title/")  # type: ignore[attr-defined]
    article = driver.find_element(By.CSS_SELECTOR, "article").get_attribute("textContent")  # type: ignore[attr-defined]
    assert HOSTILE_DESCRIPTION in article
    assert not driver.find_elements(By.CSS_SELECTOR, "article a[href^='javascript']")  # type: ignore[attr-defined]


# --- crawl --------------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("name") and tag == "a":
            self.ids.add(str(found["name"]))
        for key in ("href", "src"):
            value = found.get(key)
            if value and not (tag == "link" and found.get("rel") in ("canonical",)):
                self.links.append(value)


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # a local server
            body = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, kind, body.decode("utf-8", "replace") if "html" in kind else ""
    except urllib.error.HTTPError as exc:
        return exc.code, "", ""


def test_crawl_finds_no_broken_internal_link(site_url: str, built_site: Path) -> None:
    start = site_url + "/"
    queue = [start]
    seen: dict[str, tuple[int, str, _Links]] = {}
    broken: list[str] = []
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        status, kind, body = _get(url)
        parser = _Links()
        if body:
            parser.feed(body)
        seen[url] = (status, kind, parser)
        for link in parser.links:
            absolute = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(absolute)
            if not absolute.startswith(site_url) or parts.scheme not in ("http", "https"):
                continue
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            if parts.fragment and "html" in kind:
                anchors.append((url, target, urllib.parse.unquote(parts.fragment)))
            if target not in seen:
                queue.append(target)
    for url, (status, _, _) in seen.items():
        if status != 200:
            referrers = [u for u, (_, _, p) in seen.items()
                         if any(urllib.parse.urljoin(u, link).split("#")[0].split("?")[0] == url for link in p.links)]
            broken.append(f"{url} ({status}) linked from {referrers[:3]}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    missing = []
    for source, target, fragment in anchors:
        page = seen.get(target)
        if page and "html" in page[1] and fragment not in page[2].ids:
            missing.append(f"{source} -> {target}#{fragment}")
    assert not missing, "links to anchors that do not exist:\n" + "\n".join(sorted(set(missing))[:20])
    pages = [u for u, (_, kind, _) in seen.items() if "html" in kind]
    assert len(pages) >= 11, f"the crawl reached only {len(pages)} pages"
    published = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    internal = sorted(p for p in published if p.endswith(("nav.json", "coverage.txt")) or "/." in "/" + p)
    assert not internal, f"internal files are published: {internal}"
    nav = json.dumps(sorted(published))
    assert "snippets.json" in nav, "the exports stay published for other tools"


def test_navigation_puts_the_examples_first_and_names_every_language(site_url: str, browser: object) -> None:
    driver = browser
    driver.get(f"{site_url}/")  # type: ignore[attr-defined]
    top = driver.execute_script(  # type: ignore[attr-defined]
        """const nav = document.querySelector('.md-nav--primary > .md-nav__list');
           return [...nav.querySelectorAll(':scope > .md-nav__item')].map(li => {
             const own = li.querySelector(':scope > a, :scope > label, :scope > .md-nav__link');
             return own ? own.textContent.trim() : '';
           });""")
    # The examples (one section per spec, in mkdocs.yml's order) come between Home and the tool pages.
    assert top[0] == "Home" and top[-1] == "About the tools", top
    assert top[1:-1] == ["KMS key policies", "Secrets Manager secrets", "DynamoDB tables and items",
                         "S3 buckets and objects"], top
    links = driver.execute_script(  # type: ignore[attr-defined]
        """return [...document.querySelectorAll('.md-nav--primary .md-nav__link')]
                  .filter(a => a.offsetParent !== null && a.getBoundingClientRect().height > 0)
                  .filter(a => !a.querySelector('.md-nav__link'))
                  .map(a => a.innerText.trim())""")
    assert links.count("KMS key policies") == 1, f"the spec's title appears once in the navigation: {links}"
    languages = ["Java", "C#", "Python", "Ruby", "AWS CLI", "JavaScript", "Go"]
    description = driver.execute_script(  # type: ignore[attr-defined]
        "return document.querySelector('meta[name=description]').content")
    intro = driver.execute_script("return document.querySelector('article p').textContent")  # type: ignore[attr-defined]
    for language in languages:
        assert language in description, f"the meta description omits {language}"
        assert language in intro, f"the introduction omits {language}"
