"""Exact-format detectors for credentials detect-secrets 1.5 does not know.

Modern tokens carry a fixed prefix (GitHub fine-grained tokens, OpenAI project keys,
Anthropic keys...), so a pattern finds them with no false alarm; gitleaks ships most of
them. Findings use detect-secrets' hashing (SHA-1 of the value), so baselines written by
launchgate keep them like any other finding. Public-by-design keys (Firebase/Google web API
keys, Stripe publishable keys) are deliberately absent.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from launchgate.checks.secrets.model import Finding

_B = r"(?<![A-Za-z0-9_])"  # token start: not inside a longer word
_E = r"(?![A-Za-z0-9_])"

PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "GitHub Fine-grained Token": _B + r"github_pat_[A-Za-z0-9_]{82}" + _E,
        "OpenAI API Key": _B
        + r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}",
        "Anthropic API Key": _B + r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}",
        "Stripe Webhook Secret": _B + r"whsec_[A-Za-z0-9]{32,}" + _E,
        "Shopify Token": _B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E,
        "DigitalOcean Token": _B + r"do[opr]_v1_[a-f0-9]{64}" + _E,
        "Linear API Key": _B + r"lin_api_[A-Za-z0-9]{40}" + _E,
        "Postman API Key": _B + r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}" + _E,
        "Hugging Face Token": _B + r"hf_[A-Za-z]{34}" + _E,
        "Databricks Token": _B + r"dapi[a-f0-9]{32}(?:-\d)?" + _E,
        "Sentry Auth Token": _B + r"(?:sntrys_[A-Za-z0-9+/=_-]{60,}|sntryu_[a-f0-9]{64})",
        "npm Access Token": _B + r"npm_[A-Za-z0-9]{36}" + _E,
        "Mailgun API Key": _B + r"key-[a-f0-9]{32}" + _E,
        "PlanetScale Token": _B + r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9=_.-]{32,64}" + _E,
        "HashiCorp Vault Token": _B + r"hvs\.[A-Za-z0-9_-]{90,}",
        "Age Secret Key": r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        "Google OAuth Client Secret": _B + r"GOCSPX-[A-Za-z0-9_-]{28}" + _E,
        "Discord Webhook": r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{60,}",
    }.items()
}
# One cheap test before the patterns: every token above holds one of these.
_PREFILTER = re.compile(
    r"github_pat_|sk-|whsec_|shp|_v1_|lin_api_|PMAK-|hf_|dapi|sntry|npm_|key-|pscale_|hvs\."
    r"|AGE-SECRET|GOCSPX-|/api/webhooks/"
)
_ALLOWLIST = re.compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)
_ALLOWLIST_NEXT = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.IGNORECASE)


def extra_findings(rel: str, lines: Sequence[str]) -> list[Finding]:
    """Findings of the patterns above, honouring ``pragma: allowlist secret``."""
    found = []
    for index, line in enumerate(lines):
        if not _PREFILTER.search(line) or _ALLOWLIST.search(line):
            continue
        if index and _ALLOWLIST_NEXT.search(lines[index - 1]):
            continue
        for kind, pattern in PATTERNS.items():
            for match in pattern.finditer(line):
                value = match.group(0)
                digest = hashlib.sha1(value.encode("utf-8")).hexdigest()
                found.append(Finding(rel, index + 1, kind, digest, value))
    return found
