"""The one place a secret value becomes its redacted form.

Checks call ``redact(value)`` when they need to show a secret, and register every secret
value they see with ``Redactor.add``; the runner passes the whole report through
``Redactor.scrub_*`` before any reporter sees it, so a value that slipped into a message
is still replaced.
"""

from __future__ import annotations

import dataclasses
import enum
import threading
from collections.abc import Iterable, Mapping
from typing import Any

# Values shorter than this are too common ("true", "1") to be scrubbed from free text.
MIN_SCRUB_LENGTH = 6


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


class Redactor:
    """Known secret values of a run, and the scrubbing of any text or structure that holds them."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self._ordered: list[str] | None = None  # sorted once per change, not once per string
        self._lock = threading.Lock()
        for v in values:
            self.add(v)

    def add(self, value: str | None) -> None:
        if value and len(value.strip()) >= MIN_SCRUB_LENGTH:
            with self._lock:
                self._values.add(value)
                self._ordered = None
                stripped = value.strip()
                self._values.add(stripped)

    @property
    def values(self) -> list[str]:
        """Longest first, so that a value containing another is replaced whole."""
        with self._lock:
            if self._ordered is None:
                self._ordered = sorted(self._values, key=len, reverse=True)
            return self._ordered

    def scrub(self, text: str) -> str:
        for value in self.values:
            if value in text:
                text = text.replace(value, redact(value))
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
