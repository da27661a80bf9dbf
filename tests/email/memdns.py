"""An in-memory DNS for the RFC 7208 test suite: zone data as the suite writes it."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import dns.rdata

from launchgate.net.dns import NODATA, NXDOMAIN, OK, TIMEOUT, Answer
from launchgate.sandbox.dns_server import make_rdata

TIMEOUT_MARK = "TIMEOUT"


def _entries(name: str, items: list[Any]) -> list[tuple[str, Any]]:
    """(type, value) pairs; SPF records are copied to TXT unless TXT is given (suite rule)."""
    out: list[tuple[str, Any]] = []
    has_txt = any(isinstance(i, dict) and "TXT" in i for i in items)
    for item in items:
        if item == TIMEOUT_MARK:
            out.append((TIMEOUT_MARK, None))
            continue
        for rdtype, value in item.items():
            if rdtype == "SPF" and not has_txt:
                out.append(("TXT", value))
            elif rdtype != "SPF":
                out.append((rdtype, value))
    return out


def _rdata(rdtype: str, value: Any) -> dns.rdata.Rdata:
    if rdtype == "TXT":
        pieces = [value] if isinstance(value, str) else list(value)
        raw = [p.encode("utf-8", "surrogateescape") for p in pieces]
        return make_rdata("TXT", raw or [b""])
    if rdtype == "MX":
        return make_rdata("MX", f"{value[0]} {value[1].rstrip('.') or '.'}.".replace("..", "."))
    if rdtype in ("PTR", "CNAME"):
        return make_rdata(rdtype, value.rstrip(".") + ".")
    if rdtype == "AAAA":
        return make_rdata(
            rdtype, socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, value))
        )
    return make_rdata(rdtype, str(value))


@dataclass
class MemoryDNS:
    zone: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    asked: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_suite(cls, zonedata: Mapping[str, list[Any]]) -> MemoryDNS:
        return cls({k.lower().rstrip("."): _entries(k, v) for k, v in zonedata.items()})

    def query(self, name: str, rdtype: str, depth: int = 0) -> Answer:
        self.asked.append((name, rdtype))
        key = name.lower().rstrip(".")
        if key not in self.zone:
            status = TIMEOUT if key.startswith("error.") else NXDOMAIN
            return Answer(name, rdtype, status)
        found: list[dns.rdata.Rdata] = []
        cnames: list[str] = []
        for etype, value in self.zone[key]:
            if etype == TIMEOUT_MARK:
                if not found:
                    return Answer(name, rdtype, TIMEOUT)
                break
            if etype == rdtype and value != "NONE" and value != ["NONE"]:
                found.append(_rdata(etype, value))
            if etype == "CNAME" and rdtype != "CNAME":
                if depth > 8:
                    return Answer(name, rdtype, NXDOMAIN)
                target = self.query(value, rdtype, depth + 1)
                cnames = [value.lower().rstrip("."), *target.cnames]
                return Answer(name, rdtype, target.status, target.rdatas, tuple(cnames))
        if found:
            return Answer(name, rdtype, OK, tuple(found))
        return Answer(name, rdtype, NODATA)
