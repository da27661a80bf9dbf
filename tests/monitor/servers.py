"""Loopback receivers for the monitor tests: an SMTP server (aiosmtpd, STARTTLS with a trustme
certificate, AUTH) and webhook receivers (recording; failing then answering; never answering)."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's own deprecation notice


@dataclass
class MailBox:
    messages: list[Message] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    event: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.event:
            self.raw.append(envelope.content)
            self.messages.append(message_from_bytes(envelope.content, policy=default))
            self.event.notify_all()
        return "250 OK"

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Message]:
        with self.event:
            self.event.wait_for(lambda: len(self.messages) >= n, timeout)
            return list(self.messages)


class _Authenticator:
    def __init__(self, box: MailBox, user: str, password: str) -> None:
        self.box, self.user, self.password = box, user, password

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        if ok:
            self.box.logins.append(self.user)
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(
    ca: trustme.CA, user: str, password: str, tls: bool = True
) -> Iterator[tuple[MailBox, int]]:
    """An SMTP server on 127.0.0.1 that requires STARTTLS then AUTH (PLAIN/LOGIN)."""
    box = MailBox()
    kwargs: dict[str, Any] = {}
    if tls:
        cert = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        kwargs = {"tls_context": context, "require_starttls": True}
    port = free_port()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        authenticator=_Authenticator(box, user, password),
        auth_required=True,
        auth_require_tls=tls,
        **kwargs,
    )
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@dataclass
class Hook:
    """What a webhook receiver got: path and parsed JSON body of each POST."""

    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_first: int = 0  # answer 500 to this many requests first
    hang: bool = False
    status: int = 200  # the answer to every other request
    cond: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, n: int, timeout: float = 10.0) -> list[tuple[str, dict[str, Any]]]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.requests) >= n, timeout)
            return list(self.requests)


def _handler(hook: Hook) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if hook.hang:
                threading.Event().wait(30)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with hook.cond:
                if hook.fail_first > 0:
                    hook.fail_first -= 1
                    status = 500
                else:
                    status = hook.status
                    hook.requests.append((self.path, json.loads(body)))
                    hook.cond.notify_all()
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def webhook_receiver(
    fail_first: int = 0, hang: bool = False, status: int = 200
) -> Iterator[tuple[Hook, str]]:
    """A receiver on 127.0.0.1; yields it and its base URL ``http://127.0.0.1:PORT``."""
    hook = Hook(fail_first=fail_first, hang=hang, status=status)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hook))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield hook, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_ca(ca: trustme.CA, path: Path) -> Path:
    ca.cert_pem.write_to_path(str(path))
    return path
