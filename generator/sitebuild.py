"""Stage 7: build the mkdocs site atomically.

`mkdocs build --strict` writes into a fresh folder beside the site folder (`build/.html.*`);
only a complete, warning-free build is swapped in (one atomic exchange on Linux), so a
failed or killed build leaves the last good site as it was, and the temporary folder is
removed however the build ends (an interrupt included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The modules that building needs are imported by build_site: reading the two folders of
# mkdocs.yml (what a generate with nothing to do asks) needs yaml only.

__all__ = ["SiteBuild", "build_site", "site_folders"]


@dataclass
class SiteBuild:
    ok: bool
    site_dir: Path
    problems: list[str] = field(default_factory=list)  # mkdocs WARNING and ERROR lines
    log: str = ""  # everything mkdocs printed, for when it failed without a WARNING or ERROR line


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !!python tags (only two plain keys are needed)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _any_tag)  # type: ignore[no-untyped-call]


def site_folders(config: Path) -> tuple[Path, Path]:
    """(docs_dir, site_dir) of an mkdocs configuration, relative to its folder as mkdocs reads them."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # a SafeLoader subclass
    settings = data if isinstance(data, dict) else {}
    base = config.parent
    return base / str(settings.get("docs_dir") or "docs"), base / str(settings.get("site_dir") or "site")


def build_site(config: Path) -> SiteBuild:
    """mkdocs build --strict of config into a temporary folder, swapped in only when it succeeded.

    The caller holds the lock of the docs folder (output_lock), so folders left by a killed
    build are removed first."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    from .output import recover, replace_folder

    _, site_dir = site_folders(config)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}.*.building"):
        shutil.rmtree(stale, ignore_errors=True)
    recover(site_dir)
    temp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", suffix=".building", dir=site_dir.parent))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                   "--site-dir", str(temp)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        problems = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
        if result.returncode != 0:
            return SiteBuild(False, site_dir, problems, result.stderr)
        replace_folder(temp, site_dir)
        return SiteBuild(True, site_dir, problems, result.stderr)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
