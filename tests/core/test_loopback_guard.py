from __future__ import annotations

import socket

import pytest

from tests.loopback_guard import OffMachineTraffic, is_loopback


def test_the_guard_stops_off_machine_traffic() -> None:
    with pytest.raises(OffMachineTraffic):
        socket.getaddrinfo("acme.test", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(OffMachineTraffic):
        sock.sendto(b"x", ("192.0.2.1", 53))
    with socket.socket() as sock, pytest.raises(OffMachineTraffic):
        sock.connect(("198.51.100.7", 443))


def test_loopback_is_allowed() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert socket.getaddrinfo("127.0.0.1", 80)
    assert not is_loopback("10.0.0.1")
