"""Verification results kept between runs, so that a build with nothing changed runs nothing.

One entry holds the results of one language of one spec (the programs of one verify call,
or of one shard). Its key is a SHA-256 over everything that can change those results:

* the published text of every program, and the executed text (the published text with
  each placeholder's display replaced by the real fixture value, which verification
  proves is exactly what the re-rendered program says);
* the spec document, its fixture definitions and placeholders, service and region;
* what the runner reports: the toolchain, SDK and variant versions from availability()
  and sdk_availability(), the checker's description, moto's version, the run limits;
* polysnip's version and a hash of the generator's own code and templates (the language
  rules, runners and checks, the runners' check scripts and harnesses), of user template
  folders and of languages kept outside it.

Fixture values come from a seeded moto, so they are a function of the fixture definitions,
moto's version and the generator's code; they are kept in an entry of their own under
such a key, and a verification that creates its fixtures checks them against it.

Asking every toolchain for its versions takes seconds (an `aws --version` alone is most of
one), so a runner's answers are kept too, under a key of the toolchain's footprint: the
stat of every folder on PATH and sys.path, the package database, the lock data and manifests
in the toolchain cache, the environment variables runners read and the generator's code. Such an answer is used for a
day at most; `--no-cache` asks again.

Entries are JSON files written atomically under the toolchain cache (cache_dir); one that
cannot be read, parsed or does not carry its own key is a miss, never an error. A language
whose programs did not all pass (or were declared not executable) is not stored: a failure
is run again next time.

Each program's type-check answer is kept beside these, in entries of its own
(generator.typecheck_cache), so a language that runs again checks only changed programs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .report import Outcome, ReportError, Status, write_atomic

FORMAT = 1
TOOLCHAIN_SECONDS = 24 * 3600  # how long a runner's recorded versions are trusted
# Variables a runner reads to find its toolchain: a change of any of them asks again.
_TOOLCHAIN_ENV = ("PATH", "JAVA_HOME", "GOROOT", "GOPATH", "GOFLAGS", "GOPROXY", "NODE_PATH", "GEM_HOME",
                  "GEM_PATH", "RUBYLIB", "DOTNET_ROOT", "VIRTUAL_ENV", "PYTHONPATH", "HOME")  # fmt: skip
_GENERATOR = Path(__file__).resolve().parent


def toolchain_root() -> Path:
    """The toolchain cache (runners.base.cache_dir's root; POLYSNIP_CACHE moves it)."""
    return Path(os.environ.get("POLYSNIP_CACHE") or Path.home() / ".cache" / "polysnip")


def folder() -> Path:
    """Where entries live: <toolchain cache>/verification, or POLYSNIP_VERIFY_CACHE (a
    benchmark starts from an empty one without moving the installed SDKs)."""
    own = os.environ.get("POLYSNIP_VERIFY_CACHE")
    if own:
        return Path(own)
    from .runners.base import cache_dir

    return cache_dir("verification")


def digest(data: Any) -> str:
    """The key of any JSON-able data (sorted keys, so dict order does not matter)."""
    try:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # keys of mixed types cannot be sorted: their repr is as stable
        text = repr(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_code_hash: str | None = None


def code_hash() -> str:
    """The generator's code and built-in templates, the runners' toolchain files (check
    scripts and harnesses in Ruby, JavaScript and Java, committed manifests), plus
    languages kept outside it."""
    global _code_hash
    if _code_hash is None:
        from .fingerprint import hash_tree, language_path_hash, template_root

        hasher = hashlib.sha256(__version__.encode())
        hash_tree(hasher, _GENERATOR, "*.py")
        hash_tree(hasher, _GENERATOR, "*.json")
        hash_tree(hasher, _GENERATOR / "runners" / "toolchains", "*")
        hash_tree(hasher, template_root(), "*.jinja")
        hasher.update(language_path_hash().encode())
        _code_hash = hasher.hexdigest()
    return _code_hash


def templates_hash(template_dirs: list[Path]) -> str:
    from .fingerprint import hash_tree

    hasher = hashlib.sha256()
    for template_dir in template_dirs:
        hasher.update(os.fsencode(str(template_dir)) + b"\0")
        hash_tree(hasher, Path(template_dir), "*")
    return hasher.hexdigest()


# --- reading and writing entries -----------------------------------------------------------


def _path(kind: str, key: str) -> Path:
    return folder() / kind / key[:2] / f"{key}.json"


def load(kind: str, key: str) -> dict[str, Any] | None:
    """The entry stored under key, or None: absent, unreadable, not JSON, another format or
    another key (a file renamed or half-copied by hand) are all a miss."""
    try:
        data = json.loads(_path(kind, key).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return data


def store(kind: str, key: str, data: dict[str, Any]) -> bool:
    """Write an entry atomically (a reader sees the old file or the new one, never half of
    one). A cache that cannot be written is not an error: returns False."""
    path = _path(kind, key)
    try:
        text = json.dumps({"format": FORMAT, "key": key, **data}, indent=1, sort_keys=True, ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (text + "\n").encode("utf-8"))
    except (OSError, TypeError, ValueError):
        return False
    return True


# --- fixture values -------------------------------------------------------------------------


def fixtures_key(spec: dict[str, Any], moto: str) -> str:
    return digest({"what": "fixture values", "spec": spec, "moto": moto, "code": code_hash()})


def load_fixtures(key: str) -> dict[str, str] | None:
    entry = load("fixtures", key)
    values = entry.get("values") if entry else None
    if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
        return None
    return values


def store_fixtures(key: str, values: dict[str, str]) -> None:
    store("fixtures", key, {"values": values})


# --- results --------------------------------------------------------------------------------


@dataclass
class Results:
    """One language's results for a spec, as a run produced them."""

    date: str  # of the run that produced them
    outcomes: list[Outcome]
    sent: dict[str, list[Any]] = field(default_factory=dict)  # unit id -> normalised requests
    versions: dict[str, str] = field(default_factory=dict)  # the report's versions for the language

    def cached(self) -> list[Outcome]:
        """The outcomes, labelled with the date of the run that produced them."""
        from dataclasses import replace

        return [replace(o, cached=o.cached or self.date) for o in self.outcomes]


def cacheable(outcomes: list[Outcome]) -> bool:
    """Only a language whose every program passed (or was declared not executable) is kept."""
    return bool(outcomes) and all(o.status is Status.PASSED or o.declared for o in outcomes)


def load_results(key: str) -> Results | None:
    entry = load("results", key)
    if entry is None:
        return None
    try:
        outcomes = [Outcome.from_dict(o) for o in entry["outcomes"]]
        sent = entry.get("sent", {})
        versions = entry.get("versions", {})
        date = entry["date"]
        if not isinstance(sent, dict) or not isinstance(versions, dict) or not isinstance(date, str):
            return None
        if not all(isinstance(v, str) for v in versions.values()):
            return None
    except (KeyError, TypeError, ReportError):
        return None
    if not cacheable(outcomes):
        return None
    return Results(date, outcomes, sent, versions)


def store_results(key: str, results: Results) -> bool:
    """Keep results that can be replayed exactly: every program passed, and the requests
    survive a JSON round trip unchanged (so the equivalence check sees what it saw)."""
    if not cacheable(results.outcomes):
        return False
    try:
        if json.loads(json.dumps(results.sent)) != results.sent:
            return False
    except (TypeError, ValueError):
        return False
    data = {
        "date": results.date,
        "outcomes": [_outcome_data(o) for o in results.outcomes],
        "sent": results.sent,
        "versions": results.versions,
    }
    return store("results", key, data)


def _outcome_data(outcome: Outcome) -> dict[str, Any]:
    data = asdict(outcome) | {"status": str(outcome.status)}
    data["equivalent"] = None  # judged again against the reference language's requests of this run
    data["cached"] = ""
    return data


# --- a runner's versions ----------------------------------------------------------------------


def _stat(path: Path) -> list[int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_mtime_ns, found.st_size, found.st_ino]


_MANIFESTS = ("sdks.json", "go.mod", "go.sum", "package.json", "package-lock.json", "Gemfile.lock")


def _manifests(root: Path, depth: int, skip: Path) -> list[Any]:
    """(relative path, SHA-256) of the lock data and manifests under root, depth levels down:
    what an install rewrites, unlike the workspaces every run writes programs into."""
    found: list[Any] = []
    level = [root]
    for _ in range(depth + 1):
        following = []
        for path in level:
            if path == skip or path.name == "node_modules":
                continue
            if path.is_file() and (path.name in _MANIFESTS or (path.name.startswith("pom") and path.suffix == ".xml")):
                try:
                    found.append([str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest()])
                except OSError:
                    found.append([str(path.relative_to(root)), None])
            elif path.is_dir() and not path.is_symlink():
                try:
                    following += sorted(path.iterdir())
                except OSError:
                    pass
        level = following
    return found


_footprint: str | None = None


def toolchain_footprint() -> str:
    """What an installation or removal of a toolchain or SDK changes: the folders on PATH and
    sys.path, Debian's package database, the toolchain cache (its lock data included)."""
    global _footprint
    if _footprint is not None:
        return _footprint
    root = toolchain_root()
    paths = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    # sys.path[0] is the script's folder or the working folder, which every build writes into
    paths += [Path(p) for p in sys.path[1:] if p and Path(p).resolve() != Path.cwd().resolve()]
    paths += [Path("/var/lib/dpkg/status")]
    _footprint = digest({
        "python": [sys.executable, sys.version],
        "env": {name: os.environ.get(name) for name in _TOOLCHAIN_ENV},
        "polysnip env": {k: v for k, v in os.environ.items() if k.startswith("POLYSNIP_")},
        "paths": [[str(p), _stat(p)] for p in paths],
        "cache": _manifests(root, 3, folder()),
        "code": code_hash(),
    })
    return _footprint


def _availability_data(found: Any) -> dict[str, Any]:
    return {"ok": found.ok, "reason": found.reason, "installable": found.installable, "versions": found.versions}


def _availability(data: Any) -> Any:
    from .runners import Availability

    if not isinstance(data, dict) or not isinstance(data.get("versions"), dict):
        raise TypeError("not an availability")
    return Availability(bool(data["ok"]), str(data.get("reason", "")), bool(data.get("installable", True)),
                        {str(k): str(v) for k, v in data["versions"].items()})  # fmt: skip


@dataclass
class Toolchain:
    """What verification asks a runner before it runs anything."""

    availability: Any  # runners.Availability of the runner
    sdk: Any  # of the service's SDK (ok when availability is not)
    variants: list[Any]  # availability of each further variant (AWS CLI v2)
    checker: str  # the checker's description, "" when there is none


_asked: dict[tuple[str, str], Toolchain] = {}  # this process's answers
_asked_fresh: dict[tuple[str, str], bool] = {}  # ...and whether each was asked in this process


def toolchain(runner: Any, service: str, fresh: bool = False) -> Toolchain:
    """A runner's answers for a service: from this process, or recorded under the
    toolchain's footprint less than a day ago, or asked now (and recorded). fresh asks now.
    A runner that raises is reported as unavailable with the reason, as verification does."""
    from .runners import Availability

    name = f"{type(runner).__module__}.{type(runner).__qualname__}"
    if (name, service) in _asked and (_asked_fresh.get((name, service)) or not fresh):
        return _asked[(name, service)]
    key = digest({"what": "toolchain", "runner": name, "service": service, "footprint": toolchain_footprint()})
    entry = None if fresh else load("toolchains", key)
    if entry is not None and time.time() - float(entry.get("at", 0)) < TOOLCHAIN_SECONDS:
        try:
            found = Toolchain(_availability(entry["availability"]), _availability(entry["sdk"]),
                              [_availability(v) for v in entry["variants"]], str(entry["checker"]))  # fmt: skip
            _asked[(name, service)], _asked_fresh[(name, service)] = found, False
            return found
        except (KeyError, TypeError, ValueError):
            pass

    def ask(question: Any, what: str) -> Any:
        try:
            return question()
        except Exception as exc:  # a broken toolchain is "not executed", with the reason
            return Availability(False, f"checking {what} failed: {type(exc).__name__}: {exc}")

    available = ask(runner.availability, "the toolchain")
    sdk = ask(lambda: runner.sdk_availability(service), f"the {service} SDK") if available.ok else Availability(True)
    variants = [ask(v.availability, "the toolchain") for v in runner.variants()[1:]] if available.ok else []
    try:
        checker = runner.checker() if available.ok else None
    except Exception:  # a checker that cannot say what it is checks nothing
        checker = None
    found = Toolchain(available, sdk, variants, checker.description if checker is not None else "")
    _asked[(name, service)], _asked_fresh[(name, service)] = found, True
    store("toolchains", key, {
        "at": time.time(),
        "availability": _availability_data(available),
        "sdk": _availability_data(sdk),
        "variants": [_availability_data(v) for v in variants],
        "checker": found.checker,
    })  # fmt: skip
    return found
