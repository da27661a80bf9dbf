"""DKIM key records: the mox / go-msgauth vectors, then email.dkim against the sandbox."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from launchgate.checks import email as family
from launchgate.checks.email.dkim import DkimError, parse_key_record
from launchgate.core.model import Status
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config, run

VECTORS = yaml.safe_load(
    (Path(__file__).parent / "data" / "mox_dkim_txt_test.vectors.yml").read_text()
)


def _spki(key: Any) -> str:
    return base64.b64encode(
        key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    ).decode()


RSA_2048 = _spki(rsa.generate_private_key(65537, 2048))
RSA_1024 = _spki(rsa.generate_private_key(65537, 1024))
ED_SPKI = _spki(ed25519.Ed25519PrivateKey.generate())


def _record(vector: dict[str, Any]) -> str:
    if vector["record"].startswith("(generated)"):
        return f"v=DKIM1; k=rsa; p={ED_SPKI}"
    return str(vector["record"])


@pytest.mark.parametrize(
    "vector", VECTORS["mox_parse_record"], ids=lambda v: repr(v["record"][:40])
)
def test_mox_vectors(vector: dict[str, Any]) -> None:
    if vector["expect"] == "valid":
        key = parse_key_record(_record(vector))
        assert key.key_type in ("rsa", "ed25519")
    else:
        with pytest.raises(DkimError):
            parse_key_record(_record(vector))


@pytest.mark.parametrize("vector", VECTORS["go_msgauth_key_records"], ids=lambda v: v["name"])
def test_go_msgauth_keys(vector: dict[str, Any]) -> None:
    key = parse_key_record(vector["record"])
    assert key.key_bits == (256 if "ed25519" in vector["record"] else 1024)


def test_parsed_fields() -> None:
    key = parse_key_record(
        "v=DKIM1; k=ed25519; t=y:s; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    )
    assert key.testing and key.flags == ["y", "s"] and not key.revoked
    assert parse_key_record("v=DKIM1; p=").revoked


@pytest.fixture
def keys(dns_server: SandboxDNS) -> dict[str, Any]:
    half = len(RSA_2048) // 2
    dns_server.load(
        {
            "good._domainkey.acme.test": {
                "TXT": [[f"v=DKIM1; k=rsa; p={RSA_2048[:half]}", RSA_2048[half:]]]
            },
            "small._domainkey.acme.test": {"TXT": f"v=DKIM1; p={RSA_1024}"},
            "revoked._domainkey.acme.test": {"TXT": "v=DKIM1; p="},
            "testing._domainkey.acme.test": {"TXT": f"v=DKIM1; t=y; p={RSA_2048}"},
            "broken._domainkey.acme.test": {"TXT": "v=DKIM1; k=dsa; p=abc"},
            "cname._domainkey.acme.test": {"CNAME": "s1.dkim.provider.test."},
            "s1.dkim.provider.test": {
                "TXT": "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
            },
        }
    )
    dns_server.behave("slow._domainkey.acme.test", servfail=True)
    selectors = "[good, small, revoked, testing, broken, cname, absent, slow]"
    return run(
        family,
        config(dns_server, f"email: {{dkim: {{selectors: {selectors}, min_key_bits: 2048}}}}"),
    )


def test_dkim_rules(keys: dict[str, Any]) -> None:
    assert keys["email.dkim:good"].status is Status.PASS
    assert keys["email.dkim:good"].data["key_bits"] == 2048
    assert (
        keys["email.dkim:small"].status is Status.FAIL
        and "RSA-1024" in keys["email.dkim:small"].message
    )
    assert (
        keys["email.dkim:revoked"].status is Status.FAIL
        and "revoked" in keys["email.dkim:revoked"].message
    )
    assert keys["email.dkim:testing"].status is Status.WARN
    assert (
        keys["email.dkim:broken"].status is Status.FAIL
        and "k=dsa" in keys["email.dkim:broken"].message
    )
    assert keys["email.dkim:cname"].status is Status.PASS
    assert keys["email.dkim:cname"].data["cnames"] == ["s1.dkim.provider.test"]
    assert keys["email.dkim:absent"].status is Status.FAIL
    assert keys["email.dkim:slow"].status is Status.ERROR
