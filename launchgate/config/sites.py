"""Many sites in one config: the top-level network blocks are every site's defaults.

``expand_sites`` works on the plain data read from YAML, before typing: each site's blocks are
merged over the defaults key by key (mappings merge, a list or a value replaces, null turns a
block off), then ``{domain}`` becomes the site's domain in every text, so one block serves two
hundred shops. Each merged site is then validated like a top-level block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from launchgate.config.convert import ConversionError
from launchgate.config.model import SITE_SECTIONS

PLACEHOLDER = "{domain}"


def merge(default: Any, override: Any) -> Any:
    """``override`` over ``default``: mappings merge key by key; anything else replaces."""
    if isinstance(default, Mapping) and isinstance(override, Mapping):
        out = dict(default)
        for key, value in override.items():
            out[key] = merge(default.get(key), value) if key in default else value
        return out
    return override


def substitute(value: Any, domain: str) -> Any:
    """``{domain}`` replaced by ``domain`` in every text inside ``value``."""
    if isinstance(value, str):
        return value.replace(PLACEHOLDER, domain)
    if isinstance(value, Mapping):
        return {k: substitute(v, domain) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, domain) for v in value]
    return value


def expand_sites(data: dict[str, Any]) -> dict[str, Any]:
    """With ``sites:``, move the top-level network blocks into every site as its defaults."""
    sites = data.get("sites")
    if sites is None:
        return data
    if not isinstance(sites, list):
        raise ConversionError(("sites",), "expected a list of sites, e.g. [{domain: shop.example}]")
    if data.get("domain") is not None:
        raise ConversionError(
            ("domain",),
            "with sites:, each site names its domain; move this domain into the sites list",
        )
    defaults = {s: data[s] for s in SITE_SECTIONS if s in data}
    out = {k: v for k, v in data.items() if k not in SITE_SECTIONS}
    out["sites"] = [_site(i, site, defaults) for i, site in enumerate(sites)]
    _unique(out["sites"])
    return out


def _site(index: int, site: Any, defaults: Mapping[str, Any]) -> Any:
    if not isinstance(site, Mapping):
        return site  # the typed build says what is wrong with it
    domain = site.get("domain")
    if not isinstance(domain, str):
        return dict(site)
    merged = dict(site)
    for section, default in defaults.items():
        merged[section] = merge(default, site[section]) if section in site else default
    return {k: substitute(v, domain) if k in SITE_SECTIONS else v for k, v in merged.items()}


def _unique(sites: list[Any]) -> None:
    seen: dict[str, int] = {}
    for i, site in enumerate(sites):
        if not isinstance(site, Mapping) or not isinstance(site.get("domain"), str):
            continue
        key = site["domain"].strip().lower().rstrip(".")
        if key in seen:
            raise ConversionError(
                ("sites", i, "domain"),
                f"{site['domain']} is already site {seen[key] + 1}: each domain is listed once",
            )
        seen[key] = i


def default_location(path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where a value of ``sites.N.<block>…`` came from when the site does not set it."""
    if len(path) >= 3 and path[0] == "sites" and path[2] in SITE_SECTIONS:
        return path[2:]
    return None
