"""Runs Java programs with the AWS SDK for Java 2.x: one javac, then one JVM for the batch.

The SDK's classpath is resolved per service by Maven (install(), from toolchains/java/pom.xml
with the service's SDK module, all versions from the SDK's BOM; a module the repository does
not serve at the BOM's version is pinned in toolchains/java/modules.json) into the toolchain
cache as cp-<pom digest>.txt. install() resolves every missing service in one Maven run,
records each in the lock data and indexes each module's names (generator/java_sdk.py);
run() and typecheck() only use those files, so they work offline and with the isolated HOME
that programs run with. All programs compile in one javac invocation (a file that fails is
reported with its line and the rest recompile), and toolchains/java/Harness.java runs every
main() in one JVM, each program signing with its own access key (the aws.accessKeyId system
property) and writing to its own output files. typecheck() compiles without running, one
batch per service in one JVM (toolchains/java/Typecheck.java).

What javac makes of a batch is kept in the toolchain cache (compiled/) by a hash of every
program's name and exact text, javac and its JDK, the flags, the classpath's jars and the
harness (_compile_key), so a batch verified before (fixture values are seeded, so they
repeat) runs without javac. When such a batch runs again, its JVM writes a class-data
archive of the classes it loaded (the SDK's, mostly) beside its classes, and the JVMs after
it map that archive instead of parsing and verifying those classes again; the programs run
the same code. The archive needs every class to come from a jar, so the entry keeps its
classes packed as programs.jar and the harness has a jar too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import java_sdk
from ..sdks import DEFAULT_SERVICE, default_services, no_sdk, record, recorded
from .base import (
    DEFAULT_LIMITS,
    TIMED_OUT,
    TOO_MUCH_OUTPUT,
    Availability,
    BatchWatch,
    Checker,
    CompileError,
    Limits,
    ProgramRun,
    Runner,
    RunResult,
    cache_dir,
    probe,
    run_bounded,
    toolchain_env,
    which,
)

TOOLCHAIN = Path(__file__).parent / "toolchains" / "java"
POM = TOOLCHAIN / "pom.xml"
HARNESS = TOOLCHAIN / "Harness.java"
MODULES = TOOLCHAIN / "modules.json"
TYPECHECK = TOOLCHAIN / "Typecheck.java"
INSTALL = "python -m generator doctor --install (needs Maven and Maven Central)"
# Short-lived JVMs: the C1 compiler only and the serial collector start fastest (javac
# too: about 40% less CPU for a batch).
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xss4m", "-Dfile.encoding=UTF-8"]
JAVAC_FLAGS = [
    "-J-XX:TieredStopAtLevel=1",
    "-J-XX:+UseSerialGC",
    "-J-XX:-UsePerfData",
    "-encoding",
    "UTF-8",
    "-proc:none",
]
_JAVAC_ERROR = re.compile(r"^(?P<path>.+?\.java):(?P<line>\d+): error: (?P<message>.*)$", re.MULTILINE)
# typecheck() stops javac after flow analysis: no class files are written.
_CHECK_ONLY = ["-XDshould-stop.ifNoError=FLOW", "-XDshould-stop.ifError=FLOW"]
_MIN_JAVA = 15  # text blocks
_COMPILE_SECONDS = 600
_RUN_JAVAC_FLAGS = ("-nowarn", "-Xmaxerrs", "1000")  # run()'s javac, beside JAVAC_FLAGS
_COMPILED = "compiled"  # what javac made of a batch, by content hash (see _compile_key)
_COMPILED_FORMAT = "1"
_KEPT_BATCHES = 500  # the newest kept when the compiled cache is pruned
_KEPT_ARCHIVES = 32  # class-data archives (about 20 MB each) kept, the newest used
# The JVM's notes on class-data archives (classes it leaves out, an archive it cannot use
# and so does without) go to its own stdout; only those are silenced.
_QUIET_SHARING = "-Xlog:cds=off,cds+dynamic=off"
_PROGRAMS_JAR = "programs.jar"  # a compiled entry's classes, packed (see _class_archive)
_VERSIONS_FILE = "jdk-versions.json"  # what java/javac -version said, per executable and JDK


def _bom_version() -> str:
    match = re.search(r"<awssdk.version>([^<]+)</awssdk.version>", POM.read_text(encoding="utf-8"))
    return match.group(1) if match else "?"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


_SERVICE_MODULE = "<artifactId>kms</artifactId><!-- the service module -->"


def artifact_of(service: str) -> str:
    """The service's SDK module (dms -> databasemigration, waf-regional -> waf)."""
    return java_sdk.service_names(service).artifact


def _module(artifact: str) -> str:
    """The service module's artifactId element, with the pinned version of modules.json
    where the BOM's version cannot be fetched."""
    pinned = module_versions().get(artifact)
    return f"<artifactId>{artifact}</artifactId>" + (f"<version>{pinned}</version>" if pinned else "")


@cache
def module_versions() -> dict[str, str]:
    """Service modules pinned at another version than the BOM's (toolchains/java/modules.json)."""
    return dict(json.loads(MODULES.read_text(encoding="utf-8"))["versions"])


def pom_for(service: str) -> str:
    """The committed pom with the service's SDK module in place of KMS's."""
    return POM.read_text(encoding="utf-8").replace(_SERVICE_MODULE, _module(artifact_of(service)))


def pom_for_many(artifacts: Sequence[str]) -> str:
    """The committed pom with every SDK module given in place of KMS's (one Maven run for all)."""
    text = POM.read_text(encoding="utf-8")
    start = text.rindex("<dependency>", 0, text.index(_SERVICE_MODULE))
    end = text.index("</dependency>", start) + len("</dependency>")
    block = text[start:end]
    blocks = "\n    ".join(block.replace(_SERVICE_MODULE, _module(a)) for a in artifacts)
    return text[:start] + blocks + text[end:]


def _jar_artifact(jar: str) -> str:
    """software/amazon/awssdk/<artifact>/<version>/<artifact>-<version>.jar -> artifact."""
    parts = Path(jar).parts
    return parts[-3] if len(parts) >= 3 and "awssdk" in parts[:-3] else ""


def parse_javac(output: str, by_path: dict[str, str]) -> dict[str, list[CompileError]]:
    """javac's errors per program: line from the header, column from the caret under the
    echoed source line, the symbol/location lines that follow folded into the message."""
    found: dict[str, list[CompileError]] = {}
    headers = list(_JAVAC_ERROR.finditer(output))
    for number, match in enumerate(headers):
        name = by_path.get(str(Path(match.group("path")).resolve())) or by_path.get(match.group("path"))
        if name is None:
            continue
        end = headers[number + 1].start() if number + 1 < len(headers) else len(output)
        lines = output[match.end() : end].split("\n")[1:]
        column, detail = 1, []
        if len(lines) >= 2 and lines[1].strip() == "^":
            column = lines[1].index("^") + 1
            lines = lines[2:]
        for line in lines:
            text = line.strip()
            if not text or re.fullmatch(r"\d+ errors?", text):
                continue
            detail.append(re.sub(r"\s+", " ", text))
        message = "; ".join([match.group("message").strip(), *detail])
        found.setdefault(name, []).append(CompileError(name, int(match.group("line")), column, message))
    return found


def _jdk_stamp(tool: Path) -> str:
    """What identifies a JDK executable and the JDK around it: its resolved path, size and
    time, the JDK's release file (JAVA_VERSION…) and its class library's (lib/modules) size
    and time. Any JDK update changes one of them."""
    resolved = tool.resolve()
    home = resolved.parent.parent
    facts: list[Any] = [str(resolved)]
    for path in (resolved, home / "lib" / "modules"):
        with suppress(OSError):
            status = path.stat()
            facts += [status.st_size, status.st_mtime_ns]
    with suppress(OSError):
        facts.append(hashlib.sha256((home / "release").read_bytes()).hexdigest())
    return json.dumps(facts)


def _write_jar(classes: Path, target: Path) -> str:
    """Pack every class file under classes into target (a zip, as a jar is, stored and with
    fixed times, so the same classes make the same bytes), atomically; returns its sha256."""
    staging = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        with zipfile.ZipFile(staging, "w", zipfile.ZIP_STORED) as jar:
            for path in sorted(classes.rglob("*.class")):
                jar.writestr(zipfile.ZipInfo(path.relative_to(classes).as_posix()), path.read_bytes())
        digest = hashlib.sha256(staging.read_bytes()).hexdigest()
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return digest


def _whole_archive(archive: Path) -> bool:
    """The class-data archive is there with the size it was written with (a JVM given a cut
    archive can crash before any program runs)."""
    try:
        return archive.with_suffix(".size").read_text(encoding="utf-8").strip() == str(archive.stat().st_size)
    except OSError:
        return False


def _write_text(target: Path, text: str) -> None:
    staging = target.with_name(f".{target.name}.{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, target)


def _still_there(stamp: str) -> bool:
    """The executable a stored _jdk_stamp names still exists (else its entry is dropped)."""
    try:
        return Path(json.loads(stamp)[0]).exists()
    except (ValueError, TypeError, IndexError, KeyError):
        return False


@dataclass(frozen=True)
class _Compiled:
    classes: Path
    failed: dict[str, RunResult]
    # False when javac's failure could not be put on one program (a crash, a timeout):
    # such a result says nothing about the sources and is not cached
    cacheable: bool = True
    entry: Path | None = None  # the compiled cache's entry, whose programs.jar holds the classes


def _sdk_version(jars: list[str], artifact: str = "sdk-core") -> str:
    """The version in the file name of the artifact's jar (all SDK modules share the BOM's)."""
    for jar in jars:
        name = Path(jar).name
        if name.startswith(artifact + "-") and name[len(artifact) + 1 : len(artifact) + 2].isdigit():
            return name[len(artifact) + 1 : -len(".jar")]
    return "?"


class JavaRunner(Runner):
    language = "java"
    install_hint = "apt-get install openjdk-17-jdk-headless maven; then " + INSTALL

    def __init__(self) -> None:
        self._versions: dict[str, str | None] = {}

    # --- the SDK classpath -------------------------------------------------------------

    def workspace(self) -> Path:
        return cache_dir("java")

    def _classpath_file(self, service: str = DEFAULT_SERVICE) -> Path:
        digest = hashlib.sha256(pom_for(service).encode("utf-8")).hexdigest()[:16]
        return self.workspace() / f"cp-{digest}.txt"

    def _resolve(self, offline: bool, service: str = DEFAULT_SERVICE) -> Path:
        """Run Maven on the service's pom; write cp-<pom digest>.txt. Offline uses only
        the local Maven repository (no download)."""
        mvn = which("mvn")
        if mvn is None:
            raise RuntimeError("missing mvn (apt-get install maven)")
        workspace = self.workspace()
        pom = workspace / f"pom-{service}.xml"
        pom.write_text(pom_for(service), encoding="utf-8")
        output = workspace / f"cp.resolving-{os.getpid()}.txt"
        command = [mvn, "-q", "-B", "-Dstyle.color=never", *(["-o"] if offline else []),
                   "-f", str(pom), "dependency:build-classpath",
                   f"-Dmdep.outputFile={output}"]  # fmt: skip
        try:
            completed = run_bounded(command, dict(os.environ), workspace, 900)
            if completed.returncode != 0 or not output.exists():
                detail = (completed.stdout + completed.stderr).strip().splitlines()
                last = detail[-1] if detail else f"exit {completed.returncode}"
                raise RuntimeError(f"Maven could not resolve the Java SDK for {service}: {last}")
            target = self._classpath_file(service)
            os.replace(output, target)
            return target
        finally:
            output.unlink(missing_ok=True)

    def classpath(self, service: str = DEFAULT_SERVICE) -> list[str] | None:
        """The cached classpath for the service's pom, if every jar in it is still there."""
        path = self._classpath_file(service)
        if not path.exists():
            return None
        jars = [j for j in path.read_text(encoding="utf-8").strip().split(os.pathsep) if j]
        if not jars or not all(Path(j).is_file() for j in jars):
            return None
        return jars

    def _resolve_many(self, services: Sequence[str]) -> None:
        """One Maven run for the modules of every service given (all versions from the BOM);
        writes each service's cp-<pom digest>.txt: the common jars and its own module."""
        mvn = which("mvn")
        if mvn is None:
            raise RuntimeError("missing mvn (apt-get install maven)")
        artifacts = sorted({artifact_of(s) for s in services})
        workspace = self.workspace()
        pom = workspace / f"pom-all-{os.getpid()}.xml"
        pom.write_text(pom_for_many(artifacts), encoding="utf-8")
        output = workspace / f"cp.resolving-{os.getpid()}.txt"
        command = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(pom), "dependency:build-classpath",
                   f"-Dmdep.outputFile={output}"]  # fmt: skip
        try:
            completed = run_bounded(command, dict(os.environ), workspace, 1800)
            if completed.returncode != 0 or not output.exists():
                detail = (completed.stdout + completed.stderr).strip().splitlines()
                raise RuntimeError(detail[-1] if detail else f"exit {completed.returncode}")
            jars = [j for j in output.read_text(encoding="utf-8").strip().split(os.pathsep) if j]
        finally:
            output.unlink(missing_ok=True)
            pom.unlink(missing_ok=True)
        modules = set(artifacts)
        for service in services:
            own = artifact_of(service)
            kept = [j for j in jars if _jar_artifact(j) not in modules or _jar_artifact(j) == own]
            target = self._classpath_file(service)
            staging = target.with_name(f".{target.name}.{os.getpid()}")
            staging.write_text(os.pathsep.join(kept), encoding="utf-8")
            os.replace(staging, target)

    def install(self, services: Sequence[str] = ()) -> None:
        """Fetch every service's module pinned by the BOM (one Maven run for all that are
        missing; a service whose module cannot be had is recorded as such), record the lock
        data and index each module's names. A second run finds everything and only checks."""
        if self.classpath() is None:
            self._resolve(offline=False)
        self._harness_classes()
        wanted = list(dict.fromkeys(services or default_services()))
        missing = [s for s in wanted if self.classpath(s) is None]
        if missing:
            try:
                self._resolve_many(missing)
            except RuntimeError:  # one module the BOM lacks spoils the run: resolve one by one
                for service in missing:
                    with suppress(RuntimeError):
                        self._resolve(offline=False, service=service)
        for service in wanted:
            artifact = f"software.amazon.awssdk:{artifact_of(service)}"
            jars = self.classpath(service)
            if jars is None:
                version = module_versions().get(artifact_of(service), _bom_version())
                reason = f"Maven could not fetch {artifact} {version}"
                record(self.workspace(), service, artifact, "", False, no_sdk(service, reason))
                continue
            version = _sdk_version(jars, artifact_of(service))
            entry = recorded(self.workspace()).get(service, {})
            if entry != {"package": artifact, "version": version, "ok": True, "reason": ""}:
                record(self.workspace(), service, artifact, version, True)
            if not self._index_path(service).exists():
                self.module_index(service)

    # --- the SDK's names -------------------------------------------------------------------

    def _module_jar(self, service: str) -> Path | None:
        jars = self.classpath(service)
        artifact = artifact_of(service)
        for jar in jars or []:
            if _jar_artifact(jar) == artifact:
                return Path(jar)
        return None

    def _index_path(self, service: str, jar: Path | None = None) -> Path:
        jar = jar or self._module_jar(service) or Path(f"{artifact_of(service)}.jar")
        folder = self.workspace() / "names"
        folder.mkdir(exist_ok=True)
        return folder / f"{jar.stem}.v{java_sdk.INDEX_FORMAT}.json"

    def module_index(self, service: str) -> dict[str, Any] | None:
        """The index of the service module's names (java_sdk.index_jar), cached per module
        version under the toolchain cache; None when the module is not fetched."""
        jar = self._module_jar(service)
        if jar is None:
            return None
        path = self._index_path(service, jar)
        with suppress(OSError, ValueError):
            return dict(json.loads(path.read_text(encoding="utf-8")))
        index = java_sdk.index_jar(jar)
        staging = path.with_name(f".{path.name}.{os.getpid()}")
        staging.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        os.replace(staging, path)
        return index

    def sdk_index(self, service: str) -> java_sdk.SdkIndex | None:
        """The service's names as its installed module holds them."""
        index = self.module_index(service)
        return java_sdk.index_service(service, index) if index is not None else None

    def installed_index(self, service: str) -> java_sdk.SdkIndex | None:
        """The service's names if its module is fetched already (never runs Maven)."""
        return self.sdk_index(service) if self._classpath_file(service).exists() else None

    def module_version(self, service: str) -> str:
        return _sdk_version(self.classpath(service) or [], artifact_of(service))

    def sdk_version(self) -> str:
        return _sdk_version(self.classpath() or [])

    def sdk_availability(self, service: str) -> Availability:
        jars = self.classpath(service)
        if jars is None and which("mvn") is not None:
            with suppress(RuntimeError):  # the local Maven repository may hold it all
                self._resolve(offline=True, service=service)
            jars = self.classpath(service)
        if jars is not None:
            artifact = artifact_of(service)
            return Availability(True, versions={f"aws-sdk-java-{artifact}": _sdk_version(jars, artifact)})
        entry = recorded(self.workspace()).get(service)
        if entry and not entry.get("ok"):
            return Availability(False, str(entry.get("reason") or no_sdk(service)), installable=False)
        return Availability(False, f"the AWS SDK for Java module for {service} is not fetched; run {INSTALL}")

    # --- availability --------------------------------------------------------------------

    def _java_version(self, tool: str) -> str | None:
        """The version a java or javac prints, remembered per executable and the JDK it
        belongs to (_jdk_stamp): in this process, and in the toolchain cache for the next
        (a JDK update changes the stamp, so it is asked again)."""
        stamp = _jdk_stamp(Path(tool))
        if stamp not in self._versions:
            stored = self._stored_versions()
            if isinstance(stored.get(stamp), str):
                self._versions[stamp] = stored[stamp]
            else:
                completed = probe([tool, "-version"])
                text = completed.stdout + completed.stderr
                match = re.search(r'version "([^"]+)"', text) or re.search(r"^javac (\S+)", text, re.MULTILINE)
                self._versions[stamp] = match.group(1) if match else None
                if match:
                    self._store_version(stamp, match.group(1))
        return self._versions[stamp]

    def _stored_versions(self) -> dict[str, Any]:
        with suppress(OSError, ValueError):
            stored = json.loads((self.workspace() / _VERSIONS_FILE).read_text(encoding="utf-8"))
            if isinstance(stored, dict):
                return stored
        return {}

    def _store_version(self, stamp: str, version: str) -> None:
        path = self.workspace() / _VERSIONS_FILE
        stored = {k: v for k, v in self._stored_versions().items() if _still_there(k)}
        stored[stamp] = version
        staging = path.with_name(f".{path.name}.{os.getpid()}")
        with suppress(OSError):
            staging.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(staging, path)

    def availability(self) -> Availability:
        missing = [tool for tool in ("java", "javac") if which(tool) is None]
        if missing:
            return Availability(False, f"missing {', '.join(missing)} (apt-get install openjdk-17-jdk-headless)")
        java = self._java_version(str(which("java")))
        javac = self._java_version(str(which("javac")))
        if java is None or javac is None:
            return Availability(False, "could not read the java/javac version")
        if int(javac.split(".")[0]) < _MIN_JAVA or int(java.split(".")[0]) < _MIN_JAVA:
            return Availability(False, f"Java {_MIN_JAVA}+ is needed for text blocks; found java {java}, javac {javac}")
        jars = self.classpath()
        if jars is None and which("mvn") is not None:
            try:  # the pom changed or the cache was cleared: the local Maven repository may hold it all
                self._resolve(offline=True)
            except RuntimeError:
                pass
            jars = self.classpath()
        if jars is None:
            return Availability(False, f"the AWS SDK for Java is not fetched; run {INSTALL}")
        versions = {"java": java, "javac": javac}
        for jar in jars:
            name = Path(jar).name
            for artifact, label in (("kms-", "aws-sdk-java-kms"), ("jackson-databind-", "jackson-databind")):
                if name.startswith(artifact) and name[len(artifact) : len(artifact) + 1].isdigit():
                    versions[label] = name[len(artifact) : -len(".jar")]
        return Availability(True, versions=versions)

    # --- compiling ----------------------------------------------------------------------

    def _harness_classes(self) -> Path:
        """Harness.class, compiled once per version of Harness.java into the cache."""
        return self._tool_classes(HARNESS)

    def _tool_classes(self, source: Path) -> Path:
        """One of the toolchain's own classes (Harness, Typecheck), compiled once per
        version of its source into the cache."""
        folder = self.workspace() / f"{source.stem.lower()}-{_digest(source)}"
        if (folder / f"{source.stem}.class").exists():
            return folder
        javac = which("javac")
        if javac is None:
            raise RuntimeError("missing javac")
        with tempfile.TemporaryDirectory(prefix="harness-", dir=self.workspace()) as staging:
            classes = Path(staging) / "classes"
            completed = run_bounded([javac, *JAVAC_FLAGS, "-d", str(classes), str(source)], toolchain_env(),
                                    Path(staging), _COMPILE_SECONDS)  # fmt: skip
            if completed.returncode != 0:
                raise RuntimeError(f"{source.name} does not compile: " + completed.stderr.strip())
            with suppress(OSError):  # another process put it there first
                os.replace(classes, folder)
        return folder

    def _compile(
        self, sources: dict[str, Path], classpath: str, workdir: Path, env: dict[str, str], limits: Limits
    ) -> _Compiled:
        """javac every source at once; a file with errors is failed with its first error
        line and the others are compiled again without it."""
        javac = str(which("javac"))
        classes = workdir / "classes"
        failed: dict[str, RunResult] = {}
        todo = dict(sources)
        cacheable = True
        while todo:
            shutil.rmtree(classes, ignore_errors=True)
            classes.mkdir(parents=True)
            command = [javac, *JAVAC_FLAGS, *_RUN_JAVAC_FLAGS,
                       "-cp", classpath, "-d", str(classes), *(str(p) for p in todo.values())]  # fmt: skip
            completed = run_bounded(command, env, workdir, _COMPILE_SECONDS, limits.output_bytes)
            if completed.returncode == 0:
                break
            output = completed.stdout + completed.stderr
            by_path = {str(path): name for name, path in todo.items()}
            errors: dict[str, list[re.Match[str]]] = {}
            for match in _JAVAC_ERROR.finditer(output):
                name = by_path.get(str(Path(match.group("path")).resolve())) or by_path.get(match.group("path"))
                if name is not None:
                    errors.setdefault(name, []).append(match)
            if not errors:  # nothing attributable to one file: fail them all
                for name in todo:
                    failed[name] = RunResult(completed.returncode or 1, stderr=f"javac failed:\n{output.strip()}")
                todo = {}
                cacheable = False
                break
            for name, found in errors.items():
                text = "\n".join(f"line {m.group('line')}: error: {m.group('message')}" for m in found)
                first = found[0]
                failed[name] = RunResult(
                    1, stderr=f"{text}\njavac: {first.group('message')}", error_line=int(first.group("line"))
                )
                del todo[name]
        return _Compiled(classes, failed, cacheable)

    # --- the compiled cache ---------------------------------------------------------------

    def _compile_key(self, programs: list[ProgramRun], jars: list[str], limits: Limits = DEFAULT_LIMITS) -> str | None:
        """A hash of everything javac's output for this batch depends on: each program's name,
        file name and exact text; javac (its resolved path and the JDK it belongs to, see
        _jdk_stamp, and the version it prints); javac's flags and the output limit its errors
        are read within; the classpath (each jar's path, size and time); the harness that runs
        the classes. None when javac's version cannot be read: nothing is cached then."""
        javac = which("javac")
        version = self._java_version(javac) if javac is not None else None
        if javac is None or version is None:
            return None
        try:
            classpath = [[jar, os.stat(jar).st_size, os.stat(jar).st_mtime_ns] for jar in jars]
        except OSError:
            return None
        parts = {
            "format": _COMPILED_FORMAT,
            "javac": [_jdk_stamp(Path(javac)), version],
            "flags": [*JAVAC_FLAGS, *_RUN_JAVAC_FLAGS],
            "output_bytes": limits.output_bytes,
            "classpath": classpath,
            "harness": _digest(HARNESS),
            "programs": sorted([p.name, p.filename, p.text] for p in programs),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()

    def _compiled_entry(self, key: str) -> Path:
        return self.workspace() / _COMPILED / key[:2] / key

    def _cached_compile(self, key: str) -> _Compiled | None:
        """What javac made of this batch before, if the entry is whole: its result file names
        the key, and the class files are exactly those listed, with the same hashes."""
        entry = self._compiled_entry(key)
        classes = entry / "classes"
        try:
            stored = json.loads((entry / "result.json").read_text(encoding="utf-8"))
            if stored.get("key") != key:
                return None
            listed: dict[str, str] = stored["files"]
            present = {p.relative_to(classes).as_posix() for p in classes.rglob("*") if not p.is_dir()}
            if present != set(listed):
                return None
            for name, digest in listed.items():
                if hashlib.sha256((classes / name).read_bytes()).hexdigest() != digest:
                    return None
            if hashlib.sha256((entry / _PROGRAMS_JAR).read_bytes()).hexdigest() != stored["jar"]:
                return None
            failed = {
                name: RunResult(int(f["exit_code"]), stderr=str(f["stderr"]), error_line=f["error_line"])
                for name, f in stored["failed"].items()
            }
            os.utime(entry)  # recently used: kept when the cache is pruned
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return _Compiled(classes, failed, entry=entry)

    def _store_compiled(self, key: str, compiled: _Compiled) -> _Compiled | None:
        """Keep what javac made of this batch (classes, the same packed as programs.jar, and
        per-program failures) under its key; the entry appears whole or not at all (built
        beside it, then renamed). Returns it as stored, or None when it could not be."""
        entry = self._compiled_entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = entry.with_name(f".{entry.name}.{os.getpid()}")
        try:
            shutil.rmtree(staging, ignore_errors=True)
            if entry.exists():  # an entry _cached_compile did not trust: out of the way first
                os.replace(entry, staging)
                shutil.rmtree(staging)
            shutil.copytree(compiled.classes, staging / "classes")
            files = {
                p.relative_to(staging / "classes").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((staging / "classes").rglob("*"))
                if not p.is_dir()
            }
            failed = {
                name: {"exit_code": r.exit_code, "stderr": r.stderr, "error_line": r.error_line}
                for name, r in compiled.failed.items()
            }
            jar = _write_jar(staging / "classes", staging / _PROGRAMS_JAR)
            text = json.dumps({"key": key, "files": files, "failed": failed, "jar": jar}, indent=1, sort_keys=True)
            (staging / "result.json").write_text(text + "\n", encoding="utf-8")
            os.replace(staging, entry)
        except OSError:  # another process stored it first, or the disk is full: run from the workdir
            return None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._prune_compiled()
        return _Compiled(entry / "classes", compiled.failed, entry=entry)

    def _prune_compiled(self) -> None:
        """Keep the compiled cache to its newest _KEPT_BATCHES entries and _KEPT_ARCHIVES
        class-data archives."""
        entries = [p for p in (self.workspace() / _COMPILED).glob("*/*") if not p.name.startswith(".")]
        archives = [p for p in (self.workspace() / _COMPILED).glob("*/*/classes-*.jsa")]
        for found, kept in ((entries, _KEPT_BATCHES), (archives, _KEPT_ARCHIVES)):
            if len(found) <= kept:
                continue
            with suppress(OSError):
                found.sort(key=lambda p: p.stat().st_mtime)
            for path in found[: len(found) - kept]:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.with_suffix(".size").unlink(missing_ok=True)
                    path.unlink(missing_ok=True)

    # --- compiling without running --------------------------------------------------------

    compiles_when_run = True  # run() fails a program that does not compile, with javac's line

    def checker(self) -> Checker | None:
        available = self.availability()
        if not available.ok:
            return None
        javac = available.versions.get("javac", "?")
        return Checker("compiled", f"compiled with javac {javac} against AWS SDK for Java {self.sdk_version()}")

    def typecheck(
        self, programs: list[ProgramRun], workdir: Path, limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, list[CompileError]]:
        """javac, one batch per service against the BOM's jars and the service's module; stops
        after flow analysis (no class files). A batch is compiled again without the files that
        had errors until the rest is clean, so errors one file hides in another still show.
        Every batch compiles in one JVM (toolchains/java/Typecheck.java, javac's own API);
        batches it did not finish are compiled by the javac command, one process each."""
        found: dict[str, list[CompileError]] = {}
        batches: dict[str, tuple[str, dict[str, Path]]] = {}
        by_service: dict[str, list[ProgramRun]] = {}
        for program in programs:
            by_service.setdefault(program.service or DEFAULT_SERVICE, []).append(program)
        for service, batch in sorted(by_service.items()):
            jars = self.classpath(service)
            if jars is None:
                reason = f"the AWS SDK for Java module for {service} is not fetched; run {INSTALL}"
                found.update({p.name: [CompileError(p.name, 1, 1, reason)] for p in batch})
                continue
            folder = workdir / f"javac-{service}"
            sources: dict[str, Path] = {}
            for program in batch:
                path = (folder / "src" / program.name / program.filename).resolve()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(program.text, encoding="utf-8")
                sources[program.name] = path
                found[program.name] = []
            batches[service] = (os.pathsep.join(jars), sources)
        done = self._check_in_one_jvm(batches, workdir, found, limits)
        for service, (classpath, sources) in batches.items():
            if service not in done:
                found.update(self._check(sources, classpath, workdir / f"javac-{service}", limits))
        return {p.name: found.get(p.name, []) for p in programs}

    def _check_in_one_jvm(
        self, batches: dict[str, tuple[str, dict[str, Path]]], workdir: Path,
        found: dict[str, list[CompileError]], limits: Limits,
    ) -> set[str]:
        """Typecheck.java over every batch; adds the errors to found and returns the
        services whose batch it finished."""
        if not batches:
            return set()
        try:
            tool = self._tool_classes(TYPECHECK)
        except RuntimeError:
            return set()
        manifest = workdir / "typecheck.tsv"
        results = workdir / "typecheck.results"
        rows = []
        for service, (classpath, sources) in batches.items():
            rows.append("\t".join(["batch", service, classpath, str(workdir / f"javac-{service}" / "classes")]))
            rows += [f"{name}\t{path}" for name, path in sources.items()]
        manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
        seconds = _COMPILE_SECONDS + 10.0 * sum(len(s) for _, s in batches.values())
        run_bounded([str(which("java")), *JVM_FLAGS, "-cp", str(tool), "Typecheck", str(manifest), str(results)],
                    toolchain_env(), workdir, seconds, limits.output_bytes)  # fmt: skip
        done: set[str] = set()
        errors: dict[str, list[CompileError]] = {}
        lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
        for line in lines:
            fields = line.split("\t", 4)
            if fields[0] == "error" and len(fields) == 5 and fields[2].isdigit() and fields[3].isdigit():
                errors.setdefault(fields[1], []).append(
                    CompileError(fields[1], int(fields[2]), int(fields[3]), re.sub(r"\s+", " ", fields[4])))
            elif fields[0] == "done" and len(fields) == 2:
                done.add(fields[1])
        for service in done:
            for name in batches[service][1]:
                found[name] = errors.get(name, [])
        return done

    def _check(
        self, sources: dict[str, Path], classpath: str, workdir: Path, limits: Limits
    ) -> dict[str, list[CompileError]]:
        javac = str(which("javac"))
        found: dict[str, list[CompileError]] = {name: [] for name in sources}
        todo = dict(sources)
        classes = workdir / "classes"
        while todo:
            classes.mkdir(parents=True, exist_ok=True)
            command = [javac, *JAVAC_FLAGS, *_CHECK_ONLY, "-nowarn", "-Xmaxerrs", "100000", "-cp", classpath,
                       "-d", str(classes), *(str(p) for p in todo.values())]  # fmt: skip
            completed = run_bounded(command, toolchain_env(), workdir, _COMPILE_SECONDS, limits.output_bytes)
            if completed.returncode == 0:
                break
            by_path = {str(path): name for name, path in todo.items()}
            errors = parse_javac(completed.stdout + completed.stderr, by_path)
            if not errors:  # nothing attributable to one file: every file fails with what javac said
                message = "javac failed: " + (completed.stdout + completed.stderr).strip()[-2000:]
                for name in todo:
                    found[name] = [CompileError(name, 1, 1, message)]
                break
            for name, listed in errors.items():
                found[name] = listed
                del todo[name]
        return found

    # --- running ------------------------------------------------------------------------

    def run(
        self, programs: list[ProgramRun], workdir: Path, env: dict[str, str], limits: Limits = DEFAULT_LIMITS
    ) -> dict[str, RunResult]:
        services = {p.service for p in programs}
        if len(services) > 1:
            return {p.name: RunResult(1, stderr="one batch must use one service's SDK") for p in programs}
        service = next(iter(services), DEFAULT_SERVICE)
        jars = self.classpath(service)
        if jars is None:
            failure = RunResult(1, stderr=f"the AWS SDK for Java is not fetched; run {INSTALL}")
            return {p.name: failure for p in programs}
        sdk = os.pathsep.join(jars)
        sources: dict[str, Path] = {}
        for program in programs:
            folder = workdir / "src" / program.name
            folder.mkdir(parents=True, exist_ok=True)
            path = (folder / program.filename).resolve()
            path.write_text(program.text, encoding="utf-8")
            sources[program.name] = path
        key = self._compile_key(programs, jars, limits)
        compiled = self._cached_compile(key) if key is not None else None
        seen_before = compiled is not None
        if compiled is None:
            compiled = self._compile(sources, sdk, workdir, env, limits)
            if key is not None and compiled.cacheable:
                compiled = self._store_compiled(key, compiled) or compiled
        results = dict(compiled.failed)
        pending = [p for p in programs if p.name not in results]
        if pending:
            try:
                harness = self._harness_classes()
            except RuntimeError as exc:
                results.update({p.name: RunResult(1, stderr=str(exc)) for p in pending})
                return {p.name: results[p.name] for p in programs}
            archive: Path | None = None
            harness_jar = self._harness_jar(harness)
            if compiled.entry is not None and harness_jar is not None and all(j.endswith(".jar") for j in jars):
                classpath = os.pathsep.join([str(harness_jar), str(compiled.entry / _PROGRAMS_JAR), sdk])
                archive = self._class_archive(compiled.entry, classpath)
            else:
                classpath = os.pathsep.join([str(harness), str(compiled.classes), sdk])
            results.update(self._run_batches(pending, classpath, workdir, env, limits, archive, seen_before))
        return {p.name: results[p.name] for p in programs}

    def _harness_jar(self, folder: Path) -> Path | None:
        """The harness's classes packed as a jar beside them (a class-data archive can only
        hold classes that come from jars), or None if it cannot be written."""
        jar = folder / "harness.jar"
        if not jar.exists():
            with suppress(OSError):
                _write_jar(folder, jar)
        return jar if jar.exists() else None

    def _class_archive(self, entry: Path, classpath: str) -> Path | None:
        """Where this batch's class-data archive is (or will be) kept: in its compiled entry,
        named by the java executable and JDK, its version, the JVM flags and the classpath
        (the JVM itself refuses an archive whose jars changed since it was written)."""
        java = which("java")
        version = self._java_version(java) if java is not None else None
        if java is None or version is None:
            return None
        facts = [_jdk_stamp(Path(java)), version, JVM_FLAGS, classpath]
        digest = hashlib.sha256(json.dumps(facts).encode("utf-8")).hexdigest()[:24]
        return entry / f"classes-{digest}.jsa"

    def _run_batches(
        self, programs: list[ProgramRun], classpath: str, workdir: Path, env: dict[str, str], limits: Limits,
        archive: Path | None = None, write_archive: bool = False,
    ) -> dict[str, RunResult]:
        """Run the programs in one JVM; if one of them ends the JVM, record it and start a
        new JVM for the rest.

        With an archive path (every class comes from a jar), the JVM maps the class-data
        archive that the first run of this very batch wrote there (-XX:SharedArchiveFile:
        the SDK's classes parsed and verified once, then shared; the programs run the same
        code, only their classes load faster). Without one yet, and with write_archive (the
        batch was run before, so it is likely to come again), the first JVM writes it as it
        exits (-XX:ArchiveClassesAtExit, into a staging file renamed once the JVM has ended
        by itself); a JVM that fails before any program starts is run again without."""
        java = str(which("java"))
        results: dict[str, RunResult] = {}
        remaining = list(programs)
        batch = 0
        staging = archive.with_name(f".{archive.name}.{os.getpid()}") if archive is not None else None
        while remaining:
            batch += 1
            sharing: list[str] = []
            if archive is not None and staging is not None:
                if _whole_archive(archive):
                    sharing = [f"-XX:SharedArchiveFile={archive}", _QUIET_SHARING]
                    with suppress(OSError):
                        os.utime(archive)  # recently used: kept when the cache is pruned
                elif batch == 1 and write_archive:
                    staging.unlink(missing_ok=True)
                    sharing = [f"-XX:ArchiveClassesAtExit={staging}", _QUIET_SHARING]
            manifest = workdir / f"java-batch-{batch}.tsv"
            results_path = workdir / f"java-batch-{batch}.results"
            rows = []
            for program in remaining:
                folder = workdir / "out" / program.name
                folder.mkdir(parents=True, exist_ok=True)
                rows.append("\t".join([program.name, Path(program.filename).stem, program.access_key,
                                       str(folder / "stdout.txt"), str(folder / "stderr.txt")]))  # fmt: skip
            manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
            command = [java, *JVM_FLAGS, *sharing, f"-Duser.home={env.get('HOME', workdir)}",
                       f"-Dpolysnip.outputLimit={limits.output_bytes}", "-cp", classpath, "Harness",
                       str(manifest), str(results_path)]  # fmt: skip

            watch = BatchWatch(results_path, lambda line: line.startswith("start\t"), limits)
            completed = run_bounded(command, env, workdir, limits.batch(len(remaining)), limits.output_bytes, watch)
            if sharing and staging is not None and archive is not None:
                if not results_path.exists() or not results_path.read_text(encoding="utf-8").strip():
                    staging.unlink(missing_ok=True)  # the JVM never got to a program: again, without sharing
                    if sharing[0].startswith("-XX:SharedArchiveFile="):  # an archive it could not start with
                        archive.with_suffix(".size").unlink(missing_ok=True)
                    archive = None
                    results_path.unlink(missing_ok=True)
                    batch -= 1
                    continue
                if staging.exists():
                    if completed.returncode in (TIMED_OUT, TOO_MUCH_OUTPUT) or completed.returncode < 0:
                        staging.unlink(missing_ok=True)  # killed: the archive may be cut short
                    else:
                        with suppress(OSError):
                            size = staging.stat().st_size
                            os.replace(staging, archive)
                            _write_text(archive.with_suffix(".size"), f"{size}\n")
            started: str | None = None
            exit_line: int | None = None
            lines = results_path.read_text(encoding="utf-8").splitlines() if results_path.exists() else []
            for line in lines:
                fields = line.split("\t")
                if fields[0] == "start":
                    started = fields[1]
                elif fields[0] == "exit" and len(fields) == 3:
                    exit_line = int(fields[2]) or None
                elif fields[0] == "done" and len(fields) in (5, 7):
                    name = fields[1]
                    stdout, stderr = self._outputs(workdir, name, limits)
                    window = (float(fields[5]), float(fields[6])) if len(fields) == 7 else (None, None)
                    results[name] = RunResult(
                        int(fields[2]), stdout, stderr, float(fields[3]), int(fields[4]) or None, *window
                    )
                    started = None
            if started is not None:  # this program ended the JVM (System.exit, or a crash)
                stdout, stderr = self._outputs(workdir, started, limits)
                code = completed.returncode
                note = f"the program ended the JVM with status {code}" + (
                    f" (System.exit at line {exit_line})" if exit_line else ""
                )
                if code in (0, TIMED_OUT):  # a timeout already says so on the last line
                    note = ""
                stderr = "\n".join(part for part in (stderr.strip(), completed.stderr.strip(), note) if part)
                results[started] = RunResult(code, stdout, stderr, error_line=exit_line if code else None)
            done_before = len(remaining)
            remaining = [p for p in remaining if p.name not in results]
            if remaining and len(remaining) == done_before:  # the JVM never got to a program
                failure = RunResult(
                    completed.returncode or 1, completed.stdout, completed.stderr.strip() or "the JVM reported nothing"
                )
                for program in remaining:
                    results[program.name] = failure
                remaining = []
        return results

    @staticmethod
    def _outputs(workdir: Path, name: str, limits: Limits) -> tuple[str, str]:
        folder = workdir / "out" / name
        texts = []
        for stream in ("stdout.txt", "stderr.txt"):
            path = folder / stream
            if not path.exists():
                texts.append("")
                continue
            with open(path, "rb") as handle:
                data = handle.read(limits.output_bytes + 1)
            cut = "\n[output cut]" if len(data) > limits.output_bytes else ""
            texts.append(data[: limits.output_bytes].decode("utf-8", "replace") + cut)
        return texts[0], texts[1]


RUNNER = JavaRunner()
