"""env: and secrets: keys do what the example's comments say."""

from __future__ import annotations

import json

from tests.acceptance_contract.harness import Project

LIVE_KEY = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
DB_URL = "postgres://app:Zq8vN2kLp4Xw@db.internal:5432/shop"
ENV_CONFIG = """\
version: 1
env:
  files: [.env.production]
  distinct_from: [.env.staging]
  example: .env.example
  vars:
    DATABASE_URL:
      pattern: '^postgres(ql)?://'
      forbid: ['localhost', '127\\.0\\.0\\.1']
      secret: true
      owner: backend
      purpose: Primary Postgres connection
    STRIPE_SECRET_KEY: {pattern: '^sk_live_', secret: true, owner: payments, purpose: Stripe key}
    SENTRY_DSN: {owner: ops, purpose: Error tracking}
    DEBUG: {required: false, forbid: ['^(?i:1|true|yes|on)$']}
"""


def _env_project(project: Project, production: str, staging: str = "", example: str = "") -> None:
    project.config(ENV_CONFIG)
    project.write(".env.production", production)
    project.write(".env.staging", staging)
    project.write(".env.example", example or "DATABASE_URL=\nSTRIPE_SECRET_KEY=\nSENTRY_DSN=\n")


def _assert_no_secret(run_text: str, *values: str) -> None:
    for value in values:
        assert value not in run_text


def test_a_good_env_passes_and_files_are_read(project: Project) -> None:
    _env_project(
        project,
        f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={LIVE_KEY}\nSENTRY_DSN=https://k@o1.ingest.test/1\n",
    )
    run = project.check()
    assert run.code == 0, run.out
    required = run.result("env.required:DATABASE_URL")
    assert required["status"] == "pass" and required["file"] == ".env.production"
    _assert_no_secret(run.out + json.dumps(run.report), DB_URL, LIVE_KEY)


def test_process_environment_comes_first(project: Project) -> None:
    _env_project(project, "SENTRY_DSN=x\n")
    run = project.check(env={"DATABASE_URL": DB_URL, "STRIPE_SECRET_KEY": LIVE_KEY})
    assert run.code == 0, run.out
    assert "environment" in run.result("env.required:DATABASE_URL")["message"]


def test_pattern_forbid_and_required(project: Project) -> None:
    test_key = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
    _env_project(
        project,
        "DATABASE_URL=postgres://app:pw12345678@localhost/shop\n"
        f"STRIPE_SECRET_KEY={test_key}\nDEBUG=true\n",
    )
    run = project.check()
    assert run.code == 1
    pattern = run.result("env.pattern:STRIPE_SECRET_KEY")
    assert pattern["status"] == "fail" and "^sk_live_" in pattern["message"]
    assert "test key" in pattern["message"]
    forbid = [r for r in run.report["results"] if r["rule"] == "env.forbid"]
    assert {r["id"] for r in forbid if r["status"] == "fail"} >= {
        "env.forbid:DATABASE_URL:localhost",
        "env.forbid:DEBUG:^(?i:1|true|yes|on)$",
    }
    missing = run.result("env.required:SENTRY_DSN")
    assert missing["status"] == "fail" and ".env.production" in missing["message"]
    _assert_no_secret(run.out + json.dumps(run.report), test_key, "pw12345678")


def test_missing_var_points_at_its_config_line(project: Project) -> None:
    _env_project(project, "")
    run = project.check()
    missing = run.result("env.required:SENTRY_DSN")
    assert (missing["file"], missing["line"]) == ("launchgate.yml", 14)


def test_optional_var_may_be_absent(project: Project) -> None:
    _env_project(project, f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={LIVE_KEY}\nSENTRY_DSN=x\n")
    run = project.check()
    assert run.result("env.required:DEBUG")["status"] == "skip"
    assert run.code == 0


def test_distinct_from_catches_a_shared_credential(project: Project) -> None:
    _env_project(
        project,
        f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={LIVE_KEY}\nSENTRY_DSN=x\n",
        staging=f"STAGING_STRIPE={LIVE_KEY}\n",
    )
    run = project.check()
    shared = [r for r in run.report["results"] if r["rule"] == "env.distinct"]
    failing = [r for r in shared if r["status"] == "fail"]
    assert failing and failing[0]["severity"] == "critical"
    assert "STRIPE_SECRET_KEY" in failing[0]["message"]
    assert run.code == 1
    _assert_no_secret(run.out + json.dumps(run.report), LIVE_KEY)


def test_example_missing_and_stale(project: Project) -> None:
    _env_project(
        project,
        f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={LIVE_KEY}\nSENTRY_DSN=x\n",
        example="DATABASE_URL=\nOLD_THING=\n",
    )
    run = project.check()
    missing = run.result("env.example:STRIPE_SECRET_KEY")
    assert missing["status"] == "warn" and missing["severity"] == "medium"  # below fail_on
    assert "missing from .env.example" in missing["message"]
    drift = [r for r in run.report["results"] if r["rule"] == "env.example_drift"]
    assert drift and drift[0]["status"] == "warn" and "OLD_THING" in json.dumps(drift)


def test_inventory_has_owner_and_purpose_never_values(project: Project) -> None:
    _env_project(project, f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={LIVE_KEY}\nSENTRY_DSN=x\n")
    run = project.check()
    inventory = json.dumps(run.report["inventories"]["env"])
    assert "backend" in inventory and "Primary Postgres connection" in inventory
    assert "payments" in inventory
    _assert_no_secret(inventory, DB_URL, LIVE_KEY)


def test_secret_value_is_hunted_in_artifacts(project: Project) -> None:
    project.config(ENV_CONFIG.split("env:")[0] + "env:\n  vars: {API_TOKEN: {secret: true}}\n"
                   "secrets: {paths: [], artifacts: [dist/]}\n")  # fmt: skip
    token = "tok_" + "9f8e7d6c5b4a39281706"
    project.write("dist/app.js", f'const t="{token}";\n')
    run = project.check(env={"API_TOKEN": token})
    hits = [r for r in run.report["results"] if r["rule"] == "secrets.env_value_in_artifact"]
    assert hits and hits[0]["status"] == "fail" and hits[0]["file"] == "dist/app.js"
    assert "API_TOKEN" in hits[0]["message"]
    _assert_no_secret(run.out + json.dumps(run.report), token)


GITHUB_TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5"


def test_paths_scan_tracked_files_only_in_git(project: Project) -> None:
    project.git_init()
    project.config('version: 1\nsecrets: {paths: ["src"]}\n')
    project.write("src/ok.py", "x = 1\n")
    project.commit()
    project.write("src/untracked.py", f'TOKEN = "{GITHUB_TOKEN}"\n')
    project.write("other/tracked.py", f'TOKEN = "{GITHUB_TOKEN}"\n')
    project.commit("other/tracked.py")
    run = project.check()
    assert run.code == 0, run.out  # untracked file and a path outside `paths` are not scanned
    project.commit("src/untracked.py")
    run = project.check()
    assert run.code == 1
    failing = [r for r in run.report["results"] if r["status"] == "fail"]
    assert [(r["rule"], r["file"], r["line"]) for r in failing] == [
        ("secrets.repo", "src/untracked.py", 1)
    ]
    _assert_no_secret(run.out + json.dumps(run.report), GITHUB_TOKEN)


def test_paths_scan_every_file_outside_git(project: Project) -> None:
    project.config('version: 1\nsecrets: {paths: ["."], exclude: ["tests/fixtures/**"]}\n')
    project.write("app/settings.py", f'TOKEN = "{GITHUB_TOKEN}"\n')
    project.write("tests/fixtures/fake.py", f'TOKEN = "{GITHUB_TOKEN}"\n')
    run = project.check()
    files = {r.get("file") for r in run.report["results"] if r["status"] == "fail"}
    assert files == {"app/settings.py"}


def test_baseline_accepts_audited_findings(project: Project) -> None:
    project.git_init()
    project.config("version: 1\nsecrets: {baseline: .secrets.baseline}\n")
    project.write("app/settings.py", f'TOKEN = "{GITHUB_TOKEN}"\n')
    project.commit()
    assert project.check().code == 1
    made = project.cli("secrets", "baseline", "--update")
    assert made.code == 0, made.out + made.err
    assert (project.root / ".secrets.baseline").is_file()
    project.commit()
    run = project.check()
    assert run.code == 0, run.out


def test_logs_are_scanned_for_tokens_and_emails(project: Project) -> None:
    project.config('version: 1\nsecrets: {paths: [], logs: ["logs/*.log"]}\n')
    project.write("logs/app.log", "user jane.doe@shop.test signed in\nAuthorization: Bearer "
                  f"{GITHUB_TOKEN}\n")  # fmt: skip
    run = project.check()
    logs = [r for r in run.report["results"] if r["rule"] == "secrets.logs"]
    assert logs and any(r["status"] in ("fail", "warn") for r in logs)
    text = run.out + json.dumps(run.report)
    _assert_no_secret(text, GITHUB_TOKEN, "jane.doe@shop.test")


def test_results_without_a_file_point_at_their_config_key(project: Project) -> None:
    project.config(ENV_CONFIG.replace("example: .env.example", "example: docs/.env.example"))
    run = project.check()
    example = run.result("env.example:docs/.env.example")
    assert (example["file"], example["line"]) == ("launchgate.yml", 5)
    files = run.result("env.file:.env.production")
    assert (files["file"], files["line"]) == ("launchgate.yml", 3)
    assert "(which does not exist)" in run.result("env.required:SENTRY_DSN")["message"]


def test_artifacts_report_source_maps_and_secrets(project: Project) -> None:
    project.config('version: 1\nsecrets: {paths: [], artifacts: ["dist/"]}\n')
    project.write("dist/app.js", "console.log(1);\n//# sourceMappingURL=app.js.map\n")
    project.write("dist/app.js.map", '{"version":3,"sources":["src/app.ts"],"mappings":""}\n')
    project.write("dist/vendor.js", f'var t="{GITHUB_TOKEN}";\n')
    run = project.check()
    maps = {r["file"] for r in run.report["results"] if r["rule"] == "secrets.sourcemap"}
    assert maps >= {"dist/app.js.map", "dist/app.js"}
    leaked = [r for r in run.report["results"] if r["rule"] == "secrets.artifact"]
    assert leaked and leaked[0]["file"] == "dist/vendor.js" and leaked[0]["status"] == "fail"
    _assert_no_secret(run.out + json.dumps(run.report), GITHUB_TOKEN)


def test_a_path_that_cannot_be_scanned_fails_closed(project: Project) -> None:
    project.git_init()
    project.config('version: 1\nsecrets: {paths: [".."]}\n', rel="deploy/launchgate.yml")
    project.write("app.py", "x = 1\n")
    project.commit()
    run = project.check("-c", "deploy/launchgate.yml")
    assert run.code == 1
    unscanned = run.result("secrets.scan:paths:..")
    assert unscanned["status"] == "error" and "was not scanned" in unscanned["message"]
