"""One module per language. Each defines LANGUAGE; they are found here, not listed.

Adding a language is adding generator/languages/<lang>.py (with LANGUAGE = <Language>())
and templates/<lang>/; nothing else needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Language


def _discover() -> dict[str, Language]:
    found: list[Language] = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        language = getattr(module, "LANGUAGE", None)
        if not isinstance(language, Language):
            raise TypeError(f"{module.__name__} must define LANGUAGE, a Language instance")
        found.append(language)
    return {lang.key: lang for lang in sorted(found, key=lambda lang: (lang.tab_order, lang.key))}


LANGUAGES: dict[str, Language] = _discover()


def select(keys: str | None) -> list[Language]:
    """Languages named in a comma-separated list (all when None), in tab order."""
    if not keys:
        return list(LANGUAGES.values())
    wanted = [k.strip() for k in keys.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown language(s): {', '.join(unknown)}; expected: {', '.join(LANGUAGES)}")
    return [lang for key, lang in LANGUAGES.items() if key in wanted]


def reference_language() -> Language:
    """The language every other language's requests are compared with (exactly one declares it)."""
    references = [lang for lang in LANGUAGES.values() if lang.reference]
    if len(references) != 1:
        raise TypeError(f"exactly one language must set reference = True; found {len(references)}")
    return references[0]
