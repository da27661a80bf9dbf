"""Regular expressions from launchgate.yml, run in linear time.

Python's ``re`` backtracks: ``^(a+)+$`` against ``aaaa…a!`` runs for ages inside one C call
that holds the interpreter lock, so neither a check timeout nor Ctrl-C can stop it. User
patterns therefore run on RE2 (``google-re2``), whose matching time grows linearly with the
text whatever the pattern. What RE2 cannot run in linear time (look-around,
back-references) is refused when the config is loaded, with the reason.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # the error is ours to explain, not RE2's to print on stderr


class UserRegexError(ValueError):
    """A pattern that RE2 cannot run (in linear time)."""


@lru_cache(maxsize=512)
def compile_user_regex(pattern: str) -> Any:
    """The compiled pattern; raises UserRegexError with a reason a person can act on."""
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        reason = (
            exc.args[0].decode("utf-8", "replace")
            if exc.args and isinstance(exc.args[0], bytes)
            else str(exc)
        )
        raise UserRegexError(
            f"invalid regular expression {pattern!r}: {reason}{_hint(reason)}"
        ) from None


def _hint(reason: str) -> str:
    if "perl operator" in reason or "escape sequence" in reason:
        return (
            " (patterns run on RE2, in linear time, so a slow pattern can never stall the gate:"
            " it has no look-ahead, look-behind or back-references; for what must not match,"
            " use `forbid`)"
        )
    if "repetition" in reason:
        return " (a counted repetition may be at most {1000})"
    return ""


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches anywhere in ``text`` (as ``re.search``), in linear time."""
    return compile_user_regex(pattern).search(text) is not None
