"""Writing ``.secrets.baseline`` atomically, in detect-secrets' format."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from launchgate.secretscan import engine
from launchgate.secretscan.baseline import Baseline, render_baseline
from launchgate.secretscan.model import EngineOptions, Finding


def write_baseline(
    path: Path,
    findings: Sequence[Finding],
    base_dir: Path,
    previous: Baseline | None,
    options: EngineOptions,
) -> int:
    """Write the baseline for ``findings``, keeping audit verdicts; returns its entry count."""
    with engine.LOCK:
        engine.configure(options)
        plugins = engine.plugins_json()
    text = render_baseline(findings, base_dir, path.parent, plugins, previous)
    fd, tmp = tempfile.mkstemp(prefix=".secrets-baseline-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sum(len(v) for v in json.loads(text)["results"].values())
