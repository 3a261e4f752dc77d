"""A cheap test for "nothing changed since the last generate".

The fingerprint covers everything that shapes the output: the spec, the templates, the
generator's own code, languages kept outside it (the folders of POLYSNIP_LANGUAGE_PATH,
their modules and templates), the verification report the pages show, and the versions
of the packages that output depends on. It is stored in the output folder with a hash of the
outputs, so a hand-edited output file is noticed too. Only the standard library is
imported here: the point is to answer before botocore, black or Jinja are loaded.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

STAMP = ".polysnip-fingerprint.json"
REPORT_FOLDER = "verification"  # report.REPORT_FOLDER (not imported: this module loads before anything else)
# Packages whose versions change what is generated (names, reference text, formatting).
_PINNED = ("botocore", "black", "jinja2", "markdownify", "tree-sitter", "pyyaml", "polysnip")
_GENERATOR = Path(__file__).resolve().parent
_LANGUAGE_PATH = "POLYSNIP_LANGUAGE_PATH"  # as generator.languages reads it (not imported: it loads every language)


def template_root() -> Path:
    """Templates ship inside the wheel; in a checkout they sit beside the package."""
    packaged = _GENERATOR / "templates"
    return packaged if packaged.is_dir() else _GENERATOR.parent / "templates"


# path -> (size, mtime_ns, SHA-256) of the source files hashed: read from the stamp of the
# folder being checked, so that a file whose size and time did not change is not read again
# (as git's index does); a file that changed either way is read and hashed.
_known: dict[str, tuple[int, int, str]] = {}
_seen: dict[str, tuple[int, int, str]] = {}


def _file_hash(path: str) -> str:
    found = os.stat(path)
    recorded = _known.get(path)
    if recorded is not None and recorded[2] and (recorded[0], recorded[1]) == (found.st_size, found.st_mtime_ns):
        sha = recorded[2]
    else:
        with open(path, "rb") as source:
            sha = hashlib.sha256(source.read()).hexdigest()
    # A file changed within the last two seconds may change again within the same tick of
    # its clock without its time moving: it is not remembered (read again next time).
    recent = time.time_ns() - found.st_mtime_ns < 2_000_000_000
    _seen[path] = (found.st_size, found.st_mtime_ns, "" if recent else sha)
    return sha


def hash_tree(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    """Every file under folder whose name matches pattern (not in __pycache__), in sorted
    order: its path relative to folder and the SHA-256 of its bytes."""
    if not folder.is_dir():
        return
    root = str(folder)
    found = []
    for where, names, files in os.walk(root):
        names[:] = [n for n in names if n != "__pycache__"]
        found += [os.path.join(where, f) for f in files if fnmatch.fnmatchcase(f, pattern)]
    relative = sorted((Path(os.path.relpath(path, root)).as_posix(), path) for path in found)
    for name, path in relative:
        try:
            sha = _file_hash(path)
        except OSError:  # vanished or unreadable since it was listed
            continue
        digest.update(name.encode() + b"\0" + sha.encode() + b"\0")


def language_path_hash() -> str:
    """The folders of POLYSNIP_LANGUAGE_PATH and everything in them."""
    digest = hashlib.sha256()
    for external in filter(None, os.environ.get(_LANGUAGE_PATH, "").split(os.pathsep)):
        digest.update(b"language path\0" + os.fsencode(external) + b"\0")
        hash_tree(digest, Path(external), "*")
    return digest.hexdigest()


def inputs(spec: Path, template_dirs: list[Path], report: Path) -> str:
    digest = hashlib.sha256()
    digest.update(spec.read_bytes())
    for folder in template_dirs:
        hash_tree(digest, folder, "*.jinja")
    hash_tree(digest, _GENERATOR, "*.py")
    digest.update(language_path_hash().encode())
    try:
        digest.update(report.read_bytes())
    except OSError:  # absent, or unreadable: either way the pages say "not verified yet"
        digest.update(b"no report")
    versions = installed_versions()
    for package in _PINNED:
        digest.update(f"{package}={versions.get(_normal(package), 'absent')}".encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """Name (normalised) -> version of every distribution on sys.path, the first found
    winning as for importlib.metadata, read from the names of the *.dist-info and
    *.egg-info folders: importing importlib.metadata alone takes longer than a warm
    generate should."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info") or "-" not in stem:
                continue
            package, _, version = stem.partition("-")
            found.setdefault(_normal(package), version.split("-")[0])
    return found


def for_spec(spec: Path, templates: Path | None, out_root: Path) -> str:
    """The inputs hash of a spec's output folder: the spec, the user's template overrides and
    the built-in templates, the generator, the spec's verification report, pinned versions."""
    template_dirs = [templates] if templates else []
    _known.clear()
    try:
        recorded = json.loads((Path(out_root) / spec.stem / STAMP).read_text(encoding="utf-8")).get("sources", {})
        _known.update({str(k): (int(v[0]), int(v[1]), str(v[2])) for k, v in recorded.items()})
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        pass  # no stamp, or not one of this version: every source is read
    _seen.clear()
    return inputs(spec, [*template_dirs, template_root()], Path(out_root) / REPORT_FOLDER / f"{spec.stem}.json")


def outputs(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        if name != STAMP:
            digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def stamp(inputs_hash: str, files: dict[str, bytes]) -> bytes:
    """The stamp of a folder: the inputs and outputs hashes, and the size, time and hash of
    each source file the last inputs hash read (a cache, trusted only for a file whose size
    and time are both unchanged)."""
    sources = {path: list(entry) for path, entry in sorted(_seen.items())}
    data = {"inputs": inputs_hash, "outputs": outputs(files), "sources": sources}
    return (json.dumps(data, indent=2) + "\n").encode()


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
