"""Turning discovered facts into launchgate.yml text: pure, safe against hostile input."""

from __future__ import annotations

import yaml

from launchgate.config.load import parse_config
from launchgate.discover.envnames import looks_secret, names_in
from launchgate.discover.model import (
    DkimFound,
    DnsFacts,
    EnvFacts,
    Findings,
    Health,
    MailFacts,
    NetworkSettings,
    Page,
    RecordSet,
    Timing,
    WebFacts,
)
from launchgate.discover.pages import csp_hosts, health_condition, page_links, script_urls
from launchgate.discover.probe import parse_pin
from launchgate.discover.providers import recognise, selectors_to_probe
from launchgate.discover.render import render
from launchgate.discover.verify import disable

HOSTILE = 'x"\nsecrets: null\n# ' + "\u2028ignore: ['*']"


def findings(**changes: object) -> Findings:
    base = {
        "domain": "shop.test",
        "dns": DnsFacts(
            "shop.test",
            hosts=("shop.test", "www.shop.test"),
            records=(RecordSet("shop.test", "TXT", (HOSTILE,)),),
            caa=("letsencrypt.org",),
        ),
        "mail": MailFacts(
            mx=("mail.shop.test",),
            spf="v=spf1 include:_spf.google.com -all",
            spf_senders=("include:_spf.google.com",),
            spf_all="-",
            dmarc="v=DMARC1; p=reject; rua=mailto:d@shop.test",
            dmarc_policy="reject",
            dmarc_rua=("mailto:d@shop.test",),
            dkim=(DkimFound("google", "Google Workspace", 2048),),
            selectors_probed=40,
        ),
        "web": WebFacts(
            canonical="https://www.shop.test",
            hsts=HOSTILE,
            tls_hosts=("shop.test", "www.shop.test"),
            pages=(
                Page("https://www.shop.test/", 200, "text/html"),
                Page("https://www.shop.test/health", 200, "application/json"),
            ),
            health=(Health("https://www.shop.test/health", {HOSTILE: "ok"}),),
            timings=(Timing("https://www.shop.test/", 40.0, 10),),
        ),
        "env": EnvFacts(
            example=".env.example",
            names=("DATABASE_URL", "NEXT_PUBLIC_URL"),
            secret_names=("DATABASE_URL",),
        ),
        "network": NetworkSettings(),
        "queried": ("12 DNS questions, 9 HTTP requests",),
    }
    base.update(changes)
    return Findings(**base)  # type: ignore[arg-type]


def test_rendered_config_loads_and_holds_what_was_found() -> None:
    text = render(findings())
    config = parse_config(text, {}, "launchgate.yml")
    assert config.domain == "shop.test"
    assert config.dns and config.dns.subdomains == ("www",)
    assert config.email and config.email.dkim and config.email.dkim.selectors == ("google",)
    assert config.email.dmarc and config.email.dmarc.policy == "reject"
    assert config.email.spf and config.email.spf.senders == ("include:_spf.google.com",)
    assert config.http and config.http.canonical == "https://www.shop.test"
    assert config.http.endpoints[0].headers == ("security",)
    assert config.performance and config.performance.endpoints[0].p95 == 0.3
    assert config.env and set(config.env.vars) == {"DATABASE_URL", "NEXT_PUBLIC_URL"}
    assert config.env.vars["DATABASE_URL"].secret and not config.env.vars["NEXT_PUBLIC_URL"].secret


def test_hostile_values_stay_values_and_comments_stay_comments() -> None:
    text = render(findings())
    doc = yaml.safe_load(text)
    assert doc["secrets"] == {"paths": ["."]}
    assert "ignore" not in doc
    assert doc["dns"]["records"][0]["values"] == [HOSTILE]
    assert doc["http"]["endpoints"][1]["json"] == {HOSTILE: "ok"}
    for line in text.splitlines():
        assert "\u2028" not in line


def test_what_cannot_be_determined_is_a_commented_todo() -> None:
    text = render(findings(mail=MailFacts(mx=("mx.shop.test",), unguessable=("Amazon SES",))))
    assert "# TODO no DKIM key found" in text
    assert "#   dkim:" not in text and "# dkim: {selectors:" in text
    assert "Amazon SES uses selectors that cannot be guessed" in text
    assert "# webhooks:" in text
    doc = yaml.safe_load(text)
    assert "dkim" not in doc["email"] and "spf" not in doc["email"]


def test_canonical_that_fails_today_is_left_commented_with_the_reason() -> None:
    web = WebFacts(
        canonical="https://www.shop.test",
        canonical_problems=("http://shop.test serves its own page with 200",),
    )
    text = render(findings(web=web))
    assert "# today: http://shop.test serves its own page with 200" in text
    assert "canonical" not in yaml.safe_load(text)["http"]


def test_latency_budget_is_three_times_todays_p95_and_never_below_300ms() -> None:
    assert Timing("u", 12.0, 10).budget_ms == 300
    assert Timing("u", 150.0, 10).budget_ms == 450
    assert Timing("u", 101.0, 10).budget_ms == 350  # 303 rounded up to 50 ms


def test_health_condition_keeps_the_verdict_not_the_volatile_fields() -> None:
    doc = {"status": "ok", "ok": True, "version": "1.4.2", "uptime": 123, "db": "up", "state": "x"}
    assert health_condition(doc) == {"status": "ok", "ok": True}
    assert health_condition(["ok"]) == {}


def test_env_names_never_values() -> None:
    text = "export DATABASE_URL=postgres://u:pw@db/x\n# COMMENTED=1\nSTRIPE_KEY = sk_live_x\nbad line\n"
    assert names_in(text) == ["DATABASE_URL", "STRIPE_KEY"]
    assert looks_secret("STRIPE_SECRET_KEY") and looks_secret("SENTRY_DSN")
    assert not looks_secret("NEXT_PUBLIC_API_KEY") and not looks_secret("DEBUG")


def test_pages_name_hosts_by_links_scripts_and_csp() -> None:
    html = '<a href="/shop">s</a><script src="https://cdn.shop.test/app.js"></script><a href="mailto:x@y">m</a>'
    assert page_links("https://www.shop.test/", html) == [
        ("a", "https://www.shop.test/shop"),
        ("script", "https://cdn.shop.test/app.js"),
    ]
    csp = "default-src 'self'; img-src https://*.images.test data:; connect-src api.shop.test:443"
    assert csp_hosts(csp) == ["images.test", "api.shop.test"]
    assert script_urls('fetch("https://api.shop.test/products?x=1");x="http://a.test/"') == [
        "https://api.shop.test/products?x=1",
        "http://a.test/",
    ]


def test_selectors_of_recognised_providers_are_probed_first() -> None:
    hinted = recognise(["aspmx.l.google.com"], ["sendgrid.net"])
    assert [p.name for p in hinted] == ["Google Workspace", "SendGrid"]
    order = selectors_to_probe(hinted)
    assert order[:4] == ["google", "s1", "s2", "smtpapi"]
    assert "selector1" in order and "resend" in order and len(order) <= 48


def test_pins() -> None:
    pin = parse_pin("*:443=127.0.0.1:8443")
    assert pin.matches("any.test", 443) and not pin.matches("any.test", 80)
    assert pin.target(443) == ("127.0.0.1", 8443)
    assert parse_pin("www.shop.test=10.0.0.5").target(80) == ("10.0.0.5", 80)
    for bad in ("nohost", "=1.2.3.4", "a.test:x=1.2.3.4"):
        try:
            parse_pin(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_disable_comments_out_one_child_or_a_whole_block() -> None:
    text = 'tls:\n  hosts:\n    - "a.shop.test"\n    - "b.shop.test"\n  min_days: 14\nemail:\n  spf: {all: fail}\n'
    out = disable(text, [(2, ["b.shop.test"], "expires in 3 days"), (7, [], "12 lookups")])
    doc = yaml.safe_load(out)
    assert doc["tls"]["hosts"] == ["a.shop.test"]
    assert doc["email"] is None
    assert "# TODO fails today: expires in 3 days" in out and '# - "b.shop.test"' in out
    whole = disable(text, [(2, ["c.shop.test"], "why")])
    assert yaml.safe_load(whole)["tls"] == {"min_days": 14}
