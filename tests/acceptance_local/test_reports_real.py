"""Reports of real runs: schema-valid JUnit and SARIF, SARIF that GitHub code scanning takes,
well-formed workflow commands, and a readable Markdown summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from tests.acceptance_local import shop as S
from tests.acceptance_local.harness import Outcome, launch
from tests.acceptance_local.test_leaks import plant
from tests.junit_schema import junit_schema

VECTORS = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    clean = S.clean_shop(tmp_path_factory.mktemp("clean") / "shop")
    planted = S.clean_shop(tmp_path_factory.mktemp("planted") / "shop")
    plant(planted)
    return {"clean": launch(clean, github=True), "planted": launch(planted, github=True)}


@pytest.mark.parametrize("name", ["clean", "planted"])
def test_junit_validates_against_the_jenkins_schema(runs: dict[str, Outcome], name: str) -> None:
    schema = junit_schema()
    doc = etree.fromstring(runs[name].reports["junit"].encode())
    assert schema.validate(doc), schema.error_log
    names = [c.get("name") for c in doc.iter("testcase")]
    assert len(names) == len(set(names)) == len(runs[name].json["results"])


@pytest.mark.parametrize("name", ["clean", "planted"])
def test_sarif_validates_and_suits_github_code_scanning(
    runs: dict[str, Outcome], name: str
) -> None:
    doc = json.loads(runs[name].reports["sarif"])
    schema = json.loads((VECTORS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
    prints = []
    for result in run["results"]:
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:", "..")) and "\\" not in uri, uri
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
        prints.append(result["partialFingerprints"]["launchgate/v1"])
    assert len(prints) == len(set(prints))
    if name == "planted":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        assert {"src/keys.ts", "dist/assets/app.js", "logs/app.log", "launchgate.yml"} <= uris


def test_workflow_commands_are_one_line_each_and_well_formed(runs: dict[str, Outcome]) -> None:
    command = re.compile(r"^::(error|warning|notice)( [^:]*)?::.+$")
    lines = [line for line in runs["planted"].out.splitlines() if line.startswith("::")]
    annotations = [line for line in lines if not line.startswith("::add-mask::")]
    assert annotations and all(command.match(line) for line in annotations)
    for line in annotations:
        props = line.split("::")[1].split(" ", 1)[1]
        for prop in props.split(","):
            key, _, value = prop.partition("=")
            assert key in ("file", "line", "title") and ":" not in value, prop
    assert annotations[0].startswith("::error file=")
    assert "failures=" in runs["planted"].github["output.txt"]


def test_markdown_summary_reads_well(runs: dict[str, Outcome]) -> None:
    text = runs["planted"].reports["markdown"]
    assert text.startswith("## ❌ launchgate for shop: gate failed")
    assert "| Area | Passed | Failed |" in text and "## What to fix, most severe first" in text
    assert str(Path("/tmp")) + "/" not in text, "locations are repository-relative"
    assert runs["planted"].github["step_summary.md"] == text
    assert runs["clean"].reports["markdown"].count("Nothing to fix") == 1
    assert "| `STRIPE_SECRET_KEY` | yes | yes | .env.production | yes | payments |" in text
