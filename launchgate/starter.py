"""The commented starter config ``launchgate init`` writes."""

from __future__ import annotations

from string import Template

_TEMPLATE = Template(
    """\
# yaml-language-server: $$schema=launchgate.schema.json
# (editor completion: run `launchgate schema > launchgate.schema.json` once)
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
  paths: ["."]                  # tracked files of this git repository
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
