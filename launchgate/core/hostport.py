"""``host:port`` syntax, shared by the config converter (validation) and net/ (connecting).

It lives in core because both layers need it and neither may own it for the other: config
validates what users write, net parses the already-validated values, and net must not reach
into the config converter for a string helper.
"""

from __future__ import annotations


def split_host_port(value: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address → (host, port).

    Raises ValueError when the port is not a number.
    """
    text = value.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, int(port)
    return text, None
