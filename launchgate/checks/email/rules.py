"""The rules of the email family: what each verdict means, why it matters, how to fix it."""

from __future__ import annotations

from launchgate.core.model import Severity as S
from launchgate.core.rules import Rule


def _rule(id: str, title: str, severity: S, what: str, why: str, fix: str) -> Rule:
    return Rule(id=id, title=title, severity=severity, what=what, why=why, fix=fix)


MX = _rule(
    "email.mx",
    "MX records",
    S.HIGH,
    "The domain publishes MX records and every mail exchange resolves to an address.",
    "Without working MX records, mail to the domain (password resets, replies) bounces.",
    "Publish MX records pointing at your mail provider's hosts, as its setup guide lists them.",
)
SPF_RECORD = _rule(
    "email.spf.record",
    "SPF record",
    S.HIGH,
    "Exactly one TXT record starting with v=spf1 at the domain.",
    "Receivers treat none as 'anyone may send' and several as a permanent error.",
    "Publish exactly one TXT record 'v=spf1 <your senders> -all'; merge duplicates into one.",
)
SPF_SYNTAX = _rule(
    "email.spf.syntax",
    "SPF syntax",
    S.HIGH,
    "Every term of the SPF record follows RFC 7208 (mechanisms, modifiers, CIDR, macros).",
    "One bad term makes receivers return permerror and ignore the whole record.",
    "Correct or remove the term named in the message.",
)
SPF_LOOKUPS = _rule(
    "email.spf.lookups",
    "SPF DNS lookup limit",
    S.HIGH,
    "At most 10 DNS-querying terms (include, a, mx, ptr, exists, redirect), counted recursively.",
    "Past 10 lookups receivers return permerror: SPF fails for all your mail.",
    "Drop unused senders, replace include/a/mx with ip4/ip6 ranges, or use a flattening service.",
)
SPF_VOID = _rule(
    "email.spf.void",
    "SPF void lookups",
    S.HIGH,
    "At most 2 terms whose lookup finds nothing (NXDOMAIN or no record).",
    "Past 2 void lookups receivers return permerror (RFC 7208 4.6.4).",
    "Remove terms that point at names without records.",
)
SPF_ALL = _rule(
    "email.spf.all",
    "SPF final policy",
    S.HIGH,
    "The record ends in an 'all' (or redirect) at least as strict as email.spf.all.",
    "Without -all/~all anyone can send mail as your domain; +all authorizes the whole internet.",
    "End the record with -all (or ~all while you roll out).",
)
SPF_PTR = _rule(
    "email.spf.ptr",
    "SPF ptr mechanism",
    S.LOW,
    "The record avoids the deprecated ptr mechanism.",
    "ptr is slow, unreliable and RFC 7208 says not to use it; some receivers ignore it.",
    "Replace ptr with ip4/ip6 ranges or a:host terms for your mail servers.",
)
SPF_INCLUDE = _rule(
    "email.spf.include",
    "SPF include target",
    S.HIGH,
    "Every include:/redirect= target publishes exactly one valid SPF record.",
    "An include without a record is a permerror: receivers discard your whole SPF policy.",
    "Fix the included domain's name (typo?) or remove the include.",
)
SPF_SENDERS = _rule(
    "email.spf.senders",
    "SPF approved senders",
    S.HIGH,
    "Every top-level term that authorizes senders is on the approved list (email.spf.senders).",
    "An unknown sender in SPF can send mail as you: a forgotten vendor or a malicious change.",
    "Remove the unknown term from the record, or add it to email.spf.senders if it is approved.",
)
SPF_AUTHORIZE = _rule(
    "email.spf.authorize",
    "SPF authorizes sending IP",
    S.HIGH,
    "check_host() returns pass for each IP listed in email.spf.authorize.",
    "Mail from a server SPF does not authorize lands in spam or is rejected.",
    "Add the server to SPF (ip4:/ip6: or the provider's include:).",
)
DKIM = _rule(
    "email.dkim",
    "DKIM key",
    S.HIGH,
    "The selector's TXT record is a valid DKIM key: known type, key present, large enough.",
    "Without a valid key receivers cannot verify your signatures and DMARC fails.",
    "Publish the key record your mail provider gives you at <selector>._domainkey.<domain>.",
)
DMARC_RECORD = _rule(
    "email.dmarc.record",
    "DMARC record",
    S.HIGH,
    "Exactly one DMARC record at _dmarc.<domain> (or the organizational domain).",
    "Without DMARC, receivers apply no policy to mail that spoofs your domain.",
    "Publish one TXT record at _dmarc.<domain>: 'v=DMARC1; p=quarantine; rua=mailto:...'.",
)
DMARC_SYNTAX = _rule(
    "email.dmarc.syntax",
    "DMARC syntax",
    S.HIGH,
    "The DMARC record follows RFC 7489: v=DMARC1 first, p next, every tag valid.",
    "Receivers discard an invalid record (or fall back to p=none).",
    "Correct the tag named in the message.",
)
DMARC_POLICY = _rule(
    "email.dmarc.policy",
    "DMARC policy",
    S.HIGH,
    "p= is at least as strict as email.dmarc.policy.",
    "A weak policy lets spoofed mail through to inboxes.",
    "Raise p= (none → quarantine → reject) once reports show your own mail passes.",
)
DMARC_SUBDOMAIN = _rule(
    "email.dmarc.subdomain",
    "DMARC subdomain policy",
    S.MEDIUM,
    "sp= is not weaker than p=.",
    "Attackers spoof a subdomain (billing.acme.test) when sp= is weaker.",
    "Remove sp= or set it to the same value as p=.",
)
DMARC_PCT = _rule(
    "email.dmarc.pct",
    "DMARC percentage",
    S.MEDIUM,
    "pct= is 100 (the policy applies to all failing mail).",
    "With pct below 100, part of the spoofed mail escapes the policy.",
    "Remove pct= or set pct=100.",
)
DMARC_RUA = _rule(
    "email.dmarc.rua",
    "DMARC aggregate reports",
    S.HIGH,
    "rua= names valid mailto: addresses (required when email.dmarc.rua is 'required').",
    "Without reports you cannot see who sends mail as your domain or whether it passes.",
    "Add rua=mailto:dmarc-reports@<your domain> (or your DMARC provider's address).",
)
DMARC_REPORT_AUTH = _rule(
    "email.dmarc.report_auth",
    "DMARC external report authorization",
    S.HIGH,
    "Each report address outside the domain publishes <domain>._report._dmarc.<destination>.",
    "Receivers drop reports to a destination that has not authorized them (RFC 7489 7.1).",
    "Ask the report provider to publish 'v=DMARC1;' at the name in the message, or use an "
    "address in your own domain.",
)
DMARC_RUA_MX = _rule(
    "email.dmarc.rua_mx",
    "DMARC report mailbox",
    S.HIGH,
    "Each domain named in rua= can receive mail: it has MX records (or, without MX, an "
    "address: the implicit MX of RFC 5321 5.1), and no null MX (RFC 7505).",
    "Reports sent to a domain that does not exist or refuses mail bounce: you receive none "
    "and cannot see who sends mail as you.",
    "Fix the address in rua= (a typo in the domain is common), or publish MX records for the "
    "report domain.",
)
MTA_STS = _rule(
    "email.mta_sts",
    "MTA-STS",
    S.INFO,
    "Whether the domain publishes an MTA-STS policy record (_mta-sts TXT).",
    "MTA-STS makes senders require TLS when delivering to you.",
    "Publish _mta-sts.<domain> TXT 'v=STSv1; id=...' and the policy file at mta-sts.<domain>.",
)
TLS_RPT = _rule(
    "email.tls_rpt",
    "TLS-RPT",
    S.INFO,
    "Whether the domain publishes a TLS reporting record (_smtp._tls TXT).",
    "TLS-RPT tells you when senders fail to deliver to you over TLS.",
    "Publish _smtp._tls.<domain> TXT 'v=TLSRPTv1; rua=mailto:...'.",
)

RULES = [
    MX, SPF_RECORD, SPF_SYNTAX, SPF_LOOKUPS, SPF_VOID, SPF_ALL, SPF_PTR, SPF_INCLUDE,
    SPF_SENDERS, SPF_AUTHORIZE, DKIM, DMARC_RECORD, DMARC_SYNTAX, DMARC_POLICY,
    DMARC_SUBDOMAIN, DMARC_PCT, DMARC_RUA, DMARC_REPORT_AUTH, DMARC_RUA_MX, MTA_STS,
    TLS_RPT,
]  # fmt: skip
