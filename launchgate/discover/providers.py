"""Mail providers discovery recognises, and the DKIM selectors each one publishes.

A DKIM key lives at ``<selector>._domainkey.<domain>``, and there is no way to list the
selectors of a domain: they are found by asking for the ones providers use. Most providers use
fixed names (Google ``google``, Microsoft 365 ``selector1``/``selector2``, SendGrid ``s1``/``s2``,
Mailchimp ``k1``-``k3``, Mandrill ``mandrill``, Resend ``resend``...). Some make them
unguessable (Amazon SES Easy DKIM: three random tokens; Postmark: a timestamp ending in ``pm``):
those are recognised from MX/SPF and left as a TODO.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str
    selectors: tuple[str, ...] = ()
    spf: tuple[str, ...] = ()  # suffixes of include:/redirect= domains that identify it
    mx: tuple[str, ...] = ()  # suffixes of MX exchanges that identify it
    unguessable: bool = False  # its selectors cannot be probed


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "Google Workspace", ("google",), ("_spf.google.com",), ("google.com", "googlemail.com")
    ),
    Provider(
        "Microsoft 365",
        ("selector1", "selector2"),
        ("spf.protection.outlook.com",),
        ("mail.protection.outlook.com",),
    ),
    Provider("SendGrid", ("s1", "s2", "smtpapi"), ("sendgrid.net",)),
    Provider("Mailchimp", ("k1", "k2", "k3"), ("servers.mcsv.net",)),
    Provider("Mandrill", ("mandrill", "mte1", "mte2"), ("spf.mandrillapp.com",)),
    Provider("Mailgun", ("mg", "smtp", "k1", "mx", "pic", "krs", "mailo"), ("mailgun.org",)),
    Provider("Postmark", ("pm",), ("spf.mtasv.net",), unguessable=True),
    Provider("Amazon SES", (), ("amazonses.com",), ("amazonaws.com",), unguessable=True),
    Provider("Resend", ("resend",), ("amazonses.com",)),
    Provider("Zoho Mail", ("zoho", "zmail"), ("zoho.com", "zoho.eu"), ("zoho.com", "zoho.eu")),
    Provider(
        "Fastmail", ("fm1", "fm2", "fm3"), ("spf.messagingengine.com",), ("messagingengine.com",)
    ),
    Provider(
        "Proton Mail",
        ("protonmail", "protonmail2", "protonmail3"),
        ("_spf.protonmail.ch",),
        ("protonmail.ch",),
    ),
    Provider("Brevo", ("mail", "brevo1", "brevo2"), ("spf.brevo.com", "spf.sendinblue.com")),
    Provider("Mailjet", ("mailjet",), ("spf.mailjet.com",)),
    Provider("HubSpot", ("hs1", "hs2"), ("hubspotemail.net",)),
    Provider("Zendesk", ("zendesk1", "zendesk2"), ("mail.zendesk.com",)),
    Provider("Klaviyo", ("kl", "kl2"), ("klaviyo.com",)),
    Provider("Intercom", ("intercom",), ("intercom.io",)),
)

# Selectors self-hosted and smaller services use; probed for every domain.
GENERIC_SELECTORS = ("default", "dkim", "mail", "selector", "key1", "s1024", "s2048")
MAX_SELECTORS = 48


def _matches(domain: str, suffixes: Iterable[str]) -> bool:
    domain = domain.lower().rstrip(".")
    return any(domain == s or domain.endswith("." + s) for s in suffixes)


def recognise(mx: Sequence[str], spf_domains: Sequence[str]) -> list[Provider]:
    """Providers named by the MX exchanges or the SPF include/redirect domains."""
    found = []
    for provider in PROVIDERS:
        by_mx = any(_matches(host, provider.mx) for host in mx)
        by_spf = any(_matches(domain, provider.spf) for domain in spf_domains)
        if by_mx or by_spf:
            found.append(provider)
    return found


def selectors_to_probe(hinted: Sequence[Provider]) -> list[str]:
    """Hinted providers' selectors first, then every known provider's, then the generic ones."""
    ordered: list[str] = []
    for provider in [*hinted, *PROVIDERS]:
        ordered.extend(provider.selectors)
    ordered.extend(GENERIC_SELECTORS)
    return list(dict.fromkeys(ordered))[:MAX_SELECTORS]


def provider_of(selector: str, hinted: Sequence[Provider]) -> str:
    """Who most likely publishes ``selector``: a hinted provider first."""
    for provider in [*hinted, *PROVIDERS]:
        if selector in provider.selectors:
            return provider.name
    return "self-hosted or unknown"
