"""The Ruby batch: one interpreter runs every program, and no program sees another's
credentials, environment or arguments; the compile cache of library files is keyed by
their bytes and never holds a program.

Needs ruby and ruby-aws-sdk-kms. Without them the tests skip; with CI=true they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.runners.base import ProgramRun, isolated_env
from generator.runners.ruby import RUNNER

from .conftest import check_each_program_signs_alone
from .test_ruby import require_ruby

_SIGNS = """require 'aws-sdk-kms'

client = Aws::KMS::Client.new(region: 'us-west-2', endpoint: ENV.fetch('AWS_ENDPOINT_URL'))
puts client.config.credentials.access_key_id
puts client.list_keys.keys.length >= 0
"""


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A toolchain cache of the test's own, so that the compile cache starts empty."""
    monkeypatch.setenv("POLYSNIP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ruby" / "compiled"


@pytest.mark.execution
def test_each_program_signs_with_its_own_access_key(tmp_path: Path, own_cache: Path) -> None:
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    keys = ["AKIDRUBYFIRST", "AKIDRUBYSECOND", "AKIDRUBYTHIRD"]
    check_each_program_signs_alone(RUNNER, "signs.rb", _SIGNS, keys, tmp_path / "work",
                                   lambda url: isolated_env(url, "us-west-2", home), "true")  # fmt: skip


@pytest.mark.execution
def test_what_a_program_sets_does_not_reach_the_next(tmp_path: Path, own_cache: Path) -> None:
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    sets = "ENV['POLYSNIP_LEFT_BEHIND'] = 'yes'\nENV.delete('AWS_REGION')\nARGV << 'left'\np ARGV\n"
    reads = "p [ENV['POLYSNIP_LEFT_BEHIND'], ENV['AWS_REGION'], ENV['AWS_ACCESS_KEY_ID']]\np ARGV\n"
    programs = [ProgramRun("sets", "sets.rb", sets, "AKIDSETS"), ProgramRun("reads", "reads.rb", reads, "AKIDREADS")]
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["sets"].exit_code == 0 and results["sets"].stdout == '["left"]\n', results["sets"].stderr
    assert results["reads"].exit_code == 0, results["reads"].stderr[-2000:]
    assert results["reads"].stdout == '[nil, "us-west-2", "AKIDREADS"]\n[]\n'


@pytest.mark.execution
def test_the_compile_cache_follows_a_library_files_bytes(tmp_path: Path, own_cache: Path) -> None:
    """A library file changed in place (same size, same modification time) is compiled
    again; a second batch with other programs adds no entry, so programs are not cached."""
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    library = tmp_path / "lib" / "polysnip_probe.rb"
    library.parent.mkdir()
    library.write_text("POLYSNIP_PROBE = 'first'\n", encoding="utf-8")
    stamp = library.stat().st_mtime_ns
    uses = f"$LOAD_PATH.unshift({str(library.parent)!r})\nrequire 'polysnip_probe'\nputs POLYSNIP_PROBE\n"
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)

    first = RUNNER.run([ProgramRun("uses", "uses.rb", uses, "AKIDONE")], tmp_path / "work-1", env)["uses"]
    assert (first.exit_code, first.stdout) == (0, "first\n"), first.stderr[-2000:]
    entries = sorted(p.name for p in own_cache.iterdir())
    assert entries, "the library files were compiled into the cache"

    library.write_text("POLYSNIP_PROBE = 'other'\n", encoding="utf-8")
    os.utime(library, ns=(stamp, stamp))
    again = RUNNER.run([ProgramRun("uses", "uses.rb", uses + "puts 1\n", "AKIDTWO")], tmp_path / "work-2", env)["uses"]
    assert (again.exit_code, again.stdout) == (0, "other\n1\n"), again.stderr[-2000:]
    added = sorted(set(p.name for p in own_cache.iterdir()) - set(entries))
    assert len(added) == 1, f"one new entry (the changed library file), none for the program: {added}"


@pytest.mark.execution
def test_a_library_file_that_does_not_compile_fails_as_without_the_cache(tmp_path: Path, own_cache: Path) -> None:
    require_ruby()
    home = tmp_path / "home"
    home.mkdir()
    library = tmp_path / "lib" / "polysnip_broken.rb"
    library.parent.mkdir()
    library.write_text("def broken(\n", encoding="utf-8")
    uses = f"$LOAD_PATH.unshift({str(library.parent)!r})\nrequire 'polysnip_broken'\n"
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    result = RUNNER.run([ProgramRun("uses", "uses.rb", uses, "AKIDONE")], tmp_path / "work", env)["uses"]
    assert result.exit_code == 1 and result.error_line == 2, result.stderr[-2000:]
    assert "SyntaxError" in result.stderr and "polysnip_broken.rb" in result.stderr, result.stderr[-2000:]
