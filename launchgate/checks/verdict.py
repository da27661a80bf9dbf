"""The outcome of a pure judgement, turned into a Result by the check modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # at run time only its methods are used; importing it would be circular
    from launchgate.core.model import Result
    from launchgate.core.rules import Rule


@dataclass(frozen=True)
class Verdict:
    """``status`` is "pass", "warn", "fail" or "error" (could not verify); one-line message."""

    status: str
    message: str
    details: tuple[str, ...] = ()
    remediation: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def with_message_suffix(self, suffix: str) -> Verdict:
        return replace(self, message=self.message + suffix)


def to_result(
    rule: Rule, verdict: Verdict, target: str, data: Mapping[str, Any] | None = None
) -> Result:
    """The Result of ``rule`` for ``target`` that ``verdict`` describes."""
    merged = {**verdict.data, **(data or {})}
    if verdict.status == "pass":
        return rule.passed(verdict.message, target, details=verdict.details, data=merged)
    builder = {"warn": rule.warn, "error": rule.error}.get(verdict.status, rule.fail)
    return builder(
        verdict.message,
        target,
        details=verdict.details,
        data=merged,
        remediation=verdict.remediation,
    )
