from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from journal.forms import LibraryFilterForm
from journal.models import Routine, RoutineStretch, Stretch, TargetArea


def landing(request: HttpRequest) -> HttpResponse:
    """What a visitor sees first: the default routine and the way into the library."""
    routine = Routine.objects.filter(is_default=True).first()
    return render(request, "journal/home.html", {"routine": routine})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return redirect(static("journal/favicon.svg"))


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET)
    stretches = Stretch.objects.public().prefetch_related("target_areas").select_related("picture")
    filters: dict[str, object] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
        if "area" in filters:
            stretches = stretches.filter(target_areas=filters["area"])
        if "kind" in filters:
            stretches = stretches.filter(kind=filters["kind"])
        if "plane" in filters:
            stretches = stretches.filter(plane=filters["plane"])

    areas = TargetArea.objects.filter(stretches__published=True).distinct()
    chosen_area = filters["area"].slug if "area" in filters else None
    context = {
        "form": form,
        "filters": filters,
        "chosen": {
            "kind": Stretch.Kind(filters["kind"]).label if "kind" in filters else None,
            "plane": Stretch.Plane(filters["plane"]).label if "plane" in filters else None,
        },
        "chips": {
            "area": filter_chips(
                request, "area", "Any area", [(a.slug, a.name) for a in areas], chosen_area
            ),
            "kind": filter_chips(
                request, "kind", "Any kind", Stretch.Kind.choices, filters.get("kind")
            ),
            "plane": filter_chips(
                request, "plane", "Any movement", Stretch.Plane.choices, filters.get("plane")
            ),
        },
        "stretches": list(stretches),
        "routines": Routine.objects.all(),
    }
    template = "journal/library.html"
    if request.htmx:
        template += "#library-results"
    response = render(request, template, context)
    # The same URL answers with a whole page or with a fragment for htmx.
    patch_vary_headers(response, ["HX-Request"])
    return response


def filter_chips(
    request: HttpRequest,
    name: str,
    any_label: str,
    options: list[tuple[str, str]],
    chosen: str | None,
) -> list[dict]:
    """One filter's links: "any" first, then each option; each keeps the other filters."""

    def url(value: str | None) -> str:
        query = request.GET.copy()
        query.pop(name, None)
        if value is not None:
            query[name] = value
        return f"?{query.urlencode()}"

    return [
        {"label": any_label, "url": url(None), "current": chosen is None},
        *(
            {"label": label, "url": url(value), "current": value == chosen}
            for value, label in options
        ),
    ]


@require_GET
def stretch_detail(request: HttpRequest, slug: str) -> HttpResponse:
    stretch = get_object_or_404(
        Stretch.objects.public()
        .select_related("picture")
        .prefetch_related("steps", "target_areas", "routines"),
        slug=slug,
    )
    return render(request, "journal/stretch_detail.html", {"stretch": stretch})


@require_GET
def routine_detail(request: HttpRequest, slug: str) -> HttpResponse:
    items = RoutineStretch.objects.select_related("stretch").prefetch_related(
        "stretch__steps", "stretch__target_areas"
    )
    routine = get_object_or_404(
        Routine.objects.prefetch_related(Prefetch("items", queryset=items)), slug=slug
    )
    return render(request, "journal/routine_detail.html", {"routine": routine})
