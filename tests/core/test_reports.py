from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from launchgate.core.model import GateReport, Result, Severity, Status, Summary
from launchgate.report import FORMATS, console, github, markdown, sarif
from launchgate.report.write import write_atomic
from tests.core.helpers import RULE
from tests.junit_schema import junit_schema

VECTORS = Path(__file__).resolve().parents[1] / "data"


def sample_report() -> GateReport:
    results = (
        RULE.fail("record is wrong", "a.test", details=["expected 1.2.3.4", "got 5.6.7.8"]),
        RULE.error("could not verify: timeout", "b.test"),
        RULE.skip("not implemented yet", "c.test"),
        RULE.passed("fine", "d.test", data={"p95_ms": 12.5, "markdown": "```mermaid\npie\n```"}),
        Result(
            "secrets.repo:app.py:3",
            "No secrets in the repository",
            Status.FAIL,
            Severity.CRITICAL,
            "AWS key in app.py: AKIA…LE (20 chars)",
            file="app.py",
            line=3,
            remediation="Rotate it.",
        ),
        Result("env.debug:DEBUG", "Debug off", Status.WARN, Severity.LOW, "DEBUG is on, 100%: a,b"),
    )
    summary = Summary(
        False, Severity.HIGH, {"fail": 2, "error": 1, "skip": 1, "pass": 1, "warn": 1}, 3, 1.5
    )
    return GateReport(
        project="acme",
        results=results,
        summary=summary,
        started_at="2026-11-29T08:00:00+00:00",
        hostname="ci",
        config_file="launchgate.yml",
        area_durations={"dns": 0.7, "secrets": 0.2, "env": 0.01},
        version="0.1.0",
    )


def test_junit_validates_against_the_jenkins_schema() -> None:
    xml = FORMATS["junit"](sample_report())
    schema = junit_schema()
    doc = etree.fromstring(xml.encode())
    assert schema.validate(doc), schema.error_log
    suites = {s.get("name"): s for s in doc.findall("testsuite")}
    dns = suites["launchgate.dns"]
    assert dns.get("time") == "0.700" and dns.get("failures") == "1" and dns.get("errors") == "1"
    assert dns.get("timestamp") and dns.get("hostname") == "ci"
    case = dns.find("testcase[@name='dns.fake:a.test']")
    assert case is not None and case.get("classname") == "launchgate.dns"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "record is wrong"
    assert "How to fix" in failure.text and "expected 1.2.3.4" in failure.text
    assert dns.find("testcase[@name='dns.fake:b.test']/error") is not None
    assert dns.find("testcase[@name='dns.fake:c.test']/skipped") is not None
    props = {p.get("name"): p.get("value") for p in dns.iter("property")}
    assert props["dns.fake:a.test.severity"] == "high"
    assert props["dns.fake:d.test.p95_ms"] == "12.5"
    names = [c.get("name") for c in doc.iter("testcase")]
    assert len(names) == len(set(names)) == 6


def test_sarif_validates_and_every_result_has_a_line() -> None:
    doc = json.loads(FORMATS["sarif"](sample_report()))
    schema = json.loads((VECTORS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"dns.fake", "secrets.repo", "env.debug"}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    secret = next(r for r in run["results"] if r["ruleId"] == "secrets.repo")
    location = secret["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "app.py"
    assert location["region"]["startLine"] == 3
    assert secret["level"] == "error"


def test_json_has_summary_and_ranked_results() -> None:
    doc = json.loads(FORMATS["json"](sample_report()))
    assert doc["summary"]["passed"] is False and doc["summary"]["failing"] == 3
    statuses = [r["status"] for r in doc["results"]]
    assert statuses == ["fail", "fail", "error", "warn", "skip", "pass"]
    assert doc["results"][0]["severity"] == "critical"


def test_markdown_has_table_and_fixes() -> None:
    text = markdown.render(sample_report())
    assert "gate failed" in text
    assert "| dns | 1 | 1 | 1 | 0 | 1 |" in text
    assert "**How to fix:** Rotate it." in text
    assert "```mermaid" in text


def test_console_ranks_failures_first_and_hides_passes() -> None:
    text = console.render(sample_report())
    assert (
        text.index("secrets.repo") < text.index("dns.fake:a.test") < text.index("dns.fake:b.test")
    )
    assert "dns.fake:d.test" not in text
    assert "GATE FAILED" in text
    assert "dns.fake:d.test" in console.render(sample_report(), verbose=True)


def test_github_annotations_are_escaped_and_ordered() -> None:
    lines = github.annotation_lines(sample_report())
    assert lines[0].startswith("::error file=app.py,line=3,title=critical%3A ")
    assert "100%25%3A" not in lines[-1]
    assert "100%25: a,b" in lines[-1]
    assert lines[-1].startswith("::warning ")
    assert all("\n" not in line for line in lines)


def test_github_step_summary_is_capped_and_outputs_written(tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "out"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    github.write_step_files(sample_report(), "x" * (2 * 1024 * 1024), env)
    assert summary.stat().st_size <= github.STEP_SUMMARY_LIMIT
    text = output.read_text()
    assert "passed=false\n" in text and "failures=3\n" in text


def test_mask_commands_cover_each_line() -> None:
    assert github.mask_commands(["abc\ndef"]) == ["::add-mask::abc", "::add-mask::def"]


def test_sarif_levels() -> None:
    assert sarif.level_of(RULE.fail("x", severity=Severity.MEDIUM)) == "warning"
    assert sarif.level_of(RULE.fail("x", severity=Severity.CRITICAL)) == "error"


def test_write_atomic_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "r.xml"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["r.xml"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders(fmt: str) -> None:
    assert FORMATS[fmt](sample_report()).strip()


def _repo_report(tmp_path: Path, results: tuple[Result, ...]) -> GateReport:
    """A report whose config lives in a sub-directory of a git repository."""
    (tmp_path / ".git").mkdir(parents=True)
    config = tmp_path / "deploy" / "launchgate.yml"
    config.parent.mkdir()
    config.write_text("version: 1\n")
    return replace(sample_report(), results=results, config_file=str(config))


def _finding(line: int, hashed: str = "h1", file: str = "dist/app.js") -> Result:
    return Result(
        f"secrets.repo:{file}:{line}",
        "No secrets in the repository",
        Status.FAIL,
        Severity.HIGH,
        f"Potential secret in {file} line {line}",
        file=file,
        line=line,
        data={"hashed_secrets": [hashed]},
    )


def test_sarif_uris_are_relative_to_the_repository_root_not_the_config(tmp_path: Path) -> None:
    config_result = RULE.fail("record is wrong", "a.test")
    report = _repo_report(tmp_path, (_finding(3), replace(config_result, file=None)))
    report = replace(
        report,
        results=(*report.results, replace(config_result, check_id="dns.fake:b.test",
                                          file=str(report.config_file), line=1)),
    )  # fmt: skip
    doc = json.loads(sarif.render(report))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    ]
    assert sorted(uris) == ["deploy/dist/app.js", "deploy/launchgate.yml", "deploy/launchgate.yml"]
    lines = "\n".join(github.annotation_lines(report))
    assert "file=deploy/dist/app.js,line=3" in lines
    assert "file=deploy/launchgate.yml,line=1" in lines


def test_sarif_fingerprints_survive_moved_lines_and_stay_unique(tmp_path: Path) -> None:
    def prints(*results: Result) -> list[str]:
        doc = json.loads(sarif.render(_repo_report(tmp_path / str(len(results)), results)))
        return [r["partialFingerprints"]["launchgate/v1"] for r in doc["runs"][0]["results"]]

    before = prints(_finding(3))
    after = prints(_finding(40), _finding(41, "h2"))
    assert before[0] == after[0] and len(set(after)) == 2
    twice = prints(_finding(3), _finding(9), _finding(12))
    assert len(set(twice)) == 3


def test_github_outputs_name_failing_locations_repository_relative(tmp_path: Path) -> None:
    report = _repo_report(tmp_path, (_finding(3),))
    report = replace(report, summary=replace(report.summary, passed=False, failing=1))
    github.write_step_files(report, "# md", {"GITHUB_OUTPUT": str(tmp_path / "out.txt")})
    assert "\ndeploy/dist/app.js:3\n" in (tmp_path / "out.txt").read_text()


def test_junit_survives_control_characters() -> None:
    odd = RULE.fail("file na\x1bme\x00 with \ud800 bytes", "x.test", details=["\x07bell"])
    xml = FORMATS["junit"](replace(sample_report(), results=(odd,)))
    schema = junit_schema()
    assert schema.validate(etree.fromstring(xml.encode())), schema.error_log


def test_markdown_escapes_emphasis_but_keeps_code_and_urls() -> None:
    fix = "Only NEXT_PUBLIC_*, VITE_* reach the bundle; run `git rm --cached .env_x` (see https://a.test/a_b)"
    result = RULE.fail("__init__ holds [a] key", "x.test", remediation=fix)
    text = markdown.render(replace(sample_report(), results=(result,)))
    assert "\\_\\_init\\_\\_ holds \\[a\\] key" in text
    assert "NEXT\\_PUBLIC\\_\\*, VITE\\_\\* reach" in text
    assert "`git rm --cached .env_x`" in text and "https://a.test/a_b)" in text


def test_big_runs_stay_within_github_limits(tmp_path: Path) -> None:
    many = tuple(_finding(i, f"h{i}", file=f"f{i % 7}.js") for i in range(1, 80))
    report = _repo_report(tmp_path, many)
    lines = github.annotation_lines(report, limit=10)
    assert len(lines) == 11 and lines[-1].startswith("::notice title=launchgate::69 more problem")
    doc = json.loads(sarif.render(report, limit=30))
    run = doc["runs"][0]
    assert len(run["results"]) == 30
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("49 less severe result(s) left out")
    jsonschema.validate(doc, json.loads((VECTORS / "sarif-schema-2.1.0.json").read_text()))


def test_sarif_uris_are_valid_uri_references(tmp_path: Path) -> None:
    """The upload action rejects a uri that is not a "uri-reference" (a raw space)."""
    report = _repo_report(tmp_path, (_finding(2, file="src/my file,ü:1.js"),))
    doc = json.loads(sarif.render(report))
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "deploy/src/my%20file%2C%C3%BC%3A1.js"
    outside = replace(report, results=(_finding(2, file="/elsewhere/x y.js"),))
    location = json.loads(sarif.render(outside))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "file:///elsewhere/x%20y.js"}


def test_config_given_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-c deploy/launchgate.yml`: results about the config carry that path as given."""
    report = _repo_report(tmp_path, ())
    monkeypatch.chdir(tmp_path)
    on_config = replace(
        RULE.fail("record is wrong", "a.test"), file="deploy/launchgate.yml", line=4
    )
    report = replace(report, config_file="deploy/launchgate.yml", results=(on_config, _finding(2)))
    doc = json.loads(sarif.render(report))
    uris = sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    )
    assert uris == ["deploy/dist/app.js", "deploy/launchgate.yml"]


def test_markdown_carries_the_env_inventory_without_values() -> None:
    rows = [
        {"name": "DATABASE_URL", "required": True, "set": True, "where": ".env.production",
         "secret": True, "owner": "backend", "purpose": "Primary | Postgres"},
        {"name": "DEBUG", "required": False, "set": False, "where": None, "secret": False,
         "owner": None, "purpose": None},
    ]  # fmt: skip
    text = markdown.render(replace(sample_report(), inventories={"env": rows}))
    assert "## Environment variables" in text
    assert (
        "| `DATABASE_URL` | yes | yes | .env.production | yes | backend | Primary \\| Postgres |"
        in text
    )
    assert "| `DEBUG` | no | no | — | no | — | — |" in text
