"""A thin mkdocs plugin: adds the pages `polysnip generate` wrote to a site's navigation.

    plugins:
      - polysnip:
          specs: [specs/kms-key-policies.yaml]
          out: generated       # where polysnip generate --out wrote its folders (default: docs_dir,
                               # which is also generate's default when run beside mkdocs.yml)
          nav_position: first  # spec sections right after the home page (default), or: last

Generation never depends on this plugin; it only adapts the generated folders to an
existing site: files outside docs_dir are added to the build, and each spec becomes a
nav section with its pages in spec order. Generated folders inside site_dir are refused:
every build empties that folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


class PolysnipConfig(Config):
    specs = config_options.ListOfItems(config_options.Type(str), default=[])
    out = config_options.Optional(config_options.Type(str))
    nav_position = config_options.Choice(("first", "last"), default="first")


class PolysnipPlugin(BasePlugin[PolysnipConfig]):
    def _folders(self, config: Any) -> list[tuple[Path, Path]]:
        """(root the folder lives in, the spec's generated folder) for each spec."""
        base = Path(config.config_file_path or ".").parent
        root = (base / self.config.out) if self.config.out else Path(config.docs_dir)
        if root.resolve().is_relative_to(Path(config.site_dir).resolve()):
            raise PluginError(f"polysnip: out ({root}) is inside site_dir, which every build empties; "
                              "generate into the docs folder")
        found = []
        for spec in self.config.specs:
            folder = root / Path(spec).stem
            if not (folder / "nav.json").exists():
                raise PluginError(f"polysnip: {folder} has no generated pages; run: polysnip generate {spec}")
            found.append((root, folder))
        return found

    def on_files(self, files: Files, *, config: Any) -> Files:
        docs = Path(config.docs_dir).resolve()
        for root, folder in self._folders(config):
            if folder.resolve().is_relative_to(docs):
                continue  # already part of the site
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    name = path.relative_to(root).as_posix()
                    files.append(File(name, str(root), config.site_dir, config.use_directory_urls))
        return files

    def on_nav(self, nav: Navigation, *, config: Any, files: Files) -> Navigation:
        sections: list[Section] = []
        for root, folder in self._folders(config):
            entries = json.loads((folder / "nav.json").read_text(encoding="utf-8"))
            pages: list[Page] = []
            for entry in entries:
                file = files.get_file_from_path(f"{folder.relative_to(root).as_posix()}/{entry['path']}")
                if file is None or file.page is None:
                    raise PluginError(f"polysnip: generated page {entry['path']} is missing from the build")
                file.page.title = entry["title"]
                pages.append(file.page)
            title = entries[0]["title"] if entries else folder.name
            section = Section(title, pages)  # type: ignore[arg-type]
            for page in pages:
                page.parent = section
            sections.append(section)
        # Readers come for the examples: by default they follow the home page, before any
        # hand-written pages about the tools.
        home = 1 if nav.items and isinstance(nav.items[0], Page) and nav.items[0].is_homepage else 0
        at = home if self.config.nav_position == "first" else len(nav.items)
        nav.items[at:at] = sections
        all_pages = _pages_in_order(nav.items)
        for previous, page in zip([None, *all_pages], all_pages, strict=False):
            page.previous_page = previous
            if previous is not None:
                previous.next_page = page
        if all_pages:
            all_pages[-1].next_page = None
        nav.pages = all_pages
        return nav


def _pages_in_order(items: list[Any]) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages_in_order(item.children))
    return pages
