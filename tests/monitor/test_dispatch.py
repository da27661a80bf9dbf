"""Delivery: retries with pauses for what can recover, none for what cannot, order kept,
bounded queues, and a sender that hangs never holds up another channel."""

from __future__ import annotations

import threading
import time

from launchgate.monitor.channels import DeliveryError, status_error
from launchgate.monitor.dispatch import MAX_QUEUED, Delivery, Dispatcher, Outcome


def _collect() -> tuple[list[Outcome], Dispatcher]:
    outcomes: list[Outcome] = []
    return outcomes, Dispatcher(outcomes.append, backoff=(0.01, 0.02, 0.04))


def test_a_temporary_failure_is_retried_and_a_permanent_one_is_not() -> None:
    outcomes, dispatcher = _collect()
    calls = {"flaky": 0, "gone": 0}

    def flaky() -> None:
        calls["flaky"] += 1
        if calls["flaky"] < 3:
            raise status_error(503, "Service Unavailable")

    def gone() -> None:
        calls["gone"] += 1
        raise status_error(404, "Not Found")

    dispatcher.submit(Delivery("a", "down", flaky))
    dispatcher.submit(Delivery("b", "down", gone))
    assert dispatcher.wait(5)
    by = {o.channel: o for o in outcomes}
    assert by["a"].ok and by["a"].attempts == 3
    assert not by["b"].ok and by["b"].attempts == 1 and "wrong or was revoked" in by["b"].reason
    dispatcher.close()


def test_retries_give_up_after_the_last_pause() -> None:
    outcomes, dispatcher = _collect()

    def down() -> None:
        raise DeliveryError("connect: x refused the connection", True)

    dispatcher.submit(Delivery("a", "down", down))
    assert dispatcher.wait(5)
    assert outcomes[0].attempts == 4 and not outcomes[0].ok
    dispatcher.close()


def test_a_hanging_channel_holds_up_no_other_and_keeps_its_own_order() -> None:
    outcomes, dispatcher = _collect()
    release = threading.Event()
    order: list[str] = []
    dispatcher.submit(
        Delivery("slow", "first", lambda: (release.wait(5), order.append("first"))[0])
    )  # type: ignore[func-returns-value]
    dispatcher.submit(Delivery("slow", "second", lambda: order.append("second")))
    dispatcher.submit(Delivery("fast", "x", lambda: None))
    deadline = time.monotonic() + 2
    while not any(o.channel == "fast" for o in outcomes):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    release.set()
    assert dispatcher.wait(5)
    assert order == ["first", "second"]
    dispatcher.close()


def test_a_channel_dead_for_long_keeps_the_newest_messages_only() -> None:
    outcomes, dispatcher = _collect()
    gate = threading.Event()
    dispatcher.submit(Delivery("c", "blocker", lambda: (gate.wait(5), None)[1]))
    time.sleep(0.1)  # the worker holds the blocker; the rest queue up
    for i in range(MAX_QUEUED + 5):
        dispatcher.submit(Delivery("c", f"m{i}", lambda: None))
    gate.set()
    assert dispatcher.wait(5)
    dropped = [o for o in outcomes if o.reason.startswith("dropped")]
    assert [o.label for o in dropped] == [f"m{i}" for i in range(5)]
    assert [o.label for o in outcomes if o.ok][-1] == f"m{MAX_QUEUED + 4}"
    dispatcher.close()
