"""One module per language; LANGUAGES lists them in tab order."""

from __future__ import annotations

from .base import Language
from .cli import Cli
from .csharp import CSharp
from .java import Java
from .python import Python
from .ruby import Ruby

LANGUAGES: dict[str, Language] = {lang.key: lang for lang in (Java(), CSharp(), Python(), Ruby(), Cli())}


def select(keys: str | None) -> list[Language]:
    """Languages named in a comma-separated list (all when None), in tab order."""
    if not keys:
        return list(LANGUAGES.values())
    wanted = [k.strip() for k in keys.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown language(s): {', '.join(unknown)}; expected: {', '.join(LANGUAGES)}")
    return [lang for key, lang in LANGUAGES.items() if key in wanted]
