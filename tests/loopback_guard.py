"""Tests talk to loopback only: any in-process attempt to reach another address fails the test.

Resolving a name other than localhost (which would ask the machine's resolver) or sending to or
connecting to a non-loopback address raises, so a test that forgot a ``network.resolve`` pin or
a sandbox nameserver cannot quietly send traffic off the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_LOCAL_NAMES = {"localhost", "localhost.localdomain", ""}
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto


class OffMachineTraffic(OSError):
    """A test tried to reach something that is not on loopback."""


def is_loopback(host: Any) -> bool:
    if host is None:
        return True
    text = (host.decode() if isinstance(host, bytes) else str(host)).strip("[]").lower()
    if text in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address: Any, what: str) -> None:
    if isinstance(address, tuple) and address and not is_loopback(address[0]):
        raise OffMachineTraffic(f"test tried to {what} {address[0]!r}: tests use loopback only")


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_loopback(host):
        raise OffMachineTraffic(f"test tried to resolve {host!r}: pin it or use the sandbox DNS")
    return _real_getaddrinfo(host, *args, **kwargs)


def _connect(self: socket.socket, address: Any) -> None:
    _check(address, "connect to")
    _real_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _check(address, "connect to")
    return _real_connect_ex(self, address)


def _sendto(self: socket.socket, data: Any, *args: Any) -> int:
    _check(args[-1], "send to")
    return _real_sendto(self, data, *args)


def install() -> None:
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = _sendto  # type: ignore[method-assign,assignment]
