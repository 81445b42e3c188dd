"""The uploaded files (MEDIA_ROOT) as one tar archive. Uncompressed: uploads are JPEG, PNG, WebP
and PDF, which compress no further. A restore refuses any entry that could write outside the
media folder (an absolute path, `..`, a link, a device) before it extracts anything."""

import hashlib
import os
import shutil
import tarfile
from pathlib import Path, PurePosixPath

from .errors import BackupError
from .manifest import MEDIA, sha256_of


class _HashingReader:
    """Hashes a file while tarfile copies it, so each file is read once."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def archive(*, media_root: Path, path: Path) -> tuple[list[dict], list[str]]:
    """Write every regular file under `media_root` into `path`; returns the manifest's file list
    (path, size, SHA-256) and the entries left out (links and special files, which a restore
    would refuse)."""
    files, skipped = [], []
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for folder, dirnames, filenames in os.walk(media_root):
            dirnames.sort()
            # os.walk lists links to folders among the folders and does not enter them.
            skipped += [
                Path(folder, d).relative_to(media_root).as_posix()
                for d in dirnames
                if Path(folder, d).is_symlink()
            ]
            for name in sorted(filenames):
                source = Path(folder, name)
                relative = source.relative_to(media_root).as_posix()
                if source.is_symlink() or not source.is_file():
                    skipped.append(relative)
                    continue
                info = tar.gettarinfo(source, arcname=relative)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o644
                with source.open("rb") as file:
                    reader = _HashingReader(file)
                    tar.addfile(info, reader)
                files.append({"path": relative, "size": info.size, "sha256": reader.digest.hexdigest()})
    return files, skipped


def _refuse(name: str, reason: str) -> BackupError:
    return BackupError(f"The backup is refused: {MEDIA} holds {name!r}, {reason}. Nothing was changed.")


def check_archive(path: Path, expected: list[dict]) -> None:
    """Refuse an archive with an unsafe entry, or whose files differ from the manifest's list."""
    try:
        with tarfile.open(path) as tar:
            members = tar.getmembers()
    except tarfile.TarError as exc:
        raise BackupError(
            f"The backup is damaged: {MEDIA} cannot be read ({exc}). Nothing was changed."
        ) from exc
    files = {}
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute():
            raise _refuse(member.name, "an absolute path")
        if ".." in name.parts:
            raise _refuse(member.name, "a path that leaves the media folder")
        if member.issym() or member.islnk():
            raise _refuse(member.name, "a link")
        if not (member.isfile() or member.isdir()):
            raise _refuse(member.name, "a special file")
        if member.isfile():
            files[member.name] = member.size
    if files != {entry["path"]: entry["size"] for entry in expected}:
        raise BackupError(
            f"The backup is damaged: the files in {MEDIA} differ from the manifest's list. "
            "Nothing was changed."
        )


def is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(media_root.iterdir())


def extract(*, path: Path, media_root: Path, expected: list[dict]) -> None:
    """Extract a checked archive into `media_root` (files of the same name are overwritten) and
    check every file against the manifest."""
    media_root.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(path) as tar:
            # check_archive already refused what is unsafe; the "data" filter refuses it again.
            tar.extractall(media_root, filter="data")
    except tarfile.FilterError as exc:
        raise BackupError(f"The backup is refused: {exc}.") from exc
    for entry in expected:
        if sha256_of(media_root / entry["path"]) != entry["sha256"]:
            raise BackupError(f"{entry['path']} differs from the backup after extraction.")


def empty(media_root: Path) -> None:
    """Undo an extraction into a media folder that was empty before."""
    if not media_root.is_dir():
        return
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def extra_files(media_root: Path, expected: list[dict]) -> list[str]:
    known = {entry["path"] for entry in expected}
    return sorted(
        path.relative_to(media_root).as_posix()
        for path in media_root.rglob("*")
        if path.is_file() and path.relative_to(media_root).as_posix() not in known
    )
