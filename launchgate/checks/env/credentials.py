"""Whether a value is a credential a detector recognises, whatever its variable is called.

A variable named ``STRIPE_SK`` or ``MAIL`` does not look secret by name, yet a value of
``sk_live_…`` or ``SG.…`` is a live key: such a value is never shown, even when the user
declared the variable ``secret: false``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from launchgate.checks.secrets.formats import PATTERNS

# Public addresses are not credentials.
_NOT_CREDENTIALS = frozenset({"IPPublicDetector"})


@lru_cache(maxsize=1)
def _detectors() -> tuple[Any, ...]:
    # detect-secrets loads every plugin module (half a second): only when a value is judged.
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.plugins.base import RegexBasedDetector

    classes: list[type] = list(get_mapping_from_secret_type_to_class().values())
    return tuple(
        cls()
        for cls in classes
        if issubclass(cls, RegexBasedDetector) and cls.__name__ not in _NOT_CREDENTIALS
    )


def recognised_credential(value: str | None) -> bool:
    """True when a detect-secrets pattern detector or one of launchgate's token formats
    finds a credential in ``value``."""
    if not value or len(value) < 8:
        return False
    if any(pattern.search(value) for pattern in PATTERNS.values()):
        return True
    return any(next(iter(d.analyze_string(value)), None) for d in _detectors())
