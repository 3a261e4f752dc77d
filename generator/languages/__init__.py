"""One module per language. Each defines LANGUAGE; they are found here, not listed.

Adding a language is adding generator/languages/<lang>.py (with LANGUAGE = <Language>())
and templates/<lang>/; nothing else needs to change. A module without LANGUAGE that
defines no Language subclass is a helper shared by languages (base, c_family).

Languages kept outside the package are loaded from the folders named in the
environment variable POLYSNIP_LANGUAGE_PATH (separated like PATH): every <lang>.py
there is loaded as above, and its templates are looked up in templates/<key>/ beside
it. load_language(path) loads one such module directly.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from .base import Language

LANGUAGE_PATH = "POLYSNIP_LANGUAGE_PATH"


def _language_of(module: ModuleType) -> Language | None:
    """The module's LANGUAGE; None for a helper module; TypeError for a broken language module."""
    language = getattr(module, "LANGUAGE", None)
    if language is None:
        defines = [c for _, c in inspect.getmembers(module, inspect.isclass)
                   if issubclass(c, Language) and c is not Language and c.__module__ == module.__name__]
        if not defines:
            return None
    if not isinstance(language, Language):
        raise TypeError(f"{module.__name__} must define LANGUAGE, a Language instance")
    return language


def load_language(path: str | Path) -> Language:
    """The language defined by the module file at path (a languages/<lang>.py outside the
    package). Its templates are templates/<key>/ beside the file unless it says otherwise."""
    file = Path(path).resolve()
    name = f"polysnip_language_{file.stem}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ImportError(f"{file} is not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up by name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    language = _language_of(module)
    if language is None:
        raise TypeError(f"{file} defines no language (expected LANGUAGE = <Language subclass>())")
    if language.templates is None:
        language.templates = file.parent / "templates"
    return language


def _discover() -> dict[str, Language]:
    found: list[Language] = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        language = _language_of(module)
        if language is not None:
            found.append(language)
    for folder in filter(None, os.environ.get(LANGUAGE_PATH, "").split(os.pathsep)):
        for file in sorted(Path(folder).glob("*.py")):
            if not file.name.startswith("_"):
                found.append(load_language(file))
    keys = [lang.key for lang in found]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise TypeError(f"more than one language module defines the key(s) {', '.join(duplicated)}")
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
