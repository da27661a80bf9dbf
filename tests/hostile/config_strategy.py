"""Hypothesis strategies for hostile launchgate.yml files: known keys with values of every
wrong shape (huge, negative, NaN, unclosed ``${``, control characters, URLs with passwords
and odd ports), unknown keys, and raw text that is barely YAML."""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import strategies as st

_WORDS = ["1", "0", "-1", "1e20", "nan", ".inf", "-.inf", "99999999999", "0x10", "1_000"]
_UNITS = ["", "ms", "s", "m", "h", "d", "B", "KiB", "MiB", "GiB", "%", "TB"]
_TRICKY_TEXT = [
    "${A", "${A:-x", "${1A}", "$${A}", "${HOME}", "${UNSET}", "${A:-${B}}", "$", "${}",
    "http://admin:pw@127.0.0.1:0/", "https://u:p%40ss@127.0.0.1:99999/", "http://[::1]:8080/",
    "https://ghp_" + "x" * 36 + "@127.0.0.1/", "ftp://a/", "http://", "//host", "dns.google",
    "127.0.0.1:53", "[::1]:70000", "::1", "evil\n::error::x", "\u202etxt", "\x1b[2J", "a|b`c",
    "^(a+)+$", "(?=x)", "(a)\\1", "[", "*", "**/", "../..", "/dev/zero", "~", "", " ",
    "critical", "info", "reject", "TLSv1.3", "cloudflare", "security",
]  # fmt: skip

KNOWN: dict[str, list[str]] = {
    "": ["version", "project", "domain", "environment", "fail_on", "timeout", "severity",
         "ignore", "network", "env", "secrets", "dns", "email", "tls", "http", "performance"],
    "network": ["nameservers", "resolve", "ca_bundle"],
    "env": ["files", "distinct_from", "example", "vars"],
    "env.vars.*": ["required", "pattern", "forbid", "secret", "owner", "purpose"],
    "secrets": ["paths", "exclude", "baseline", "artifacts", "logs", "max_file_size"],
    "dns": ["records", "subdomains", "caa", "cdn", "cdn_ranges"],
    "dns.records.*": ["name", "type", "values"],
    "email": ["mx", "spf", "dkim", "dmarc"],
    "email.spf": ["senders", "all", "authorize"],
    "email.dkim": ["selectors", "min_key_bits"],
    "email.dmarc": ["policy", "rua"],
    "tls": ["hosts", "min_days", "min_version"],
    "http": ["canonical", "redirects", "endpoints", "static", "exposed", "webhooks"],
    "http.redirects.*": ["from", "to", "status"],
    "http.endpoints.*": ["url", "status", "headers", "json"],
    "performance": ["samples", "warmup", "concurrency", "endpoints", "baseline",
                    "max_regression", "connections", "max_errors", "lighthouse"],
    "performance.endpoints.*": ["url", "p95", "status"],
    "performance.lighthouse": ["url", "min_score", "form_factor"],
}  # fmt: skip
_LISTS_OF_MAPPINGS = {"dns.records", "http.redirects", "http.endpoints", "performance.endpoints"}


def scalars() -> st.SearchStrategy[Any]:
    numbers = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30),
        st.integers(min_value=-5, max_value=70000),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0, -1, 1, 10**20, math.nan, math.inf, 65536, 0.0001]),
    )
    units = st.builds(
        lambda n, u: f"{n}{u}",
        st.sampled_from(_WORDS) | st.integers(-10, 10**12),
        st.sampled_from(_UNITS),
    )
    return st.one_of(
        numbers,
        units,
        st.booleans(),
        st.none(),
        st.sampled_from(_TRICKY_TEXT),
        st.text(max_size=30),
    )


def values(depth: int = 0) -> st.SearchStrategy[Any]:
    if depth >= 2:
        return scalars()
    return st.one_of(
        scalars(),
        st.lists(scalars(), max_size=4),
        st.dictionaries(st.sampled_from(["a", "url", "1", "", "${A"]), scalars(), max_size=3),
    )


@st.composite
def section(draw: st.DrawFn, path: str = "", depth: int = 0) -> dict[str, Any]:
    """A mapping of known keys (sometimes an unknown one), each a value of any shape, or a
    known sub-section filled the same way."""
    out: dict[str, Any] = {}
    keys = KNOWN.get(path, [])
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))) if keys else []
    if path == "":
        chosen = ["version", *[k for k in chosen if k != "version"]]
    for key in chosen:
        sub = f"{path}.{key}" if path else key
        out[key] = draw(_value_for(sub, depth))
    if draw(st.integers(0, 9)) == 0:
        out[draw(st.text(min_size=1, max_size=8))] = draw(scalars())
    return out


def _value_for(path: str, depth: int) -> st.SearchStrategy[Any]:
    if path == "version":
        return st.one_of(st.just(1), scalars())
    if path in _LISTS_OF_MAPPINGS:
        return st.lists(section(f"{path}.*", depth + 1), max_size=3) | values(depth + 1)
    if path == "env.vars":
        return st.dictionaries(
            st.sampled_from(["API_KEY", "A", "${X}", "1"]),
            section("env.vars.*", depth + 1) | scalars(),
            max_size=3,
        )
    if path in KNOWN and depth < 3:
        return section(path, depth + 1) | values(depth + 1)
    return values(depth + 1)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _valid() -> dict[str, Any]:
    """A config that loads: the base the ``one bad value`` examples change."""
    url = "http://127.0.0.1:9/"
    return {
        "version": 1,
        "project": "shop",
        "domain": "shop.test",
        "timeout": "2s",
        "env": {"vars": {"APP_URL": {"required": False, "pattern": "^https://"}}},
        "secrets": {"max_file_size": "1MiB"},
        "dns": {"records": [{"name": "shop.test", "type": "A", "values": ["192.0.2.1"]}]},
        "email": {"mx": True, "dmarc": {"policy": "reject"}},
        "tls": {"hosts": ["shop.test"], "min_days": 14},
        "http": {"canonical": url, "endpoints": [{"url": url, "status": 200}]},
        "performance": {"samples": 2, "warmup": 0, "endpoints": [{"url": url, "p95": "1s"}]},
    }


@st.composite
def one_bad_value(draw: st.DrawFn) -> dict[str, Any]:
    """A valid config with one key (at any depth) given a hostile value, or removed."""
    data = _valid()
    node: Any = data
    path = draw(st.lists(st.integers(0, 20), min_size=1, max_size=4))
    for step in path[:-1]:
        if isinstance(node, dict) and node:
            child = node[sorted(node)[step % len(node)]]
        elif isinstance(node, list) and node:
            child = node[step % len(node)]
        else:
            break
        if not isinstance(child, (dict, list)):
            break
        node = child
    if isinstance(node, dict) and node:
        key = sorted(node)[path[-1] % len(node)]
        if draw(st.booleans()):
            node[key] = draw(values(1))
        elif key != "version":
            del node[key]
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = draw(values(1))
    return data


@st.composite
def configs(draw: st.DrawFn) -> str:
    """The text of a launchgate.yml: a valid one with one bad value, a structure of hostile
    values, a mangled one, or raw text."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.text(max_size=200))
    if kind >= 6:
        return _dump(draw(one_bad_value()))
    text = _dump(draw(section()))
    if kind == 1:  # mangle: cut it, or splice characters YAML and the loader care about
        cut = draw(st.integers(0, len(text)))
        splice = draw(
            st.sampled_from(["${", "\t", "&a ", "*a", "- ", ": ", "'", '"', "\x00", "[", "{"])
        )
        return text[:cut] + splice + text[cut:]
    return text
