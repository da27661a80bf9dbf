"""The alert as an RFC 5322 message: short subject, Message-ID, and References so that a
recovery threads under the outage it ends (mail clients group them in one conversation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from launchgate.monitor.message import Alert, clean, render_text, subject

# CRLF line ends; headers folded only past 200 characters, so a subject is never broken
# right after "Subject:" (some clients then show it with a leading space).
_POLICY = SMTP.clone(max_line_length=200)


def new_message_id(sender: str | None) -> str:
    """``<…@shop.example>``: the sender's domain, not this machine's host name."""
    domain = sender.rpartition("@")[2] if sender and "@" in sender else "launchgate.invalid"
    return make_msgid(idstring="launchgate", domain=clean(domain, 200).replace(" ", ""))


def build_email(alert: Alert, sender: str, recipients: Sequence[str]) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = clean(subject(alert), 200)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(_parse(alert.at))
    message["Message-ID"] = alert.message_id
    if alert.references:
        message["In-Reply-To"] = alert.references[-1]
        message["References"] = " ".join(alert.references)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to alerts
    message["X-Launchgate-Verdict"] = alert.verdict
    message.set_content(render_text(alert))
    return message


def _parse(iso: str) -> datetime:
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return datetime.now(timezone.utc)
