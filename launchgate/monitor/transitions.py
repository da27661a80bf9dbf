"""When a check is "down", when it has "recovered": confirmed transitions, as pure functions.

A check goes down after ``confirm`` failing runs in a row and recovers after ``confirm``
passing runs in a row; one flaky run never alerts, and a check that flaps between the two
without ever confirming either stays where it was (Gatus calls these the failure and success
thresholds). Every confirmed transition is reported exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from launchgate.core.model import Result, Severity, Status, counts_against_gate

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class CheckState:
    """What the monitor knows about one check between runs."""

    state: str = UP  # the confirmed state: up or down
    since: str | None = None  # when the confirmed state began (first run of its streak)
    streak: int = 0  # runs in a row that disagree with ``state``
    streak_since: str | None = None  # when that streak began
    severity: str = Severity.HIGH.value
    message: str = ""
    layer: str | None = None
    caused_by: str | None = None
    alert_id: str | None = None  # Message-ID of the outage alert, for threading the recovery


@dataclass(frozen=True)
class Change:
    """One confirmed transition (or a check that stays down), for the alert of this run."""

    kind: str  # "down", "recovered" or "still_down"
    check_id: str
    severity: str
    message: str
    since: str | None
    layer: str | None = None
    caused_by: str | None = None
    downtime: float | None = None  # seconds, for "recovered"
    alert_id: str | None = None  # outage alert of a recovered check


def is_failing(result: Result, fail_on: Severity) -> bool:
    """Down means what blocks a deploy: a failure or an unverifiable check at or above fail_on."""
    return counts_against_gate(result, fail_on) and result.status in (Status.FAIL, Status.ERROR)


def observe(
    previous: CheckState | None, failing: bool, result: Result, now: str, confirm: int
) -> tuple[CheckState, str | None]:
    """The check's next state after one run, and ``"down"``/``"recovered"`` if that run
    confirmed a transition. A check seen for the first time is assumed up."""
    state = previous or CheckState(since=now)
    if failing:
        state = replace(
            state,
            message=result.message,
            severity=result.severity.value,
            layer=result.layer,
            caused_by=result.caused_by,
        )
    agrees = failing == (state.state == DOWN)
    if agrees:
        return replace(state, streak=0, streak_since=None), None
    streak = state.streak + 1
    streak_since = state.streak_since or now
    if streak < confirm:
        return replace(state, streak=streak, streak_since=streak_since), None
    if failing:
        return replace(state, state=DOWN, since=streak_since, streak=0, streak_since=None), "down"
    recovered = replace(state, state=UP, since=streak_since, streak=0, streak_since=None)
    return replace(recovered, alert_id=None), "recovered"


def seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except ValueError:
        return None


@dataclass(frozen=True)
class Step:
    """The outcome of one run for the monitor: the new states and what changed."""

    states: Mapping[str, CheckState]
    changes: tuple[Change, ...]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def changed(self) -> bool:
        return any(c.kind != "still_down" for c in self.changes)

    @property
    def down(self) -> list[Change]:
        return [c for c in self.changes if c.kind in ("down", "still_down")]


def step(
    states: Mapping[str, CheckState],
    results: Sequence[Result],
    fail_on: Severity,
    now: str,
    confirm: int,
) -> Step:
    """Advance every check by one run. Checks no longer reported are forgotten silently (a
    config change is not a recovery), unless the run could not plan or crashed: then they keep
    their state, so one broken run neither resets a streak nor hides an outage."""
    incomplete = any(r.rule_id == "core.plan" for r in results)
    new: dict[str, CheckState] = dict(states) if incomplete else {}
    changes: list[Change] = []
    for result in results:
        if result.status is Status.SKIP:
            continue
        before = states.get(result.check_id)
        after, event = observe(before, is_failing(result, fail_on), result, now, confirm)
        new[result.check_id] = after
        if event == "down":
            changes.append(_change("down", result.check_id, after))
        elif event == "recovered":
            assert before is not None
            downtime = seconds_between(before.since, after.since)
            changes.append(
                replace(
                    _change("recovered", result.check_id, before),
                    downtime=downtime,
                    alert_id=before.alert_id,
                )
            )
        elif after.state == DOWN:
            changes.append(_change("still_down", result.check_id, after))
    return Step(new, tuple(changes))


def _change(kind: str, check_id: str, state: CheckState) -> Change:
    return Change(
        kind=kind,
        check_id=check_id,
        severity=state.severity,
        message=state.message,
        since=state.since,
        layer=state.layer,
        caused_by=state.caused_by,
    )


def with_alert_id(step_: Step, alert_id: str) -> Step:
    """Remember the Message-ID of this run's alert on every check that went down in it."""
    down = {c.check_id for c in step_.of("down")}
    states = {
        cid: replace(s, alert_id=alert_id) if cid in down else s for cid, s in step_.states.items()
    }
    return Step(states, step_.changes)


def should_notify(step_: Step, on: str) -> bool:
    """``change``: only runs that confirmed a transition; ``failure``: also every run with
    something down; ``always``: every run."""
    if on == "always":
        return True
    if on == "failure":
        return step_.changed or bool(step_.down)
    return step_.changed
