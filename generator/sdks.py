"""Which SDK package each language needs for a service, and whether it can be had here.

The names come from the service model's own serviceId (botocore's data, the same model
the SDKs are generated from): "Secrets Manager" is the Java artifact and Go module
`secretsmanager`, the npm package `@aws-sdk/client-secrets-manager` and the Ruby gem
`aws-sdk-secretsmanager` (Debian: ruby-aws-sdk-secretsmanager).

Each runner records what it fetched for a service in lock data under its toolchain cache
(sdks.json: package, pinned version, or why it cannot be installed), so later runs are
offline and a service whose SDK cannot be had is "not executed", never "failed".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import botocore.session

__all__ = [
    "DEFAULT_SERVICE",
    "Reach",
    "SdkNames",
    "install_sdks",
    "reachable_levels",
    "record",
    "recorded",
    "sdk_names",
    "services_in_specs",
]

DEFAULT_SERVICE = "kms"  # the SDK every runner's committed manifests already pin
NO_SDK = "no SDK for {service} can be installed here"
_SERVICE_LINE = re.compile(r"^service:\s*['\"]?([A-Za-z0-9_.-]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class SdkNames:
    service: str  # botocore's name, e.g. secretsmanager
    service_id: str  # the model's serviceId, e.g. Secrets Manager
    java_artifact: str  # software.amazon.awssdk:<this>
    go_module: str  # github.com/aws/aws-sdk-go-v2/service/<x>
    go_package: str  # the import name, <x>
    npm_package: str  # @aws-sdk/client-<x>
    ruby_gem: str  # aws-sdk-<x>
    debian_package: str  # ruby-aws-sdk-<x>


@cache
def _session() -> Any:
    return botocore.session.get_session()


@cache
def sdk_names(service: str) -> SdkNames:
    """The package names of every SDK for a botocore service name."""
    service_id = _session().get_service_model(service).service_id
    words = str(service_id).lower().split()
    compact, kebab = "".join(words), "-".join(words)
    return SdkNames(
        service=service,
        service_id=str(service_id),
        java_artifact=_java_artifact(service),
        go_module=f"github.com/aws/aws-sdk-go-v2/service/{compact}",
        go_package=compact,
        npm_package=f"@aws-sdk/client-{kebab}",
        ruby_gem=f"aws-sdk-{compact}",
        debian_package=f"ruby-aws-sdk-{compact}",
    )


def _java_artifact(service: str) -> str:
    """The AWS SDK for Java's module: its own name table (databasemigration for dms,
    costandusagereport for cur…), not one derived from the serviceId."""
    from .java_sdk import service_names

    return service_names(service).artifact


def no_sdk(service: str, why: str = "") -> str:
    """The reason shown for a service whose SDK a language cannot get here."""
    return NO_SDK.format(service=service) + (f" ({why})" if why else "")


# --- lock data: what each runner fetched per service -------------------------------------


def _lock_path(folder: Path) -> Path:
    return folder / "sdks.json"


def recorded(folder: Path) -> dict[str, dict[str, Any]]:
    """The lock data of a toolchain cache folder: service -> {package, version, ok, reason}."""
    try:
        data = json.loads(_lock_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(folder: Path, service: str, package: str, version: str, ok: bool, reason: str = "") -> None:
    """Write one service's entry into the lock data, atomically."""
    data = recorded(folder)
    data[service] = {"package": package, "version": version, "ok": ok, "reason": reason}
    target = _lock_path(folder)
    staging = target.with_name(f".{target.name}.{os.getpid()}")
    staging.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(staging, target)


# --- which services the specs use ---------------------------------------------------------


def services_in_specs(paths: Iterable[Path]) -> list[str]:
    """The services named by the spec files (and the spec files under the folders) given,
    read from their top-level `service:` line; the default service always comes first."""
    found: dict[str, None] = {DEFAULT_SERVICE: None}
    for path in paths:
        files = sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            try:
                match = _SERVICE_LINE.search(file.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            if match:
                found.setdefault(match.group(1), None)
    return list(found)


def default_services() -> list[str]:
    """What `doctor --install` fetches when not told: the services of ./specs (if any)."""
    return services_in_specs([Path("specs")] if Path("specs").is_dir() else [])


# --- what doctor reports -------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    level: str  # executed, compiled, parsed or "not executed"
    reason: str = ""  # why not executed, and how to fix it when it can be fixed


def reachable_levels(services: Iterable[str], languages: Iterable[str] | None = None) -> dict[str, dict[str, Reach]]:
    """Per language and per service: the proof level verification reaches here now."""
    from .languages import LANGUAGES
    from .runners import RUNNERS

    wanted = list(dict.fromkeys(services))
    keys = list(languages) if languages is not None else list(LANGUAGES)
    table: dict[str, dict[str, Reach]] = {}
    for key in keys:
        runner = RUNNERS.get(key)
        row: dict[str, Reach] = {}
        if runner is None:
            table[key] = {s: Reach("parsed", "no runner: this language's SDK cannot be installed here") for s in wanted}
            continue
        try:
            toolchain = runner.availability()
        except Exception as exc:  # a broken toolchain is reported, not raised
            row = {s: Reach("not executed", f"checking the toolchain failed: {exc}") for s in wanted}
            table[key] = row
            continue
        checker = runner.checker() if toolchain.ok else None  # asks the toolchain: once per language
        level = checker.level if runner.level == "parsed" and checker is not None else runner.level
        for service in wanted:
            if not toolchain.ok:
                row[service] = Reach("not executed", toolchain.reason)
                continue
            sdk = runner.sdk_availability(service)
            row[service] = Reach(level) if sdk.ok else Reach("not executed", sdk.reason)
        table[key] = row
    return table


def install_sdks(services: Iterable[str], languages: Iterable[str] | None = None) -> dict[str, str]:
    """Fetch the SDK of every service for every language (network allowed); returns the
    languages whose install failed, with the reason. A service that cannot be had is
    recorded as such and is not a failure."""
    from .runners import RUNNERS

    wanted = list(dict.fromkeys(services))
    failures: dict[str, str] = {}
    for key, runner in RUNNERS.items():
        if languages is not None and key not in languages:
            continue
        try:
            runner.install(wanted)
        except Exception as exc:  # reported per language; the others still install
            failures[key] = f"{type(exc).__name__}: {exc}"
    return failures
