"""Confirmed transitions and the state file, as pure data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchgate.core.model import Result, Severity, Status
from launchgate.monitor.state import STATE_VERSION, load_state, save_state
from launchgate.monitor.transitions import CheckState, Step, should_notify, step

ID = "http.status:https://shop.example/login"


def run(states: dict[str, CheckState], failing: bool, at: str, confirm: int = 2) -> Step:
    status = Status.FAIL if failing else Status.PASS
    r = Result(
        ID,
        "t",
        status,
        Severity.HIGH,
        "answers 503" if failing else "ok",
        layer="app" if failing else None,
    )
    return step(states, [r], Severity.HIGH, at, confirm)


def sequence(pattern: str, confirm: int = 2) -> list[list[str]]:
    """Feed F/P runs; return the kinds of change of each run."""
    states: dict[str, CheckState] = {}
    out = []
    for i, ch in enumerate(pattern):
        outcome = run(states, ch == "F", f"2026-12-04T10:{i:02d}:00+00:00", confirm)
        states = dict(outcome.states)
        out.append([c.kind for c in outcome.changes])
    return out


def test_down_after_confirm_failing_runs_and_recovered_after_confirm_passing_runs() -> None:
    kinds = sequence("PFFFFPP")
    assert kinds == [
        [],
        [],
        ["down"],
        ["still_down"],
        ["still_down"],
        ["still_down"],
        ["recovered"],
    ]


def test_flapping_never_confirms_and_never_alerts() -> None:
    assert all(k == [] for k in sequence("PFPFPFPF"))
    assert sequence("FPFPFP", confirm=1) == [["down"], ["recovered"]] * 3


def test_since_is_the_first_failing_run_and_downtime_runs_until_the_first_passing_one() -> None:
    states: dict[str, CheckState] = {}
    for at, failing in (("10:00", True), ("10:01", True), ("10:02", False), ("10:03", False)):
        outcome = run(states, failing, f"2026-12-04T{at}:00+00:00")
        states = dict(outcome.states)
    (recovered,) = outcome.changes
    assert recovered.kind == "recovered"
    assert recovered.since == "2026-12-04T10:00:00+00:00"
    assert recovered.downtime == 120.0
    assert recovered.message == "answers 503" and recovered.layer == "app"


def test_a_check_that_is_no_longer_reported_is_forgotten_without_a_recovery() -> None:
    states = dict(
        run(
            dict(run({}, True, "2026-12-04T10:00:00+00:00").states),
            True,
            "2026-12-04T10:01:00+00:00",
        ).states
    )
    assert states[ID].state == "down"
    outcome = step(states, [], Severity.HIGH, "2026-12-04T10:02:00+00:00", 2)
    assert outcome.changes == () and dict(outcome.states) == {}


@pytest.mark.parametrize(
    ("on", "pattern", "expected"),
    [
        ("change", "FF", True),
        ("change", "FFF", False),
        ("failure", "FFF", True),
        ("always", "P", True),
        ("failure", "P", False),
    ],
)
def test_notify_on(on: str, pattern: str, expected: bool) -> None:
    states: dict[str, CheckState] = {}
    for i, ch in enumerate(pattern):
        outcome = run(states, ch == "F", f"2026-12-04T10:0{i}:00+00:00")
        states = dict(outcome.states)
    assert should_notify(outcome, on) is expected


def test_state_round_trips_atomically(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    states = {ID: CheckState(state="down", since="2026-12-04T10:00:00+00:00", alert_id="<a@b>")}
    save_state(path, states, "2026-12-04T10:05:00+00:00")
    assert json.loads(path.read_text())["version"] == STATE_VERSION
    assert dict(load_state(path).states) == states
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temp file left


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"version": 99, "checks": {}}',
        b'{"version": 1, "checks": {"x": {"state": "sideways"}}}',
        b"\xff\xfe\x00",
    ],
)
def test_a_corrupt_state_file_is_said_once_and_the_monitor_starts_afresh(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    loaded = load_state(path)
    assert dict(loaded.states) == {}
    assert loaded.problem and "starting afresh" in loaded.problem


def test_a_missing_state_file_is_a_first_run(tmp_path: Path) -> None:
    loaded = load_state(tmp_path / "none.json")
    assert dict(loaded.states) == {} and loaded.problem is None


def test_a_run_that_crashed_keeps_every_state() -> None:
    states = dict(run({}, True, "2026-12-04T10:00:00+00:00").states)
    crash = Result("core.plan", "t", Status.ERROR, Severity.CRITICAL, "launchgate crashed")
    kept = step(states, [crash], Severity.HIGH, "2026-12-04T10:01:00+00:00", 2)
    assert kept.states[ID] == states[ID]
    again = run(dict(kept.states), True, "2026-12-04T10:02:00+00:00")
    assert [c.kind for c in again.changes] == ["down"]
