from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from journal.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a copy made by `manage.py backup`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Don't ask first.")

    def handle(self, path: Path, yes: bool, **options) -> None:
        if not yes and input(f"Replace the database with {path}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        try:
            restore(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {path}")
