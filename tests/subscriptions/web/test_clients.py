"""Who is a client, and the moving window of the per-client limit (with a clock the test moves)."""

from __future__ import annotations

import pytest

from delivery.subscriptions.clients import ClientKeys, ClientLimit, parse_limit


class Tick:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_moving_window_over_several_rules():
    clock = Tick()
    limit = ClientLimit("2/minute;3/hour", clock=clock)
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a")] == [True, True, False]
    clock.now += 59
    assert not limit.allow("a")  # still within the minute of the first two
    clock.now += 2
    assert limit.allow("a")  # the minute has moved on; third of the hour
    clock.now += 120
    assert not limit.allow("a")  # the hour allows three
    clock.now += 3600
    assert limit.allow("a") and limit.allow("b")


def test_refused_attempts_do_not_extend_the_wait():
    clock = Tick()
    limit = ClientLimit("1/minute", clock=clock)
    assert limit.allow("a")
    for _ in range(30):
        clock.now += 1
        assert not limit.allow("a")
    clock.now += 31
    assert limit.allow("a")


def test_old_clients_are_forgotten():
    clock = Tick()
    limit = ClientLimit("1/minute", clock=clock)
    limit.PRUNE_EVERY = 10
    for n in range(9):
        limit.allow(f"c{n}")
    clock.now += 61
    limit.allow("neu")
    assert list(limit.hits) == ["neu"]


@pytest.mark.parametrize("text", ["", "5", "5/fortnight", "0/minute", "5/minute;", "viele/minute"])
def test_bad_limits_are_refused(text):
    with pytest.raises(ValueError):
        parse_limit(text)


@pytest.mark.parametrize("remote, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("", "unknown"),
    ("kein-ip", "unknown"),
])
def test_client_keys(remote, key):
    assert ClientKeys("remote", environ={})({"REMOTE_ADDR": remote}) == key


def test_forwarded_for_is_never_a_client():
    keys = ClientKeys("cloudfront", environ={})  # no origin secret configured: the header is not trusted
    environ = {"REMOTE_ADDR": "130.176.0.10", "HTTP_X_FORWARDED_FOR": "192.0.2.1",
               "HTTP_CLOUDFRONT_VIEWER_ADDRESS": "192.0.2.1:443", "HTTP_X_NETZBRIEF_ORIGIN": ""}
    assert keys(environ) == "130.176.0.10"
