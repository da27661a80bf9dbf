"""The rules of the ``secrets`` family (what, why, how to fix)."""

from __future__ import annotations

from launchgate.core.model import Severity
from launchgate.core.rules import Rule

REPO = Rule(
    id="secrets.repo",
    title="No secret committed to the repository",
    severity=Severity.HIGH,
    what="detect-secrets (default plugins and heuristic filters) finds no new potential secret "
    "in the files git tracks; findings in the detect-secrets baseline do not count.",
    why="A secret in git is readable by everyone with access to the repository, its forks and "
    "CI logs, and stays in its history after it is deleted.",
    fix="Rotate the secret first (it must be considered leaked), then load it from the "
    "environment instead. If it is a false positive, add `# pragma: allowlist secret` to the "
    "line or record it with `launchgate secrets baseline --update`.",
)
ARTIFACT = Rule(
    id="secrets.artifact",
    title="No secret in built artifacts",
    severity=Severity.HIGH,
    what="detect-secrets finds no potential secret in the files under secrets.artifacts "
    "(minified bundles included).",
    why="Built output is what visitors download: a key in a bundle is public the moment you "
    "deploy.",
    fix="Rotate the key, keep it on the server side, and expose only public (publishable) keys "
    "to the frontend build.",
)
ENV_VALUE = Rule(
    id="secrets.env_value_in_artifact",
    title="No secret environment value inlined into built output",
    severity=Severity.CRITICAL,
    what="The value of no `secret: true` environment variable appears literally in an artifact.",
    why="Bundlers inline environment variables at build time: a server key read through "
    "process.env in shared code ends up in the JavaScript every visitor downloads.",
    fix="Rotate the secret, then make sure only public variables (NEXT_PUBLIC_*, VITE_*…) reach "
    "frontend code and the secret is read only on the server.",
)
SOURCEMAP = Rule(
    id="secrets.sourcemap",
    title="No source maps in built output",
    severity=Severity.MEDIUM,
    what="Artifacts contain no *.map file and no sourceMappingURL comment.",
    why="Public source maps hand out your original source code, comments and internal paths.",
    fix="Disable production source maps, or upload them to your error tracker and delete them "
    "from the deployed files.",
)
LOGS = Rule(
    id="secrets.logs",
    title="No credentials or personal data in logs",
    severity=Severity.HIGH,
    what="Files matching secrets.logs hold no secrets, bearer tokens, JWTs or e-mail addresses.",
    why="Logs are copied to many places with weak access control; a token in a log is a "
    "leaked token and an e-mail address is personal data under GDPR.",
    fix="Rotate the leaked credentials, scrub the log files, and stop logging authorization "
    "headers, tokens and user e-mail addresses (log an id instead).",
)
SCAN = Rule(
    id="secrets.scan",
    title="Secret scan coverage",
    severity=Severity.INFO,
    what="How many files were scanned, and which were skipped and why.",
    why="A scan that silently skipped files would give false comfort.",
    fix="Nothing to do unless files you care about were skipped: raise max_file_size or fix "
    "the unreadable files.",
)
BASELINE = Rule(
    id="secrets.baseline",
    title="Secrets baseline is usable",
    severity=Severity.MEDIUM,
    what="The detect-secrets baseline named by secrets.baseline exists and can be read.",
    why="Without it, findings the team already audited count again, and the gate fails on "
    "known false positives.",
    fix="Create or refresh it with `launchgate secrets baseline --update` (or `detect-secrets "
    "scan > .secrets.baseline`) and audit it with `detect-secrets audit .secrets.baseline`.",
)

RULES = [REPO, ARTIFACT, ENV_VALUE, SOURCEMAP, LOGS, SCAN, BASELINE]
