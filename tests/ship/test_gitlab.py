"""The GitLab CI/CD component (templates/launchgate.yml): schema, shape and the command it runs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from tests.ship.tools import REPO, explain, run, tool

COMPONENT = REPO / "templates" / "launchgate.yml"


def documents() -> tuple[dict, dict]:
    header, jobs = yaml.safe_load_all(COMPONENT.read_text(encoding="utf-8"))
    return header, jobs


def validate(document: dict, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    proc = run([tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", path])
    assert proc.returncode == 0, explain(proc)


def interpolate(text: str, values: dict[str, str], version: str = "1.2.0") -> str:
    """GitLab's $[[ inputs.x ]] and $[[ component.version ]] interpolation, enough for this
    component."""
    text = re.sub(r"\$\[\[\s*component\.version\s*\]\]", version, text)
    return re.sub(r"\$\[\[\s*inputs\.([\w-]+)\s*\]\]", lambda m: values[m.group(1)], text)


def interpolated_jobs(values: dict[str, str]) -> dict:
    text = interpolate(COMPONENT.read_text(encoding="utf-8"), values)
    return list(yaml.safe_load_all(text))[1]


def defaults() -> dict[str, str]:
    header, _ = documents()
    return {name: str(spec.get("default", "")) for name, spec in header["spec"]["inputs"].items()}


def test_header_document_matches_schema(tmp_path: Path) -> None:
    header, _ = documents()
    assert set(header) == {"spec"}, "the header document holds only spec:"
    validate(header, tmp_path, "header")


def test_jobs_document_matches_schema(tmp_path: Path) -> None:
    _, jobs = documents()
    validate(jobs, tmp_path, "jobs")
    validate(interpolated_jobs(defaults()), tmp_path, "jobs-default")


def test_schema_rejects_a_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"spec": {"inputs": {"x": {"type": "nope"}}}}), encoding="utf-8")
    assert run([tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", path]).returncode


def test_inputs_the_issue_names() -> None:
    inputs = documents()[0]["spec"]["inputs"]
    assert {"config", "stage", "fail-on", "image"} <= set(inputs)
    for name, spec in inputs.items():
        assert spec.get("description"), f"input {name} needs a description"
        if "options" in spec:
            assert spec["default"] in spec["options"]
    used = set(re.findall(r"inputs\.([\w-]+)", COMPONENT.read_text(encoding="utf-8")))
    assert used == set(inputs), "every input is used, and only declared ones"


def test_job_keeps_junit_and_runs_on_merge_requests() -> None:
    _, jobs = documents()
    (job,) = jobs.values()
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"]
    assert job["image"]["entrypoint"] == [""], "GitLab needs a shell, not launchgate, as entrypoint"
    conditions = " ".join(rule["if"] for rule in job["rules"])
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in conditions
    assert "$CI_DEFAULT_BRANCH" in conditions
    assert job["stage"] == "$[[ inputs.stage ]]"


def run_job_script(tmp_path: Path, exit_code: int = 0, **inputs: str) -> tuple[int, list[str]]:
    """Run the job's script lines in one sh, as GitLab's runner does, with a fake launchgate."""
    values = {**defaults(), **{k.replace("_", "-"): v for k, v in inputs.items()}}
    (job,) = interpolated_jobs(values).values()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "launchgate"
    fake.write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > argv\nexit {exit_code}\n',
        "utf-8",
    )
    fake.chmod(0o755)
    env = {**os.environ, **job["variables"], "PATH": f"{bindir}:{os.environ['PATH']}"}
    proc = run(["sh", "-e", "-c", "\n".join(job["script"])], env=env, cwd=tmp_path)
    argv = (tmp_path / "argv").read_text().splitlines() if (tmp_path / "argv").exists() else []
    return proc.returncode, argv


def test_job_script_runs_launchgate_with_reports(tmp_path: Path) -> None:
    code, argv = run_job_script(tmp_path)
    assert code == 0
    assert argv[:2] == ["check", "--no-color"]
    assert "--fail-on" not in argv, '"config" keeps the config file\'s fail_on'
    assert argv[argv.index("--junit") + 1] == "launchgate-reports/junit.xml"
    assert argv[argv.index("--codequality") + 1] == "launchgate-reports/gl-code-quality-report.json"
    assert (tmp_path / "launchgate-reports").is_dir()
    dotenv = (tmp_path / "launchgate-reports" / "launchgate.env").read_text()
    assert "LAUNCHGATE_VERDICT=passed\n" in dotenv


@pytest.mark.parametrize(("code", "verdict"), [(1, "failed"), (2, "error"), (3, "error")])
def test_job_script_keeps_the_exit_code_and_exports_the_verdict(
    tmp_path: Path, code: int, verdict: str
) -> None:
    returned, _ = run_job_script(tmp_path, exit_code=code)
    assert returned == code
    dotenv = (tmp_path / "launchgate-reports" / "launchgate.env").read_text()
    assert f"LAUNCHGATE_VERDICT={verdict}\n" in dotenv
    assert f"LAUNCHGATE_EXIT_CODE={code}\n" in dotenv


def test_image_tag_is_the_component_version() -> None:
    header, _ = documents()
    assert header["spec"]["component"] == ["version"]
    (job,) = interpolated_jobs(defaults()).values()
    assert job["image"]["name"] == "ghcr.io/launchgate/launchgate:1.2.0"
    assert "$[[" not in header["spec"]["inputs"]["image"]["default"], (
        "GitLab does not interpolate component context inside input defaults"
    )


def test_the_config_comes_from_the_variable_launchgate_reads() -> None:
    (job,) = interpolated_jobs({**defaults(), "config": "ci/gate.yml"}).values()
    assert job["variables"]["LAUNCHGATE_CONFIG"] == "ci/gate.yml"
    from launchgate.commands import check

    names = {p.envvar for p in check.command.params}
    assert {"LAUNCHGATE_CONFIG", "LAUNCHGATE_ONLY"} <= names
    assert "LAUNCHGATE_COMPONENT_FAIL_ON" not in names, "'config' is no valid --fail-on value"


@pytest.mark.parametrize("extra", ["--offline -v", ""])
def test_job_script_passes_inputs(tmp_path: Path, extra: str) -> None:
    code, argv = run_job_script(
        tmp_path, config="ci/gate.yml", fail_on="medium", only="dns,tls", args=extra
    )
    assert code == 0
    assert argv[argv.index("--fail-on") + 1] == "medium"
    (job,) = interpolated_jobs({**defaults(), "only": "dns,tls"}).values()
    assert job["variables"]["LAUNCHGATE_ONLY"] == "dns,tls", "launchgate reads LAUNCHGATE_ONLY"
    assert argv[-2:] == (extra.split() or argv[-2:])


PIPELINE = REPO / ".gitlab-ci.yml"


def test_the_projects_own_pipeline_matches_schema(tmp_path: Path) -> None:
    validate(yaml.safe_load(PIPELINE.read_text(encoding="utf-8")), tmp_path, "project")


@pytest.mark.parametrize(
    ("tag", "runs"), [("1.2.3", True), ("v1.2.3", False), ("1.2", False), ("", False)]
)
def test_the_catalog_release_runs_on_version_tags_only(tag: str, runs: bool) -> None:
    """GitLab's =~ with a /regex/ literal is a Ruby regex; this one means the same in Python."""
    (rule,) = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))["catalog-release"]["rules"]
    pattern = re.fullmatch(r"\$CI_COMMIT_TAG =~ /(.*)/", rule["if"])
    assert pattern
    assert bool(tag and re.search(pattern.group(1), tag)) is runs


@pytest.mark.parametrize("matches", [True, False])
def test_the_catalog_release_refuses_a_tag_that_is_not_the_version(
    tmp_path: Path, matches: bool
) -> None:
    import launchgate

    job = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))["catalog-release"]
    (tmp_path / "launchgate").mkdir()
    (tmp_path / "launchgate" / "__init__.py").write_text(
        (REPO / "launchgate" / "__init__.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    tag = launchgate.__version__ if matches else "9.9.9"
    env = {**os.environ, "CI_COMMIT_TAG": tag}
    proc = run(["sh", "-e", "-c", "\n".join(job["script"])], env=env, cwd=tmp_path)
    assert (proc.returncode == 0) is matches, explain(proc)
    assert job["release"]["tag_name"] == "$CI_COMMIT_TAG"
