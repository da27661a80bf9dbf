"""Regressions found by the acceptance pass: false alarms in bundles, logs and messages."""

from __future__ import annotations

from pathlib import Path

from launchgate.checks.secrets import detectors as engine
from launchgate.checks.secrets import rules as R
from launchgate.checks.secrets.filescan import scan_task
from launchgate.checks.secrets.judge import _finding_result, _log_result
from launchgate.checks.secrets.model import EngineOptions, Finding, Kind, Task
from tests.secrets.gitrepo import AWS_KEY, GITHUB_TOKEN, STRIPE_LIVE

RELEASE = "9b1e4c7d2a8f3e6b0c5d9a1f7e2b4c8d6a3f0e1b"
BUNDLE = (
    'var s={a:1},c="' + "8f3a9c1e5b7d2f40e6a1c9b3d5f7e2a4c6b8d0f1e3a5c7b9d2f4e6a8c0b1d3e5" + '";'
)
PUBLISHABLE = "pk_live_" + "51NzT8qLmW3xR7vB2kP9sJ4dHh6Yc"


def _types(rel: str, text: str, built: bool = False) -> list[str]:
    with engine.LOCK:
        engine.configure(EngineOptions())
        return [f.type for f in engine.scan_text(rel, text, built)]


def test_hex_hashes_in_built_or_minified_javascript_are_not_secrets() -> None:
    assert _types("src/build.js", BUNDLE) == ["Hex High Entropy String"]
    assert _types("dist/assets/app.js", BUNDLE, built=True) == []
    assert _types("public/vendor/lib.min.js", BUNDLE) == []
    # Specific detectors still run there.
    assert _types("dist/assets/app.js", f'k="{AWS_KEY}"', built=True) == ["AWS Access Key"]


def test_release_ids_named_as_such_are_not_secrets() -> None:
    assert _types("src/sentry.ts", f'Sentry.init({{ release: "{RELEASE}" }})\n') == []


def test_dotenv_vault_ciphertext_is_not_a_secret() -> None:
    vault = 'DOTENV_VAULT_PRODUCTION="' + "q8ZtKp3Vw7Yx2Rb4Nd6Mf" * 8 + '"\n'
    assert _types(".env.vault", vault) == []
    assert _types(".env.vault", f"LEAK={AWS_KEY}\n") == ["AWS Access Key"]


def test_stripe_publishable_keys_are_public() -> None:
    assert _types("src/pay.ts", f'const pk = "{PUBLISHABLE}";\n') == []
    assert "Stripe Access Key" in _types("src/pay.ts", f'const sk = "{STRIPE_LIVE}";\n')


def test_a_password_in_a_url_in_a_log_is_not_an_email_address(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text(
        "connect postgresql://shop:Vb7-kQ2xN9pR4tLm@db.prod.internal:5432/shop\n"
        "signup email:jane.doe@gmail.com\n"
        "mailto:ops@acme-shop.com\n"
    )
    with engine.LOCK:
        engine.configure(EngineOptions())
        outcome = scan_task(Task(str(log), "app.log", Kind.LOG))
    emails = [(h.line, h.value) for h in outcome.hits if h.kind == "email"]
    assert emails == [(2, "jane.doe@gmail.com"), (3, "ops@acme-shop.com")]
    assert [f.type for f in outcome.findings] == ["Basic Auth Credentials"]


def test_prefix_only_detections_show_no_misleading_length() -> None:
    result = _log_result("app.log", [(2, "GitHub Token", "ghp")], "credential", R.LOGS.severity)
    assert list(result.details) == ["line 2: GitHub Token"]


def test_one_secret_is_listed_once_by_its_specific_detector() -> None:
    group = [
        Finding("a.js", 1, "Base64 High Entropy String", "h1", STRIPE_LIVE),
        Finding("a.js", 1, "Stripe Access Key", "h1", STRIPE_LIVE),
        Finding("a.js", 1, "Base64 High Entropy String", "h2", GITHUB_TOKEN),
        Finding("a.js", 1, "GitHub Token", "h3", "ghp"),
    ]
    message = _finding_result(R.ARTIFACT, "a.js", 1, group, None).message
    assert message == (
        "Potential secret in a.js line 1: Stripe Access Key (sk_l…Mf (32 chars)), "
        "GitHub Token (ghp_…A5 (40 chars))"
    )


ANON_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9."
    "CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"
)
SERVICE_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJzdXBhYmFzZSIsInJvbGUiOiJzZXJ2aWNlX3JvbGUifQ."
    "CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"
)


def test_documentation_and_template_placeholders_are_not_secrets() -> None:
    example = (
        'DATABASE_URL="postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public"\n'
        "REDIS_URL=redis://:s3cretpass@127.0.0.1:6379\n"
        f"NEXT_PUBLIC_SUPABASE_ANON_KEY={ANON_JWT}\n"
    )
    assert _types(".env.example", example) == []
    docs = 'export OPENAI_API_KEY="sk-..."\ntoken: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'
    assert _types("README.md", docs) == []


def test_real_credentials_next_to_placeholders_are_still_found() -> None:
    real = (
        "PROD=postgresql://app:Xq9vR2mT8wLp4Kz@db.prod.internal:5432/app\n"
        f"SUPABASE_SERVICE_ROLE_KEY={SERVICE_JWT}\n"
        f"token: {GITHUB_TOKEN}\n"
    )
    found = _types("config.env", real)
    assert {"Basic Auth Credentials", "JSON Web Token", "GitHub Token"} <= set(found), found


MODERN = {
    "GitHub Fine-grained Token": "github_pat_11ABCDEFG0aB3dE5fG7hJ9_"
    + "kL1mN3pQ5rS7tU9vW1xY3zA5q8ZtKp3Vw7Yx2Rb4Nd6MfaB3dE5fG7hJ9kL",
    "OpenAI API Key": "sk-proj-"
    + "Zt8qLmW3xR7vB2kP9sJ4dHh6"
    + "T3BlbkFJ"
    + "Yc5Nd6Mf51NzT8qLmW3xR7vB",
    "Anthropic API Key": "sk-ant-api03-" + "q8ZtKp3Vw7Yx2Rb4Nd6Mf" * 4 + "AA",
    "Stripe Webhook Secret": "whsec_" + "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH",
    "Shopify Token": "shpat_" + "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "npm Access Token": "npm_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
    "Google OAuth Client Secret": "GOCSPX-" + "q8ZtKp3Vw7Yx2Rb4Nd6MfaB3dE5f",
    "Discord Webhook": "https://discord.com/api/webhooks/123456789012345678/"
    + "q8ZtKp3Vw7Yx2Rb4Nd6Mf" * 3
    + "_xY",
}


def test_modern_token_formats_are_found_with_file_and_line() -> None:
    for kind, token in MODERN.items():
        found = _types("src/config.ts", f"// config\nexport const t = '{token}';\n")
        assert kind in found or (kind.startswith("OpenAI") and "OpenAI Token" in found), kind
    with engine.LOCK:
        engine.configure(EngineOptions())
        crlf = engine.scan_text("a.env", f"X=1\r\nT={MODERN['Shopify Token']}\r\n")
    assert [(f.line, f.type) for f in crlf] == [(2, "Shopify Token")]


def test_modern_tokens_honour_the_allowlist_pragma_and_placeholders() -> None:
    token = MODERN["npm Access Token"]
    assert _types("a.ts", f"t = '{token}'  // pragma: allowlist secret\n") == []
    assert _types("a.py", f"# pragma: allowlist nextline secret\nt = '{token}'\n") == []
    assert _types("a.md", "NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n") == []


def test_only_secret_looking_env_values_are_hunted_in_tracked_files() -> None:
    from launchgate.checks.secrets.filescan import _secretish

    assert not _secretish("postgresql://localhost:5432/shop")
    assert not _secretish("aaaaaaaabbbb")
    assert _secretish("postgresql://shop:Vb7-kQ2xN9pR4tLm@db.internal/shop")
    assert _secretish("c2f9e81b7d4a6035fb1e9c7a2d48b06e")


def test_an_env_value_on_a_reported_line_joins_its_finding() -> None:
    from launchgate.checks.secrets.judge import merge_env_values
    from launchgate.checks.secrets.model import Hit

    finding = Finding("a.py", 3, "Stripe Access Key", "h1", STRIPE_LIVE)
    results = [_finding_result(R.REPO, "a.py", 3, [finding], None)]
    hits = [Hit("a.py", 3, "env:STRIPE_SECRET_KEY", STRIPE_LIVE), Hit("b.py", 1, "env:X", "v")]
    merged = merge_env_values(results, hits)
    assert [(r.check_id, r.status.value) for r in merged] == [
        ("secrets.repo:a.py:3", "fail"),
        ("secrets.repo:b.py:1", "fail"),
    ]
    assert merged[0].message.endswith(
        "it is the value of STRIPE_SECRET_KEY (a secret environment variable)"
    )


def test_the_jwt_io_example_token_is_documentation() -> None:
    example = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9l"
        "IiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert _types("src/auth.test.ts", f"const token = '{example}';\n") == []


def test_logs_skip_role_addresses_and_placeholder_tokens(tmp_path: Path) -> None:
    log = tmp_path / "deploy.log"
    log.write_text(
        "Cloning into 'shop'... git@github.com:acme/shop.git\n"
        "From: Acme <no-reply@acme-shop.com>\n"
        "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx\n"
        "Authorization: Bearer [REDACTED-TOKEN-VALUE]\n"
        "123+octocat@users.noreply.github.com pushed\n"
        "receipt sent to jane.doe@gmail.com\n"
        f"Authorization: Bearer {STRIPE_LIVE}\n"
    )
    with engine.LOCK:
        engine.configure(EngineOptions())
        outcome = scan_task(Task(str(log), "deploy.log", Kind.LOG))
    assert [(h.kind, h.line) for h in outcome.hits] == [("bearer", 7), ("email", 6)]


def test_a_line_with_many_findings_keeps_a_readable_message() -> None:
    group = [Finding("a.js", 1, "Secret Keyword", f"h{i}", f"value-{i:04d}-Zq8") for i in range(12)]
    message = _finding_result(R.ARTIFACT, "a.js", 1, group, None).message
    assert message.endswith("and 7 more") and message.count("Secret Keyword") == 5


def test_published_tokens_in_html_are_not_secrets() -> None:
    site_key = "6LcZ7sUUAAAAAJk6dQ3KfWzR0lqP5iB9xQ3tN8vY"
    html = (
        '<meta name="google-site-verification" content="rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ" />\n'
        f'<script>grecaptcha.execute("{site_key}",{{action:"submit"}})</script>\n'
        f'<div class="g-recaptcha" data-sitekey="{site_key}"></div>\n'
    )
    assert _types("dist/index.html", html, built=True) == []
    assert _types("api/captcha.py", f'recaptcha_secret = "{site_key}"\n') != []


def test_a_public_variable_marked_secret_explains_itself() -> None:
    from launchgate.checks.secrets.judge import env_value_results
    from launchgate.checks.secrets.model import Hit

    hits = [Hit("dist/a.js", 1, "env:NEXT_PUBLIC_API_KEY", "v" * 20)]
    result = env_value_results(hits, ["NEXT_PUBLIC_API_KEY"], 1)[0]
    assert result.status.value == "fail" and "public variable" in result.details[0]


def test_baselines_hold_only_types_detect_secrets_knows(tmp_path: Path) -> None:
    """`detect-secrets audit` crashes on an unknown type: extra findings stay out."""
    import json

    from launchgate.checks.secrets.baseline_write import write_baseline

    findings = [
        Finding("a.py", 1, "Shopify Token", "h1", MODERN["Shopify Token"]),
        Finding("a.py", 2, "AWS Access Key", "h2", AWS_KEY),
    ]
    path = tmp_path / ".secrets.baseline"
    assert write_baseline(path, findings, tmp_path, None, EngineOptions()) == 1
    assert [e["type"] for e in json.loads(path.read_text())["results"]["a.py"]] == [
        "AWS Access Key"
    ]
    result = _finding_result(R.REPO, "a.py", 1, findings[:1], None)
    assert "baseline cannot hold this token type" in result.remediation


def test_a_value_repeated_through_a_bundle_is_one_result_per_file() -> None:
    from launchgate.checks.secrets.judge import env_value_results
    from launchgate.checks.secrets.model import Hit

    hits = [Hit("dist/a.js", n, "env:SESSION_SECRET", "v" * 20) for n in (3, 9, 9, 40, 41, 50, 77)]
    hits.append(Hit("dist/b.js", 1, "env:STRIPE_SECRET_KEY", STRIPE_LIVE))
    results = env_value_results(hits, ["SESSION_SECRET", "STRIPE_SECRET_KEY"], 2)
    assert [(r.check_id, r.line) for r in results] == [
        ("secrets.env_value_in_artifact:dist/a.js:3", 3),
        ("secrets.env_value_in_artifact:dist/b.js:1", 1),
    ]
    assert results[0].message == (
        "The value of SESSION_SECRET (x7) appears in dist/a.js on 6 lines, first line 3"
    )
    assert results[0].details[-1] == "... and 1 more lines" and results[1].details == ()


def test_keyword_matches_on_code_and_prose_are_not_secrets() -> None:
    code = (
        'const password = formData.get("password")\n'
        "const apiKey = useApiKey();\n"
        "api_key = settings.API_KEY\n"
    )
    assert _types("src/login.tsx", code) == []
    assert _types("locales/fr.json", '{"password": "Mot de passe oublié"}\n') == []
    literal = 'const password = "Zx81-qwe(Poi9)-LKj2";\n'  # pragma: allowlist secret
    assert _types("src/seed.ts", literal) == ["Secret Keyword"]
