"""The built site in a real browser: Debian's headless Chromium driven by Selenium.

Builds the site from site/ into a temp folder, serves it on 127.0.0.1 (conftest.py), then
checks that choosing a language on one page carries over to the next, and that copy
buttons exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def _visible_code(driver: object, group: int = 0) -> str:
    from selenium.webdriver.common.by import By

    tab_set = driver.find_elements(By.CSS_SELECTOR, ".tabbed-set")[group]  # type: ignore[attr-defined]
    blocks = [b for b in tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-block") if b.is_displayed()]
    assert len(blocks) == 1, "exactly one tab's content is visible"
    return str(blocks[0].find_element(By.CSS_SELECTOR, ".ps-snippet code").text)


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
