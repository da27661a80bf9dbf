"""Throwaway certificates for the sandbox web servers (trustme CA plus a few broken kinds).

``CertFactory(ca).make(kind, host)`` returns a ``(cert_chain_pem, key_pem)`` pair of bytes:

=============== ==========================================================
kind            certificate
=============== ==========================================================
valid           signed by the CA, valid 1 year, SAN = host
expired         expired 5 days ago
soon            expires in 10 days (under a 14-day minimum)
warn            expires in 20 days (under twice a 14-day minimum)
not_yet_valid   valid from 10 days in the future
wrong_host      valid, but for ``other.invalid`` only
self_signed     issuer = subject, not signed by the CA
untrusted       signed by another CA that nobody trusts
incomplete      issued by an intermediate CA that the server does not send
old_inter       valid, but its intermediate CA expired 5 days ago
rsa1024         RSA key of 1024 bits
sha1            signed with SHA-1
=============== ==========================================================
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KINDS = (
    "valid",
    "expired",
    "soon",
    "warn",
    "not_yet_valid",
    "wrong_host",
    "self_signed",
    "untrusted",
    "incomplete",
    "old_inter",
    "rsa1024",
    "sha1",
)

_DAY = dt.timedelta(days=1)
_Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@lru_cache(maxsize=1)
def _untrusted_ca() -> trustme.CA:
    return trustme.CA(organization_name="Untrusted sandbox CA")


class CertFactory:
    """Leaf certificates for the sandbox, cached per (kind, host)."""

    def __init__(self, ca: trustme.CA) -> None:
        self.ca = ca
        self._cache: dict[tuple[str, str], tuple[bytes, bytes]] = {}

    def make(self, kind: str, host: str) -> tuple[bytes, bytes]:
        if (kind, host) not in self._cache:
            self._cache[(kind, host)] = self._build(kind, host)
        return self._cache[(kind, host)]

    def _build(self, kind: str, host: str) -> tuple[bytes, bytes]:
        now = _now()
        windows = {
            "expired": (now - 400 * _DAY, now - 5 * _DAY),
            "soon": (now - 80 * _DAY, now + 10 * _DAY),
            "warn": (now - 70 * _DAY, now + 20 * _DAY),
            "not_yet_valid": (now + 10 * _DAY, now + 400 * _DAY),
        }
        if kind in ("valid", "wrong_host", "untrusted", *windows):
            ca = _untrusted_ca() if kind == "untrusted" else self.ca
            name = "other.invalid" if kind == "wrong_host" else host
            start, end = windows.get(kind, (now - _DAY, now + 365 * _DAY))
            leaf = ca.issue_cert(name, not_before=start, not_after=end)
            return b"".join(b.bytes() for b in leaf.cert_chain_pems), leaf.private_key_pem.bytes()
        if kind == "incomplete":
            leaf = self.ca.create_child_ca().issue_cert(host)
            return leaf.cert_chain_pems[0].bytes(), leaf.private_key_pem.bytes()
        if kind == "old_inter":
            return _expired_intermediate_chain(host, self.ca)
        if kind == "self_signed":
            key = ec.generate_private_key(ec.SECP256R1())
            return _sign(host, key, key, None, hashes.SHA256()), _key_pem(key)
        if kind == "rsa1024":
            short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
            return _sign(host, short, _ca_key(self.ca), self.ca, hashes.SHA256()), _key_pem(short)
        if kind == "sha1":
            return _sign_sha1(host, self.ca)
        raise ValueError(f"unknown certificate kind {kind!r}; one of {KINDS}")


def _sign_sha1(host: str, ca: trustme.CA) -> tuple[bytes, bytes]:
    """cryptography refuses to sign with SHA-1, so the openssl command line does it."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .sign(key, hashes.SHA256())
    )
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "req.pem").write_bytes(csr.public_bytes(serialization.Encoding.PEM))
        (d / "ca.pem").write_bytes(ca.cert_pem.bytes())
        (d / "ca.key").write_bytes(ca.private_key_pem.bytes())
        (d / "ext.cnf").write_text(f"subjectAltName=DNS:{host}\nextendedKeyUsage=serverAuth\n")
        subprocess.run(
            ["openssl", "x509", "-req", "-in", "req.pem", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-sha1", "-days", "30", "-extfile", "ext.cnf", "-out", "leaf.pem"],
            cwd=d, check=True, capture_output=True,
        )  # fmt: skip
        leaf = (d / "leaf.pem").read_bytes()
    return leaf + ca.cert_pem.bytes(), _key_pem(key)


def _expired_intermediate_chain(host: str, ca: trustme.CA) -> tuple[bytes, bytes]:
    """A valid leaf under an intermediate CA whose own validity ended 5 days ago."""
    now = _now()
    inter_key = ec.generate_private_key(ec.SECP256R1())
    root = x509.load_pem_x509_certificate(ca.cert_pem.bytes())
    inter_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Expired Intermediate")])
    root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    inter = (
        x509.CertificateBuilder()
        .subject_name(inter_name)
        .issuer_name(root.subject)
        .public_key(inter_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - 400 * _DAY)
        .not_valid_after(now - 5 * _DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(inter_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False
        )
        .sign(_ca_key(ca), hashes.SHA256())
    )
    inter_pem = inter.public_bytes(serialization.Encoding.PEM)
    fake_ca = _PemCA(inter_pem)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _sign(host, key, inter_key, fake_ca, hashes.SHA256())  # type: ignore[arg-type]
    return leaf, _key_pem(key)


class _PemCA:
    """Just enough of trustme.CA (``cert_pem``) for ``_sign``."""

    def __init__(self, pem: bytes) -> None:
        self.cert_pem = _Blob(pem)


class _Blob:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def bytes(self) -> bytes:
        return self._data


def _ca_key(ca: trustme.CA) -> _Key:
    key = serialization.load_pem_private_key(ca.private_key_pem.bytes(), password=None)
    assert isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey))
    return key


def _key_pem(key: _Key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _sign(
    host: str,
    key: _Key,
    signer: _Key,
    ca: trustme.CA | None,
    algorithm: hashes.SHA256,
) -> bytes:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    issuer_cert = x509.load_pem_x509_certificate(ca.cert_pem.bytes()) if ca else None
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _DAY)
        .not_valid_after(now + 365 * _DAY)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )
    if issuer_cert is not None:
        ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
    cert = builder.sign(signer, algorithm)
    pem = cert.public_bytes(serialization.Encoding.PEM)
    return pem + (ca.cert_pem.bytes() if ca else b"")
