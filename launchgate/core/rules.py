"""What a check is: a rule (what, why, how to fix) and a unit of work the runner schedules.

A check module exposes ``RULES`` (every rule it can report) and ``plan(config) -> list[Check]``.
Each Check's ``run(ctx)`` gathers facts and yields Results; judging lives in pure functions
beside it so that it can be tested without the network.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from launchgate.core.model import Result, Severity, Status
from launchgate.core.redact import Redactor

if TYPE_CHECKING:
    from launchgate.config.model import GateConfig

T = TypeVar("T")


@dataclass(frozen=True)
class Rule:
    """One kind of verdict, e.g. ``email.spf.lookups``. ``explain`` and SARIF read these."""

    id: str
    title: str
    severity: Severity
    what: str
    why: str
    fix: str

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    def result(
        self,
        status: Status,
        message: str,
        target: str | None = None,
        *,
        severity: Severity | None = None,
        details: Iterable[str] = (),
        remediation: str | None = None,
        file: str | None = None,
        line: int | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Result:
        """A Result of this rule; the remediation defaults to the rule's fix."""
        return Result(
            check_id=f"{self.id}:{target}" if target else self.id,
            title=self.title,
            status=status,
            severity=severity or self.severity,
            message=message,
            details=tuple(details),
            remediation=self.fix if remediation is None else remediation,
            file=file,
            line=line,
            data=dict(data or {}),
        )

    def passed(self, message: str, target: str | None = None, **kw: Any) -> Result:
        return self.result(
            Status.PASS, message, target, remediation=kw.pop("remediation", ""), **kw
        )

    def fail(self, message: str, target: str | None = None, **kw: Any) -> Result:
        return self.result(Status.FAIL, message, target, **kw)

    def warn(self, message: str, target: str | None = None, **kw: Any) -> Result:
        return self.result(Status.WARN, message, target, **kw)

    def error(self, message: str, target: str | None = None, **kw: Any) -> Result:
        return self.result(Status.ERROR, message, target, **kw)

    def skip(self, message: str, target: str | None = None, **kw: Any) -> Result:
        return self.result(
            Status.SKIP, message, target, remediation=kw.pop("remediation", ""), **kw
        )


class CheckFamily(Protocol):
    """An area's package: every rule it can report, and the checks a config asks for."""

    RULES: Sequence[Rule]

    def plan(self, config: GateConfig) -> list[Check]: ...


@dataclass(frozen=True)
class Check:
    """A unit of scheduled work. It may yield many results (of several rules).

    ``rule`` and ``target`` name the ERROR result the runner writes when ``run`` raises or
    times out. ``config_key`` (e.g. ``"email.spf"`` or ``"dns.records.0"``) lets the runner
    point results that have no file of their own at the line of launchgate.yml that asked
    for them, so they land on a line in code scanning.
    """

    rule: Rule
    run: Callable[[RunContext], Iterable[Result]]
    target: str | None = None
    config_key: str | None = None
    network: bool = True
    timeout: float | None = None
    phase: str = "main"  # "main" or "performance" (run afterwards, alone)

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.target}" if self.target else self.rule.id

    @property
    def area(self) -> str:
        return self.rule.area


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class RunContext:
    """What a check may use. Everything external is here, so tests pass their own."""

    config: GateConfig
    base_dir: Path
    environ: Mapping[str, str]
    redactor: Redactor = field(default_factory=Redactor)
    offline: bool = False
    verbose: bool = False
    diff_base: str | None = None
    update_baseline: bool = False
    files: tuple[str, ...] | None = None  # pre-commit: restrict file checks to these paths
    now: Callable[[], datetime] = _utcnow
    inventories: dict[str, Any] = field(default_factory=dict)
    _shared: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def shared(self, key: str, factory: Callable[[], T]) -> T:
        """One object per run under ``key`` (a resolver, an HTTP session), made on first use."""
        with self._lock:
            if key not in self._shared:
                self._shared[key] = factory()
            return self._shared[key]  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close the run's shared objects that hold threads or sockets (a resolver's pool):
        a long-running monitor makes one context per run."""
        with self._lock:
            shared = list(self._shared.values())
        for obj in shared:
            close = getattr(obj, "close", None)
            if callable(close):
                with contextlib.suppress(Exception):  # best effort: the run's verdict stands
                    close()

    def path(self, relative: str | Path) -> Path:
        """A path from the config, relative to the directory of launchgate.yml."""
        p = Path(relative)
        return p if p.is_absolute() else self.base_dir / p

    def add_inventory(self, name: str, value: Any) -> None:
        with self._lock:
            self.inventories[name] = value


NOT_IMPLEMENTED = "not implemented yet"

PLAN_RULE = Rule(
    id="core.plan",
    title="Checks could be planned",
    severity=Severity.HIGH,
    what="launchgate turns each configured section into checks.",
    why="If planning an area fails, none of its checks ran, so nothing in it was verified.",
    fix="This is a bug in launchgate: please report it with the traceback shown by -v.",
)

CORE_RULES = [PLAN_RULE]
