"""Stage 5: write a spec's generated folder atomically, touching only what changed.

The new folder is built beside the old one (unchanged files are hard-linked, so they
keep their timestamps), then swapped in. On Linux the swap is one atomic exchange of the
two folders (renameat2 with RENAME_EXCHANGE), so the output folder is at every moment
either the complete old one or the complete new one, even if the run is killed. Where
the exchange is not available the swap takes two renames, and a run that dies between
them leaves no output folder until the next run rolls the old one back before it does
anything else. A run that dies before the swap leaves the old folder as it was; a run
stopped by an exception or a signal turned into one (SIGTERM, SIGINT) removes its staging
folder, or rolls the swap back, before it exits.

Every write stays inside the output root, checked after resolving symbolic links: a spec
folder that is a symbolic link, a file, a hand-written folder or the root itself is refused
with an `UnsafeOutput` naming it, before anything is written. `output_lock` serialises the
commands that write one output root (an advisory lock on `<root>/.polysnip.lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .fingerprint import REPORT_FOLDER, STAMP

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, which mypy reads the same way, without importing typing
if TYPE_CHECKING:  # imported where a problem is made: a generate with nothing to do makes none
    from .problems import BadInput

LOCK_NAME = ".polysnip.lock"
# A file or folder name is at most 255 bytes on Linux file systems; the staging folder adds
# five (".name.new"), so a spec folder name is kept to this many bytes.
MAX_FOLDER_NAME = 200
MAX_FILE_NAME = 255


class UnsafeOutput(Exception):
    """A write that would leave the output root, replace what polysnip did not write, or fail."""

    def __init__(self, path: Path | str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


class Changes:
    """The file names that writing a folder adds, changes, removes and leaves as they were.

    A plain class, not a dataclass: importing dataclasses (and inspect with it) would be a
    good part of the time a generate with nothing to do takes."""

    __slots__ = ("added", "changed", "removed", "unchanged")

    def __init__(
        self,
        added: list[str] | None = None,
        changed: list[str] | None = None,
        removed: list[str] | None = None,
        unchanged: list[str] | None = None,
    ) -> None:
        self.added: list[str] = [] if added is None else added
        self.changed: list[str] = [] if changed is None else changed
        self.removed: list[str] = [] if removed is None else removed
        self.unchanged: list[str] = [] if unchanged is None else unchanged

    def _fields(self) -> tuple[list[str], list[str], list[str], list[str]]:
        return self.added, self.changed, self.removed, self.unchanged

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Changes):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return "Changes(added={!r}, changed={!r}, removed={!r}, unchanged={!r})".format(*self._fields())

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
    import ctypes
    import errno

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
    import shutil  # here and below, not at the top: a generate with nothing to do removes nothing

    backup, staging = _backup(target), _staging(target)
    if backup.exists():
        if target.exists():
            shutil.rmtree(backup)  # the swap completed; only the clean-up was missed
        else:
            os.rename(backup, target)  # died between the renames: put the old folder back
    if staging.exists():
        shutil.rmtree(staging)


def existing_files(target: Path) -> dict[str, bytes]:
    """The regular files under target (a link is not followed: it is replaced by a real file)."""
    if not target.is_dir():
        return {}
    found = {}
    for path in sorted(target.rglob("*")):
        if path.is_file() and not path.is_symlink():
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


def check_root(root: Path) -> Path:
    """The output root, resolved and created if missing; UnsafeOutput when it is not a writable folder."""
    if root.exists() and not root.is_dir():
        raise UnsafeOutput(root, "the output folder (--out) is a file, expected a folder")
    try:
        if not root.is_dir():
            root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnsafeOutput(root, f"cannot create the output folder (--out): {exc.strerror}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise UnsafeOutput(root, "the output folder (--out) is not writable")
    return root.resolve()


def check_name(
    name: str, what: str = "output folder name", limit: int = MAX_FOLDER_NAME, hidden: bool = False
) -> None:
    """A single path component that cannot escape its folder, hide, or exceed the file system's limit."""
    if name in ("", ".", ".."):
        raise UnsafeOutput(name or "''", f"{what} {name!r} would be the output folder itself or its parent")
    if "/" in name or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UnsafeOutput(repr(name), f"{what} {name!r} contains a path separator or a control character")
    if name.startswith(".") and not hidden:
        raise UnsafeOutput(name, f"{what} {name!r} starts with '.': such names are hidden and reserved for polysnip")
    size = len(os.fsencode(name))
    if size > limit:
        raise UnsafeOutput(name[:40] + "…", f"{what} is {size} bytes long; at most {limit} bytes fit")


def check_target(root: Path, target: Path, owned: Callable[[Path], bool] | None = None) -> None:
    """target may be (re)written: a direct child of root, inside it after resolving links,
    not a link or a file, and (when owned is given) either absent or a folder polysnip wrote."""
    check_name(target.name)
    if target.parent.resolve() != root.resolve():
        raise UnsafeOutput(target, f"is not directly inside the output folder {root}")
    if target.is_symlink():
        raise UnsafeOutput(target, "is a symbolic link; polysnip writes only real folders in --out (remove the link)")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(target, "is a file, expected the generated folder (remove or rename the file)")
    if owned is not None and target.is_dir() and not owned(target):
        raise UnsafeOutput(target, "is a folder polysnip did not generate; it is never replaced (rename the spec)")
    for side in (_staging(target), _backup(target)):
        if side.is_symlink() or (side.exists() and not side.is_dir()):
            raise UnsafeOutput(side, "is in the way of the atomic swap (a link or a file); remove it")


def _check_file_names(files: dict[str, bytes]) -> None:
    for name in files:
        if name.startswith("/"):
            raise UnsafeOutput(name, "a generated file name is absolute")
        for part in name.split("/"):
            check_name(part, "a generated file name", MAX_FILE_NAME, hidden=True)


def write_tree(target: Path, files: dict[str, bytes]) -> Changes:
    """Make target hold exactly files, atomically. Returns what changed.

    Nothing is written outside target's parent; any failure (a name too long, a full disk,
    an interrupt) removes the staging folder and leaves the old target as it was."""
    _check_file_names(files)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UnsafeOutput(target, "is a symbolic link or a file, expected the generated folder")
    changes = compare(target, files)
    if changes.clean:
        return changes
    staging = _staging(target)
    try:
        _stage(target, staging, files, set(changes.unchanged))
        replace_folder(staging, target)
    except BaseException as exc:
        recover(target)  # remove the staging folder, or put the old folder back
        if isinstance(exc, OSError):
            where = exc.filename or staging
            message = f"cannot write: {exc.strerror or exc}; the previous output is unchanged"
            raise UnsafeOutput(where, message) from None
        raise
    return changes


def _stage(target: Path, staging: Path, files: dict[str, bytes], unchanged: set[str]) -> None:
    staging.mkdir(parents=True)
    root = staging.resolve()
    for name in sorted(files):
        destination = staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.parent.resolve().is_relative_to(root):
            raise UnsafeOutput(name, "a generated file would be written outside its folder")
        if name in unchanged:
            try:
                os.link(target / name, destination)
                continue
            except OSError:
                pass  # file systems without hard links get a copy
        destination.write_bytes(files[name])


def replace_folder(staging: Path, target: Path) -> None:
    """Put the complete folder staging in target's place: one atomic exchange where the
    system has it, else two renames (recover() completes or rolls back an interrupted pair)."""
    import shutil

    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging)  # it now holds the old folder (recover() removes it if this run dies here)
        return
    backup = _backup(target)
    if target.exists():
        os.rename(target, backup)
    os.rename(staging, target)
    if backup.exists():
        shutil.rmtree(backup)


# --- where a spec's output may go ----------------------------------------------------------


def generated_by_us(folder: Path) -> bool:
    """A folder generate wrote (it holds the navigation file or the fingerprint stamp)."""
    return (folder / "nav.json").is_file() or (folder / STAMP).is_file()


def output_problem(location: str, error: UnsafeOutput) -> BadInput:
    from .problems import BadInput, Kind, Location, Problem

    return BadInput([Problem(Location(location, 1, 1), "", f"{error.path}: {error.message}", kind=Kind.OUTPUT)])


def checked_root(out_root: Path) -> Path:
    """The output root as given, once it is known to be a writable folder (BadInput otherwise)."""
    try:
        check_root(out_root)
    except UnsafeOutput as exc:
        raise output_problem(str(out_root), exc) from None
    return out_root


def checked_folder(out_root: Path, slug: str, source: str) -> Path:
    """A spec's output folder once it is known to be safe to replace; BadInput at the spec otherwise.

    Refused: names that are not one plain path component (".", "..", hidden, separators,
    control characters, too long), the report folder, a folder that would share its URL with
    a hand-written page (<slug>.md), and anything at that path that generate did not write
    (a hand-written folder, a file, a symbolic link)."""
    folder = Path(out_root) / slug  # pathlib drops a "." component: the name is checked as a string first
    try:
        check_name(slug)
        if slug == REPORT_FOLDER:
            raise UnsafeOutput(folder, f"'{REPORT_FOLDER}' holds the verification reports; rename the spec")
        if (Path(out_root) / f"{slug}.md").exists():
            raise UnsafeOutput(folder, f"would share its address with the page {slug}.md; rename the spec")
        check_target(Path(out_root), folder, owned=generated_by_us)
    except UnsafeOutput as exc:
        raise output_problem(source, exc) from None
    return folder


def unchanged_folders(root: Path, specs: list[Path], templates: Path | None) -> dict[Path, Path] | None:
    """Each spec's output folder when every one is already generated from exactly these inputs
    and no killed run left anything to clear (nothing to do), else None. Only reads: no lock
    is taken and nothing is created."""
    from . import fingerprint

    if not root.is_dir():
        return None
    folders: dict[Path, Path] = {}
    for spec in specs:
        folder = checked_folder(root, spec.stem, str(spec))
        if _staging(folder).exists() or _backup(folder).exists():
            return None  # a killed run's leftovers: the full run clears them under the lock
        if not spec.is_file() or not fingerprint.unchanged(folder, fingerprint.for_spec(spec, templates, root)):
            return None
        folders[spec] = folder
    return folders


def prepare_folders(root: Path, specs: list[Path], templates: Path | None) -> tuple[dict[Path, Path], bool]:
    """Each spec's output folder, checked and with a killed run's leftovers cleared; and
    whether every one is already generated from exactly these inputs (nothing to do)."""
    from . import fingerprint

    folders = {spec: checked_folder(root, spec.stem, str(spec)) for spec in specs}
    for folder in folders.values():
        recover(folder)
    unchanged = all(
        spec.is_file() and fingerprint.unchanged(folders[spec], fingerprint.for_spec(spec, templates, root))
        for spec in specs
    )
    return folders, unchanged


# --- one writer per output root -----------------------------------------------------------

_held: dict[Path, int] = {}  # lock file → how many nested output_lock blocks of this process hold it


@contextlib.contextmanager
def output_lock(root: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the advisory lock of an output root for the block; a second process waits for it.

    The lock is an flock on <root>/.polysnip.lock, so it is released by the system when the
    holder exits, however it exits. Blocks of one process nest (build runs generate, verify
    and site under one lock). on_wait is told once when another process holds the lock."""
    path = check_root(root) / LOCK_NAME  # the root is resolved; the lock file itself must not be a link
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise UnsafeOutput(path, f"cannot open the lock file: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"another polysnip command is writing {root}; waiting for it to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
    finally:
        os.close(descriptor)  # closing releases the lock
