"""`check --shard I/N` and `launchgate merge`: pure split rules, then shards + merge against
one run of the demo shop on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchgate.core.model import Severity
from launchgate.core.rules import Check, Rule
from launchgate.core.shard import ShardError, assign, parse_shard, unit_of
from launchgate.demo import demo_environ
from launchgate.demo.config import demo_config
from launchgate.demo.project import build_project, make_secrets
from launchgate.demo.world import World, replant, running_world
from launchgate.report import FORMATS

ROOT = Path(__file__).resolve().parents[2]


def check(rule_id: str, target: str | None, phase: str = "main") -> Check:
    rule = Rule(rule_id, "t", Severity.HIGH, "w", "w", "f")
    return Check(rule, lambda ctx: [], target, phase=phase)


def test_shard_option_values() -> None:
    assert str(parse_shard("2/4")) == "2/4"
    for bad in ("0/4", "5/4", "2", "a/b", "1/0", "1/999"):
        with pytest.raises(ShardError):
            parse_shard(bad)


def test_one_hosts_checks_stay_together() -> None:
    assert unit_of(check("tls.handshake", "www.acme.test")) == "www.acme.test"
    assert unit_of(check("http.status", "https://www.acme.test/x?y")) == "www.acme.test"
    assert unit_of(check("tls.handshake", "www.acme.test:8443")) == "www.acme.test"
    assert unit_of(check("email.dkim", "google@shop.test")) == "shop.test"
    assert unit_of(check("env.required", None)) == "env:"


def test_assignment_is_deterministic_balanced_and_complete() -> None:
    units = {f"h{i}.test": 1 + (i % 3) for i in range(40)} | {"slow.test": 10}
    first = assign(units, 4)
    assert first == assign(dict(reversed(list(units.items()))), 4)
    assert set(first) == set(units) and set(first.values()) == {1, 2, 3, 4}
    loads = [sum(w for u, w in units.items() if first[u] == i) for i in (1, 2, 3, 4)]
    assert max(loads) - min(loads) <= 3


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, Path]]:
    workdir = tmp_path_factory.mktemp("shard")
    project = build_project(workdir / "shop", make_secrets())
    with running_world(workdir) as world:
        (project / "launchgate.yml").write_text(demo_config(world), encoding="utf-8")
        yield world, project


def launchgate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**demo_environ(), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "launchgate", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def outcome(path: Path) -> tuple[set[tuple[str, str, str]], bool]:
    doc = json.loads(path.read_text())
    results = {(r["id"], r["status"], r["severity"]) for r in doc["results"]}
    return results, doc["summary"]["passed"]


def run_sharded(
    project: Path, total: int, *options: str, name: str = "shard"
) -> tuple[list[int], list[Path]]:
    codes, paths = [], []
    for i in range(1, total + 1):
        path = project / f"{name}{i}-of-{total}.json"
        codes.append(
            launchgate(
                project, "check", *options, "--shard", f"{i}/{total}", "--json", str(path)
            ).returncode
        )
        paths.append(path)
    return codes, paths


@pytest.mark.network
@pytest.mark.parametrize("areas", [(), ("--only", "dns,email,tls,http")])
def test_shards_and_merge_equal_one_run(shop: tuple[World, Path], areas: tuple[str, ...]) -> None:
    world, project = shop
    if areas:
        replant(world, ())  # a passing gate: exit 0 both ways
    try:
        single = launchgate(project, "check", *areas, "--json", "single.json")
        _, shards = run_sharded(project, 3, *areas)
        reports = {fmt: project / f"merged.{fmt}" for fmt in FORMATS}
        flags = [arg for fmt, path in reports.items() for arg in (f"--{fmt}", str(path))]
        merged = launchgate(project, "merge", *map(str, shards), *flags)
    finally:
        replant(
            world, {"duplicate-site", "expiring-cert", "spf-lookups", "dmarc-no-rua", "slow-api"}
        )
    assert merged.returncode == single.returncode == (0 if areas else 1), merged.stderr
    assert outcome(project / "merged.json") == outcome(project / "single.json")
    every = set()
    for path in shards:
        ids = {r for r, _, _ in outcome(path)[0]}
        assert not ids & every
        every |= ids
    for fmt, path in reports.items():
        assert path.stat().st_size > 0, fmt
    assert ("GATE PASSED" if areas else "GATE FAILED") in merged.stdout


@pytest.mark.network
def test_merge_refuses_an_incomplete_or_mixed_set(shop: tuple[World, Path]) -> None:
    _, project = shop
    _, three = run_sharded(project, 3, "--only", "dns,email")
    _, two = run_sharded(project, 2, "--only", "dns,email")
    missing = launchgate(project, "merge", str(three[0]), str(three[2]), "--json", "m.json")
    assert missing.returncode == 2 and "shard(s) 2 of 3 missing" in missing.stderr
    assert not (project / "m.json").exists()
    doubled = launchgate(project, "merge", str(three[0]), str(three[0]), str(three[1]))
    assert doubled.returncode == 2 and "both shard 1/3" in doubled.stderr
    mixed = launchgate(project, "merge", str(three[0]), str(two[1]), str(three[2]))
    assert mixed.returncode == 2 and "different runs" in mixed.stderr
    launchgate(project, "check", "--only", "dns", "--json", "plain.json")
    plain = launchgate(project, "merge", "plain.json")
    assert plain.returncode == 2 and "not a shard report" in plain.stderr
    other = run_sharded(project, 3, "--only", "dns", name="dns-only")[1]
    plans = launchgate(project, "merge", str(three[0]), str(other[1]), str(three[2]))
    assert plans.returncode == 2 and "different runs" in plans.stderr


def test_bad_shard_option_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "launchgate.yml").write_text("version: 1\n")
    done = launchgate(tmp_path, "check", "--shard", "5/4")
    assert done.returncode == 2 and "1 ≤ I ≤ N" in done.stderr
    assert os.listdir(tmp_path) == ["launchgate.yml"]
