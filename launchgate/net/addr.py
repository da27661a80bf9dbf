"""Where a host name leads for HTTP/TLS, and which CAs to trust: shared by tls, http, performance.

Order for addresses: ``network.resolve`` pins (like curl --resolve), then the run's resolver when
``network.nameservers`` is configured, then the system resolver.
"""

from __future__ import annotations

import socket
import ssl

from launchgate.core.hostport import split_host_port
from launchgate.core.rules import RunContext


def connect_targets(ctx: RunContext, host: str, port: int) -> list[tuple[str, int]]:
    """(address, port) pairs to connect to for ``host:port``, honouring port-moving pins.

    A pin ``"www.acme.test:443": "127.0.0.1:8443"`` sends that host and port elsewhere (like
    curl --connect-to) while the URL, SNI, Host header and certificate check keep the name.
    """
    pins = ctx.config.network.resolve
    name = host.lower().rstrip(".")
    for key in (f"{name}:{port}", name):
        if key in pins:
            address, pinned_port = split_host_port(pins[key])
            return [(address, pinned_port or port)]
    return [(address, port) for address in resolve_host(ctx, host)]


def resolve_host(ctx: RunContext, host: str) -> list[str]:
    """Addresses to connect to for ``host`` (no port); raises OSError when it does not resolve."""
    pinned = ctx.config.network.resolve.get(host.lower().rstrip("."))
    if pinned:
        return [split_host_port(pinned)[0]]
    if ctx.config.network.nameservers:
        from launchgate.net.dns import get_resolver

        found = get_resolver(ctx).addresses(host)
        if not found:
            raise OSError(f"{host} does not resolve (no A or AAAA record)")
        return found
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def ssl_context(ctx: RunContext) -> ssl.SSLContext:
    """The system trust store plus ``network.ca_bundle``; verification and host checks on."""
    context = ssl.create_default_context()
    if ctx.config.network.ca_bundle:
        context.load_verify_locations(cafile=str(ctx.path(ctx.config.network.ca_bundle)))
    return context
