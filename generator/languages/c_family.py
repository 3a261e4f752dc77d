"""Rules Java and C# share: numeric literals typed by the member's shape.

A helper module, not a language: it defines no LANGUAGE.
"""

from __future__ import annotations

from botocore.model import Shape

from .base import fitting


def c_family_number(value: int | float, shape: Shape) -> str:
    """A Java or C# numeric literal typed by the shape (10L, 1.5f, 2.0)."""
    fitting(value, shape)
    if shape.type_name == "long":
        return f"{value}L"
    if shape.type_name == "float":
        return f"{float(value)!r}f"
    if shape.type_name == "double":
        return repr(float(value))
    return str(value)
