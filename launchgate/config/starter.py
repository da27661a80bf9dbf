"""The commented starter config ``launchgate init`` writes."""

from __future__ import annotations

from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from launchgate.config.convert import parse_hostname
from launchgate.config.load import CONFIG_NAMES

_TEMPLATE = Template(
    """\
# yaml-language-server: $$schema=launchgate.config.convert.json
# (editor completion: run `launchgate schema > launchgate.config.convert.json` once)
# launchgate.yml: the pre-deploy gate of $domain. Run: launchgate check
# Every section is optional; delete what you do not use. Reference: launchgate schema
version: 1
project: $project
domain: $domain                 # dns and email checks start here
fail_on: high                   # lowest severity that fails the build
timeout: 10s                    # one network operation

env:
  files: [.env.production]      # dotenv files read besides the process environment
  example: .env.example         # every required var must be listed here
  vars:
    DATABASE_URL: {pattern: '^postgres(ql)?://', forbid: ['localhost'], secret: true, owner: backend}
    DEBUG: {required: false, forbid: ['^(?i:1|true|yes|on)$$']}

secrets:
  paths: ["."]                  # files git tracks (every file outside git)
  artifacts: [dist/]            # built frontend: no secrets, no source maps

dns:
  subdomains: [www]             # each must resolve and none may dangle
  caa: [letsencrypt.org]

email:
  mx: true
  spf: {all: fail}
  dmarc: {policy: quarantine, rua: required}

tls:
  hosts: [$domain, www.$domain]
  min_days: 14

http:
  canonical: https://www.$domain
  endpoints:
    - {url: "https://www.$domain/", status: 200, headers: [security]}
  exposed: true

performance:
  samples: 20
  endpoints:
    - {url: "https://www.$domain/", p95: 800ms}
"""
)


def starter_config(domain: str) -> str:
    project = domain.split(".")[0] or "my-project"
    return _TEMPLATE.substitute(domain=domain, project=project)


def registered_domain(value: str) -> str:
    """The domain as the config wants it: ``https://www.Shop.example/`` → ``shop.example``."""
    text = value.strip()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    text = text.split("/")[0].rstrip(".")
    if text.lower().startswith("www."):
        text = text[4:]
    if not text or "." not in text:
        raise ValueError(f"{value!r} is not a domain name such as shop.example")
    return parse_hostname(text)


class StarterError(Exception):
    """``launchgate init`` cannot do what was asked: a usage error (exit 2)."""


def write_starter(domain: str | None, output: Path, force: bool) -> list[str]:
    """Write the starter config; return what to tell the user."""
    if output.exists() and not force:
        raise StarterError(f"{output} exists; use --force to overwrite it")
    try:
        chosen = registered_domain(domain or "example.com")
    except ValueError as exc:
        raise StarterError(f"--domain: {exc}") from None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(starter_config(chosen), encoding="utf-8")
    except OSError as exc:
        raise StarterError(f"cannot write {output}: {exc.strerror or exc}") from None
    found = output.parent == Path() and output.name in CONFIG_NAMES
    run = "launchgate check" if found else f"launchgate check -c {output}"
    lines = [f"Wrote {output} for {chosen}. Edit it, then run: {run}"]
    if domain is None:
        lines.append(
            "No --domain given: it names example.com. Replace it with your domain (or run "
            "`launchgate init --force --domain yours.example`) before the network checks mean "
            "anything."
        )
    return lines
