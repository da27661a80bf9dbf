"""One planted launch failure at a time: exactly it is reported, with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.acceptance_local import shop as S
from tests.acceptance_local.harness import Outcome, launch
from tests.secrets.gitrepo import AWS_KEY, GITHUB_TOKEN, commit_all, git, write

PRIVATE_KEY = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEA" + "q7Xz" * 15 + "\n" + "Kp9w" * 16 + "\n-----END RSA PRIVATE KEY-----\n"
)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return S.clean_shop(tmp_path / "shop")


def only_problem(run: Outcome) -> dict[str, Any]:
    problems = run.problems()
    assert len(problems) == 1, sorted(problems)
    return next(iter(problems.values()))


def test_aws_key_committed_in_source(shop: Path) -> None:
    write(shop, {"src/lib/s3.ts": f"const s3 = new S3({{\n  accessKeyId: '{AWS_KEY}',\n}});\n"})
    commit_all(shop)
    found = only_problem(launch(shop))
    assert (found["id"], found["file"], found["line"]) == (
        "secrets.repo:src/lib/s3.ts:2",
        "src/lib/s3.ts",
        2,
    )
    assert "AWS Access Key" in str(found["message"])


def test_stripe_live_key_committed_in_source(shop: Path) -> None:
    write(shop, {"api/payments.py": f"import stripe\n\nstripe.api_key = '{S.STRIPE_LIVE}'\n"})
    commit_all(shop)
    run = launch(shop)
    found = only_problem(run)
    assert (found["file"], found["line"]) == ("api/payments.py", 3)
    assert "Stripe" in str(found["message"]) and run.code == 1


def test_github_token_committed_in_a_script(shop: Path) -> None:
    write(shop, {"scripts/deploy.sh": f"#!/bin/sh\nexport GH_TOKEN={GITHUB_TOKEN}\n"})
    commit_all(shop)
    found = only_problem(launch(shop))
    assert (found["file"], found["line"]) == ("scripts/deploy.sh", 2)


def test_openai_project_key_committed_in_source(shop: Path) -> None:
    key = "sk-proj-" + "Zt8qLmW3xR7vB2kP9sJ4dHh6" + "T3BlbkFJ" + "Yc5Nd6Mf51NzT8qLmW3xR7vB"
    write(shop, {"api/ai.py": f"import openai\n\nclient = openai.OpenAI(api_key='{key}')\n"})
    commit_all(shop)
    run = launch(shop)
    found = only_problem(run)
    assert (found["file"], found["line"]) == ("api/ai.py", 3)
    assert "OpenAI" in str(found["message"]) and key not in run.everything()


def test_private_key_committed(shop: Path) -> None:
    write(shop, {"keys/server.key": PRIVATE_KEY})
    commit_all(shop)
    found = only_problem(launch(shop))
    assert (found["file"], found["line"]) == ("keys/server.key", 1)
    assert "Private Key" in str(found["message"])


def test_env_production_committed(shop: Path) -> None:
    git(shop, "add", "-f", ".env.production")
    commit_all(shop)
    run = launch(shop)
    problems = run.problems()
    committed = problems.pop("env.committed:.env.production")
    assert committed["severity"] == "critical" and committed["file"] == ".env.production"
    assert "rotate" in committed["remediation"].lower()
    # Its secrets are also found by the scanner; nothing else is reported.
    assert all(k.startswith("secrets.repo:.env.production:") for k in problems), sorted(problems)


def test_env_present_but_not_ignored(shop: Path) -> None:
    (shop / ".gitignore").write_text("node_modules/\nlogs/\ndist/\n.env.production\n.env.staging\n")
    commit_all(shop)
    write(shop, {".env": "SESSION_SECRET=x\n"})
    found = only_problem(launch(shop))
    assert found["id"] == "env.not_ignored:.env" and found["status"] == "warn"


@pytest.mark.parametrize("lines", [1, 2000])
def test_secret_env_value_inlined_in_a_bundle(shop: Path, lines: int) -> None:
    body = S.minified_bundle(lines=lines, extra=f'var k="{S.SESSION_SECRET}";')
    if lines == 1:
        body = body[:-1] + ";" * (500_000 - len(body)) + "\n"
    write(shop, {"dist/assets/app-77e1.js": body})
    run = launch(shop)
    found = only_problem(run)
    assert found["id"].startswith("secrets.env_value_in_artifact:dist/assets/app-77e1.js:")
    assert found["severity"] == "critical" and "SESSION_SECRET" in found["message"]
    expected_line = 1 if lines == 1 else body.count("\n", 0, body.index(S.SESSION_SECRET)) + 1
    assert found["line"] == expected_line
    if lines == 1:  # one 500 KB line: the column says where
        assert found["message"].endswith(f"line 1 column {body.index(S.SESSION_SECRET) + 1}")


def test_source_map_and_source_mapping_url(shop: Path) -> None:
    write(
        shop,
        {
            "dist/assets/index-3f9a1c.js.map": '{"version":3,"sources":["src/App.tsx"]}',
            "dist/assets/chunk.js": "console.log(1);\n//# sourceMappingURL=chunk.js.map\n",
        },
    )
    problems = launch(shop).problems()
    assert set(problems) == {
        "secrets.sourcemap:dist/assets/index-3f9a1c.js.map",
        "secrets.sourcemap:dist/assets/chunk.js",
    }
    assert problems["secrets.sourcemap:dist/assets/chunk.js"]["line"] == 2


def test_bearer_tokens_and_email_addresses_in_logs(shop: Path) -> None:
    log = (
        "2026-11-29 INFO GET /api/me 200\n"
        f"2026-11-29 DEBUG headers={{'Authorization': 'Bearer {S.SESSION_SECRET}xyz'}}\n"
        "2026-11-29 INFO signup jane.doe@gmail.com\n"
    )
    write(shop, {"logs/app.log": log})
    problems = launch(shop).problems()
    assert set(problems) == {"secrets.logs:logs/app.log", "secrets.logs:logs/app.log:emails"}
    assert problems["secrets.logs:logs/app.log"]["line"] == 2
    assert problems["secrets.logs:logs/app.log:emails"]["line"] == 3


def test_debug_true_in_production(shop: Path) -> None:
    path = shop / ".env.production"
    path.write_text(path.read_text().replace("DEBUG=false", "DEBUG=true"))
    problems = launch(shop).problems()
    assert set(problems) == {"env.debug:DEBUG", "env.forbid:DEBUG:^(?i:1|true|yes|on)$"}
    assert problems["env.debug:DEBUG"]["file"] == ".env.production"


def test_node_env_development_in_production(shop: Path) -> None:
    path = shop / ".env.production"
    path.write_text(path.read_text().replace("NODE_ENV=production", "NODE_ENV=development"))
    found = only_problem(launch(shop))
    assert found["id"] == "env.debug:NODE_ENV" and found["line"] == 6


def test_required_var_missing_from_the_example(shop: Path) -> None:
    path = shop / ".env.example"
    path.write_text(path.read_text().replace("SESSION_SECRET=\n", ""))
    commit_all(shop)
    found = only_problem(launch(shop))
    assert found["id"] == "env.example:SESSION_SECRET" and found["file"] == ".env.example"


def test_stale_var_in_the_example(shop: Path) -> None:
    path = shop / ".env.example"
    path.write_text(path.read_text() + "MAILGUN_API_KEY=\n")
    commit_all(shop)
    found = only_problem(launch(shop))
    assert found["id"] == "env.example_drift:MAILGUN_API_KEY" and found["status"] == "warn"
    assert found["line"] == 8


def test_secret_shared_between_production_and_staging(shop: Path) -> None:
    path = shop / ".env.staging"
    path.write_text(path.read_text() + f"SESSION_SECRET={S.SESSION_SECRET}\n")
    run = launch(shop)
    found = only_problem(run)
    assert found["id"].startswith("env.distinct:SESSION_SECRET") and found["severity"] == "critical"
    assert S.SESSION_SECRET not in run.everything()


def test_stripe_test_key_in_production(shop: Path) -> None:
    test_key = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
    run = launch(shop, environ={"STRIPE_SECRET_KEY": test_key})
    found = only_problem(run)
    assert found["id"] == "env.pattern:STRIPE_SECRET_KEY"
    assert "test key" in found["message"] and "sk_t…" in found["message"]
    assert found["details"] == ["set in the environment"]
    assert test_key not in run.everything()


def test_pull_request_adding_one_secret_reports_only_it(shop: Path) -> None:
    write(shop, {"src/old.ts": f"export const k = '{GITHUB_TOKEN}';\n"})
    commit_all(shop, "old debt")
    git(shop, "checkout", "-q", "-b", "feature")
    write(shop, {"src/new.ts": f"const a = 1;\nexport const aws = '{AWS_KEY}';\n"})
    commit_all(shop, "feature")
    run = launch(shop, diff_base="main")
    found = only_problem(run)
    assert (found["id"], found["line"]) == ("secrets.repo:src/new.ts:2", 2)


def test_audited_baseline_accepts_old_findings_and_fails_new_ones(shop: Path) -> None:
    write(shop, {"src/old.ts": f"export const k = '{GITHUB_TOKEN}';\n"})
    cfg = shop / "launchgate.yml"
    cfg.write_text(
        cfg.read_text().replace("  artifacts:", "  baseline: .secrets.baseline\n  artifacts:")
    )
    commit_all(shop)
    from launchgate.cli import main

    cwd = Path.cwd()
    try:
        import os

        os.chdir(shop)
        assert main(["secrets", "baseline"]) == 0
    finally:
        os.chdir(cwd)
    commit_all(shop, "baseline")
    assert launch(shop).problems() == {}
    write(shop, {"src/new.ts": f"\n\nexport const aws = '{AWS_KEY}';\n"})
    commit_all(shop)
    found = only_problem(launch(shop))
    assert found["id"] == "secrets.repo:src/new.ts:3"


def test_production_secret_value_hardcoded_in_a_tracked_file(shop: Path) -> None:
    """No detector knows the shape of a session secret; its literal value is still a leak."""
    write(
        shop, {"api/session.py": f"\nSECRET = '{S.SESSION_SECRET}'  # pragma: allowlist secret\n"}
    )
    commit_all(shop)
    run = launch(shop)
    found = only_problem(run)
    assert (found["id"], found["line"]) == ("secrets.repo:api/session.py:2", 2)
    assert "SESSION_SECRET" in found["message"] and S.SESSION_SECRET not in run.everything()


def test_a_baseline_written_and_audited_by_detect_secrets_itself(shop: Path) -> None:
    import json
    import subprocess
    import sys

    write(shop, {"src/legacy.ts": f"export const gh = '{GITHUB_TOKEN}';\n"})
    cfg = shop / "launchgate.yml"
    cfg.write_text(
        cfg.read_text().replace("  artifacts:", "  baseline: .secrets.baseline\n  artifacts:")
    )
    commit_all(shop)
    scan = subprocess.run(
        [sys.executable, "-m", "detect_secrets", "scan"],
        cwd=shop,
        capture_output=True,
        text=True,
        check=True,
    )
    baseline = json.loads(scan.stdout)
    for entries in baseline["results"].values():  # what `detect-secrets audit` records
        for entry in entries:
            entry["is_secret"] = False
    (shop / ".secrets.baseline").write_text(json.dumps(baseline, indent=2))
    commit_all(shop)
    assert launch(shop).problems() == {}
    write(shop, {"src/new.ts": f"export const aws = '{AWS_KEY}';\n"})
    commit_all(shop)
    assert set(launch(shop).problems()) == {"secrets.repo:src/new.ts:1"}
