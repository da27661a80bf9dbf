"""Run the Lighthouse CLI on one page and read its JSON report (LHR)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROME_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Install Node.js, then `npm install -g lighthouse@12.2.3`, and a browser: "
    "`apt-get install -y chromium` on Debian/Ubuntu (or set CHROME_PATH to Chrome). "
    "In CI, add both steps before `launchgate check`."
)
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "speed-index": "speed_index_ms",
    "cumulative-layout-shift": "cls",
}


# A score this close below the minimum is audited again (median of up to MAX_RUNS, as
# Lighthouse CI recommends), since one run can swing by several points.
CONFIRM_MARGIN = 10
MAX_RUNS = 3


class LighthouseError(Exception):
    """Lighthouse could not audit the page."""


@dataclass(frozen=True)
class Tooling:
    """How to start Lighthouse, and the browser it drives."""

    command: tuple[str, ...]
    chrome: str


@dataclass(frozen=True)
class Opportunity:
    title: str
    savings_ms: float
    savings_bytes: float
    display: str = ""

    def describe(self) -> str:
        parts = [f"~{self.savings_ms:.0f} ms"] if self.savings_ms else []
        if self.savings_bytes:
            parts.append(f"{self.savings_bytes / 1024:.0f} KiB")
        return f"{self.title} (could save {', '.join(parts)})" if parts else self.title


@dataclass(frozen=True)
class LighthouseReport:
    score: int | None
    version: str
    final_url: str
    metrics: Mapping[str, float] = field(default_factory=dict)
    opportunities: tuple[Opportunity, ...] = ()
    runtime_error: str | None = None
    warnings: tuple[str, ...] = ()


def find_tooling(environ: Mapping[str, str], project_dir: Path) -> Tooling | str:
    """The Lighthouse command and a browser; a sentence saying what is missing otherwise."""
    command = _lighthouse_command(environ, project_dir)
    chrome = _chrome(environ)
    missing = [
        what for what, found in (("lighthouse", command), ("Chrome/Chromium", chrome)) if not found
    ]
    if command is None or chrome is None:
        return f"{' and '.join(missing)} not found. {INSTALL_HINT}"
    return Tooling(command, chrome)


def _lighthouse_command(environ: Mapping[str, str], project_dir: Path) -> tuple[str, ...] | None:
    path = environ.get("PATH")
    local = project_dir / "node_modules" / ".bin" / "lighthouse"
    for candidate in (
        shutil.which("lighthouse", path=path),
        str(local) if local.is_file() else None,
    ):
        if candidate:
            return (candidate,)
    npx = shutil.which("npx", path=path)
    if npx and _npx_has_lighthouse(npx, environ):
        return (npx, "--no-install", "lighthouse")
    return None


def _npx_has_lighthouse(npx: str, environ: Mapping[str, str]) -> bool:
    try:
        done = subprocess.run(
            [npx, "--no-install", "lighthouse", "--version"],
            capture_output=True,
            timeout=30,
            env=dict(environ),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _chrome(environ: Mapping[str, str]) -> str | None:
    configured = environ.get("CHROME_PATH")
    if configured and Path(configured).is_file():
        return configured
    path = environ.get("PATH")
    return next((found for name in CHROME_NAMES if (found := shutil.which(name, path=path))), None)


def build_command(
    tooling: Tooling,
    url: str,
    form_factor: str,
    pins: Mapping[str, str] = {},
    insecure: bool = False,
) -> list[str]:
    """The Lighthouse command line: JSON to stdout, performance only, headless Chrome.

    ``pins`` (host → address, like ``network.resolve``) become Chrome host-resolver rules;
    ``insecure`` lets Chrome load a page whose CA only ``network.ca_bundle`` trusts (the TLS
    checks verify the certificate; Lighthouse only measures).
    """
    flags = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chrome refuses to start as root with its sandbox
    if pins:
        rules = ", ".join(f"MAP {host} {addr}" for host, addr in sorted(pins.items()))
        flags.append(f'--host-resolver-rules="{rules}"')
    if insecure:
        flags.append("--ignore-certificate-errors")
    device = ["--preset=desktop"] if form_factor == "desktop" else ["--form-factor=mobile"]
    return [
        *tooling.command,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--only-categories=performance",
        *device,
        f"--chrome-flags={' '.join(flags)}",
    ]


def run(
    command: Sequence[str], environ: Mapping[str, str], chrome: str, timeout: float
) -> dict[str, Any]:
    """Run Lighthouse and return its parsed JSON report. Raises LighthouseError."""
    env = {**environ, "CHROME_PATH": chrome}
    try:
        done = subprocess.run(
            list(command), capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise LighthouseError(f"Lighthouse did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise LighthouseError(f"Lighthouse could not start: {exc}") from None
    if done.returncode != 0 and not done.stdout.strip():
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise LighthouseError(f"Lighthouse exited with {done.returncode}: {' / '.join(tail)}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise LighthouseError("Lighthouse did not print a JSON report") from None
    if not isinstance(report, dict):
        raise LighthouseError("Lighthouse printed something that is not a report")
    return report


def parse_report(lhr: Mapping[str, Any]) -> LighthouseReport:
    """Score ×100, key metrics and the opportunities, heaviest first."""
    audits = lhr.get("audits") or {}
    raw_score = ((lhr.get("categories") or {}).get("performance") or {}).get("score")
    runtime = lhr.get("runtimeError") or {}
    return LighthouseReport(
        score=round(raw_score * 100) if isinstance(raw_score, (int, float)) else None,
        version=str(lhr.get("lighthouseVersion", "")),
        final_url=str(lhr.get("finalDisplayedUrl") or lhr.get("finalUrl") or ""),
        metrics=_metrics(audits),
        opportunities=tuple(_opportunities(audits)),
        runtime_error=runtime.get("message") if isinstance(runtime, dict) else None,
        warnings=tuple(str(w) for w in lhr.get("runWarnings") or ()),
    )


def _metrics(audits: Mapping[str, Any]) -> dict[str, float]:
    found = {}
    for audit_id, key in METRICS.items():
        value = (audits.get(audit_id) or {}).get("numericValue")
        if isinstance(value, (int, float)):
            found[key] = round(float(value), 3 if key == "cls" else 0)
    return found


def _opportunities(audits: Mapping[str, Any]) -> list[Opportunity]:
    found = []
    for audit in audits.values():
        details = audit.get("details") or {}
        if details.get("type") != "opportunity" or audit.get("score") == 1:
            continue
        ms = float(details.get("overallSavingsMs") or 0)
        size = float(details.get("overallSavingsBytes") or 0)
        if ms > 0 or size > 0:
            found.append(
                Opportunity(
                    str(audit.get("title", "")), ms, size, str(audit.get("displayValue") or "")
                )
            )
    return sorted(found, key=lambda o: (-o.savings_ms, -o.savings_bytes, o.title))


def needs_another_run(reports: Sequence[LighthouseReport], min_score: int) -> bool:
    """True before the first run, and while a failing score is close enough to be noise."""
    if not reports:
        return True
    if len(reports) >= MAX_RUNS:
        return False
    scores = [r.score for r in reports]
    if any(s is None for s in scores):
        return False
    median = sorted(s for s in scores if s is not None)[(len(scores) - 1) // 2]
    return min_score - CONFIRM_MARGIN <= median < min_score


def median_report(reports: Sequence[LighthouseReport]) -> LighthouseReport:
    """The run with the median score (the lower middle one); an unscored run when all are."""
    scored = sorted((r for r in reports if r.score is not None), key=lambda r: r.score or 0)
    if not scored:
        return reports[-1]
    return scored[(len(scored) - 1) // 2]
