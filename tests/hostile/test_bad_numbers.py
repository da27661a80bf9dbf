"""Every number in the config has a range, checked at load: a value outside it is a config
error (exit 2) naming file:line and the allowed range, in a second, never a run that hangs,
overflows inside a check or fails confusingly.

The members run through the CLI's entry point one after another in one subprocess
(``launchgate_many``): each is a config error, so paying for a new interpreter each time
would only slow the suite."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.harness import launchgate_many

PERF = "performance:\n  endpoints: [{url: 'http://127.0.0.1:9/', p95: 1s}]\n"
# (member, config text after "version: 1", line of the bad value, words the message must hold)
CONFIGS = [
    ("samples 1e20", PERF + "  samples: 100000000000000000000\n", 4, "allowed from 1 to 10000"),
    ("samples 0", PERF + "  samples: 0\n", 4, "allowed from 1"),
    ("samples -5", PERF + "  samples: -5\n", 4, "allowed from 1"),
    ("warmup -1", PERF + "  warmup: -1\n", 4, "allowed from 0"),
    ("concurrency 0", PERF + "  concurrency: 0\n", 4, "allowed from 1 to 256"),
    ("max_errors -1", PERF + "  max_errors: -1\n", 4, "allowed from 0"),
    ("max_regression nan", PERF + "  max_regression: nan%\n", 4, "not a percentage"),
    (
        "p95 huge",
        "performance:\n  endpoints: [{url: 'http://127.0.0.1:9/', p95: 99999999d}]\n",
        3,
        "at most 1d",
    ),
    ("timeout 99999999999d", "timeout: 99999999999d\nenv: {}\n", 2, "at most 1d"),
    ("timeout 1h", "timeout: 1h\nenv: {}\n", 2, "allowed from 1ms to 10m"),
    (
        "max_file_size 1e29MiB",
        "secrets: {max_file_size: 100000000000000000000000000000MiB}\n",
        2,
        "at most 1TiB",
    ),
    ("max_file_size 0", "secrets: {max_file_size: 0}\n", 2, "allowed from 1B"),
    ("min_days -1", "tls: {hosts: [shop.test], min_days: -1}\n", 2, "allowed from 0 to 3650"),
    (
        "min_key_bits 1e9",
        "domain: shop.test\nemail: {dkim: {selectors: [s1], min_key_bits: 1000000000}}\n",
        3,
        "allowed from 512 to 16384",
    ),
    (
        "endpoint status 0",
        "http: {endpoints: [{url: 'http://127.0.0.1:9/', status: 0}]}\n",
        2,
        "allowed from 100 to 599",
    ),
    (
        "redirect status 200",
        "http: {redirects: [{from: 'http://127.0.0.1:9/a', to: 'http://127.0.0.1:9/b', status: [200]}]}\n",
        2,
        "allowed from 300 to 399",
    ),
    (
        "lighthouse score 101",
        "performance: {lighthouse: {url: 'http://127.0.0.1:9/', min_score: 101}}\n",
        2,
        "allowed from 0 to 100",
    ),
    ("URL port 0", "http: {canonical: 'http://127.0.0.1:0/'}\n", 2, "port 0"),
    ("URL port 99999", "http: {canonical: 'http://127.0.0.1:99999/'}\n", 2, "1 to 65535"),
    ("tls host port 0", "tls: {hosts: ['shop.test:0']}\n", 2, "outside 1-65535"),
    (
        "nameserver by name",
        "network: {nameservers: [dns.google]}\nenv: {}\n",
        2,
        "not an IP address",
    ),
    (
        "nameserver bad port",
        "network: {nameservers: ['1.1.1.1:70000']}\nenv: {}\n",
        2,
        "outside 1-65535",
    ),
    ("unclosed ${A:-x", "project: '${A:-x'\nenv: {}\n", 2, "closing '}' is missing"),
    ("bad ${1A}", "project: ${1A}\nenv: {}\n", 2, "does not form"),
    ("unboundable regex", "env: {vars: {A: {pattern: '^(?!test)'}}}\n", 2, "RE2"),
    ("back-reference", "env: {vars: {A: {forbid: ['(a)\\1']}}}\n", 2, "RE2"),
]
# Options get the same treatment: (member, args, words)
OPTIONS = [
    ("--nameserver not-an-ip", ["check", "--nameserver", "not-an-ip"], "not an IP address"),
    ("spf --timeout -1", ["spf", "check-host", "192.0.2.1", "shop.test", "--timeout", "-1"], "out of range"),
    ("spf --timeout nan", ["spf", "check-host", "192.0.2.1", "shop.test", "--timeout", "nan"], "out of range"),
    ("spf --nameserver dns.google", ["spf", "check-host", "192.0.2.1", "shop.test", "--nameserver", "dns.google"], "not an IP address"),
]  # fmt: skip


def _project(root: Path, text: str) -> tuple[list[str], Path]:
    root.mkdir()
    (root / "launchgate.yml").write_text("version: 1\n" + text)
    return ["check"], root


def test_numbers_out_of_range_are_config_errors_with_the_range(tmp_path: Path) -> None:
    runs = launchgate_many([_project(tmp_path / str(i), m[1]) for i, m in enumerate(CONFIGS)])
    problems = []
    for (member, _, line, words), run in zip(CONFIGS, runs, strict=True):
        where = f"launchgate.yml:{line}"
        if run.code != 2 or where not in run.err or words not in run.err or "Traceback" in run.err:
            problems.append(f"{member}: exit {run.code}, stderr {run.err.strip()[-300:]!r}")
        elif run.seconds > 30:  # a config error is said at load, not after a run
            problems.append(f"{member}: took {run.seconds:.1f}s")
    assert not problems, "\n".join(problems)


def test_options_out_of_range_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "launchgate.yml").write_text("version: 1\nenv: {}\n")
    runs = launchgate_many([(args, tmp_path) for _, args, _ in OPTIONS])
    problems = [
        f"{member}: exit {run.code}, stderr {run.err.strip()[-300:]!r}"
        for (member, _, words), run in zip(OPTIONS, runs, strict=True)
        if run.code != 2 or words not in run.err or "Traceback" in run.err
    ]
    assert not problems, "\n".join(problems)
