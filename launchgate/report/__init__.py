"""Report formats: one module each, each a ``render(report) -> str``; ``write.py`` does the I/O."""

from __future__ import annotations

from collections.abc import Callable

from launchgate.core.model import GateReport
from launchgate.report import codequality, handover, json, junit, markdown, sarif

FORMATS: dict[str, Callable[[GateReport], str]] = {
    "junit": junit.render,
    "json": json.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
    "handover": handover.render,
    "codequality": codequality.render,
}
