"""The one place a secret value becomes its redacted form.

Checks call ``redact(value)`` when they need to show a secret, and register every secret
value they see with ``Redactor.add``; the runner passes the whole report through
``Redactor.scrub_*`` before any reporter sees it, so a value that slipped into a message
is still replaced: in any letter case (a check that lower-cases a URL lower-cases the
password in it) and percent-encoded (a value inside a URL).

The user information of a URL (``https://admin:<password>@host``) is a credential wherever
it appears: ``strip_userinfo`` replaces it in any text, whether or not it was registered.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, unquote

# Values shorter than this are too common ("true", "1") to be scrubbed from free text.
MIN_SCRUB_LENGTH = 6
HIDDEN = "***"

# scheme://userinfo@ — the userinfo stops at the first character that ends an authority.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{0,30}://)([^\s/?#@\[\]<>\"'`]+)@")


def redact(value: str) -> str:
    """Show a secret as its first and last few characters and its length: ``sk_l…9f (32 chars)``.

    Short values show nothing but their length, so that no more than a third of a value
    is ever revealed.
    """
    n = len(value)
    if n == 0:
        return "(empty)"
    if n < 12:
        return f"… ({n} chars)"
    head = 4 if n >= 20 else 2
    return f"{value[:head]}…{value[-2:]} ({n} chars)"


def strip_userinfo(text: str) -> str:
    """``http://admin:s3cret@host`` → ``http://admin:***@host``; ``https://tok@host`` →
    ``https://***@host`` (a user name alone is often a token)."""
    return _USERINFO.sub(_hide_userinfo, text) if "@" in text else text


def _hide_userinfo(match: re.Match[str]) -> str:
    user, sep, _password = match.group(2).partition(":")
    shown = f"{user}:{HIDDEN}" if sep else HIDDEN
    return f"{match.group(1)}{shown}@"


def userinfo_credentials(text: str) -> Iterator[str]:
    """The credential part of each URL user information in ``text``: the password, or the
    user name when there is no password, as written and percent-decoded."""
    for match in _USERINFO.finditer(text):
        user, sep, password = match.group(2).partition(":")
        secret = password if sep else user
        if secret:
            yield secret
            yield unquote(secret)


def _variants(value: str) -> set[str]:
    """The forms a value takes in reports: as is, stripped, percent-encoded and -decoded."""
    out = {value, value.strip()}
    for v in list(out):
        out |= {quote(v, safe=""), quote(v, safe="/:"), unquote(v)}
    return {v for v in out if len(v.strip()) >= MIN_SCRUB_LENGTH}


class Redactor:
    """Known secret values of a run, and the scrubbing of any text or structure that holds them."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self._lowered: list[tuple[str, re.Pattern[str]]] | None = None
        self._ordered: list[str] | None = None  # sorted once per change, not once per string
        self._lock = threading.Lock()
        for v in values:
            self.add(v)

    def add(self, value: str | None) -> None:
        if value and len(value.strip()) >= MIN_SCRUB_LENGTH:
            with self._lock:
                self._values |= _variants(value)
                self._ordered = None
                self._lowered = None

    def add_userinfo_of(self, obj: Any) -> None:
        """Register the credential of every URL user information in any string of ``obj``
        (a config): before anything runs, so no check can print it."""
        for text in _strings(obj):
            for secret in userinfo_credentials(text):
                self.add(secret)

    @property
    def values(self) -> list[str]:
        """Longest first, so that a value containing another is replaced whole."""
        with self._lock:
            if self._ordered is None:
                self._ordered = sorted(self._values, key=len, reverse=True)
            return self._ordered

    def _patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        values = self.values
        with self._lock:
            if self._lowered is None:
                self._lowered = [
                    (v.lower(), re.compile(re.escape(v), re.IGNORECASE)) for v in values
                ]
            return self._lowered

    def scrub(self, text: str) -> str:
        text = strip_userinfo(text)
        lowered = text.lower()
        for needle, pattern in self._patterns():
            if needle in lowered:
                text = pattern.sub(lambda m: redact(m.group(0)), text)
                lowered = text.lower()
        return text

    def scrub_any(self, obj: Any) -> Any:
        """Scrub strings inside dataclasses, mappings and sequences, keeping their types."""
        if isinstance(obj, enum.Enum):
            return obj
        if isinstance(obj, str):
            return self.scrub(obj)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {
                f.name: self.scrub_any(getattr(obj, f.name))
                for f in dataclasses.fields(obj)
                if f.init
            }
            return dataclasses.replace(obj, **changes)
        if isinstance(obj, Mapping):
            return {self.scrub_any(k): self.scrub_any(v) for k, v in obj.items()}
        if isinstance(obj, tuple):
            return tuple(self.scrub_any(v) for v in obj)
        if isinstance(obj, list):
            return [self.scrub_any(v) for v in obj]
        return obj


def _strings(obj: Any) -> Iterator[str]:
    """Every string inside dataclasses, mappings and sequences."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(obj, (tuple, list, set, frozenset)):
        for item in obj:
            yield from _strings(item)
