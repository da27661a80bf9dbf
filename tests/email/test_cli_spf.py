"""`launchgate spf check-host` against the sandbox DNS server."""

from __future__ import annotations

import json

from click.testing import CliRunner

from launchgate.cli import cli
from launchgate.sandbox.dns_server import SandboxDNS


def invoke(server: SandboxDNS, *args: str):
    return CliRunner().invoke(
        cli, ["spf", "check-host", *args, "--nameserver", server.address, "--timeout", "1"]
    )


def test_pass_fail_and_last_line(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 ip4:192.0.2.0/24 -all exp=why.acme.test")
    dns_server.add("why.acme.test", "TXT", "%{i} may not send for %{d}")
    ok = invoke(dns_server, "192.0.2.7", "acme.test")
    assert ok.exit_code == 0 and ok.output.splitlines()[-1] == "pass"
    refused = invoke(dns_server, "198.51.100.1", "acme.test", "--sender", "bob@acme.test")
    assert refused.exit_code == 1 and refused.output.splitlines()[-1] == "fail"
    assert "explanation: 198.51.100.1 may not send for acme.test" in refused.output


def test_json_details(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 include:_spf.acme.test ~all")
    dns_server.add("_spf.acme.test", "TXT", "v=spf1 ip6:2001:db8::/32 -all")
    out = invoke(dns_server, "2001:db8::5", "acme.test", "--helo", "mail.acme.test", "--json")
    lines = out.output.splitlines()
    data = json.loads(lines[0])
    assert lines[-1] == "pass" and data["matched"] == "include:_spf.acme.test"
    assert data["lookups"] == 1


def test_temperror_and_permerror(dns_server: SandboxDNS) -> None:
    dns_server.behave("acme.test", "TXT", silent=True)
    assert invoke(dns_server, "192.0.2.1", "acme.test").output.splitlines()[-1] == "temperror"
    dns_server.add("bad.test", "TXT", "v=spf1 ip4:192.0.2.1/99 -all")
    out = invoke(dns_server, "192.0.2.1", "bad.test")
    assert out.output.splitlines()[-1] == "permerror" and "ip4:192.0.2.1/99" in out.output
    assert invoke(dns_server, "192.0.2.1", "none.test").output.splitlines()[-1] == "none"


def test_bad_ip_is_a_usage_error(dns_server: SandboxDNS) -> None:
    assert invoke(dns_server, "not-an-ip", "acme.test").exit_code == 2
