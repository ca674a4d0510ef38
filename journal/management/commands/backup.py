from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from journal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copy the database and the uploaded pictures to PATH, one tar file, while it runs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, path: Path, **options) -> None:
        try:
            media = backup(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database and {media} media files to {path}")
