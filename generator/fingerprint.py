"""A cheap test for "nothing changed since the last generate".

The fingerprint covers everything that shapes the output: the spec, the templates, the
generator's own code, languages kept outside it (the folders of POLYSNIP_LANGUAGE_PATH,
their modules and templates), the verification report the pages show, and the versions
of the packages that output depends on. It is stored in the output folder with a hash of the
outputs, so a hand-edited output file is noticed too. Only the standard library is
imported here: the point is to answer before botocore, black or Jinja are loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

STAMP = ".polysnip-fingerprint.json"
# Packages whose versions change what is generated (names, reference text, formatting).
_PINNED = ("botocore", "black", "jinja2", "markdownify", "tree-sitter", "pyyaml", "polysnip")
_GENERATOR = Path(__file__).resolve().parent
_LANGUAGE_PATH = "POLYSNIP_LANGUAGE_PATH"  # as generator.languages reads it (not imported: it loads every language)


def template_root() -> Path:
    """Templates ship inside the wheel; in a checkout they sit beside the package."""
    packaged = _GENERATOR / "templates"
    return packaged if packaged.is_dir() else _GENERATOR.parent / "templates"


def _hash_tree(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def inputs(spec: Path, template_dirs: list[Path], report: Path) -> str:
    digest = hashlib.sha256()
    digest.update(spec.read_bytes())
    for folder in template_dirs:
        _hash_tree(digest, folder, "*.jinja")
    _hash_tree(digest, _GENERATOR, "*.py")
    for external in filter(None, os.environ.get(_LANGUAGE_PATH, "").split(os.pathsep)):
        digest.update(b"language path\0" + os.fsencode(external) + b"\0")
        _hash_tree(digest, Path(external), "*")
    try:
        digest.update(report.read_bytes())
    except OSError:  # absent, or unreadable: either way the pages say "not verified yet"
        digest.update(b"no report")
    for package in _PINNED:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=absent".encode())
    return digest.hexdigest()


def for_spec(spec: Path, templates: Path | None, out_root: Path) -> str:
    """The inputs hash of a spec's output folder: the spec, the user's template overrides and
    the built-in templates, the generator, the spec's verification report, pinned versions."""
    from .report import report_path  # standard library only, like this module

    template_dirs = [templates] if templates else []
    return inputs(spec, [*template_dirs, template_root()], report_path(out_root, spec.stem))


def outputs(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        if name != STAMP:
            digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def stamp(inputs_hash: str, files: dict[str, bytes]) -> bytes:
    return (json.dumps({"inputs": inputs_hash, "outputs": outputs(files)}, indent=2) + "\n").encode()


def unchanged(folder: Path, inputs_hash: str) -> bool:
    """True when folder was generated from these inputs and no output was touched since."""
    try:
        recorded = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("inputs") != inputs_hash:
        return False
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return bool(recorded.get("outputs") == outputs(files))
