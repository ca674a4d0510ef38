"""Stretchlog as an app on a phone: its manifest, its service worker and the offline page
(what they hold is made in journal/offline.py)."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from journal.offline import (
    BACKGROUND_COLOUR,
    THEME_COLOUR,
    WORKBOX_SCRIPTS,
    offline_page_html,
    service_worker_config,
)


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
