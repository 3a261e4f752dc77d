"""The built site in a real browser: Debian's headless Chromium driven by Selenium.

Builds the site from site/ into a temp folder, serves it on 127.0.0.1, then checks that
choosing a language on one page carries over to the next, and that copy buttons exist.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]


def _require(path: str) -> str:
    found = shutil.which(path) or (path if Path(path).exists() else None)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing; .ci/run must install chromium and chromium-driver")
    pytest.skip(f"{path} is not installed")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    html = tmp_path_factory.mktemp("html")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(html)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    chromium = _require("/usr/bin/chromium")
    driver_path = _require("/usr/bin/chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _visible_code(driver: object, group: int = 0) -> str:
    from selenium.webdriver.common.by import By

    tab_set = driver.find_elements(By.CSS_SELECTOR, ".tabbed-set")[group]  # type: ignore[attr-defined]
    blocks = [b for b in tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-block") if b.is_displayed()]
    assert len(blocks) == 1, "exactly one tab's content is visible"
    return str(blocks[0].find_element(By.CSS_SELECTOR, "code").text)


def _selected_label(driver: object, group: int = 0) -> str:
    from selenium.webdriver.common.by import By

    tab_set = driver.find_elements(By.CSS_SELECTOR, ".tabbed-set")[group]  # type: ignore[attr-defined]
    checked = tab_set.find_element(By.CSS_SELECTOR, "input:checked")
    label = tab_set.find_element(By.CSS_SELECTOR, f"label[for='{checked.get_attribute('id')}']")
    return str(label.text)


@pytest.mark.browser
def test_language_choice_follows_the_reader(site_url: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(f"{site_url}/kms-key-policies/put-key-policy/")  # type: ignore[attr-defined]
    assert "put" in _visible_code(driver).lower()
    assert "putKeyPolicy" in _visible_code(driver), "Java is the first tab"

    ruby = driver.find_element(By.XPATH, "(//div[contains(@class,'tabbed-labels')])[1]/label[normalize-space()='Ruby']")  # type: ignore[attr-defined]
    ruby.click()
    code = _visible_code(driver)
    assert "put_key_policy" in code and "client.put_key_policy(" in code
    assert _selected_label(driver) == "Ruby"

    copy_buttons = driver.find_elements(By.CSS_SELECTOR, ".md-clipboard, .md-code__button[data-md-type='copy']")  # type: ignore[attr-defined]
    assert copy_buttons, "code blocks have a copy button"

    driver.get(f"{site_url}/kms-key-policies/get-key-policy/")  # type: ignore[attr-defined]
    assert _selected_label(driver) == "Ruby", "the language choice is remembered across pages"
    assert "client.get_key_policy(" in _visible_code(driver)

    badges = [b for b in driver.find_elements(By.CSS_SELECTOR, ".tabbed-block .ps-badge") if b.is_displayed()]  # type: ignore[attr-defined]
    assert len(badges) == 1, "the visible tab has one proof badge"
    assert badges[0].text.startswith(("Executed against moto", "Syntax-checked only")), badges[0].text

    screenshot = tmp_path / "get-key-policy-ruby.png"
    driver.save_screenshot(str(screenshot))  # type: ignore[attr-defined]
    assert screenshot.stat().st_size > 10_000
