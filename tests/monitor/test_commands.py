"""The commands as a user runs them: notify --test, check --notify in scheduled CI, watch
stopped by a signal, and a watch that survives a dead resolver and a crashing run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from launchgate.cli import main
from launchgate.monitor import service
from launchgate.monitor.channels import smtp_error, webhook_error
from launchgate.sandbox.web_server import WebServer
from tests.monitor.conftest import SMTP_PASSWORD, SMTP_USER
from tests.monitor.servers import MailBox, free_port, webhook_receiver
from tests.monitor.shop import BROKEN, WWW, Shop

SECRET = "sEcReT-webhook-path-123"


def test_notify_test_says_which_channel_failed_and_why_without_secrets(
    tmp_path: Path,
    smtp: tuple[MailBox, int],
    web_server: WebServer,
    web_ca_pem: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    box, port = smtp
    monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
    with webhook_receiver() as (good, good_url), webhook_receiver(status=404) as (_gone, gone_url):
        config = tmp_path / "launchgate.yml"
        config.write_text(f"""\
version: 1
project: shop
network:
  ca_bundle: {web_ca_pem}
notify:
  webhooks:
    - {{url: "{good_url}/ok/{SECRET}", format: slack}}
    - {{url: "{gone_url}/gone/{SECRET}", format: discord}}
    - {{url: "https://127.0.0.1:{web_server.port}/tls/{SECRET}", format: teams}}
    - {{url: "http://127.0.0.1:{free_port()}/closed/{SECRET}", format: generic}}
  email:
    smtp: "127.0.0.1:{port}"
    username: {SMTP_USER}
    password: ${{SMTP_PASSWORD}}
    from: alerts@shop.test
    to: [founder@shop.test]
""")
        code = main(["notify", "--test", "-c", str(config)])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("ok    slack webhook http://127.0.0.1:")
    assert (
        "FAIL  discord webhook" in lines[1]
        and "HTTP 404" in lines[1]
        and "wrong or was revoked" in lines[1]
    )
    assert "FAIL  teams webhook" in lines[2] and "TLS: certificate rejected" in lines[2]
    assert "FAIL  generic webhook" in lines[3] and "refused the connection" in lines[3]
    assert lines[4].startswith("ok    email via 127.0.0.1")
    assert good.requests[0][1]["text"].startswith("TEST:")
    assert box.wait_for(1)[0]["Subject"].startswith("[launchgate] TEST:")
    assert SECRET not in out and SMTP_PASSWORD not in out


def test_notify_test_names_the_smtp_reply_and_an_untrusted_certificate(
    tmp_path: Path, smtp: tuple[MailBox, int], web_ca_pem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _box, port = smtp
    config = tmp_path / "launchgate.yml"
    base = f"""\
version: 1
notify:
  email:
    smtp: "127.0.0.1:{port}"
    username: {SMTP_USER}
    password: "wrong-password-123"
    from: alerts@shop.test
    to: [founder@shop.test]
"""
    config.write_text(base + f"network:\n  ca_bundle: {web_ca_pem}\n")
    assert main(["notify", "--test", "-c", str(config)]) == 1
    out = capsys.readouterr().out
    assert "SMTP 535: login refused (5.7.8 Authentication credentials invalid)" in out
    assert "wrong-password-123" not in out
    config.write_text(base)  # no ca_bundle: the sandbox CA is not trusted
    assert main(["notify", "--test", "-c", str(config)]) == 1
    assert "TLS: certificate of 127.0.0.1 rejected" in capsys.readouterr().out


def test_dns_failures_are_named_as_dns() -> None:
    # Resolving a name that does not exist would leave loopback: the errors are built here.
    from urllib3.exceptions import NameResolutionError

    cause = NameResolutionError("hooks.example", None, OSError("Name or service not known"))  # type: ignore[arg-type]
    error = webhook_error(requests.ConnectionError(cause), f"https://hooks.example/{SECRET}")
    assert error.reason == "DNS: hooks.example does not resolve" and error.retry
    import socket

    assert smtp_error(socket.gaierror(-2, "Name or service not known"), "smtp.example").reason == (
        "DNS: smtp.example does not resolve"
    )


def _check_notify(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--notify", "-c", str(config), "--no-color"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_notify_in_scheduled_ci_alerts_on_the_confirmed_change_only(
    tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, value in {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "o/shop",
        "GITHUB_RUN_ID": "77",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    with webhook_receiver() as (hook, url):
        notify = f'notify:\n  webhooks:\n    - {{url: "{url}/h/{SECRET}", format: generic}}\n'
        config = tmp_path / "launchgate.yml"
        config.write_text(shop.config(notify))
        code, text = _check_notify(config, capsys)
        assert code == 0
        line = next(x for x in text.splitlines() if " · UP · " in x)
        assert float(line.rsplit(" · ", 1)[1].rstrip("s")) < 60  # the run's own duration
        shop.web.route(WWW, "/health", BROKEN)
        codes = [_check_notify(config, capsys)[0] for _ in range(3)]
        assert codes == [1, 1, 1]
        assert len(hook.requests) == 1  # the second failing job confirms it; the third is quiet
        down = hook.requests[0][1]
        assert (
            down["verdict"] == "down"
            and down["link"] == "https://github.com/o/shop/actions/runs/77"
        )
        shop.healthy()
        assert [_check_notify(config, capsys)[0] for _ in range(2)] == [0, 0]
        assert [b["verdict"] for _, b in hook.requests] == ["down", "recovered"]
    state = json.loads((tmp_path / "state" / "monitor.json").read_text())
    assert state["version"] == 1 and all(c["state"] == "up" for c in state["checks"].values())


def test_check_notify_reports_a_dead_channel_and_exits_2(
    tmp_path: Path, shop: Shop, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "ONE_SHOT_WAIT", 10.0)
    notify = f'notify:\n  on: always\n  webhooks:\n    - {{url: "http://127.0.0.1:{free_port()}/h/{SECRET}"}}\n'
    config = tmp_path / "launchgate.yml"
    config.write_text(shop.config(notify))
    code, text = _check_notify(config, capsys)
    assert code == 2
    assert "NOT delivered: connect: 127.0.0.1 refused the connection" in text
    assert SECRET not in text


def test_watch_stops_within_a_second_on_sigterm_and_sigint_even_mid_run(
    tmp_path: Path, shop: Shop
) -> None:
    config = tmp_path / "launchgate.yml"
    config.write_text(shop.config())
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = subprocess.Popen(
            [sys.executable, "-m", "launchgate", "watch", "-c", str(config), "--interval", "100ms"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        seen = [proc.stdout.readline() for _ in range(3)]  # the banner and two runs
        assert " · UP · " in seen[2], seen
        shop.dns.behave(silent=True)  # the next run waits on a resolver that never answers
        time.sleep(0.3)
        proc.send_signal(sig)
        started = time.monotonic()
        out, err = proc.communicate(timeout=5)
        assert time.monotonic() - started < 1.0
        assert proc.returncode == 0, err
        assert "stopped after" in out
        shop.dns.behave()


def test_watch_survives_an_unreachable_resolver_and_a_crashing_run(
    tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "launchgate.yml"
    dead = f"127.0.0.1:{free_port()}"
    config.write_text(
        shop.config().replace(shop.dns.address, dead).replace("timeout: 1s", "timeout: 300ms")
    )
    calls = {"n": 0}
    real = service.run_gate

    def sometimes_crash(*args: object, **kw: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "run_gate", sometimes_crash)
    log: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            log.append(text)

        def flush(self) -> None:
            pass

    assert service.run_watch(config, "50ms", 3, {}, Out(), threading.Event()) == 0  # type: ignore[arg-type]
    runs = [line for line in log if " · DOWN " in line or " · UP · " in line]
    assert len(runs) == 3, log
    assert "went down" in runs[-1]  # the resolver is still dead on the third run
    assert "stopped after 3 run(s)" in log[-1]


def test_watch_without_anything_to_watch_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "launchgate.yml"
    config.write_text("version: 1\nenv: {}\n")
    assert main(["watch", "-c", str(config), "--count", "1"]) == 2
    assert "watch has nothing to check" in capsys.readouterr().err
