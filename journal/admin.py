from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from journal.models import Profile, Routine, RoutineStretch, Step, Stretch, TargetArea

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin; an account added here gets its profile at once, as at sign-up."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            Profile.objects.create(user=obj)


class StepInline(admin.TabularInline):
    model = Step
    extra = 1
    ordering = ["number"]


@admin.register(Stretch)
class StretchAdmin(admin.ModelAdmin):
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
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "how_often"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoutineStretchInline]


@admin.register(TargetArea)
class TargetAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
