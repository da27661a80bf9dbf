"""Many sites in one config: merged blocks, unique ids, one shared resolver, located findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from launchgate import gate
from launchgate.checks.registry import FAMILIES
from launchgate.checks.sites import for_sites
from launchgate.config.load import ConfigError, parse_config
from launchgate.sandbox.dns_server import SandboxDNS

CONFIG = """\
version: 1
timeout: 3s
email:
  spf: {all: fail}
  dkim: {selectors: [google]}
  dmarc: {policy: quarantine}
tls: {hosts: ["{domain}", "www.{domain}"], min_days: 14}
sites:
  - domain: one.test
  - domain: two.test
    name: Shop two
    email: {spf: {all: softfail}}
    tls: {hosts: ["{domain}"]}
  - domain: three.test
    email: null
"""


def test_site_blocks_merge_over_the_defaults() -> None:
    config = parse_config(CONFIG, {}, "launchgate.yml")
    one, two, three = config.sites
    assert config.email is None and config.tls is None and config.domain is None
    assert one.email and one.email.spf and one.email.spf.all == "fail"
    assert two.email and two.email.spf and two.email.spf.all == "softfail"
    assert two.email.dkim and two.email.dkim.selectors == ("google",)  # kept from the default
    assert one.tls and one.tls.hosts == ("one.test", "www.one.test")
    assert two.tls and two.tls.hosts == ("two.test",) and two.tls.min_days == 14
    assert three.email is None and three.tls is not None
    assert two.label == "Shop two" and one.label == "one.test"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("version: 1\ndomain: a.test\nsites:\n  - domain: b.test\n", 2, "move this domain"),
        ("version: 1\nsites:\n  - domain: a.test\n  - domain: A.test\n", 4, "already site 1"),
        ("version: 1\ntls: {min_days: soon}\nsites:\n  - domain: a.test\n", 2, "min_days"),
        ("version: 1\nsites:\n  - domain: a.test\n    tls: {min_days: soon}\n", 4, "min_days"),
        ("version: 1\nsites: a.test\n", 2, "list of sites"),
    ],
)
def test_config_errors_point_at_the_line_to_fix(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, {}, "launchgate.yml")
    assert caught.value.line == line and words in caught.value.message


def test_check_ids_stay_unique_across_sites() -> None:
    config = parse_config(CONFIG, {}, "launchgate.yml")
    checks = [c for family in for_sites(FAMILIES).values() for c in family.plan(config)]
    ids = [c.id for c in checks]
    assert len(ids) == len(set(ids))
    assert {"email.dkim:google@one.test", "email.dkim:google@two.test"} <= set(ids)
    assert "email.dkim:google@three.test" not in ids
    assert "tls.handshake:www.one.test" in ids and "tls.handshake:www.two.test" not in ids
    assert {c.config_key for c in checks if c.id == "email.dkim:google@two.test"} == {
        "sites.1.email.dkim"
    }


@pytest.mark.network
def test_many_sites_run_with_one_resolver_and_findings_at_the_site(tmp_path: Path) -> None:
    dns = SandboxDNS().start()
    try:
        for d in ("one.test", "two.test", "three.test"):
            dns.load({d: {"TXT": ["v=spf1 ip4:192.0.2.1 -all"], "MX": ["10 mx.shared.test."]}})
            dns.load({f"google._domainkey.{d}": {"TXT": ["v=DKIM1; k=rsa; p="]}})
        dns.load({"_dmarc.one.test": {"TXT": ["v=DMARC1; p=reject"]}})
        dns.load({"mx.shared.test": {"A": ["127.0.0.1"]}})
        text = (
            "version: 1\ntimeout: 3s\n"
            f'network: {{nameservers: ["{dns.address}"]}}\n'
            "email:\n  mx: true\n  spf: {all: fail}\n  dmarc: {policy: quarantine}\n"
            "sites:\n  - domain: one.test\n  - domain: two.test\n  - domain: three.test\n"
        )
        config = tmp_path / "launchgate.yml"
        config.write_text(text)
        report = tmp_path / "r.json"
        options = gate.GateOptions(config=config, reports={"json": report})
        code = gate.run(options, environ={}, out=io.StringIO(), err=io.StringIO())
    finally:
        dns.stop()
    doc = json.loads(report.read_text())
    failing = {r["id"]: r for r in doc["results"] if r["status"] in ("fail", "error")}
    assert code == 1
    assert set(failing) == {"email.dmarc.record:two.test", "email.dmarc.record:three.test"}
    assert failing["email.dmarc.record:three.test"]["line"] == 11  # the site's entry
    assert dns.count("mx.shared.test", "A") == 1  # one cache for every site
    assert set(doc["inventories"]["sites"]) <= {"one.test", "two.test", "three.test"}
