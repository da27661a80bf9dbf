"""A realistic shop on loopback (DNS + HTTP/HTTPS) and a way to gate it through the real CLI path.

``Net`` owns one SandboxDNS and one WebServer (trustme CA). ``net.gate(config, only=[...])``
writes a launchgate.yml pointing at them (nameservers, port-moving pins for every host, CA
bundle), runs ``launchgate.gate.run`` and returns the JSON report's results by check id.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import WebServer
from tests.harness import assert_well_formed, run_gate


def rsa_dkim(bits: int = 2048) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def ed25519_dkim() -> str:
    raw = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return "v=DKIM1; k=ed25519; p=" + base64.b64encode(raw).decode()


@dataclass
class Outcome:
    code: int
    results: dict[str, dict[str, Any]]
    console: str

    def status(self, check_id: str) -> str:
        assert check_id in self.results, sorted(self.results)
        return str(self.results[check_id]["status"])

    def problems(self, *statuses: str) -> dict[str, str]:
        wanted = statuses or ("fail", "error", "warn")
        return {
            cid: f"{r['status']}: {r['message']}"
            for cid, r in self.results.items()
            if r["status"] in wanted
        }


@dataclass
class Net:
    dns: SandboxDNS
    web: WebServer
    ca_pem: Path
    workdir: Path
    hosts: list[str] = field(default_factory=list)
    runs: int = 0

    def network(self) -> dict[str, Any]:
        pins = {
            f"{host}:{port}": f"127.0.0.1:{self.web.port}"
            for host in self.hosts
            for port in (80, 443)
        }
        return {
            "nameservers": [self.dns.address],
            "resolve": pins,
            "ca_bundle": str(self.ca_pem),
        }

    def gate(self, sections: dict[str, Any], only: tuple[str, ...] = (), **top: Any) -> Outcome:
        self.runs += 1
        folder = self.workdir / f"run{self.runs}"
        folder.mkdir()
        doc = {"version": 1, "project": "acceptance", "fail_on": "high", "timeout": "2s"}
        doc.update(top)
        doc["network"] = self.network()
        doc.update(sections)
        config = folder / "launchgate.yml"
        config.write_text(yaml.safe_dump(doc, sort_keys=False))
        out = io.StringIO()
        report = folder / "out.json"
        code, console, _ = run_gate(
            config, {"json": report}, environ={}, out=out, err=out, only=only
        )
        data = json.loads(report.read_text())
        assert_well_formed(data)
        results = {r["id"]: r for r in data["results"]}
        return Outcome(code, results, console)
