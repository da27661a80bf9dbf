"""Gathering TLS facts about one host: handshakes, the chain it sends, legacy protocol probes.

Three kinds of handshake, all with SNI and the host's pinned address:

* a *facts* handshake that accepts any certificate (to read the chain even when it is broken);
* a *trust* handshake that verifies the chain against the system store plus
  ``network.ca_bundle``, with time and host-name checks off and OpenSSL's security level
  lowered, so that expiry, name, key size and signature are judged by their own rules;
* one *probe* per protocol older than ``min_version`` (TLS 1.0, 1.1, maybe 1.2), offering only
  that version at security level 0 — for the probe only — so the local OpenSSL can speak it.
"""

from __future__ import annotations

import socket
import ssl
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID

LOW_SECURITY = "DEFAULT:@SECLEVEL=0"
VERIFY_NO_CHECK_TIME = 0x200000  # X509_V_FLAG_NO_CHECK_TIME: not exposed by the ssl module
LEGACY_VERSIONS = {
    "TLSv1": ssl.TLSVersion.TLSv1,
    "TLSv1.1": ssl.TLSVersion.TLSv1_1,
    "TLSv1.2": ssl.TLSVersion.TLSv1_2,
}
VERSION_ORDER = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
PROBE_TIMED_OUT = "timed out: the server neither accepted nor refused it"
TIME_ERRORS = frozenset({"certificate has expired", "certificate is not yet valid"})


@dataclass(frozen=True)
class CertInfo:
    """The parts of one certificate that the checks judge and the reports show."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    dns_names: tuple[str, ...]
    ip_addresses: tuple[str, ...]
    key_type: str
    key_bits: int
    signature_hash: str | None
    self_signed: bool
    sha256: str

    def as_data(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "names": list(self.dns_names + self.ip_addresses),
            "key": f"{self.key_type} {self.key_bits}",
            "signature_hash": self.signature_hash,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ProbeResult:
    """Whether a server accepted a handshake offering only ``version``; None = not probed."""

    version: str
    accepted: bool | None
    note: str = ""


@dataclass(frozen=True)
class TlsFacts:
    host: str
    port: int
    address: str = ""
    handshake_error: str | None = None
    unreachable: bool = False
    protocol: str | None = None
    cipher: str | None = None
    chain: tuple[CertInfo, ...] = ()
    trust_error: str | None = None
    time_error: str | None = None
    probes: tuple[ProbeResult, ...] = field(default=())

    @property
    def leaf(self) -> CertInfo | None:
        return self.chain[0] if self.chain else None


def describe_name(name: x509.Name) -> str:
    """``CN=R3, O=Let's Encrypt`` style, the most telling attributes first."""
    parts = []
    for oid, label in ((NameOID.COMMON_NAME, "CN"), (NameOID.ORGANIZATION_NAME, "O")):
        parts += [f"{label}={a.value!s}" for a in name.get_attributes_for_oid(oid)]
    return ", ".join(parts) or name.rfc4514_string()


def cert_info(der: bytes) -> CertInfo:
    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns_names = tuple(n.lower() for n in san.get_values_for_type(x509.DNSName))
        ips = tuple(str(ip) for ip in san.get_values_for_type(x509.IPAddress))
    except x509.ExtensionNotFound:
        dns_names, ips = (), ()
    key_type, bits = _key_shape(cert)
    algorithm = cert.signature_hash_algorithm
    return CertInfo(
        subject=describe_name(cert.subject),
        issuer=describe_name(cert.issuer),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        dns_names=dns_names,
        ip_addresses=ips,
        key_type=key_type,
        key_bits=bits,
        signature_hash=algorithm.name if algorithm else None,
        self_signed=cert.subject == cert.issuer,
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
    )


def _key_shape(cert: x509.Certificate) -> tuple[str, int]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "EC", key.curve.key_size
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", 256
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", 456
    return type(key).__name__, 0


class TlsProber:
    """Handshakes with one host; ``connect(address, port, timeout)`` is replaceable in tests."""

    def __init__(
        self,
        trust_context: Callable[[], ssl.SSLContext],
        timeout: float,
        connect: Callable[[str, int, float], socket.socket] | None = None,
    ) -> None:
        self._trust_context = trust_context
        self.timeout = timeout
        self._connect = connect or _connect

    def gather(self, host: str, port: int, addresses: list[str], older: list[str]) -> TlsFacts:
        """Every fact about ``host``; network trouble is recorded, never raised."""
        address, error, unreachable = "", "no address", True
        for address in addresses:
            try:
                protocol, cipher, chain = self._facts_handshake(host, address, port)
            except (OSError, ssl.SSLError) as exc:
                error, unreachable = _reason(exc), not isinstance(exc, ssl.SSLError)
                continue
            return TlsFacts(
                host, port, address, None, False, protocol, cipher, chain,
                *self._verify(host, address, port),
                tuple(self.probe(host, address, port, v) for v in older),
            )  # fmt: skip
        probes = () if unreachable else tuple(self.probe(host, address, port, v) for v in older)
        return TlsFacts(host, port, address, error, unreachable, probes=probes)

    def _handshake(
        self, context: ssl.SSLContext, host: str, address: str, port: int
    ) -> ssl.SSLSocket:
        sock = self._connect(address, port, self.timeout)
        try:
            return context.wrap_socket(sock, server_hostname=host)
        except BaseException:
            sock.close()
            raise

    def _facts_handshake(
        self, host: str, address: str, port: int
    ) -> tuple[str | None, str | None, tuple[CertInfo, ...]]:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers(LOW_SECURITY)
        with self._handshake(context, host, address, port) as tls:
            cipher = tls.cipher()
            return tls.version(), cipher[0] if cipher else None, _peer_chain(tls)

    def _verify(self, host: str, address: str, port: int) -> tuple[str | None, str | None]:
        """(trust error, time error): OpenSSL's reasons, None when fine.

        The path is verified with dates first, as clients do (OpenSSL picks alternative paths,
        so an expired cross-sign that clients ignore is no error). Only when that fails on a
        date is it verified again without dates, to judge trust on its own.
        """
        first = self._trust_error(host, address, port, check_time=True)
        if first not in TIME_ERRORS:
            return first, None
        return self._trust_error(host, address, port, check_time=False), first

    def _trust_error(self, host: str, address: str, port: int, check_time: bool) -> str | None:
        try:
            context = self._trust_context()
        except (OSError, ssl.SSLError) as exc:
            return f"could not verify: the trust store (network.ca_bundle) cannot be loaded ({_reason(exc)})"
        context.check_hostname = False
        if not check_time:
            context.verify_flags |= VERIFY_NO_CHECK_TIME
        context.set_ciphers(LOW_SECURITY)
        try:
            self._handshake(context, host, address, port).close()
        except ssl.SSLCertVerificationError as exc:
            return str(exc.verify_message or exc)
        except (OSError, ssl.SSLError) as exc:
            return f"could not verify: {_reason(exc)}"
        return None

    def probe(self, host: str, address: str, port: int, version: str) -> ProbeResult:
        """Offer only ``version``: accepted → True, refused → False, cannot offer → None."""
        try:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_ciphers(LOW_SECURITY)
            with warnings.catch_warnings():  # the deprecation is the point of the probe
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = context.maximum_version = LEGACY_VERSIONS[version]
        except (ValueError, ssl.SSLError) as exc:
            return ProbeResult(version, None, f"this machine's OpenSSL cannot offer it ({exc})")
        try:
            self._handshake(context, host, address, port).close()
        except ssl.SSLError as exc:
            if "no protocols available" in str(exc).lower():
                return ProbeResult(version, None, "this machine's OpenSSL cannot offer it")
            return ProbeResult(version, False, _reason(exc))
        except TimeoutError:
            return ProbeResult(version, None, PROBE_TIMED_OUT)
        except OSError as exc:
            return ProbeResult(version, False, _reason(exc))
        return ProbeResult(version, True)


def _peer_chain(tls: ssl.SSLSocket) -> tuple[CertInfo, ...]:
    sslobj = getattr(tls, "_sslobj", None)
    get_chain = getattr(sslobj, "get_unverified_chain", None)
    if get_chain is not None:
        certs = get_chain() or []
        return tuple(cert_info(c.public_bytes(ssl._ssl.ENCODING_DER)) for c in certs)  # type: ignore[attr-defined]
    der = tls.getpeercert(binary_form=True)
    return (cert_info(der),) if der else ()


def _connect(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return str(exc.reason or exc).lower().replace("_", " ")
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    return str(getattr(exc, "strerror", None) or exc)


def older_versions(min_version: str) -> list[str]:
    """The protocols to probe: every version below ``min_version`` that can be offered."""
    return [v for v in VERSION_ORDER[: VERSION_ORDER.index(min_version)] if v in LEGACY_VERSIONS]
