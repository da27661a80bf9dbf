"""SPF record syntax (RFC 7208 4.6, 5, 6) and macros (section 7, examples of 7.4)."""

from __future__ import annotations

import ipaddress

import pytest

from launchgate.checks.email.spf_macro import MacroContext, MacroError, expand, fit_domain
from launchgate.checks.email.spf_parse import SpfSyntaxError, is_spf, parse

CTX4 = MacroContext(
    "strong-bad@email.example.com",
    "email.example.com",
    ipaddress.ip_address("192.0.2.3"),
    "mx.example.org",
)
CTX6 = MacroContext(
    "strong-bad@email.example.com",
    "email.example.com",
    ipaddress.ip_address("2001:db8::cb01"),
    "mx.example.org",
)


@pytest.mark.parametrize(
    ("macro", "expansion"),
    [
        ("%{s}", "strong-bad@email.example.com"),
        ("%{o}", "email.example.com"),
        ("%{d}", "email.example.com"),
        ("%{d4}", "email.example.com"),
        ("%{d3}", "email.example.com"),
        ("%{d2}", "example.com"),
        ("%{d1}", "com"),
        ("%{dr}", "com.example.email"),
        ("%{d2r}", "example.email"),
        ("%{l}", "strong-bad"),
        ("%{l-}", "strong.bad"),
        ("%{lr}", "strong-bad"),
        ("%{lr-}", "bad.strong"),
        ("%{l1r-}", "strong"),
        ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
        ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
        ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
        ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
        ("%%%_%-", "% %20"),
        ("%{S}", "strong-bad%40email.example.com"),
    ],
)
def test_rfc7208_section_7_4_examples(macro: str, expansion: str) -> None:
    assert expand(macro, CTX4) == expansion


def test_ipv6_macro_example() -> None:
    assert expand("%{ir}.%{v}._spf.%{d2}", CTX6) == (
        "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
    )


def test_ipv6_nibbles_are_upper_case_in_explanations_only() -> None:
    assert expand("%{ir}", CTX6, explanation=True).startswith("1.0.B.C.0.0")
    assert expand("%{ir}", CTX6).startswith("1.0.b.c.0.0")


def test_explanation_only_letters() -> None:
    assert (
        expand("%{c} via %{r} at %{t}", CTX6, explanation=True) == "2001:db8::cb01 via unknown at 0"
    )
    with pytest.raises(MacroError):
        expand("%{c}.example.com", CTX4)
    with pytest.raises(MacroError):
        expand("%{d0}", CTX4)
    with pytest.raises(MacroError):
        expand("%x", CTX4)


def test_fit_domain_drops_left_labels() -> None:
    long = ".".join(["a" * 60] * 5) + ".example.com"
    assert len(fit_domain(long)) <= 253 and fit_domain(long).endswith("example.com")


def test_parse_terms() -> None:
    record = parse(
        "v=spf1 +a mx/24//64 -ip4:192.0.2.0/24 ~ip6:2001:db8::/32 ?include:_spf.acme.test exists:%{i}.x.test redirect=other.test exp=exp.%{d} custom=%{l}"
    )
    names = [m.name for m in record.mechanisms]
    assert names == ["a", "mx", "ip4", "ip6", "include", "exists"]
    assert record.mechanisms[1].cidr4 == 24 and record.mechanisms[1].cidr6 == 64
    assert record.redirect == "other.test" and record.exp == "exp.%{d}"
    assert record.lookup_terms() == [
        "+a",
        "mx/24//64",
        "?include:_spf.acme.test",
        "exists:%{i}.x.test",
        "redirect=other.test",
    ]
    assert parse("V=SPF1   -ALL").all is not None


@pytest.mark.parametrize(
    ("record", "term"),
    [
        ("v=spf1 ip4:192.0.2.0/33 -all", "ip4:192.0.2.0/33"),
        ("v=spf1 ip4:192.0.2.0/024 -all", "ip4:192.0.2.0/024"),
        ("v=spf1 ip4:300.1.1.1 -all", "ip4:300.1.1.1"),
        ("v=spf1 ip6:2001:db8::/129 -all", "ip6:2001:db8::/129"),
        ("v=spf1 ip6:192.0.2.1 -all", "ip6:192.0.2.1"),
        ("v=spf1 include -all", "include"),
        ("v=spf1 a:foo-bar -all", "a:foo-bar"),
        ("v=spf1 -all.", "-all."),
        ("v=spf1 redirect:acme.test", "redirect:acme.test"),
        ("v=spf1 foo:bar -all", "foo:bar"),
        ("v=spf1 a:%{z}.acme.test -all", "a:%{z}.acme.test"),
        ("v=spf1 redirect=a.test redirect=b.test", "redirect=b.test"),
        ("v=spf1 a:acme.test\rptr -all", "a:acme.test\rptr"),
    ],
)
def test_syntax_errors_name_the_term(record: str, term: str) -> None:
    with pytest.raises(SpfSyntaxError) as info:
        parse(record)
    assert info.value.term == term


def test_version_detection() -> None:
    assert is_spf("v=spf1") and is_spf("V=SPF1 -all") and is_spf(b"v=spf1 a")
    assert not is_spf("v=spf10") and not is_spf("v=spf1x") and not is_spf("spf2.0/pra")
