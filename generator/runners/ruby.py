"""Runs Ruby programs with the AWS SDK for Ruby v3: the whole batch in one interpreter.

Debian's ruby-aws-sdk-kms (aws-sdk-core 3.168) ignores AWS_ENDPOINT_URL, so prepare()
adds `endpoint: ENV.fetch('AWS_ENDPOINT_URL')` to the client construction, and only
there: the lines of the program's "client" region. Everything else is checked to be
unchanged. toolchains/ruby/harness.rb loads aws-sdk-core once, then each program with
load(file, true), with its own access key and its own $stdout/$stderr. The library files
(not the programs) are compiled through toolchains/ruby/compile_cache.rb, whose entries,
kept in the toolchain cache, are keyed by the SHA-256 of each file's bytes and this Ruby's
version and compile options: loading aws-sdk-core then takes about half as long.

The service gems come from Debian (ruby-aws-sdk-<name>), which packages only a few (kms,
s3, cloudformation): for any other service Ruby programs are "not executed", with the
reason "no SDK for <service> can be installed here".

typecheck() runs toolchains/ruby/check.rb once for a batch: every program is compiled by
this Ruby (the syntax check of `ruby -c`), and where its service's gem is installed, the
client module, operation methods, parameter names at every depth (with the kind of each
literal value) and the members read from a response are checked against that gem's own
API model (Aws::<Service>::ClientApi::API). Services without a gem get the syntax check
only, and the checker's description says so.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..languages.ruby import installed_gems
from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, sdk_names
from ..service import service_model
from .base import (
    DEFAULT_LIMITS,
    Availability,
    Checker,
    CompileError,
    Limits,
    ProgramRun,
    Runner,
    RunResult,
    cache_dir,
    probe,
    run_bounded,
    run_json_batches,
    toolchain_env,
    which,
)

HARNESS = Path(__file__).parent / "toolchains" / "ruby" / "harness.rb"
CHECK = Path(__file__).parent / "toolchains" / "ruby" / "check.rb"
COMPILE_CACHE = Path(__file__).parent / "toolchains" / "ruby" / "compile_cache.rb"
ENDPOINT_ARGUMENT = "endpoint: ENV.fetch('AWS_ENDPOINT_URL')"
_CONSTRUCTOR = "::Client.new"
_VERSIONS = "require 'aws-sdk-kms'; print [RUBY_VERSION, Aws::KMS::GEM_VERSION, Aws::CORE_GEM_VERSION].join(' ')"


def _compiled() -> Path:
    """The compile cache's folder (toolchains/ruby/compile_cache.rb) in the toolchain cache."""
    return cache_dir("ruby") / "compiled"


def _with_compile_cache(ruby: str, script: str) -> list[str]:
    """ruby -e script, with the library files it loads compiled through the compile cache."""
    start = f"PolysnipCompileCache.start({json.dumps(str(_compiled()))}, [])"
    return [ruby, "-W0", "-r", str(COMPILE_CACHE), "-e", f"{start}; {script}"]


class RegionRewriteError(ValueError):
    """prepare() could not confine its rewrite to the client region."""


def add_endpoint(text: str, region: tuple[int, int]) -> str:
    """The program with ENDPOINT_ARGUMENT added to the client construction inside the
    1-based inclusive line range region; raises RegionRewriteError if there is no
    construction there or anything outside the region would change."""
    lines = text.split("\n")
    start, end = region
    if not 1 <= start <= end <= len(lines):
        raise RegionRewriteError(f"client region {start}-{end} is outside the program's {len(lines)} lines")
    block = "\n".join(lines[start - 1 : end])
    at = block.find(_CONSTRUCTOR)
    if at < 0:
        raise RegionRewriteError(f"no Client.new in the client region (lines {start}-{end})")
    after = at + len(_CONSTRUCTOR)
    if block[after : after + 1] == "(":
        close = _closing_paren(block, after)
        inside = block[after + 1 : close]
        arguments = inside.rstrip()  # the new argument goes after the last one, before any line break
        separator = "" if not arguments.strip() else " " if arguments.endswith(",") else ", "
        rewritten = (
            block[: after + 1] + arguments + separator + ENDPOINT_ARGUMENT + inside[len(arguments) :] + block[close:]
        )
    else:
        rewritten = block[:after] + f"({ENDPOINT_ARGUMENT})" + block[after:]
    result = "\n".join([*lines[: start - 1], rewritten, *lines[end:]])
    check_only_region_changed(text, result, region)
    return result


def check_only_region_changed(before: str, after: str, region: tuple[int, int]) -> None:
    """Raise RegionRewriteError unless after equals before outside the region's lines
    (and keeps the region's line count, so error lines still match the published program)."""
    old, new = before.split("\n"), after.split("\n")
    start, end = region
    if len(old) != len(new):
        raise RegionRewriteError("the rewrite changed the number of lines")
    outside = [n for n in range(1, len(old) + 1) if not start <= n <= end and old[n - 1] != new[n - 1]]
    if outside:
        raise RegionRewriteError(
            f"the rewrite changed line {outside[0]}, outside the client region (lines {start}-{end})"
        )


def _closing_paren(text: str, opening: int) -> int:
    """The index of the parenthesis closing the one at opening, skipping string literals."""
    depth = 0
    quote = ""
    index = opening
    while index < len(text):
        ch = text[index]
        if quote:
            if ch == "\\":
                index += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise RegionRewriteError("the client construction's parenthesis is not closed in the client region")


def _debian_has(package: str) -> bool:
    """Whether Debian's package lists (as apt last fetched them) know the package."""
    if which("apt-cache") is None:
        return False
    shown = probe(["apt-cache", "show", "--no-all-versions", package])
    return shown.returncode == 0 and f"Package: {package}" in shown.stdout


def _not_installed(packages: list[str]) -> list[str]:
    """The packages dpkg does not hold installed, asked in one dpkg-query for all of them."""
    if not packages or which("dpkg-query") is None:
        return list(packages)
    shown = probe(["dpkg-query", "-W", "-f", "${Package}\t${db:Status-Abbrev}\n", *packages])
    rows = [line.split("\t") for line in shown.stdout.splitlines()]
    installed = {row[0] for row in rows if len(row) == 2 and row[1].startswith("ii")}
    return [p for p in packages if p not in installed]


def _debian_knows(packages: list[str]) -> list[str]:
    """Those of the packages that Debian's package lists know, asked in one apt-cache call."""
    if not packages or which("apt-cache") is None:
        return []
    shown = probe(["apt-cache", "show", "--no-all-versions", *packages])
    known = {line.partition(":")[2].strip() for line in shown.stdout.splitlines() if line.startswith("Package:")}
    return [p for p in packages if p in known]


class RubyRunner(Runner):
    language = "ruby"
    install_hint = "apt-get install ruby ruby-aws-sdk-kms"

    def __init__(self) -> None:
        self._found: dict[str, Availability] = {}  # ruby path -> a positive answer (loading the SDK takes 0.4 s)
        self._gems: dict[str, Availability] = {}  # service -> a positive answer

    def sdk_availability(self, service: str) -> Availability:
        if service == DEFAULT_SERVICE or service in self._gems:
            return self._gems.get(service, Availability(True))
        ruby = which("ruby")
        names = sdk_names(service)
        if ruby is None:
            return Availability(False, "missing ruby (apt-get install ruby)")
        loads = probe([ruby, "-e", f"require '{names.ruby_gem}'"], timeout=120)
        if loads.returncode == 0:
            version = probe(["dpkg-query", "-W", "-f", "${Version}", names.debian_package])
            found = Availability(True, versions={names.ruby_gem: version.stdout.strip() or "?"})
            self._gems[service] = found
            return found
        if _debian_has(names.debian_package):
            return Availability(False, f"the {names.ruby_gem} gem is missing (apt-get install {names.debian_package})")
        return Availability(False, no_sdk(service, f"Debian packages no {names.debian_package}"), installable=False)

    def install(self, services: Sequence[str] = ()) -> None:
        """Install the Debian packages of the services' gems (as root; otherwise say which)."""
        # Two questions for all the services at once: asking each gem to load and apt about
        # each package took minutes for the corpus even with everything installed.
        packages = sorted({sdk_names(s).debian_package for s in services or default_services()
                           if s != DEFAULT_SERVICE and s not in self._gems})  # fmt: skip
        wanted = _debian_knows(_not_installed(packages))
        if not wanted:
            return
        if os.geteuid() != 0:
            raise RuntimeError(f"run as root: apt-get install {' '.join(wanted)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *wanted]
        completed = run_bounded(command, env, Path("/"), 900)
        if completed.returncode != 0:
            raise RuntimeError(f"apt-get install {' '.join(wanted)} failed: {completed.stderr.strip()[-300:]}")
        self._gems.clear()
        installed_gems.cache_clear()

    def checker(self) -> Checker | None:
        ruby = which("ruby")
        if ruby is None:
            return None
        known = self._found.get(ruby)  # availability() asked this ruby for its version already
        version = known.versions["ruby"] if known else probe([ruby, "-e", "print RUBY_VERSION"]).stdout.strip() or "?"
        names = ", ".join(f"{g.gem} {g.version}" for g in sorted(installed_gems().values(), key=lambda g: g.gem))
        return Checker(
            "names checked",
            f"syntax checked by ruby {version} (as ruby -c), names checked against the installed gem's API model "
            f"({names or 'none here'}); syntax only for services without a gem",
        )

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        ruby = which("ruby")
        if ruby is None:
            raise RuntimeError("missing ruby (apt-get install ruby)")
        gems = installed_gems()
        folder = workdir / "ruby-check"
        folder.mkdir(parents=True, exist_ok=True)
        items = []
        for index, program in enumerate(programs):
            path = (folder / f"{index:04d}" / program.filename).resolve()
            path.parent.mkdir(exist_ok=True)
            path.write_text(program.text, encoding="utf-8")
            gem = sdk_names(program.service).ruby_gem
            items.append({"name": program.name, "path": str(path), "gem": gem if gem in gems else None})
        manifest, results = folder / "manifest.json", folder / "results.jsonl"
        manifest.write_text(json.dumps(items), encoding="utf-8")
        results.unlink(missing_ok=True)
        command = [ruby, "-W0", "-EUTF-8:UTF-8", str(CHECK), str(manifest), str(results)]
        timeout = limits.startup_seconds + 2.0 * len(programs)
        completed = run_bounded(command, toolchain_env(), folder, timeout, limits.output_bytes)
        found: dict[str, list[CompileError]] = {}
        lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # cut short by a crash: reported below
            name = str(entry["name"])
            service = next((p.service for p in programs if p.name == name), "")
            found[name] = [_compile_error(name, service, e) for e in entry["errors"]]
        missing = [p.name for p in programs if p.name not in found]
        if missing:
            detail = (completed.stderr or completed.stdout).strip()[-2000:] or f"exit {completed.returncode}"
            raise RuntimeError(f"the Ruby checker stopped before {missing[0]}: {detail}")
        return found

    def availability(self) -> Availability:
        ruby = which("ruby")
        if ruby is None:
            return Availability(False, "missing ruby (apt-get install ruby ruby-aws-sdk-kms)")
        if ruby in self._found:
            return self._found[ruby]
        completed = probe(_with_compile_cache(ruby, _VERSIONS), timeout=120)
        parts = completed.stdout.split()
        if completed.returncode != 0 or len(parts) != 3:
            return Availability(False, "missing the aws-sdk-kms gem (apt-get install ruby-aws-sdk-kms)")
        found = Availability(True, versions={"ruby": parts[0], "aws-sdk-kms": parts[1], "aws-sdk-core": parts[2]})
        self._found[ruby] = found
        return found

    def prepare(self, text: str, regions: dict[str, tuple[int, int]], endpoint: str) -> str:
        """Pass the endpoint to the client construction of the "client" region. A program
        without that region (create-client) sends no request and runs as published."""
        if "client" not in regions:
            return text
        return add_endpoint(text, regions["client"])

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        ruby = which("ruby")
        if ruby is None:
            failure = RunResult(1, stderr="missing ruby (apt-get install ruby ruby-aws-sdk-kms)")
            return {p.name: failure for p in programs}
        items = []
        for program in programs:
            folder = workdir / program.name
            folder.mkdir(parents=True, exist_ok=True)
            path = (folder / program.filename).resolve()
            path.write_text(program.text, encoding="utf-8")
            items.append(
                {"name": program.name, "path": str(path), "dir": str(folder), "access_key": program.access_key}
            )

        compiled = _compiled()

        def command(manifest: Path, results: Path) -> list[str]:
            return [ruby, "-W0", "-EUTF-8:UTF-8", str(HARNESS), str(manifest), str(results), str(limits.output_bytes),
                    str(compiled)]  # fmt: skip

        results = run_json_batches(items, workdir, "ruby", command, env, limits, "Ruby interpreter")
        return {p.name: results[p.name] for p in programs}


RUNNER = RubyRunner()


_ABSENT = re.compile(r"has no (operation|parameter|member) (\w+)(?: \((\w+) of)?")


def _compile_error(name: str, service: str, error: dict[str, object]) -> CompileError:
    """One error of the checker; a name the installed gem lacks but the service model has
    where the program uses it (Debian's gem is older than the model) is "not checked here",
    not the program's fault."""
    message = str(error["message"])
    line, column = int(str(error["line"])), int(str(error["column"]))
    absent = _ABSENT.search(message)
    if absent and service and _in_model(service, absent.group(1), absent.group(2), absent.group(3) or ""):
        note = f"the installed gem is older than the service model: {message}"
        return CompileError(name, line, column, note, unavailable=True)
    return CompileError(name, line, column, message)


def _squashed(name: str) -> str:
    return name.replace("_", "").lower()


def _in_model(service: str, kind: str, name: str, shape: str) -> bool:
    """Whether botocore's model of the service has this operation, or this member in the
    shape the checker names (CreateKeyRequest has key_spec; a misspelt member is in none)."""
    model = service_model(service)
    if kind == "operation":
        return _squashed(name) in {_squashed(op) for op in model.operation_names}
    if not shape or shape not in model.shape_names:
        return False
    members = getattr(model.shape_for(shape), "members", {})
    return _squashed(name) in {_squashed(member) for member in members}
