"""Split one gate over a CI matrix (``check --shard I/N``) and merge the shard reports.

Checks are split by target: every check about one host (or one site's name, for targets that
are not hosts) lands in the same shard, so DNS answers and HTTP connections are shared. Units
go largest first to the least loaded shard (ties to the lowest index): the same config always
gives the same split, balanced by weight (a latency run weighs more than a lookup). Every
shard records the plan's fingerprint, so ``merge`` can prove the shards together ran every
check exactly once (same plan, every index present once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from launchgate.core.model import GateReport, Result, Status, Summary, counts_against_gate
from launchgate.core.rules import Check, CheckFamily, Rule

if TYPE_CHECKING:
    from launchgate.config.model import GateConfig

MAX_SHARDS = 256
PERFORMANCE_WEIGHT = 10  # a latency run sends tens of requests; a lookup is one question


class ShardError(ValueError):
    """Bad ``--shard`` value or shard reports that do not make one run."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as GitLab's CI_NODE_INDEX
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def parse_shard(text: str) -> Shard:
    """``I/N`` with 1 ≤ I ≤ N ≤ 256."""
    index, sep, total = text.strip().partition("/")
    if not sep or not index.isdigit() or not total.isdigit():
        raise ShardError(f"--shard {text!r}: expected I/N, e.g. 2/4 (this is shard 2 of 4)")
    shard = Shard(int(index), int(total))
    if not 1 <= shard.total <= MAX_SHARDS or not 1 <= shard.index <= shard.total:
        raise ShardError(f"--shard {text}: need 1 ≤ I ≤ N ≤ {MAX_SHARDS}")
    return shard


def unit_of(check: Check) -> str:
    """What a check is about: its target's host, the site after ``@``, else the target."""
    target = check.target
    if not target:
        return f"{check.area}:"
    if "@" in target and "://" not in target.split("@", 1)[0]:
        return target.rsplit("@", 1)[1]
    if "://" in target:
        return (urlsplit(target).hostname or target).lower()
    host = target.rsplit(":", 1)[0] if target.count(":") == 1 else target
    return host.lower().rstrip(".")


def weight(check: Check) -> int:
    return PERFORMANCE_WEIGHT if check.phase == "performance" else 1


def assign(units: Mapping[str, int], total: int) -> dict[str, int]:
    """Unit → 1-based shard: largest first to the least loaded shard; deterministic."""
    loads = [0] * total
    out: dict[str, int] = {}
    for unit in sorted(units, key=lambda u: (-units[u], u)):
        chosen = min(range(total), key=lambda i: (loads[i], i))
        loads[chosen] += units[unit]
        out[unit] = chosen + 1
    return out


@dataclass(frozen=True)
class ShardPlan:
    shard: Shard
    units: frozenset[str]
    fingerprint: str
    planned: int  # checks in the whole plan
    mine: int  # checks in this shard

    def inventory(self) -> dict[str, Any]:
        return {
            "index": self.shard.index,
            "total": self.shard.total,
            "plan": self.fingerprint,
            "planned": self.planned,
            "checks": self.mine,
        }


def plan_shard(
    config: GateConfig, areas: Sequence[str], families: Mapping[str, CheckFamily], shard: Shard
) -> ShardPlan:
    checks = []
    for area in areas:
        try:
            checks.extend(families[area].plan(config))
        except Exception:  # the runner reports it (in shard 1 only, see ShardFamily)
            continue
    units: dict[str, int] = {}
    for check in checks:
        units[unit_of(check)] = units.get(unit_of(check), 0) + weight(check)
    assignment = assign(units, shard.total)
    mine = frozenset(u for u, i in assignment.items() if i == shard.index)
    digest = hashlib.sha256("\n".join(sorted(c.id for c in checks)).encode()).hexdigest()
    count = sum(1 for c in checks if unit_of(c) in mine)
    return ShardPlan(shard, mine, digest[:16], len(checks), count)


class ShardFamily:
    """An area's family that keeps only this shard's checks (planning errors: shard 1 only)."""

    def __init__(self, inner: CheckFamily, plan: ShardPlan) -> None:
        self.inner = inner
        self.plan_ = plan
        self.RULES: Sequence[Rule] = inner.RULES

    def plan(self, config: GateConfig) -> list[Check]:
        try:
            checks = self.inner.plan(config)
        except Exception:
            if self.plan_.shard.index == 1:
                raise
            return []
        return [c for c in checks if unit_of(c) in self.plan_.units]


def shard_families(families: Mapping[str, CheckFamily], plan: ShardPlan) -> dict[str, CheckFamily]:
    return {area: ShardFamily(family, plan) for area, family in families.items()}


# -- merge ---------------------------------------------------------------------------


def _shard_info(report: GateReport, name: str) -> Mapping[str, Any]:
    info = report.inventories.get("shard")
    if not isinstance(info, Mapping) or not {"index", "total", "plan"} <= set(info):
        raise ShardError(f"{name} is not a shard report (it was not written by check --shard)")
    return info


def check_complete(reports: Sequence[tuple[str, GateReport]]) -> None:
    """The reports are every shard of one plan, each once; else ShardError saying what is off."""
    infos = [(name, _shard_info(report, name)) for name, report in reports]
    totals = {int(info["total"]) for _, info in infos}
    plans = {str(info["plan"]) for _, info in infos}
    if len(totals) > 1 or len(plans) > 1:
        raise ShardError(
            "the reports come from different runs (shard counts or check plans differ): "
            "run every shard with the same config and options"
        )
    total = totals.pop()
    seen: dict[int, str] = {}
    for name, info in infos:
        index = int(info["index"])
        if index in seen:
            raise ShardError(f"{name} and {seen[index]} are both shard {index}/{total}")
        seen[index] = name
    missing = [str(i) for i in range(1, total + 1) if i not in seen]
    if missing:
        raise ShardError(
            f"shard(s) {', '.join(missing)} of {total} missing: a gate merged without them "
            "would pass checks that never ran"
        )


def _unique_ids(results: Iterable[Result]) -> list[Result]:
    out: list[Result] = []
    seen: set[str] = set()
    for result in results:
        check_id, n = result.check_id, 1
        while check_id in seen:
            n += 1
            check_id = f"{result.check_id.split('#', 1)[0]}#{n}"
        seen.add(check_id)
        out.append(
            result if check_id == result.check_id else result.with_changes(check_id=check_id)
        )
    return out


def merge_reports(reports: Sequence[GateReport]) -> GateReport:
    """One report from shard reports: every result, one verdict, wall times of the slowest."""
    first = reports[0]
    fail_on = first.summary.fail_on
    if any(r.summary.fail_on != fail_on for r in reports):
        raise ShardError("the shards were run with different fail_on")
    results = _unique_ids(r for report in reports for r in report.results)
    failing = sum(1 for r in results if counts_against_gate(r, fail_on))
    areas: dict[str, float] = {}
    inventories: dict[str, Any] = {}
    for report in reports:
        for area, seconds in report.area_durations.items():
            areas[area] = max(areas.get(area, 0.0), seconds)
        for name, value in report.inventories.items():
            if name == "sites" and isinstance(value, Mapping):
                inventories.setdefault("sites", {}).update(value)
            elif name != "shard":
                inventories.setdefault(name, value)
    inventories["shards"] = len(reports)
    return GateReport(
        project=first.project,
        results=tuple(results),
        summary=Summary(
            passed=failing == 0,
            fail_on=fail_on,
            counts={s.value: sum(1 for r in results if r.status is s) for s in Status},
            failing=failing,
            duration=max(r.summary.duration for r in reports),
        ),
        started_at=min(r.started_at for r in reports),
        hostname=first.hostname,
        config_file=first.config_file,
        area_durations=areas,
        inventories=inventories,
        version=first.version,
    )
