"""An mkdocs hook for this repository's site: the examples come first in the navigation.

The polysnip plugin appends each spec's section after the hand-written navigation; this
hook (listed under `hooks:` in mkdocs.yml, so it runs after the plugins) moves those
sections right after the home page, leaving the tool pages (spec format, verification,
benchmarks) in their own section below the examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def on_nav(nav: Navigation, *, config: Any, files: Any) -> Navigation:
    generated = [item for item in nav.items if isinstance(item, Section) and _is_generated(item)]
    if not generated:
        return nav
    others = [item for item in nav.items if item not in generated]
    home = [item for item in others[:1] if isinstance(item, Page) and item.is_homepage]
    nav.items = [*home, *generated, *[item for item in others if item not in home]]
    pages = _pages(nav.items)
    for previous, page in zip([None, *pages], pages, strict=False):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    if pages:
        pages[-1].next_page = None
    nav.pages = pages
    return nav


def _is_generated(section: Section) -> bool:
    """A spec's section: every page of it sits in a folder holding the spec's nav.json."""
    pages = [child for child in section.children if isinstance(child, Page)]
    return bool(pages) and all(
        page.file.abs_src_path is not None and (Path(page.file.abs_src_path).parent / "nav.json").is_file()
        for page in pages
    )


def _pages(items: list[Any]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages(item.children))
    return found
