"""The verification report: what each program proved, as typed data, and where it is stored.

`polysnip verify` writes one report per spec (`<out>/verification/<spec>.json`); generate
reads it to badge each snippet with what was proven. This module is the only place that
names that path, reads the file, writes it, or combines two reports:

* `report_path(out_root, spec)` — where the report of a spec lives.
* `load_report(path, problems)` — the report, or None when there is none. A report that
  cannot be read (empty after a killed write, not JSON, not a report) is treated as absent
  and described by a warning appended to `problems`, so that the next verify rewrites it.
* `save_report(path, report)` — written atomically: a temporary file in the same folder,
  flushed to disk, then renamed over the old report. A killed write leaves the old one.
* `merge(old, new)` — a verify of some languages (`--lang python`) keeps the outcomes and
  versions the previous report recorded for the other languages.
* `settle(old, new)` — new, keeping old's date and durations where no result changed, so
  that a verify that finds what the last one found rewrites nothing (the date is that of the
  last run that changed a result; durations are those recorded with it).
* `shard_report_path(...)`, `merge_shards(reports)` — `verify --shard K/N` writes a part of
  the report; the parts combine into the report an unsharded verify writes.

The layout is described by `report.schema.json` (JSON Schema) beside this module.

The JSON layout is stable (the keys and the status strings below), so that reports written
by earlier versions load and a report that is loaded and saved again is byte-identical.
"""

from __future__ import annotations

import enum
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Protocol

from .problems import Kind, Location, Problem, Severity

__all__ = [
    "PROOF_LADDER",
    "REPORT_FOLDER",
    "Outcome",
    "Report",
    "ReportError",
    "Shard",
    "Status",
    "load_report",
    "merge",
    "merge_shards",
    "report_path",
    "same_result",
    "save_report",
    "settle",
    "shard_report_path",
    "write_atomic",
]

REPORT_FOLDER = "verification"
SHARD_FOLDER = "shards"
SCHEMA = Path(__file__).resolve().parent / "report.schema.json"


class Status(enum.StrEnum):
    """How verifying one program ended."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_EXECUTED = "not executed"  # no runner, toolchain missing, or the spec says it cannot run


class ReportError(ValueError):
    """A report file's text is not a verification report (line and column where known)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Shard:
    """Which part of a sharded verify a report holds, and every program of the whole run in
    report order (so that the merged report lists them as an unsharded verify does)."""

    index: int
    count: int
    programs: tuple[tuple[str, str], ...]  # (language, program id)

    @classmethod
    def from_dict(cls, data: object) -> Shard:
        if not isinstance(data, dict):
            raise ReportError("the report's 'shard' is not a mapping")
        index, count, programs = data.get("index"), data.get("count"), data.get("programs")
        if not isinstance(index, int) or not isinstance(count, int) or not 1 <= index <= count:
            raise ReportError("the report's 'shard' needs integers index and count with 1 <= index <= count")
        if not isinstance(programs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in programs
        ):
            raise ReportError("the report's 'shard.programs' is not a list of [language, id] pairs")
        return cls(index, count, tuple((p[0], p[1]) for p in programs))


# What a program can be shown to be, weakest first: its text parses; its names (C#: against
# a committed table of the SDK's names) or its whole text (a compiler or type checker against
# the installed SDK) check; it ran against moto; it sent the same requests as the reference.
PROOF_LADDER = ("parsed", "names checked", "compiled", "executed", "equal requests")


@dataclass
class Outcome:
    language: str
    id: str
    kind: str
    status: Status
    level: str  # executed, compiled, parsed or unavailable
    duration: float = 0.0
    detail: str = ""
    line: int | None = None
    requests: int = 0
    output: str = ""  # what the program printed, with fixture values shown as placeholders
    equivalent: bool | None = None  # sent the same normalised requests as the reference program
    # Not executed for a reason that is not a failure: the spec says it cannot run in moto, or
    # no SDK for the service exists for this machine.
    declared: bool = False
    # what compiled or type-checked the published program (checker, versions); a check of
    # names only (C#, against a committed table of the SDK's names) starts "names checked"
    checked: str = ""
    cached: str = ""  # taken from the verification cache: the date of the run that produced it

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @property
    def proof(self) -> str:
        """The highest rung of the proof ladder this program reached (PROOF_LADDER)."""
        if self.status is Status.PASSED and self.level == "executed":
            return "equal requests" if self.equivalent else "executed"
        if self.checked and self.status is not Status.FAILED:
            return "names checked" if self.checked.startswith("names checked") else "compiled"
        return "parsed"

    @classmethod
    def from_dict(cls, data: object) -> Outcome:
        if not isinstance(data, dict):
            raise ReportError(f"a result is {type(data).__name__}, expected a mapping")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ReportError(f"a result has unknown key(s) {', '.join(map(repr, unknown))}")
        missing = [name for name in ("language", "id", "kind", "status", "level") if name not in data]
        if missing:
            raise ReportError(f"a result lacks {', '.join(map(repr, missing))}")
        for name in ("language", "id", "kind", "level", "detail", "output", "checked", "cached"):
            if name in data and not isinstance(data[name], str):
                raise ReportError(f"a result's {name!r} is {type(data[name]).__name__}, expected a string")
        try:
            status = Status(data["status"])
        except ValueError:
            choices = ", ".join(repr(s.value) for s in Status)
            raise ReportError(f"a result's status is {data['status']!r}, expected one of {choices}") from None
        duration = data.get("duration", 0.0)
        if isinstance(duration, bool) or not isinstance(duration, int | float):
            raise ReportError(f"a result's duration is {duration!r}, expected a number")
        line = data.get("line")
        if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
            raise ReportError(f"a result's line is {line!r}, expected an integer or null")
        requests = data.get("requests", 0)
        if isinstance(requests, bool) or not isinstance(requests, int):
            raise ReportError(f"a result's requests is {requests!r}, expected an integer")
        equivalent = data.get("equivalent")
        if equivalent is not None and not isinstance(equivalent, bool):
            raise ReportError(f"a result's equivalent is {equivalent!r}, expected true, false or null")
        declared = data.get("declared", False)
        if not isinstance(declared, bool):
            raise ReportError(f"a result's declared is {declared!r}, expected true or false")
        return cls(
            language=data["language"],
            id=data["id"],
            kind=data["kind"],
            status=status,
            level=data["level"],
            duration=float(duration),
            detail=data.get("detail", ""),
            line=line,
            requests=requests,
            output=data.get("output", ""),
            equivalent=equivalent,
            declared=declared,
            checked=data.get("checked", ""),
            cached=data.get("cached", ""),
        )


def _result_data(outcome: Outcome) -> dict[str, object]:
    data = asdict(outcome) | {"status": str(outcome.status), "duration": round(outcome.duration, 3)}
    for optional in ("checked", "cached"):  # left out when empty, so older reports stay as they were
        if not data[optional]:
            del data[optional]
    return data


@dataclass
class Report:
    spec: str
    date: str
    polysnip: str
    versions: dict[str, dict[str, str]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    shard: Shard | None = None

    @property
    def passed(self) -> bool:
        return all(o.status is Status.PASSED or o.declared for o in self.outcomes)

    def outcome(self, language: str, unit_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.language == language and o.id == unit_id), None)

    def to_json(self) -> str:
        data: dict[str, object] = {
            "spec": self.spec,
            "date": self.date,
            "polysnip": self.polysnip,
            "versions": {k: dict(sorted(v.items())) for k, v in sorted(self.versions.items())},
            "results": [
                _result_data(o) for o in self.outcomes
            ],
        }
        if self.shard is not None:
            data["shard"] = {
                "index": self.shard.index,
                "count": self.shard.count,
                "programs": [list(p) for p in self.shard.programs],
            }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Report:
        """The report in text; ReportError (a ValueError) says why text is not one."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            raise ReportError(message, exc.lineno, exc.colno) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: object) -> Report:
        if not isinstance(data, dict):
            raise ReportError(f"the report is {type(data).__name__}, expected a mapping")
        for name in ("spec", "date", "polysnip"):
            if not isinstance(data.get(name), str):
                raise ReportError(f"the report's {name!r} is missing or not a string")
        versions = data.get("versions", {})
        if not isinstance(versions, dict) or not all(
            isinstance(group, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in group.items())
            for group in versions.values()
        ):
            raise ReportError("the report's 'versions' is not a mapping of tool → version mappings")
        results = data.get("results", [])
        if not isinstance(results, list):
            raise ReportError("the report's 'results' is not a list")
        return cls(
            spec=data["spec"],
            date=data["date"],
            polysnip=data["polysnip"],
            versions={k: dict(v) for k, v in versions.items()},
            outcomes=[Outcome.from_dict(r) for r in results],
            shard=Shard.from_dict(data["shard"]) if data.get("shard") is not None else None,
        )


class _HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


def report_path(out_root: Path, spec: str | _HasSlug) -> Path:
    """Where verify writes, and generate reads, the report of a spec (given by model or slug)."""
    slug = spec if isinstance(spec, str) else spec.slug
    return Path(out_root) / REPORT_FOLDER / f"{slug}.json"


def load_report(path: Path, problems: list[Problem] | None = None) -> Report | None:
    """The report at path; None when there is none or it cannot be used (then a warning is
    appended to problems, naming the file, and the next verify replaces it)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _warn(problems, path, f"cannot read the verification report ({exc.strerror}); it is ignored")
        return None
    try:
        if not raw.strip():
            raise ReportError("the file is empty (a write was interrupted?)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ReportError("not UTF-8 text") from None
        return Report.from_json(text)
    except ReportError as exc:
        message = f"the verification report is unusable: {exc}; it is ignored until the next verify"
        _warn(problems, path, message, exc.line, exc.column)
        return None


def _warn(problems: list[Problem] | None, path: Path, message: str, line: int = 1, column: int = 1) -> None:
    if problems is not None:
        problems.append(Problem(Location(str(path), line, column), "", message, Severity.WARNING, Kind.OUTPUT))


def save_report(path: Path, report: Report) -> None:
    """Write report to path atomically: the file holds the old report or the new one, never a part."""
    write_atomic(path, report.to_json().encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path's content with data in one rename; a temporary file in the same folder
    is flushed to disk first and removed if anything fails (including an interrupt)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(descriptor)


def merge(old: Report | None, new: Report, current: set[tuple[str, str]] | None = None) -> Report:
    """new, plus what old recorded for languages new did not verify.

    A language is "verified by new" when new has outcomes or versions for it; all of old's
    outcomes for such a language are dropped (its programs may have been renamed or removed).
    With current (the (language, id) pairs the spec has now), old outcomes of programs that
    no longer exist are dropped too. Outcomes keep old's language order, with languages only
    new knows appended; a merge of a report of every language is exactly new."""
    if old is None:
        return new
    if current is not None:
        kept = [o for o in old.outcomes if (o.language, o.id) in current]
        old = Report(old.spec, old.date, old.polysnip, old.versions, kept)
    covered = {o.language for o in new.outcomes} | set(new.versions)
    order: list[str] = []
    for outcome in [*old.outcomes, *new.outcomes]:
        if outcome.language not in order:
            order.append(outcome.language)
    outcomes: list[Outcome] = []
    for language in order:
        source = new if language in covered else old
        outcomes += [o for o in source.outcomes if o.language == language]
    versions = {k: v for k, v in old.versions.items() if k not in covered} | new.versions
    return Report(spec=new.spec, date=new.date, polysnip=new.polysnip, versions=versions, outcomes=outcomes)



def same_result(before: Outcome, after: Outcome) -> bool:
    """Whether two results say the same, apart from when they were made: their duration,
    the cache label, and values a program prints differently on every run (moments, random
    ids, addresses)."""
    mine, theirs = replace(before, cached="", duration=0.0), replace(after, cached="", duration=0.0)
    if mine == theirs:
        return True
    return replace(mine, output="") == replace(theirs, output="") and (
        _without_run_values(before.output) == _without_run_values(after.output)
    )


def settle(old: Report | None, new: Report) -> Report:
    """new, with old's duration for every outcome whose result is the same, and old's date
    when nothing but the date and durations differ: a verify that finds what the last one
    found leaves the stored report byte-identical (so tracked pages and reports do not churn)."""
    if old is None:
        return new
    outcomes: list[Outcome] = []
    for outcome in new.outcomes:
        before = old.outcome(outcome.language, outcome.id)
        if before is not None and _result(before) == _result(outcome):
            outcome = replace(outcome, duration=before.duration)
        elif before is not None and _result(before) == _result(replace(outcome, output=before.output)) and (
            _without_run_values(before.output) == _without_run_values(outcome.output)
        ):
            # The program printed what it printed last time apart from values that differ on
            # every run (a creation date, an object's LastModified, a version id moto draws
            # at random, an address): keep the earlier, equally real output.
            outcome = replace(outcome, duration=before.duration, output=before.output)
        outcomes.append(outcome)
    settled = replace(new, outcomes=outcomes)
    same = replace(settled, date=old.date)
    return same if same.to_json() == old.to_json() else settled


# Values that differ on every run, as programs print them: moments in ISO 8601 (JSON, Java,
# JavaScript), with a space and zone (Ruby, Go, Python's str), Python's repr of a datetime and
# epoch seconds (the CLI's JSON); random UUIDs; memory addresses.
_RUN_VALUE = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d|UTC))*"
    r"|datetime\.datetime\((?:[^()]|\([^()]*\))*\)"
    r"|(?<![\d.])1\d{9}(?:\.\d+)?(?![\d.])"
    r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
    r"|\b0x[0-9a-f]{6,16}\b"
)


def _without_run_values(text: str) -> str:
    return _RUN_VALUE.sub("<run value>", text)


def _result(outcome: Outcome) -> dict[str, object]:
    return {k: v for k, v in asdict(outcome).items() if k != "duration"}


def shard_report_path(out_root: Path, spec: str | _HasSlug, index: int, count: int) -> Path:
    """Where verify --shard K/N writes its part of a spec's report."""
    path = report_path(out_root, spec)
    return path.parent / SHARD_FOLDER / f"{path.stem}.{index}-of-{count}.json"


def merge_shards(reports: list[Report]) -> Report:
    """The report an unsharded verify writes, from the reports of all N shards of one run.

    ReportError names what does not fit: a report that is not a shard, shards of different
    specs or runs, a missing or repeated shard, a program no shard verified, versions that
    disagree between shards."""
    if not reports:
        raise ReportError("no shard reports given")
    shards = [r.shard for r in reports]
    if any(s is None for s in shards):
        raise ReportError("a report given is not a shard report (written by verify --shard K/N)")
    first = reports[0]
    count = first.shard.count if first.shard else 0
    if any(r.spec != first.spec for r in reports):
        raise ReportError(f"the shard reports are of different specs: {sorted({r.spec for r in reports})}")
    if any(s is None or s.count != count or s.programs != shards[0].programs for s in shards):  # type: ignore[union-attr]
        raise ReportError("the shard reports come from different runs (shard counts or programs differ)")
    indexes = sorted(s.index for s in shards if s is not None)
    if indexes != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(indexes))
        repeated = sorted({i for i in indexes if indexes.count(i) > 1})
        what = (f"shard(s) {', '.join(map(str, missing))} missing" if missing else "") + (
            f"{'; ' if missing else ''}shard(s) {', '.join(map(str, repeated))} given twice" if repeated else ""
        )
        raise ReportError(f"{what} (of {count})")
    found: dict[tuple[str, str], Outcome] = {}
    versions: dict[str, dict[str, str]] = {}
    for report in reports:
        for outcome in report.outcomes:
            found[(outcome.language, outcome.id)] = outcome
        for group, tools in report.versions.items():
            if group in versions and versions[group] != tools:
                raise ReportError(f"the shards recorded different {group} versions: {versions[group]} and {tools}")
            versions[group] = dict(tools)
    programs = shards[0].programs if shards[0] else ()
    absent = [f"{language} {id_}" for language, id_ in programs if (language, id_) not in found]
    if absent:
        raise ReportError(f"no shard verified {', '.join(absent)}")
    return Report(
        spec=first.spec,
        date=max(r.date for r in reports),
        polysnip=first.polysnip,
        versions=versions,
        outcomes=[found[p] for p in programs],
    )
