"""One alert per run that changed something, and its plain-text form (email body, logs).

Every string in an alert comes from results (host names, server answers: data from outside),
so rendering strips control characters, and the channel formats escape their own markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from launchgate.core.diagnosis import LAYER_LABEL
from launchgate.monitor.transitions import Change

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
KIND_TITLE = {"down": "DOWN", "recovered": "RECOVERED", "still_down": "STILL DOWN"}
MAX_LISTED = 20  # per section; a message stays readable when a whole zone goes away


@dataclass(frozen=True)
class Alert:
    """What one run has to say. ``changes`` holds down, recovered and still-down checks."""

    project: str
    at: str  # ISO 8601, UTC
    changes: tuple[Change, ...]
    message_id: str
    references: tuple[str, ...] = ()  # outage alerts a recovery answers (email threading)
    link: str | None = None  # the CI run
    checked: int = 0  # results in the run
    test: bool = False
    results: tuple[dict[str, Any], ...] = field(default=())  # failing results (generic JSON)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def verdict(self) -> str:
        """``test``, ``down`` (something went down), ``recovered``, ``still_down`` or ``up``."""
        if self.test:
            return "test"
        for kind in ("down", "recovered", "still_down"):
            if self.of(kind):
                return kind
        return "up"


def clean(text: str, limit: int = 500) -> str:
    """One line of outside text: no control or direction characters, bounded length."""
    one = " ".join(_CONTROL.sub(" ", text).split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def roots(changes: Sequence[Change]) -> list[tuple[Change, list[Change]]]:
    """Changes with the ones that follow from them folded under them, causes first."""
    ids = {c.check_id for c in changes}
    out: list[tuple[Change, list[Change]]] = []
    for change in changes:
        if change.caused_by and change.caused_by in ids:
            continue
        out.append((change, [c for c in changes if c.caused_by == change.check_id]))
    return out


def target_and_rule(check_id: str) -> tuple[str, str]:
    rule, _, target = check_id.partition(":")
    return (target or rule), rule


def headline(change: Change) -> str:
    """``DNS: www.shop.example does not resolve …``: the layer leads."""
    label = LAYER_LABEL.get(change.layer or "", "")
    message = clean(change.message, 300)
    return f"{label}: {message}" if label else message


def subject(alert: Alert) -> str:
    """``[launchgate] DOWN: https://shop.example/login (http.status)``, and ``+N more``."""
    if alert.test:
        return f"[launchgate] TEST: {clean(alert.project or 'notifications', 60)} alerts work"
    parts = []
    for kind in ("down", "recovered", "still_down"):
        top = roots(alert.of(kind))
        if top:
            target, rule = target_and_rule(top[0][0].check_id)
            more = f" +{len(top) - 1} more" if len(top) > 1 else ""
            parts.append(f"{KIND_TITLE[kind]}: {clean(target, 80)} ({rule}){more}")
    if not parts:
        return f"[launchgate] UP: {clean(alert.project, 60) or 'every check'} passes"
    return "[launchgate] " + "; ".join(parts[:2])


def when(iso: str | None) -> str:
    """``2026-12-04 17:39 UTC`` from an ISO timestamp."""
    if not iso:
        return "unknown"
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return clean(iso, 40)


def duration(seconds: float | None) -> str:
    """``4m 12s``, ``2h 5m``, ``3d 1h``."""
    if seconds is None:
        return "an unknown time"
    total = max(0, round(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


def change_line(change: Change) -> str:
    """One line per check: severity, id, layer-led message, since when (or downtime)."""
    head = f"[{change.severity}] {clean(change.check_id, 200)}: {headline(change)}"
    if change.kind == "recovered":
        return f"{head} (was down {duration(change.downtime)}, since {when(change.since)})"
    return f"{head} (since {when(change.since)})"


def sections(alert: Alert) -> list[tuple[str, list[str]]]:
    """(title, lines) per kind of change; consequences indented under their cause."""
    out = []
    for kind in ("down", "recovered", "still_down"):
        groups = roots(alert.of(kind))
        if not groups:
            continue
        lines: list[str] = []
        for cause, following in groups[:MAX_LISTED]:
            lines.append(change_line(cause))
            if following:
                lines.append(f"    {len(following)} more check(s) fail because of it:")
                lines += [f"    - {clean(c.check_id, 200)}" for c in following[:MAX_LISTED]]
        if len(groups) > MAX_LISTED:
            lines.append(f"… and {len(groups) - MAX_LISTED} more")
        out.append((f"{KIND_TITLE[kind]} ({len(groups)})", lines))
    return out


def render_text(alert: Alert) -> str:
    """The plain-text alert: email body, generic webhooks' ``text``, the fallback everywhere."""
    project = clean(alert.project, 80) or "launchgate"
    lines = [f"{project} · {when(alert.at)}"]
    if alert.test:
        lines += ["", "This is a test message from `launchgate notify --test`: this channel works."]
    for title, body in sections(alert):
        lines += ["", title, *[f"- {line}" if not line.startswith(" ") else line for line in body]]
    if not alert.test and alert.verdict == "up":
        lines += ["", f"Every check passes ({alert.checked} checked)."]
    if alert.link:
        lines += ["", f"Run: {alert.link}"]
    return "\n".join(lines) + "\n"
