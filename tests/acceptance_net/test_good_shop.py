"""The well-run shop passes: every trap for a false alarm stays quiet."""

from __future__ import annotations

from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net


def test_well_run_shop_has_no_false_alarm(net: Net) -> None:
    outcome = net.gate(shop.config(net))
    assert outcome.problems() == {}, outcome.console
    assert outcome.code == 0
