"""Stage 5: write a spec's generated folder atomically, touching only what changed.

The new folder is built beside the old one (unchanged files are hard-linked, so they
keep their timestamps), then swapped in. On Linux the swap is one atomic exchange of the
two folders (renameat2 with RENAME_EXCHANGE), so the output folder is at every moment
either the complete old one or the complete new one, even if the run is killed. Where
the exchange is not available the swap takes two renames, and a run that dies between
them leaves no output folder until the next run rolls the old one back before it does
anything else. A run that dies before the swap leaves the old folder as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def _staging(target: Path) -> Path:
    return target.parent / f".{target.name}.new"


def _backup(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing folders in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    False when this system or file system cannot, so that the caller renames instead."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc before 2.28, musl)
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def recover(target: Path) -> None:
    """Finish or roll back a swap that an earlier run did not complete."""
    backup, staging = _backup(target), _staging(target)
    if backup.exists():
        if target.exists():
            shutil.rmtree(backup)  # the swap completed; only the clean-up was missed
        else:
            os.rename(backup, target)  # died between the renames: put the old folder back
    if staging.exists():
        shutil.rmtree(staging)


def existing_files(target: Path) -> dict[str, bytes]:
    if not target.is_dir():
        return {}
    found = {}
    for path in sorted(target.rglob("*")):
        if path.is_file():
            found[path.relative_to(target).as_posix()] = path.read_bytes()
    return found


def compare(target: Path, files: dict[str, bytes]) -> Changes:
    """What writing files into target would change."""
    recover(target)
    old = existing_files(target)
    changes = Changes()
    for name in sorted(files):
        if name not in old:
            changes.added.append(name)
        elif old[name] != files[name]:
            changes.changed.append(name)
        else:
            changes.unchanged.append(name)
    changes.removed = sorted(set(old) - set(files))
    return changes


def write_tree(target: Path, files: dict[str, bytes]) -> Changes:
    """Make target hold exactly files, atomically. Returns what changed."""
    changes = compare(target, files)
    if changes.clean:
        return changes
    staging = _staging(target)
    staging.mkdir(parents=True)
    unchanged = set(changes.unchanged)
    for name in sorted(files):
        destination = staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if name in unchanged:
            try:
                os.link(target / name, destination)
                continue
            except OSError:
                pass  # file systems without hard links get a copy
        destination.write_bytes(files[name])
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging)  # it now holds the old folder (recover() removes it if this run dies here)
        return changes
    backup = _backup(target)
    if target.exists():
        os.rename(target, backup)
    os.rename(staging, target)
    if backup.exists():
        shutil.rmtree(backup)
    return changes
