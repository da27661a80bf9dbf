"""Email authentication: SPF (RFC 7208), DKIM key records (RFC 6376), DMARC (RFC 7489), MX.

Parsers and judges here are pure; anything that asks DNS takes a ``Lookup`` (the run's
resolver, or an in-memory stand-in in tests).
"""

from __future__ import annotations

from typing import Protocol

from launchgate.net.dns import Answer


class Lookup(Protocol):
    """What the email-auth code needs from DNS: one typed answer per question."""

    def query(self, name: str, rdtype: str) -> Answer: ...


# Last, once Lookup exists: ``launchgate.checks`` imports every check family, which import this
# package's modules, so loading it here keeps the import order one-way whichever module a
# caller imports first (as in ``launchgate.web``).
