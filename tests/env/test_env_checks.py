"""env.* rules against real git repositories in temp directories."""

from __future__ import annotations

from pathlib import Path

from launchgate.checks import env
from launchgate.checks.env.facts import parse_dotenv
from launchgate.core.model import Severity, Status
from tests.secrets.gitrepo import (
    DB_URL,
    STRIPE_LIVE,
    STRIPE_TEST,
    assert_no_leak,
    by_id,
    context,
    git,
    make_repo,
    problems,
    run,
)

CONFIG = """
version: 1
env:
  files: [.env.production]
  distinct_from: [.env.staging]
  example: .env.example
  vars:
    DATABASE_URL: {pattern: '^postgres(ql)?://', forbid: ['localhost'], secret: true, owner: backend}
    STRIPE_SECRET_KEY: {pattern: '^sk_live_', secret: true, purpose: Stripe server key}
    SENTRY_DSN: {}
    FEATURE_FLAG: {required: false}
"""
IGNORE = ".env\n.env.*\n!.env.example\n"


def _shop(tmp_path: Path, production: str, **extra: str) -> Path:
    files = {".gitignore": IGNORE, "launchgate.yml": CONFIG, **extra}
    files.setdefault(".env.example", "DATABASE_URL=\nSTRIPE_SECRET_KEY=\nSENTRY_DSN=\n")
    root = make_repo(tmp_path / "shop", files)
    (root / ".env.production").write_text(production)
    return root


def test_all_set_and_valid_passes(tmp_path: Path) -> None:
    root = _shop(tmp_path, f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n")
    ctx = context(root, CONFIG, {"SENTRY_DSN": "https://abc@sentry.invalid/1"})
    results = run(env.run_env, ctx)
    assert problems(results) == {}
    ids = by_id(results)
    assert ids["env.required:SENTRY_DSN"].message == "SENTRY_DSN is set in the environment"
    assert ids["env.required:DATABASE_URL"].file == ".env.production"
    assert ids["env.required:FEATURE_FLAG"].status is Status.SKIP
    assert DB_URL in ctx.redactor.values and STRIPE_LIVE in ctx.redactor.values
    assert_no_leak(results, [DB_URL, STRIPE_LIVE])


def test_missing_and_empty_name_where_looked(tmp_path: Path) -> None:
    root = _shop(tmp_path, f"DATABASE_URL={DB_URL}\nSENTRY_DSN=\n")
    found = problems(run(env.run_env, context(root, CONFIG)))
    missing = found["env.required:STRIPE_SECRET_KEY"]
    assert missing.status is Status.FAIL and missing.severity is Severity.HIGH
    assert missing.message == (
        "STRIPE_SECRET_KEY is not set: looked in the environment, .env.production"
    )
    assert "is empty in .env.production" in found["env.required:SENTRY_DSN"].message


def test_environment_wins_over_files(tmp_path: Path) -> None:
    root = _shop(tmp_path, "STRIPE_SECRET_KEY=" + STRIPE_TEST + "\n")
    environ = {"STRIPE_SECRET_KEY": STRIPE_LIVE, "DATABASE_URL": DB_URL, "SENTRY_DSN": "x"}
    results = run(env.run_env, context(root, CONFIG, environ))
    assert "env.pattern:STRIPE_SECRET_KEY" not in problems(results)


def test_pattern_failure_shows_only_the_redacted_value(tmp_path: Path) -> None:
    root = _shop(tmp_path, f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={STRIPE_TEST}\n")
    results = run(env.run_env, context(root, CONFIG, {"SENTRY_DSN": "x"}))
    failed = problems(results)["env.pattern:STRIPE_SECRET_KEY"]
    assert failed.message == (
        "STRIPE_SECRET_KEY does not match ^sk_live_ (value sk_t…dc (32 chars)): "
        "this looks like a test key"
    )
    assert (failed.file, failed.line) == (".env.production", 2)
    assert_no_leak(results, [STRIPE_TEST, DB_URL])


def test_forbidden_value(tmp_path: Path) -> None:
    local = "postgres://app:" + "s3cr3t-pass-42" + "@localhost/shop"
    root = _shop(tmp_path, f"DATABASE_URL={local}\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n")
    results = run(env.run_env, context(root, CONFIG, {"SENTRY_DSN": "x"}))
    failed = problems(results)["env.forbid:DATABASE_URL:localhost"]
    assert "matches the forbidden pattern localhost" in failed.message
    assert_no_leak(results, [local])


def test_credential_shared_with_staging_is_critical(tmp_path: Path) -> None:
    root = _shop(
        tmp_path,
        f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n",
        **{".env.staging": f"OTHER=1\nSTAGING_DB={DB_URL}\n"},
    )
    results = run(env.run_env, context(root, CONFIG, {"SENTRY_DSN": "x"}))
    shared = problems(results)["env.distinct:DATABASE_URL"]
    assert shared.severity is Severity.CRITICAL
    assert shared.message == (
        "DATABASE_URL has the same value as STAGING_DB in .env.staging: "
        "production shares a credential with another environment"
    )
    assert shared.details == (".env.staging line 2: STAGING_DB",)
    assert by_id(results)["env.distinct:STRIPE_SECRET_KEY"].status is Status.PASS
    assert_no_leak(results, [DB_URL])


def test_example_missing_var_and_drift(tmp_path: Path) -> None:
    example = "# docs\nDATABASE_URL=\nSENTRY_DSN=\nLEGACY_TOKEN=\n"
    root = _shop(tmp_path, f"DATABASE_URL={DB_URL}\n", **{".env.example": example})
    found = problems(run(env.run_env, context(root, CONFIG)))
    assert found["env.example:STRIPE_SECRET_KEY"].file == ".env.example"
    drift = found["env.example_drift:LEGACY_TOKEN"]
    assert (drift.status, drift.line) == (Status.WARN, 4)


def test_committed_env_file_is_critical_and_lists_names_only(tmp_path: Path) -> None:
    committed = f"# prod\nexport DATABASE_URL='{DB_URL}'\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n"
    root = make_repo(
        tmp_path / "r",
        {".env": committed, ".env.example": "A=\n", "config/.env.sample": "B=1\n"},
    )
    results = run(env.run_env, context(root, "version: 1\nenv: {}\n"))
    found = problems(results)
    hit = found["env.committed:.env"]
    assert hit.severity is Severity.CRITICAL and (hit.file, hit.line) == (".env", 2)
    assert "DATABASE_URL, STRIPE_SECRET_KEY" in hit.message
    assert "Rotate every secret" in hit.remediation
    assert not any("example" in k or "sample" in k for k in found)
    assert_no_leak(results, [DB_URL, STRIPE_LIVE])


def test_env_file_not_ignored_warns(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"app.py": "x = 1\n", ".gitignore": ".env.local\n"})
    (root / ".env").write_text("A=1\n")
    (root / ".env.local").write_text("A=1\n")
    found = problems(run(env.run_env, context(root, "version: 1\nenv: {}\n")))
    assert found["env.not_ignored:.env"].status is Status.WARN
    assert "env.not_ignored:.env.local" not in found


def test_debug_switches_fail_in_production_only(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"app.py": "x = 1\n", ".gitignore": ".env*\n"})
    flags = "FLASK_DEBUG=1\nNODE_ENV=development\n"  # pragma: allowlist secret
    (root / ".env.production").write_text(flags)
    config = "version: 1\nenv: {files: [.env.production]}\n"
    environ = {"DEBUG": "True", "APP_DEBUG": "express:*"}
    found = problems(run(env.run_env, context(root, config, environ)))
    assert set(k for k in found if k.startswith("env.debug")) == {
        "env.debug:DEBUG",
        "env.debug:FLASK_DEBUG",
        "env.debug:NODE_ENV",
    }
    assert found["env.debug:FLASK_DEBUG"].line == 1
    staging = "version: 1\nenvironment: staging\nenv: {files: [.env.production]}\n"
    assert not problems(run(env.run_env, context(root, staging, environ)))


def test_inventory_has_no_values(tmp_path: Path) -> None:
    root = _shop(tmp_path, f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n")
    ctx = context(root, CONFIG)
    run(env.run_env, ctx)
    rows = {row["name"]: row for row in ctx.inventories["env"]}
    assert rows["DATABASE_URL"] == {
        "name": "DATABASE_URL",
        "required": True,
        "set": True,
        "where": ".env.production",
        "secret": True,
        "owner": "backend",
        "purpose": None,
    }
    assert rows["SENTRY_DSN"]["set"] is False
    assert DB_URL not in repr(ctx.inventories)


def test_missing_env_file_is_said_and_checks_go_on(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"a.py": "x = 1\n"})
    results = run(env.run_env, context(root, CONFIG, {"SENTRY_DSN": "x"}))
    ids = by_id(results)
    assert "does not exist" in ids["env.file:.env.production"].message
    assert ids["env.example:.env.example"].status is Status.FAIL
    assert ids["env.required:DATABASE_URL"].status is Status.FAIL


def test_outside_git_skips_git_rules(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    results = run(env.run_env, context(tmp_path, "version: 1\nenv: {}\n"))
    assert not any(r.rule_id in ("env.committed", "env.not_ignored") for r in results)


def test_dotenv_syntax() -> None:
    parsed = parse_dotenv(
        ".env", "# c\nexport A='x y'\nB=\"multi\nline\"\nC # comment\nD=plain # note\nbad line\n"
    )
    assert parsed.values == {"A": "x y", "B": "multi\nline", "C": None, "D": "plain"}
    assert parsed.lines["D"] == 6 and parsed.bad_lines == (7,)


def test_precommit_mode_judges_the_commit_not_the_developer_shell(tmp_path: Path) -> None:
    root = _shop(tmp_path, "DEBUG=1\n", **{".env": "A=1\n"})
    git(root, "add", "-f", ".env")
    environ = {"NODE_ENV": "development", "STRIPE_SECRET_KEY": STRIPE_TEST}
    found = problems(run(env.run_env, context(root, CONFIG, environ, files=("app.py",))))
    assert "env.debug:DEBUG" in found  # set in the deploy's env file
    assert "env.debug:NODE_ENV" not in found  # only the developer's shell
    assert not any(k.startswith(("env.required", "env.pattern")) for k in found)
    assert "env.committed:.env" in found


def test_debug_off_in_the_environment_overrides_an_env_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"app.py": "x = 1\n", ".gitignore": ".env*\n"})
    (root / ".env.production").write_text("DEBUG=1\n")
    config = "version: 1\nenv: {files: [.env.production]}\n"
    assert not problems(run(env.run_env, context(root, config, {"DEBUG": "false"})))
    assert "env.debug:DEBUG" in problems(run(env.run_env, context(root, config, {})))


def test_committed_env_file_with_only_public_settings_is_a_low_warning(tmp_path: Path) -> None:
    """Next.js and Vite commit .env/.env.production with public defaults: not critical."""
    public = (
        "NEXT_PUBLIC_API_URL=https://api.acme.test\nNEXT_PUBLIC_STRIPE_KEY=pk_live_abc\n"
        "NODE_ENV=production\n"
    )
    local = "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/dev\nVITE_APP=shop\n"
    root = make_repo(tmp_path / "r", {".env.production": public, ".env.development": local})
    found = problems(run(env.run_env, context(root, "version: 1\nenv: {}\n")))
    for name in (".env.production", ".env.development"):
        hit = found[f"env.committed:{name}"]
        assert (hit.status, hit.severity) == (Status.WARN, Severity.LOW), hit
        assert "none of which looks secret" in hit.message
    mixed = make_repo(tmp_path / "m", {".env": public + f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n"})
    hit = problems(run(env.run_env, context(mixed, "version: 1\nenv: {}\n")))["env.committed:.env"]
    assert hit.severity is Severity.CRITICAL and "(STRIPE_SECRET_KEY)" in hit.remediation


def test_settings_with_secret_sounding_names_are_not_masked() -> None:
    from launchgate.checks.env.judge import should_mask

    assert not should_mask("AUTH_MODE", "production")
    assert not should_mask("AUTH_PROVIDER", "github")
    assert not should_mask("COOKIE_DOMAIN", "acme.test")
    assert not should_mask("SENTRY_DSN", "https://abc@o1.ingest.sentry.io/42")
    assert not should_mask("JWT_ALGORITHM_KEY_TYPE", "HS256")
    assert should_mask("DB_PASSWORD", "correct horse battery staple")
    assert should_mask("AUTH_TOKEN", "abcdefgh")
    assert should_mask("AUTH_HEADER", "Zq8-xT4v-Lp2W")
    assert should_mask("REDIS_URL", "redis://:s3cret@cache:6379")
    assert should_mask("MODE", "production", secret=True)
