#!/usr/bin/env python3
"""Choose the services `make test` runs against and say so on the first line.

Prints shell assignments on stdout (for `eval`) and one human line on stderr:
- PostgreSQL: TEST_DATABASE_URL, else the local server at 127.0.0.1:5432 as user postgres,
  else SQLite;
- Redis: TEST_REDIS_URL, else the local server at 127.0.0.1:6379 (database 15), else none
  (the tests that need a real Celery worker are then skipped).
With CI=true a missing PostgreSQL or Redis is a failure, never a silent fallback.
Standard library only: it runs before the virtual environment exists.
"""

import os
import shlex
import socket
import sys
from urllib.parse import urlsplit

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/friendly_gov"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), 2):
            return True
    except OSError:
        return False


def main() -> int:
    ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    pg_url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG
    redis_url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS
    pg_ok = reachable(pg_url, 5432)
    redis_ok = reachable(redis_url, 6379)
    where = urlsplit(pg_url)
    if pg_ok:
        line = f"Test database: PostgreSQL at {where.hostname}:{where.port or 5432}"
    else:
        line = "Test database: SQLite (no PostgreSQL reachable)"
    line += f"; Redis: {'at ' + urlsplit(redis_url).netloc if redis_ok else 'none'}"
    print(line, file=sys.stderr)
    if ci and not (pg_ok and redis_ok):
        missing = " and ".join(n for n, ok in (("PostgreSQL", pg_ok), ("Redis", redis_ok)) if not ok)
        print(f"CI=true: {missing} not reachable; refusing to fall back.", file=sys.stderr)
        return 1
    exports = {
        "DATABASE_URL": pg_url if pg_ok else "sqlite:///test-db.sqlite3",
        "TEST_REDIS_URL": redis_url if redis_ok else "",
    }
    for name, value in exports.items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
