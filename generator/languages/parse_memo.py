"""Parse-check answers remembered for program texts already checked in this process.

A language whose check is a pure function of the program text (a tree-sitter grammar, a
pre-pass over the text) can keep its answers: the same text is checked again whenever
it is rendered again, as `polysnip build` does (validate renders every program, then
generate renders them all once more) and as the importer does (a service whose examples
partly fail is rendered again without them). The answer for a text is the one the check
gave for exactly that text; checks that raise are not remembered.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable

from ..parsecheck import SyntaxProblem

# Enough for every program of the shared-example corpus in one language (1,426), and a
# few megabytes of program text at most.
REMEMBERED = 4096
_EVERY: weakref.WeakSet[ParseMemo] = weakref.WeakSet()


def forget_all() -> None:
    """Empty every memo of this process (to measure rendering with nothing remembered)."""
    for memo in list(_EVERY):
        memo.clear()


class ParseMemo:
    """The last `size` answers of one check, by program text."""

    def __init__(self, check: Callable[[str], list[SyntaxProblem]], size: int = REMEMBERED) -> None:
        self._check = check
        self._size = size
        self._found: OrderedDict[str, tuple[SyntaxProblem, ...]] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY.add(self)

    def __call__(self, source: str) -> list[SyntaxProblem]:
        with self._lock:
            found = self._found.get(source)
            if found is not None:
                self._found.move_to_end(source)
                return list(found)
        found = tuple(self._check(source))
        with self._lock:
            self._found[source] = found
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return list(found)

    def clear(self) -> None:
        with self._lock:
            self._found.clear()
