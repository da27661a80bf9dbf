"""The shared neutralising function and the redactor's URL and case handling, directly."""

from __future__ import annotations

from launchgate.core.neutral import neutral, neutral_block, no_command
from launchgate.core.redact import Redactor, strip_userinfo


def test_neutral_writes_every_unsafe_character_as_a_visible_escape() -> None:
    assert neutral("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert neutral("\x1b[31m\x07\x85") == "\\x1b[31m\\x07\\x85"
    assert neutral("x\u202ey\u2066z\u2028\ufeff") == "x\\u202ey\\u2066z\\u2028\\ufeff"
    assert neutral("plain · ünïcode ✅ text") == "plain · ünïcode ✅ text"


def test_no_line_can_start_a_workflow_command() -> None:
    assert no_command("  ::error::x") == "  \\::error::x"
    assert no_command("##[error]x") == "\\##[error]x"
    assert no_command("a ::error::x") == "a ::error::x"
    assert neutral_block("ok\n::add-mask::X") == "ok\n\\::add-mask::X"


def test_url_user_information_is_hidden_wherever_it_appears() -> None:
    assert strip_userinfo("see HTTP://Admin:S3cret@Host/x") == "see HTTP://Admin:***@Host/x"
    assert strip_userinfo("https://ghp_token@github.com/") == "https://***@github.com/"
    assert (
        strip_userinfo("mail dmarc@shop.test, mailto:a@b.c") == "mail dmarc@shop.test, mailto:a@b.c"
    )


def test_registered_values_are_scrubbed_in_any_case_and_percent_encoded() -> None:
    redactor = Redactor()
    redactor.add_userinfo_of({"url": "https://u:p%40ssWord99@h/"})
    text = redactor.scrub("P@SSWORD99 / p%40ssword99 / p%40SSWORD99")
    assert "ssword99" not in text.lower()
