"""Two database sessions racing on one row, made deterministic: the second starts while the first
holds its write uncommitted, and the first commits only once PostgreSQL reports the second
waiting for it. Needs committed rows, so tests using it ask for `transactional_db`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction

TIMEOUT = 30


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def race(first: Callable, second: Callable) -> tuple[object, object]:
    """Run `first()` in a transaction left open, `second()` in another session meanwhile; commit
    the first once the second waits on its lock. Returns both results."""
    written, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    errors: list[BaseException] = []
    pids: dict[str, int] = {}

    def hold():
        try:
            with transaction.atomic():
                results["first"] = first()
                written.set()
                release.wait(TIMEOUT)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)
        finally:
            written.set()
            connection.close()

    def follow():
        try:
            written.wait(TIMEOUT)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids["second"] = cursor.fetchone()[0]
            results["second"] = second()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hold), threading.Thread(target=follow)]
    for thread in threads:
        thread.start()
    waited = False
    deadline = time.monotonic() + TIMEOUT
    while not waited and not errors and "second" not in results and time.monotonic() < deadline:
        waited = "second" in pids and _waiting_on_a_lock(pids["second"])
        if not waited:
            time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    if errors:
        raise errors[0]
    assert waited, "the second session never waited for the first one's write"
    return results["first"], results["second"]
