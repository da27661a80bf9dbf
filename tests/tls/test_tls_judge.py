"""TLS judgements with plain data."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from launchgate.checks.tls import judge as tls_judge
from launchgate.checks.tls.facts import CertInfo, ProbeResult, older_versions

NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)


def cert(names: tuple[str, ...] = ("www.acme.test",), days: int = 90, **kw: object) -> CertInfo:
    base: dict[str, object] = {
        "subject": "CN=www.acme.test", "issuer": "CN=R3", "not_before": NOW - timedelta(days=1),
        "not_after": NOW + timedelta(days=days), "dns_names": names, "ip_addresses": (),
        "key_type": "RSA", "key_bits": 2048, "signature_hash": "sha256", "self_signed": False,
        "sha256": "00",
    }  # fmt: skip
    base.update(kw)
    return CertInfo(**base)  # type: ignore[arg-type]


def test_hostname_matching() -> None:
    wildcard = cert(("*.acme.test",))
    assert tls_judge.hostname_matches("www.acme.test", wildcard)
    assert not tls_judge.hostname_matches("acme.test", wildcard)
    assert not tls_judge.hostname_matches("a.b.acme.test", wildcard)
    assert not tls_judge.hostname_matches("x.test", cert(("*.test",)))
    assert tls_judge.hostname_matches("WWW.acme.test.", cert())
    assert tls_judge.hostname_matches(
        "shop.acme.test", cert(("*.ACME.test", "Acme.Test"))
    )  # SAN case
    assert tls_judge.hostname_matches("127.0.0.1", cert((), ip_addresses=("127.0.0.1",)))


def test_expiry_thresholds() -> None:
    assert tls_judge.judge_expiry(cert(days=90), NOW, 14).status == "pass"
    assert tls_judge.judge_expiry(cert(days=20), NOW, 14).status == "warn"
    assert tls_judge.judge_expiry(cert(days=10), NOW, 14).status == "fail"
    assert "expired" in tls_judge.judge_expiry(cert(days=-3), NOW, 14).message


def test_key_and_signature_ignore_root_self_signature() -> None:
    root = cert(subject="CN=Old Root", self_signed=True, signature_hash="sha1", key_bits=1024)
    assert tls_judge.judge_signature((cert(), root)).status == "pass"
    assert tls_judge.judge_key((cert(), root)).status == "pass"
    inter = cert(subject="CN=Intermediate", signature_hash="sha1")
    assert "Intermediate" in tls_judge.judge_signature((cert(), inter)).message
    assert tls_judge.judge_key((cert(key_type="EC", key_bits=256),)).status == "pass"
    assert tls_judge.judge_key((cert(key_bits=1024),)).status == "fail"


def test_protocols() -> None:
    assert older_versions("TLSv1.2") == ["TLSv1", "TLSv1.1"]
    assert older_versions("TLSv1.3") == ["TLSv1", "TLSv1.1", "TLSv1.2"]
    refused = (ProbeResult("TLSv1", False), ProbeResult("TLSv1.1", False))
    assert tls_judge.judge_protocols(refused, "TLSv1.2").status == "pass"
    one = (ProbeResult("TLSv1", False), ProbeResult("TLSv1.1", True))
    assert tls_judge.judge_protocols(one, "TLSv1.2").status == "fail"
    unknown = (ProbeResult("TLSv1", None), ProbeResult("TLSv1.1", None))
    assert tls_judge.judge_protocols(unknown, "TLSv1.2").status == "warn"
