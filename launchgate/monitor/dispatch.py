"""Sending alerts without ever holding up the monitor: one worker thread per channel.

A channel that is down is retried with growing pauses while the next runs go on; its queue is bounded, so a channel dead for days
keeps the newest alerts, not every alert since. A channel's messages keep their order, so a
recovery never arrives before its outage.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from launchgate.monitor.channels import DeliveryError

BACKOFF = (2.0, 5.0, 15.0, 30.0, 60.0)  # pauses between attempts of one message
ONE_SHOT_BACKOFF = (1.0, 3.0)  # `check --notify` must end: two retries, a few seconds
MAX_QUEUED = 20


@dataclass(frozen=True)
class Delivery:
    """One message to one channel: ``send()`` raises DeliveryError."""

    channel: str
    label: str  # e.g. "alert of 17:40:03" for the log
    send: Callable[[], None]


@dataclass(frozen=True)
class Outcome:
    channel: str
    label: str
    ok: bool
    attempts: int
    reason: str = ""


def deliver(
    item: Delivery,
    backoff: Sequence[float],
    stop: threading.Event,
) -> Outcome:
    """Try, then retry after each pause of ``backoff`` while the error is worth retrying."""
    attempt = 0
    while True:
        attempt += 1
        try:
            item.send()
            return Outcome(item.channel, item.label, True, attempt)
        except DeliveryError as exc:
            if not exc.retry or attempt > len(backoff) or stop.is_set():
                return Outcome(item.channel, item.label, False, attempt, exc.reason)
            if stop.wait(backoff[attempt - 1]):
                return Outcome(item.channel, item.label, False, attempt, exc.reason)
        except Exception as exc:  # a bug in a formatter must not kill the worker
            reason = f"internal error: {type(exc).__name__}"
            return Outcome(item.channel, item.label, False, attempt, reason)


@dataclass
class _Worker:
    name: str
    queue: queue.Queue[Delivery] = field(default_factory=lambda: queue.Queue(MAX_QUEUED))
    thread: threading.Thread | None = None


class Dispatcher:
    """Per-channel queues and workers; ``report`` gets every outcome (for the log)."""

    def __init__(
        self,
        report: Callable[[Outcome], None],
        backoff: Sequence[float] = BACKOFF,
    ) -> None:
        self._report = report
        self._backoff = tuple(backoff)
        self._workers: dict[str, _Worker] = {}
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._busy = 0

    def submit(self, item: Delivery) -> None:
        worker = self._workers.get(item.channel)
        if worker is None:
            worker = _Worker(item.channel)
            worker.thread = threading.Thread(
                target=self._run, args=(worker,), daemon=True, name=f"notify {item.channel}"
            )
            self._workers[item.channel] = worker
            worker.thread.start()
        with self._idle:
            self._busy += 1
        while True:
            try:
                worker.queue.put_nowait(item)
                return
            except queue.Full:
                self._drop_oldest(worker)

    def _drop_oldest(self, worker: _Worker) -> None:
        try:
            dropped = worker.queue.get_nowait()
        except queue.Empty:
            return
        self._done(
            Outcome(
                dropped.channel,
                dropped.label,
                False,
                0,
                "dropped: the channel is "
                f"still failing and {MAX_QUEUED} newer messages are waiting",
            )
        )

    def _run(self, worker: _Worker) -> None:
        while not self._stop.is_set():
            try:
                item = worker.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self._done(deliver(item, self._backoff, self._stop))

    def _done(self, outcome: Outcome) -> None:
        try:
            self._report(outcome)
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait(self, timeout: float) -> bool:
        """Wait until every submitted message is delivered or given up; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._busy > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        """Stop retrying; a message being sent right now may still finish (daemon threads)."""
        self._stop.set()
