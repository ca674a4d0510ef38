"""Stretchlog as an app on a phone: what the service worker keeps on the device, the page it
shows offline, and who a page was made for.

The service worker (`/sw.js`, journal/views/offline.py) is a few lines made from
`service_worker_config()`: the files to keep on the device, with the names `{% static %}` gives
them (hashed in production), then the Workbox runtime and journal/static/journal/
service-worker.js, which does the work. Pages that belong to a person (their guided sessions)
are kept on the device under a tag that names the person without saying who they are
(`person_tag`); the service worker reads it from each page's `Stretchlog-Person` header
(journal/middleware.py) and forgets every other person's pages when it changes.
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
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac

from journal import queries
from journal.forms import LEG_QUESTIONS, CheckinForm
from journal.rules import IMPLIES, RED_FLAGS, SCREEN_FLAGS, TIERS

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
    "journal/flags.js",
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
        "routines": queries.routines(),
        "form": form,
        "soreness_scale": range(0, 11),
        "notices": offline_notices(),
    }
    return render_to_string("journal/offline.html", context)


def red_flag_answers() -> dict:
    """What the device needs to know of red flags with no server to ask (journal/static/journal/
    flags.js): each answer of the check-in form that reports one (a field and the value that
    means it: a leg question's "one" or "both", a ticked box, a box of "anything new?") with
    the flag it reports; each flag's symptom and tier; the tiers from the least to the most
    urgent; and which flag says another too (a symptom in both legs is in one leg), so that a
    saved check-in's shape is read as the person answered it. All from journal/rules.py."""
    legs = {
        flag: (question, value)
        for question, (one, both) in LEG_QUESTIONS.items()
        for flag, value in ((one, "one"), (both, "both"))
    }
    answers = []
    for name in RED_FLAGS:
        if name in legs:
            answers.append([*legs[name], name])
        elif name in SCREEN_FLAGS:
            answers.append(["new_flags", name, name])
        else:
            answers.append([name, "on", name])
    return {
        "tiers": [tier for tier in TIERS if tier],
        "flags": {name: {"symptom": f.symptom, "tier": f.tier} for name, f in RED_FLAGS.items()},
        "answers": answers,
        "implies": IMPLIES,
    }


def offline_notices() -> list[dict]:
    """The advice's notice for each tier (templates/journal/_clinician.html), hidden,
    from the least to the most urgent: offline, the device shows the one for the gravest answer
    ticked the moment it is ticked (`red_flag_answers` says which answer is which tier)."""
    return [
        {
            "tier": tier,
            "advice": SimpleNamespace(
                needs_clinician=True,
                is_emergency=tier == "emergency",
                is_urgent=tier == "urgent",
                clinician=tier,
                active_flags=[],  # the device lists what was ticked (journal/static/journal/app.js)
            ),
        }
        for tier in TIERS
        if tier
    ]


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
    slugs, routines = queries.library_slugs()
    pictures = queries.library_pictures()
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
            url for picture in pictures for url in (picture.url(), picture.card_url())
        ),
        "personHeader": PERSON_HEADER,
        # Shown with each reminder's notification (journal/reminders/push.py).
        "icon": static("journal/icons/icon-192.png"),
        "reminders": reverse("reminders"),
    }
    digest = json.dumps(config, sort_keys=True).encode()
    config["version"] = hashlib.md5(digest, usedforsecurity=False).hexdigest()[:12]
    return config
