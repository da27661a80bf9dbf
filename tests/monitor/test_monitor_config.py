"""The monitor: and notify: sections, as the issue writes them, and their errors."""

from __future__ import annotations

import pytest

from launchgate.config.load import ConfigError, parse_config
from launchgate.gate import GateOptions, make_context

HOOK = "https://hooks.slack.com/services/T0001/B0002/sEcReTpAtH0123456789"
ENV = {"SLACK_WEBHOOK_URL": HOOK, "SMTP_USER": "alerts-login", "SMTP_PASSWORD": "pw-3xtr4-s3cret"}
ISSUE_CONFIG = """\
version: 1
monitor:
  interval: 60s
  areas: [dns, email, tls, http]
  confirm: 2
  state: .launchgate/state.json
notify:
  on: change
  webhooks:
    - url: ${SLACK_WEBHOOK_URL}
      format: slack
  email:
    smtp: smtp.example.com:587
    security: starttls
    username: ${SMTP_USER}
    password: ${SMTP_PASSWORD}
    from: alerts@shop.example
    to: [founder@shop.example]
"""


def test_the_issues_sections_load_as_written() -> None:
    config = parse_config(ISSUE_CONFIG, ENV, "launchgate.yml")
    assert config.monitor is not None and config.notify is not None
    assert (config.monitor.interval, config.monitor.confirm) == (60.0, 2)
    assert config.monitor.areas == ("dns", "email", "tls", "http")
    assert config.notify.on == "change"
    assert config.notify.webhooks[0].format == "slack"
    assert config.notify.email is not None and config.notify.email.to == ("founder@shop.example",)


def test_defaults_alert_within_two_minutes() -> None:
    config = parse_config("version: 1\nmonitor: {}\n", {})
    assert config.monitor is not None
    assert config.monitor.interval * config.monitor.confirm <= 60


def test_the_redactor_knows_every_notify_secret_before_anything_runs() -> None:
    config = parse_config(ISSUE_CONFIG, ENV, "launchgate.yml")
    ctx = make_context(config, GateOptions(), {})
    text = f"POST {HOOK} failed; path /services/T0001/B0002/sEcReTpAtH0123456789; {ENV['SMTP_PASSWORD']}"
    scrubbed = ctx.redactor.scrub(text)
    for secret in ("sEcReTpAtH0123456789", ENV["SMTP_PASSWORD"]):
        assert secret not in scrubbed


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("https://hooks", "http://hooks"), "notify.webhooks[0].url: must be https"),
        (("security: starttls", "security: none"), "allowed only to a relay on this machine"),
        (("from: alerts@shop.example", "from: 'Alerts <a@b.c>'"), "is not an email address"),
        (("format: slack", "format: slak"), "did you mean 'slack'"),
        (("confirm: 2", "confirm: 0"), "monitor.confirm must be between 1 and 100"),
        (("    password: ${SMTP_PASSWORD}\n", ""), "give both username and password"),
    ],
)
def test_config_errors_name_the_line_and_never_echo_the_webhook(
    change: tuple[str, str], expected: str
) -> None:
    env = (
        {**ENV, "SLACK_WEBHOOK_URL": HOOK.replace("https://", "http://")}
        if "http://" in change[1]
        else ENV
    )
    text = ISSUE_CONFIG.replace(*change) if change[0] != "https://hooks" else ISSUE_CONFIG
    with pytest.raises(ConfigError) as info:
        parse_config(text, env, "launchgate.yml")
    message = str(info.value)
    assert expected in message
    assert message.startswith("launchgate.yml:")
    assert "sEcReTpAtH" not in message


def test_an_http_webhook_is_fine_on_loopback() -> None:
    config = parse_config(ISSUE_CONFIG, {**ENV, "SLACK_WEBHOOK_URL": "http://127.0.0.1:9/hook"})
    assert config.notify is not None and config.notify.webhooks[0].url.startswith("http://127")
