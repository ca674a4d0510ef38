from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from journal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a copy made by `manage.py backup`, and put back the "
        "uploaded pictures it holds."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Don't ask first.")

    def handle(self, path: Path, yes: bool, **options) -> None:
        if not yes and input(f"Replace the database with {path}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        try:
            added = restore(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if added is None:
            self.stdout.write(
                f"Restored the database from {path}. This backup was made before pictures "
                "were kept with it: the media are as they were."
            )
        else:
            self.stdout.write(f"Restored the database and {added} missing media files from {path}")
