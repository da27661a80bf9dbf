"""network: keys and the options of `launchgate check`."""

from __future__ import annotations

import io
from pathlib import Path

from launchgate import gate
from launchgate.config.load import parse_config
from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import Route, WebServer
from tests.acceptance_contract.harness import Project


def test_nameservers_take_host_or_host_and_port() -> None:
    text = 'version: 1\nnetwork: {nameservers: ["127.0.0.1", "127.0.0.1:5353", "[::1]:53"]}\n'
    servers = parse_config(text, {}).network.nameservers
    assert servers == ("127.0.0.1", "127.0.0.1:5353", "[::1]:53")


def _dns_project(project: Project, nameserver: str) -> None:
    project.config(
        f"""\
        version: 1
        domain: acme.test
        timeout: 500ms
        network: {{nameservers: ["{nameserver}"]}}
        dns:
          records: [{{name: acme.test, type: A, values: [192.0.2.7]}}]
        """
    )


def test_configured_nameserver_is_asked(project: Project, dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "A", "192.0.2.7")
    _dns_project(project, dns_server.address)
    run = project.check()
    assert run.code == 0, run.out
    assert dns_server.count("acme.test", "A") >= 1


def test_nameserver_option_overrides_the_config(
    project: Project, dns_server: SandboxDNS, dns_server_factory
) -> None:
    wrong = dns_server_factory()
    wrong.add("acme.test", "A", "192.0.2.99")
    dns_server.add("acme.test", "A", "192.0.2.7")
    _dns_project(project, wrong.address)
    assert project.check().code == 1
    wrong.reset_counts()
    run = project.check("--nameserver", dns_server.address)
    assert run.code == 0, run.out
    assert wrong.count() == 0


def test_bad_nameserver_option_is_a_usage_error(project: Project) -> None:
    project.config("version: 1\n")
    run = project.check("--nameserver", "not a host:99999")
    assert run.code == 2
    assert "--nameserver" in run.err


def _https_project(project: Project, web: WebServer, ca_pem: Path | None) -> None:
    web.route("www.acme.test", "/", Route(status=200, body="ok"))
    bundle = f', ca_bundle: "{ca_pem}"' if ca_pem else ""
    project.config(
        f"""\
        version: 1
        timeout: 2s
        network: {{resolve: {{www.acme.test: 127.0.0.1}}{bundle}}}
        http: {{endpoints: [{{url: "{web.url("www.acme.test")}"}}]}}
        tls: {{hosts: ["www.acme.test:{web.port}"]}}
        """
    )


def test_resolve_pins_and_ca_bundle_is_trusted(
    project: Project, web_server: WebServer, web_ca_pem: Path
) -> None:
    _https_project(project, web_server, web_ca_pem)
    run = project.check()
    assert run.code == 0, run.out
    assert web_server.hits("www.acme.test", "/")  # the pin reached the sandbox origin
    tls = [r for r in run.report["results"] if r["area"] == "tls"]
    assert tls and {r["status"] for r in tls} <= {"pass", "skip"}, tls


def test_without_ca_bundle_the_sandbox_ca_is_not_trusted(
    project: Project, web_server: WebServer
) -> None:
    _https_project(project, web_server, None)
    run = project.check()
    assert run.code == 1
    assert "certificate" in run.out.lower()


def test_missing_ca_bundle_file_is_reported(project: Project) -> None:
    project.config(
        """\
        version: 1
        network: {ca_bundle: certs/missing.pem}
        tls: {hosts: [www.acme.test]}
        env: {}
        """
    )
    run = project.check()
    assert run.code == 2
    assert "launchgate.yml:2:" in run.err and "missing.pem" in run.err
    assert project.check("--only", "env").code == 0  # not needed there
    assert project.check("--offline").code == 0


def _local_project(project: Project) -> None:
    project.config(
        """\
        version: 1
        domain: acme.test
        env: {vars: {MISSING_ONE: {}}}
        secrets: {paths: ["."]}
        dns: {caa: [letsencrypt.org]}
        """
    )


def test_only_skip_and_offline(project: Project) -> None:
    _local_project(project)
    areas = {r["area"] for r in project.check("--only", "env").report["results"]}
    assert areas == {"env"}
    areas = {r["area"] for r in project.check("--skip", "dns,env").report["results"]}
    assert areas == {"secrets"}
    run = project.check("--offline")
    caa = [r for r in run.report["results"] if r["rule"] == "dns.caa"]
    assert caa and caa[0]["status"] == "skip" and "--offline" in caa[0]["message"]
    bad = project.check("--only", "emails")
    assert bad.code == 2 and "emails" in bad.err and "email" in bad.err


def test_verbose_lists_passes(project: Project) -> None:
    project.config("version: 1\nenv: {vars: {HOME_DIR: {}}}\n")
    project.monkeypatch.setenv("HOME_DIR", "/home/x")
    quiet = project.check()
    assert "PASS " not in quiet.out and "passed or skipped" in quiet.out
    loud = project.check("-v")
    assert "PASS " in loud.out and "env.required:HOME_DIR" in loud.out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _colored(project: Project, environ: dict[str, str], color: bool | None) -> str:
    out = _Tty()
    options = gate.GateOptions(color=color)
    gate.run(options, environ=environ, out=out, err=io.StringIO())
    return out.getvalue()


def test_color_on_a_terminal_unless_no_color(project: Project) -> None:
    project.config("version: 1\nenv: {vars: {MISSING_ONE: {}}}\n")
    assert "\x1b[" in _colored(project, {}, None)
    assert "\x1b[" not in _colored(project, {"NO_COLOR": "1"}, None)
    assert "\x1b[" not in _colored(project, {}, False)  # --no-color
    run = project.check("--no-color")
    assert "\x1b[" not in run.out


def test_positional_files_limit_the_file_checks(project: Project) -> None:
    project.git_init()
    project.config('version: 1\nsecrets: {paths: ["."]}\n')
    key = "AKIA" + "QWERTYUIOPASDFGH"
    project.write("a.py", f'aws_key = "{key}"\n')
    project.write("b.py", "print('hello')\n")
    project.commit()
    assert project.check().code == 1
    run = project.check("b.py")
    assert run.code == 0, run.out
    assert not [r for r in run.report["results"] if r.get("file") == "a.py"]


def test_a_run_that_checks_nothing_says_why(project: Project) -> None:
    project.config("version: 1\nenv: {}\n")
    run = project.check("--only", "dns")  # nothing would run: a usage error, never a pass
    assert run.code == 2 and "no dns section" in run.err and "configures env" in run.err
    run = project.check("--only", "dns", "--skip", "dns")
    assert run.code == 2 and "leaves no area" in run.err
    project.config("version: 1\n")  # no check section: the built-in default runs
    run = project.check()
    assert "has no check section" in run.err and "built-in default" in run.err
    assert "secrets.scan" in {r["id"] for r in run.report["results"]}
    project.config('version: 1\nenv: {vars: {A: {}}}\nignore: ["env.*"]\n')
    assert "nothing was checked" not in project.check().err
