"""Java's compiled-class cache: a batch verified before runs its classes without javac, and
only when everything javac's output depends on is the same.

A batch whose text differs by one character is compiled again and runs as its own text
says; a compile failure comes back from the cache with its line; an entry whose class files
were changed on disk is not trusted. javac runs are counted by watching the commands the
runner starts (the real javac and JVM run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.runners.base import ProgramRun, isolated_env
from generator.runners.java import RUNNER, _whole_archive

from .test_java import require_java


def _program(name: str, body: str) -> ProgramRun:
    class_name = name.capitalize()
    text = (f"public class {class_name} {{\n    public static void main(String[] args) throws Exception {{\n"
            f"{body}\n    }}\n}}\n")
    return ProgramRun(name, f"{class_name}.java", text, "KEYCACHE")


class _Commands:
    """Counts the javac processes the runner starts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import generator.runners.java as java

        self.commands: list[list[str]] = []
        real = java.run_bounded

        def recording(command: list[str], *args: Any, **kwargs: Any) -> Any:
            self.commands.append(command)
            return real(command, *args, **kwargs)

        monkeypatch.setattr(java, "run_bounded", recording)

    def javac(self) -> int:
        return sum(1 for c in self.commands if Path(c[0]).name == "javac" and "-version" not in c)

    def last_jvm(self) -> list[str]:
        return [c for c in self.commands if "Harness" in c][-1]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    require_java()
    home = tmp_path / "home"
    home.mkdir()
    return isolated_env("http://127.0.0.1:9", "us-west-2", home)


@pytest.mark.execution
def test_java_reuses_classes_only_for_the_same_text(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = str(tmp_path)  # unique to this run, so the first compile cannot be cached already
    first = _program("cached", f'        System.out.println("{marker}-A");')
    changed = _program("cached", f'        System.out.println("{marker}-B");')
    seen = _Commands(monkeypatch)
    assert RUNNER.run([first], tmp_path / "one", env)["cached"].stdout == f"{marker}-A\n"
    assert seen.javac() == 1
    assert RUNNER.run([first], tmp_path / "two", env)["cached"].stdout == f"{marker}-A\n"
    assert seen.javac() == 1, "the second run of the same text compiled again"
    result = RUNNER.run([changed], tmp_path / "three", env)["cached"]
    assert result.stdout == f"{marker}-B\n", "a changed program ran the classes of its old text"
    assert seen.javac() == 2


@pytest.mark.execution
def test_java_batch_key_covers_every_program_and_its_name(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a program to a batch, or renaming one, is a different batch."""
    marker = str(tmp_path)
    one = _program("alpha", f'        System.out.println("{marker}-alpha");')
    two = _program("beta", f'        System.out.println("{marker}-beta");')
    seen = _Commands(monkeypatch)
    RUNNER.run([one], tmp_path / "one", env)
    results = RUNNER.run([one, two], tmp_path / "two", env)
    assert seen.javac() == 2
    assert results["beta"].stdout == f"{marker}-beta\n"
    renamed = ProgramRun("gamma", one.filename, one.text, one.access_key)
    assert RUNNER.run([renamed], tmp_path / "three", env)["gamma"].stdout == f"{marker}-alpha\n"
    assert seen.javac() == 3


@pytest.mark.execution
def test_java_cached_compile_failure_keeps_its_line(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = str(tmp_path)
    good = _program("good", f'        System.out.println("{marker}");')
    broken = _program("broken", f'        String s = "{marker}";\n        int x = ;')
    seen = _Commands(monkeypatch)
    before = RUNNER.run([good, broken], tmp_path / "one", env)
    after = RUNNER.run([good, broken], tmp_path / "two", env)
    assert seen.javac() == 2  # the batch with the failure, then the rest without it; none the second time
    for results in (before, after):
        assert results["good"].exit_code == 0 and results["good"].stdout == f"{marker}\n"
        assert results["broken"].exit_code != 0 and results["broken"].error_line == 4
        assert "illegal start of expression" in results["broken"].stderr
    assert after["broken"].stderr == before["broken"].stderr


@pytest.mark.execution
def test_java_changed_class_file_in_the_cache_is_not_run(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = str(tmp_path)
    program = _program("tampered", f'        System.out.println("{marker}");')
    seen = _Commands(monkeypatch)
    RUNNER.run([program], tmp_path / "one", env)
    key = RUNNER._compile_key([program], RUNNER.classpath() or [])
    assert key is not None
    entry = RUNNER._compiled_entry(key)
    (entry / "classes" / "Tampered.class").write_bytes(b"not a class")
    assert RUNNER.run([program], tmp_path / "two", env)["tampered"].stdout == f"{marker}\n"
    assert seen.javac() == 2, "a changed cache entry was trusted"
    assert RUNNER.run([program], tmp_path / "three", env)["tampered"].stdout == f"{marker}\n"
    assert seen.javac() == 2, "the entry compiled again did not replace the changed one"


@pytest.mark.execution
def test_java_class_data_archive_is_written_once_then_mapped(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch compiled now runs without an archive; run again (from its compiled entry) its JVM
    writes a class-data archive as it exits; the next maps it and the program prints the same;
    an archive cut short is not given to a JVM, but written again."""
    marker = str(tmp_path)
    body = f'        System.out.println("{marker} " + System.getProperty("aws.accessKeyId"));'
    program = _program("shared", body)
    seen = _Commands(monkeypatch)
    expected = f"{marker} KEYCACHE\n"
    assert RUNNER.run([program], tmp_path / "zero", env)["shared"].stdout == expected
    assert not any(flag.startswith("-XX:") and "Archive" in flag for flag in seen.last_jvm())
    assert RUNNER.run([program], tmp_path / "one", env)["shared"].stdout == expected
    writing = [flag for flag in seen.last_jvm() if flag.startswith("-XX:ArchiveClassesAtExit=")]
    assert len(writing) == 1
    key = RUNNER._compile_key([program], RUNNER.classpath() or [])
    assert key is not None
    archives = list(RUNNER._compiled_entry(key).glob("classes-*.jsa"))
    assert len(archives) == 1 and _whole_archive(archives[0])
    assert RUNNER.run([program], tmp_path / "two", env)["shared"].stdout == expected
    assert f"-XX:SharedArchiveFile={archives[0]}" in seen.last_jvm()

    data = archives[0].read_bytes()
    archives[0].write_bytes(data[: len(data) // 2])  # a JVM mapping this one can crash at start
    assert RUNNER.run([program], tmp_path / "three", env)["shared"].stdout == expected
    assert not any(flag.startswith("-XX:SharedArchiveFile=") for flag in seen.last_jvm())
    assert _whole_archive(archives[0]), "the cut archive was not written again"
    assert seen.javac() == 1
