class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what was (not) changed."""
