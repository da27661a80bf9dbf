"""Layers and root causes, judged from results alone."""

from __future__ import annotations

from launchgate.core.diagnosis import blocking_roots, diagnose, host_of, layer_of, lead
from launchgate.core.model import Result, Severity, Status


def result(
    check_id: str,
    status: Status = Status.FAIL,
    message: str = "",
    severity: Severity = Severity.HIGH,
    data: dict[str, object] | None = None,
) -> Result:
    return Result(check_id, check_id, status, severity, message, data=data or {})


NXDOMAIN = "shop.example does not resolve: the name does not exist (NXDOMAIN)"


def test_layers_come_from_the_clients_wording_the_error_kind_and_the_area() -> None:
    cases = {
        "dns": result(
            "tls.handshake:www.shop.example", message="www.shop.example does not resolve"
        ),
        "connect": result("http.status:https://a.example/", message="connection refused"),
        "tls": result("http.status:https://a.example/x", message="certificate rejected: expired"),
        "app": result(
            "http.status:https://a.example/h", message="answers 503", data={"status": 503}
        ),
        "http": result(
            "http.status:https://a.example/r", message="answers 404", data={"status": 404}
        ),
    }
    for layer, r in cases.items():
        assert layer_of(r) == layer, r.check_id
    assert (
        layer_of(result("http.status:https://a.example/k", message="x", data={"error": "timeout"}))
        == "connect"
    )
    assert layer_of(result("email.spf.record:a.example", message="no SPF")) == "dns"
    assert layer_of(result("tls.expiry:a.example", message="expires in 3 days")) == "tls"


def test_passes_and_local_checks_have_no_layer() -> None:
    assert layer_of(result("http.status:https://a.example/", Status.PASS)) is None
    assert layer_of(result("env.required:DATABASE_URL", message="does not resolve")) is None


def test_a_host_name_in_a_message_does_not_decide_the_layer_against_the_clients_words() -> None:
    r = result(
        "http.status:https://timed-out.example/",
        message="https://timed-out.example/ answers 502",
        data={"status": 502},
    )
    assert layer_of(r) == "app"


def test_hosts_of_targets() -> None:
    assert host_of(result("http.status:https://WWW.shop.example:8443/x")) == "www.shop.example"
    assert host_of(result("tls.handshake:shop.example:8443")) == "shop.example"
    assert host_of(result("email.mx:shop.example")) == "shop.example"
    assert host_of(result("env.required:DATABASE_URL")) is None


def test_a_domain_that_does_not_exist_is_the_one_cause_of_everything_under_it() -> None:
    results = [
        result(
            "tls.handshake:www.shop.example",
            message="www.shop.example does not resolve",
            severity=Severity.CRITICAL,
        ),
        result(
            "http.status:https://www.shop.example/", message="www.shop.example does not resolve"
        ),
        result("dns.resolves:www.shop.example", message=NXDOMAIN.replace("shop", "www.shop")),
        result("email.mx:shop.example", message="shop.example has no MX records (NXDOMAIN)"),
        result("dns.resolves:shop.example", message=NXDOMAIN),
        result("env.required:DATABASE_URL", message="DATABASE_URL is not set"),
    ]
    out = {r.check_id: r for r in diagnose(results)}
    cause = "dns.resolves:shop.example"
    assert out[cause].caused_by is None
    for cid in (
        "tls.handshake:www.shop.example",
        "http.status:https://www.shop.example/",
        "dns.resolves:www.shop.example",
        "email.mx:shop.example",
    ):
        assert out[cid].caused_by == cause, cid
    assert out["env.required:DATABASE_URL"].caused_by is None
    roots = blocking_roots(list(out.values()), Severity.HIGH)
    assert roots == [cause, "env.required:DATABASE_URL"]
    assert lead(out[cause]).startswith("DNS: shop.example does not resolve")


def test_a_name_without_address_explains_only_the_connections_to_it() -> None:
    results = [
        result(
            "dns.resolves:shop.example",
            message="shop.example does not resolve: it has no A or AAAA record",
        ),
        result("tls.handshake:shop.example", message="shop.example does not resolve"),
        result("email.dmarc.record:shop.example", message="no DMARC record"),
    ]
    out = {r.check_id: r for r in diagnose(results)}
    assert out["tls.handshake:shop.example"].caused_by == "dns.resolves:shop.example"
    assert out["email.dmarc.record:shop.example"].caused_by is None  # unrelated to the A record


def test_a_refused_port_explains_the_pages_on_that_port_only() -> None:
    results = [
        result("tls.handshake:www.shop.example", message="connection refused"),
        result("http.status:https://www.shop.example/", message="connection refused"),
        result("http.status:https://www.shop.example:8443/", message="connection refused"),
        result("http.status:https://api.shop.example/", message="connection refused"),
    ]
    out = {r.check_id: r for r in diagnose(results)}
    assert (
        out["http.status:https://www.shop.example/"].caused_by == "tls.handshake:www.shop.example"
    )
    assert out["http.status:https://www.shop.example:8443/"].caused_by is None
    assert out["http.status:https://api.shop.example/"].caused_by is None


def test_a_consequence_below_fail_on_severity_still_fails_the_gate_through_its_cause() -> None:
    results = diagnose(
        [
            result("dns.resolves:shop.example", message=NXDOMAIN, severity=Severity.HIGH),
            result(
                "tls.handshake:shop.example",
                message="shop.example does not resolve",
                severity=Severity.CRITICAL,
            ),
        ]
    )
    assert blocking_roots(results, Severity.CRITICAL) == ["dns.resolves:shop.example"]
    assert blocking_roots(results, Severity.HIGH) == ["dns.resolves:shop.example"]


def test_independent_app_failures_are_never_folded() -> None:
    results = diagnose(
        [
            result(
                "http.status:https://a.example/one", message="answers 503", data={"status": 503}
            ),
            result(
                "http.status:https://a.example/two", message="answers 503", data={"status": 503}
            ),
        ]
    )
    assert [r.caused_by for r in results] == [None, None]
    assert len(blocking_roots(results, Severity.HIGH)) == 2


def test_a_dns_answer_pointing_elsewhere_explains_the_refused_connections_to_that_host() -> None:
    results = diagnose(
        [
            result(
                "dns.records:www.shop.example/A",
                message="A of www.shop.example is ['192.0.2.9'], expected ['203.0.113.5']",
                data={"name": "www.shop.example", "type": "A"},
            ),
            result("tls.handshake:www.shop.example", message="connection refused"),
            result("http.status:https://www.shop.example/", message="connection refused"),
        ]
    )
    assert [r.caused_by for r in results] == [
        None,
        "dns.records:www.shop.example/A",
        "dns.records:www.shop.example/A",
    ]
