"""One alert per run, in each channel's format; outside text cannot inject markup or headers."""

from __future__ import annotations

from launchgate.monitor.cilink import run_link
from launchgate.monitor.formats import FORMATTERS, discord, slack, teams
from launchgate.monitor.mail import build_email
from launchgate.monitor.message import Alert, duration, render_text, subject
from launchgate.monitor.transitions import Change

CAUSE = Change(
    "down",
    "dns.resolves:www.shop.example",
    "high",
    "www.shop.example does not resolve",
    "2026-12-04T10:00:00+00:00",
    layer="dns",
)
FOLLOW = Change(
    "down",
    "http.status:https://www.shop.example/",
    "high",
    "does not resolve",
    "2026-12-04T10:00:00+00:00",
    layer="dns",
    caused_by=CAUSE.check_id,
)
EVIL = Change(
    "down",
    "http.status:https://x.example/",
    "high",
    "answers 500 <!channel> @everyone [click](https://evil.example)\r\nBcc: victim@x.example",
    "2026-12-04T10:00:00+00:00",
    layer="app",
)
BACK = Change(
    "recovered",
    "tls.expiry:shop.example",
    "critical",
    "certificate expired",
    "2026-12-04T09:00:00+00:00",
    layer="tls",
    downtime=3725.0,
    alert_id="<old@shop.example>",
)


def alert(*changes: Change, **kw: object) -> Alert:
    return Alert(
        project="shop",
        at="2026-12-04T10:02:00+00:00",
        changes=changes,
        message_id="<new@shop.example>",
        **kw,
    )  # type: ignore[arg-type]


def test_one_message_leads_with_the_layer_and_folds_consequences_under_the_cause() -> None:
    text = render_text(alert(CAUSE, FOLLOW))
    assert "DNS: www.shop.example does not resolve" in text
    assert text.index(CAUSE.check_id) < text.index(FOLLOW.check_id)
    assert "1 more check(s) fail because of it" in text
    assert subject(alert(CAUSE, FOLLOW)) == "[launchgate] DOWN: www.shop.example (dns.resolves)"


def test_subject_of_the_issue() -> None:
    down = Change(
        "down", "http.status:https://shop.example/login", "high", "503", None, layer="app"
    )
    assert subject(alert(down)) == "[launchgate] DOWN: https://shop.example/login (http.status)"


def test_recovery_says_how_long_it_was_down() -> None:
    assert "was down 1h 2m" in render_text(alert(BACK))
    assert duration(59) == "59s" and duration(61) == "1m 1s" and duration(90061) == "1d 1h"


def test_outside_text_cannot_mention_everyone_link_or_add_headers() -> None:
    a = alert(EVIL)
    blob = str(slack(a))
    assert "<!channel>" not in blob and "&lt;!channel&gt;" in blob
    assert discord(a)["allowed_mentions"] == {"parse": []}
    assert "\\[click\\]\\(https://evil.example\\)" in discord(a)["embeds"][0]["description"]
    assert "[click](" not in str(teams(a))
    message = build_email(a, "alerts@shop.example", ["founder@shop.example"])
    assert message["Bcc"] is None
    assert "\r" not in str(message["Subject"]) and "\n" not in str(message["Subject"])
    assert "\nBcc:" not in message.as_string().split("\n\n", 1)[0]


def test_recovery_email_threads_under_the_outage() -> None:
    message = build_email(
        alert(BACK, references=("<old@shop.example>",)), "alerts@shop.example", ["a@b.example"]
    )
    assert message["Message-ID"] == "<new@shop.example>"
    assert (
        message["In-Reply-To"] == "<old@shop.example>"
        and message["References"] == "<old@shop.example>"
    )
    assert message["Auto-Submitted"] == "auto-generated"


def test_every_format_renders_and_teams_is_an_adaptive_card() -> None:
    a = alert(CAUSE, FOLLOW, BACK, link="https://github.com/o/r/actions/runs/1")
    for name, render in FORMATTERS.items():
        assert render(a), name
    card = teams(a)["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["actions"][0]["url"].endswith("/runs/1")
    generic = FORMATTERS["generic"](a)
    assert generic["verdict"] == "down" and {c["kind"] for c in generic["changes"]} == {
        "down",
        "recovered",
    }


def test_ci_run_links() -> None:
    github = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": "42",
    }
    assert run_link(github) == "https://github.com/o/r/actions/runs/42"
    assert (
        run_link({"CI_JOB_URL": "https://gitlab.com/o/r/-/jobs/7"})
        == "https://gitlab.com/o/r/-/jobs/7"
    )
    assert run_link({"CI_JOB_URL": "javascript:alert(1)"}) is None
    assert run_link({}) is None
