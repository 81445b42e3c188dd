"""Backup and restore: `manage.py backup` writes the database (pg_dump) and the uploads with a
manifest; `manage.py restore` brings them back into a fresh database and media folder, and refuses
a damaged or unsafe backup, or a database already in use, without changing anything."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tomllib
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from communes.models import AdminUnit, ProgrammeDocument, User
from dialogues import services as dialogue_services
from dialogues.models import Attachment, Category, FeedbackItem
from reports.models import AwardDecision
from surveys.services import template_default_ensure

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% De an 01 (ban chup)\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and the audit trigger need PostgreSQL"
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def server_params(dbname: str) -> dict:
    settings = connection.settings_dict
    return {
        "dbname": dbname,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
    }


def database_url(dbname: str) -> str:
    params = server_params(dbname)
    password = f":{params['password']}" if params["password"] else ""
    host = f"{params['host'] or '127.0.0.1'}:{params['port'] or 5432}"
    return f"postgres://{params['user']}{password}@{host}/{dbname}"


def table_counts(dbname: str) -> dict[str, int]:
    """Every table of the public schema with its row count, read without the portal's code."""
    with closing(psycopg2.connect(**server_params(dbname))) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def manage(*args: str, database: str, media_root: Path) -> subprocess.CompletedProcess:
    """`manage.py ...` in another process, on `database` of the test server and `media_root`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DATABASE_URL=database_url(database), DJANGO_MEDIA_ROOT=str(media_root), DJANGO_DB_CONN_MAX_AGE="0"
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    """An empty database on the test server, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with closing(psycopg2.connect(**server_params("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def portal(transactional_db, media, admin_unit_factory, user_factory, programme_factory):
    """Committed rows in several apps (pg_dump sees only those), with uploaded files: a programme
    document (PDF), a feedback item with an attachment and three audit rows, the survey template,
    an award decision."""
    province = admin_unit_factory(level=AdminUnit.Level.PROVINCE, unit_type=AdminUnit.Type.PROVINCE)
    commune = admin_unit_factory(level=AdminUnit.Level.COMMUNE, parent=province)
    officer = user_factory(username="xa.saoluu", role=User.Role.COMMUNE_OFFICER, commune=commune)
    programme = programme_factory(owner_unit=province)
    document = ProgrammeDocument.objects.create(
        programme=programme,
        kind=ProgrammeDocument.Kind.SCHEME,
        number="01-ĐA/TU",
        issued_on=datetime.date(2019, 4, 24),
        issuer="Ban Thường vụ Tỉnh ủy",
        title="Xây dựng chính quyền thân thiện",
        file=ContentFile(PDF, name="de-an-01.pdf"),
    )
    category = Category.objects.create(
        name="Phản ánh về hạ tầng", kind=Category.Kind.REPORT, time_limit_days=10
    )
    item = dialogue_services.feedback_receive(
        commune=commune,
        by=officer,
        category=category,
        channel=FeedbackItem.Channel.DESK,
        content="Đèn đường ở ngõ 5 thôn Đông không sáng.",
        received_on=timezone.localdate(),
        attachments=[SimpleUploadedFile("den-duong.png", PNG, content_type="image/png")],
    )
    item = dialogue_services.feedback_assign(item=item, by=officer, assignee=officer)
    item = dialogue_services.feedback_start(item=item, by=officer)
    template_default_ensure()
    AwardDecision.objects.create(
        programme=programme,
        number="125/QĐ-UBND",
        decided_on=datetime.date(2025, 1, 14),
        issuer="UBND TỈNH LẠNG SƠN",
        signer_name="Hồ Tiến Thiệu",
        signer_title="CHỦ TỊCH",
        level=AwardDecision.Level.PROVINCE_MERIT,
        reason="Đã có thành tích xuất sắc",
    )
    return {"item": item, "document": document, "attachment": item.attachments.get()}


def back_up(tmp_path: Path) -> Path:
    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_it_writes_one_timestamped_folder_with_the_dump_the_media_archive_and_a_manifest(portal, tmp_path):
    folder = back_up(tmp_path)

    assert folder.name.startswith(f"friendly_gov-{timezone.localtime():%Y%m%d}-")
    assert sorted(path.name for path in folder.iterdir()) == ["database.dump", "manifest.json", "media.tar"]
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    manifest = json.loads((folder / "manifest.json").read_text())
    assert datetime.datetime.fromisoformat(manifest["created_at"]).date() == timezone.localdate()
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert manifest["portal"]["version"] == tomllib.load(file)["project"]["version"]
    with closing(psycopg2.connect(**server_params(connection.settings_dict["NAME"]))) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app")
            assert manifest["portal"]["migrations"] == dict(cursor.fetchall())
        assert manifest["database"]["server_version"].startswith(conn.get_parameter_status("server_version"))
    assert manifest["database"]["tables"] == table_counts(connection.settings_dict["NAME"])
    assert manifest["database"]["tables"]["dialogues_transition"] == 3
    for name in ("database.dump", "media.tar"):
        data = (folder / name).read_bytes()
        assert manifest["files"][name] == {"size": len(data), "sha256": sha256(data)}
    document, attachment = portal["document"], portal["attachment"]
    assert sorted(manifest["media"], key=lambda entry: entry["path"]) == sorted(
        [
            {"path": document.file.name, "size": len(PDF), "sha256": sha256(PDF)},
            {"path": attachment.file.name, "size": len(PNG), "sha256": sha256(PNG)},
        ],
        key=lambda entry: entry["path"],
    )
    with tarfile.open(folder / "media.tar") as tar:
        assert tar.extractfile(document.file.name).read() == PDF


def test_it_restores_a_backup_into_a_fresh_database_with_the_same_rows_files_and_locked_history(
    portal, tmp_path, fresh_database
):
    folder = back_up(tmp_path)
    restored_media = tmp_path / "restored-media"

    cancelled = manage("restore", str(folder), database=fresh_database, media_root=restored_media)
    assert cancelled.returncode == 1 and "Restore cancelled" in cancelled.stderr
    assert table_counts(fresh_database) == {} and not restored_media.exists()

    result = manage("restore", str(folder), "--yes", database=fresh_database, media_root=restored_media)

    assert result.returncode == 0, result.stderr
    assert "Restored." in result.stdout
    assert table_counts(fresh_database) == table_counts(connection.settings_dict["NAME"])
    item, document, attachment = portal["item"], portal["document"], portal["attachment"]
    with closing(psycopg2.connect(**server_params(fresh_database))) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT i.tracking_code, t.from_status, t.to_status, t.note FROM dialogues_transition t "
            "JOIN dialogues_feedbackitem i ON i.id = t.item_id ORDER BY t.id"
        )
        assert cursor.fetchall() == [
            (item.tracking_code, row.from_status, row.to_status, row.note)
            for row in item.transitions.order_by("id")
        ]
        cursor.execute("SELECT file FROM communes_programmedocument")
        assert cursor.fetchall() == [(document.file.name,)]
        # The audit history still refuses edits in the restored database.
        for statement in (
            "UPDATE dialogues_transition SET note = 'sửa lại'",
            "DELETE FROM dialogues_transition",
        ):
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute(statement)
            conn.rollback()
    assert (restored_media / document.file.name).read_bytes() == PDF
    assert (restored_media / attachment.file.name).read_bytes() == PNG
    assert sorted(
        p.relative_to(restored_media).as_posix() for p in restored_media.rglob("*") if p.is_file()
    ) == sorted([document.file.name, attachment.file.name])


def test_it_refuses_a_corrupted_dump_and_changes_nothing(portal, tmp_path, fresh_database):
    folder = back_up(tmp_path)
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    restored_media = tmp_path / "restored-media"

    result = manage("restore", str(folder), "--yes", database=fresh_database, media_root=restored_media)

    assert result.returncode == 1
    assert "database.dump does not match its checksum" in result.stderr
    assert table_counts(fresh_database) == {}
    assert not restored_media.exists()


def test_it_restores_over_a_database_in_use_only_when_told_to_replace_it(portal, tmp_path, media):
    folder = back_up(tmp_path)
    before = table_counts(connection.settings_dict["NAME"])
    item = portal["item"]
    # Changes after the backup: a new audit row and a lost upload.
    dialogue_services.feedback_answer(item=item, by=item.assignee, public_answer="Đã thay bóng đèn.")
    (media / portal["document"].file.name).unlink()

    with pytest.raises(CommandError, match="already has .* tables.*--replace"):
        call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    assert item.transitions.count() == 4

    call_command("restore", str(folder), yes=True, replace=True, stdout=io.StringIO())

    assert table_counts(connection.settings_dict["NAME"]) == before
    assert item.transitions.count() == 3
    assert FeedbackItem.objects.get(pk=item.pk).status == FeedbackItem.Status.IN_PROGRESS
    assert (media / portal["document"].file.name).read_bytes() == PDF
    assert (media / Attachment.objects.get().file.name).read_bytes() == PNG


def fake_backup(folder: Path, members: list[tarfile.TarInfo]) -> Path:
    """A backup whose checksums match but whose media archive holds `members`."""
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"PGDMP not a real dump")
    with tarfile.open(folder / "media.tar", "w") as tar:
        for member in members:
            tar.addfile(member, io.BytesIO(b"x" * member.size) if member.isfile() else None)
    manifest = {
        "format": 1,
        "created_at": timezone.localtime().isoformat(),
        "portal": {"version": "0.1.0", "migrations": {}},
        "database": {"engine": "postgresql", "server_version": "15", "dump_tool": "pg_dump", "tables": {}},
        "files": {
            name: {"size": (folder / name).stat().st_size, "sha256": sha256((folder / name).read_bytes())}
            for name in ("database.dump", "media.tar")
        },
        "media": [
            {"path": m.name, "size": m.size, "sha256": sha256(b"x" * m.size)} for m in members if m.isfile()
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def entry(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.size = 3 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (entry("../escaped.txt"), "leaves the media folder"),
        (entry("documents/../../escaped.txt"), "leaves the media folder"),
        (entry("/tmp/escaped-absolute.txt"), "an absolute path"),
        (entry("documents/link.pdf", tarfile.SYMTYPE, "/etc/passwd"), "a link"),
        (entry("documents/hard.pdf", tarfile.LNKTYPE, "../escaped.txt"), "a link"),
        (entry("documents/fifo", tarfile.FIFOTYPE), "a special file"),
    ],
)
def test_it_refuses_a_media_archive_entry_that_could_escape_the_media_folder(
    db, tmp_path, media, member, reason
):
    folder = fake_backup(tmp_path / "backup", [entry("documents/ok.pdf"), member])
    before = table_counts(connection.settings_dict["NAME"])

    # --replace, so that nothing but the archive check stands between this backup and the files.
    with pytest.raises(CommandError, match=f"media.tar holds .*{reason}. Nothing was changed"):
        call_command("restore", str(folder), yes=True, replace=True, stdout=io.StringIO())

    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/escaped-absolute.txt").exists()
    assert not media.exists() or not any(media.rglob("*"))
    assert table_counts(connection.settings_dict["NAME"]) == before


def test_it_refuses_to_back_up_a_sqlite_database_and_says_what_to_copy(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "--output", str(tmp_path / "backups")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "need PostgreSQL" in result.stderr and "copy that file and the media folder" in result.stderr
    assert not (tmp_path / "backups").exists()
