"""pg_dump and pg_restore, run with the portal's own connection settings. The password travels in
PGPASSWORD, never on the command line, where any user of the machine can read it (`ps`)."""

import os
import shutil
import subprocess
from pathlib import Path

from .errors import BackupError

# Connection options dj-database-url may put in OPTIONS, and the libpq variables that carry them.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def require_postgresql(connection) -> None:
    if connection.vendor == "postgresql":
        return
    if connection.vendor == "sqlite":
        raise BackupError(
            "Backup and restore need PostgreSQL (DATABASE_URL=postgres://...). This portal runs on "
            f"the SQLite file {connection.settings_dict['NAME']} (local use): stop the server and copy "
            "that file and the media folder instead. Nothing was written."
        )
    raise BackupError(f"Backup and restore need PostgreSQL, not {connection.vendor}. Nothing was written.")


def libpq_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in LIBPQ_OPTIONS.items():
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client tools of the server's major version "
            "or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def _run(args: list[str], *, env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed (exit {result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


def server_version(cursor) -> str:
    cursor.execute("SHOW server_version")
    return cursor.fetchone()[0]


def dump(settings_dict: dict, *, path: Path, snapshot: str) -> str:
    """Dump the database as it was in `snapshot` (exported by the caller's open transaction) into
    `path`, in pg_dump's custom format; returns pg_dump's version."""
    pg_dump = _tool("pg_dump")
    env = libpq_env(settings_dict)
    # Owner and privileges are left out (pg_restore is given the same flags, where they take
    # effect for this format), so the backup restores into a database owned by any role.
    _run(
        [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={path}",
        ],
        env=env,
    )
    return _run([pg_dump, "--version"], env=env).strip()


def restore(settings_dict: dict, *, path: Path, replace: bool) -> None:
    """Restore the dump in one transaction that stops at the first error, so a failed restore leaves
    the database as it was. `replace` drops the backup's objects first (and only those)."""
    args = [
        _tool("pg_restore"),
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={settings_dict['NAME']}",
    ]
    if replace:
        args += ["--clean", "--if-exists"]
    _run([*args, str(path)], env=libpq_env(settings_dict))


def row_counts(connection, cursor) -> dict[str, int]:
    """The exact row count of every table of the database, in one query."""
    tables = sorted(connection.introspection.table_names(cursor))
    if not tables:
        return {}
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(f"SELECT %s, count(*) FROM {quote(table)}" for table in tables)  # noqa: S608
    cursor.execute(query, tables)
    return dict(sorted(cursor.fetchall()))
