"""Commit ids and checksums are not secrets (a trap for false alarms in every repository)."""

from __future__ import annotations

import pytest

from launchgate.checks.secrets.detectors import is_checksum

SHA1 = "1c9587665b321199312e11b6a47a0480a9e2750f"
HEX = "Hex High Entropy String"


@pytest.mark.parametrize(
    "line",
    [
        f"  commit: {SHA1}",
        f'"sha": "{SHA1}",',
        f"GIT_REF={SHA1}",
        f"see https://github.com/o/r/commit/{SHA1} for details",
        f"uses: actions/checkout@{SHA1}",
        f"checksum = '{SHA1}'",
    ],
)
def test_named_commit_ids_are_not_secrets(line: str) -> None:
    assert is_checksum(line, SHA1, HEX)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (f"API_TOKEN={SHA1}", HEX),
        (f"secret: {SHA1}", HEX),
        (f"commit: {SHA1}", "Base64 High Entropy String"),
    ],
)
def test_other_hex_strings_still_count(line: str, kind: str) -> None:
    assert not is_checksum(line, SHA1, kind)
