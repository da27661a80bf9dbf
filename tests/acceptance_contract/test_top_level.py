"""Top-level keys, severity:, ignore:, fail_on, timeout and ${VAR} expansion do what they say."""

from __future__ import annotations

import time
from pathlib import Path

from launchgate.config.load import load_config
from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import BlackHole, Route, WebServer
from tests.acceptance_contract.harness import Project

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "launchgate.example.yml"


def test_example_is_accepted_exactly_as_written() -> None:
    config = load_config(EXAMPLE, {})
    assert (config.version, config.project, config.domain) == (1, "acme-shop", "acme.test")
    assert (config.fail_on, config.timeout) == ("high", 10.0)
    assert dict(config.severity) == {"dns.caa": "low"}
    assert config.ignore == ("http.headers.csp:*",)
    assert config.network.nameservers == ("1.1.1.1",)
    assert dict(config.network.resolve) == {"www.acme.test": "203.0.113.10"}
    assert config.network.ca_bundle is None
    assert config.env is not None and config.secrets is not None
    assert config.env.vars["DEBUG"].required is False
    assert config.env.vars["STRIPE_SECRET_KEY"].secret is True
    assert config.secrets.baseline == ".secrets.baseline"


def test_example_nameserver_comes_from_the_environment() -> None:
    config = load_config(EXAMPLE, {"LAUNCHGATE_NS": "127.0.0.1:5353"})
    assert config.network.nameservers == ("127.0.0.1:5353",)


def test_example_runs_offline_through_the_cli(project: Project) -> None:
    project.config(EXAMPLE.read_text())
    run = project.check("--offline")
    assert run.code in (0, 1), run.err
    assert run.report["project"] == "acme-shop"
    assert not [i for i in run.ids() if i.startswith("http.headers.csp")]


def _caa_project(project: Project, dns: SandboxDNS, extra: str) -> None:
    dns.add("acme.test", "A", "127.0.0.1")  # exists, but publishes no CAA record
    project.config(
        f"""\
        version: 1
        domain: acme.test
        fail_on: medium
        timeout: 2s
        network: {{nameservers: ["{dns.address}"]}}
        dns: {{caa: [letsencrypt.org]}}
        {extra}
        """
    )


def test_severity_override_lowers_the_caa_check(project: Project, dns_server: SandboxDNS) -> None:
    _caa_project(project, dns_server, "")
    before = project.check()
    caa = [r for r in before.report["results"] if r["rule"] == "dns.caa"]
    assert caa and caa[0]["status"] == "fail" and before.code == 1
    _caa_project(project, dns_server, "severity: {dns.caa: low}")
    after = project.check()
    lowered = [r for r in after.report["results"] if r["rule"] == "dns.caa"]
    assert [r["severity"] for r in lowered] == ["low"] * len(lowered)
    assert all(r["status"] == "warn" for r in lowered)  # below fail_on: reported, not failing
    assert after.code == 0


def test_severity_glob_raises_a_whole_area(project: Project) -> None:
    project.config(
        """\
        version: 1
        fail_on: critical
        env: {vars: {MISSING_ONE: {}}}
        severity: {"env.*": critical}
        """
    )
    run = project.check()
    assert run.result("env.required:MISSING_ONE")["severity"] == "critical"
    assert run.code == 1


def test_fail_on_changes_the_verdict(project: Project) -> None:
    text = "version: 1\nfail_on: {level}\nenv: {{vars: {{MISSING_ONE: {{}}}}}}\n"
    project.config(text.format(level="high"))
    assert project.check().code == 1
    project.config(text.format(level="critical"))
    run = project.check()
    assert run.code == 0
    assert run.result("env.required:MISSING_ONE")["status"] == "warn"
    assert project.check("--fail-on", "high").code == 1  # the option overrides the file


def _csp_site(project: Project, web: WebServer, ca_pem: Path, ignore: str) -> None:
    web.route("www.acme.test", "/", Route(status=200, body="hi"))
    project.config(
        f"""\
        version: 1
        timeout: 3s
        network: {{resolve: {{www.acme.test: 127.0.0.1}}, ca_bundle: "{ca_pem}"}}
        http:
          endpoints:
            - {{url: "{web.url("www.acme.test")}", headers: [security]}}
        {ignore}
        """
    )


def test_ignore_drops_every_csp_result(
    project: Project, web_server: WebServer, web_ca_pem: Path
) -> None:
    _csp_site(project, web_server, web_ca_pem, "")
    before = project.check()
    assert [i for i in before.ids() if i.startswith("http.headers.csp")]
    _csp_site(project, web_server, web_ca_pem, 'ignore: ["http.headers.csp:*"]')
    after = project.check()
    assert not [i for i in after.ids() if i.startswith("http.headers.csp")]
    assert [i for i in after.ids() if i.startswith("http.headers.hsts")]  # only what was named
    assert "http.headers.csp" not in after.out


def test_ignore_pattern_with_colon_star_also_drops_a_result_without_target() -> None:
    from launchgate.core.runner import matches

    assert matches("http.headers.csp", "http.headers.csp:*")
    assert matches("http.headers.csp:https://x.test/", "http.headers.csp:*")
    assert not matches("http.headers.cspx", "http.headers.csp:*")


def test_timeout_bounds_one_network_operation(
    project: Project, black_hole: BlackHole, web_ca_pem: Path
) -> None:
    project.config(
        f"""\
        version: 1
        timeout: 500ms
        network: {{resolve: {{www.acme.test: 127.0.0.1}}, ca_bundle: "{web_ca_pem}"}}
        http:
          endpoints:
            - {{url: "https://www.acme.test:{black_hole.port}/"}}
        tls: {{hosts: ["www.acme.test:{black_hole.port}"]}}
        """
    )
    started = time.monotonic()
    run = project.check()
    elapsed = time.monotonic() - started
    http = [r for r in run.report["results"] if r["area"] == "http"]
    assert http and all(r["status"] in ("fail", "error") for r in http), run.out
    assert "0.5s" in http[0]["message"]  # the answer it waited for, bounded by `timeout`
    tls = [r for r in run.report["results"] if r["area"] == "tls"]
    assert tls and all(r["status"] in ("fail", "error") for r in tls), run.out
    assert elapsed < 8, elapsed  # not the 30 s floor of a whole check
    assert run.code == 1


def test_dns_timeout_bounds_a_silent_resolver(project: Project, dns_server: SandboxDNS) -> None:
    dns_server.behave(silent=True)
    project.config(
        f"""\
        version: 1
        domain: acme.test
        timeout: 300ms
        network: {{nameservers: ["{dns_server.address}"]}}
        dns: {{caa: [letsencrypt.org]}}
        """
    )
    started = time.monotonic()
    run = project.check()
    assert time.monotonic() - started < 8
    caa = [r for r in run.report["results"] if r["rule"] == "dns.caa"]
    assert caa and caa[0]["status"] == "error"
    assert "could not" in caa[0]["message"].lower() or "timed out" in caa[0]["message"].lower()


def test_variables_are_expanded_with_defaults(project: Project) -> None:
    project.config(
        """\
        version: 1
        project: ${PROJECT_NAME:-fallback-name}
        fail_on: ${FAIL_LEVEL}
        """
    )
    run = project.check(env={"FAIL_LEVEL": "critical"})
    assert run.code == 0
    assert run.report["project"] == "fallback-name"
    assert run.report["summary"]["fail_on"] == "critical"
    run = project.check(env={"PROJECT_NAME": "from-env"})
    assert run.report["project"] == "from-env"


def test_unset_variable_without_default_is_a_config_error(project: Project) -> None:
    project.config("version: 1\nproject: shop\nfail_on: ${FAIL_LEVEL}\n")
    project.monkeypatch.delenv("FAIL_LEVEL", raising=False)
    run = project.check()
    assert run.code == 2
    assert "launchgate.yml:3:10" in run.err
    assert "FAIL_LEVEL" in run.err and "not set" in run.err


def test_a_duration_without_unit_is_refused(project: Project) -> None:
    project.config(
        "version: 1\nperformance:\n  endpoints:\n    - {url: 'https://x.test/', p95: 300}\n"
    )
    run = project.check()
    assert run.code == 2
    assert "launchgate.yml:4:" in run.err and "300ms" in run.err


def test_a_severity_or_ignore_pattern_that_matches_no_check_is_a_config_error(
    project: Project,
) -> None:
    project.config("version: 1\nseverity:\n  dns.cca: low\n")
    run = project.check()
    assert run.code == 2
    assert "launchgate.yml:3:3" in run.err and "did you mean 'dns.caa'" in run.err
    project.config('version: 1\nignore: ["http.header.csp:*"]\n')
    run = project.check()
    assert run.code == 2 and "http.headers.csp" in run.err
    project.config(
        'version: 1\nignore: ["*.csp", "secrets.repo:tests/*"]\nseverity: {"env.*": low}\n'
    )
    assert project.check().code == 0


def test_expansion_ignores_comments_retypes_plain_values_and_escapes_dollars(
    project: Project,
) -> None:
    project.config(
        """\
        version: 1                # ${NOT_SET_IN_A_COMMENT}
        project: "cost $$5"
        performance:
          samples: ${SAMPLES:-3}
        """
    )
    config = load_config(project.root / "launchgate.yml", {})
    assert config.project == "cost $5"
    assert config.performance is not None and config.performance.samples == 3
    assert load_config(project.root / "launchgate.yml", {"SAMPLES": "7"}).performance.samples == 7  # type: ignore[union-attr]
