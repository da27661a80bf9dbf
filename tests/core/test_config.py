from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.config.doc import json_schema, schema_paths
from launchgate.config.load import ConfigError, load_config, parse_config
from launchgate.config.model import GateConfig

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "launchgate.example.yml"


def test_example_config_loads_exactly_as_written() -> None:
    config = load_config(EXAMPLE, {})
    assert config.project == "acme-shop"
    assert config.domain == "acme.test"
    assert config.timeout == 10.0
    assert config.network.nameservers == ("1.1.1.1",)
    assert config.network.resolve == {"www.acme.test": "203.0.113.10"}
    assert config.env is not None and config.env.vars["DATABASE_URL"].secret is True
    assert config.env.vars["DEBUG"].required is False
    assert config.dns is not None and config.dns.records[1].type == "CNAME"
    assert config.email is not None and config.email.spf is not None
    assert config.email.spf.authorize == ("192.0.2.25",)
    assert (
        config.http is not None and config.http.redirects[0].from_ == "https://acme.test/old-shop"
    )
    assert config.http.endpoints[1].json == {"status": "ok"}
    assert config.performance is not None and config.performance.endpoints[0].p95 == pytest.approx(
        0.3
    )
    assert config.performance.max_regression == pytest.approx(0.25)
    assert config.severity == {"dns.caa": "low"}
    assert config.ignore == ("http.headers.csp:*",)


def test_env_expansion_with_default_and_value() -> None:
    text = EXAMPLE.read_text()
    assert load_config(EXAMPLE, {"LAUNCHGATE_NS": "127.0.0.1:5353"}).network.nameservers == (
        "127.0.0.1:5353",
    )
    assert "${LAUNCHGATE_NS" in text


def test_expansion_retypes_plain_scalars() -> None:
    config = parse_config("version: 1\nperformance:\n  samples: ${N}\n", {"N": "7"})
    assert config.performance is not None and config.performance.samples == 7


def test_unset_variable_without_default_is_an_error_naming_it() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("version: 1\nproject: ${MISSING_VAR}\n", {}, "lg.yml")
    assert "MISSING_VAR" in str(info.value)
    assert info.value.line == 2


def test_minimal_config() -> None:
    config = parse_config("version: 1\n", {})
    assert config == GateConfig(version=1)


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("version: 1\nnetwork:\n  nameserver: [1.1.1.1]\n", 3, "did you mean 'nameservers'"),
        ("version: 1\ntimeout: 10x\n", 2, "not a duration"),
        ("version: 1\nenv:\n  vars:\n    A: {pattern: '(['}\n", 4, "env.vars.A.pattern"),
        ("version: 1\nfail_on: severe\n", 2, "not one of"),
        ("version: 2\n", 1, "version"),
        ("project: x\n", 1, "missing required key 'version'"),
        ("version: 1\nhttp:\n  canonical: ftp://x\n", 3, "not an http(s) URL"),
        ("version: 1\nnetwork:\n  nameservers: ['1.2.3.4:99999']\n", 3, "port"),
        ("version: 1\nperformance:\n  max_regression: lots\n", 3, "percentage"),
        ("version: 1\nversion: 1\n", 2, "duplicate key"),
        ("version: [\n", 2, "invalid YAML"),
        ("version: 1\ndns:\n  records:\n    - {name: a.test, type: A}\n", 4, "values"),
    ],
)
def test_config_errors_name_line_and_problem(text: str, line: int, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, {}, "launchgate.yml")
    assert needle in str(info.value)
    assert info.value.line == line
    assert str(info.value).startswith(f"launchgate.yml:{line}:")


def test_config_locations_point_at_keys() -> None:
    config = load_config(EXAMPLE, {})
    lines = EXAMPLE.read_text().splitlines()
    line = config.source.line_of("email.spf")
    assert line is not None and lines[line - 1].strip().startswith("spf:")
    record_line = config.source.line_of("dns.records.1")
    assert record_line is not None and "www.acme.test" in lines[record_line - 1]


def test_json_schema_covers_every_key_of_the_example() -> None:
    import jsonschema
    import yaml

    schema = json_schema(GateConfig)
    data = yaml.safe_load(EXAMPLE.read_text())
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "unknown": 1}, schema)
    assert "email.spf.senders" in schema_paths(GateConfig)


def test_https_hosts_keep_ports() -> None:
    config = parse_config(
        "version: 1\nhttp:\n  canonical: https://www.a.test:8443\n  webhooks: [https://api.a.test/x]\n",
        {},
    )
    assert config.https_hosts() == ["www.a.test:8443", "api.a.test"]


def test_internationalised_domain_names_are_accepted_as_dns_sees_them() -> None:
    config = parse_config(
        "version: 1\ndomain: bücher.example\nhttp:\n  canonical: https://bücher.example\n", {}
    )
    assert config.domain == "xn--bcher-kva.example"
    with pytest.raises(ConfigError):
        parse_config("version: 1\ndomain: bad..name\n", {})
