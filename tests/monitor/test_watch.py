"""`launchgate watch` against the real loopback shop: break it four ways while the loop runs
and check what every channel receives (webhooks, email), and what never leaks."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from launchgate.monitor.service import run_watch
from tests.monitor.conftest import SMTP_PASSWORD, SMTP_USER
from tests.monitor.servers import Hook, MailBox, free_port, webhook_receiver
from tests.monitor.shop import BROKEN, WWW, Shop

SLACK_SECRET = "T0SECRET/B0SECRET/slackSecretPath0123"
GENERIC_SECRET = "genericSecretPath4567"
FLAKY_SECRET = "flakySecretPath8901"
DEAD_SECRET = "deadSecretPath2345"
CLOSED_SECRET = "closedSecretPath6789"
SECRETS = (SLACK_SECRET, GENERIC_SECRET, FLAKY_SECRET, DEAD_SECRET, CLOSED_SECRET, SMTP_PASSWORD)
RUN_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\S+ · (UP|DOWN \d+) · ")
CONFIRM = 2


class Log:
    """The watch's output stream, shared by the loop and the delivery threads."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        with self._lock:
            self._lines += text.splitlines()

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def runs(self) -> list[str]:
        return [line for line in self.lines() if RUN_LINE.match(line)]


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@dataclass
class Channels:
    slack: Hook
    generic: Hook
    flaky: Hook
    mail: MailBox
    notify: str

    def received(self) -> list[int]:
        return [
            len(self.slack.requests),
            len(self.generic.requests),
            len(self.flaky.requests),
            len(self.mail.messages),
        ]


@contextmanager
def channels(smtp: tuple[MailBox, int]) -> Iterator[Channels]:
    with ExitStack() as stack:
        slack, slack_url = stack.enter_context(webhook_receiver())
        generic, generic_url = stack.enter_context(webhook_receiver())
        flaky, flaky_url = stack.enter_context(webhook_receiver(fail_first=1))
        _dead, dead_url = stack.enter_context(webhook_receiver(hang=True))
        box, port = smtp
        notify = f"""\
notify:
  webhooks:
    - {{url: "{slack_url}/services/{SLACK_SECRET}", format: slack}}
    - {{url: "{generic_url}/hook/{GENERIC_SECRET}", format: generic}}
    - {{url: "{flaky_url}/hook/{FLAKY_SECRET}", format: discord}}
    - {{url: "{dead_url}/hook/{DEAD_SECRET}", format: teams}}
    - {{url: "http://127.0.0.1:{free_port()}/hook/{CLOSED_SECRET}", format: generic}}
  email:
    smtp: "127.0.0.1:{port}"
    security: starttls
    username: {SMTP_USER}
    password: "${{SMTP_PASSWORD}}"
    from: alerts@shop.test
    to: [founder@shop.test]
"""
        yield Channels(slack, generic, flaky, box, notify)


@contextmanager
def watching(
    config: Path, env: dict[str, str]
) -> Iterator[tuple[Log, threading.Event, threading.Thread]]:
    log, stop = Log(), threading.Event()
    thread = threading.Thread(
        target=run_watch, args=(config, None, None, env, log, stop, (0.1, 0.2, 0.4)), daemon=True
    )
    thread.start()
    try:
        yield log, stop, thread
    finally:
        stop.set()
        thread.join(5)


def _stop_https(shop: Shop) -> None:
    shop.switch.off()


def _health_503(shop: Shop) -> None:
    shop.web.route(WWW, "/health", BROKEN)


def _dns_answer(shop: Shop) -> None:
    shop.dns.set(WWW, "A", "127.0.0.2")


def _expired_certificate(shop: Shop) -> None:
    shop.web.host(WWW, cert="expired")


BREAKS = {
    "stop-https": (_stop_https, "tls.handshake:", "connect"),
    "health-503": (_health_503, "http.status:", "app"),
    "dns-answer": (_dns_answer, "dns.records:", "dns"),
    "expired-certificate": (_expired_certificate, "tls.", "tls"),
}


def _root_changes(payload: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    changes = [c for c in payload["changes"] if c["kind"] == kind]
    ids = {c["check_id"] for c in changes}
    return [c for c in changes if c["caused_by"] not in ids]


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_break_alerts_once_per_channel_and_its_fix_once(
    name: str, shop: Shop, smtp: tuple[MailBox, int], tmp_path: Path
) -> None:
    breaker, root_prefix, layer = BREAKS[name]
    with channels(smtp) as ch:
        config = tmp_path / "launchgate.yml"
        config.write_text(shop.config(ch.notify, confirm=CONFIRM))
        with watching(config, {"SMTP_PASSWORD": SMTP_PASSWORD}) as (log, stop, thread):
            wait_until(lambda: len(log.runs()) >= 2)
            assert all(" · UP · " in line for line in log.runs()), log.lines()
            assert ch.received() == [0, 0, 0, 0]

            before = len(log.runs())
            breaker(shop)
            wait_until(lambda: min(ch.received()) >= 1)
            after_break = log.runs()[before:]
            went_down = next(i for i, line in enumerate(after_break) if "went down" in line)
            failing_before = [
                line for line in after_break[:went_down] if "fail" in line or "error" in line
            ]
            assert len(failing_before) <= CONFIRM - 1, after_break  # never before `confirm` runs

            # It stays down for several more runs: nothing new arrives anywhere.
            seen = len(log.runs())
            wait_until(lambda: len(log.runs()) >= seen + 4)
            assert ch.received() == [1, 1, 1, 1], log.lines()

            down = ch.generic.requests[0][1]
            assert down["verdict"] == "down"
            roots = _root_changes(down, "down")
            assert len(roots) == 1, down["changes"]
            assert roots[0]["check_id"].startswith(root_prefix) and roots[0]["layer"] == layer

            shop.healthy()
            wait_until(lambda: min(ch.received()) >= 2)
            seen = len(log.runs())
            wait_until(lambda: len(log.runs()) >= seen + 3)
            assert ch.received() == [2, 2, 2, 2], log.lines()
            assert ch.generic.requests[1][1]["verdict"] == "recovered"
            assert ch.generic.requests[1][1]["changes"][0]["downtime"] is not None

            stop.set()
            started = time.monotonic()
            thread.join(5)
            assert not thread.is_alive() and time.monotonic() - started < 1.0

    outage, recovery = ch.mail.messages[:2]
    assert outage["Subject"].startswith("[launchgate] DOWN: ")
    assert recovery["Subject"].startswith("[launchgate] RECOVERED: ")
    assert outage["Message-ID"] in recovery["References"]
    assert recovery["In-Reply-To"] == outage["Message-ID"]
    assert ch.mail.logins == [SMTP_USER, SMTP_USER]
    assert f"{root_prefix}" in outage.get_content()

    slack_down = ch.slack.requests[0][1]
    assert slack_down["blocks"][0]["type"] == "header"
    assert ch.flaky.requests[0][1]["allowed_mentions"] == {"parse": []}  # got it on the retry

    log_text = "\n".join(log.lines())
    # A channel that never answers holds up nothing (the runs above went on), and one whose
    # port is closed is given up after its retries, with the reason, each time.
    assert not [line for line in log.lines() if "teams webhook" in line and "delivered" in line]
    refused = [line for line in log.lines() if "NOT delivered: connect: 127.0.0.1 refused" in line]
    assert len(refused) == 2, log_text
    assert "after 2 attempts" in log_text  # the 500-then-200 channel
    everything = [
        log_text,
        *(json.dumps(b) for h in (ch.slack, ch.generic, ch.flaky) for _, b in h.requests),
    ]
    everything += [raw.decode("utf-8", "replace") for raw in ch.mail.raw]
    for text in everything:
        for secret in SECRETS:
            assert secret not in text
