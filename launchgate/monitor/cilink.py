"""The link to the CI run that sent an alert (GitHub Actions, GitLab CI)."""

from __future__ import annotations

import re
from collections.abc import Mapping

_SAFE = re.compile(r"^https?://[^\s<>\"]+$")


def run_link(environ: Mapping[str, str]) -> str | None:
    """GitHub: ``$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID``;
    GitLab: ``$CI_JOB_URL``; elsewhere none."""
    run_id, repo = environ.get("GITHUB_RUN_ID"), environ.get("GITHUB_REPOSITORY")
    if run_id and repo:
        server = environ.get("GITHUB_SERVER_URL") or "https://github.com"
        link = f"{server.rstrip('/')}/{repo}/actions/runs/{run_id}"
    else:
        link = environ.get("CI_JOB_URL") or ""
    return link if _SAFE.match(link) else None
