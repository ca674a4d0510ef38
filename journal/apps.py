from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Stretch library and journal"

    def ready(self) -> None:
        # Registers the library's stretches and steps with django-reversion.
        from journal import editorial  # noqa: F401
