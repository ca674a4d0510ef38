import json

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import router
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from journal import records
from journal.figures import POSITIONS, figure_problems, side_label
from journal.models import Routine, RoutineStretch, Step, Stretch, TargetArea
from journal.widgets import FigureField, FigureWidget, preview_svg

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
        ("Figure", {"fields": ["figure"]}),
    ]

    @admin.display(description="dose")
    def dose_text(self, obj: Stretch) -> str:
        return obj.dose_text()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "figure":
            url = reverse("admin:journal_stretch_figure_preview")
            kwargs |= {"form_class": FigureField, "widget": FigureWidget(preview_url=url)}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.figure_preview))
        return [
            path("figure-preview/", preview, name="journal_stretch_figure_preview"),
            *super().get_urls(),
        ]

    def figure_preview(self, request: HttpRequest) -> JsonResponse:
        """The editor's figure drawn from the JSON it posts (`figure`, `position`), or what is
        wrong with it: the same renderer and checks as the public pages and the save."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        position = request.POST.get("position")
        if position not in POSITIONS:
            position = "held"
        try:
            figure = json.loads(request.POST.get("figure", ""))
        except json.JSONDecodeError as error:
            return JsonResponse({"problems": [f"This is not valid JSON yet: {error}."]})
        except RecursionError:
            return JsonResponse({"problems": ["This is nested too deeply to be a figure."]})
        problems = figure_problems(figure)
        if problems:
            return JsonResponse({"problems": problems})
        return JsonResponse(
            {
                "svg": preview_svg(figure, position),
                "problems": [],
                "side": side_label(figure),
                "alt": figure[position]["alt"],
            }
        )


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
