"""init, explain and schema as a founder uses them."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from launchgate.checks.registry import AREAS, FAMILIES, all_rules
from launchgate.config.load import load_config
from tests.acceptance_contract.harness import Project
from tests.acceptance_contract.test_top_level import EXAMPLE


def test_init_output_validates_and_runs(project: Project) -> None:
    made = project.cli("init", "--domain", "shop.test")
    assert made.code == 0 and "launchgate check" in made.out
    config = load_config(project.root / "launchgate.yml", {})
    assert config.domain == "shop.test" and config.fail_on == "high"
    assert config.tls is not None and config.tls.hosts == ("shop.test", "www.shop.test")
    run = project.check("--offline")
    assert run.code in (0, 1), run.err
    again = project.cli("init")
    assert again.code == 2 and "--force" in again.err


def test_init_without_domain_says_to_replace_example_com(project: Project) -> None:
    made = project.cli("init")
    assert made.code == 0 and "No --domain given" in made.out
    assert load_config(project.root / "launchgate.yml", {}).domain == "example.com"


def test_init_comments_say_what_the_keys_do(project: Project) -> None:
    project.cli("init", "--domain", "shop.test")
    text = (project.root / "launchgate.yml").read_text()
    assert "$schema=launchgate.config.convert.json" in text
    for key, words in {
        "fail_on": "lowest severity that fails",
        "timeout": "network operation",
        "files": "dotenv",
        "paths": "git",
    }.items():
        line = next(line for line in text.splitlines() if line.strip().startswith(f"{key}:"))
        assert words in line.lower(), line


@pytest.mark.parametrize(
    ("given", "written"),
    [("https://www.Shop.test/", "shop.test"), ("shop.test.", "shop.test")],
)
def test_init_takes_a_url_or_www_name(project: Project, given: str, written: str) -> None:
    assert project.cli("init", "--domain", given).code == 0
    assert load_config(project.root / "launchgate.yml", {}).domain == written


def test_init_rejects_what_is_not_a_domain(project: Project) -> None:
    run = project.cli("init", "--domain", "not a domain")
    assert run.code == 2 and "--domain" in run.err
    assert not (project.root / "launchgate.yml").exists()


def test_every_rule_is_documented_with_a_well_formed_id() -> None:
    rules = all_rules()
    for family_area, family in FAMILIES.items():
        assert family.RULES, family_area
    for rule_id, rule in rules.items():
        assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", rule_id), rule_id
        assert rule.id.split(".")[0] in (*AREAS, "core"), rule_id
        for text in (rule.title, rule.what, rule.why, rule.fix):
            assert text.strip(), f"{rule_id} has an empty text"


def test_explain_works_for_every_listed_rule(project: Project) -> None:
    listed = project.cli("explain")
    ids = [line.split()[0] for line in listed.out.splitlines() if line.strip()]
    assert set(ids) == set(all_rules())
    for rule_id in ids:
        run = project.cli("explain", f"{rule_id}:some-target")
        assert run.code == 0, rule_id
        assert "What it checks" in run.out and "How to fix" in run.out


def test_explain_an_area_and_an_unknown_id(project: Project) -> None:
    run = project.cli("explain", "env")
    assert run.code == 0 and "env.required" in run.out
    run = project.cli("explain", "env.requierd")
    assert run.code == 2 and "env.required" in run.err


def test_schema_validates_the_example_and_rejects_unknown_keys(project: Project) -> None:
    run = project.cli("schema")
    schema = json.loads(run.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    example = yaml.safe_load(EXAMPLE.read_text())
    assert not list(validator.iter_errors(example))
    project.cli("init", "--domain", "shop.test")
    assert not list(
        validator.iter_errors(yaml.safe_load(project.root.joinpath("launchgate.yml").read_text()))
    )
    for duration in ("10s", "300ms", "${TIMEOUT:-10s}"):
        assert not list(validator.iter_errors({"version": 1, "timeout": duration}))
    for duration in ("10 seconds", 10):
        assert list(validator.iter_errors({"version": 1, "timeout": duration}))
    for bad in (
        {**example, "versoin": 1},
        {**example, "env": {**example["env"], "varz": {}}},
        {**example, "network": {"nameserver": ["1.1.1.1"]}},
        {**example, "fail_on": "hihg"},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_init_into_a_new_directory_says_how_to_run_it(project: Project) -> None:
    made = project.cli("init", "--domain", "shop.test", "-o", "deploy/launchgate.yml")
    assert made.code == 0 and "launchgate check -c deploy/launchgate.yml" in made.out
    assert project.check("-c", "deploy/launchgate.yml", "--offline").code in (0, 1)
