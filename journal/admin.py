import json

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from journal import editorial, pictures, records
from journal.figures import POSITIONS, figure_problems, side_label
from journal.forms import StretchEditForm
from journal.models import Routine, RoutineStretch, Stretch, StretchDraft, TargetArea
from journal.widgets import FigureField, FigureWidget, preview_svg

# People's own records: the admin never shows one of them, only how many there are.
JOURNAL_MODELS = set(records.JOURNAL_MODELS)


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


PUBLISH = "journal.publish_stretch"


@admin.register(Stretch)
class StretchAdmin(LibraryAdmin):
    """The stretch editor, with drafts, previews, publishing and history (journal/editorial.py).

    Saving a published stretch keeps the change as its draft; people see it once it is
    published. The draft is previewed on the public page's own template, at full and at phone
    width. The history lists every published version with what it changed, and brings any of
    them back in one step.
    """

    form = StretchEditForm
    change_form_template = "admin/journal/stretch/change_form.html"
    list_display = ["name", "status", "kind", "plane", "starting_position", "dose_text"]
    list_filter = ["published", "kind", "plane", "starting_position", "each_side", "target_areas"]
    search_fields = ["name", "summary", "steps__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["target_areas"]
    readonly_fields = ["current_picture"]
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
        ("Steps", {"fields": ["steps_text"]}),
        ("Help and safety", {"fields": ["props", "modifications", "cautions"]}),
        ("Figure", {"fields": ["figure"]}),
        (
            "Picture",
            {
                "description": "A photo or drawing of the stretch, shown on its page and in the "
                "library with its credits under it. Use only pictures you made, pictures under "
                "a free licence, or ones you have permission for.",
                "fields": [
                    "current_picture",
                    "picture_upload",
                    "remove_picture",
                    "picture_alt",
                    "picture_author",
                    "picture_licence",
                    "picture_source",
                ],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "figure":
            url = reverse("admin:journal_stretch_figure_preview")
            kwargs |= {"form_class": FigureField, "widget": FigureWidget(preview_url=url)}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest):
        drafts = StretchDraft.objects.filter(stretch=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_draft=Exists(drafts))

    @admin.display(description="dose")
    def dose_text(self, obj: Stretch) -> str:
        return obj.dose_text()

    @admin.display(description="status")
    def status(self, obj: Stretch) -> str:
        if not obj.published:
            return "Not published"
        return "Draft waiting" if getattr(obj, "has_draft", False) else "Published"

    @admin.display(description="current picture")
    def current_picture(self, obj: Stretch) -> str:
        if obj is None or obj.picture is None:
            return "None yet."
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="stretch-picture-thumb">',
            obj.picture.card_url(),
            obj.picture.card_width,
            obj.picture.card_height,
            obj.picture_alt,
        )

    # Saving: a published stretch's change becomes its draft; a new stretch is saved unpublished.

    def save_model(self, request, obj: Stretch, form: StretchEditForm, change: bool) -> None:
        if form.prepared_picture is not None:
            obj.picture = pictures.store(form.prepared_picture, request.user)
        if change and obj.published:
            return  # kept as a draft, in save_related
        if not change:
            obj.published = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form: StretchEditForm, formsets, change: bool) -> None:
        stretch, steps = form.instance, form.cleaned_data["steps_text"]
        if change and stretch.published:
            areas = form.cleaned_data["target_areas"]
            content = editorial.content_of(stretch, target_areas=areas, steps=steps)
            editorial.save_draft(stretch, content, request.user)
        else:
            super().save_related(request, form, formsets, change)
            editorial.write_steps(stretch, steps)

    def response_add(self, request, obj: Stretch, post_url_continue=None) -> HttpResponse:
        if "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            f"“{obj}” was added. It is not published yet: people do not see it until you "
            "publish it.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    def response_change(self, request, obj: Stretch) -> HttpResponse:
        if not obj.published:
            message = f"“{obj}” was saved. It is not published yet."
        elif StretchDraft.objects.filter(stretch=obj).exists():
            message = (
                f"Your change to “{obj}” is saved as a draft. People still see the published "
                "version: preview the draft, then publish it or discard it."
            )
        else:
            message = f"“{obj}” is the same as its published version: there is nothing to publish."
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["editorial"] = self._editorial_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _editorial_context(self, request: HttpRequest, stretch: Stretch) -> dict:
        published = Stretch.objects.filter(pk=stretch.pk, published=True).exists()
        draft = editorial.draft_of(stretch)
        return {
            "published": published,
            "draft": draft,
            "changes": editorial.draft_changes(stretch, draft) if draft and published else [],
            "can_publish": request.user.has_perm(PUBLISH),
            "can_discard": self.has_change_permission(request, stretch),
            "preview_url": self._url("preview", stretch.pk),
            "phone_url": self._url("preview_phone", stretch.pk),
            "publish_url": self._url("publish", stretch.pk),
            "discard_url": self._url("discard", stretch.pk),
            "history_url": self._url("history", stretch.pk),
        }

    # Preview, publish, discard, history and restore: staff pages of their own.

    def get_urls(self):
        view = self.admin_site.admin_view
        name = "journal_stretch_"
        return [
            path(
                "figure-preview/",
                view(require_POST(self.figure_preview)),
                name=name + "figure_preview",
            ),
            path("<int:pk>/preview/", view(self.preview_view), name=name + "preview"),
            path(
                "<int:pk>/preview/frame/",
                view(self.preview_frame_view),
                name=name + "preview_frame",
            ),
            path(
                "<int:pk>/preview/phone/",
                view(self.phone_preview_view),
                name=name + "preview_phone",
            ),
            path("<int:pk>/publish/", view(self.publish_view), name=name + "publish"),
            path("<int:pk>/discard/", view(self.discard_view), name=name + "discard"),
            path(
                "<int:pk>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=name + "restore",
            ),
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

    def _preview_links(self, pk: int) -> dict[str, str]:
        """Where the preview pages link: the editor, the phone-width page, its frame and the
        full-width preview."""
        views = {"change": "change", "phone": "preview_phone", "frame": "preview_frame"}
        return {
            f"{name}_url": self._url(view, pk)
            for name, view in (views | {"full": "preview"}).items()
        }

    def _url(self, view: str, pk: int, *args) -> str:
        return reverse(f"admin:journal_stretch_{view}", args=[pk, *args])

    def _stretch(self, request: HttpRequest, pk: int, *, change: bool = False) -> Stretch:
        stretch = Stretch.objects.filter(pk=pk).first()
        if stretch is None:
            raise Http404("No such stretch.")
        allowed = (
            self.has_change_permission(request, stretch)
            if change
            else self.has_view_permission(request, stretch)
        )
        if not allowed:
            raise PermissionDenied
        return stretch

    def _preview(self, request: HttpRequest, pk: int, *, framed: bool) -> HttpResponse:
        stretch = self._stretch(request, pk)
        stretch = Stretch.objects.prefetch_related("steps", "target_areas", "routines").get(pk=pk)
        draft = editorial.show_draft(stretch)
        context = {
            "stretch": stretch,
            "preview": {
                "draft": draft,
                "published": Stretch.objects.filter(pk=pk, published=True).exists(),
                "framed": framed,
                **self._preview_links(pk),
            },
        }
        response = render(request, "journal/stretch_detail.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The draft as its public page would show it, for staff only."""
        return self._preview(request, pk, framed=False)

    @method_decorator([xframe_options_sameorigin, csp_replace({"frame-ancestors": [SELF]})])
    def preview_frame_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The same, to be shown inside the phone-width page (framed by this site only)."""
        return self._preview(request, pk, framed=True)

    def phone_preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        stretch = self._stretch(request, pk)
        editorial.show_draft(stretch)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{stretch} at phone width",
            "opts": self.opts,
            "original": stretch,
            **self._preview_links(pk),
        }
        response = TemplateResponse(request, "admin/journal/stretch/phone_preview.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    @method_decorator(require_POST)
    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        stretch = self._stretch(request, pk, change=True)
        if not request.user.has_perm(PUBLISH):
            raise PermissionDenied
        try:
            editorial.publish(stretch, request.user)
        except editorial.CannotPublish as refused:
            self.message_user(request, f"Not published: {refused}", messages.ERROR)
        else:
            stretch.refresh_from_db()
            self.log_change(request, stretch, "Published.")
            self.message_user(
                request, f"“{stretch}” is published: people see it now.", messages.SUCCESS
            )
        return HttpResponseRedirect(self._url("change", pk))

    @method_decorator(require_POST)
    def discard_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        stretch = self._stretch(request, pk, change=True)
        if editorial.discard_draft(stretch):
            self.log_change(request, stretch, "Discarded the draft.")
            self.message_user(request, f"The draft of “{stretch}” was discarded.", messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", pk))

    def history_view(self, request, object_id, extra_context=None) -> HttpResponse:
        """Every published version of the stretch, newest first, with what each changed."""
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404("No such stretch.") from None
        stretch = self._stretch(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of “{stretch}”",
            "subtitle": None,
            "opts": self.opts,
            "original": stretch,
            "versions": editorial.history(stretch),
            "can_publish": request.user.has_perm(PUBLISH)
            and self.has_change_permission(request, stretch),
            "draft": editorial.draft_of(stretch),
            "change_url": self._url("change", pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/journal/stretch/history.html", context)

    @method_decorator(require_POST)
    def restore_view(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        """Bring back one earlier version, in one step; it becomes the newest version."""
        stretch = self._stretch(request, pk, change=True)
        if not request.user.has_perm(PUBLISH):
            raise PermissionDenied
        version = editorial.version_of(stretch, version_id)
        if version is None:
            raise Http404("No such version of this stretch.")
        try:
            editorial.restore(stretch, version, request.user)
        except editorial.CannotPublish as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            stretch.refresh_from_db()
            self.log_change(request, stretch, "Brought back an earlier version.")
            self.message_user(
                request,
                f"The earlier version of “{stretch}” is back, and people see it now. It is the "
                "newest version in the history, so this too can be undone.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("history", pk))


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
