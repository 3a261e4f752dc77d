"""The Python batch: one interpreter runs every program, and no program sees another's
credentials, environment, names, session or service model.

The harness shares botocore's parsed data files between the programs' sessions; these
tests are written so that sharing anything more (a session, a client, a loader's search
paths, a data file parsed for other search paths) makes one of them fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import botocore.loaders
import pytest

from generator.runners import RUNNERS
from generator.runners.base import ProgramRun, isolated_env

from .conftest import check_each_program_signs_alone

RUNNER = RUNNERS["python"]

# Prints the access key its default session resolved, then lists the KMS keys with it.
_SIGNS = """import boto3

client = boto3.client("kms", region_name="us-west-2")
print(boto3.DEFAULT_SESSION.get_credentials().access_key)
print(len(client.list_keys()["Keys"]) >= 0)
"""


@pytest.mark.execution
def test_each_program_signs_with_its_own_access_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keys = ["AKIDPYTHONFIRST", "AKIDPYTHONSECOND", "AKIDPYTHONTHIRD"]
    check_each_program_signs_alone(RUNNER, "signs.py", _SIGNS, keys, tmp_path / "work",
                                   lambda url: isolated_env(url, "us-west-2", home), "True")  # fmt: skip


@pytest.mark.execution
def test_what_a_program_sets_does_not_reach_the_next(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    sets = (
        "import os, sys, boto3\n"
        "sys.argv.append('left')\n"
        "os.environ['POLYSNIP_LEFT_BEHIND'] = 'yes'\n"
        "os.environ.pop('AWS_REGION')\n"
        "boto3.setup_default_session(aws_access_key_id='AKIDLEFTBEHIND', aws_secret_access_key='x')\n"
        "left_behind = 1\n"
        "print(boto3.DEFAULT_SESSION.get_credentials().access_key)\n"
    )
    reads = (
        "import os, sys, boto3\n"
        "print(os.environ.get('POLYSNIP_LEFT_BEHIND'), os.environ.get('AWS_REGION'), sys.argv[1:])\n"
        "print(boto3.DEFAULT_SESSION)\n"
        "boto3.client('kms')\n"
        "print(boto3.DEFAULT_SESSION.get_credentials().access_key)\n"
        "print('left_behind' in globals())\n"
    )
    programs = [ProgramRun("sets", "sets.py", sets, "AKIDSETS"), ProgramRun("reads", "reads.py", reads, "AKIDREADS")]
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    results = RUNNER.run(programs, tmp_path / "work", env)
    assert results["sets"].exit_code == 0 and results["sets"].stdout == "AKIDLEFTBEHIND\n", results["sets"].stderr
    assert results["reads"].exit_code == 0, results["reads"].stderr[-2000:]
    assert results["reads"].stdout == "None us-west-2 []\nNone\nAKIDREADS\nFalse\n"


def _model_with_an_extra_operation(folder: Path) -> None:
    """A copy of botocore's KMS model, for the same API version, with one more operation."""
    loader = botocore.loaders.Loader()
    version = loader.determine_latest_version("kms", "service-2")
    model = loader.load_service_model("kms", "service-2", version)
    model["operations"]["PolysnipOnly"] = {**model["operations"]["ListKeys"], "name": "PolysnipOnly"}
    target = folder / "kms" / version
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model), encoding="utf-8")


@pytest.mark.execution
def test_a_program_searching_its_own_data_path_gets_its_own_model(tmp_path: Path) -> None:
    """Data files parsed for one set of search paths are not handed to a session that
    searches others, before or after it; and a search path one program adds stays its own."""
    home = tmp_path / "home"
    home.mkdir()
    models = tmp_path / "models"
    _model_with_an_extra_operation(models)
    plain = "import boto3\nprint(hasattr(boto3.client('kms'), 'polysnip_only'))\n"
    own = (
        "import boto3\n"
        "session = boto3.Session()\n"
        f"session._session.get_component('data_loader').search_paths.insert(0, {str(models)!r})\n"
        "print(hasattr(session.client('kms'), 'polysnip_only'))\n"
    )
    programs = [
        ProgramRun("plain-before", "plain.py", plain, "AKIDONE"),
        ProgramRun("own", "own.py", own, "AKIDTWO"),
        ProgramRun("plain-after", "plain.py", plain, "AKIDTHREE"),
    ]
    env = isolated_env("http://127.0.0.1:9", "us-west-2", home)
    results = RUNNER.run(programs, tmp_path / "work", env)
    found = {name: (r.exit_code, r.stdout, r.stderr[-1000:]) for name, r in results.items()}
    assert found["plain-before"][:2] == (0, "False\n"), found
    assert found["own"][:2] == (0, "True\n"), found
    assert found["plain-after"][:2] == (0, "False\n"), found
