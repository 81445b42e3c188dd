"""Fixtures of the project-wide tests: a "black hole" that accepts connections and never answers,
and the settings that point the cache and the Celery broker at it or at a Redis of the test's own
(`spare_redis`, tests/conftest.py)."""

import socket
import threading
from contextlib import ExitStack

import pytest

from tests.conftest import sending_to


class BlackHole:
    """A port that accepts connections and never answers, like a Redis behind a firewall that
    drops its replies; counts the connections it was offered."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.listener.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


# Where a test counts exactly, Redis is given time to answer on a busy machine: a stall past the
# production timeout (0.25 s) would rightly switch to the per-process fallback. A killed Redis
# refuses connections at once whatever the timeout.
PATIENT = {"SOCKET_TIMEOUT": 2, "SOCKET_CONNECT_TIMEOUT": 2}


def cache_settings(url: str, **options) -> dict:
    """CACHES as production sets them for REDIS_URL=url (options: the backend's OPTIONS)."""
    return {
        "default": {
            "BACKEND": "friendly_gov.cache.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "friendly_gov",
            "OPTIONS": options,
        }
    }


@pytest.fixture
def broker_at():
    """Points the project's Celery app at a broker URL (tests otherwise run tasks eagerly)."""
    with ExitStack() as stack:
        yield lambda url: stack.enter_context(sending_to(url))
