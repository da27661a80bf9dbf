"""`launchgate init --discover` against the demo shop on loopback: the config it writes for the
healthy twin passes, and catches each planted failure introduced alone."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from launchgate import gate
from launchgate.demo.world import PLANTED, World, replant, running_world
from launchgate.discover import DiscoverOptions, discover
from launchgate.discover.dnsmail import gather_dns
from launchgate.discover.probe import BudgetSpent, Probe, parse_pin

pytestmark = pytest.mark.network
NETWORK = ("dns", "email", "tls", "http", "performance")


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, Path]]:
    workdir = tmp_path_factory.mktemp("twin")
    with running_world(workdir, planted=()) as world:
        yield world, workdir


def init(world: World, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable, "-m", "launchgate", "init", "--discover", "acme.test",
        "--nameserver", world.dns_address, "--resolve", f"*=127.0.0.1:{world.web_port}",
        "--ca-bundle", str(world.ca_pem), "-o", str(output), *extra,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)


def gate_code(config: Path) -> int:
    options = gate.GateOptions(config=config, only=NETWORK)
    return gate.run(options, environ={}, out=io.StringIO(), err=io.StringIO())


@pytest.fixture(scope="module")
def discovered(twin: tuple[World, Path]) -> Path:
    world, workdir = twin
    output = workdir / "project" / "launchgate.yml"
    output.parent.mkdir()
    done = init(world, output)
    assert done.returncode == 0, done.stderr
    assert "DNS questions" in done.stderr and "HTTP requests" in done.stderr
    return output


def test_discovered_config_finds_the_shop(discovered: Path) -> None:
    doc = yaml.safe_load(discovered.read_text())
    assert doc["domain"] == "acme.test"
    assert {"www", "app", "api"} <= set(doc["dns"]["subdomains"])
    pinned = {(r["name"], r["type"]) for r in doc["dns"]["records"]}
    assert {("acme.test", "A"), ("www.acme.test", "CNAME"), ("acme.test", "MX")} <= pinned
    assert doc["email"]["dkim"]["selectors"] == ["google"]
    assert doc["email"]["dmarc"] == {"policy": "quarantine", "rua": "required"}
    assert doc["email"]["spf"]["all"] == "fail"
    assert doc["http"]["canonical"] == "https://www.acme.test"
    health = [e for e in doc["http"]["endpoints"] if e["url"].endswith("/health")]
    assert health == [
        {"url": "https://api.acme.test/health", "status": 200, "json": {"status": "ok"}}
    ]
    budgets = {e["url"]: e["p95"] for e in doc["performance"]["endpoints"]}
    assert budgets["https://api.acme.test/products"] == "300ms"
    assert set(doc["tls"]["hosts"]) >= {"acme.test", "www.acme.test", "app.acme.test"}
    assert "# TODO" in discovered.read_text()


def test_discovered_config_passes_on_the_healthy_twin(discovered: Path) -> None:
    assert gate_code(discovered) == 0


@pytest.mark.parametrize("failure", PLANTED)
def test_discovered_config_catches_each_planted_failure(
    twin: tuple[World, Path], discovered: Path, failure: str
) -> None:
    world, _ = twin
    replant(world, {failure})
    try:
        assert gate_code(discovered) == 1
    finally:
        replant(world, ())


def test_existing_config_is_kept_without_force_and_dry_run_writes_nothing(
    twin: tuple[World, Path], tmp_path: Path
) -> None:
    world, _ = twin
    output = tmp_path / "launchgate.yml"
    output.write_text("version: 1\n")
    refused = init(world, output)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert output.read_text() == "version: 1\n"
    fresh = tmp_path / "new.yml"
    dry = init(world, fresh, "--dry-run", "--no-verify")
    assert dry.returncode == 0 and not fresh.exists()
    assert yaml.safe_load(dry.stdout)["domain"] == "acme.test"


def test_what_fails_today_is_written_commented_so_the_file_passes(tmp_path: Path) -> None:
    with running_world(tmp_path) as world:  # every planted failure
        output = tmp_path / "launchgate.yml"
        done = init(world, output)
        assert done.returncode == 0, done.stderr
        text = output.read_text()
        assert text.count("# TODO fails today:") >= 2, text
        assert "Fails today, left commented out" in done.stderr
        assert "canonical" not in (yaml.safe_load(text)["http"] or {})
        assert gate_code(output) == 0


def test_discovery_stays_within_its_budget(twin: tuple[World, Path], tmp_path: Path) -> None:
    world, _ = twin
    options = DiscoverOptions(
        domain="acme.test",
        project_dir=tmp_path,
        nameservers=(world.dns_address,),
        pins=(parse_pin(f"*=127.0.0.1:{world.web_port}"),),
        ca_path=str(world.ca_pem),
    )
    assert world.dns is not None and world.web is not None
    world.dns.reset_counts()
    sent = len(world.web.requests)
    found = discover(options)
    assert found.stopped is None
    assert world.dns.count() <= 400 and len(world.web.requests) - sent <= 120
    assert all(r.method == "GET" for r in world.web.requests[sent:])
    world.dns.reset_counts()
    with pytest.raises(BudgetSpent):
        gather_dns(Probe(nameservers=(world.dns_address,), max_dns=10), "acme.test")
    assert world.dns.count() <= 10


def test_env_names_are_read_never_values(twin: tuple[World, Path], tmp_path: Path) -> None:
    world, _ = twin
    (tmp_path / ".env.example").write_text("DATABASE_URL=postgres://u:hunter2@db/x\nDEBUG=false\n")
    (tmp_path / "dist").mkdir()
    done = init(world, tmp_path / "launchgate.yml", "--dry-run", "--no-verify")
    assert done.returncode == 0, done.stderr
    assert "hunter2" not in done.stdout + done.stderr
    doc = yaml.safe_load(done.stdout)
    assert doc["env"]["example"] == ".env.example"
    assert doc["env"]["vars"] == {"DATABASE_URL": {"secret": True}, "DEBUG": {}}
    assert doc["secrets"]["artifacts"] == ["dist/"]
