"""The trap-filled shop passes: no false alarm from lock files, bundles, examples, keys..."""

from __future__ import annotations

from pathlib import Path

from tests.acceptance_local.harness import launch
from tests.acceptance_local.shop import clean_shop


def test_the_clean_shop_passes_with_no_problem_at_all(tmp_path: Path) -> None:
    run = launch(clean_shop(tmp_path / "shop"))
    assert run.problems() == {}, run.out
    assert run.code == 0
    ids = {r["id"] for r in run.json["results"]}
    assert {"env.required:STRIPE_SECRET_KEY", "secrets.repo", "secrets.artifact"} <= ids


def test_the_scan_summary_counts_what_it_could_not_fully_read(tmp_path: Path) -> None:
    run = launch(clean_shop(tmp_path / "shop"))
    scan = run.json["results"]
    summary = next(r for r in scan if r["id"] == "secrets.scan")
    assert "1 symlink(s) leaving the tree" in summary["message"]
    details = "\n".join(summary["details"])
    assert "binary: only its text runs were scanned" in details
    assert "docs/latin1.txt: not valid UTF-8" in details
    assert "dist/big.min.js: over the size cap" in details


def test_a_setting_with_a_secret_sounding_name_does_not_blank_words(tmp_path: Path) -> None:
    """AUTH_MODE=production once masked "production" in every report and the GitHub log."""
    root = clean_shop(tmp_path / "shop")
    cfg = root / "launchgate.yml"
    cfg.write_text(cfg.read_text().replace("    DEBUG:", "    AUTH_MODE: {}\n    DEBUG:"))
    prod = root / ".env.production"
    prod.write_text(
        prod.read_text().replace("DEBUG=false", "DEBUG=true") + "AUTH_MODE=production\n"
    )
    example = root / ".env.example"
    example.write_text(example.read_text() + "AUTH_MODE=\n")
    run = launch(root, github=True)
    assert "::add-mask::production" not in run.out.splitlines()
    debug = run.problems()["env.debug:DEBUG"]
    assert debug["message"] == "DEBUG=true in .env.production while the gate guards production"
