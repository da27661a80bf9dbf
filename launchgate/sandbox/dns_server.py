"""An authoritative DNS server for tests, on 127.0.0.1 over UDP and TCP, in threads.

Records come from a dict, zone text or ``add()``; behaviours (delay, SERVFAIL, truncation,
silence) are set per name and type. Every query is counted so tests can prove deduplication.
A ``*.example.test`` record answers names under it that do not exist (RFC 4592 wildcards,
simplified), as DMARC report providers' ``*._report._dmarc.<provider>`` records need.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

RecordValue = str | bytes | Sequence[str | bytes] | dns.rdata.Rdata
ANY = "*"
TXT_CHUNK = 255


@dataclass
class Behaviour:
    """What the server does for one name/type (type ``*`` = every type)."""

    delay: float = 0.0
    servfail: bool = False
    truncate: bool = False
    silent: bool = False
    rcode: int | None = None


def _name(text: str) -> str:
    """The canonical, escaped form the server compares question names with."""
    return dns.name.from_text(text.rstrip(".") + ".").to_text().lower()


def _txt_rdata(value: str | bytes | Sequence[str | bytes]) -> dns.rdata.Rdata:
    """A TXT rdata; a str/bytes longer than 255 bytes is split into several strings."""
    if isinstance(value, (str, bytes)):
        raw = value.encode("utf-8") if isinstance(value, str) else value
        pieces = [raw[i : i + TXT_CHUNK] for i in range(0, len(raw), TXT_CHUNK)] or [b""]
    else:
        pieces = [p.encode("utf-8") if isinstance(p, str) else p for p in value]
    from dns.rdtypes.ANY.TXT import TXT

    return TXT(dns.rdataclass.IN, dns.rdatatype.TXT, pieces)


def _absolute(name: str, origin: str) -> str:
    if name == "@":
        return origin
    return name if name.endswith(".") else f"{name}.{origin}".replace("..", ".")


def _type_and_data(rest: str) -> tuple[str, str]:
    """Skip an optional TTL and class, return (TYPE, rdata text)."""
    parts = rest.split(None, 1)
    while parts and (parts[0].isdigit() or parts[0].upper() == "IN"):
        parts = parts[1].split(None, 1)
    return parts[0].upper(), parts[1] if len(parts) > 1 else ""


def make_rdata_text(rdtype: str, text: str, origin: str) -> dns.rdata.Rdata:
    """Rdata from zone-file text, names relative to ``origin``."""
    return dns.rdata.from_text(
        dns.rdataclass.IN, rdtype, text, origin=dns.name.from_text(origin), relativize=False
    )


def make_rdata(rdtype: str, value: RecordValue) -> dns.rdata.Rdata:
    if isinstance(value, dns.rdata.Rdata):
        return value
    if rdtype.upper() in ("TXT", "SPF"):
        return _txt_rdata(value)
    assert isinstance(value, str), f"{rdtype} values are text"
    return dns.rdata.from_text(
        dns.rdataclass.IN, rdtype.upper(), value, origin=dns.name.root, relativize=False
    )


@dataclass
class SandboxDNS:
    """The records and behaviours the server answers with, plus its query log."""

    records: dict[tuple[str, str], list[dns.rdata.Rdata]] = field(default_factory=dict)
    behaviours: dict[tuple[str, str], Behaviour] = field(default_factory=dict)
    default_delay: float = 0.0
    queries: Counter[tuple[str, str]] = field(default_factory=Counter)
    transports: Counter[str] = field(default_factory=Counter)
    port: int = 0
    ttl: int = 300
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _servers: list[socketserver.BaseServer] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def add(self, name: str, rdtype: str, *values: RecordValue) -> SandboxDNS:
        """Add records; a TXT value given as a list is published as several strings."""
        key = (_name(name), rdtype.upper())
        with self._lock:
            self.records.setdefault(key, []).extend(make_rdata(rdtype, v) for v in values)
        return self

    def set(self, name: str, rdtype: str, *values: RecordValue) -> SandboxDNS:
        """Replace the records of one name/type (no values: delete them)."""
        with self._lock:
            self.records.pop((_name(name), rdtype.upper()), None)
        return self.add(name, rdtype, *values) if values else self

    def load(self, data: Mapping[str, Mapping[str, RecordValue | Iterable[RecordValue]]]) -> None:
        """``{"acme.test": {"A": ["192.0.2.1"], "TXT": ["v=spf1 -all"]}}``; one value may be bare."""
        for name, by_type in data.items():
            for rdtype, values in by_type.items():
                items = [values] if isinstance(values, (str, bytes)) else list(values)  # type: ignore[arg-type]
                self.add(name, rdtype, *items)

    def load_zone(self, text: str, origin: str = ".") -> None:
        """Zone-file lines: ``name [ttl] [IN] TYPE rdata``, ``$ORIGIN``, ``@``, ``;`` comments.

        Unlike a real zone, anything is accepted (a CNAME beside other data, several SOAs),
        so tests can publish broken zones. One record per line (no parentheses).
        """
        current, name = _name(origin), _name(origin)
        for raw in text.splitlines():
            line = raw.split(";", 1)[0].rstrip() if '"' not in raw else raw.rstrip()
            if not line.strip():
                continue
            if line.startswith("$ORIGIN"):
                current = _name(line.split()[1])
                continue
            if line.startswith("$"):
                continue
            fields = line.split(None, 1) if not line[0].isspace() else ["", line.strip()]
            if fields[0]:
                name = _absolute(fields[0], current)
            rdtype, rdata = _type_and_data(fields[1])
            self.add(name, rdtype, make_rdata_text(rdtype, rdata, current))

    def behave(self, name: str = ANY, rdtype: str = ANY, **kw: Any) -> SandboxDNS:
        """Set delay/servfail/truncate/silent/rcode for a name (``*`` = any) and type."""
        key = (ANY if name == ANY else _name(name), rdtype.upper())
        self.behaviours[key] = Behaviour(**kw)
        return self

    def count(self, name: str | None = None, rdtype: str | None = None) -> int:
        """Queries received, optionally only for one name and/or type."""
        with self._lock:
            return sum(
                n
                for (qn, qt), n in self.queries.items()
                if (name is None or qn == _name(name)) and (rdtype is None or qt == rdtype.upper())
            )

    def reset_counts(self) -> None:
        with self._lock:
            self.queries.clear()
            self.transports.clear()

    # -- answering -------------------------------------------------------------------

    def behaviour_for(self, qname: str, qtype: str) -> Behaviour:
        for key in ((qname, qtype), (qname, ANY), (ANY, qtype), (ANY, ANY)):
            if key in self.behaviours:
                return self.behaviours[key]
        return Behaviour(delay=self.default_delay)

    def _exists(self, qname: str) -> bool:
        return any(n == qname or n.endswith("." + qname) for n, _ in self.records)

    def answer(self, wire: bytes, transport: str) -> bytes | None:
        """The response to one query, or None to stay silent."""
        try:
            query = dns.message.from_wire(wire)
        except Exception:
            return None
        question = query.question[0]
        qname = question.name.to_text().lower()
        qtype = dns.rdatatype.to_text(question.rdtype)
        with self._lock:
            self.queries[(qname, qtype)] += 1
            self.transports[transport] += 1
        how = self.behaviour_for(qname, qtype)
        if how.delay:
            time.sleep(how.delay)
        if how.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if how.servfail or how.rcode is not None:
            response.set_rcode(
                dns.rcode.SERVFAIL if how.servfail else dns.rcode.Rcode.make(how.rcode or 0)
            )
            return response.to_wire()
        if how.truncate and transport == "udp":
            response.flags |= dns.flags.TC
            return response.to_wire()
        self._fill(response, qname, qtype)
        reply = response.to_wire(max_size=65535)
        limit = max(512, query.payload) if query.edns >= 0 else 512
        if transport == "udp" and len(reply) > limit:
            return _truncated(wire)
        return reply

    def _wildcard(self, qname: str) -> str:
        """The name whose records answer ``qname``: itself, or the closest ``*.`` wildcard
        (RFC 4592, simplified) when the name does not exist."""
        if self._exists(qname):
            return qname
        labels = qname.split(".")
        for i in range(1, len(labels) - 1):
            if self._exists(".".join(labels[i:])):
                candidate = "*." + ".".join(labels[i:])
                return candidate if any(n == candidate for n, _ in self.records) else qname
        return qname

    def _fill(self, response: dns.message.Message, qname: str, qtype: str) -> None:
        with self._lock:
            for _ in range(16):
                source = self._wildcard(qname)
                found = self.records.get((source, qtype))
                if found:
                    response.answer.append(self._rrset(qname, qtype, found))
                    return
                cname = self.records.get((source, "CNAME"))
                if not cname or qtype == "CNAME":
                    break
                response.answer.append(self._rrset(qname, "CNAME", cname))
                qname = cname[0].to_text().lower()  # type: ignore[attr-defined]
            if not self._exists(self._wildcard(qname)):
                response.set_rcode(dns.rcode.NXDOMAIN)

    def _rrset(self, qname: str, qtype: str, rdatas: list[dns.rdata.Rdata]) -> dns.rrset.RRset:
        rrset = dns.rrset.RRset(dns.name.from_text(qname), dns.rdataclass.IN, rdatas[0].rdtype)
        rrset.update_ttl(self.ttl)
        for rdata in rdatas:
            rrset.add(rdata)
        return rrset

    # -- serving ---------------------------------------------------------------------

    def start(self) -> SandboxDNS:
        """Serve UDP and TCP on one ephemeral port of 127.0.0.1."""
        for _ in range(20):
            udp = _UDPServer(("127.0.0.1", 0), _UDPHandler)
            port = udp.server_address[1]
            try:
                tcp = _TCPServer(("127.0.0.1", port), _TCPHandler)
            except OSError:
                udp.server_close()
                continue
            break
        else:
            raise RuntimeError("no free port for the sandbox DNS server")
        self.port = port
        for server in (udp, tcp):
            setattr(server, "sandbox", self)  # noqa: B010 (the handler reads it back)
            self._servers.append(server)
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()


class _UDPServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = False


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UDPHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        reply = self.server.sandbox.answer(data, "udp")  # type: ignore[attr-defined]
        if reply is not None:
            with contextlib.suppress(OSError):  # the server may have stopped meanwhile
                sock.sendto(reply, self.client_address)


class _TCPHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        try:
            while True:
                head = _recv_exact(sock, 2)
                if not head:
                    return
                data = _recv_exact(sock, struct.unpack("!H", head)[0])
                reply = self.server.sandbox.answer(data, "tcp")  # type: ignore[attr-defined]
                if reply is None:
                    return
                sock.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    buf = b""
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            return b""
        buf += chunk
    return buf


def _truncated(wire: bytes) -> bytes:
    """An empty answer with TC set, for replies too large for plain UDP."""
    response = dns.message.make_response(dns.message.from_wire(wire))
    response.flags |= dns.flags.TC | dns.flags.AA
    return response.to_wire()
