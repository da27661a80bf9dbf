"""Built artifacts (secrets, inlined secret env values, source maps) and logs."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from launchgate.checks.secrets.facts import run_secrets
from launchgate.core.model import Severity, Status
from tests.secrets.gitrepo import (
    DB_URL,
    GITHUB_TOKEN,
    STRIPE_LIVE,
    assert_no_leak,
    by_id,
    context,
    make_repo,
    problems,
    run,
    write,
)

CONFIG = """
version: 1
env:
  vars:
    STRIPE_SECRET_KEY: {secret: true}
    DATABASE_URL: {secret: true}
    PUBLIC_URL: {}
secrets:
  artifacts: [dist/]
  logs: ["logs/*.log"]
"""
ENV = {
    "STRIPE_SECRET_KEY": STRIPE_LIVE,
    "DATABASE_URL": DB_URL,
    "PUBLIC_URL": "https://shop.invalid",
}
BUNDLE = (
    '!function(){var e={apiUrl:"https://shop.invalid",integrity:"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"};'
    + f'var k="{STRIPE_LIVE}";'
    + "".join(f"function f{i}(t){{return t.map(function(n){{return n+{i}}})}}" for i in range(40))
    + "console.log(e,k)}();\n//# sourceMappingURL=main.3f2a.js.map\n"
)


def _shop(tmp_path: Path) -> Path:
    root = make_repo(
        tmp_path / "shop",
        {"launchgate.yml": CONFIG, "src/app.py": "x = 1\n", ".gitignore": "dist/\nlogs/\n"},
    )
    write(
        root,
        {
            "dist/assets/main.3f2a.js": BUNDLE,
            "dist/assets/main.3f2a.js.map": '{"version":3,"sources":["src/app.ts"]}',
            "dist/index.html": '<script src="/assets/main.3f2a.js"></script>\n',
        },
    )
    return root


def test_bundle_holding_a_secret_env_value(tmp_path: Path) -> None:
    root = _shop(tmp_path)
    ctx = context(root, CONFIG, ENV)
    results = run(run_secrets, ctx)
    found = problems(results)
    inlined = found["secrets.env_value_in_artifact:dist/assets/main.3f2a.js:1"]
    assert inlined.severity is Severity.CRITICAL
    assert (
        inlined.message
        == "The value of STRIPE_SECRET_KEY appears in dist/assets/main.3f2a.js line 1"
    )
    assert (inlined.file, inlined.line) == ("dist/assets/main.3f2a.js", 1)
    assert found["secrets.artifact:dist/assets/main.3f2a.js:1"].status is Status.FAIL
    assert found["secrets.sourcemap:dist/assets/main.3f2a.js"].line == 2
    assert (
        found["secrets.sourcemap:dist/assets/main.3f2a.js.map"].file
        == "dist/assets/main.3f2a.js.map"
    )
    assert not any(k.startswith("secrets.repo:") for k in found)  # dist/ is not scanned twice
    assert STRIPE_LIVE in ctx.redactor.values
    assert_no_leak(results, [STRIPE_LIVE, DB_URL])


def test_clean_build_passes_and_sri_hashes_are_not_keys(tmp_path: Path) -> None:
    root = _shop(tmp_path)
    write(
        root,
        {"dist/assets/main.3f2a.js": BUNDLE.replace(f'var k="{STRIPE_LIVE}";', "").split("//#")[0]},
    )
    (root / "dist/assets/main.3f2a.js.map").unlink()
    results = run(run_secrets, context(root, CONFIG, ENV))
    assert problems(results) == {}
    ids = by_id(results)
    assert ids["secrets.env_value_in_artifact"].status is Status.PASS
    assert ids["secrets.sourcemap"].status is Status.PASS


def test_missing_artifacts_are_said(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"a.py": "x = 1\n"})
    results = run(run_secrets, context(root, CONFIG, ENV))
    found = problems(results)
    warned = found["secrets.scan:artifacts:dist/"]
    assert warned.status is Status.WARN and "build before running the gate" in warned.message
    assert by_id(results)["secrets.scan:logs:logs/*.log"].status is Status.SKIP


def _jwt() -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256'})}.{part({'sub': '42', 'name': 'Jane'})}.c2lnbmF0dXJlLXZhbHVlLWhlcmU"


def test_logs_with_tokens_and_personal_data(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"launchgate.yml": CONFIG})
    jwt = _jwt()
    log = (
        "10:00 GET /health 200\n"
        f"10:01 POST /api auth=Bearer {GITHUB_TOKEN}\n"
        f"10:02 session {jwt}\n"
        "10:03 signup jane.doe@gmail.com\n"
        "10:04 mail sent to noreply@example.com and ops@shop.test\n"
        "10:05 signup bob@company.io\n"
    )
    write(root, {"logs/app.log": log, "logs/clean.log": "10:00 GET / 200\n"})
    results = run(run_secrets, context(root, CONFIG, ENV))
    found = problems(results)
    creds = found["secrets.logs:logs/app.log"]
    assert creds.severity is Severity.HIGH and creds.line == 2
    assert creds.data["count"] >= 2 and any(
        "JSON Web Token" in d or "JWT" in d for d in creds.details
    )
    emails = found["secrets.logs:logs/app.log:emails"]
    assert emails.severity is Severity.MEDIUM and emails.data["count"] == 2
    assert (emails.line, emails.data["lines"]) == (4, [4, 6])
    assert by_id(results)["secrets.logs:logs/clean.log"].status is Status.PASS
    assert_no_leak(results, [GITHUB_TOKEN, jwt, "jane.doe@gmail.com", "bob@company.io"])
