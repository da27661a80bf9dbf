"""The demo shop's launchgate.yml, pointed at the loopback world."""

from __future__ import annotations

from launchgate.demo.world import HOSTS, World


def demo_config(world: World) -> str:
    pins = "\n".join(
        f'    "{host}:{port}": "127.0.0.1:{world.web_port}"' for host in HOSTS for port in (80, 443)
    )
    return f"""\
version: 1
project: acme-shop (demo)
domain: acme.test
fail_on: high
timeout: 3s

network:
  nameservers: ["{world.dns_address}"]
  resolve:
{pins}
  ca_bundle: {world.ca_pem}

env:
  files: [.env.production]
  example: .env.example
  vars:
    DATABASE_URL: {{pattern: '^postgres(ql)?://', forbid: ['localhost', '127\\.0\\.0\\.1'], secret: true, owner: backend, purpose: Primary Postgres connection}}
    STRIPE_SECRET_KEY: {{pattern: '^sk_live_', secret: true, owner: payments, purpose: Stripe server key}}
    SENTRY_DSN: {{owner: ops, purpose: Error tracking}}
    DEBUG: {{required: false, forbid: ['^(?i:1|true|yes|on)$']}}

secrets:
  paths: ["."]
  artifacts: [dist/]
  logs: ["logs/*.log"]

dns:
  records:
    - {{name: acme.test, type: A, values: [127.0.0.1]}}
    - {{name: www.acme.test, type: CNAME, values: [acme.test.]}}
  subdomains: [www, app, api]
  caa: [letsencrypt.org]

email:
  mx: true
  spf:
    all: fail
  dkim:
    selectors: [google]
    min_key_bits: 2048
  dmarc:
    policy: quarantine
    rua: required

tls:
  hosts: [acme.test, www.acme.test, app.acme.test, api.acme.test]
  min_days: 14
  min_version: TLSv1.2

http:
  canonical: https://www.acme.test
  redirects:
    - {{from: https://acme.test/old-shop, to: https://www.acme.test/shop}}
  endpoints:
    - {{url: https://www.acme.test/, status: 200, headers: [security]}}
    - {{url: https://api.acme.test/health, status: 200, json: {{status: ok}}}}
    - {{url: https://app.acme.test/login, status: 200}}
  static:
    - https://www.acme.test/assets/app.js
  exposed: true
  webhooks:
    - https://api.acme.test/webhooks/stripe

performance:
  samples: 12
  warmup: 1
  endpoints:
    - {{url: https://api.acme.test/products, p95: 300ms}}
    - {{url: https://www.acme.test/, p95: 800ms}}
"""
