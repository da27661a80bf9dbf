"""The ``monitor:`` and ``notify:`` sections: what `launchgate watch` runs, where alerts go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from launchgate.config.convert import (
    Duration,
    EmailAddress,
    HostPort,
    WebhookUrl,
    is_loopback,
    split_host_port,
)


def doc(text: str, **extra: Any) -> Any:
    return {"doc": text, **extra}


MonitorArea = Literal["dns", "email", "tls", "http", "performance"]


@dataclass(frozen=True)
class MonitorConfig:
    """What `launchgate watch` runs, how often, and when a check counts as down."""

    interval: Duration = field(
        default=30.0,
        metadata=doc("Time between the starts of two runs of `launchgate watch`"),
    )
    areas: tuple[MonitorArea, ...] = field(
        default=("dns", "email", "tls", "http"), metadata=doc("Areas each run checks")
    )
    confirm: int = field(
        default=2,
        metadata=doc(
            "Failing runs in a row before a check is down (and passing runs before it recovers)"
        ),
    )
    state: str = field(
        default=".launchgate/state.json",
        metadata=doc("Last known state of every check (in CI: keep it in the cache)"),
    )

    def __post_init__(self) -> None:
        if not 1 <= self.confirm <= 100:
            raise ValueError("monitor.confirm must be between 1 and 100")
        if self.interval < 0.05:
            raise ValueError("monitor.interval must be at least 50ms")


@dataclass(frozen=True)
class Webhook:
    """A chat or incident webhook (its URL holds a secret: give it as ${VARIABLE})."""

    url: WebhookUrl = field(
        metadata=doc("The webhook URL, e.g. ${SLACK_WEBHOOK_URL}", required=True)
    )
    format: Literal["slack", "discord", "teams", "generic"] = field(
        default="generic",
        metadata=doc("Payload format; generic: JSON with verdict, changes and results"),
    )


@dataclass(frozen=True, kw_only=True)
class EmailNotify:
    """Alerts by email through an SMTP server."""

    smtp: HostPort = field(metadata=doc('"host:port" of the SMTP server', required=True))
    security: Literal["starttls", "tls", "none"] = field(
        default="starttls",
        metadata=doc("starttls (port 587), tls (465), none (only to a loopback relay)"),
    )
    username: str | None = field(default=None, metadata=doc("SMTP login, e.g. ${SMTP_USER}"))
    password: str | None = field(default=None, metadata=doc("SMTP password, e.g. ${SMTP_PASSWORD}"))
    from_: EmailAddress = field(metadata=doc("Sender address", key="from", required=True))
    to: tuple[EmailAddress, ...] = field(metadata=doc("Recipients", required=True))

    def __post_init__(self) -> None:
        if self.security == "none" and not is_loopback(split_host_port(self.smtp)[0]):
            raise ValueError(
                "security: none sends alerts and the password in clear: it is allowed only to a "
                "relay on this machine (127.0.0.1, ::1, localhost); use starttls or tls"
            )
        if bool(self.username) != bool(self.password):
            raise ValueError("give both username and password, or neither")
        if not self.to:
            raise ValueError("'to' needs at least one address")


@dataclass(frozen=True)
class NotifyConfig:
    """Where alerts go, and when."""

    on: Literal["change", "failure", "always"] = field(
        default="change",
        metadata=doc(
            "change: only confirmed transitions; failure: also every run with a check down; "
            "always: every run"
        ),
    )
    webhooks: tuple[Webhook, ...] = field(default=(), metadata=doc("Chat and incident webhooks"))
    email: EmailNotify | None = field(default=None, metadata=doc("Email alerts"))

    def secret_values(self) -> list[str]:
        """Webhook URLs (and their secret paths), SMTP credentials: for the redactor."""
        from urllib.parse import urlsplit

        values: list[str] = []
        for hook in self.webhooks:
            parts = urlsplit(hook.url)
            values += [hook.url, parts.path + (f"?{parts.query}" if parts.query else "")]
            values += [parts.query, parts.path.rstrip("/").rsplit("/", 1)[-1]]
        if self.email:
            values += [self.email.username or "", self.email.password or ""]
        return [v for v in values if v and v != "/"]
