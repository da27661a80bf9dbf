"""A buggy check leaks a secret into its message: no output may show it."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.checks import registry
from launchgate.cli import main
from launchgate.core.redact import Redactor, redact
from tests.core.helpers import RULE, FakeFamily

PLANTED = "sk_" + "live_51PlantedSecretValue0123456789abcdef"  # pragma: allowlist secret


def leaky(ctx):
    value = ctx.environ["PLANTED_KEY"]
    ctx.redactor.add(value)
    yield RULE.fail(
        f"the key {value} leaked", "leak", details=[f"value={value}"], data={"v": value}
    )


def test_redact_shows_only_a_hint() -> None:
    assert redact(PLANTED) == "sk_l…ef (44 chars)"
    assert PLANTED[5:-3] not in redact(PLANTED)
    assert redact("short") == "… (5 chars)"


def test_scrub_replaces_values_in_nested_structures() -> None:
    r = Redactor([PLANTED])
    scrubbed = r.scrub_any({"a": [f"x{PLANTED}y", (PLANTED,)]})
    assert PLANTED not in str(scrubbed)


@pytest.mark.parametrize("github", [False, True])
def test_planted_secret_reaches_no_output(
    tmp_path: Path, monkeypatch, capsys, github: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(registry.FAMILIES, "dns", FakeFamily({"leak": leaky}))
    monkeypatch.setenv("PLANTED_KEY", PLANTED)
    if github:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
        monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    else:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "launchgate.yml").write_text("version: 1\ndns: {}\n")
    args = [
        "check",
        "-v",
        "--junit",
        "j.xml",
        "--json",
        "r.json",
        "--sarif",
        "r.sarif",
        "--markdown",
        "r.md",
    ]
    assert main(args) == 1
    captured = capsys.readouterr()
    out = captured.out
    if github:
        # ::add-mask:: is the only line allowed to carry the value: GitHub hides it from then on.
        assert f"::add-mask::{PLANTED}" in out
        out = "\n".join(line for line in out.splitlines() if not line.startswith("::add-mask::"))
    assert PLANTED not in out and PLANTED not in captured.err
    assert "sk_l…ef (44 chars)" in out
    for path in tmp_path.iterdir():
        assert PLANTED not in path.read_text(), path.name
