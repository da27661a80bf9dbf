"""From a run to the messages it owes: the alert of a step, and the senders of every channel."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from launchgate.config.model import GateConfig
from launchgate.core.model import GateReport, Result
from launchgate.core.redact import Redactor
from launchgate.monitor.channels import EmailChannel, WebhookChannel
from launchgate.monitor.cilink import run_link
from launchgate.monitor.formats import FORMATTERS
from launchgate.monitor.mail import build_email, new_message_id
from launchgate.monitor.message import Alert
from launchgate.monitor.transitions import Step, with_alert_id


@dataclass(frozen=True)
class Sender:
    """One channel: its public name and how to send an alert to it."""

    name: str
    send: Callable[[Alert], None]


def senders(config: GateConfig, base_dir: Path, redactor: Redactor) -> list[Sender]:
    """Every configured channel; payloads pass through the redactor on their way out."""
    notify = config.notify
    if notify is None:
        return []
    out: list[Sender] = []
    session = requests.Session()
    for hook in notify.webhooks:
        channel = WebhookChannel(hook.url, hook.format)
        out.append(Sender(channel.name, _webhook_sender(channel, session, redactor)))
    mail = notify.email
    if mail is not None:
        bundle = config.network.ca_bundle
        ca_file = str(base_dir / bundle) if bundle else None
        channel_ = EmailChannel(mail.smtp, mail.security, mail.username, mail.password, ca_file)
        out.append(Sender(channel_.name, _email_sender(channel_, mail.from_, mail.to, redactor)))
    return out


def _webhook_sender(
    channel: WebhookChannel, session: requests.Session, redactor: Redactor
) -> Callable[[Alert], None]:
    def send(alert: Alert) -> None:
        payload = redactor.scrub_any(FORMATTERS[channel.format](alert))
        channel.send(payload, session)

    return send


def _email_sender(
    channel: EmailChannel, sender: str, to: Sequence[str], redactor: Redactor
) -> Callable[[Alert], None]:
    def send(alert: Alert) -> None:
        channel.send(build_email(redactor.scrub_any(alert), sender, to))

    return send


def failing_summary(results: Sequence[Result]) -> tuple[dict[str, Any], ...]:
    """The failing results of the run, for the generic JSON payload."""
    return tuple(
        {
            "id": r.check_id,
            "status": r.status.value,
            "severity": r.severity.value,
            "layer": r.layer,
            "caused_by": r.caused_by,
            "message": r.message,
        }
        for r in results
        if r.is_problem
    )


def alert_for(
    step: Step,
    report: GateReport,
    config: GateConfig,
    environ: Mapping[str, str],
    now: str,
) -> tuple[Step, Alert]:
    """The alert of this run; the step remembers its Message-ID on the checks it reports down."""
    sender = config.notify.email.from_ if config.notify and config.notify.email else None
    message_id = new_message_id(sender)
    step = with_alert_id(step, message_id)
    references = tuple(dict.fromkeys(c.alert_id for c in step.of("recovered") if c.alert_id))
    alert = Alert(
        project=config.project,
        at=now,
        changes=step.changes,
        message_id=message_id,
        references=references,
        link=run_link(environ),
        checked=len(report.results),
        results=failing_summary(report.results),
    )
    return step, alert


def test_alert(config: GateConfig, environ: Mapping[str, str], now: str) -> Alert:
    sender = config.notify.email.from_ if config.notify and config.notify.email else None
    return Alert(
        project=config.project,
        at=now,
        changes=(),
        message_id=new_message_id(sender),
        link=run_link(environ),
        test=True,
    )
