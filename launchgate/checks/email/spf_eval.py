"""RFC 7208 check_host(): is this IP allowed to send mail for this domain?

Sections 4 (evaluation, limits), 5 (mechanisms), 6 (modifiers) and 7 (macros). DNS comes in
through a ``Lookup``; SERVFAIL and timeouts become ``temperror``, never a verdict.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field

from launchgate.checks.email.lookup import Lookup
from launchgate.checks.email.spf_macro import (
    IPAddress,
    MacroContext,
    MacroError,
    expand,
    fit_domain,
)
from launchgate.checks.email.spf_parse import Mechanism, SpfRecord, SpfSyntaxError, is_spf, parse
from launchgate.net.dns import Answer

MAX_LOOKUPS = 10
MAX_VOID = 2
MAX_MX = 10
MAX_PTR = 10
RESULTS = ("pass", "fail", "softfail", "neutral", "none", "permerror", "temperror")


class _Stop(Exception):
    """Ends evaluation with permerror or temperror."""

    def __init__(self, result: str, reason: str) -> None:
        super().__init__(reason)
        self.result = result
        self.reason = reason


@dataclass
class SpfResult:
    """What check_host() decided, and why."""

    result: str
    domain: str
    explanation: str = ""
    matched: str | None = None
    matched_in: str | None = None
    reason: str = ""
    record: str | None = None
    lookups: int = 0
    void_lookups: int = 0
    trace: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "result": self.result,
            "domain": self.domain,
            "record": self.record,
            "matched": self.matched,
            "matched_in": self.matched_in,
            "explanation": self.explanation,
            "reason": self.reason,
            "lookups": self.lookups,
            "void_lookups": self.void_lookups,
            "trace": self.trace,
        }


def valid_domain(name: str) -> bool:
    """Multi-label, no empty label, labels of 1-63 characters (RFC 7208 section 4.3)."""
    labels = name.rstrip(".").split(".")
    if len(labels) < 2 or len(name.rstrip(".")) > 253:
        return False
    return all(0 < len(label) <= 63 for label in labels)


def normalise_ip(text: str | IPAddress) -> IPAddress:
    """IPv4-mapped IPv6 addresses are treated as IPv4 (RFC 7208 section 5)."""
    ip = ipaddress.ip_address(text) if isinstance(text, str) else text
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def sender_identity(sender: str, helo: str) -> str:
    """The full identity: MAIL FROM, ``postmaster@`` its domain if no local part, else the HELO."""
    if not sender:
        return f"postmaster@{helo}"
    if "@" not in sender:
        return f"postmaster@{sender}"
    local, _, domain = sender.rpartition("@")
    return f"{local or 'postmaster'}@{domain}"


def check_host(
    ip: str | IPAddress,
    domain: str,
    sender: str = "",
    helo: str = "",
    *,
    dns: Lookup,
    receiver: str = "unknown",
    now: int | None = None,
) -> SpfResult:
    """RFC 7208 check_host(<ip>, <domain>, <sender>) with its limits counted across recursion."""
    state = _State(dns, normalise_ip(ip), sender_identity(sender, helo), helo, receiver, now)
    result = state.evaluate(domain.rstrip("."), explain=True)
    result.lookups, result.void_lookups, result.trace = state.lookups, state.voids, state.trace
    return result


@dataclass
class _State:
    dns: Lookup
    ip: IPAddress
    sender: str
    helo: str
    receiver: str
    now: int | None
    lookups: int = 0
    voids: int = 0
    trace: list[str] = field(default_factory=list)

    def macros(self, domain: str) -> MacroContext:
        now = self.now if self.now is not None else int(time.time())
        return MacroContext(
            self.sender,
            domain,
            self.ip,
            self.helo,
            self.receiver,
            now,
            lambda: self.validated(domain),
        )

    # -- record level ---------------------------------------------------------------

    def evaluate(self, domain: str, explain: bool) -> SpfResult:
        if not valid_domain(domain):
            return SpfResult("none", domain, reason=f"{domain!r} is not a valid domain name")
        record: SpfRecord | None = None
        try:
            record = self.fetch(domain)
            if record is None:
                return SpfResult("none", domain, reason=f"{domain} publishes no SPF record")
            return self.run_record(domain, record, explain)
        except _Stop as stop:
            text = record.text if record else None
            return SpfResult(stop.result, domain, reason=stop.reason, record=text)

    def fetch(self, domain: str) -> SpfRecord | None:
        answer = self.dns.query(domain, "TXT")
        self.trace.append(f"TXT {domain}: {answer.explain()}")
        if answer.failed:
            raise _Stop("temperror", f"TXT lookup of {domain} failed: {answer.explain()}")
        found = [raw for raw in answer.raw_texts() if is_spf(raw)]
        if not found:
            return None
        if len(found) > 1:
            raise _Stop(
                "permerror", f"{domain} publishes {len(found)} SPF records (only one allowed)"
            )
        try:
            return parse(found[0].decode("ascii"))
        except UnicodeDecodeError:
            raise _Stop("permerror", f"the SPF record of {domain} has non-ASCII bytes") from None
        except SpfSyntaxError as exc:
            raise _Stop("permerror", f"syntax error in SPF record of {domain}: {exc}") from None

    def run_record(self, domain: str, record: SpfRecord, explain: bool) -> SpfResult:
        for mechanism in record.mechanisms:
            if self.matches(mechanism, domain):
                result = SpfResult(
                    mechanism.result, domain, matched=mechanism.text, matched_in=domain
                )
                result.record = record.text
                if result.result == "fail" and explain:
                    result.explanation = self.explanation(record, domain)
                return result
        if record.redirect is not None:
            return self.redirect(record.redirect, domain, explain)
        return SpfResult("neutral", domain, record=record.text, reason="no mechanism matched")

    def redirect(self, spec: str, domain: str, explain: bool) -> SpfResult:
        self.count_lookup(f"redirect={spec}")
        target = self.target(spec, domain)
        self.trace.append(f"redirect to {target}")
        result = self.evaluate(target, explain) if valid_domain(target) else None
        if result is None or result.result == "none":
            raise _Stop("permerror", f"redirect={spec} points at {target}, which has no SPF record")
        return result

    def explanation(self, record: SpfRecord, domain: str) -> str:
        """The exp= text, or "" when it cannot be had (RFC 7208 section 6.2)."""
        if record.exp is None:
            return ""
        try:
            name = self.target(record.exp, domain)
            answer = self.dns.query(name, "TXT")
            texts = answer.raw_texts() if answer.ok else []
            if len(texts) != 1:
                return ""
            return expand(texts[0].decode("ascii"), self.macros(domain), explanation=True)
        except (MacroError, UnicodeDecodeError, _Stop):
            return ""

    # -- mechanisms -----------------------------------------------------------------

    def count_lookup(self, term: str) -> None:
        self.lookups += 1
        if self.lookups > MAX_LOOKUPS:
            raise _Stop("permerror", f"more than {MAX_LOOKUPS} DNS lookups (at {term})")

    def count_void(self, answer: Answer, term: str) -> None:
        if answer.void:
            self.voids += 1
            if self.voids > MAX_VOID:
                raise _Stop("permerror", f"more than {MAX_VOID} void lookups (at {term})")

    def target(self, spec: str | None, domain: str) -> str:
        if spec is None:
            return domain
        try:
            return fit_domain(expand(spec, self.macros(domain)))
        except MacroError as exc:
            raise _Stop("permerror", f"macro error in {spec!r}: {exc}") from None

    def matches(self, mech: Mechanism, domain: str) -> bool:
        if mech.name == "all":
            return True
        if mech.network is not None:
            return self.ip.version == mech.network.version and self.ip in mech.network
        self.count_lookup(mech.text)
        target = self.target(mech.domain_spec, domain)
        handler = {
            "include": self.include,
            "a": self.match_a,
            "mx": self.match_mx,
            "ptr": self.match_ptr,
            "exists": self.match_exists,
        }[mech.name]
        return handler(mech, target)

    def ask(self, name: str, rdtype: str, term: str, void: bool = True) -> Answer:
        answer = self.dns.query(name, rdtype)
        self.trace.append(f"{rdtype} {name}: {answer.explain()}")
        if answer.failed:
            raise _Stop(
                "temperror", f"{term}: {rdtype} lookup of {name} failed: {answer.explain()}"
            )
        if void:
            self.count_void(answer, term)
        return answer

    def include(self, mech: Mechanism, target: str) -> bool:
        result = self.evaluate(target, explain=False) if valid_domain(target) else None
        if result is None or result.result in ("none", "permerror"):
            why = result.reason if result else f"{target!r} is not a valid domain"
            raise _Stop("permerror", f"{mech.text}: {why}")
        if result.result == "temperror":
            raise _Stop("temperror", f"{mech.text}: {result.reason}")
        return result.result == "pass"

    def addresses(self, name: str, term: str, void: bool) -> list[IPAddress]:
        rdtype = "A" if self.ip.version == 4 else "AAAA"
        answer = self.ask(name, rdtype, term, void)
        return [normalise_ip(text) for text in answer.texts()]

    def in_net(self, addresses: list[IPAddress], mech: Mechanism) -> bool:
        prefix = mech.cidr4 if self.ip.version == 4 else mech.cidr6
        bits = 32 if self.ip.version == 4 else 128
        net = ipaddress.ip_network(f"{self.ip}/{bits if prefix is None else prefix}", strict=False)
        return any(addr.version == self.ip.version and addr in net for addr in addresses)

    def match_a(self, mech: Mechanism, target: str) -> bool:
        if not valid_domain(target):
            return False
        return self.in_net(self.addresses(target, mech.text, void=True), mech)

    def match_mx(self, mech: Mechanism, target: str) -> bool:
        if not valid_domain(target):
            return False
        answer = self.ask(target, "MX", mech.text)
        hosts = [r.exchange.to_text().rstrip(".") for r in answer.rdatas]  # type: ignore[attr-defined]
        if len(hosts) > MAX_MX:
            raise _Stop(
                "permerror", f"{mech.text}: {target} has {len(hosts)} MX records (limit 10)"
            )
        for host in hosts:
            if valid_domain(host) and self.in_net(self.addresses(host, mech.text, False), mech):
                return True
        return False

    def match_exists(self, mech: Mechanism, target: str) -> bool:
        if not valid_domain(target):
            return False
        return self.ask(target, "A", mech.text).ok

    def validated_names(self, term: str) -> list[str]:
        """PTR names of the IP whose addresses lead back to it (RFC 7208 section 5.5)."""
        answer = self.dns.query(_reverse_name(self.ip), "PTR")
        self.trace.append(f"PTR {self.ip}: {answer.explain()}")
        if answer.void and term:
            self.count_void(answer, term)
        names = [r.to_text().rstrip(".") for r in answer.rdatas][:MAX_PTR]
        valid = []
        for name in names:
            try:
                if valid_domain(name) and self.ip in self.addresses(name, term, void=False):
                    valid.append(name)
            except _Stop:
                continue
        return valid

    def match_ptr(self, mech: Mechanism, target: str) -> bool:
        wanted = target.lower()
        for name in self.validated_names(mech.text):
            low = name.lower()
            if low == wanted or low.endswith("." + wanted):
                return True
        return False

    def validated(self, domain: str) -> str:
        """The %{p} macro: a validated name, preferring one within ``domain``."""
        try:
            names = self.validated_names("")
        except _Stop:
            return "unknown"
        for name in names:
            if name.lower() == domain.lower() or name.lower().endswith("." + domain.lower()):
                return name
        return names[0] if names else "unknown"


def _reverse_name(ip: IPAddress) -> str:
    return ip.reverse_pointer
