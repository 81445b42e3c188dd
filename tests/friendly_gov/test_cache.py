"""The cache backend: django-redis while Redis answers, this process's memory while it does not,
Redis again when it is back; a Redis that does not answer is left alone for a while."""

import logging
import time

import pytest
from django.core.cache import caches

from tests.friendly_gov.conftest import PATIENT, cache_settings

pytestmark = pytest.mark.redis


def count(cache, key: str) -> int:
    """A rate limit's counting, as django-ratelimit does it: add at 0, then increment."""
    cache.add(key, 0, 60)
    return cache.incr(key)


def test_it_counts_in_redis_while_it_answers(settings, spare_redis):
    settings.CACHES = cache_settings(spare_redis.url, **PATIENT)
    cache = caches["default"]
    assert [count(cache, "n") for _ in range(3)] == [1, 2, 3]
    assert spare_redis.keys() == 1
    assert not cache.is_falling_back


def test_it_counts_in_the_process_while_redis_is_down_and_in_redis_again_when_it_is_back(
    settings, spare_redis, caplog
):
    settings.CACHES = cache_settings(spare_redis.url, FALLBACK_SECONDS=0.2, **PATIENT)
    cache = caches["default"]
    assert [count(cache, "n") for _ in range(2)] == [1, 2]
    spare_redis.kill()
    with caplog.at_level(logging.WARNING, logger="friendly_gov.cache"):
        # Redis took its counter with it: counting starts again here, and goes on.
        assert [count(cache, "n") for _ in range(5)] == [1, 2, 3, 4, 5]
        assert cache.get("n") == 5 and cache.is_falling_back
        spare_redis.start()
        time.sleep(0.3)  # FALLBACK_SECONDS
        assert [count(cache, "n") for _ in range(2)] == [1, 2]
    assert spare_redis.keys() == 1 and not cache.is_falling_back
    # One line when Redis went away, one when it came back: not one per request.
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert "unreachable" in messages[0] and "answers again" in messages[1]
    assert str(spare_redis.port) in messages[0]


def test_an_increment_whose_counter_went_away_with_redis_counts_from_one(settings, spare_redis):
    settings.CACHES = cache_settings(spare_redis.url, **PATIENT)
    cache = caches["default"]
    assert cache.add("n", 0, 60)
    spare_redis.kill()
    assert cache.incr("n") == 1
    assert cache.incr("n") == 2


def test_it_leaves_a_redis_that_does_not_answer_alone_after_the_first_timeout(settings, black_hole):
    settings.CACHES = cache_settings(black_hole.url, FALLBACK_SECONDS=60)
    cache = caches["default"]
    assert [count(cache, "n") for _ in range(20)] == list(range(1, 21))
    # One connection tried (and timed out) for 20 counts: the others did not wait for Redis.
    assert len(black_hole.connections) == 1
    assert cache.is_falling_back


def test_the_log_line_shows_no_password(settings, black_hole, caplog):
    settings.CACHES = cache_settings(black_hole.url.replace("//", "//:s3cret@"))
    with caplog.at_level(logging.WARNING, logger="friendly_gov.cache"):
        count(caches["default"], "n")
    assert "unreachable" in caplog.text and "s3cret" not in caplog.text
