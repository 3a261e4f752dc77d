"""What the command line can answer before click is loaded.

`python -m generator generate` with nothing changed since the last generate is the most
frequent command of a docs build; it answers here, loading the standard library, the
fingerprint and the output rules only. Anything this module does not recognise or cannot
settle (an option it does not know, a spec or output folder that is not plainly fine, any
error) goes to the full command, which parses, checks and reports it as usual: this path
may only say "nothing changed" where the full command would say exactly that.

Also here, because neither needs click: the signal handling every command runs under, and
the defaults of the spec list and the output folder.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

DEFAULT_SPECS = "specs"
DEFAULT_DOCS = "docs"  # MkDocs's default docs_dir
MKDOCS_CONFIG = "mkdocs.yml"
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_INTERRUPTED = 128 + signal.SIGINT


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every finally block (temporary folders,
    staging folders, the output lock) runs before the process exits."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    raise Terminated()


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGTERM raises Terminated for the duration of a command (SIGINT already raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def found_specs(specs: tuple[str, ...]) -> list[Path]:
    """The spec files named, or every specs/*.yaml when none is named (hidden files such as
    specs/.yaml are skipped: their output folder would be hidden or the output root itself);
    [] when none is named and none is found."""
    if specs:
        return [Path(s) for s in specs]
    return sorted(p for p in Path(DEFAULT_SPECS).glob("*.yaml") if not p.name.startswith("."))


def mkdocs_folders(plain_enough: bool = False) -> tuple[Path, Path] | None:
    """(docs_dir, site_dir) of ./mkdocs.yml; None when there is none or it cannot be read
    (an unreadable mkdocs.yml is mkdocs's to report).

    plain_enough: the caller only needs the folders this file gives when it is valid YAML
    (a check that an unreadable file skips); then a file that `plain_folders` can read is
    read without loading yaml."""
    config = Path(MKDOCS_CONFIG)
    if not config.is_file():
        return None
    if plain_enough:
        try:
            found = plain_folders(config.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        if found is not None:
            return config.parent / found[0], config.parent / found[1]
    from ..sitebuild import site_folders

    try:
        return site_folders(config)
    except Exception:
        return None


_TOP_LEVEL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_FOLDER = re.compile(r"(?:[A-Za-z_/]|\.\.?/)[A-Za-z0-9_./-]*|\.\.?")
# Words YAML 1.1 (PyYAML) reads as booleans or null rather than strings.
_NOT_STRINGS = frozenset(
    f(word) for word in ("yes", "no", "true", "false", "on", "off", "null") for f in (str.lower, str.title, str.upper)
)
_FOLDER_KEYS = ("docs_dir", "site_dir")


def plain_folders(text: str) -> tuple[str, str] | None:
    """docs_dir and site_dir (or their defaults) of a mkdocs.yml written plainly, as the YAML
    loader reads them when the file is valid YAML; None for anything less plain.

    Plainly means: no tab and no line break but \\n; apart from comments, no quote or bracket
    (nothing can then span lines except block scalars and indented blocks, which end at the next
    line that starts in column 0); every line that starts in column 0 is blank, a comment or
    `key: value` / `key:` with a plain key; the first such entry starts the file's mapping; and
    docs_dir and site_dir, where given, appear once each as a plain folder name on one line,
    with no indented line under them."""
    if any(c in text for c in "\t\r\x85\u2028\u2029"):  # tabs, and line breaks other than \n
        return None
    found: dict[str, str] = {}
    owner: str | None = None  # the top-level key the indented lines belong to
    for line in text.split("\n"):
        content = _without_comment(line)
        if any(c in content for c in "\"'[]{}"):
            return None
        if not content.strip():
            continue
        if content.startswith(" "):
            if owner is None or owner in _FOLDER_KEYS:
                return None  # the file starts indented, or a folder's value goes on below it
            continue
        entry = _TOP_LEVEL.fullmatch(content.rstrip(" "))
        if entry is None:
            return None
        owner, value = entry.group(1), (entry.group(2) or "").strip(" ")
        if owner in _FOLDER_KEYS:
            if owner in found or not _FOLDER.fullmatch(value) or value in _NOT_STRINGS:
                return None
            found[owner] = value
    if owner is None:
        return None
    return found.get("docs_dir", "docs"), found.get("site_dir", "site")


def _without_comment(line: str) -> str:
    """line up to a '#' that starts it or follows a space (a comment in YAML, or text of a
    block scalar: either way nothing that can open a quote or a bracket)."""
    at = 0 if line.startswith("#") else line.find(" #")
    return line if at < 0 else line[:at]


def chosen_out(out: str | None, plain_enough: bool = False) -> tuple[str, Path | None]:
    """--out as given, or where generated pages go by default: the docs_dir of ./mkdocs.yml,
    or MkDocs's default 'docs' (inside the pages MkDocs reads, never its site_dir, which every
    build empties); and MkDocs's site_dir when the folder chosen lies inside it, else None.

    plain_enough (with an --out given): a site_dir read without yaml (`plain_folders`), which
    is the one the loader gives when the file is valid YAML; when it is not, the full command
    checks nothing, so this check can only send a run to it that it would have let through."""
    folders = mkdocs_folders(plain_enough=plain_enough and out is not None)
    chosen = out if out is not None else (str(folders[0]) if folders is not None else DEFAULT_DOCS)
    if folders is None:
        return chosen, None
    site_dir = folders[1]
    return chosen, (site_dir if Path(chosen).resolve().is_relative_to(site_dir.resolve()) else None)


# --- generate with nothing to do ------------------------------------------------------------


def _generate_arguments(argv: list[str]) -> tuple[tuple[str, ...], str | None, str | None] | None:
    """(specs, --out, --templates) of `generate SPEC... [--out DIR] [--templates DIR]`; None for
    anything else (other options, help, a repeated option, `--`): the full parser handles those."""
    if not argv or argv[0] != "generate":
        return None
    specs: list[str] = []
    options: dict[str, str] = {}
    rest = iter(argv[1:])
    for token in rest:
        if not token.startswith("-"):
            specs.append(token)
            continue
        name, equals, value = token.partition("=")
        if name not in ("--out", "--templates") or name in options:
            return None
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        options[name] = value
    return tuple(specs), options.get("--out"), options.get("--templates")


def nothing_to_generate(argv: list[str]) -> bool:
    """For `generate`: print each spec's "nothing changed" line and return True when every
    spec's output folder is already generated from exactly these inputs; False (nothing
    printed) whenever the full command has to run."""
    arguments = _generate_arguments(argv)
    if arguments is None:
        return False
    specs, out, templates = arguments
    try:
        with signals_raise():
            folders = _unchanged(specs, out, templates)
    except Exception:  # the full command reports whatever is wrong
        return False
    if folders is None:
        return False
    sys.stdout.write("".join(f"{spec} -> {folder}: nothing changed since the last generate\n"
                             for spec, folder in folders))
    sys.stdout.flush()
    return True


def _unchanged(specs: tuple[str, ...], out: str | None, templates: str | None) -> list[tuple[Path, Path]] | None:
    """The checks of the full command, in its order, each one answering None where it would refuse."""
    if templates is not None and not (os.path.isdir(templates) and os.access(templates, os.R_OK)):
        return None  # --templates must name a readable folder
    chosen, site_dir = chosen_out(out, plain_enough=True)
    if site_dir is not None:
        return None
    root = Path(chosen)
    if not root.is_dir() or not os.access(root, os.W_OK | os.X_OK):
        return None
    paths = found_specs(specs)
    if not paths or any(not p.is_file() for p in paths):
        return None
    from ..output import unchanged_folders

    folders = unchanged_folders(root, paths, Path(templates) if templates else None)
    return None if folders is None else [(path, folders[path]) for path in paths]
