"""Writing ``.secrets.baseline`` atomically, in detect-secrets' format."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from launchgate.checks.secrets import detectors as engine
from launchgate.checks.secrets.baseline import Baseline, render_baseline
from launchgate.checks.secrets.model import EngineOptions, Finding
from launchgate.repo.files import new_file_mode


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
    text = render_baseline(known_types(findings), base_dir, path.parent, plugins, previous)
    fd, tmp = tempfile.mkstemp(prefix=".secrets-baseline-", dir=path.parent)
    try:
        os.fchmod(fd, new_file_mode())  # mkstemp makes 0600: others read it too
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sum(len(v) for v in json.loads(text)["results"].values())


def known_types(findings: Sequence[Finding]) -> list[Finding]:
    """Only findings of detect-secrets' own detectors: `detect-secrets audit` crashes on a
    type it does not know and `detect-secrets scan --baseline` drops it. Tokens found by
    launchgate's extra detectors are accepted with ``pragma: allowlist secret`` instead."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    known: dict[str, type] = dict(get_mapping_from_secret_type_to_class())
    return [f for f in findings if f.type in known]
