"""The table behind the limits on sign-ups and password resets: django-ratelimit keeps its counts
in Django's database cache (`CACHES["limits"]` in the settings). Made here so that `migrate` is
the whole set-up; before, only `manage.py createcachetable` made it, and a site set up without
that step refused every sign-up.

It is made exactly as `createcachetable` makes it, by that command, for the database being
migrated, and left as it is where the command already made it. Its rows are counts that expire
within the hour, so going back drops the table with them."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def cache_tables() -> list[str]:
    """The tables of the database caches in the settings, as `createcachetable` finds them."""
    return [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == DATABASE_CACHE
    ]


def create_cache_tables(apps, schema_editor) -> None:
    call_command(
        "createcachetable",
        *cache_tables(),
        database=schema_editor.connection.alias,
        verbosity=0,
    )


def drop_cache_tables(apps, schema_editor) -> None:
    existing = set(schema_editor.connection.introspection.table_names())
    for table in cache_tables():
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0016_reminder_email_confirmed"),
    ]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
