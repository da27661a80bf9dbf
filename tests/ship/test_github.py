"""The GitHub Action (action.yml and its scripts) and the project's workflows."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

import launchgate
from tests.ship.tools import REPO, SAMPLE, explain, run, tool
from tests.ship.wheelhouse import download_wheels

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
ACTION = REPO / "action.yml"
RUN_SCRIPT = REPO / "scripts" / "action-run.sh"


def load_action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_there_are_workflows() -> None:
    names = {path.name for path in WORKFLOWS}
    assert "ci.yml" in names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    proc = run([tool("actionlint"), "-no-color", workflow.relative_to(REPO)], cwd=REPO)
    assert proc.returncode == 0, explain(proc)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_schema(workflow: Path) -> None:
    proc = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", workflow])
    assert proc.returncode == 0, explain(proc)


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.event.nope.title }}\n        shell: bsh\n",
        encoding="utf-8",
    )
    assert run([tool("actionlint"), "-no-color", bad], cwd=tmp_path).returncode != 0


def test_action_matches_schema() -> None:
    proc = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", ACTION])
    assert proc.returncode == 0, explain(proc)


def test_action_inputs_and_outputs_are_wired() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    text = ACTION.read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([a-z-]+)", text))
    assert used == set(action["inputs"]), "every input is used, and only declared ones"
    assert {"config", "fail-on", "only", "skip", "junit", "sarif", "args"} <= set(action["inputs"])
    step_ids = {step.get("id") for step in action["runs"]["steps"]}
    for name, output in action["outputs"].items():
        step = re.fullmatch(r"\$\{\{ steps\.([a-z-]+)\.outputs\.([a-z-]+) \}\}", output["value"])
        assert step and step.group(1) in step_ids, f"output {name} maps to no step"
    assert {"verdict", "passed", "failures", "exit-code"} <= set(action["outputs"])
    for script in re.findall(r"\$GITHUB_ACTION_PATH/([\w/.-]+)", text):
        assert (REPO / script).is_file(), f"action.yml runs a missing file: {script}"


def test_workflows_self_test_the_action() -> None:
    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = [step for job in ci["jobs"].values() for step in job.get("steps", [])]
    local = [step for step in steps if step.get("uses") == "./"]
    assert local, "ci.yml must run the action from this checkout (uses: ./)"
    configs = {step["with"]["config"] for step in local}
    for config in configs:
        assert (REPO / config).is_file(), f"self-test config missing: {config}"


def fake_launchgate(tmp_path: Path, code: int) -> Path:
    """An executable that records its arguments, one per line, and exits with `code`."""
    fake = tmp_path / "fake-launchgate"
    fake.write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{tmp_path}/argv"\nexit {code}\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return fake


def run_action_script(tmp_path: Path, binary: Path, **inputs: str) -> tuple[int, dict[str, str]]:
    """Run scripts/action-run.sh as the action's step does; return its code and outputs."""
    output = tmp_path / "github_output"
    output.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    env.update(LAUNCHGATE_BIN=str(binary), LAUNCHGATE_PYTHON=sys.executable)
    env.update(GITHUB_OUTPUT=str(output), GITHUB_ACTIONS="true")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    proc = run(["bash", RUN_SCRIPT], env=env, cwd=tmp_path, timeout=120)
    values = dict(re.findall(r"^([a-z-]+)=(.*)$", output.read_text(encoding="utf-8"), re.M))
    return proc.returncode, values


@pytest.mark.parametrize(("code", "verdict"), [(0, "passed"), (1, "failed"), (3, "error")])
def test_run_script_maps_exit_codes(tmp_path: Path, code: int, verdict: str) -> None:
    returned, outputs = run_action_script(tmp_path, fake_launchgate(tmp_path, code))
    assert returned == code
    assert outputs == {"verdict": verdict, "exit-code": str(code)}
    assert (tmp_path / "argv").read_text() == "check\n"


def test_run_script_passes_inputs_as_arguments(tmp_path: Path) -> None:
    code, _ = run_action_script(
        tmp_path,
        fake_launchgate(tmp_path, 0),
        config="ci/launchgate.yml",
        fail_on="medium",
        only="dns,tls",
        junit="out/j.xml",
        sarif="out/r.sarif",
        offline="True",
        args="--nameserver 127.0.0.1:5353 --markdown 'my report.md' $(touch pwned)",
    )
    assert code == 0
    argv = (tmp_path / "argv").read_text().splitlines()
    assert argv == [
        "check", "--config", "ci/launchgate.yml", "--fail-on", "medium", "--only", "dns,tls",
        "--junit", "out/j.xml", "--sarif", "out/r.sarif", "--offline",
        "--nameserver", "127.0.0.1:5353", "--markdown", "my report.md", "$(touch", "pwned)",
    ]  # fmt: skip
    assert not (tmp_path / "pwned").exists(), "args must never be executed"


@pytest.mark.parametrize("bad", [{"offline": "maybe"}, {"args": "--only 'dns"}])
def test_run_script_rejects_bad_inputs(tmp_path: Path, bad: dict[str, str]) -> None:
    code, outputs = run_action_script(tmp_path, fake_launchgate(tmp_path, 0), **bad)
    assert code == 2
    assert outputs == {"verdict": "error", "exit-code": "2"}
    assert not (tmp_path / "argv").exists()


def real_launchgate(tmp_path: Path) -> Path:
    wrapper = tmp_path / "launchgate"
    wrapper.write_text(
        f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m launchgate "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


def test_action_gates_the_sample_repository(tmp_path: Path) -> None:
    """The self-test of ci.yml, run here: real launchgate, outputs and summary as on GitHub."""
    shutil.copytree(SAMPLE, tmp_path / "sample")
    code, outputs = run_action_script(
        tmp_path,
        real_launchgate(tmp_path),
        config="sample/launchgate.yml",
        junit="reports/junit.xml",
        sarif="reports/launchgate.sarif",
        offline="true",
    )
    assert code == 0, outputs
    assert outputs["verdict"] == "passed" and outputs["exit-code"] == "0"
    assert outputs["passed"] == "true" and outputs["failures"] == "0"
    root = etree.parse(str(tmp_path / "reports" / "junit.xml")).getroot()
    assert root.tag == "testsuite" or root.find("testsuite") is not None
    assert (tmp_path / "reports" / "launchgate.sarif").stat().st_size > 0
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").strip()


def test_action_reports_a_broken_config_as_an_error(tmp_path: Path) -> None:
    config = REPO / "tests" / "ship" / "fixtures" / "broken" / "launchgate.yml"
    code, outputs = run_action_script(tmp_path, real_launchgate(tmp_path), config=str(config))
    assert code == 2
    assert outputs["verdict"] == "error"


def action_checkout(tmp_path: Path) -> Path:
    """What `uses: owner/launchgate@ref` checks out, copied (pip builds in the source tree)."""
    root = tmp_path / "action"
    root.parent.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("launchgate", "scripts", "docker"):
        shutil.copytree(REPO / name, root / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "action.yml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


@pytest.mark.timeout(300)
def test_install_script_installs_launchgate_from_the_lock(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GITHUB_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(download_wheels()))
    env.update(GITHUB_ACTION_PATH=str(action_checkout(tmp_path)), RUNNER_TEMP=str(tmp_path))
    env.update(GITHUB_OUTPUT=str(tmp_path / "output"), LAUNCHGATE_PYTHON=sys.executable)
    proc = run(["bash", REPO / "scripts" / "action-install.sh"], env=env, timeout=280)
    assert proc.returncode == 0, explain(proc)
    output = dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())
    assert output["wheels"] == "download"
    binary = Path(output["bin"])
    assert binary == tmp_path / "launchgate-venv" / "bin" / "launchgate"
    version = run([binary, "--version"])
    assert version.returncode == 0 and launchgate.__version__ in version.stdout, explain(version)
    # Again, with no index at all: the wheels directory (the action caches it) is enough.
    env.update(PIP_FIND_LINKS=str(tmp_path / "nowhere"), GITHUB_OUTPUT=str(tmp_path / "again"))
    shutil.rmtree(tmp_path / "launchgate-venv")
    proc = run(["bash", REPO / "scripts" / "action-install.sh"], env=env, timeout=280)
    assert proc.returncode == 0, explain(proc)
    assert "wheels=cache" in (tmp_path / "again").read_text()


PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda p: p.name)
def test_third_party_actions_are_pinned_by_commit(path: Path) -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which tag it is."""
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), re.M)
    assert uses
    for ref in uses:
        if ref.startswith("./"):
            continue
        assert PINNED.match(ref), f"{path.name}: `uses: {ref}` is not pinned by commit with its tag"


def test_the_cache_key_follows_the_lock_os_and_python(tmp_path: Path) -> None:
    def key(**env: str) -> str:
        out = tmp_path / "out"
        out.write_text("")
        full = {**os.environ, "GITHUB_OUTPUT": str(out), "RUNNER_TEMP": str(tmp_path)}
        full.update({"GITHUB_ACTION_PATH": str(REPO), "LAUNCHGATE_PYTHON": sys.executable, **env})
        proc = run(["bash", REPO / "scripts" / "action-cache-key.sh"], env=full)
        assert proc.returncode == 0, explain(proc)
        return dict(line.split("=", 1) for line in out.read_text().splitlines())["key"]

    linux = key(RUNNER_OS="Linux", RUNNER_ARCH="X64")
    assert linux.startswith("launchgate-wheels-v1-Linux-X64-py3.")
    assert linux != key(RUNNER_OS="macOS", RUNNER_ARCH="X64")
    assert linux != key(RUNNER_OS="Linux", RUNNER_ARCH="ARM64")
    copy = action_checkout(tmp_path / "copy")
    with (copy / "docker" / "requirements.txt").open("a") as lock:
        lock.write("# changed\n")
    assert linux != key(RUNNER_OS="Linux", RUNNER_ARCH="X64", GITHUB_ACTION_PATH=str(copy))
