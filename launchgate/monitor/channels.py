"""Delivery: webhooks through ``requests`` (which honours HTTPS_PROXY/NO_PROXY and
REQUESTS_CA_BUNDLE), mail through ``smtplib``. Each send raises ``DeliveryError`` with a
reason a person can act on (DNS, TLS, HTTP status, SMTP reply) that never holds the webhook's
secret path or the SMTP password: reasons are built from the error's type and the host only.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

import requests

from launchgate.config.convert import split_host_port

CONNECT_TIMEOUT, READ_TIMEOUT = 5.0, 10.0
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class DeliveryError(Exception):
    """A message that did not arrive; ``retry`` says whether trying again can help."""

    def __init__(self, reason: str, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


def public_name(url: str) -> str:
    """``https://hooks.slack.com/…``: what may be shown of a webhook URL (its path is a secret)."""
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.hostname or '?'}{':' + str(parts.port) if parts.port else ''}/…"
    )


@dataclass(frozen=True)
class WebhookChannel:
    url: str
    format: str

    @property
    def name(self) -> str:
        return f"{self.format} webhook {public_name(self.url)}"

    def send(self, payload: dict[str, object], session: requests.Session) -> None:
        try:
            response = session.post(
                self.url,
                json=payload,
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                allow_redirects=False,
                headers={"User-Agent": "launchgate-notify"},
            )
        except requests.RequestException as exc:
            raise webhook_error(exc, self.url) from None
        if response.status_code >= 300:
            raise status_error(response.status_code, response.reason)


def status_error(status: int, reason: str | None) -> DeliveryError:
    words = f"HTTP {status} {clean_reason(reason)}".strip()
    if status in (401, 403, 404, 410):
        return DeliveryError(f"{words}: the webhook URL is wrong or was revoked", False)
    if 300 <= status < 400:
        return DeliveryError(f"{words}: the webhook URL redirects (use the final URL)", False)
    return DeliveryError(words, status == 429 or status >= 500)


def clean_reason(reason: str | None, limit: int = 60) -> str:
    return "".join(ch for ch in (reason or "")[:limit] if ch.isprintable())


def webhook_error(exc: requests.RequestException, url: str) -> DeliveryError:
    host = urlsplit(url).hostname or "?"
    text = repr(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        why = "certificate rejected" if "CERTIFICATE_VERIFY_FAILED" in text else "handshake failed"
        return DeliveryError(f"TLS: {why} by {host}", False)
    if isinstance(exc, requests.exceptions.ProxyError):
        return DeliveryError("connect: the proxy (HTTPS_PROXY) refused or failed", True)
    if isinstance(exc, requests.exceptions.Timeout):
        return DeliveryError(f"timeout: {host} did not answer in time", True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if (
            "NameResolutionError" in text
            or "Name or service not known" in text
            or "gaierror" in text
        ):
            return DeliveryError(f"DNS: {host} does not resolve", True)
        if "Connection refused" in text or "ConnectionRefusedError" in text:
            return DeliveryError(f"connect: {host} refused the connection", True)
        return DeliveryError(f"connect: could not reach {host}", True)
    return DeliveryError(f"request failed ({type(exc).__name__})", False)


@dataclass(frozen=True)
class EmailChannel:
    smtp: str
    security: str
    username: str | None
    password: str | None
    ca_file: str | None = None

    @property
    def name(self) -> str:
        return f"email via {self.smtp} ({self.security})"

    def endpoint(self) -> tuple[str, int]:
        host, port = split_host_port(self.smtp)
        return host, port or DEFAULT_PORTS[self.security]

    def send(self, message: EmailMessage) -> None:
        host, port = self.endpoint()
        try:
            self._send(host, port, message)
        except DeliveryError:
            raise
        except Exception as exc:
            raise smtp_error(exc, host) from None

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context

    def _send(self, host: str, port: int, message: EmailMessage) -> None:
        timeout = CONNECT_TIMEOUT + READ_TIMEOUT
        if self.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=self._context()
            )
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            client.ehlo()
            if self.security == "starttls":
                if not client.has_extn("starttls"):
                    raise DeliveryError(f"SMTP: {host} does not offer STARTTLS", False)
                client.starttls(context=self._context())
                client.ehlo()
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


def smtp_error(exc: BaseException, host: str) -> DeliveryError:
    if isinstance(exc, socket.gaierror):
        return DeliveryError(f"DNS: {host} does not resolve", True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(f"TLS: certificate of {host} rejected ({exc.verify_message})", False)
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(f"TLS: handshake with {host} failed ({exc.reason})", False)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"SMTP {exc.smtp_code}: login refused ({_reply(exc.smtp_error)})", False
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = ", ".join(f"{r}: {c}" for r, (c, _m) in list(exc.recipients.items())[:3])
        return DeliveryError(f"SMTP: recipients refused ({codes})", False)
    if isinstance(exc, smtplib.SMTPResponseException):
        retry = 400 <= exc.smtp_code < 500
        return DeliveryError(f"SMTP {exc.smtp_code}: {_reply(exc.smtp_error)}", retry)
    if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionResetError)):
        return DeliveryError(f"SMTP: {host} closed the connection", True)
    if isinstance(exc, ConnectionRefusedError):
        return DeliveryError(f"connect: {host} refused the connection", True)
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return DeliveryError(f"timeout: {host} did not answer in time", True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"SMTP: {host} does not support that ({_reply(str(exc))})", False)
    if isinstance(exc, OSError):
        return DeliveryError(f"connect: could not reach {host} ({exc.strerror or 'error'})", True)
    return DeliveryError(f"SMTP: failed ({type(exc).__name__})", False)


def _reply(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return clean_reason(" ".join(text.split()), 160)
