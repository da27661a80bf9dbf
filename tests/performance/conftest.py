"""Fixtures of the performance tests: keep-alive servers and run contexts built from YAML."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme

from launchgate.config.load import parse_config
from launchgate.core.rules import RunContext
from tests.performance.server import PerfServer


@pytest.fixture
def perf_https(web_ca: trustme.CA) -> Iterator[PerfServer]:
    server = PerfServer(web_ca).start()
    yield server
    server.stop()


@pytest.fixture
def perf_http() -> Iterator[PerfServer]:
    server = PerfServer().start()
    yield server
    server.stop()


MakeContext = Callable[..., RunContext]


@pytest.fixture
def make_ctx(tmp_path: Path, web_ca_pem: Path) -> MakeContext:
    """``make_ctx(performance_yaml, update_baseline=False)``: a RunContext whose config pins
    perf.test to 127.0.0.1 and trusts the sandbox CA; ``performance_yaml`` is the block under
    ``performance:`` (indented by two spaces)."""

    def make(
        performance_yaml: str, update_baseline: bool = False, timeout: str = "2s"
    ) -> RunContext:
        text = (
            f"version: 1\ntimeout: {timeout}\n"
            f"network:\n  resolve: {{perf.test: 127.0.0.1}}\n  ca_bundle: {web_ca_pem}\n"
            f"performance:\n{performance_yaml}"
        )
        (tmp_path / "launchgate.yml").write_text(text)
        config = parse_config(text, {}, str(tmp_path / "launchgate.yml"))
        return RunContext(
            config=config, base_dir=tmp_path, environ={}, update_baseline=update_baseline
        )

    return make
