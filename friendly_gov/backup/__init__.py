"""Backup and restore of the portal: `manage.py backup` and `manage.py restore` (README, "Backup
and restore")."""

from .create import backup_create
from .errors import BackupError
from .restore import restore_apply, restore_check

__all__ = ["BackupError", "backup_create", "restore_apply", "restore_check"]
