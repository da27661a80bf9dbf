"""Secrets never reach an output: env values whatever their variable is called, passwords in
any configured URL, GitHub masks. Each secret is searched in stdout, stderr, every report and
every file the run leaves, whole and as any 12-character stretch of its random part, plain,
lower-cased and percent-encoded."""

from __future__ import annotations

import string
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.harness import Run, closed_port, launchgate, leaks, rand

REPORTS = ["--json", "out/r.json", "--junit", "out/j.xml", "--sarif", "out/r.sarif",
           "--markdown", "out/r.md"]  # fmt: skip


@dataclass(frozen=True)
class Secret:
    name: str  # which member of the family
    value: str
    random: str  # the part an attacker could not guess


def _env_members() -> tuple[list[Secret], str, dict[str, str], str]:
    """Variables whose names do not look secret, each value a shape that must not leak."""
    stripe = rand(24)
    sendgrid = (rand(22), rand(43))
    aws = rand(16, string.ascii_uppercase + "234567")
    github = rand(36)
    opaque = rand(32)
    db_password = rand(16)
    slack = rand(24)
    node = rand(24)
    members = [
        Secret("pattern fails on a live Stripe key (STRIPE_SK)", f"sk_live_{stripe}", stripe),
        Secret("SendGrid key in MAIL", f"SG.{sendgrid[0]}.{sendgrid[1]}", sendgrid[1]),
        Secret("forbid matches an AWS key id (UPLOADS)", f"AKIA{aws}", aws),
        Secret("secret: false but a GitHub token (BUILD)", f"ghp_{github}", github),
        Secret("random value failing its pattern (SERVICE)", opaque, opaque),
        Secret("URL password in a value failing its pattern (DB)", db_password, db_password),
        Secret("Slack token in a file variable (HOOK)", f"xoxb-{slack}", slack),
        Secret("a live key as NODE_ENV (debug check)", f"sk_live_{node}", node),
    ]
    config = """\
version: 1
environment: production
env:
  files: [.env.deploy]
  vars:
    STRIPE_SK: {pattern: "^sk_test_"}
    MAIL: {pattern: "^key-"}
    UPLOADS: {forbid: ["^AKIA"]}
    BUILD: {secret: false, pattern: "^https://"}
    SERVICE: {pattern: "^[a-z]+$"}
    DB: {pattern: "^postgres://"}
    HOOK: {pattern: "^https://hooks"}
"""
    environ = {
        "STRIPE_SK": members[0].value,
        "MAIL": members[1].value,
        "UPLOADS": members[2].value,
        "BUILD": members[3].value,
        "SERVICE": members[4].value,
        "DB": f"mysql://app:{db_password}@db.internal/shop",
        "NODE_ENV": members[7].value,
    }
    dotenv = f"HOOK=xoxb-{slack}\n"
    return members, config, environ, dotenv


def _project(root: Path, config: str, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "launchgate.yml").write_text(config)
    for rel, text in (files or {}).items():
        (root / rel).write_text(text)
    return root


def _assert_no_leak(runs: dict[str, Run], members: list[Secret]) -> None:
    problems = []
    for label, run in runs.items():
        assert "Traceback" not in run.err, run.err
        for member in members:
            found = leaks(run, member.value, member.random)
            if found:
                problems.append(f"[{label}] {member.name}: {found}")
    assert not problems, "\n".join(problems)


def test_env_values_never_leak_whatever_the_variable_is_called(tmp_path: Path) -> None:
    members, config, environ, dotenv = _env_members()
    root = _project(tmp_path / "p", config, {".env.deploy": dotenv})
    run = launchgate(["check", "-v", *REPORTS], root, environ)
    assert run.code == 1, run.out + run.err
    assert "STRIPE_SK does not match" in run.out  # the failure is reported, the value is not
    _assert_no_leak({"plain run": run}, members)


def test_github_masks_only_on_a_real_runner(tmp_path: Path) -> None:
    """``::add-mask::<value>`` prints the value to whatever reads stdout; only the runner
    consumes it. A shell that copied GITHUB_ACTIONS=true (no runner folders) gets no masks."""
    members, config, environ, dotenv = _env_members()
    root = _project(tmp_path / "p", config, {".env.deploy": dotenv})
    summary = tmp_path / "gh" / "summary.md"
    summary.parent.mkdir()
    fakes = {
        "GITHUB_ACTIONS only": {"GITHUB_ACTIONS": "true"},
        "runner temp missing": {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(tmp_path / "no")},
        "output file missing": {
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(tmp_path / "no" / "out"),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
    }
    with ThreadPoolExecutor(3) as pool:
        futures = {
            label: pool.submit(
                launchgate, ["check", *REPORTS], root, {**environ, **extra}, 60.0, [summary.parent]
            )
            for label, extra in fakes.items()
        }
        runs = {label: f.result() for label, f in futures.items()}
    for label, run in runs.items():
        assert "::add-mask::" not in run.out, label
    _assert_no_leak(runs, members)
    # On a real runner (its temp folder exists) the masks come first, then nothing leaks
    # into the step summary or outputs.
    (tmp_path / "runner").mkdir()
    output = tmp_path / "gh" / "output"
    output.write_text("")
    real = launchgate(
        ["check"],
        root,
        {**environ, "GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(tmp_path / "runner"),
         "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)},
        watch=[summary.parent],
    )  # fmt: skip
    assert real.out.startswith("::add-mask::"), real.out[:200]
    files_only = Run(real.code, "", real.err, real.seconds, real.files)
    _assert_no_leak({"real runner files": files_only}, members)


def _url_members(port: int) -> tuple[list[Secret], str, dict[str, str]]:
    """A password in every URL-bearing key, in mixed case, percent-encoded, short, word-like."""
    canonical = rand(8) + "Ab" + rand(8)
    word = "Mypassword1"
    encoded = rand(10)
    endpoint = rand(8)
    static = rand(14)
    webhook = rand(14)
    perf = rand(8)
    token = rand(36)
    expanded = rand(16)
    members = [
        Secret("http.canonical, mixed case (lower-cased by the check)", canonical, canonical),
        Secret("redirects.from, a word-like password", word, word),
        Secret("redirects.to, percent-encoded", f"p@ss{encoded}", encoded),
        Secret("endpoints.url, 8 characters", endpoint, endpoint),
        Secret("static", static, static),
        Secret("webhooks", webhook, webhook),
        Secret("performance.endpoints, 8 characters", perf, perf),
        Secret("a token as the user name", f"ghp_{token}", token),
        Secret("a password from ${VAR} expansion", expanded, expanded),
    ]
    host = f"127.0.0.1:{port}"
    config = f"""\
version: 1
timeout: 1s
http:
  canonical: "http://Admin:{canonical}@{host}/"
  redirects:
    - {{from: "http://u:{word}@{host}/old", to: "http://{host}/new"}}
    - {{from: "http://{host}/a", to: "http://u:p%40ss{encoded}@{host}/b"}}
  endpoints:
    - {{url: "https://user:{endpoint}@{host}/health"}}
    - {{url: "https://ghp_{token}@{host}/api"}}
    - {{url: "https://ops:${{OPS_PASSWORD}}@{host}/ops"}}
  static: ["http://cdn:{static}@{host}/app.js"]
  webhooks: ["https://hook:{webhook}@{host}/hook"]
performance:
  samples: 1
  warmup: 0
  endpoints:
    - {{url: "http://perf:{perf}@{host}/", p95: 1s}}
"""
    return members, config, {"OPS_PASSWORD": expanded}


def test_passwords_in_urls_never_leak(tmp_path: Path) -> None:
    members, config, environ = _url_members(closed_port())
    root = _project(tmp_path / "p", config)
    run = launchgate(["check", "-v", *REPORTS], root, environ)
    assert run.code == 1, run.out + run.err
    assert "***@" in run.out  # the URLs are still named, without their password
    _assert_no_leak({"url run": run}, members)


def test_config_errors_about_a_url_do_not_show_its_password(tmp_path: Path) -> None:
    """A config error quotes the value it refuses: never with the password in it."""
    urls = [
        "http://admin:{pw}@bad_host!/",  # an invalid host
        "http://admin:{pw}@127.0.0.1:0/",  # port 0
        "http://admin:{pw}@127.0.0.1:99999/",  # a port out of range
        "ftp://admin:{pw}@127.0.0.1/",  # not http(s)
    ]
    password = rand(20)
    configs = [f'version: 1\nhttp:\n  canonical: "{u.format(pw=password)}"\n' for u in urls]
    roots = [_project(tmp_path / f"p{i}", c) for i, c in enumerate(configs)]
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda root: launchgate(["check"], root), roots))
    for url, run in zip(urls, runs, strict=False):
        assert run.code == 2 and "launchgate.yml:3" in run.err, (url, run.out, run.err)
        assert not leaks(run, password), (url, run.err)
