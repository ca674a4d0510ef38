from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import capfirst

from journal import records
from journal.models import Routine, RoutineStretch, Step, Stretch, TargetArea

# People's own records: the admin never shows one of them, only how many there are.
JOURNAL_MODELS = set(records.JOURNAL_MODELS)


class StepInline(admin.TabularInline):
    model = Step
    extra = 1
    ordering = ["number"]


class LibraryAdmin(admin.ModelAdmin):
    """The library's admin pages. Deleting a stretch that people have logged is refused (the
    journal protects it); Django's page would list their entries, dates included, so it says
    how many there are instead."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        private = [obj for obj in collector.protected if type(obj) in JOURNAL_MODELS]
        if private:
            protected = [
                f"{capfirst(obj._meta.verbose_name)}: {obj}"
                for obj in collector.protected
                if type(obj) not in JOURNAL_MODELS
            ]
            protected.append(
                f"{len(private)} journal record{'s' if len(private) != 1 else ''} that people "
                "logged with it (not shown: they are private)"
            )
        private_names = {model._meta.verbose_name_plural for model in JOURNAL_MODELS}
        counts = {name: n for name, n in counts.items() if name not in private_names}
        return deleted, counts, perms_needed, protected


@admin.register(Stretch)
class StretchAdmin(LibraryAdmin):
    list_display = ["name", "kind", "plane", "starting_position", "dose_text"]
    list_filter = ["kind", "plane", "starting_position", "each_side", "target_areas"]
    search_fields = ["name", "summary", "steps__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["target_areas"]
    inlines = [StepInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "source"]}),
        ("How it moves", {"fields": ["kind", "plane", "starting_position", "target_areas"]}),
        (
            "Dose",
            {
                "fields": [
                    ("hold_seconds_min", "hold_seconds_max"),
                    ("reps_min", "reps_max"),
                    "sets",
                    "each_side",
                ]
            },
        ),
        ("Help and safety", {"fields": ["props", "modifications", "cautions"]}),
    ]

    @admin.display(description="dose")
    def dose_text(self, obj: Stretch) -> str:
        return obj.dose_text()


class RoutineStretchInline(admin.TabularInline):
    model = RoutineStretch
    extra = 1
    ordering = ["position"]
    autocomplete_fields = ["stretch"]


@admin.register(Routine)
class RoutineAdmin(LibraryAdmin):
    list_display = ["name", "is_default", "how_often"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoutineStretchInline]


@admin.register(TargetArea)
class TargetAreaAdmin(LibraryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
