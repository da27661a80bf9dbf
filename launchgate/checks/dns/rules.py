"""The rules of the dns family."""

from __future__ import annotations

from launchgate.core.model import Severity as S
from launchgate.core.rules import Rule

RECORDS = Rule(
    "dns.records",
    "Expected DNS records",
    S.HIGH,
    "The answer set of each configured name and type equals the expected values.",
    "A wrong or missing record sends visitors, mail or verification to the wrong place.",
    "Change the record at your DNS provider to exactly the expected values.",
)
RESOLVES = Rule(
    "dns.resolves",
    "Host resolves",
    S.HIGH,
    "The apex and every approved subdomain resolve to at least one address (CNAMEs followed).",
    "A name that does not resolve is a site or API nobody can reach.",
    "Add an A/AAAA record (or a CNAME to a host that has one) for the name.",
)
CNAME_CONFLICT = Rule(
    "dns.cname_conflict",
    "CNAME conflict",
    S.HIGH,
    "No CNAME coexists with other records at the same name, and none sits at the apex.",
    "A CNAME must be alone at its name (RFC 1034); resolvers answer unpredictably otherwise.",
    "Remove the other records at that name, or replace the CNAME with A/AAAA records "
    "(at the apex use your provider's ALIAS/flattening).",
)
DANGLING = Rule(
    "dns.dangling",
    "Dangling CNAME",
    S.CRITICAL,
    "No CNAME chain ends in a name that does not exist.",
    "A CNAME to a deleted service (bucket, app, CDN) lets anyone who claims it serve content "
    "on your domain: subdomain takeover.",
    "Delete the CNAME, or re-create the target it points at.",
)
CONFLICTING = Rule(
    "dns.conflicting",
    "Conflicting addresses",
    S.MEDIUM,
    "The A/AAAA records of a host all point into one network.",
    "Addresses in unrelated networks usually mean a stale record left from a migration: "
    "some visitors reach the old server.",
    "Delete the addresses of the server you no longer use.",
)
CAA = Rule(
    "dns.caa",
    "CAA records",
    S.MEDIUM,
    "CAA records exist and every issue/issuewild names an allowed certificate authority.",
    "CAA stops other CAs from issuing certificates for your domain.",
    'Publish CAA records naming the CAs you use, e.g. example.com. CAA 0 issue "letsencrypt.org".',
)
CDN = Rule(
    "dns.cdn",
    "Served through the CDN",
    S.HIGH,
    "Every public host resolves only into the CDN's published address ranges.",
    "A host that bypasses the CDN exposes the origin server's address to attackers.",
    "Proxy the host through the CDN (orange cloud) and firewall the origin to CDN ranges.",
)
NS_CONSISTENCY = Rule(
    "dns.ns_consistency",
    "Nameservers agree",
    S.MEDIUM,
    "Every NS of the domain answers and all report the same SOA serial.",
    "Nameservers that disagree serve different records: a change is still propagating.",
    "Wait for the change to propagate, or fix the secondary that is not updating.",
)

RULES = [RECORDS, RESOLVES, CNAME_CONFLICT, DANGLING, CONFLICTING, CAA, CDN, NS_CONSISTENCY]
