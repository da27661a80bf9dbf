"""Webhook payloads: Slack (Block Kit), Discord (embed), Teams (Adaptive Card), generic JSON.

Outside text is escaped for each format's markup, so no server named in the config can put a
link or a mention in an alert: Slack's ``<!channel>``-style tags lose their ``<``, Discord's
``allowed_mentions`` is empty and its Markdown is escaped, Teams' link syntax is broken up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from launchgate.monitor.message import Alert, clean, render_text, sections, subject

FORMAT_VERSION = 1
_COLOR = {"down": "#d73a49", "still_down": "#d73a49", "recovered": "#28a745", "up": "#28a745"}
_TEAMS_COLOR = {"down": "attention", "still_down": "attention", "recovered": "good", "up": "good"}
SLACK_SECTION_MAX = 2900  # Slack refuses a section text over 3000 characters
DISCORD_DESCRIPTION_MAX = 4000  # embed description limit 4096


def _title(alert: Alert) -> str:
    return subject(alert).removeprefix("[launchgate] ")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_escape(text: str) -> str:
    """Slack's three control characters (it has no other escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(alert: Alert) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _truncate(_title(alert), 150)},
        }
    ]
    for title, lines in sections(alert) or [("", render_text(alert).splitlines()[2:])]:
        body = "\n".join(slack_escape(line) for line in lines)
        text = f"*{title}*\n{body}" if title else body
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _truncate(text, SLACK_SECTION_MAX)},
            }
        )
    context = f"{slack_escape(clean(alert.project, 80) or 'launchgate')} · {alert.at}"
    if alert.link:
        context += f" · <{slack_escape(alert.link)}|open the run>"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": slack_escape(_title(alert)), "blocks": blocks[:50]}


def discord_escape(text: str) -> str:
    """Markdown characters shown as themselves (a host name like ``_a_.example`` stays as is)."""
    return "".join("\\" + ch if ch in "\\*_~`|>[]()#" else ch for ch in text)


def discord(alert: Alert) -> dict[str, Any]:
    parts = []
    for title, lines in sections(alert):
        parts.append(f"**{title}**\n" + "\n".join(discord_escape(line) for line in lines))
    if not parts:
        parts.append(discord_escape(render_text(alert).strip()))
    embed: dict[str, Any] = {
        "title": _truncate(_title(alert), 256),
        "description": _truncate("\n\n".join(parts), DISCORD_DESCRIPTION_MAX),
        "color": int(_COLOR.get(alert.verdict, "#6f42c1")[1:], 16),
        "timestamp": alert.at,
        "footer": {"text": _truncate(clean(alert.project, 80) or "launchgate", 2048)},
    }
    if alert.link:
        embed["url"] = alert.link
    return {"username": "launchgate", "embeds": [embed], "allowed_mentions": {"parse": []}}


def teams_escape(text: str) -> str:
    """Adaptive Card text is Markdown with no escape character: break link syntax instead."""
    return text.replace("](", "] (").replace("<", "‹").replace(">", "›")


def teams(alert: Alert) -> dict[str, Any]:
    """A Teams Workflows webhook message holding one Adaptive Card (1.4)."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": _title(alert),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            "color": _TEAMS_COLOR.get(alert.verdict, "default"),
        }
    ]
    for title, lines in sections(alert) or [("", render_text(alert).splitlines()[2:])]:
        if title:
            body.append({"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True})
        text = "\n\n".join(teams_escape(line) for line in lines)
        body.append({"type": "TextBlock", "text": text, "wrap": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if alert.link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open the run", "url": alert.link}]
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": card,
    }
    return {"type": "message", "attachments": [attachment]}


def generic(alert: Alert) -> dict[str, Any]:
    """Everything as data, for any receiver: verdict, changes, failing results, the text."""
    return {
        "source": "launchgate",
        "format_version": FORMAT_VERSION,
        "project": alert.project,
        "at": alert.at,
        "verdict": alert.verdict,
        "summary": _title(alert),
        "changes": [dataclasses.asdict(c) | {"alert_id": None} for c in alert.changes],
        "results": list(alert.results),
        "link": alert.link,
        "text": render_text(alert),
    }


FORMATTERS: dict[str, Callable[[Alert], dict[str, Any]]] = {
    "slack": slack,
    "discord": discord,
    "teams": teams,
    "generic": generic,
}
