"""Stretchlog as an app on a phone: its manifest, its service worker and the offline page.

The service worker (`/sw.js`, from the site's root so that it may serve every page) is a few
lines made here: the list of files to keep on the device, with the names `{% static %}` gives
them (hashed in production), then the Workbox runtime and journal/static/journal/
service-worker.js, which does the work. Pages that belong to a person (their guided sessions)
are kept on the device under a tag that names the person without saying who they are
(`person_tag`); the service worker reads it from each page's `Stretchlog-Person` header and
forgets every other person's pages when it changes.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from journal.forms import LEG_QUESTIONS, CheckinForm
from journal.models import Routine, Stretch
from journal.rules import RED_FLAGS

PERSON_HEADER = "Stretchlog-Person"
THEME_COLOUR = "#1f5f8b"
BACKGROUND_COLOUR = "#f3f5f8"

# Loaded into the service worker in this order: each one uses the ones before it.
WORKBOX_SCRIPTS = [
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
]

# What the library, the guided session and the offline page need, kept on the device by name
# and replaced as a whole by the next release. Not plotly: the trends page is online only.
KEPT_STATIC = [
    "journal/site.css",
    "journal/favicon.svg",
    "journal/app.js",
    "journal/push.js",
    "journal/guided.js",
    "journal/timer.js",
    "journal/icons/icon-192.png",
    "vendor/workbox/workbox-window.prod.mjs",
    "vendor/idb-keyval/index.js",
    "django_htmx/htmx-2.min.js",
]


def person_tag(user: User | AnonymousUser) -> str:
    """A stable name for the signed-in person that says nothing about who they are.

    The device keeps its copies of a person's pages and waiting records under it. "" when
    nobody is signed in.
    """
    if not user.is_authenticated:
        return ""
    return salted_hmac("journal.offline.person", str(user.pk)).hexdigest()[:24]


class PersonTagMiddleware:
    """Names the person a page was made for, for the service worker (see the module)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers[PERSON_HEADER] = person_tag(user)
        return response


def clears_device(view: Callable) -> Callable:
    """When the view signs the person out, the browser forgets everything this site kept:
    cached pages, waiting records, the service worker (Clear-Site-Data)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = view(request, *args, **kwargs)
        if was_signed_in and not request.user.is_authenticated:
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapper


@require_safe
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    icon = "journal/icons/icon-{}.png"
    data = {
        "name": "Stretchlog",
        "short_name": "Stretchlog",
        "description": "A stretch library and a daily log for a sore lower back.",
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(icon.format(192)), "sizes": "192x192", "type": "image/png"},
            {"src": static(icon.format(512)), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(icon.format("maskable-512")),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Content-Type"] = "application/manifest+json"
    return response


def static_revision(path: str) -> str | None:
    """None where the URL already changes with the file (hashed names); else its digest."""
    if settings.STATIC_HASHED:
        return None
    found = finders.find(path)
    with open(found, "rb") as file:
        return hashlib.md5(file.read(), usedforsecurity=False).hexdigest()


def offline_page_html() -> str:
    # The check-in form's own questions, unbound: the device posts them as the page would.
    form = CheckinForm(user=None, today=dt.date.today(), auto_id="offline-%s")
    context = {
        "routines": Routine.objects.all(),
        "form": form,
        "soreness_scale": range(0, 11),
        "emergency": emergency_notice(),
    }
    return render_to_string("journal/offline.html", context)


def emergency_notice() -> dict:
    """What the device needs to warn at once, offline, about an answer that is an emergency:
    which answers of the check-in form are (a field and the value that means it, from the
    tiers in journal/rules.py) and the notice the advice shows for them."""
    both_legs = {both: question for question, (_, both) in LEG_QUESTIONS.items()}
    emergencies = [name for name, flag in RED_FLAGS.items() if flag.tier == "emergency"]
    answers = [(both_legs[n], "both") if n in both_legs else (n, "on") for n in emergencies]
    advice = SimpleNamespace(
        needs_clinician=True,
        is_emergency=True,
        is_urgent=False,
        clinician="emergency",
        active_flags=[],  # the page does not know which; the person has just ticked it
    )
    return {"answers": answers, "advice": advice}


def service_worker_config() -> dict:
    precache = [{"url": static(path), "revision": static_revision(path)} for path in KEPT_STATIC]
    if settings.DEBUG:
        precache.append(
            {
                "url": static("django_htmx/django-htmx.js"),
                "revision": static_revision("django_htmx/django-htmx.js"),
            }
        )
    offline_html = offline_page_html()
    offline_url = reverse("offline")
    precache.append(
        {
            "url": offline_url,
            "revision": hashlib.md5(offline_html.encode(), usedforsecurity=False).hexdigest(),
        }
    )
    stretches = Stretch.objects.public().select_related("picture")
    slugs = [stretch.slug for stretch in stretches]
    routines = list(Routine.objects.values_list("slug", flat=True))
    pages = [reverse("library")]
    pages += [reverse("stretch_detail", args=[slug]) for slug in slugs]
    pages += [reverse("routine_detail", args=[slug]) for slug in routines]
    config = {
        "precache": precache,
        "offline": offline_url,
        # Kept on the device for anyone after the first visit.
        "pages": pages,
        # Kept for the signed-in person only: they show the day's advice.
        "personal": [reverse("guided_session", args=[slug]) for slug in routines],
        # Uploaded pictures the library and stretch pages show, kept for anyone like the pages.
        # Their names change with their content, so a kept copy never goes stale.
        "pictures": sorted(
            url
            for stretch in stretches
            if stretch.picture
            for url in (stretch.picture.url(), stretch.picture.card_url())
        ),
        "personHeader": PERSON_HEADER,
        # Shown with each reminder's notification (journal/reminders/push.py).
        "icon": static("journal/icons/icon-192.png"),
        "reminders": reverse("reminders"),
    }
    digest = json.dumps(config, sort_keys=True).encode()
    config["version"] = hashlib.md5(digest, usedforsecurity=False).hexdigest()[:12]
    return config


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so that its scope is the whole site.

    `no-cache`: the browser asks again each time it looks for a new release.
    """
    config = service_worker_config()
    scripts = [static(path) for path in [*WORKBOX_SCRIPTS, "journal/service-worker.js"]]
    body = (
        "// Stretchlog's service worker: the files and pages it keeps, then the code that\n"
        "// keeps them (journal/static/journal/service-worker.js).\n"
        f"self.STRETCHLOG = {json.dumps(config, indent=1)};\n"
        f"importScripts({', '.join(json.dumps(url) for url in scripts)});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@never_cache
def offline(request: HttpRequest) -> HttpResponse:
    """What the device shows for a page it does not keep, when there is no connection.

    The same for everyone (no person's data, no form token): it is kept on the device.
    """
    return HttpResponse(offline_page_html())
